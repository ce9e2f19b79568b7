#include "history.h"

#include "apiexception.h"
#include "database.h"

#include <QHash>

#include <limits>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcHistory, "linedesk.server.history", QtInfoMsg)

namespace linedesk::server {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

} // namespace

void History::record(const QString &subscriptionId, qint64 nowMs, int activeBefore, int activeAfter,
                     int blockedDelta, int limit)
{
    // On every admission and end: a statement kept prepared (see Database::statement).
    static const QByteArray sql =
        QStringLiteral("INSERT INTO concurrency_second (subscription_id, t, max_active,"
                       " last_active, blocked, line_limit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                       " ON CONFLICT (subscription_id, t) DO UPDATE SET"
                       " max_active = %1(concurrency_second.max_active, excluded.max_active),"
                       " last_active = excluded.last_active,"
                       " blocked = concurrency_second.blocked + excluded.blocked,"
                       " line_limit = excluded.line_limit")
            .arg(m_db.greatestFunction())
            .toUtf8();
    m_db.statement(sql)
        .bind(1, subscriptionId)
        .bind(2, floorDiv(nowMs, 1000))
        .bind(3, qMax(activeBefore, activeAfter))
        .bind(4, activeAfter)
        .bind(5, blockedDelta)
        .bind(6, limit)
        .run();
}

QList<UsageSegment> History::usage(const QString &subscriptionId, qint64 fromSec, qint64 toSec)
{
    QList<UsageSegment> rows;
    // What was in force when the range starts: the last row before it, minute or second.
    UsageSegment carry;
    carry.startSec = fromSec;
    bool haveCarry = false;
    {
        QSqlQuery q = m_db.exec(
            QStringLiteral("SELECT t, last_active, line_limit FROM ("
                           " SELECT t + 59 AS t, last_active, line_limit FROM concurrency_minute"
                           "  WHERE subscription_id = :sub AND t < :from"
                           " UNION ALL"
                           " SELECT t, last_active, line_limit FROM concurrency_second"
                           "  WHERE subscription_id = :sub AND t < :from) AS earlier"
                           " ORDER BY t DESC LIMIT 1"),
            {{":sub", subscriptionId}, {":from", fromSec}});
        if (q.next()) {
            carry.lastActive = q.value(1).toInt();
            carry.limit = q.value(2).toInt();
            haveCarry = true;
        }
    }
    if (!haveCarry) {
        // Nothing recorded before: nobody active, and the limit before the first line change
        // made since (else the subscription's limit now) — not a limit bought later.
        QSqlQuery q = m_db.exec(
            QStringLiteral("SELECT s.included_lines + COALESCE((SELECT c.purchased_before FROM"
                           " line_change c WHERE c.subscription_id = s.id AND c.at >= :fromMs"
                           " ORDER BY c.at, c.id LIMIT 1), s.purchased_lines) FROM subscription s"
                           " WHERE s.id = :sub"),
            {{":sub", subscriptionId}, {":fromMs", fromSec * 1000}});
        if (q.next())
            carry.limit = q.value(0).toInt();
    }
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT t, 60, max_active, min_active, avg_active_milli, last_active,"
                       " blocked, line_limit FROM concurrency_minute WHERE subscription_id = :sub"
                       " AND t >= :from AND t < :to"
                       " UNION ALL"
                       " SELECT t, 1, max_active, last_active, last_active * 1000, last_active,"
                       " blocked, line_limit FROM concurrency_second WHERE subscription_id = :sub"
                       " AND t >= :from AND t < :to ORDER BY 1"),
        {{":sub", subscriptionId}, {":from", fromSec}, {":to", toSec}});
    qint64 cursor = fromSec;
    int lastActive = carry.lastActive;
    int limit = carry.limit;
    auto fill = [&](qint64 until) {
        if (until > cursor)
            rows.append({cursor, until - cursor, lastActive, lastActive, qint64(lastActive) * 1000,
                         lastActive, 0, limit});
    };
    while (q.next()) {
        UsageSegment s;
        s.startSec = q.value(0).toLongLong();
        s.durationSec = q.value(1).toLongLong();
        s.maxActive = q.value(2).toInt();
        s.minActive = q.value(3).toInt();
        s.avgActiveMilli = q.value(4).toLongLong();
        s.lastActive = q.value(5).toInt();
        s.blocked = q.value(6).toInt();
        s.limit = q.value(7).toInt();
        if (s.startSec < cursor)
            continue; // a second row inside an already rolled-up minute (never written twice)
        fill(s.startSec);
        rows.append(s);
        cursor = s.startSec + s.durationSec;
        lastActive = s.lastActive;
        limit = s.limit;
    }
    fill(toSec);
    return rows;
}

