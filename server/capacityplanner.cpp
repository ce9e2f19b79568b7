#include "capacityplanner.h"

#include "accounts.h"
#include "apiexception.h"
#include "clock.h"
#include "database.h"
#include "requestbodies.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <memory>
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
//
// Every call that may hold a line has an end event: an admitted call its real end; a blocked
// one, should a replay admit it, the end of the duration drawn for it, placed before the
// first later arrival at or after that time. A replay is then one pass over one array.
class Replay
{
public:
    Replay(const CapacityTrace &trace, const std::vector<qint64> &holdsMs)
    {
        const auto &calls = trace.calls;
        const qint32 n = qint32(calls.size());
        const qint32 c = qint32(trace.carried.size());
        m_calls = n;
        order(trace);

        // Arrivals in order: their times, limits, and the running maximum of their times.
        std::vector<qint32> arrivalOf(static_cast<size_t>(n)); // call → its rank among the arrivals
        m_arrivalCall.reserve(size_t(n));
        for (const qint32 e : m_events)
            if (e >= 0) {
                arrivalOf[size_t(e)] = qint32(m_arrivalCall.size());
                m_arrivalCall.push_back(e);
            }
        std::vector<qint64> runningMax(static_cast<size_t>(n));
        m_limit.resize(size_t(n));
        qint64 latest = std::numeric_limits<qint64>::min();
        for (qint32 k = 0; k < n; ++k) {
            const CapacityTrace::Call &call = calls[size_t(m_arrivalCall[size_t(k)])];
            latest = std::max(latest, call.startMs);
            runningMax[size_t(k)] = latest;
            m_limit[size_t(k)] = call.limit;
        }
        // Drawn ends: before arrival rank `at` (n: after everything).
        std::vector<std::pair<qint32, qint32>> drawn; // (rank it precedes, call)
        for (qint32 i = 0; i < n; ++i) {
            const CapacityTrace::Call &call = calls[size_t(i)];
            if (!call.blocked)
                continue;
            const qint64 hold = holdsMs.empty() ? 0 : holdsMs[size_t(call.seed % holdsMs.size())];
            const qint64 end = call.startMs + hold;
            const auto from = runningMax.begin() + arrivalOf[size_t(i)] + 1;
            const qint32 at =
                qint32(std::lower_bound(from, runningMax.end(), end) - runningMax.begin());
            drawn.push_back({at, i});
        }
        std::sort(drawn.begin(), drawn.end());
        // Merge: the recorded events, with each drawn end just before its arrival, and every
        // call renumbered by its arrival, so a replay reads its arrays front to back.
        auto renumbered = [&](qint32 e) {
            return e >= 0 ? arrivalOf[size_t(e)] : ~e < n ? ~arrivalOf[size_t(~e)] : e;
        };
        std::vector<qint32> merged;
        merged.reserve(m_events.size() + drawn.size());
        size_t next = 0;
        qint32 rank = 0;
        for (const qint32 e : m_events) {
            if (e >= 0) {
                while (next < drawn.size() && drawn[next].first == rank)
                    merged.push_back(renumbered(~drawn[next++].second));
                ++rank;
            }
            merged.push_back(renumbered(e));
        }
        while (next < drawn.size())
            merged.push_back(renumbered(~drawn[next++].second));
        m_events = std::move(merged);
        m_arrivalEvent.resize(size_t(n));
        for (size_t p = 0, k = 0; p < m_events.size(); ++p)
            if (m_events[p] >= 0)
                m_arrivalEvent[k++] = qint32(p);
        m_carried = c;
        m_limit.resize(size_t(n + c), 0); // ends of carried calls read it too (branch-free)

        // Today's lines: what every other total is compared with.
        m_baseIn.assign(size_t(n + c), 1);
        m_baseActive.resize(size_t(n));
        m_slack.resize(size_t(n));
        qint64 active = c;
        qint32 k = 0;
        for (const qint32 e : m_events) {
            if (e >= 0) {
                m_baseActive[size_t(k)] = active;
                const bool in = active < m_limit[size_t(k)];
                m_baseIn[size_t(e)] = in ? 1 : 0;
                active += in ? 1 : 0;
                m_baseBlocked += in ? 0 : 1;
                const qint64 slack = std::clamp<qint64>(
                    m_limit[size_t(k)] - m_baseActive[size_t(k)], -(1 << 30), 1 << 30);
                m_slack[size_t(k)] = qint32(slack);
                if (slack <= 0)
                    m_tight.push_back({k, qint32(slack)});
                else if (slack <= kNear)
                    m_near.push_back({k, qint32(slack)});
                ++k;
            } else {
                active -= m_baseIn[size_t(~e)];
            }
        }
    }

