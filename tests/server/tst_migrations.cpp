#include "apiexception.h"
#include "database.h"
#include "pgcluster.h"

#include <algorithm>

#include <QFile>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using linedesk::server::Database;
using linedesk::server::DatabaseException;

namespace {

constexpr qint64 kAnchorMs = 1'773'144'000'000; // 2026-03-10 12:00 UTC
constexpr qint64 kMonthMs = 31LL * 86'400'000;

int count(Database &db, const QString &sql)
{
    QSqlQuery q = db.exec(sql);
    return q.next() ? q.value(0).toInt() : -1;
}

// LINEDESK_TEST_BACKEND=postgres (the tst_migrations_pg variant): each test case's database
// is a new one in ctest's throwaway PostgreSQL cluster instead of a SQLite file.
bool onPostgres()
{
    return qEnvironmentVariable("LINEDESK_TEST_BACKEND") == QLatin1String("postgres");
}

QStringList tables(Database &db)
{
    QStringList names;
    QSqlQuery q = db.exec(
        db.isPostgres()
            ? QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                             " ORDER BY tablename")
            : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT"
                             " LIKE 'sqlite_%' ORDER BY name"));
    while (q.next())
        names << q.value(0).toString();
    return names;
}

// Every schema object with its SQL: equal before and after means nothing was altered.
QStringList schema(Database &db)
{
    QStringList objects;
    QSqlQuery q = db.exec(
        db.isPostgres()
            // Tables with their columns, indexes, functions and triggers.
            ? QStringLiteral(
                  "SELECT * FROM ("
                  " SELECT 'table' AS type, c.table_name || '.' || c.column_name AS name,"
                  "  c.data_type || ' ' || c.is_nullable || ' ' || coalesce(c.column_default, '')"
                  "  AS sql FROM information_schema.columns c WHERE c.table_schema = 'public'"
                  " UNION ALL SELECT 'index', indexname, indexdef FROM pg_indexes"
                  "  WHERE schemaname = 'public'"
                  " UNION ALL SELECT 'function', p.proname, p.prosrc FROM pg_proc p"
                  "  JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
                  " UNION ALL SELECT 'trigger', tgname, pg_get_triggerdef(oid) FROM pg_trigger"
                  "  WHERE NOT tgisinternal) x ORDER BY type, name, sql")
            : QStringLiteral(
                  "SELECT type, name, COALESCE(sql, '') FROM sqlite_master ORDER BY name"));
    while (q.next())
        objects << q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString() +
                       QLatin1Char(' ') + q.value(2).toString();
    return objects;
}

void insertSubscription(Database &db, const QString &id, qint64 creditsCents = 100'00,
                        int lineCap = 5)
{
    db.exec(QStringLiteral("INSERT INTO subscription (id, name, type, credits_cents,"
                           " included_lines, line_cap, billing_anchor, period_start, period_end,"
                           " created_at, updated_at) VALUES (:id, :name, 'growth', :c, 10, :cap,"
                           " :a, :a, :e, :a, :a)"),
            {{":id", id},
             {":name", QStringLiteral("Subscription ") + id},
             {":c", creditsCents},
             {":cap", lineCap},
             {":a", kAnchorMs},
             {":e", kAnchorMs + kMonthMs}});
}

void insertUser(Database &db, const QString &id)
{
    db.exec(QStringLiteral("INSERT INTO app_user (id, email, name, created_at)"
                           " VALUES (:id, :email, :id, :at)"),
            {{":id", id}, {":email", id + QStringLiteral("@test.example")}, {":at", kAnchorMs}});
}

bool userExists(Database &db, const QString &id)
{
    QSqlQuery q = db.exec(QStringLiteral("SELECT 1 FROM app_user WHERE id = :id"), {{":id", id}});
    return q.next();
}

} // namespace

