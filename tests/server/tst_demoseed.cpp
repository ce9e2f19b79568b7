#include "testserver.h"

#include "call.h"

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <map>

using namespace linedesk;
using namespace linedesk::server;
using namespace linedesk::test;

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr qint64 kWeekMs = 7 * kDayMs;

qint64 int64(const QJsonValue &v)
{
    return qint64(v.toDouble(-1));
}

struct CallRow
{
    QString id, orgId, createdBy, type, status, endedReason, details;
    qint64 createdAt = 0;
    QVariant endedAt, lastHeartbeatAt, leaseExpiresAt, startSeq, endSeq;
    bool blocked = false;
    int limit = 0;
    int remaining = 0;
};

struct DemoSubscription
{
    QString id, name;
    int included = 0;
    int purchased = 0;
    int activeCalls = 0;
    qint64 activitySeq = 0;
    QList<CallRow> calls; // by created_at, id
    // (at, purchased before, purchased after), in the order written
    QList<std::tuple<qint64, int, int>> lineChanges;

    // The lines in force at `ms`: as the line history left them.
    int limitAt(qint64 ms) const
    {
        int purchasedThen = lineChanges.isEmpty() ? purchased : std::get<1>(lineChanges.first());
        for (const auto &[at, before, after] : lineChanges)
            if (at <= ms)
                purchasedThen = after;
        return included + purchasedThen;
    }
};

// What a replay of one subscription's rows in sequence order found.
struct Replayed
{
    qint64 calls = 0;
    qint64 blocked = 0;
    int peak = 0;
    QString problem; // empty when every rule held
};

QList<DemoSubscription> loadDemo(Database &db)
{
    QList<DemoSubscription> subs;
    {
        QSqlQuery q = db.exec(QStringLiteral(
            "SELECT id, name, included_lines, purchased_lines, active_calls, activity_seq"
            " FROM subscription ORDER BY name"));
        while (q.next()) {
            DemoSubscription s;
            s.id = q.value(0).toString();
            s.name = q.value(1).toString();
            s.included = q.value(2).toInt();
            s.purchased = q.value(3).toInt();
            s.activeCalls = q.value(4).toInt();
            s.activitySeq = q.value(5).toLongLong();
            subs << s;
        }
    }
    for (DemoSubscription &s : subs) {
        QSqlQuery changes = db.exec(
            QStringLiteral("SELECT at, purchased_before, purchased_after FROM line_change WHERE"
                           " subscription_id = :s ORDER BY at, seq"),
            {{":s", s.id}});
        while (changes.next())
            s.lineChanges.append({changes.value(0).toLongLong(), changes.value(1).toInt(),
                                  changes.value(2).toInt()});
        QSqlQuery q = db.exec(
            QStringLiteral("SELECT id, org_id, created_by, type, status, ended_reason, details,"
                           " created_at, ended_at, last_heartbeat_at, lease_expires_at, start_seq,"
                           " end_seq, blocked, limit_at_start, remaining_at_start FROM call"
                           " WHERE subscription_id = :s ORDER BY created_at, id"),
            {{":s", s.id}});
        while (q.next()) {
            CallRow c;
            c.id = q.value(0).toString();
            c.orgId = q.value(1).toString();
            c.createdBy = q.value(2).toString();
            c.type = q.value(3).toString();
            c.status = q.value(4).toString();
            c.endedReason = q.value(5).toString();
            c.details = q.value(6).toString();
            c.createdAt = q.value(7).toLongLong();
            c.endedAt = q.value(8);
            c.lastHeartbeatAt = q.value(9);
            c.leaseExpiresAt = q.value(10);
            c.startSeq = q.value(11);
            c.endSeq = q.value(12);
            c.blocked = q.value(13).toInt() == 1;
            c.limit = q.value(14).toInt();
            c.remaining = q.value(15).toInt();
            s.calls << c;
        }
    }
    return subs;
}

