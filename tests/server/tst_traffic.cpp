#include "testserver.h"

#include "trafficgenerator.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

using namespace linedesk;
using namespace linedesk::test;

// The traffic generator against a real service for a few seconds of real time: calls are
// attempted, admitted or blocked, and ended; after stop() nothing is left active.
class TestTraffic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void driveAndStop_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<bool>("giveOrgId");
        QTest::addColumn<bool>("expectBlocked");
        // 600 calls/min held 0.5 s on average: about 5 calls at once.
        QTest::newRow("limit 3: some blocked") << 3 << true << true;
        QTest::newRow("limit 50: none blocked, token's only org") << 50 << false << false;
    }
    void driveAndStop()
    {
        QFETCH(int, limit);
        QFETCH(bool, giveOrgId);
        QFETCH(bool, expectBlocked);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Traffic"), 0, limit);

        server::TrafficGenerator::Config config;
        config.server = server.url();
        config.token = a.adminToken;
        config.orgId = giveOrgId ? a.orgId : QString();
        config.ratePerMinute = 600;
        config.holdSeconds = 0.5;
        config.seed = 42;
        server::TrafficGenerator generator(config);
        QSignalSpy changed(&generator, &server::TrafficGenerator::statsChanged);

        // The stored counter, sampled while the generator runs.
        int mostActive = 0;
        int mismatches = 0;
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] {
            QSqlQuery q = server.db().exec(
                QStringLiteral("SELECT active_calls, (SELECT COUNT(*) FROM call WHERE"
                               " subscription_id = :id AND status = 'in-progress') FROM"
                               " subscription WHERE id = :id"),
                {{":id", a.subscriptionId}});
            if (q.next()) {
                mostActive = qMax(mostActive, q.value(0).toInt());
                mismatches += q.value(0).toInt() != q.value(1).toInt() ? 1 : 0;
            }
        });
        sampler.start(20);

        generator.start();
        QVERIFY(generator.isRunning());
        const auto &stats = generator.stats();
        QTRY_VERIFY_WITH_TIMEOUT(stats.attempted >= 25 && stats.ended >= 5 &&
                                     (!expectBlocked || stats.blocked > 0),
                                 10000);
        generator.stop();
        QVERIFY(!generator.isRunning());
        const qint64 attemptedAtStop = stats.attempted;
        // Every start answered, every admitted call ended.
        QTRY_VERIFY_WITH_TIMEOUT(stats.admitted + stats.blocked + stats.errors == stats.attempted &&
                                     stats.ended == stats.admitted && stats.active == 0,
                                 10000);
        sampler.stop();
        qInfo("attempted %lld, admitted %lld, blocked %lld, ended %lld, errors %lld; at most %d "
              "active on the service",
              stats.attempted, stats.admitted, stats.blocked, stats.ended, stats.errors,
              mostActive);
        QCOMPARE(stats.errors, 0);
        QCOMPARE(stats.attempted, attemptedAtStop); // no arrivals after stop()
        QVERIFY(changed.count() > 0);
        if (expectBlocked)
            QVERIFY(stats.blocked > 0);
        else
            QCOMPARE(stats.blocked, 0);
        QVERIFY(mostActive <= limit);
        QVERIFY(mostActive > 0);
        QCOMPARE(mismatches, 0);

        // The service agrees, call by call.
        const HttpResult sub =
            http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken);
        QCOMPARE(sub.object().value(QLatin1String("concurrencyCounter")).toInt(), 0);
        QSqlQuery q = server.db().exec(
            QStringLiteral("SELECT COUNT(*), SUM(blocked), SUM(CASE WHEN ended_reason ="
                           " 'customer-ended-call' THEN 1 ELSE 0 END), SUM(CASE WHEN status ="
                           " 'in-progress' THEN 1 ELSE 0 END), SUM(CASE WHEN type ="
                           " 'inboundPhoneCall' AND org_id = :org THEN 1 ELSE 0 END) FROM call"
                           " WHERE subscription_id = :id"),
            {{":id", a.subscriptionId}, {":org", a.orgId}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), stats.attempted);
        QCOMPARE(q.value(1).toLongLong(), stats.blocked);
        QCOMPARE(q.value(2).toLongLong(), stats.ended);
        QCOMPARE(q.value(3).toLongLong(), 0);
        QCOMPARE(q.value(4).toLongLong(), stats.attempted);
    }
};

QTEST_GUILESS_MAIN(TestTraffic)
#include "tst_traffic.moc"