QList<UsageSegment> History::bucket(const QList<UsageSegment> &usage, qint64 fromSec, qint64 toSec,
                                    qint64 stepSec)
{
    QList<UsageSegment> buckets;
    if (stepSec <= 0 || toSec <= fromSec)
        return buckets;
    const qint64 count = (toSec - fromSec + stepSec - 1) / stepSec;
    buckets.reserve(count);
    for (qint64 i = 0; i < count; ++i) {
        UsageSegment b;
        b.startSec = fromSec + i * stepSec;
        b.durationSec = 0;
        b.maxActive = -1;
        b.minActive = std::numeric_limits<int>::max();
        buckets.append(b);
    }
    // Per bucket: Σ avg × duration, to divide at the end.
    QList<qint64> weighted(count, 0);
    for (const UsageSegment &s : usage) {
        qint64 start = qMax(s.startSec, fromSec);
        const qint64 end = qMin(s.startSec + s.durationSec, toSec);
        while (start < end) {
            const qint64 index = (start - fromSec) / stepSec;
            const qint64 bucketEnd = qMin(fromSec + (index + 1) * stepSec, end);
            UsageSegment &b = buckets[index];
            const qint64 part = bucketEnd - start;
            b.maxActive = qMax(b.maxActive, s.maxActive);
            b.minActive = qMin(b.minActive, s.minActive);
            weighted[index] += s.avgActiveMilli * part;
            b.durationSec += part;
            // Blocked attempts belong to the second (or minute) they were counted in.
            if (start == qMax(s.startSec, fromSec))
                b.blocked += s.blocked;
            b.lastActive = s.lastActive;
            b.limit = s.limit;
            start = bucketEnd;
        }
    }
    for (qint64 i = 0; i < count; ++i) {
        UsageSegment &b = buckets[i];
        if (b.durationSec > 0)
            b.avgActiveMilli = weighted[i] / b.durationSec;
        if (b.maxActive < 0)
            b.maxActive = 0;
        if (b.minActive == std::numeric_limits<int>::max())
            b.minActive = 0;
    }
    return buckets;
}