// Replays a subscription's rows in the order of its activity sequence, as Admission lived
// them: each admission and each end is one step of the sequence, a blocked attempt comes
// after the step it saw. Checks the admission rule at every arrival, the sequence, the times
// and what each row says of itself.
Replayed replay(const DemoSubscription &s, qint64 nowMs)
{
    Replayed r;
    auto fail = [&r, &s](const CallRow &c, const QString &what) {
        if (r.problem.isEmpty())
            r.problem = QStringLiteral("%1, call %2 at %3: %4")
                            .arg(s.name, c.id)
                            .arg(QDateTime::fromMSecsSinceEpoch(c.createdAt, Qt::UTC)
                                     .toString(Qt::ISODateWithMs),
                                 what);
    };
    // The step each sequence value was: +(i + 1) the start of calls[i], −(i + 1) its end.
    std::map<qint64, qint64> steps;
    std::multimap<qint64, qsizetype> blockedAfter; // start_seq → blocked calls[i]
    for (qsizetype i = 0; i < s.calls.size(); ++i) {
        const CallRow &c = s.calls.at(i);
        ++r.calls;
        if (c.createdAt < nowMs - kWeekMs || c.createdAt >= nowMs)
            fail(c, QStringLiteral("outside the last 7 days"));
        if (c.status != QLatin1String("ended") || c.endedAt.isNull() ||
            c.endedAt.toLongLong() >= nowMs)
            fail(c, QStringLiteral("not ended before now"));
        if (c.details != QLatin1String("{}"))
            fail(c, QStringLiteral("details %1").arg(c.details));
        if (c.limit != s.limitAt(c.createdAt))
            fail(c, QStringLiteral("limit_at_start %1, but %2 lines were in force")
                        .arg(c.limit)
                        .arg(s.limitAt(c.createdAt)));
        if (c.startSeq.isNull()) {
            fail(c, QStringLiteral("no start_seq"));
            continue;
        }
        if (c.blocked) {
            ++r.blocked;
            if (c.endedReason != Call::blockedReason() || c.endedAt.toLongLong() != c.createdAt ||
                !c.lastHeartbeatAt.isNull() || !c.leaseExpiresAt.isNull() || !c.endSeq.isNull())
                fail(c, QStringLiteral("not written as a blocked attempt is"));
            blockedAfter.insert({c.startSeq.toLongLong(), i});
            continue;
        }
        const qint64 hb = c.lastHeartbeatAt.toLongLong();
        if (c.endedReason != QLatin1String("customer-ended-call") || c.endSeq.isNull() ||
            c.endedAt.toLongLong() <= c.createdAt || c.lastHeartbeatAt.isNull() ||
            hb < c.createdAt || hb >= c.endedAt.toLongLong() || c.leaseExpiresAt.isNull() ||
            c.leaseExpiresAt.toLongLong() <= hb)
            fail(c, QStringLiteral("not written as an ended call is"));
        if (!steps.insert({c.startSeq.toLongLong(), i + 1}).second ||
            !steps.insert({c.endSeq.toLongLong(), -(i + 1)}).second)
            fail(c, QStringLiteral("shares a sequence value with another step"));
    }
    if (!r.problem.isEmpty())
        return r;
    // Gap-free from 1, ending at the subscription's sequence.
    if (!steps.empty() &&
        (steps.begin()->first != 1 || steps.rbegin()->first != qint64(steps.size())))
        r.problem = QStringLiteral("%1: the sequence runs %2..%3 over %4 steps")
                        .arg(s.name)
                        .arg(steps.begin()->first)
                        .arg(steps.rbegin()->first)
                        .arg(steps.size());
    else if (s.activitySeq != qint64(steps.size()))
        r.problem = QStringLiteral("%1: activity_seq %2 after %3 steps")
                        .arg(s.name)
                        .arg(s.activitySeq)
                        .arg(steps.size());
    if (!r.problem.isEmpty())
        return r;

    int active = 0;
    qint64 lastMs = nowMs - kWeekMs;
    auto blockedAt = [&](qint64 seq) {
        const auto [first, last] = blockedAfter.equal_range(seq);
        for (auto it = first; it != last; ++it) {
            const CallRow &c = s.calls.at(it->second);
            if (active < c.limit)
                fail(c,
                     QStringLiteral("blocked with %1 of %2 lines busy").arg(active).arg(c.limit));
            if (c.remaining != qMax(0, c.limit - active))
                fail(c, QStringLiteral("remaining %1 with %2 of %3 busy")
                            .arg(c.remaining)
                            .arg(active)
                            .arg(c.limit));
            if (c.createdAt < lastMs)
                fail(c, QStringLiteral("before the step it saw"));
            lastMs = c.createdAt;
        }
    };
    blockedAt(0);
    for (const auto &[seq, step] : steps) {
        const CallRow &c = s.calls.at(qAbs(step) - 1);
        const qint64 at = step > 0 ? c.createdAt : c.endedAt.toLongLong();
        if (at < lastMs)
            fail(c, QStringLiteral("step %1 happened before step %2").arg(seq).arg(seq - 1));
        lastMs = at;
        if (step > 0) {
            if (active >= c.limit)
                fail(c,
                     QStringLiteral("admitted with %1 of %2 lines busy").arg(active).arg(c.limit));
            ++active;
            r.peak = qMax(r.peak, active);
            if (c.remaining != qMax(0, c.limit - active))
                fail(c, QStringLiteral("remaining %1 with %2 of %3 busy after it")
                            .arg(c.remaining)
                            .arg(active)
                            .arg(c.limit));
        } else {
            --active;
        }
        blockedAt(seq);
    }
    if (active != 0 && r.problem.isEmpty())
        r.problem = QStringLiteral("%1: %2 calls still active at the end").arg(s.name).arg(active);
    return r;
}

