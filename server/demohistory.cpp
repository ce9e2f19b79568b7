#include "demohistory.h"

#include "apiexception.h"
#include "call.h"
#include "database.h"
#include "history.h"

#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <queue>
#include <vector>

namespace linedesk::server {

namespace {

// Any constant: the same week of calls for the same `now`, so tests and screenshots are
// stable. Each subscription draws from its own stream (the constant plus its position).
constexpr quint32 kSeed = 20261113;

constexpr qint64 kHourMs = 3600 * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;

// The share of the peak by local hour (linear between the hours' middles): quiet nights, a
// morning ramp, a dip at lunch, a tail into the evening.
constexpr double kHourly[24] = {0.03, 0.03, 0.03, 0.03, 0.03, 0.04, 0.08, 0.25,
                                0.6,  0.92, 1.0,  1.0,  0.8,  0.9,  1.0,  1.0,
                                0.85, 0.55, 0.3,  0.18, 0.12, 0.08, 0.05, 0.04};
// By day of the week, Monday first: weekends are quiet.
constexpr double kDaily[7] = {1.05, 1.0, 1.0, 0.97, 0.9, 0.3, 0.2};
// Each day also varies a little (lognormal, σ 5 %, kept within ±15 %).
constexpr double kDayJitterSigma = 0.05;
constexpr double kDayJitterMax = 1.15;
// The highest level the profile reaches: the bound of the thinning below.
constexpr double kMaxLevel = 1.0 * 1.05 * kDayJitterMax;

// Holding times: lognormal (σ 0.6: most calls a few minutes, a few long ones).
constexpr double kHoldSigma = 0.6;
constexpr qint64 kMinHoldMs = 5'000;
constexpr qint64 kMaxHoldMs = 40 * 60'000;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Box–Muller, not std::normal_distribution, whose algorithm differs between standard
// libraries: the same draws from the same stream everywhere.
double normal(QRandomGenerator &rng)
{
    const double u1 = 1.0 - rng.generateDouble(); // (0, 1]
    const double u2 = rng.generateDouble();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double exponential(QRandomGenerator &rng)
{
    return -std::log(1.0 - rng.generateDouble());
}

// A random (version 4) UUID, as Accounts::newId() makes, but from the seeded stream.
QString uuid(QRandomGenerator &rng)
{
    quint32 words[4];
    rng.fillRange(words);
    QByteArray bytes(reinterpret_cast<const char *>(words), sizeof words);
    bytes[6] = char((quint8(bytes[6]) & 0x0f) | 0x40); // version 4
    bytes[8] = char((quint8(bytes[8]) & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

// How busy a subscription is at a moment, as a share of its peak, in its own time zone.
class DailyProfile
{
public:
    DailyProfile(int utcOffsetHours, qint64 fromMs, qint64 toMs, QRandomGenerator &rng)
        : m_offsetMs(utcOffsetHours * kHourMs), m_firstDay(floorDiv(fromMs + m_offsetMs, kDayMs))
    {
        const qint64 lastDay = floorDiv(toMs + m_offsetMs, kDayMs);
        for (qint64 day = m_firstDay; day <= lastDay; ++day)
            m_dayFactor.push_back(std::clamp(std::exp(kDayJitterSigma * normal(rng)),
                                             1.0 / kDayJitterMax, kDayJitterMax));
    }

    double level(qint64 ms) const
    {
        const qint64 local = ms + m_offsetMs;
        const qint64 day = floorDiv(local, kDayMs);
        const double hour = double(local - day * kDayMs) / double(kHourMs) - 0.5;
        const int h = int(std::floor(hour));
        const double f = hour - h;
        const double hourly = kHourly[(h + 24) % 24] * (1 - f) + kHourly[(h + 25) % 24] * f;
        const int weekday = int(((day + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday
        return hourly * kDaily[weekday] * m_dayFactor[size_t(day - m_firstDay)];
    }

private:
    qint64 m_offsetMs;
    qint64 m_firstDay;
    std::vector<double> m_dayFactor;
};

const char *const kCallTypes[3] = {"inboundPhoneCall", "outboundPhoneCall", "webCall"};

// Calls are written kCallBatch rows to a statement of kCallColumns parameters each.
constexpr size_t kCallBatch = 64;
constexpr int kCallColumns = 15;

QByteArray callInsert(size_t rows)
{
    QByteArray sql("INSERT INTO call (id, subscription_id, org_id, created_by, type, status,"
                   " created_at, ended_at, ended_reason, last_heartbeat_at, lease_expires_at,"
                   " blocked, limit_at_start, remaining_at_start, details, start_seq, end_seq,"
                   " updated_at) VALUES ");
    for (size_t r = 0; r < rows; ++r) {
        const int p = int(r) * kCallColumns;
        auto at = [p](int column) { return "?" + QByteArray::number(p + column); };
        sql += (r > 0 ? ", (" : "(") + at(1) + ", " + at(2) + ", " + at(3) + ", " + at(4) + ", " +
               at(5) + ", 'ended', " + at(6) + ", " + at(7) + ", " + at(8) + ", " + at(9) + ", " +
               at(10) + ", " + at(11) + ", " + at(12) + ", " + at(13) + ", '{}', " + at(14) + ", " +
               at(15) + ", " + at(7) + ")"; // updated at its end
    }
    return sql;
}

// One subscription's week, replayed in time order as the service would have lived it: starts
// and ends under the lines in force, the activity sequence, the concurrency history.
class Week
{
public:
    Week(Database &db, History &history, const DemoCallHistory::Subscription &s, qint64 fromMs,
         qint64 nowMs, qint64 leaseMs)
        : m_db(db), m_history(history), m_s(s), m_fromMs(fromMs), m_nowMs(nowMs),
          m_leaseMs(leaseMs), m_heartbeatMs(std::clamp<qint64>(leaseMs / 3, 200, 60'000))
    {
        loadLimits();
    }

    DemoCallHistory::Summary run(QRandomGenerator &rng);

private:
    struct Admitted
    {
        QString id;
        int org = 0;
        int type = 0;
        qint64 startMs = 0;
        qint64 endMs = 0;
        int limit = 0;
        int remaining = 0;
        qint64 startSeq = 0;
    };
    struct LimitChange
    {
        qint64 at = 0;
        int limit = 0;
    };

    void loadLimits();
    // Ends and line changes up to and including `untilMs`, in time order (an end first when
    // both fall in one millisecond).
    void settle(qint64 untilMs);
    void arrive(qint64 atMs, qint64 holdMs, int org, int type, const QString &id);
    void endNext();
    // A call as it is written once it has ended (or was blocked).
    struct Row
    {
        QString id;
        int org = 0;
        int type = 0;
        qint64 startMs = 0;
        qint64 endMs = 0;
        bool blocked = false;
        int limit = 0;
        int remaining = 0;
        qint64 startSeq = 0;
        qint64 endSeq = -1;
    };
    void insert(Row row);
    // Writes the rows waiting: kCallBatch in one statement (on PostgreSQL one round trip
    // instead of kCallBatch), fewer one by one.
    void flush();
    void bindRow(Database::Statement &q, int first, const Row &row) const;

    Database &m_db;
    History &m_history;
    const DemoCallHistory::Subscription &m_s;
    const qint64 m_fromMs;
    const qint64 m_nowMs;
    const qint64 m_leaseMs;
    const qint64 m_heartbeatMs; // as often as the demo traffic's calls renew their lease

    std::vector<LimitChange> m_changes; // inside the window, in time order
    size_t m_nextChange = 0;
    int m_limit = 0;
    int m_active = 0;
    qint64 m_seq = 0;
    std::vector<Admitted> m_admitted;
    using End = std::pair<qint64, size_t>; // (end, index in m_admitted)
    std::priority_queue<End, std::vector<End>, std::greater<>> m_ends;
    std::vector<Row> m_rows; // to insert
    DemoCallHistory::Summary m_summary;
};

void Week::loadLimits()
{
    int included = 0;
    int purchased = 0;
    {
        auto q = m_db.statement("SELECT included_lines, purchased_lines, activity_seq"
                                " FROM subscription WHERE id = ?1");
        q.bind(1, m_s.id);
        if (!q.step())
            throw DatabaseException(QStringLiteral("demo calls: no subscription %1").arg(m_s.id));
        included = q.integer(0);
        purchased = q.integer(1);
        m_seq = q.int64(2);
    }
    // The lines in force at any moment: what the seed's line history (purchases, removals,
    // renewal drops, all made by the billing code) left, in the order they were written.
    std::vector<std::pair<qint64, std::pair<int, int>>> all; // (at, (before, after))
    {
        auto q = m_db.statement("SELECT at, purchased_before, purchased_after FROM line_change"
                                " WHERE subscription_id = ?1 ORDER BY at, seq");
        q.bind(1, m_s.id);
        while (q.step())
            all.push_back({q.int64(0), {q.integer(1), q.integer(2)}});
    }
    int atFrom = all.empty() ? purchased : all.front().second.first;
    for (const auto &[at, change] : all) {
        if (at <= m_fromMs)
            atFrom = change.second;
        else if (at < m_nowMs)
            m_changes.push_back({at, included + change.second});
    }
    m_limit = included + atFrom;
}

DemoCallHistory::Summary Week::run(QRandomGenerator &rng)
{
    m_summary.subscriptionId = m_s.id;
    const DemoCallHistory::Traffic &t = m_s.traffic;
    int orgWeights = 0;
    for (const DemoCallHistory::Org &o : m_s.orgs)
        orgWeights += qMax(0, o.weight);
    if (t.peakErlangs > 0 && t.meanHoldSeconds > 0 && orgWeights > 0) {
        const DailyProfile profile(t.utcOffsetHours, m_fromMs, m_nowMs, rng);
        const double medianHoldMs =
            t.meanHoldSeconds * 1000 * std::exp(-kHoldSigma * kHoldSigma / 2);
        // A Poisson process whose rate follows the profile: candidates at the highest rate,
        // each kept with the share of it in force then (thinning).
        const double maxPerMs = t.peakErlangs / (t.meanHoldSeconds * 1000) * kMaxLevel;
        double at = double(m_fromMs);
        for (;;) {
            at += exponential(rng) / maxPerMs;
            if (at >= double(m_nowMs))
                break;
            const qint64 startMs = qint64(at);
            if (rng.generateDouble() * kMaxLevel >= profile.level(startMs))
                continue;
            const qint64 holdMs = std::clamp(
                qint64(medianHoldMs * std::exp(kHoldSigma * normal(rng))), kMinHoldMs, kMaxHoldMs);
            int org = 0;
            for (int pick = int(rng.bounded(orgWeights)); pick >= qMax(0, m_s.orgs.at(org).weight);
                 ++org)
                pick -= qMax(0, m_s.orgs.at(org).weight);
            const DemoCallHistory::Org &o = m_s.orgs.at(org);
            const int types[3] = {qMax(0, o.inbound), qMax(0, o.outbound), qMax(0, o.web)};
            int type = 0;
            if (const int all = types[0] + types[1] + types[2]; all > 0)
                for (int pick = int(rng.bounded(all)); pick >= types[type]; ++type)
                    pick -= types[type];
            const QString id = uuid(rng);
            // Nothing may still be in progress now: the live count starts at zero.
            if (startMs + holdMs >= m_nowMs)
                continue;
            arrive(startMs, holdMs, org, type, id);
        }
    }
    settle(m_nowMs - 1);
    flush();
    m_db.statement("UPDATE subscription SET activity_seq = ?1 WHERE id = ?2")
        .bind(1, m_seq)
        .bind(2, m_s.id)
        .run();
    return m_summary;
}

void Week::settle(qint64 untilMs)
{
    constexpr qint64 kNever = std::numeric_limits<qint64>::max();
    for (;;) {
        const qint64 end = m_ends.empty() ? kNever : m_ends.top().first;
        const qint64 change = m_nextChange < m_changes.size() ? m_changes[m_nextChange].at : kNever;
        if (std::min(end, change) > untilMs)
            return;
        if (end <= change) {
            endNext();
        } else {
            // As Billing records a change of lines: the count unchanged, the new limit.
            const LimitChange &c = m_changes[m_nextChange++];
            m_limit = c.limit;
            m_history.record(m_s.id, c.at, m_active, m_active, 0, m_limit);
        }
    }
}

void Week::arrive(qint64 atMs, qint64 holdMs, int org, int type, const QString &id)
{
    settle(atMs);
    ++m_summary.calls;
    // Admission's rule and bookkeeping: admitted iff fewer calls are active than the lines in
    // force; an admission bumps the sequence, a blocked attempt sees it unchanged.
    if (m_active < m_limit) {
        ++m_active;
        ++m_seq;
        m_summary.peakActive = qMax(m_summary.peakActive, m_active);
        m_history.record(m_s.id, atMs, m_active - 1, m_active, 0, m_limit);
        m_admitted.push_back(
            {id, org, type, atMs, atMs + holdMs, m_limit, qMax(0, m_limit - m_active), m_seq});
        m_ends.push({atMs + holdMs, m_admitted.size() - 1});
    } else {
        ++m_summary.blocked;
        m_history.record(m_s.id, atMs, m_active, m_active, 1, m_limit);
        insert({id, org, type, atMs, atMs, true, m_limit, qMax(0, m_limit - m_active), m_seq});
    }
}

void Week::endNext()
{
    const size_t index = m_ends.top().second;
    m_ends.pop();
    Admitted &a = m_admitted[index];
    --m_active;
    ++m_seq;
    m_history.record(m_s.id, a.endMs, m_active + 1, m_active, 0, m_limit);
    insert(
        {a.id, a.org, a.type, a.startMs, a.endMs, false, a.limit, a.remaining, a.startSeq, m_seq});
    a.id.clear();
}

void Week::insert(Row row)
{
    m_rows.push_back(std::move(row));
    if (m_rows.size() == kCallBatch)
        flush();
}

void Week::flush()
{
    if (m_rows.size() == kCallBatch) {
        static const QByteArray batch = callInsert(kCallBatch);
        auto q = m_db.statement(batch);
        for (size_t i = 0; i < m_rows.size(); ++i)
            bindRow(q, int(i) * kCallColumns + 1, m_rows[i]);
        q.run();
    } else {
        static const QByteArray one = callInsert(1);
        for (const Row &row : m_rows) {
            auto q = m_db.statement(one);
            bindRow(q, 1, row);
            q.run();
        }
    }
    m_rows.clear();
}

void Week::bindRow(Database::Statement &q, int first, const Row &r) const
{
    const DemoCallHistory::Org &o = m_s.orgs.at(r.org);
    q.bind(first, r.id)
        .bind(first + 1, m_s.id)
        .bind(first + 2, o.id)
        .bind(first + 3, o.adminUserId)
        .bind(first + 4, QString::fromLatin1(kCallTypes[r.type]))
        .bind(first + 5, r.startMs)
        .bind(first + 6, r.endMs)
        .bind(first + 10, r.blocked ? 1 : 0)
        .bind(first + 11, r.limit)
        .bind(first + 12, r.remaining)
        .bind(first + 13, r.startSeq);
    if (r.blocked) {
        // As Admission writes a blocked attempt: ended at once, never leased, never ended
        // through an end (no end sequence).
        q.bind(first + 7, Call::blockedReason())
            .bindNull(first + 8)
            .bindNull(first + 9)
            .bindNull(first + 14);
    } else {
        // What an end leaves of an admitted call whose client renewed its lease until it hung
        // up: the last renewal, and the lease that renewal gave.
        const qint64 lastHeartbeat =
            r.startMs + (qMax<qint64>(0, r.endMs - r.startMs - 1) / m_heartbeatMs) * m_heartbeatMs;
        q.bind(first + 7, QStringLiteral("customer-ended-call"))
            .bind(first + 8, lastHeartbeat)
            .bind(first + 9, lastHeartbeat + m_leaseMs)
            .bind(first + 14, r.endSeq);
    }
}

} // namespace

QList<DemoCallHistory::Summary> DemoCallHistory::seed(Database &db, History &history,
                                                      const QList<Subscription> &subscriptions,
                                                      qint64 nowMs, qint64 leaseMs)
{
    QList<Summary> summaries;
    quint32 stream = 0;
    for (const Subscription &s : subscriptions) {
        QRandomGenerator rng(kSeed + stream++);
        Week week(db, history, s, nowMs - kWindowMs, nowMs, leaseMs);
        summaries << week.run(rng);
    }
    // Seconds older than 48 hours become minutes, as the service's periodic job would have
    // made them: the seed leaves the history as the service keeps it.
    history.rollUp(nowMs);
    return summaries;
}

} // namespace linedesk::server
