#include "capacityplanner.h"

#include "accounts.h"
#include "apiexception.h"
#include "clock.h"
#include "database.h"
#include "requestbodies.h"

#include <QLoggingCategory>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <thread>

Q_LOGGING_CATEGORY(lcPlanner, "linedesk.server.planner", QtInfoMsg)

namespace linedesk::server {

quint64 CapacityTrace::seedOf(const QString &callId)
{
    quint64 h = 14695981039346656037ULL; // FNV-1a
    for (const char c : callId.toUtf8()) {
        h ^= quint8(c);
        h *= 1099511628211ULL;
    }
    // splitmix64's finaliser: FNV's low bits alone are poorly spread for a modulo.
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

namespace {

[[noreturn]] void badRequest(const QString &code, const QString &message)
{
    throw ApiException(400, code, message);
}

// The window's starts and ends in the order they happened, ready to be replayed against any
// number of lines. Events carrying the subscription's activity sequence (recorded since
// schema version 7, under the subscription's lock) are ordered by it: exact even within one
// millisecond and across instances. Older ones are ordered by time, ends before starts in
// the same millisecond; they all happened before any sequenced one.
class Replay
{
public:
    Replay(const CapacityTrace &trace, const std::vector<qint64> &holdsMs)
    {
        const auto &calls = trace.calls;
        m_carried = int(trace.carried.size());
        struct Event
        {
            qint64 major; // group (0: by time, 1: by sequence) in the top bit, then time or seq
            qint64 minor; // what else orders it: 0 ends and admitted starts, 1 blocked starts
            qint64 at;
            qint32 code; // >= 0: arrival of calls[code]; < 0: the end of ~code
        };
        std::vector<Event> events;
        events.reserve(calls.size() * 2 + trace.carried.size());
        constexpr qint64 kSequenced = qint64(1) << 62;
        const qint32 n = qint32(calls.size());
        for (qint32 i = 0; i < n; ++i) {
            const CapacityTrace::Call &c = calls[size_t(i)];
            if (c.startSeq >= 0)
                events.push_back({kSequenced | c.startSeq, c.blocked ? 1 : 0, c.startMs, i});
            else
                events.push_back({c.startMs, 1, 0, i});
            if (!c.blocked && c.endMs != CapacityTrace::kOpen) {
                if (c.endSeq >= 0)
                    events.push_back({kSequenced | c.endSeq, 0, c.endMs, ~i});
                else
                    events.push_back({c.endMs, 0, 0, ~i});
            }
        }
        for (qint32 j = 0; j < m_carried; ++j) {
            const CapacityTrace::Call &c = trace.carried[size_t(j)];
            if (c.endMs == CapacityTrace::kOpen)
                continue;
            const qint32 code = ~(n + j);
            if (c.endSeq >= 0)
                events.push_back({kSequenced | c.endSeq, 0, c.endMs, code});
            else
                events.push_back({c.endMs, 0, 0, code});
        }
        std::sort(events.begin(), events.end(), [](const Event &a, const Event &b) {
            if (a.major != b.major)
                return a.major < b.major;
            if (a.minor != b.minor)
                return a.minor < b.minor;
            if (a.at != b.at)
                return a.at < b.at;
            return a.code < b.code;
        });

        // Calls renumbered in the order they arrive, so the replay reads its arrays in order.
        std::vector<qint32> order(size_t(n), -1);
        qint32 next = 0;
        for (const Event &e : events)
            if (e.code >= 0)
                order[size_t(e.code)] = next++;
        m_startMs.resize(size_t(n));
        m_limit.resize(size_t(n));
        m_drawnEndMs.resize(size_t(n));
        for (qint32 i = 0; i < n; ++i) {
            const CapacityTrace::Call &c = calls[size_t(i)];
            const size_t k = size_t(order[size_t(i)]);
            m_startMs[k] = c.startMs;
            m_limit[k] = c.limit;
            // A blocked call, admitted by a replay, holds a line as long as one of the
            // window's admitted calls did, chosen by its id: the same in every replay.
            m_drawnEndMs[k] = !c.blocked ? -1
                              : holdsMs.empty()
                                  ? c.startMs
                                  : c.startMs + holdsMs[size_t(c.seed % holdsMs.size())];
        }
        m_events.reserve(events.size());
        for (const Event &e : events) {
            if (e.code >= 0)
                m_events.push_back(order[size_t(e.code)]);
            else if (~e.code < n)
                m_events.push_back(~order[size_t(~e.code)]);
            else
                m_events.push_back(e.code); // a carried call: numbered after the calls
        }
        m_calls = n;
    }

    // How many of the window's calls are blocked when every limit is `delta` lines away from
    // the one in force.
    qint64 blocked(int delta) const
    {
        std::vector<char> in(size_t(m_calls), 0);
        std::priority_queue<qint64, std::vector<qint64>, std::greater<>> drawnEnds;
        qint64 active = m_carried;
        qint64 blocked = 0;
        for (const qint32 e : m_events) {
            if (e >= 0) {
                const qint64 t = m_startMs[size_t(e)];
                while (!drawnEnds.empty() && drawnEnds.top() <= t) {
                    drawnEnds.pop();
                    --active;
                }
                if (active < qint64(m_limit[size_t(e)]) + delta) {
                    in[size_t(e)] = 1;
                    ++active;
                    if (m_drawnEndMs[size_t(e)] >= 0)
                        drawnEnds.push(m_drawnEndMs[size_t(e)]);
                } else {
                    ++blocked;
                }
            } else {
                const qint32 j = ~e;
                if (j >= m_calls || in[size_t(j)])
                    --active;
            }
        }
        return blocked;
    }

    // The least `delta` at which the replay blocks nothing: with every call admitted, the
    // most lines any arrival finds busy, against the limit it met.
    qint64 clearDelta() const
    {
        std::priority_queue<qint64, std::vector<qint64>, std::greater<>> drawnEnds;
        qint64 active = m_carried;
        qint64 need = std::numeric_limits<qint64>::min();
        for (const qint32 e : m_events) {
            if (e >= 0) {
                const qint64 t = m_startMs[size_t(e)];
                while (!drawnEnds.empty() && drawnEnds.top() <= t) {
                    drawnEnds.pop();
                    --active;
                }
                need = std::max(need, active + 1 - m_limit[size_t(e)]);
                ++active;
                if (m_drawnEndMs[size_t(e)] >= 0)
                    drawnEnds.push(m_drawnEndMs[size_t(e)]);
            } else {
                --active;
            }
        }
        return need;
    }

private:
    qint32 m_calls = 0;
    int m_carried = 0;
    std::vector<qint32> m_events;
    std::vector<qint64> m_startMs;
    std::vector<int> m_limit;
    std::vector<qint64> m_drawnEndMs; // -1: admitted in fact (its real end is an event)
};

struct BusyHour
{
    qint64 startMs = 0;
    qint64 lengthMs = 0;
    qint64 attempts = 0;
    qint64 blocked = 0;
    double meanHoldSeconds = 0;
    double carriedErlangs = 0;
};

// The 60 minutes (or the whole window, if shorter) with the most arrivals: earliest on ties.
BusyHour busiestHour(const CapacityTrace &trace, const std::vector<qint32> &byTime, qint64 fromMs,
                     qint64 toMs, double windowMeanHoldSeconds)
{
    const auto &calls = trace.calls;
    BusyHour bh;
    bh.lengthMs = std::min<qint64>(3600 * 1000, toMs - fromMs);
    bh.startMs = toMs - bh.lengthMs;
    // Two pointers: candidate starts (each arrival, kept inside the window) only grow.
    size_t lo = 0, hi = 0;
    for (size_t i = 0; i < byTime.size(); ++i) {
        const qint64 s = std::clamp(calls[size_t(byTime[i])].startMs, fromMs, toMs - bh.lengthMs);
        while (lo < byTime.size() && calls[size_t(byTime[lo])].startMs < s)
            ++lo;
        hi = std::max(hi, lo);
        while (hi < byTime.size() && calls[size_t(byTime[hi])].startMs < s + bh.lengthMs)
            ++hi;
        if (qint64(hi - lo) > bh.attempts) {
            bh.attempts = qint64(hi - lo);
            bh.startMs = s;
        }
    }
    const qint64 endMs = bh.startMs + bh.lengthMs;
    qint64 held = 0, ended = 0;
    double occupiedMs = 0;
    auto occupy = [&](const CapacityTrace::Call &c) {
        const qint64 end = std::min(c.endMs, toMs);
        const qint64 overlap = std::min(end, endMs) - std::max(c.startMs, bh.startMs);
        if (overlap > 0)
            occupiedMs += double(overlap);
    };
    for (const CapacityTrace::Call &c : calls) {
        const bool inside = c.startMs >= bh.startMs && c.startMs < endMs;
        if (c.blocked) {
            bh.blocked += inside ? 1 : 0;
            continue;
        }
        occupy(c);
        if (inside && c.endMs != CapacityTrace::kOpen) {
            held += c.endMs - c.startMs;
            ++ended;
        }
    }
    for (const CapacityTrace::Call &c : trace.carried)
        occupy(c);
    bh.meanHoldSeconds = ended > 0 ? double(held) / double(ended) / 1000.0 : windowMeanHoldSeconds;
    bh.carriedErlangs = bh.lengthMs > 0 ? occupiedMs / double(bh.lengthMs) : 0;
    return bh;
}

} // namespace

CapacityPlan CapacityPlanner::compute(const CapacityTrace &trace, const Settings &s)
{
    CapacityPlan plan;
    plan.subscriptionId = s.subscriptionId;
    plan.from = QDateTime::fromMSecsSinceEpoch(s.fromMs, Qt::UTC);
    plan.to = QDateTime::fromMSecsSinceEpoch(s.toMs, Qt::UTC);
    plan.target = s.target;
    plan.includedLines = s.includedLines;
    plan.purchasedLines = s.purchasedLines;
    plan.currentLines = s.includedLines + s.purchasedLines;
    plan.linePriceCents = s.linePriceCents;

    const auto &calls = trace.calls;
    std::vector<qint32> byTime(calls.size());
    for (size_t i = 0; i < calls.size(); ++i)
        byTime[i] = qint32(i);
    std::stable_sort(byTime.begin(), byTime.end(), [&calls](qint32 a, qint32 b) {
        return calls[size_t(a)].startMs < calls[size_t(b)].startMs;
    });

    // What a blocked call would have held: the window's admitted calls that ended, in the
    // order they arrived (or, if it has none, the ones before it).
    std::vector<qint64> holds;
    for (const qint32 i : byTime) {
        const CapacityTrace::Call &c = calls[size_t(i)];
        plan.attempts += 1;
        plan.blocked += c.blocked ? 1 : 0;
        if (!c.blocked && c.endMs != CapacityTrace::kOpen)
            holds.push_back(std::max<qint64>(0, c.endMs - c.startMs));
    }
    plan.currentBlockedCalls = plan.blocked;
    if (holds.empty())
        holds = trace.earlierHoldsMs;
    plan.admittedSamples = qint64(holds.size());
    double meanHold = 0;
    if (!holds.empty()) {
        qint64 sum = 0;
        for (const qint64 h : holds)
            sum += h;
        meanHold = double(sum) / double(holds.size()) / 1000.0;
    }

    const BusyHour bh = busiestHour(trace, byTime, s.fromMs, s.toMs, meanHold);
    plan.busyHour.start = QDateTime::fromMSecsSinceEpoch(bh.startMs, Qt::UTC);
    plan.busyHour.end = QDateTime::fromMSecsSinceEpoch(bh.startMs + bh.lengthMs, Qt::UTC);
    plan.busyHour.attempts = bh.attempts;
    plan.busyHour.blocked = bh.blocked;
    plan.busyHour.meanHoldSeconds = bh.meanHoldSeconds;
    plan.busyHour.offeredErlangs =
        bh.lengthMs > 0 ? double(bh.attempts) * bh.meanHoldSeconds / (double(bh.lengthMs) / 1000)
                        : 0;
    plan.busyHour.carriedErlangs = bh.carriedErlangs;

    const Replay replay(trace, holds);
    const int current = plan.currentLines;
    const qint64 clear = calls.empty() ? -qint64(current) : replay.clearDelta();
    plan.replayClearLines = int(std::clamp<qint64>(current + clear, 0, 10'000'000));
    plan.recommendedLines = erlangBLines(plan.busyHour.offeredErlangs, s.target, 10'000'000);

    const int low = std::max(1, current - 5);
    const int high = std::max({current, plan.recommendedLines, plan.replayClearLines, low});
    // Replays run on both cores; totals at or above the clear one block nothing.
    const int replayHigh = std::min(high, plan.replayClearLines - 1);
    std::vector<qint64> blocked(size_t(high - low + 1), 0);
    auto work = [&](int first, int step) {
        for (int lines = first; lines <= replayHigh; lines += step)
            blocked[size_t(lines - low)] = replay.blocked(lines - current);
    };
    if (replayHigh - low >= 2) {
        std::thread other(work, low + 1, 2);
        work(low, 2);
        other.join();
    } else {
        work(low, 1);
    }
    double b = erlangB(plan.busyHour.offeredErlangs, low - 1);
    for (int lines = low; lines <= high; ++lines) {
        // B(E, m) from B(E, m − 1): the recursion continued, not restarted per option.
        const double e = plan.busyHour.offeredErlangs;
        b = e > 0 ? e * b / (lines + e * b) : 0;
        CapacityPlan::Option o;
        o.lines = lines;
        o.purchased = std::max(0, lines - s.includedLines);
        o.monthlyChargeCents = qint64(o.purchased) * s.linePriceCents;
        o.erlangBBlocking = b;
        o.replayBlockedCalls = blocked[size_t(lines - low)];
        plan.options << o;
    }
    return plan;
}

CapacityTrace CapacityPlanner::load(const QString &subscriptionId, qint64 fromMs, qint64 toMs)
{
    CapacityTrace trace;
    {
        auto q = m_db.statement(
            "SELECT created_at, ended_at, blocked, limit_at_start, start_seq, end_seq,"
            " CASE WHEN blocked = 1 THEN id END FROM call WHERE subscription_id = ?1"
            " AND created_at >= ?2 AND created_at < ?3 ORDER BY created_at");
        q.bind(1, subscriptionId).bind(2, fromMs).bind(3, toMs);
        while (q.step()) {
            CapacityTrace::Call c;
            c.startMs = q.int64(0);
            c.blocked = q.int64(2) != 0;
            c.endMs = c.blocked || q.isNull(1) ? CapacityTrace::kOpen : q.int64(1);
            c.limit = q.integer(3);
            c.startSeq = q.isNull(4) ? -1 : q.int64(4);
            c.endSeq = q.isNull(5) ? -1 : q.int64(5);
            if (c.blocked) {
                c.endMs = c.startMs;
                c.seed = CapacityTrace::seedOf(q.text(6));
            }
            trace.calls.push_back(c);
        }
    }
    {
        // Calls admitted before the window that still held a line when it began.
        auto q = m_db.statement(
            "SELECT created_at, ended_at, start_seq, end_seq FROM call WHERE subscription_id = ?1"
            " AND created_at >= ?2 AND created_at < ?3 AND blocked = 0"
            " AND (ended_at IS NULL OR ended_at > ?3)");
        q.bind(1, subscriptionId).bind(2, fromMs - kCarryLookbackMs).bind(3, fromMs);
        while (q.step()) {
            CapacityTrace::Call c;
            c.startMs = q.int64(0);
            c.endMs = q.isNull(1) ? CapacityTrace::kOpen : q.int64(1);
            c.startSeq = q.isNull(2) ? -1 : q.int64(2);
            c.endSeq = q.isNull(3) ? -1 : q.int64(3);
            trace.carried.push_back(c);
        }
    }
    bool anyHold = false;
    for (const CapacityTrace::Call &c : trace.calls)
        if (!c.blocked && c.endMs != CapacityTrace::kOpen) {
            anyHold = true;
            break;
        }
    if (!anyHold) {
        auto q = m_db.statement("SELECT created_at, ended_at FROM call WHERE subscription_id = ?1"
                                " AND created_at < ?2 AND blocked = 0 AND ended_at IS NOT NULL"
                                " ORDER BY created_at DESC LIMIT 1000");
        q.bind(1, subscriptionId).bind(2, fromMs);
        while (q.step())
            trace.earlierHoldsMs.push_back(std::max<qint64>(0, q.int64(1) - q.int64(0)));
        std::reverse(trace.earlierHoldsMs.begin(), trace.earlierHoldsMs.end());
    }
    return trace;
}

CapacityPlan CapacityPlanner::plan(const Caller &caller, const QString &subscriptionId,
                                   const Query &query)
{
    if (m_accounts.accessTo(caller, subscriptionId) == Access::None)
        throw ApiException(
            404, QStringLiteral("subscription-not-found"),
            QStringLiteral("No subscription with id %1.").arg(subscriptionId.left(100)));

    Settings s;
    s.subscriptionId = subscriptionId;
    if (!query.target.isEmpty()) {
        bool ok = false;
        s.target = query.target.toDouble(&ok);
        if (!ok || !std::isfinite(s.target) || s.target <= 0 || s.target >= 1)
            badRequest(
                QStringLiteral("invalid-target"),
                QStringLiteral("target must be a number strictly between 0 and 1: the share "
                               "of calls you accept being blocked (0.01 for 1 %); got \"%1\".")
                    .arg(query.target.left(50)));
    }
    auto time = [](const QString &name, const QString &text) {
        const std::optional<QDateTime> t = parseApiTime(text);
        if (!t)
            badRequest(QStringLiteral("invalid-window"),
                       QStringLiteral("%1 must be an ISO-8601 time such as 2026-11-23T09:00:00Z; "
                                      "got \"%2\".")
                           .arg(name, text.left(50)));
        return t->toMSecsSinceEpoch();
    };
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    const qint64 toMs = query.to.isEmpty() ? nowMs : time(QStringLiteral("to"), query.to);
    const qint64 fromMs =
        query.from.isEmpty() ? toMs - kDefaultWindowMs : time(QStringLiteral("from"), query.from);
    if (fromMs >= toMs)
        badRequest(QStringLiteral("invalid-window"), QStringLiteral("from must be before to."));
    if (toMs - fromMs > kMaxWindowMs)
        badRequest(QStringLiteral("window-too-long"),
                   QStringLiteral("The window is longer than the 90 days of history kept; ask for "
                                  "90 days or less."));
    if (fromMs >= nowMs)
        badRequest(QStringLiteral("invalid-window"),
                   QStringLiteral("The window starts in the future: there are no calls to plan "
                                  "from yet."));
    s.fromMs = fromMs;
    s.toMs = std::min(toMs, nowMs); // nothing has happened after now

    {
        auto q = m_db.statement("SELECT included_lines, purchased_lines FROM subscription"
                                " WHERE id = ?1");
        q.bind(1, subscriptionId);
        if (!q.step())
            throw ApiException(
                404, QStringLiteral("subscription-not-found"),
                QStringLiteral("No subscription with id %1.").arg(subscriptionId.left(100)));
        s.includedLines = q.integer(0);
        s.purchasedLines = q.integer(1);
    }
    {
        auto q =
            m_db.statement("SELECT price_cents FROM catalogue_item WHERE id = 'concurrency-line'");
        if (q.step())
            s.linePriceCents = q.int64(0);
    }
    const CapacityTrace trace = load(subscriptionId, s.fromMs, s.toMs);
    return compute(trace, s);
}

} // namespace linedesk::server