    // How many of the window's calls are blocked when every limit is `delta` lines away from
    // the one in force. Where the replay holds the same calls as today's, it follows today's
    // pass; it replays event by event only from an arrival that the other total decides
    // differently until it holds the same calls again.
    // `in`: scratch memory, reused from one total to the next (no fresh pages each time).
    qint64 blocked(int delta, std::vector<char> &in) const
    {
        if (delta == 0)
            return m_baseBlocked;
        in.assign(m_baseIn.begin(), m_baseIn.end());
        qint64 blocked = m_baseBlocked;
        size_t tight = 0, near = 0; // where the search in m_tight / m_near stands
        qint32 k = 0;               // the next arrival (rank)
        const qint32 n = m_calls;
        while (k < n) {
            // Same calls held: the next arrival the other total decides differently, one
            // whose slack (limit − calls held, today) is in (−delta, 0] or (0, −delta].
            if (delta > 0 || -delta <= kNear) {
                const std::vector<std::pair<qint32, qint32>> &list = delta > 0 ? m_tight : m_near;
                size_t &at = delta > 0 ? tight : near;
                while (at < list.size() &&
                       (list[at].first < k ||
                        (delta > 0 ? list[at].second <= -delta : list[at].second > -delta)))
                    ++at;
                k = at < list.size() ? list[at].first : n;
            } else {
                while (k < n && !(m_slack[size_t(k)] > 0 && m_slack[size_t(k)] <= -delta))
                    ++k;
            }
            if (k >= n)
                break;
            qint64 active = m_baseActive[size_t(k)];
            qint64 differing = 0;
            // Branch-free: arrivals and ends alternate unpredictably, and a mispredicted
            // branch per event cost more than the work (measured: docs/benchmarks.md).
            const qint32 *events = m_events.data();
            const size_t count = m_events.size();
            const qint32 *limit = m_limit.data();
            const char *base = m_baseIn.data();
            char *held = in.data();
            size_t p = size_t(m_arrivalEvent[size_t(k)]);
            for (; p < count; ++p) {
                const qint32 e = events[p];
                const qint64 arrival = 1 - qint64(quint32(e) >> 31); // 1, or 0 for an end
                const size_t i = size_t(e ^ (e >> 31));              // e, or ~e for an end
                const qint64 was = held[i];
                const qint64 today = base[i];
                const qint64 admit = active < qint64(limit[i]) + delta ? 1 : 0;
                held[i] = char(was + arrival * (admit - was));
                active += arrival * admit - (1 - arrival) * was;
                blocked += arrival * (today - admit);
                differing += arrival * (admit ^ today) - (1 - arrival) * (was ^ today);
                k += qint32(arrival) * (e + 1 - k);
                if (differing == 0)
                    break;
            }
            if (p >= m_events.size())
                break;
        }
        return blocked;
    }