// The schema's life: created fresh, migrated forward step by step without losing data,
// refused when newer than the program, and guarded by CHECK constraints and savepoints.
class TestMigrations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_location = m_dir->filePath(QStringLiteral("linedesk.db"));
        if (onPostgres()) {
            QString error;
            m_location = linedesk::test::PgCluster::createDatabase(&error);
            QVERIFY2(!m_location.isEmpty(), qPrintable(error));
        }
    }

    void freshDatabaseMigratesToLatest()
    {
        auto db = openDatabase();
        QVERIFY(Database::latestVersion() >= 2);
        QCOMPARE(db->schemaVersion(), 0);
        QCOMPARE(db->migrate(), Database::latestVersion());
        QCOMPARE(db->schemaVersion(), Database::latestVersion());
        // One row per applied version, 1..latest.
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM schema_version")),
                 Database::latestVersion());
        QCOMPARE(count(*db, QStringLiteral("SELECT MIN(version) FROM schema_version")), 1);
        const QStringList names = tables(*db);
        for (const char *table : {"catalogue_item", "subscription", "org", "app_user", "membership",
                                  "api_token", "line_change", "credit_movement", "audit_entry",
                                  "idempotency_record", "schema_version"})
            QVERIFY2(names.contains(QLatin1String(table)), table);
        QSqlQuery q = db->exec(QStringLiteral(
            "SELECT price_cents, currency FROM catalogue_item WHERE id = 'concurrency-line'"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), qint64(1000));
        QCOMPARE(q.value(1).toString(), QStringLiteral("USD"));
    }

    void reopeningIsANoOp()
    {
        QStringList before;
        {
            auto db = openDatabase();
            db->migrate();
            insertSubscription(*db, QStringLiteral("s1"));
            before = schema(*db);
        }
        auto db = openDatabase();
        QCOMPARE(db->schemaVersion(), Database::latestVersion());
        QCOMPARE(db->migrate(), Database::latestVersion());
        QCOMPARE(db->migrate(), Database::latestVersion());
        QCOMPARE(schema(*db), before);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM schema_version")),
                 Database::latestVersion());
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM subscription")), 1);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM catalogue_item")), 1);
    }

    void stepwiseMigrationKeepsData()
    {
        {
            auto db = openDatabase();
            QCOMPARE(db->migrate(1), 1);
            QCOMPARE(db->schemaVersion(), 1);
            QVERIFY(tables(*db).contains(QStringLiteral("subscription")));
            QVERIFY(!tables(*db).contains(QStringLiteral("line_change")));
            insertSubscription(*db, QStringLiteral("s1"), 123'45);
            insertUser(*db, QStringLiteral("u1"));
            db->exec(QStringLiteral("INSERT INTO org (id, name, subscription_id, created_at,"
                                    " updated_at) VALUES ('o1', 'Org Ünïcødé', 's1', 1, 1)"));
            db->exec(QStringLiteral("INSERT INTO membership (org_id, user_id, role)"
                                    " VALUES ('o1', 'u1', 'admin')"));
            db->exec(QStringLiteral("INSERT INTO api_token (token_hash, user_id, created_at)"
                                    " VALUES ('abc', 'u1', 1)"));
            // Asking for an older version than the database has never goes back.
            QCOMPARE(db->migrate(1), 1);
        }
        auto db = openDatabase();
        QCOMPARE(db->schemaVersion(), 1);
        QCOMPARE(db->migrate(), Database::latestVersion());
        QSqlQuery q = db->exec(QStringLiteral(
            "SELECT s.credits_cents, s.purchased_lines, s.version, o.name, m.role, t.user_id"
            " FROM subscription s JOIN org o ON o.subscription_id = s.id"
            " JOIN membership m ON m.org_id = o.id JOIN api_token t ON t.user_id = m.user_id"
            " WHERE s.id = 's1'"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), qint64(123'45));
        QCOMPARE(q.value(1).toInt(), 0);
        QCOMPARE(q.value(2).toLongLong(), qint64(1));
        QCOMPARE(q.value(3).toString(), QStringLiteral("Org Ünïcødé"));
        QCOMPARE(q.value(4).toString(), QStringLiteral("admin"));
        QCOMPARE(q.value(5).toString(), QStringLiteral("u1"));
        QVERIFY(!q.next());
        // The later tables work with the old rows.
        db->exec(QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                                " quantity, purchased_before, purchased_after, amount_cents)"
                                " VALUES ('c1', 's1', 1, 'test', 'purchase', 2, 0, 2, 645)"));
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM line_change")), 1);
        QCOMPARE(db->migrate(1), Database::latestVersion());
    }

    // Version 6 numbers line changes and audit entries in the order they were written
    // (seq): existing rows by (at, id), new rows after them, whatever their time.
    void version6NumbersRowsInWriteOrder()
    {
        QVERIFY(Database::latestVersion() >= 6);
        {
            auto db = openDatabase();
            QCOMPARE(db->migrate(5), 5);
            insertSubscription(*db, QStringLiteral("s1"), 100'00, 50);
            insertUser(*db, QStringLiteral("u1"));
            // Written in this order; two share a millisecond.
            const QList<std::pair<const char *, qint64>> rows{
                {"c-b", 200}, {"c-a", 200}, {"c-z", 300}, {"c-m", 100}};
            int purchased = 0;
            for (const auto &[id, at] : rows) {
                db->exec(QStringLiteral("INSERT INTO line_change (id, subscription_id, at,"
                                        " actor_user_id, actor, kind, quantity, purchased_before,"
                                        " purchased_after, amount_cents, idempotency_key,"
                                        " request_id) VALUES (:id, 's1', :at, 'u1', 'test',"
                                        " 'purchase', 1, :b, :a, 1000, :k, 'r')"),
                         {{":id", QString::fromLatin1(id)},
                          {":at", at},
                          {":b", purchased},
                          {":a", purchased + 1},
                          {":k", QStringLiteral("key-") + QString::fromLatin1(id)}});
                ++purchased;
                db->exec(QStringLiteral("INSERT INTO audit_entry (id, subscription_id, at, actor,"
                                        " action, before_json, after_json, reason) VALUES (:id,"
                                        " 's1', :at, 'test', 'lines.purchase', '{}', '{\"n\":1}',"
                                        " 'why')"),
                         {{":id", QStringLiteral("a") + QString::fromLatin1(id)}, {":at", at}});
            }
            // An audit entry of no subscription (the operator's) keeps its place too.
            db->exec(QStringLiteral("INSERT INTO audit_entry (id, at, actor, action,"
                                    " before_json, after_json) VALUES ('a-none', 150, 'operator',"
                                    " 'user.create', '{}', '{}')"));
        }
        auto db = openDatabase();
        QCOMPARE(db->migrate(), Database::latestVersion());
        const auto order = [&db](const char *table) {
            QStringList ids;
            QSqlQuery q = db->exec(
                QStringLiteral("SELECT id, seq FROM %1 ORDER BY seq").arg(QLatin1String(table)));
            qint64 expected = 1;
            while (q.next()) {
                if (q.value(1).toLongLong() != expected++)
                    return QStringList{
                        QStringLiteral("seq %1 out of order").arg(q.value(1).toLongLong())};
                ids << q.value(0).toString();
            }
            return ids;
        };
        QCOMPARE(order("line_change"), (QStringList{QStringLiteral("c-m"), QStringLiteral("c-a"),
                                                    QStringLiteral("c-b"), QStringLiteral("c-z")}));
        QCOMPARE(
            order("audit_entry"),
            (QStringList{QStringLiteral("ac-m"), QStringLiteral("a-none"), QStringLiteral("ac-a"),
                         QStringLiteral("ac-b"), QStringLiteral("ac-z")}));
        // Every column came across.
        QSqlQuery q = db->exec(QStringLiteral(
            "SELECT subscription_id, at, actor_user_id, actor, kind, quantity, purchased_before,"
            " purchased_after, amount_cents, idempotency_key, request_id FROM line_change"
            " WHERE id = 'c-z'"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("s1"));
        QCOMPARE(q.value(1).toLongLong(), qint64(300));
        QCOMPARE(q.value(2).toString(), QStringLiteral("u1"));
        QCOMPARE(q.value(3).toString(), QStringLiteral("test"));
        QCOMPARE(q.value(4).toString(), QStringLiteral("purchase"));
        QCOMPARE(q.value(5).toInt(), 1);
        QCOMPARE(q.value(6).toInt(), 2);
        QCOMPARE(q.value(7).toInt(), 3);
        QCOMPARE(q.value(8).toLongLong(), qint64(1000));
        QCOMPARE(q.value(9).toString(), QStringLiteral("key-c-z"));
        QCOMPARE(q.value(10).toString(), QStringLiteral("r"));
        q = db->exec(QStringLiteral("SELECT subscription_id, after_json, reason FROM audit_entry"
                                    " WHERE id = 'ac-z'"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("s1"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("{\"n\":1}"));
        QCOMPARE(q.value(2).toString(), QStringLiteral("why"));

        // New rows come after, even with an older time, without naming seq.
        db->exec(QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                                " quantity, purchased_before, purchased_after, amount_cents)"
                                " VALUES ('c-new', 's1', 50, 'test', 'removal', -1, 4, 3, -500)"));
        db->exec(QStringLiteral("INSERT INTO audit_entry (id, subscription_id, at, actor, action,"
                                " before_json, after_json) VALUES ('a-new', 's1', 50, 'test',"
                                " 'lines.remove', '{}', '{}')"));
        QCOMPARE(order("line_change").last(), QStringLiteral("c-new"));
        QCOMPARE(order("audit_entry").last(), QStringLiteral("a-new"));
        QCOMPARE(count(*db, QStringLiteral("SELECT seq FROM line_change WHERE id = 'c-new'")), 5);
        QCOMPARE(count(*db, QStringLiteral("SELECT seq FROM audit_entry WHERE id = 'a-new'")), 6);
        // Ids stay unique, and so does seq; the line change's constraints are still there.
        for (const QString &sql :
             {QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                             " quantity, purchased_before, purchased_after, amount_cents) VALUES"
                             " ('c-new', 's1', 1, 'test', 'purchase', 1, 3, 4, 1)"),
              QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                             " quantity, purchased_before, purchased_after, amount_cents, seq)"
                             " VALUES ('c-dup', 's1', 1, 'test', 'purchase', 1, 3, 4, 1, 2)"),
              QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                             " quantity, purchased_before, purchased_after, amount_cents) VALUES"
                             " ('c-bad', 's1', 1, 'test', 'purchase', 1, 3, 5, 1)"),
              QStringLiteral("INSERT INTO audit_entry (id, at, actor, action, before_json,"
                             " after_json) VALUES ('a-new', 1, 'x', 'y', '{}', '{}')")}) {
            QString error;
            try {
                db->exec(sql);
            } catch (const DatabaseException &e) {
                error = e.message();
            }
            QVERIFY2(!error.isEmpty(), qPrintable(sql));
        }
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM line_change")), 5);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM audit_entry")), 6);
    }

    // Version 9 (the calls API) gives the calls of before it their updatedAt (their latest
    // time: end, last heartbeat or start), their assistant and phone number as columns from
    // their details, and an index for each GET /call filter.
    void version9BackfillsTheCallsApiColumns()
    {
        QVERIFY(Database::latestVersion() >= 9);
        {
            auto db = openDatabase();
            QCOMPARE(db->migrate(8), 8);
            insertSubscription(*db, QStringLiteral("s1"));
            insertUser(*db, QStringLiteral("u1"));
            db->exec(QStringLiteral("INSERT INTO org (id, name, subscription_id, created_at,"
                                    " updated_at) VALUES ('o1', 'Org', 's1', 1, 1)"));
            const QString insert = QStringLiteral(
                "INSERT INTO call (id, subscription_id, org_id, created_by, type, status,"
                " created_at, ended_at, ended_reason, last_heartbeat_at, lease_expires_at,"
                " blocked, limit_at_start, remaining_at_start, details) VALUES (:id, 's1', 'o1',"
                " 'u1', 'webCall', :status, :created, :ended, :reason, :beat, :lease, 0, 10, 9,"
                " :details)");
            const QVariant none(QMetaType::fromType<qint64>());
            // Ended after a heartbeat; in progress with heartbeats; never heartbeated;
            // details without the two ids.
            db->exec(insert, {{":id", QStringLiteral("ended")},
                              {":status", QStringLiteral("ended")},
                              {":created", 1000},
                              {":ended", 5000},
                              {":reason", QStringLiteral("customer-ended-call")},
                              {":beat", 3000},
                              {":lease", none},
                              {":details", QStringLiteral(R"({"assistantId":"a1","phoneNumberId":)"
                                                          R"("p1","name":"N"})")}});
            db->exec(insert, {{":id", QStringLiteral("live")},
                              {":status", QStringLiteral("in-progress")},
                              {":created", 2000},
                              {":ended", none},
                              {":reason", QVariant(QMetaType::fromType<QString>())},
                              {":beat", 7000},
                              {":lease", 9000},
                              {":details", QStringLiteral(R"({"assistantId":"a2"})")}});
            db->exec(insert, {{":id", QStringLiteral("fresh")},
                              {":status", QStringLiteral("in-progress")},
                              {":created", 4000},
                              {":ended", none},
                              {":reason", QVariant(QMetaType::fromType<QString>())},
                              {":beat", none},
                              {":lease", 6000},
                              {":details", QStringLiteral("{}")}});
            // From before issue 12: anything in the details, e.g. an id too long for an index
            // entry, or not a string.
            db->exec(insert,
                     {{":id", QStringLiteral("odd")},
                      {":status", QStringLiteral("ended")},
                      {":created", 1500},
                      {":ended", 1600},
                      {":reason", QStringLiteral("customer-ended-call")},
                      {":beat", none},
                      {":lease", none},
                      {":details", QStringLiteral(R"({"assistantId":"%1","phoneNumberId":{"n":1}})")
                                       .arg(QString(1000, QChar(0x8A9E)))}});
            // A keyed start's answer, and a purchase's.
            db->exec(QStringLiteral(
                "INSERT INTO idempotency_record (user_id, idempotency_key, request_hash, status,"
                " response_body, created_at) VALUES ('u1', 'k-call', 'h', 201,"
                " '{\"createdAt\":\"x\",\"id\":\"ended\",\"subscriptionLimits\":{}}', 1),"
                " ('u1', 'k-buy', 'h', 201, '{\"change\":{\"id\":\"c1\"}}', 1)"));
        }
        auto db = openDatabase();
        QCOMPARE(db->migrate(), Database::latestVersion());
        QSqlQuery q =
            db->exec(QStringLiteral("SELECT id, updated_at, assistant_id,"
                                    " phone_number_id, deleted_at FROM call ORDER BY id"));
        QStringList rows;
        while (q.next())
            rows << QStringLiteral("%1 %2 %3 %4 %5")
                        .arg(q.value(0).toString(), q.value(1).toString(),
                             q.value(2).isNull() ? QStringLiteral("-") : q.value(2).toString(),
                             q.value(3).isNull() ? QStringLiteral("-") : q.value(3).toString(),
                             q.value(4).isNull() ? QStringLiteral("-") : q.value(4).toString());
        QCOMPARE(rows, (QStringList{
                           QStringLiteral("ended 5000 a1 p1 -"), QStringLiteral("fresh 4000 - - -"),
                           QStringLiteral("live 7000 a2 - -"), QStringLiteral("odd 1600 - - -")}));
        q = db->exec(QStringLiteral("SELECT idempotency_key, COALESCE(call_id, '-') FROM"
                                    " idempotency_record ORDER BY idempotency_key"));
        QStringList records;
        while (q.next())
            records << q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString();
        QCOMPARE(records, (QStringList{QStringLiteral("k-buy -"), QStringLiteral("k-call ended")}));
        const QStringList objects = schema(*db);
        for (const char *index :
             {"call_created", "call_updated", "call_assistant", "call_phone_number"})
            QVERIFY2(std::any_of(objects.begin(), objects.end(),
                                 [index](const QString &o) {
                                     return o.startsWith(
                                         QStringLiteral("index %1 ").arg(QLatin1String(index)));
                                 }),
                     index);
    }

    // Two connections (two service instances) on one file: the second one to migrate
    // re-reads the version under the write lock and applies nothing twice.
    void twoConnectionsMigrateOnce()
    {
        auto a = openDatabase();
        auto b = openDatabase();
        QCOMPARE(a->migrate(1), 1);
        QCOMPARE(b->migrate(), Database::latestVersion());
        QCOMPARE(a->migrate(), Database::latestVersion());
        QCOMPARE(count(*a, QStringLiteral("SELECT COUNT(*) FROM schema_version")),
                 Database::latestVersion());
        QCOMPARE(count(*a, QStringLiteral("SELECT COUNT(DISTINCT version) FROM schema_version")),
                 Database::latestVersion());
    }

    void newerSchemaIsRefused()
    {
        const int newer = Database::latestVersion() + 1;
        {
            auto db = openDatabase();
            db->migrate();
            insertSubscription(*db, QStringLiteral("s1"));
            db->exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (:v)"),
                     {{":v", newer}});
        }
        auto db = openDatabase();
        QCOMPARE(db->schemaVersion(), newer);
        QString message;
        try {
            db->migrate();
        } catch (const DatabaseException &e) {
            message = e.message();
        }
        QVERIFY2(!message.isEmpty(), "migrate() accepted a newer schema");
        QVERIFY2(message.contains(QStringLiteral("schema version %1").arg(newer)),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("program's %1").arg(Database::latestVersion())),
                 qPrintable(message));
        QVERIFY2(message.contains(Database::displayName(path())), qPrintable(message));
        // Refused without touching anything.
        QCOMPARE(db->schemaVersion(), newer);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM subscription")), 1);
    }

    void notADatabaseIsRefused()
    {
        if (onPostgres()) {
            // A database that does not exist in the cluster: refused with a message.
            QString uri = path();
            uri.replace(uri.lastIndexOf(QLatin1Char('/')), uri.size(),
                        QStringLiteral("/no_such_database"));
            bool refused = false;
            try {
                auto db = Database::open(uri);
                db->migrate();
            } catch (const DatabaseException &e) {
                refused = true;
                QVERIFY2(e.message().contains(QLatin1String("no_such_database")),
                         qPrintable(e.message()));
            }
            QVERIFY(refused);
            return;
        }
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
        file.close();
        bool refused = false;
        try {
            auto db = openDatabase();
            db->migrate();
        } catch (const DatabaseException &e) {
            refused = true;
            QVERIFY2(!e.message().isEmpty(), "empty message");
        }
        QVERIFY(refused);
    }

    // SQLite: WAL, foreign keys, a busy timeout. PostgreSQL: version 15 or later, READ
    // COMMITTED. Both: a reader sees the last commit while a writer's transaction is open.
    void walModeAndPragmas()
    {
        auto db = openDatabase();
        db->migrate();
        if (db->isPostgres()) {
            QSqlQuery q = db->exec(QStringLiteral("SHOW server_version_num"));
            QVERIFY(q.next());
            QVERIFY2(q.value(0).toInt() >= 150000, qPrintable(q.value(0).toString()));
            q = db->exec(QStringLiteral("SHOW transaction_isolation"));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("read committed"));
        } else {
            QSqlQuery q = db->exec(QStringLiteral("PRAGMA journal_mode"));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString().toLower(), QStringLiteral("wal"));
            q = db->exec(QStringLiteral("PRAGMA foreign_keys"));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 1);
            q = db->exec(QStringLiteral("PRAGMA busy_timeout"));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 15000);
        }
        // WAL (MVCC on PostgreSQL) lets a reader see the last commit while a writer holds its
        // transaction open.
        insertUser(*db, QStringLiteral("committed"));
        auto reader = openDatabase();
        Database::Transaction tx(*db);
        insertUser(*db, QStringLiteral("uncommitted"));
        QVERIFY(userExists(*reader, QStringLiteral("committed")));
        QVERIFY(!userExists(*reader, QStringLiteral("uncommitted")));
        tx.commit();
        QVERIFY(userExists(*reader, QStringLiteral("uncommitted")));
    }

    void constraints_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("accepted");

        // Valid twins first: the refused rows fail for the reason their name gives.
        QTest::newRow("valid: credits to zero")
            << QStringLiteral("UPDATE subscription SET credits_cents = 0 WHERE id = 's1'") << true;
        QTest::newRow("valid: purchased up to the cap")
            << QStringLiteral("UPDATE subscription SET purchased_lines = 5 WHERE id = 's1'")
            << true;
        QTest::newRow("valid: consistent line change")
            << QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                              " quantity, purchased_before, purchased_after, amount_cents)"
                              " VALUES ('ok', 's1', 1, 'test', 'removal', -2, 3, 1, -500)")
            << true;

        QTest::newRow("negative credits")
            << QStringLiteral("UPDATE subscription SET credits_cents = -1 WHERE id = 's1'")
            << false;
        QTest::newRow("new subscription with negative credits")
            << QStringLiteral("INSERT INTO subscription (id, name, type, credits_cents,"
                              " included_lines, billing_anchor, period_start, period_end,"
                              " created_at, updated_at) VALUES ('s2', 'x', 'growth', -100, 10,"
                              " 0, 0, 1, 0, 0)")
            << false;
        QTest::newRow("purchased above line cap")
            << QStringLiteral("UPDATE subscription SET purchased_lines = 6 WHERE id = 's1'")
            << false;
        QTest::newRow("line cap lowered below purchased")
            << QStringLiteral("UPDATE subscription SET purchased_lines = 3, line_cap = 2"
                              " WHERE id = 's1'")
            << false;
        QTest::newRow("negative purchased")
            << QStringLiteral("UPDATE subscription SET purchased_lines = -1 WHERE id = 's1'")
            << false;
        QTest::newRow("negative active calls")
            << QStringLiteral("UPDATE subscription SET active_calls = -1 WHERE id = 's1'") << false;
        QTest::newRow("unknown type")
            << QStringLiteral("UPDATE subscription SET type = 'gold' WHERE id = 's1'") << false;
        QTest::newRow("unknown status")
            << QStringLiteral("UPDATE subscription SET status = 'paused' WHERE id = 's1'") << false;
        QTest::newRow("period ends before it starts")
            << QStringLiteral("UPDATE subscription SET period_end = period_start WHERE id = 's1'")
            << false;
        QTest::newRow("line change: after != before + quantity")
            << QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                              " quantity, purchased_before, purchased_after, amount_cents)"
                              " VALUES ('bad', 's1', 1, 'test', 'purchase', 2, 0, 3, 645)")
            << false;
        QTest::newRow("line change of zero lines")
            << QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                              " quantity, purchased_before, purchased_after, amount_cents)"
                              " VALUES ('bad', 's1', 1, 'test', 'purchase', 0, 1, 1, 0)")
            << false;
        QTest::newRow("line change of unknown kind")
            << QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                              " quantity, purchased_before, purchased_after, amount_cents)"
                              " VALUES ('bad', 's1', 1, 'test', 'gift', 1, 0, 1, 0)")
            << false;
        QTest::newRow("line change of unknown subscription")
            << QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor, kind,"
                              " quantity, purchased_before, purchased_after, amount_cents)"
                              " VALUES ('bad', 'nope', 1, 'test', 'purchase', 1, 0, 1, 0)")
            << false;
        QTest::newRow("credit movement to a negative balance")
            << QStringLiteral("INSERT INTO credit_movement (id, subscription_id, at, amount_cents,"
                              " kind, balance_after_cents) VALUES ('bad', 's1', 1, -200, "
                              " 'line-purchase', -1)")
            << false;
        QTest::newRow("credit movement of unknown kind")
            << QStringLiteral("INSERT INTO credit_movement (id, subscription_id, at, amount_cents,"
                              " kind, balance_after_cents) VALUES ('bad', 's1', 1, 5, 'gift', 5)")
            << false;
        QTest::newRow("membership with unknown role")
            << QStringLiteral("INSERT INTO membership (org_id, user_id, role)"
                              " VALUES ('o1', 'u1', 'owner')")
            << false;
        QTest::newRow("org of unknown subscription")
            << QStringLiteral("INSERT INTO org (id, name, subscription_id, created_at, updated_at)"
                              " VALUES ('o2', 'x', 'nope', 1, 1)")
            << false;
        QTest::newRow("support flag other than 0 or 1")
            << QStringLiteral("UPDATE app_user SET support = 2 WHERE id = 'u1'") << false;
        QTest::newRow("duplicate email")
            << QStringLiteral("INSERT INTO app_user (id, email, name, created_at)"
                              " VALUES ('u2', 'u1@test.example', 'x', 1)")
            << false;
        QTest::newRow("negative line price")
            << QStringLiteral("UPDATE catalogue_item SET price_cents = -1") << false;
    }
    void constraints()
    {
        QFETCH(QString, sql);
        QFETCH(bool, accepted);
        auto db = openDatabase();
        db->migrate();
        insertSubscription(*db, QStringLiteral("s1"), 100'00, 5);
        insertUser(*db, QStringLiteral("u1"));
        db->exec(QStringLiteral("INSERT INTO org (id, name, subscription_id, created_at,"
                                " updated_at) VALUES ('o1', 'Org', 's1', 1, 1)"));
        const QString fingerprintSql = QStringLiteral(
            "SELECT (SELECT credits_cents || '/' || purchased_lines || '/' || line_cap || '/' ||"
            " type || '/' || status || '/' || active_calls || '/' || period_end FROM subscription"
            " WHERE id = 's1') || '|' || (SELECT COUNT(*) FROM subscription) || '|' ||"
            " (SELECT COUNT(*) FROM line_change) || '|' || (SELECT COUNT(*) FROM credit_movement)"
            " || '|' || (SELECT COUNT(*) FROM membership) || '|' || (SELECT COUNT(*) FROM org)"
            " || '|' || (SELECT COUNT(*) FROM app_user) || '|' || (SELECT support FROM app_user"
            " WHERE id = 'u1') || '|' || (SELECT price_cents FROM catalogue_item)");
        auto fingerprint = [&] {
            QSqlQuery q = db->exec(fingerprintSql);
            return q.next() ? q.value(0).toString() : QString();
        };
        const QString before = fingerprint();
        QString error;
        try {
            db->exec(sql);
        } catch (const DatabaseException &e) {
            error = e.message();
        }
        if (accepted) {
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QVERIFY(fingerprint() != before);
        } else {
            QVERIFY2(!error.isEmpty(), "the database accepted it");
            QVERIFY2(error.contains(QLatin1String("constraint"), Qt::CaseInsensitive),
                     qPrintable(error));
            QCOMPARE(fingerprint(), before);
        }
    }

    void nestedTransactionRollsBackOnlyTheInnerPart()
    {
        auto db = openDatabase();
        db->migrate();
        {
            Database::Transaction outer(*db);
            insertUser(*db, QStringLiteral("outer-before"));
            {
                Database::Transaction inner(*db);
                insertUser(*db, QStringLiteral("inner"));
                QVERIFY(userExists(*db, QStringLiteral("inner")));
                // not committed: rolled back to its savepoint
            }
            QVERIFY(!userExists(*db, QStringLiteral("inner")));
            QVERIFY(userExists(*db, QStringLiteral("outer-before")));
            insertUser(*db, QStringLiteral("outer-after"));
            outer.commit();
        }
        QVERIFY(userExists(*db, QStringLiteral("outer-before")));
        QVERIFY(!userExists(*db, QStringLiteral("inner")));
        QVERIFY(userExists(*db, QStringLiteral("outer-after")));

        // An exception leaving the inner part (a refused change) undoes just that part.
        {
            Database::Transaction outer(*db);
            insertUser(*db, QStringLiteral("kept"));
            try {
                Database::Transaction inner(*db);
                insertUser(*db, QStringLiteral("thrown"));
                {
                    Database::Transaction innermost(*db);
                    insertUser(*db, QStringLiteral("innermost"));
                    innermost.commit();
                }
                insertUser(*db, QStringLiteral("kept")); // duplicate id: throws
                insertUser(*db, QStringLiteral("never"));
                inner.commit();
            } catch (const DatabaseException &) {
            }
            QVERIFY(userExists(*db, QStringLiteral("kept")));
            QVERIFY(!userExists(*db, QStringLiteral("thrown")));
            QVERIFY(!userExists(*db, QStringLiteral("innermost")));
            QVERIFY(!userExists(*db, QStringLiteral("never")));
            outer.commit();
        }
        QVERIFY(userExists(*db, QStringLiteral("kept")));
        QVERIFY(!userExists(*db, QStringLiteral("thrown")));

        // An inner commit is undone by the outer rollback.
        {
            Database::Transaction outer(*db);
            {
                Database::Transaction inner(*db);
                insertUser(*db, QStringLiteral("inner-committed"));
                inner.commit();
            }
            QVERIFY(userExists(*db, QStringLiteral("inner-committed")));
        }
        QVERIFY(!userExists(*db, QStringLiteral("inner-committed")));

        // Depth is back to zero: a new top-level transaction (BEGIN) works and commits.
        {
            Database::Transaction tx(*db);
            insertUser(*db, QStringLiteral("last"));
            tx.commit();
        }
        auto other = openDatabase();
        QVERIFY(userExists(*other, QStringLiteral("last")));
        QVERIFY(userExists(*other, QStringLiteral("kept")));
        QVERIFY(!userExists(*other, QStringLiteral("inner-committed")));
    }

    void badSqlNamesTheStatement()
    {
        auto db = openDatabase();
        db->migrate();
        QString message;
        try {
            db->exec(QStringLiteral("SELECT nothing FROM nowhere"));
        } catch (const DatabaseException &e) {
            message = e.message();
        }
        QVERIFY2(message.contains(QLatin1String("nowhere")), qPrintable(message));
    }

private:
    // The test case's database: a SQLite file, or a PostgreSQL URI (tst_migrations_pg).
    QString path() const { return m_location; }
    std::unique_ptr<Database> openDatabase() const { return Database::open(m_location); }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_location;
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
