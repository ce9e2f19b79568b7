#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace linedesk::server {

class Database;

// A stretch of time with one subscription's use: the most calls active at once, the
// time-weighted average (in thousandths), the count at its end, the blocked attempts and
// the limit in force at its end.
struct UsageSegment
{
    qint64 startSec = 0;
    qint64 durationSec = 1;
    int maxActive = 0;
    int minActive = 0; // the fewest at the end of any second in it
    qint64 avgActiveMilli = 0;
    int lastActive = 0;
    int blocked = 0;
    int limit = 0;
};

// Per-subscription concurrency history: one row per second in which something happened
// (kept 48 hours), rolled up per minute (kept 90 days). A second without a row repeats the
// last known count and limit.
class History
{
public:
    explicit History(Database &db) : m_db(db) {}

    static constexpr qint64 kSecondsKeptSec = 48 * 3600;
    static constexpr qint64 kMinutesKeptSec = 90LL * 24 * 3600;

    // Inside the caller's transaction: a change from activeBefore to activeAfter calls at
    // nowMs, with blockedDelta blocked attempts, under `limit`.
    void record(const QString &subscriptionId, qint64 nowMs, int activeBefore, int activeAfter,
                int blockedDelta, int limit);

    // Every second (or minute, where seconds were rolled up) of [fromSec, toSec), gaps
    // filled with the value carried from before. Segments are in time order.
    QList<UsageSegment> usage(const QString &subscriptionId, qint64 fromSec, qint64 toSec);

    // Aggregates usage into buckets of `stepSec` seconds starting at fromSec.
    static QList<UsageSegment> bucket(const QList<UsageSegment> &usage, qint64 fromSec,
                                      qint64 toSec, qint64 stepSec);

    // Rolls seconds older than 48 hours into minutes and forgets minutes older than 90 days.
    // Returns the number of second rows rolled up.
    int rollUp(qint64 nowMs);

private:
    Database &m_db;
};

} // namespace linedesk::server