    // The least `delta` at which the replay blocks nothing: with every call admitted, the
    // most lines any arrival finds busy, against the limit it met.
    qint64 clearDelta() const
    {
        qint64 active = m_carried;
        qint64 need = std::numeric_limits<qint64>::min();
        qint32 k = 0;
        for (const qint32 e : m_events) {
            if (e >= 0) {
                need = std::max(need, active + 1 - m_limit[size_t(k++)]);
                ++active;
            } else {
                --active;
            }
        }
        return need;
    }

private:
    // m_events: the recorded starts (call index) and ends (~index; carried calls numbered
    // after the window's) in the order they happened.
    void order(const CapacityTrace &trace)
    {
        const auto &calls = trace.calls;
        const qint32 n = qint32(calls.size());
        struct Event
        {
            qint64 key;  // time or sequence, then 0 for ends and admitted starts, 1 blocked
            qint32 code; // >= 0: arrival of calls[code]; < 0: the end of ~code
        };
        std::vector<Event> byTime; // recorded before sequences: by time
        std::vector<Event> blockedSeq;
        std::vector<std::pair<qint64, qint32>> seqd; // (sequence, code): unique sequences
        auto add = [&](qint64 seq, qint64 ms, bool blockedStart, qint32 code) {
            if (seq < 0)
                byTime.push_back({ms * 2 + (code >= 0 ? 1 : 0), code});
            else if (blockedStart)
                blockedSeq.push_back({seq, code});
            else
                seqd.push_back({seq, code});
        };
        for (qint32 i = 0; i < n; ++i) {
            const CapacityTrace::Call &c = calls[size_t(i)];
            add(c.startSeq, c.startMs, c.blocked, i);
            if (!c.blocked && c.endMs != CapacityTrace::kOpen)
                add(c.endSeq, c.endMs, false, ~i);
        }
        for (qint32 j = 0; j < qint32(trace.carried.size()); ++j) {
            const CapacityTrace::Call &c = trace.carried[size_t(j)];
            if (c.endMs != CapacityTrace::kOpen)
                add(c.endSeq, c.endMs, false, ~(n + j));
        }
        auto byKey = [](const Event &a, const Event &b) {
            return a.key != b.key ? a.key < b.key : a.code < b.code;
        };
        std::sort(byTime.begin(), byTime.end(), byKey);
        std::stable_sort(blockedSeq.begin(), blockedSeq.end(),
                         [](const Event &a, const Event &b) { return a.key < b.key; });
        // Sequences are dense (one per start or end): placed, not sorted, when they fit.
        qint64 low = std::numeric_limits<qint64>::max(), high = -1;
        for (const auto &[seq, code] : seqd) {
            low = std::min(low, seq);
            high = std::max(high, seq);
        }
        std::vector<qint32> placed;
        bool dense = !seqd.empty() && high - low < 4 * qint64(seqd.size()) + 1024;
        if (dense) {
            placed.assign(size_t(high - low + 1), std::numeric_limits<qint32>::min());
            for (const auto &[seq, code] : seqd) {
                qint32 &slot = placed[size_t(seq - low)];
                if (slot != std::numeric_limits<qint32>::min()) {
                    dense = false; // two events with one sequence: sort instead
                    break;
                }
                slot = code;
            }
        }
        if (!dense) {
            std::sort(seqd.begin(), seqd.end());
            placed.clear();
        }
        m_events.reserve(byTime.size() + blockedSeq.size() + seqd.size());
        for (const Event &e : byTime)
            m_events.push_back(e.code);
        size_t b = 0;
        auto blockedUpTo = [&](qint64 seq) { // blocked starts that saw `seq` or less
            while (b < blockedSeq.size() && blockedSeq[b].key <= seq)
                m_events.push_back(blockedSeq[b++].code);
        };
        if (dense) {
            blockedUpTo(low - 1);
            for (qint64 s = low; s <= high; ++s) {
                const qint32 code = placed[size_t(s - low)];
                if (code != std::numeric_limits<qint32>::min())
                    m_events.push_back(code);
                blockedUpTo(s);
            }
        } else {
            for (const auto &[seq, code] : seqd) {
                blockedUpTo(seq - 1);
                m_events.push_back(code);
                blockedUpTo(seq);
            }
        }
        blockedUpTo(std::numeric_limits<qint64>::max());
    }

