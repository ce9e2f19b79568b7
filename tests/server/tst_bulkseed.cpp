#include "accounts.h"
#include "apiexception.h"
#include "bulkseed.h"
#include "testserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

using namespace linedesk::test;

namespace {

// The schema's triggers, by name, with their SQL (SQLite) or their table and whether they
// are enabled (PostgreSQL, where the seed switches them off and on).
QStringList triggerSql(TestServer &server)
{
    QSqlQuery q = server.db().exec(
        server.isPostgres()
            ? QStringLiteral(
                  "SELECT tgname || ': ' || tgrelid::regclass::text || ' '"
                  " || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname")
            : QStringLiteral("SELECT name || ': ' || sql FROM sqlite_master WHERE"
                             " type = 'trigger' ORDER BY name"));
    QStringList triggers;
    while (q.next())
        triggers << q.value(0).toString();
    return triggers;
}

} // namespace

// `admin seed`: realistic subscriptions whose ledgers add up, added beside what is there.
class TestBulkSeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seedsConsistentSubscriptionsAndKeepsExisting()
    {
        TestServer server;
        const TestAccount existing = server.createAccount(QStringLiteral("Existing"), 50'00);
        const QStringList triggersBefore = triggerSql(server);
        QVERIFY(triggersBefore.size() >= (server.isPostgres() ? 5 : 10));
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

        // The seed indexes each batch once with the search triggers taken out: the index and
        // the org names must be exactly what the triggers keep, and the triggers be back as
        // they were.
        QCOMPARE(triggerSql(server), triggersBefore);
        QSqlQuery index = server.db().exec(
            server.isPostgres()
                ? QStringLiteral(
                      "SELECT (SELECT COUNT(*) FROM subscription),"
                      " (SELECT COUNT(*) FROM subscription_search),"
                      " (SELECT COUNT(*) FROM subscription s JOIN subscription_search f"
                      "  ON f.sid = s.id WHERE f.doc = s.name || chr(10) || s.id || chr(10) ||"
                      "  coalesce((SELECT string_agg(o.name || chr(10) || o.id, chr(10))"
                      "  FROM org o WHERE o.subscription_id = s.id), '') || chr(10) ||"
                      "  coalesce((SELECT string_agg(u.email, chr(10)) FROM org o JOIN"
                      "  membership m ON m.org_id = o.id JOIN app_user u ON u.id = m.user_id"
                      "  WHERE o.subscription_id = s.id), '')),"
                      " (SELECT COUNT(*) FROM subscription s WHERE org_names = coalesce((SELECT"
                      "  string_agg(name, ', ' ORDER BY linedesk_nocase(name), id) FROM org"
                      "  WHERE subscription_id = s.id), '')),"
                      " 0")
                : QStringLiteral(
                      "SELECT (SELECT COUNT(*) FROM subscription),"
                      " (SELECT COUNT(*) FROM subscription_search),"
                      " (SELECT COUNT(*) FROM subscription s JOIN subscription_search f"
                      "  ON f.rowid = s.rowid JOIN subscription_search_doc d ON d.sid = s.id"
                      "  WHERE f.doc = d.doc),"
                      " (SELECT COUNT(*) FROM subscription s WHERE org_names = coalesce((SELECT"
                      "  group_concat(name, ', ') FROM (SELECT name FROM org WHERE"
                      "  subscription_id = s.id ORDER BY name COLLATE NOCASE, id)), '')),"
                      " (SELECT COUNT(*) FROM subscription_search_dirty)"));
        QVERIFY(index.next());
        QCOMPARE(index.value(1).toInt(), 351);
        QCOMPARE(index.value(2).toInt(), 351);
        QCOMPARE(index.value(3).toInt(), 351);
        QCOMPARE(index.value(4).toInt(), 0);
        index.finish();

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

        // And the restored triggers work: an org added after the seed is found by its name.
        QSqlQuery seeded = server.db().exec(
            QStringLiteral("SELECT subscription_id FROM org WHERE subscription_id <> :e LIMIT 1"),
            {{":e", existing.subscriptionId}});
        QVERIFY(seeded.next());
        const QString seededId = seeded.value(0).toString();
        seeded.finish();
        linedesk::server::Accounts accounts(server.db());
        accounts.createOrg(QStringLiteral("Zyxwvut After Seed"), seededId, server.clock().now());
        const HttpResult added = http.get(QStringLiteral("/subscription?search=zyxwvut"), support);
        QCOMPARE(added.status, 200);
        const QJsonArray rows = added.object().value(QLatin1String("results")).toArray();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(QLatin1String("id")).toString(), seededId);
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