int History::rollUp(qint64 nowMs)
{
    const qint64 nowSec = floorDiv(nowMs, 1000);
    // Whole minutes only, all older than 48 hours.
    const qint64 cutoff = floorDiv(nowSec - kSecondsKeptSec, 60) * 60;
    QStringList subscriptions;
    {
        QSqlQuery q = m_db.exec(QStringLiteral("SELECT DISTINCT subscription_id FROM"
                                               " concurrency_second WHERE t < :cutoff"),
                                {{":cutoff", cutoff}});
        while (q.next())
            subscriptions << q.value(0).toString();
    }
    int rolled = 0;
    for (const QString &sub : subscriptions) {
        Database::Transaction tx(m_db);
        qint64 first = 0;
        {
            QSqlQuery q = m_db.exec(QStringLiteral("SELECT MIN(t) FROM concurrency_second WHERE"
                                                   " subscription_id = :sub"),
                                    {{":sub", sub}});
            // Another instance may have rolled these seconds up since the list was read: then
            // MIN(t) is NULL, which must not become a roll-up from 1970 under the write lock.
            if (!q.next() || q.value(0).isNull())
                continue;
            first = floorDiv(q.value(0).toLongLong(), 60) * 60;
        }
        const QList<UsageSegment> minutes = bucket(usage(sub, first, cutoff), first, cutoff, 60);
        if (m_db.isPostgres()) {
            // A round trip per row would take seconds after a quiet month: a thousand rows a
            // statement (all numbers, written as such; the id is a bound value).
            for (qsizetype from = 0; from < minutes.size(); from += 1000) {
                QStringList rows;
                for (qsizetype i = from; i < qMin(minutes.size(), from + 1000); ++i) {
                    const UsageSegment &m = minutes.at(i);
                    rows << QStringLiteral("(:sub, %1, %2, %3, %4, %5, %6, %7)")
                                .arg(m.startSec)
                                .arg(m.maxActive)
                                .arg(m.minActive)
                                .arg(m.avgActiveMilli)
                                .arg(m.lastActive)
                                .arg(m.blocked)
                                .arg(m.limit);
                }
                m_db.exec(QStringLiteral("INSERT INTO concurrency_minute (subscription_id, t,"
                                         " max_active, min_active, avg_active_milli, last_active,"
                                         " blocked, line_limit) VALUES %1"
                                         " ON CONFLICT (subscription_id, t) DO NOTHING")
                              .arg(rows.join(QLatin1Char(','))),
                          {{":sub", sub}});
            }
            QSqlQuery del = m_db.exec(QStringLiteral("DELETE FROM concurrency_second WHERE"
                                                     " subscription_id = :sub AND t < :cutoff"),
                                      {{":sub", sub}, {":cutoff", cutoff}});
            rolled += del.numRowsAffected();
            tx.commit();
            continue;
        }
        // Prepared once: after a long quiet stretch there is a row per minute to write while
        // holding the write lock (a month is ~44,000), and preparing each one costs seconds.
        QSqlQuery insert(m_db.connection());
        if (!insert.prepare(QStringLiteral(
                "INSERT INTO concurrency_minute (subscription_id, t, max_active, min_active,"
                " avg_active_milli, last_active, blocked, line_limit) VALUES (:sub, :t, :max,"
                " :min, :avg, :last, :blocked, :limit)"
                " ON CONFLICT (subscription_id, t) DO NOTHING")))
            throw DatabaseException(insert.lastError().text());
        for (const UsageSegment &m : minutes) {
            insert.bindValue(QStringLiteral(":sub"), sub);
            insert.bindValue(QStringLiteral(":t"), m.startSec);
            insert.bindValue(QStringLiteral(":max"), m.maxActive);
            insert.bindValue(QStringLiteral(":min"), m.minActive);
            insert.bindValue(QStringLiteral(":avg"), m.avgActiveMilli);
            insert.bindValue(QStringLiteral(":last"), m.lastActive);
            insert.bindValue(QStringLiteral(":blocked"), m.blocked);
            insert.bindValue(QStringLiteral(":limit"), m.limit);
            if (!insert.exec())
                throw DatabaseException(insert.lastError().text());
        }
        insert.finish();
        QSqlQuery del = m_db.exec(QStringLiteral("DELETE FROM concurrency_second WHERE"
                                                 " subscription_id = :sub AND t < :cutoff"),
                                  {{":sub", sub}, {":cutoff", cutoff}});
        rolled += del.numRowsAffected();
        tx.commit();
    }
    m_db.exec(QStringLiteral("DELETE FROM concurrency_minute WHERE t < :old"),
              {{":old", nowSec - kMinutesKeptSec}});
    if (rolled > 0)
        qCInfo(lcHistory) << "rolled up" << rolled << "seconds of history into minutes";
    return rolled;
}

} // namespace linedesk::server
