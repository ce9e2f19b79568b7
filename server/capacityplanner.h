#pragma once

#include "caller.h"
#include "capacityplan.h"
#include "requestbodies.h"

#include <QString>

#include <limits>
#include <vector>

namespace linedesk::server {

class Accounts;
class Clock;
class Database;

// A subscription's call attempts as the capacity planner needs them: the window's arrivals,
// and the calls admitted before it that still held a line when it began.
struct CapacityTrace
{
    static constexpr qint64 kOpen = std::numeric_limits<qint64>::max(); // still in progress

    struct Call
    {
        qint64 startMs = 0;
        qint64 endMs = kOpen; // admitted: its end (kOpen while in progress); blocked: unused
        qint64 startSeq = -1; // the subscription's activity sequence at its start (-1: unknown)
        qint64 endSeq = -1;   // ... after its end (-1: unknown, or not ended)
        int limit = 0;        // the lines in force when it arrived
        bool blocked = false;
        quint64 seed = 0; // blocked calls: from the call's id (drawnHoldIndex)
    };
    std::vector<Call> calls;   // arrived in [from, to)
    std::vector<Call> carried; // admitted before `from`, still holding a line at `from`
    // Durations of admitted calls before the window: drawn from only if the window has none.
    std::vector<qint64> earlierHoldsMs;

    static quint64 seedOf(const QString &callId); // FNV-1a of the id's UTF-8, mixed
};

// GET /subscription/{id}/capacity-plan: Erlang B over the busiest hour, and a replay of the
// window's real call attempts against other totals of lines.
class CapacityPlanner
{
public:
    // `location` (the database's, as Database::open takes it): if given, a long window is
    // read over two connections at once.
    CapacityPlanner(Database &db, Accounts &accounts, const Clock &clock, QString location = {});

    static constexpr qint64 kMaxWindowMs = 90LL * 24 * 3600 * 1000; // the history kept
    static constexpr qint64 kDefaultWindowMs = 7LL * 24 * 3600 * 1000;
    // Calls longer than this that began before the window and overlap it are not seen.
    static constexpr qint64 kCarryLookbackMs = 24LL * 3600 * 1000;
    static constexpr int kMaxOptions = 1000;
    static constexpr qint64 kMaxReplayedEvents = 300'000'000;
    static constexpr qint64 kSplitLoadMs = 2LL * 24 * 3600 * 1000; // read in halves from 2 days

    using Query = CapacityPlanParameters; // as given (empty: the default)
    // Throws ApiException: 400 for bad input, 404 for a subscription the caller may not see.
    CapacityPlan plan(const Caller &caller, const QString &subscriptionId, const Query &query);

    // Reads the trace of [fromMs, toMs) from the database.
    CapacityTrace load(const QString &subscriptionId, qint64 fromMs, qint64 toMs);

    struct Settings
    {
        QString subscriptionId;
        qint64 fromMs = 0;
        qint64 toMs = 0;
        double target = 0.01;
        int includedLines = 0;
        int purchasedLines = 0;
        qint64 linePriceCents = 0;
    };
    // The plan itself, from a trace: pure, no database.
    static CapacityPlan compute(const CapacityTrace &trace, const Settings &settings);

private:
    Database &m_db;
    Accounts &m_accounts;
    const Clock &m_clock;
    QString m_location;
};

} // namespace linedesk::server
