#include "apiexception.h"
#include "bulkseed.h"
#include "testserver.h"

#include <QSqlQuery>
#include <QTest>

using namespace linedesk::test;

// `admin seed`: realistic subscriptions whose ledgers add up, added beside what is there.
class TestBulkSeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seedsConsistentSubscriptionsAndKeepsExisting()
    {
        TestServer server;
        const TestAccount existing = server.createAccount(QStringLiteral("Existing"), 50'00);
        const auto result =
            linedesk::server::BulkSeed::run(server.db(), 300, server.clock().now(), 42);
        QCOMPARE(result.subscriptions, 300);
        QVERIFY(result.organizations >= 300);
        QVERIFY(result.users >= result.organizations);

        QSqlQuery q = server.db().exec(QStringLiteral("SELECT id FROM subscription"));
        QStringList ids;
        while (q.next())
            ids << q.value(0).toString();
        q.finish();
        QCOMPARE(ids.size(), 301);
        QVERIFY(ids.contains(existing.subscriptionId));
        int withLines = 0;
        for (const QString &id : ids) {
            QCOMPARE(server.checkLedger(id), QString());
            if (server.purchasedLines(id) > 0)
                ++withLines;
        }
        QVERIFY2(withLines > 50, "some seeded subscriptions have purchased lines");

        // A second run adds more, with distinct names and emails.
        const auto again =
            linedesk::server::BulkSeed::run(server.db(), 50, server.clock().now(), 7);
        QCOMPARE(again.subscriptions, 50);
        QSqlQuery count = server.db().exec(
            QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT name) FROM subscription"));
        QVERIFY(count.next());
        QCOMPARE(count.value(0).toInt(), 351);
        QCOMPARE(count.value(1).toInt(), 351);
        count.finish();

        // The service serves what was seeded: support finds a seeded org by part of its name.
        HttpClient http(server.url());
        const QString support = server.createSupportToken();
        QSqlQuery org = server.db().exec(QStringLiteral("SELECT name, subscription_id FROM org"
                                                        " WHERE subscription_id <> :e LIMIT 1"),
                                         {{":e", existing.subscriptionId}});
        QVERIFY(org.next());
        const QString part = org.value(0).toString().left(6);
        const QString subscriptionId = org.value(1).toString();
        org.finish();
        const HttpResult found =
            http.get(QStringLiteral("/subscription?limit=1000&search=") + part, support);
        QCOMPARE(found.status, 200);
        bool seen = false;
        for (const QJsonValue &v : found.object().value(QLatin1String("results")).toArray())
            seen = seen || v.toObject().value(QLatin1String("id")).toString() == subscriptionId;
        QVERIFY(seen);
    }

    void refusesBadCounts()
    {
        TestServer server;
        QVERIFY_THROWS_EXCEPTION(
            linedesk::server::ApiException,
            linedesk::server::BulkSeed::run(server.db(), 0, server.clock().now()));
    }
};

QTEST_GUILESS_MAIN(TestBulkSeed)
#include "tst_bulkseed.moc"