    qint32 m_calls = 0;
    qint32 m_carried = 0;
    // In order: an arrival (its rank) or an end (~rank; carried calls numbered after them).
    std::vector<qint32> m_events;
    std::vector<qint32> m_arrivalCall;  // arrival rank → call
    std::vector<qint32> m_arrivalEvent; // arrival rank → its position in m_events
    std::vector<int> m_limit;           // arrival rank → the limit it met
    std::vector<char> m_baseIn;         // call → admitted at today's total
    std::vector<qint64> m_baseActive;   // arrival rank → calls held when it arrived, today
    std::vector<qint32> m_slack;        // arrival rank → its limit − m_baseActive
    // Arrivals (rank, slack) another total may decide differently: blocked today (slack <= 0),
    // and admitted with at most kNear lines to spare (fewer lines may block them).
    static constexpr qint32 kNear = 8;
    std::vector<std::pair<qint32, qint32>> m_tight, m_near;
    qint64 m_baseBlocked = 0;
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

CapacityPlanner::CapacityPlanner(Database &db, Accounts &accounts, const Clock &clock,
                                 QString location)
    : m_db(db), m_accounts(accounts), m_clock(clock), m_location(std::move(location))
{
    // A plan reads a million index entries: mapped, SQLite reads them in place instead of
    // copying each page into its cache (measured: docs/benchmarks.md). Address space only.
    if (!m_db.isPostgres())
        m_db.exec(QStringLiteral("PRAGMA mmap_size = 1073741824"));
}

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

    QElapsedTimer timer;
    timer.start();
    const auto &calls = trace.calls;
    std::vector<qint32> byTime(calls.size());
    for (size_t i = 0; i < calls.size(); ++i)
        byTime[i] = qint32(i);
    const auto earlier = [&calls](qint32 a, qint32 b) {
        return calls[size_t(a)].startMs < calls[size_t(b)].startMs;
    };
    if (!std::is_sorted(byTime.begin(), byTime.end(), earlier)) // load() reads them in order
        std::stable_sort(byTime.begin(), byTime.end(), earlier);

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
    plan.linesInWindowMin = plan.linesInWindowMax = plan.currentLines;
    if (!calls.empty()) {
        const auto [least, most] =
            std::minmax_element(calls.begin(), calls.end(),
                                [](const CapacityTrace::Call &a, const CapacityTrace::Call &b) {
                                    return a.limit < b.limit;
                                });
        plan.linesInWindowMin = least->limit;
        plan.linesInWindowMax = most->limit;
    }
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

    // The busiest hour on the other core while this one orders the events for the replay.
    BusyHour bh;
    std::thread busy([&] { bh = busiestHour(trace, byTime, s.fromMs, s.toMs, meanHold); });
    const qint64 startedNs = timer.nsecsElapsed();
    const Replay replay(trace, holds);
    busy.join();
    const qint64 orderedNs = timer.nsecsElapsed() - startedNs;
    plan.busyHour.start = QDateTime::fromMSecsSinceEpoch(bh.startMs, Qt::UTC);
    plan.busyHour.end = QDateTime::fromMSecsSinceEpoch(bh.startMs + bh.lengthMs, Qt::UTC);
    plan.busyHour.attempts = bh.attempts;
    plan.busyHour.blocked = bh.blocked;
    plan.busyHour.meanHoldSeconds = bh.meanHoldSeconds;
    plan.busyHour.offeredErlangs =
        bh.lengthMs > 0 ? double(bh.attempts) * bh.meanHoldSeconds / (double(bh.lengthMs) / 1000)
                        : 0;
    plan.busyHour.carriedErlangs = bh.carriedErlangs;

    const int current = plan.currentLines;
    const qint64 clear = calls.empty() ? -qint64(current) : replay.clearDelta();
    plan.replayClearLines = int(std::clamp<qint64>(current + clear, 0, 10'000'000));
    plan.recommendedLines = erlangBLines(plan.busyHour.offeredErlangs, s.target, 10'000'000);