qint64 scalar(Database &db, const QString &sql,
              std::initializer_list<std::pair<const char *, QVariant>> binds = {})
{
    QSqlQuery q = db.exec(sql, binds);
    return q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace

// The demo seed's last week of calls: recorded as the service records real ones (rows,
// activity sequence, concurrency history), admitted by the service's rule under the lines in
// force, the same every time for the same `now` — and a capacity plan that replays it.
class TestDemoSeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aWeekOfCalls_data()
    {
        QTest::addColumn<QDateTime>("now");
        QTest::newRow("a Tuesday at noon") << TestServer::defaultStart();
        QTest::newRow("a Sunday evening")
            << QDateTime(QDate(2026, 3, 15), QTime(22, 40, 17, 250), Qt::UTC);
        QTest::newRow("a Monday before work")
            << QDateTime(QDate(2026, 3, 16), QTime(6, 5), Qt::UTC);
    }
    void aWeekOfCalls()
    {
        QFETCH(QDateTime, now);
        TestServer server(now, true);
        Database &db = server.db();
        const qint64 nowMs = now.toMSecsSinceEpoch();
        const QList<DemoSubscription> subs = loadDemo(db);
        QCOMPARE(subs.size(), 7);

        // Every call ended before now; none outside the window; nothing in progress.
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM call WHERE status <> 'ended'")),
                 qint64(0));
        QCOMPARE(scalar(db,
                        QStringLiteral("SELECT COUNT(*) FROM call WHERE created_at < :from"
                                       " OR created_at >= :now OR ended_at >= :now"),
                        {{":from", nowMs - kWeekMs}, {":now", nowMs}}),
                 qint64(0));
        // Each call belongs to one of its subscription's orgs and was started by its admin.
        QCOMPARE(scalar(db, QStringLiteral(
                                "SELECT COUNT(*) FROM call c WHERE NOT EXISTS (SELECT 1 FROM org o"
                                " JOIN membership m ON m.org_id = o.id WHERE o.id = c.org_id AND"
                                " o.subscription_id = c.subscription_id AND m.user_id ="
                                " c.created_by AND m.role = 'admin')")),
                 qint64(0));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(DISTINCT type) FROM call")), 3);
        // Every org has calls (Acme Health's two among them).
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM org o WHERE NOT EXISTS"
                                           " (SELECT 1 FROM call c WHERE c.org_id = o.id)")),
                 qint64(0));

        qint64 total = 0;
        int withBlocked = 0;
        int withoutBlocked = 0;
        for (const DemoSubscription &s : subs) {
            QCOMPARE(s.activeCalls, 0);
            QVERIFY2(!s.calls.isEmpty(), qPrintable(s.name));
            // Calls on every day of the week, not just some of it.
            QSet<qint64> days;
            for (const CallRow &c : s.calls)
                days.insert((c.createdAt - (nowMs - kWeekMs)) / kDayMs);
            QVERIFY2(days.size() == 7, qPrintable(s.name));

            const Replayed r = replay(s, nowMs);
            QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
            total += r.calls;
            (r.blocked > 0 ? withBlocked : withoutBlocked) += 1;
            qInfo().noquote() << s.name << r.calls << "calls," << r.blocked << "blocked, peak"
                              << r.peak << "of" << s.included + s.purchased;

            // The concurrency history agrees: the same blocked attempts, the same peak, and
            // nobody active at its end. Seconds older than 48 hours are rolled up.
            QCOMPARE(scalar(db,
                            QStringLiteral("SELECT (SELECT COALESCE(SUM(blocked), 0) FROM"
                                           " concurrency_second WHERE subscription_id = :s) +"
                                           " (SELECT COALESCE(SUM(blocked), 0) FROM"
                                           " concurrency_minute WHERE subscription_id = :s)"),
                            {{":s", s.id}}),
                     r.blocked);
            QCOMPARE(scalar(db,
                            QStringLiteral("SELECT MAX(m) FROM (SELECT MAX(max_active) AS m FROM"
                                           " concurrency_second WHERE subscription_id = :s"
                                           " UNION ALL SELECT MAX(max_active) FROM"
                                           " concurrency_minute WHERE subscription_id = :s) x"),
                            {{":s", s.id}}),
                     qint64(r.peak));
            QCOMPARE(scalar(db,
                            QStringLiteral("SELECT last_active FROM (SELECT t, last_active FROM"
                                           " concurrency_second WHERE subscription_id = :s UNION"
                                           " ALL SELECT t, last_active FROM concurrency_minute"
                                           " WHERE subscription_id = :s) x ORDER BY t DESC"
                                           " LIMIT 1"),
                            {{":s", s.id}}),
                     qint64(0));
        }
        const qint64 cutoff = ((nowMs / 1000 - 48 * 3600) / 60) * 60;
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM concurrency_second WHERE t < :c"),
                        {{":c", cutoff}}),
                 qint64(0));
        QVERIFY(scalar(db, QStringLiteral("SELECT COUNT(*) FROM concurrency_minute")) > 0);
        // A picture with both kinds in it, and modest enough to seed quickly.
        QVERIFY(withBlocked >= 1);
        QVERIFY(withoutBlocked >= 1);
        QVERIFY2(total >= 10'000 && total <= 40'000, qPrintable(QString::number(total)));

        // The capacity plan of each replays its week exactly at today's lines; the busiest
        // one is told to buy lines, and the one with far more lines than it uses to drop some.
        HttpClient http(server.url());
        const QString support = server.createSupportToken();
        QString busiest;
        qint64 mostBlocked = 0;
        QHash<QString, qint64> recommendedLines;
        for (const DemoSubscription &s : subs) {
            const HttpResult plan =
                http.get(QStringLiteral("/subscription/%1/capacity-plan").arg(s.id), support);
            QCOMPARE(plan.status, 200);
            const QJsonObject p = plan.object();
            const QJsonObject current = p.value(QLatin1String("current")).toObject();
            const qint64 blocked = replay(s, nowMs).blocked;
            QCOMPARE(
                int64(p.value(QLatin1String("calls")).toObject().value(QLatin1String("attempts"))),
                qint64(s.calls.size()));
            QCOMPARE(int64(current.value(QLatin1String("lines"))),
                     qint64(s.included + s.purchased));
            QCOMPARE(int64(current.value(QLatin1String("blockedCalls"))), blocked);
            bool found = false;
            for (const QJsonValue &v : p.value(QLatin1String("options")).toArray()) {
                const QJsonObject o = v.toObject();
                if (int64(o.value(QLatin1String("lines"))) != s.included + s.purchased)
                    continue;
                found = true;
                QCOMPARE(int64(o.value(QLatin1String("replayBlockedCalls"))), blocked);
            }
            QVERIFY2(found, qPrintable(s.name));
            const qint64 recommended = int64(
                p.value(QLatin1String("recommended")).toObject().value(QLatin1String("lines")));
            qInfo().noquote() << s.name << "plan: recommended" << recommended << "for"
                              << s.included + s.purchased << "lines";
            recommendedLines.insert(s.name, recommended - (s.included + s.purchased));
            if (blocked > mostBlocked) {
                mostBlocked = blocked;
                busiest = s.name;
            }
        }
        QVERIFY2(recommendedLines.value(busiest) > 0, qPrintable(busiest));
        QVERIFY(recommendedLines.value(QStringLiteral("Fjord Enterprise")) < 0);
    }

    // The same `now` seeds the same week: ids, times and outcomes (tests and screenshots).
    void sameNowSameWeek()
    {
        const QDateTime now(QDate(2026, 3, 12), QTime(15, 30), Qt::UTC);
        QStringList fingerprints;
        for (int run = 0; run < 2; ++run) {
            TestServer server(now, true);
            QCryptographicHash hash(QCryptographicHash::Sha256);
            QSqlQuery q = server.db().exec(QStringLiteral(
                "SELECT o.name, c.id, c.type, c.created_at, c.ended_at, c.blocked,"
                " c.limit_at_start, c.remaining_at_start, c.start_seq, c.end_seq FROM call c"
                " JOIN org o ON o.id = c.org_id ORDER BY c.created_at, c.id"));
            int rows = 0;
            while (q.next()) {
                for (int i = 0; i < 10; ++i)
                    hash.addData(q.value(i).toString().toUtf8() + '|');
                ++rows;
            }
            QVERIFY(rows > 0);
            fingerprints << QString::fromLatin1(hash.result().toHex()) + QString::number(rows);
        }
        QCOMPARE(fingerprints.at(1), fingerprints.at(0));
    }
};

QTEST_GUILESS_MAIN(TestDemoSeed)
#include "tst_demoseed.moc"
