#include "analytics.h"

#include "accounts.h"
#include "apiexception.h"
#include "clock.h"
#include "database.h"
#include "history.h"
#include "jsonutil.h"
#include "requestbodies.h"

#include <QSqlQuery>

namespace linedesk::server {

namespace {

[[noreturn]] void invalid(const QString &message)
{
    throw ApiException(400, QStringLiteral("invalid-analytics-query"), message);
}

// Bucket boundaries in seconds: fixed steps, or calendar months from the range's start.
QList<qint64> boundaries(const QDateTime &start, const QDateTime &end, const QString &step)
{
    static const QHash<QString, qint64> fixed{{QStringLiteral("second"), 1},
                                              {QStringLiteral("minute"), 60},
                                              {QStringLiteral("hour"), 3600},
                                              {QStringLiteral("day"), 86400},
                                              {QStringLiteral("week"), 7 * 86400}};
    QList<qint64> b;
    const qint64 from = start.toSecsSinceEpoch();
    const qint64 to = end.toSecsSinceEpoch();
    if (step == QLatin1String("month")) {
        for (int i = 0;; ++i) {
            const qint64 t = start.addMonths(i).toSecsSinceEpoch();
            if (t >= to || b.size() > Analytics::kMaxBuckets)
                break;
            b << t;
        }
    } else if (fixed.contains(step)) {
        const qint64 s = fixed.value(step);
        if ((to - from + s - 1) / s > Analytics::kMaxBuckets)
            invalid(QStringLiteral("the time range holds more than %1 %2s; use a larger step")
                        .arg(Analytics::kMaxBuckets)
                        .arg(step));
        for (qint64 t = from; t < to; t += s)
            b << t;
    } else {
        invalid(QStringLiteral("step must be second, minute, hour, day, week or month"));
    }
    b << to;
    return b;
}

} // namespace

Analytics::Range Analytics::rangeOf(const AnalyticsQuery &query) const
{
    Range r;
    r.end = query.end.isValid() ? query.end : m_clock.now();
    r.start = query.start.isValid() ? query.start : r.end.addDays(-7);
    if (r.start >= r.end)
        invalid(QStringLiteral("timeRange needs ISO-8601 start < end"));
    r.boundaries = boundaries(r.start, r.end, query.step);
    return r;
}

QJsonArray Analytics::run(const Caller &caller, const QList<AnalyticsQuery> &queries)
{
    // Bounded work and answer per request, whatever the queries: the values asked for in all
    // (buckets × operations, over every query) before any is run.
    QList<Range> ranges;
    qint64 cells = 0;
    for (const AnalyticsQuery &q : queries) {
        ranges << rangeOf(q);
        cells += qint64(ranges.last().boundaries.size()) * qMax<qsizetype>(1, q.operations.size());
    }
    if (cells > kMaxCells)
        invalid(QStringLiteral("the queries ask for %1 values in all (buckets × operations); a "
                               "request may ask for at most %2: use a larger step, a shorter "
                               "time range, or fewer queries or operations")
                    .arg(cells)
                    .arg(kMaxCells));
    QJsonArray result;
    for (qsizetype i = 0; i < queries.size(); ++i)
        result.append(runQuery(caller, queries.at(i), ranges.at(i)));
    return result;
}

QJsonObject Analytics::runQuery(const Caller &caller, const AnalyticsQuery &query,
                                const Range &range)
{
    const QDateTime &start = range.start;
    const QDateTime &end = range.end;
    const QList<qint64> &b = range.boundaries;
    const QString &table = query.table;
    // Which subscription: the one named, or the caller's only one.
    QString subscriptionId = query.subscriptionId;
    if (subscriptionId.isEmpty()) {
        if (caller.support)
            invalid(QStringLiteral("support must name a subscriptionId"));
        QSqlQuery q =
            m_db.exec(QStringLiteral("SELECT DISTINCT o.subscription_id FROM membership m"
                                     " JOIN org o ON o.id = m.org_id WHERE m.user_id = :u"),
                      {{":u", caller.userId}});
        QStringList ids;
        while (q.next())
            ids << q.value(0).toString();
        if (ids.size() != 1)
            invalid(QStringLiteral("name a subscriptionId: you can see %1 subscriptions")
                        .arg(ids.size()));
        subscriptionId = ids.first();
    }
    if (m_accounts.accessTo(caller, subscriptionId) == Access::None)
        throw ApiException(
            404, QStringLiteral("subscription-not-found"),
            QStringLiteral("No subscription with id %1.").arg(subscriptionId.left(100)));

    const QString &step = query.step;
    const QList<AnalyticsOperation> &ops = query.operations;

    QJsonArray rows;
    if (table == QLatin1String("subscription")) {
        const QList<UsageSegment> usage = m_history.usage(subscriptionId, b.first(), b.last());
        QList<UsageSegment> buckets;
        if (step != QLatin1String("month") && b.size() > 2) {
            buckets = History::bucket(usage, b.first(), b.last(), b.at(1) - b.at(0));
        } else {
            for (qsizetype i = 0; i + 1 < b.size(); ++i)
                buckets
                    << History::bucket(usage, b.at(i), b.at(i + 1), b.at(i + 1) - b.at(i)).value(0);
        }
        for (qsizetype i = 0; i + 1 < b.size(); ++i) {
            const UsageSegment s = buckets.value(i);
            QJsonObject row{{QStringLiteral("date"),
                             json::isoTime(QDateTime::fromSecsSinceEpoch(b.at(i), Qt::UTC))}};
            for (const AnalyticsOperation &op : ops) {
                double value = 0;
                if (op.column == QLatin1String("concurrency")) {
                    if (op.operation == QLatin1String("max"))
                        value = s.maxActive;
                    else if (op.operation == QLatin1String("min"))
                        value = s.minActive;
                    else if (op.operation == QLatin1String("avg"))
                        value = double(s.avgActiveMilli) / 1000.0;
                    else // count (sum is refused by parseAnalyticsBody)
                        value = double(s.durationSec);
                } else { // blocked
                    value = s.blocked;
                }
                row.insert(op.key, value);
            }
            rows.append(row);
        }
    } else {
        QSqlQuery q = m_db.exec(
            QStringLiteral("SELECT created_at, ended_at, blocked FROM call WHERE"
                           " subscription_id = :sub AND created_at >= :from AND"
                           " created_at < :to ORDER BY created_at"),
            {{":sub", subscriptionId}, {":from", b.first() * 1000}, {":to", b.last() * 1000}});
        struct Acc
        {
            qint64 count = 0, blocked = 0, ended = 0, durSum = 0, durMax = 0, durMin = -1;
        };
        QList<Acc> acc(b.size() - 1);
        qsizetype index = 0;
        while (q.next()) {
            const qint64 created = q.value(0).toLongLong() / 1000;
            while (index + 2 < b.size() && created >= b.at(index + 1))
                ++index;
            Acc &a = acc[index];
            ++a.count;
            if (q.value(2).toInt() == 1)
                ++a.blocked;
            else if (!q.value(1).isNull()) {
                const qint64 d = (q.value(1).toLongLong() - q.value(0).toLongLong()) / 1000;
                ++a.ended;
                a.durSum += d;
                a.durMax = qMax(a.durMax, d);
                a.durMin = a.durMin < 0 ? d : qMin(a.durMin, d);
            }
        }
        for (qsizetype i = 0; i + 1 < b.size(); ++i) {
            const Acc &a = acc.at(i);
            QJsonObject row{{QStringLiteral("date"),
                             json::isoTime(QDateTime::fromSecsSinceEpoch(b.at(i), Qt::UTC))}};
            for (const AnalyticsOperation &op : ops) {
                double value = 0;
                if (op.column == QLatin1String("blocked"))
                    value =
                        op.operation == QLatin1String("max") ? (a.blocked > 0 ? 1 : 0) : a.blocked;
                else if (op.column == QLatin1String("duration")) {
                    if (op.operation == QLatin1String("sum"))
                        value = a.durSum;
                    else if (op.operation == QLatin1String("avg"))
                        value = a.ended ? double(a.durSum) / a.ended : 0;
                    else if (op.operation == QLatin1String("max"))
                        value = a.durMax;
                    else if (op.operation == QLatin1String("min"))
                        value = qMax<qint64>(0, a.durMin);
                    else
                        value = a.ended;
                } else {
                    value = a.count;
                }
                row.insert(op.key, value);
            }
            rows.append(row);
        }
    }
    return QJsonObject{
        {QStringLiteral("name"), query.name},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("timeRange"), QJsonObject{{QStringLiteral("start"), json::isoTime(start)},
                                                  {QStringLiteral("end"), json::isoTime(end)},
                                                  {QStringLiteral("step"), step}}},
        {QStringLiteral("result"), rows},
    };
}

} // namespace linedesk::server