    const int low = std::max(1, current - 5);
    const int wanted = std::max({current, plan.recommendedLines, plan.replayClearLines, low});
    // A flood (say a dialer's million attempts in an hour) can ask for thousands of totals,
    // each a replay: the work of one plan is bounded (~300 M replayed events, at most 1,000
    // totals), and an answer cut short says so (optionsCut).
    const qint64 events = qint64(calls.size()) * 2 + 1;
    const int most = int(std::clamp<qint64>(kMaxReplayedEvents / events, 20, kMaxOptions));
    const int high = std::min(wanted, low + most - 1);
    plan.optionsCut = high < wanted;
    // Replays run on both cores; totals at or above the clear one block nothing.
    const int replayHigh = std::min(high, plan.replayClearLines - 1);
    std::vector<qint64> blocked(size_t(high - low + 1), 0);
    auto work = [&](int first, int step) {
        std::vector<char> scratch;
        for (int lines = first; lines <= replayHigh; lines += step)
            blocked[size_t(lines - low)] = replay.blocked(lines - current, scratch);
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
    qCDebug(lcPlanner).nospace() << "plan of " << calls.size() << " calls: prepared in "
                                 << startedNs / 1000000 << " ms, ordered (and busy hour) in "
                                 << orderedNs / 1000000 << " ms, " << plan.options.size()
                                 << " options in "
                                 << (timer.nsecsElapsed() - orderedNs - startedNs) / 1000000
                                 << " ms";
    return plan;
}

namespace {

// The calls of one subscription that arrived in [fromMs, toMs), in time order, appended.
void readCalls(Database &db, const QString &subscriptionId, qint64 fromMs, qint64 toMs,
               std::vector<CapacityTrace::Call> &out)
{
    // From call_subscription_created alone (the id is its last column). NULLs come as -1 (no
    // time or sequence is negative): one call into SQLite per value.
    auto q = db.statement(
        "SELECT created_at, coalesce(ended_at, -1), blocked, limit_at_start,"
        " coalesce(start_seq, -1), coalesce(end_seq, -1), CASE WHEN blocked = 1 THEN id END"
        " FROM call WHERE subscription_id = ?1 AND created_at >= ?2 AND created_at < ?3"
        " ORDER BY created_at");
    q.bind(1, subscriptionId).bind(2, fromMs).bind(3, toMs);
    while (q.step()) {
        CapacityTrace::Call c;
        c.startMs = q.int64(0);
        const qint64 ended = q.int64(1);
        c.blocked = q.int64(2) != 0;
        c.limit = q.integer(3);
        c.startSeq = q.int64(4);
        c.endSeq = q.int64(5);
        if (c.blocked) {
            c.endMs = c.startMs;
            c.seed = CapacityTrace::seedOf(q.text(6));
        } else {
            c.endMs = ended < 0 ? CapacityTrace::kOpen : ended;
        }
        out.push_back(c);
    }
}

} // namespace

CapacityTrace CapacityPlanner::load(const QString &subscriptionId, qint64 fromMs, qint64 toMs)
{
    CapacityTrace trace;
    if (m_location.isEmpty() || toMs - fromMs < kSplitLoadMs) {
        readCalls(m_db, subscriptionId, fromMs, toMs, trace.calls);
    } else {
        // A long window is read in two halves at once, the later one on a connection of its
        // own (SQLite: another reader of the same file; PostgreSQL: another backend).
        const qint64 middle = fromMs + (toMs - fromMs) / 2;
        std::vector<CapacityTrace::Call> later;
        std::exception_ptr failed;
        std::thread reader([&] {
            try {
                const std::unique_ptr<Database> db = Database::open(m_location);
                if (!db->isPostgres())
                    db->exec(QStringLiteral("PRAGMA mmap_size = 1073741824"));
                readCalls(*db, subscriptionId, middle, toMs, later);
            } catch (...) {
                failed = std::current_exception();
            }
        });
        try {
            readCalls(m_db, subscriptionId, fromMs, middle, trace.calls);
        } catch (...) {
            reader.join();
            throw;
        }
        reader.join();
        if (failed)
            std::rethrow_exception(failed);
        trace.calls.insert(trace.calls.end(), later.begin(), later.end());
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
    QElapsedTimer timer;
    timer.start();
    const CapacityTrace trace = load(subscriptionId, s.fromMs, s.toMs);
    qCDebug(lcPlanner).nospace() << "read " << trace.calls.size() << " calls in " << timer.elapsed()
                                 << " ms";
    return compute(trace, s);
}

} // namespace linedesk::server
