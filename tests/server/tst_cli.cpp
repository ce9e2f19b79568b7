#include "database.h"
#include "pgcluster.h"
#include "testserver.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

#ifndef LINEDESK_SERVER_BIN
#error "LINEDESK_SERVER_BIN must name the linedesk-server binary (see tests/server/CMakeLists.txt)"
#endif

using namespace linedesk::test;
using linedesk::server::Database;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Quiet logs, and a child that dies with the test: a crashed or timed-out test never leaves
// a server running.
void prepare(QProcess &p)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("linedesk.*.info=false"));
    p.setProcessEnvironment(env);
#ifdef Q_OS_LINUX
    p.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
}

// One operator command, run to completion as its own process.
Run run(const QStringList &arguments)
{
    QProcess p;
    prepare(p);
    p.start(QStringLiteral(LINEDESK_SERVER_BIN), arguments);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString();
        return r;
    }
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// `linedesk-server --listen 127.0.0.1:0 --database PATH …` as a real process: the OS picks
// a free port and the server prints it. Always ended when this object goes.
class ServerProcess
{
public:
    ~ServerProcess() { stop(); }

    // Waits until the server prints its address; false (with `error`) if it exits or is slow.
    bool start(const QString &database, const QStringList &extra, QString *error)
    {
        prepare(m_process);
        // No database: it comes from `extra` (a --config file).
        QStringList arguments{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
        if (!database.isEmpty())
            arguments << QStringLiteral("--database") << database;
        m_process.start(QStringLiteral(LINEDESK_SERVER_BIN), arguments + extra);
        if (!m_process.waitForStarted(10000)) {
            *error = m_process.errorString();
            return false;
        }
        static const QRegularExpression listening(
            QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            m_out += QString::fromUtf8(m_process.readAllStandardOutput());
            const auto m = listening.match(m_out);
            if (m.hasMatch()) {
                m_port = m.captured(1).toUShort();
                return true;
            }
            if (m_process.state() == QProcess::NotRunning) {
                *error = QStringLiteral("exited with %1: %2")
                             .arg(m_process.exitCode())
                             .arg(QString::fromUtf8(m_process.readAllStandardError()));
                return false;
            }
            m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
        *error = QStringLiteral("no \"listening on\" line within 30 s: ") + m_out;
        return false;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    // Everything printed so far (use with QTRY_*: output arrives through the event loop).
    const QString &output()
    {
        m_out += QString::fromUtf8(m_process.readAllStandardOutput());
        return m_out;
    }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

private:
    QProcess m_process;
    QString m_out;
    quint16 m_port = 0;
};

bool writeFile(const QString &path, const QString &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content.toUtf8()) == content.toUtf8().size();
}

QString firstLine(const QString &text)
{
    return text.section(QLatin1Char('\n'), 0, 0).trimmed();
}

int count(Database &db, const QString &sql)
{
    QSqlQuery q = db.exec(sql);
    return q.next() ? q.value(0).toInt() : -1;
}

const QRegularExpression
    kUuid(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));

} // namespace

// The operator's side of linedesk-server: the admin commands and the demo seed, run as the
// real program, checked in the database and against a real server process.
class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(QStringLiteral(LINEDESK_SERVER_BIN)), LINEDESK_SERVER_BIN);
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("operator.db"));
        Run r = admin({QStringLiteral("create-subscription"), QStringLiteral("--name"),
                       QStringLiteral("Fixture Co"), QStringLiteral("--credits"),
                       QStringLiteral("20.00")});
        QCOMPARE(r.exitCode, 0);
        m_sub = firstLine(r.out);
        r = admin({QStringLiteral("create-org"), QStringLiteral("--name"),
                   QStringLiteral("Fixture Org"), QStringLiteral("--subscription"), m_sub});
        QCOMPARE(r.exitCode, 0);
        m_org = firstLine(r.out);
        r = admin({QStringLiteral("create-user"), QStringLiteral("--email"),
                   QStringLiteral("existing@fixture.example")});
        QCOMPARE(r.exitCode, 0);
    }

    void help_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--help") << QStringList{QStringLiteral("--help")}
                                << QStringLiteral("create-subscription");
        QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << QStringLiteral("--listen");
        QTest::newRow("admin --help")
            << QStringList{QStringLiteral("admin"), QStringLiteral("--help")}
            << QStringLiteral("add-credits");
        QTest::newRow("admin create-org --help")
            << QStringList{QStringLiteral("admin"), QStringLiteral("create-org"),
                           QStringLiteral("--help")}
            << QStringLiteral("create-org");
        QTest::newRow("--version")
            << QStringList{QStringLiteral("--version")} << QStringLiteral(LINEDESK_VERSION);
    }
    void help()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(expected), qPrintable(r.out + r.err));
        if (!arguments.contains(QStringLiteral("--version")))
            QVERIFY2(r.out.contains(QLatin1String("Usage")), qPrintable(r.out));
    }

    void createSubscriptionAndList()
    {
        const QString db = m_dir.filePath(QStringLiteral("create.db"));
        Run r = run({QStringLiteral("admin"), QStringLiteral("create-subscription"),
                     QStringLiteral("--database"), db, QStringLiteral("--name"),
                     QStringLiteral("Acme Ünïcødé"), QStringLiteral("--type"),
                     QStringLiteral("growth"), QStringLiteral("--included"), QStringLiteral("10"),
                     QStringLiteral("--credits"), QStringLiteral("100.00")});
        QCOMPARE(r.exitCode, 0);
        const QString id = firstLine(r.out);
        QVERIFY2(kUuid.match(id).hasMatch(), qPrintable(r.out));
        QCOMPARE(r.out, id + QLatin1Char('\n'));

        {
            auto d = Database::openSqlite(db);
            QCOMPARE(d->schemaVersion(), Database::latestVersion());
            QSqlQuery q = d->exec(
                QStringLiteral("SELECT name, type, status, credits_cents, included_lines,"
                               " purchased_lines, line_cap FROM subscription WHERE id = :id"),
                {{":id", id}});
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("Acme Ünïcødé"));
            QCOMPARE(q.value(1).toString(), QStringLiteral("growth"));
            QCOMPARE(q.value(2).toString(), QStringLiteral("active"));
            QCOMPARE(q.value(3).toLongLong(), qint64(100'00));
            QCOMPARE(q.value(4).toInt(), 10);
            QCOMPARE(q.value(5).toInt(), 0);
            QCOMPARE(q.value(6).toInt(), 1000);
            q = d->exec(QStringLiteral("SELECT action, actor FROM audit_entry WHERE"
                                       " subscription_id = :id"),
                        {{":id", id}});
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("subscription.create"));
            QCOMPARE(q.value(1).toString(), QStringLiteral("operator"));
            QVERIFY(!q.next());
            QCOMPARE(count(*d, QStringLiteral("SELECT SUM(amount_cents) FROM credit_movement")),
                     100'00);
        }

        r = run(
            {QStringLiteral("admin"), QStringLiteral("list"), QStringLiteral("--database"), db});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("%1  Acme Ünïcødé (growth, active, credits 100.00,"
                                               " lines 10 + 0)")
                                    .arg(id)),
                 qPrintable(r.out));
    }

    // The whole operator flow, then the token against a real server process.
    void operatorFlowAndTokenAgainstServer()
    {
        // On PostgreSQL (the suite's _pg run) the same flow through a postgresql:// URI.
        const QString db = TestServer::postgresRequested()
                               ? PgCluster::createDatabase()
                               : m_dir.filePath(QStringLiteral("flow.db"));
        QVERIFY(!db.isEmpty());
        auto adminCommand = [&](QStringList args) {
            args.insert(1, QStringLiteral("--database"));
            args.insert(2, db);
            args.prepend(QStringLiteral("admin"));
            return run(args);
        };
        Run r = adminCommand(
            {QStringLiteral("create-subscription"), QStringLiteral("--name"),
             QStringLiteral("Flow Co"), QStringLiteral("--type"), QStringLiteral("scale"),
             QStringLiteral("--included"), QStringLiteral("12"), QStringLiteral("--credits"),
             QStringLiteral("250.50"), QStringLiteral("--line-cap"), QStringLiteral("20")});
        QCOMPARE(r.exitCode, 0);
        const QString sub = firstLine(r.out);
        r = adminCommand({QStringLiteral("create-org"), QStringLiteral("--name"),
                          QStringLiteral("Flow Org"), QStringLiteral("--subscription"), sub});
        QCOMPARE(r.exitCode, 0);
        const QString org = firstLine(r.out);
        QVERIFY(kUuid.match(org).hasMatch());
        r = adminCommand({QStringLiteral("create-user"), QStringLiteral("--email"),
                          QStringLiteral("Admin@Flow.Example"), QStringLiteral("--name"),
                          QStringLiteral("Flo Admin"), QStringLiteral("--org"), org,
                          QStringLiteral("--role"), QStringLiteral("admin")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(kUuid.match(firstLine(r.out)).hasMatch());
        r = adminCommand({QStringLiteral("create-user"), QStringLiteral("--email"),
                          QStringLiteral("viewer@flow.example")});
        QCOMPARE(r.exitCode, 0);
        r = adminCommand({QStringLiteral("add-member"), QStringLiteral("--email"),
                          QStringLiteral("viewer@flow.example"), QStringLiteral("--org"), org,
                          QStringLiteral("--role"), QStringLiteral("viewer")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("ok\n"));
        r = adminCommand({QStringLiteral("create-user"), QStringLiteral("--email"),
                          QStringLiteral("help@flow.example"), QStringLiteral("--support")});
        QCOMPARE(r.exitCode, 0);

        QHash<QString, QString> tokens;
        for (const QString &email :
             {QStringLiteral("admin@flow.example"), QStringLiteral("viewer@flow.example"),
              QStringLiteral("help@flow.example")}) {
            r = adminCommand({QStringLiteral("create-token"), QStringLiteral("--email"), email,
                              QStringLiteral("--label"), QStringLiteral("ci")});
            QCOMPARE(r.exitCode, 0);
            const QString token = firstLine(r.out);
            QCOMPARE(r.out, token + QLatin1Char('\n')); // the token, and nothing else
            QVERIFY2(token.startsWith(QLatin1String("ld_")) && token.size() >= 3 + 22,
                     qPrintable(token));
            tokens.insert(email, token);
        }
        QCOMPARE(tokens.size(), 3);

        {
            // Only the hashes are stored.
            auto d = Database::open(db);
            for (const QString &token : std::as_const(tokens)) {
                QSqlQuery q = d->exec(
                    QStringLiteral("SELECT label FROM api_token WHERE token_hash = :h"),
                    {{":h", QString::fromLatin1(
                                QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256)
                                    .toHex())}});
                QVERIFY(q.next());
                QCOMPARE(q.value(0).toString(), QStringLiteral("ci"));
                QCOMPARE(count(*d, QStringLiteral("SELECT COUNT(*) FROM api_token WHERE"
                                                  " token_hash = '%1'")
                                       .arg(token)),
                         0);
            }
        }

        ServerProcess server;
        QString error;
        QVERIFY2(server.start(db, {}, &error), qPrintable(error));
        HttpClient http(server.url());
        HttpResult me =
            http.get(QStringLiteral("/me"), tokens.value(QStringLiteral("admin@flow.example")));
        QCOMPARE(me.status, 200);
        QJsonObject o = me.object();
        QCOMPARE(o.value(QLatin1String("user")).toObject().value(QLatin1String("email")).toString(),
                 QStringLiteral("admin@flow.example"));
        QCOMPARE(o.value(QLatin1String("user")).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("Flo Admin"));
        QCOMPARE(o.value(QLatin1String("support")), QJsonValue(false));
        QJsonArray memberships = o.value(QLatin1String("memberships")).toArray();
        QCOMPARE(memberships.size(), 1);
        QCOMPARE(memberships.at(0).toObject().value(QLatin1String("orgId")).toString(), org);
        QCOMPARE(memberships.at(0).toObject().value(QLatin1String("role")).toString(),
                 QStringLiteral("admin"));

        me = http.get(QStringLiteral("/me"), tokens.value(QStringLiteral("viewer@flow.example")));
        QCOMPARE(me.status, 200);
        memberships = me.object().value(QLatin1String("memberships")).toArray();
        QCOMPARE(memberships.size(), 1);
        QCOMPARE(memberships.at(0).toObject().value(QLatin1String("role")).toString(),
                 QStringLiteral("viewer"));

        me = http.get(QStringLiteral("/me"), tokens.value(QStringLiteral("help@flow.example")));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.object().value(QLatin1String("support")), QJsonValue(true));

        const HttpResult s = http.get(QStringLiteral("/subscription/") + sub,
                                      tokens.value(QStringLiteral("admin@flow.example")));
        QCOMPARE(s.status, 200);
        QCOMPARE(s.object().value(QLatin1String("credits")).toString(), QStringLiteral("250.50"));
        QCOMPARE(s.object().value(QLatin1String("type")).toString(), QStringLiteral("scale"));
        QCOMPARE(s.object().value(QLatin1String("concurrencyLimit")).toInt(), 12);
        QCOMPARE(http.get(QStringLiteral("/me"), QStringLiteral("ld_not-a-token")).status, 401);

        // The server keeps serving while operator commands write to the same database.
        r = adminCommand({QStringLiteral("add-credits"), QStringLiteral("--subscription"), sub,
                          QStringLiteral("--amount"), QStringLiteral("9.50")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(http.get(QStringLiteral("/subscription/") + sub,
                          tokens.value(QStringLiteral("admin@flow.example")))
                     .object()
                     .value(QLatin1String("credits"))
                     .toString(),
                 QStringLiteral("260.00"));

        // Revoked through the CLI while the server runs: refused there within a second; the
        // user's other tokens keep working.
        const QString viewer = tokens.value(QStringLiteral("viewer@flow.example"));
        const QString support = tokens.value(QStringLiteral("help@flow.example"));
        QCOMPARE(http.get(QStringLiteral("/me"), support).status, 200); // remembered
        r = adminCommand({QStringLiteral("revoke-token"), QStringLiteral("--token"), viewer});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("revoked 1 token\n"));
        QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/me"), viewer).status, 401, 1000);
        r = adminCommand({QStringLiteral("revoke-token"), QStringLiteral("--token"), viewer});
        QCOMPARE(r.exitCode, 1); // already revoked: said, and nothing changes
        QVERIFY2(r.err.contains(QLatin1String("already revoked")), qPrintable(r.err));
        r = adminCommand({QStringLiteral("revoke-token"), QStringLiteral("--email"),
                          QStringLiteral("help@flow.example"), QStringLiteral("--label"),
                          QStringLiteral("other")});
        QCOMPARE(r.out, QStringLiteral("revoked 0 tokens\n")); // another label: none
        QCOMPARE(http.get(QStringLiteral("/me"), support).status, 200);
        r = adminCommand({QStringLiteral("revoke-token"), QStringLiteral("--email"),
                          QStringLiteral("help@flow.example")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("revoked 1 token\n"));
        QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/me"), support).status, 401, 1000);
        QCOMPARE(http.get(QStringLiteral("/me"), tokens.value(QStringLiteral("admin@flow.example")))
                     .status,
                 200);
        {
            // LINEDESK_DATABASE stands in for --database.
            QProcess p;
            prepare(p);
            QProcessEnvironment env = p.processEnvironment();
            env.insert(QStringLiteral("LINEDESK_DATABASE"), db);
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(LINEDESK_SERVER_BIN),
                    {QStringLiteral("admin"), QStringLiteral("list")});
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitCode(), 0);
            QVERIFY(
                QString::fromUtf8(p.readAllStandardOutput()).contains(QLatin1String("Flow Co")));
        }
        r = adminCommand({QStringLiteral("revoke-token")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("--token or --email")), qPrintable(r.err));

        server.stop();
        QVERIFY(!server.isRunning());
    }

    void addCreditsUnfreezes()
    {
        const QString db = m_dir.filePath(QStringLiteral("credits.db"));
        Run r =
            run({QStringLiteral("admin"), QStringLiteral("create-subscription"),
                 QStringLiteral("--database"), db, QStringLiteral("--name"),
                 QStringLiteral("Frozen Co"), QStringLiteral("--credits"), QStringLiteral("5.00")});
        QCOMPARE(r.exitCode, 0);
        const QString sub = firstLine(r.out);
        qint64 versionBefore = 0;
        {
            // Frozen as a failed renewal leaves it (the renewal itself is tested elsewhere).
            auto d = Database::openSqlite(db);
            d->exec(QStringLiteral("UPDATE subscription SET status = 'frozen' WHERE id = :id"),
                    {{":id", sub}});
            QSqlQuery q = d->exec(QStringLiteral("SELECT version FROM subscription WHERE id = :id"),
                                  {{":id", sub}});
            QVERIFY(q.next());
            versionBefore = q.value(0).toLongLong();
        }
        r = run({QStringLiteral("admin"), QStringLiteral("add-credits"),
                 QStringLiteral("--database"), db, QStringLiteral("--subscription"), sub,
                 QStringLiteral("--amount"), QStringLiteral("50.25"), QStringLiteral("--reason"),
                 QStringLiteral("invoice 1042 paid")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("ok\n"));

        auto d = Database::openSqlite(db);
        QSqlQuery q =
            d->exec(QStringLiteral(
                        "SELECT status, credits_cents, version FROM subscription WHERE id = :id"),
                    {{":id", sub}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("active"));
        QCOMPARE(q.value(1).toLongLong(), qint64(55'25));
        QCOMPARE(q.value(2).toLongLong(), versionBefore + 1);
        q = d->exec(QStringLiteral("SELECT actor, before_json, after_json, reason FROM audit_entry"
                                   " WHERE subscription_id = :id AND action = 'credits.add'"),
                    {{":id", sub}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("operator"));
        const QJsonObject before = QJsonDocument::fromJson(q.value(1).toByteArray()).object();
        const QJsonObject after = QJsonDocument::fromJson(q.value(2).toByteArray()).object();
        QCOMPARE(before.value(QLatin1String("status")).toString(), QStringLiteral("frozen"));
        QCOMPARE(before.value(QLatin1String("creditsCents")).toInteger(), qint64(5'00));
        QCOMPARE(after.value(QLatin1String("status")).toString(), QStringLiteral("active"));
        QCOMPARE(after.value(QLatin1String("creditsCents")).toInteger(), qint64(55'25));
        QCOMPARE(q.value(3).toString(), QStringLiteral("invoice 1042 paid"));
        QVERIFY(!q.next());
        q = d->exec(QStringLiteral("SELECT amount_cents, balance_after_cents FROM credit_movement"
                                   " WHERE subscription_id = :id AND kind = 'top-up'"),
                    {{":id", sub}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), qint64(50'25));
        QCOMPARE(q.value(1).toLongLong(), qint64(55'25));
        QCOMPARE(count(*d, QStringLiteral("SELECT SUM(amount_cents) FROM credit_movement")), 55'25);
        q.finish();

        r = run(
            {QStringLiteral("admin"), QStringLiteral("list"), QStringLiteral("--database"), db});
        QVERIFY2(r.out.contains(QStringLiteral("Frozen Co (pay-as-you-go, active, credits 55.25")),
                 qPrintable(r.out));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("arguments"); // {db}, {sub}, {org} are filled in
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString db = QStringLiteral("{db}");
        auto adminArgs = [&db](const QString &command, const QStringList &rest) {
            return QStringList{QStringLiteral("admin"), command, QStringLiteral("--database"), db} +
                   rest;
        };
        const QString createSub = QStringLiteral("create-subscription");
        QTest::newRow("no command")
            << QStringList{QStringLiteral("admin")} << 2 << QStringLiteral("Usage");
        QTest::newRow("unknown command") << adminArgs(QStringLiteral("frobnicate"), {}) << 2
                                         << QStringLiteral("unknown command \"frobnicate\"");
        QTest::newRow("unknown option")
            << adminArgs(createSub,
                         {QStringLiteral("--name"), QStringLiteral("X"), QStringLiteral("--bogus")})
            << 2 << QStringLiteral("Unknown option 'bogus'");
        QTest::newRow("option without its value")
            << adminArgs(createSub, {QStringLiteral("--name")}) << 2
            << QStringLiteral("Missing value after '--name'");
        QTest::newRow("admin without --database")
            << QStringList{QStringLiteral("admin"), createSub, QStringLiteral("--name"),
                           QStringLiteral("X")}
            << 2 << QStringLiteral("or LINEDESK_DATABASE is required");
        QTest::newRow("subscription without a name")
            << adminArgs(createSub, {}) << 1 << QStringLiteral("create-subscription needs --name");
        QTest::newRow("blank name")
            << adminArgs(createSub, {QStringLiteral("--name"), QStringLiteral("   ")}) << 1
            << QStringLiteral("a subscription needs a name");
        QTest::newRow("unknown type")
            << adminArgs(createSub, {QStringLiteral("--name"), QStringLiteral("X"),
                                     QStringLiteral("--type"), QStringLiteral("gold")})
            << 1 << QStringLiteral("unknown subscription type \"gold\"");
        QTest::newRow("credits not an amount")
            << adminArgs(createSub, {QStringLiteral("--name"), QStringLiteral("X"),
                                     QStringLiteral("--credits"), QStringLiteral("lots")})
            << 1 << QStringLiteral("--credits must be an amount like 100.00");
        QTest::newRow("credits with three decimals")
            << adminArgs(createSub, {QStringLiteral("--name"), QStringLiteral("X"),
                                     QStringLiteral("--credits"), QStringLiteral("1.005")})
            << 1 << QStringLiteral("--credits must be an amount like 100.00");
        QTest::newRow("negative credits")
            << adminArgs(createSub, {QStringLiteral("--name"), QStringLiteral("X"),
                                     QStringLiteral("--credits"), QStringLiteral("-5.00")})
            << 1 << QStringLiteral("credits cannot be negative");
        QTest::newRow("included not a number")
            << adminArgs(createSub, {QStringLiteral("--name"), QStringLiteral("X"),
                                     QStringLiteral("--included"), QStringLiteral("ten")})
            << 1 << QStringLiteral("--included must be a whole number");
        QTest::newRow("negative included")
            << adminArgs(createSub, {QStringLiteral("--name"), QStringLiteral("X"),
                                     QStringLiteral("--included"), QStringLiteral("-1")})
            << 1 << QStringLiteral("included lines and the line cap must be 0 to 100000");
        QTest::newRow("org of unknown subscription")
            << adminArgs(QStringLiteral("create-org"),
                         {QStringLiteral("--name"), QStringLiteral("X"),
                          QStringLiteral("--subscription"), QStringLiteral("nope")})
            << 1 << QStringLiteral("no subscription with id nope");
        QTest::newRow("org without subscription")
            << adminArgs(QStringLiteral("create-org"),
                         {QStringLiteral("--name"), QStringLiteral("X")})
            << 1 << QStringLiteral("create-org needs --subscription");
        QTest::newRow("not an email")
            << adminArgs(QStringLiteral("create-user"),
                         {QStringLiteral("--email"), QStringLiteral("not-an-email")})
            << 1 << QStringLiteral("\"not-an-email\" is not an email address");
        QTest::newRow("duplicate email")
            << adminArgs(QStringLiteral("create-user"),
                         {QStringLiteral("--email"), QStringLiteral("EXISTING@fixture.example")})
            << 1 << QStringLiteral("a user with email existing@fixture.example already exists");
        QTest::newRow("member without role")
            << adminArgs(QStringLiteral("create-user"),
                         {QStringLiteral("--email"), QStringLiteral("new1@fixture.example"),
                          QStringLiteral("--org"), QStringLiteral("{org}")})
            << 1 << QStringLiteral("create-user needs --role");
        QTest::newRow("unknown role, user not created")
            << adminArgs(QStringLiteral("create-user"),
                         {QStringLiteral("--email"), QStringLiteral("new2@fixture.example"),
                          QStringLiteral("--org"), QStringLiteral("{org}"),
                          QStringLiteral("--role"), QStringLiteral("owner")})
            << 1 << QStringLiteral("role must be admin or viewer");
        QTest::newRow("unknown org, user not created")
            << adminArgs(QStringLiteral("create-user"),
                         {QStringLiteral("--email"), QStringLiteral("new3@fixture.example"),
                          QStringLiteral("--org"), QStringLiteral("nope"), QStringLiteral("--role"),
                          QStringLiteral("admin")})
            << 1 << QStringLiteral("no organization with id nope");
        QTest::newRow("support user in an org")
            << adminArgs(QStringLiteral("create-user"),
                         {QStringLiteral("--email"), QStringLiteral("new4@fixture.example"),
                          QStringLiteral("--support"), QStringLiteral("--org"),
                          QStringLiteral("{org}"), QStringLiteral("--role"),
                          QStringLiteral("admin")})
            << 1 << QStringLiteral("a support user belongs to no organization");
        QTest::newRow("add-member of unknown user")
            << adminArgs(QStringLiteral("add-member"),
                         {QStringLiteral("--email"), QStringLiteral("ghost@fixture.example"),
                          QStringLiteral("--org"), QStringLiteral("{org}"),
                          QStringLiteral("--role"), QStringLiteral("viewer")})
            << 1 << QStringLiteral("no user with email ghost@fixture.example");
        QTest::newRow("token for unknown user")
            << adminArgs(QStringLiteral("create-token"),
                         {QStringLiteral("--email"), QStringLiteral("ghost@fixture.example")})
            << 1 << QStringLiteral("no user with email ghost@fixture.example");
        QTest::newRow("add-credits of zero")
            << adminArgs(QStringLiteral("add-credits"),
                         {QStringLiteral("--subscription"), QStringLiteral("{sub}"),
                          QStringLiteral("--amount"), QStringLiteral("0.00")})
            << 1 << QStringLiteral("the amount must be more than 0.00");
        QTest::newRow("add-credits negative")
            << adminArgs(QStringLiteral("add-credits"),
                         {QStringLiteral("--subscription"), QStringLiteral("{sub}"),
                          QStringLiteral("--amount"), QStringLiteral("-10.00")})
            << 1 << QStringLiteral("the amount must be more than 0.00");
        QTest::newRow("add-credits without amount")
            << adminArgs(QStringLiteral("add-credits"),
                         {QStringLiteral("--subscription"), QStringLiteral("{sub}")})
            << 1 << QStringLiteral("--amount must be an amount like 100.00");
        QTest::newRow("add-credits to unknown subscription")
            << adminArgs(QStringLiteral("add-credits"),
                         {QStringLiteral("--subscription"), QStringLiteral("nope"),
                          QStringLiteral("--amount"), QStringLiteral("1.00")})
            << 1 << QStringLiteral("no subscription with id nope");
        QTest::newRow("server without --database")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} << 2
            << QStringLiteral("or LINEDESK_DATABASE is required");
        QTest::newRow("server with a bad --listen")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("nowhere"),
                           QStringLiteral("--database"), db}
            << 2 << QStringLiteral("--listen wants HOST:PORT");
        QTest::newRow("server with a port out of range")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:70000"),
                           QStringLiteral("--database"), db}
            << 2 << QStringLiteral("--listen wants HOST:PORT");
        QTest::newRow("server with an unknown option")
            << QStringList{QStringLiteral("--frobnicate"), QStringLiteral("--database"), db} << 1
            << QStringLiteral("Unknown option 'frobnicate'");
    }
    void badArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        for (QString &a : arguments) {
            a.replace(QLatin1String("{db}"), m_db);
            a.replace(QLatin1String("{sub}"), m_sub);
            a.replace(QLatin1String("{org}"), m_org);
        }
        auto fingerprint = [this] {
            auto d = Database::openSqlite(m_db);
            QSqlQuery q = d->exec(QStringLiteral(
                "SELECT (SELECT COUNT(*) FROM subscription) || '/' || (SELECT COUNT(*) FROM org)"
                " || '/' || (SELECT COUNT(*) FROM app_user) || '/' || (SELECT COUNT(*) FROM"
                " membership) || '/' || (SELECT COUNT(*) FROM api_token) || '/' || (SELECT"
                " SUM(credits_cents) FROM subscription) || '/' || (SELECT COUNT(*) FROM"
                " audit_entry)"));
            return q.next() ? q.value(0).toString() : QString();
        };
        const QString before = fingerprint();
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, exitCode);
        const QString shown = r.err + r.out;
        QVERIFY2(shown.contains(message), qPrintable(shown));
        if (exitCode == 1) {
            // A refused command prints its reason on stderr and no id on stdout.
            QVERIFY2(r.err.contains(message), qPrintable(r.err));
            QCOMPARE(r.out, QString());
        }
        QCOMPARE(fingerprint(), before);
    }

    void newerDatabaseIsRefused()
    {
        const QString db = m_dir.filePath(QStringLiteral("newer.db"));
        {
            auto d = Database::openSqlite(db);
            d->migrate();
            d->exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (:v)"),
                    {{":v", Database::latestVersion() + 7}});
        }
        const QString expected = QStringLiteral("schema version %1, newer than this program's %2")
                                     .arg(Database::latestVersion() + 7)
                                     .arg(Database::latestVersion());
        Run r = run(
            {QStringLiteral("admin"), QStringLiteral("list"), QStringLiteral("--database"), db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        r = run({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--database"), db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    }

    void demoSeedsOnceAndItsTokensWork()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("demo/linedesk.db"));
        const QString tokensPath = dir.filePath(QStringLiteral("demo/demo-tokens.json"));
        QByteArray tokensFile;
        QJsonArray tokens;
        {
            ServerProcess server;
            QString error;
            QVERIFY2(server.start(db, {QStringLiteral("--demo")}, &error), qPrintable(error));
            QTRY_VERIFY2(server.output().contains(QLatin1String("support@linedesk.example")),
                         qPrintable(server.output()));
            QVERIFY(server.output().contains(QLatin1String("Demo sign-ins")));

            QFile file(tokensPath);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(tokensPath));
            tokensFile = file.readAll();
            QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                     QFileDevice::Permissions());
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(tokensFile, &parseError);
            QCOMPARE(parseError.error, QJsonParseError::NoError);
            QVERIFY(doc.isArray());
            tokens = doc.array();

            auto d = Database::openSqlite(db);
            QVERIFY(count(*d, QStringLiteral("SELECT COUNT(DISTINCT type) FROM subscription")) >=
                    4);
            QVERIFY(count(*d, QStringLiteral("SELECT COUNT(*) FROM org")) >= 6);
            QVERIFY(count(*d, QStringLiteral(
                                  "SELECT COUNT(*) FROM (SELECT subscription_id FROM"
                                  " org GROUP BY subscription_id HAVING COUNT(*) = 2)")) >= 1);
            QCOMPARE(count(*d, QStringLiteral("SELECT COUNT(*) FROM subscription WHERE"
                                              " credits_cents <= 0 AND status = 'active'")),
                     0);
            QVERIFY(count(*d, QStringLiteral("SELECT COUNT(*) FROM subscription WHERE"
                                             " credits_cents > 0")) >= 4);
            QVERIFY(count(*d, QStringLiteral("SELECT COUNT(*) FROM subscription WHERE"
                                             " purchased_lines > 0")) >= 2);
            QVERIFY(count(*d, QStringLiteral("SELECT COUNT(*) FROM line_change")) >= 5);
            // Every org has an admin; there is a viewer and a support user.
            QCOMPARE(count(*d, QStringLiteral("SELECT COUNT(*) FROM org o WHERE NOT EXISTS"
                                              " (SELECT 1 FROM membership m WHERE m.org_id = o.id"
                                              " AND m.role = 'admin')")),
                     0);
            QVERIFY(count(*d, QStringLiteral("SELECT COUNT(*) FROM membership WHERE role ="
                                             " 'viewer'")) >= 1);
            QVERIFY(count(*d, QStringLiteral("SELECT COUNT(*) FROM app_user WHERE support = 1")) >=
                    1);
            // The history the seed made through the real billing code adds up.
            QSqlQuery q = d->exec(
                QStringLiteral("SELECT s.id, s.purchased_lines, s.credits_cents,"
                               " (SELECT COALESCE(SUM(quantity), 0) FROM line_change WHERE "
                               "subscription_id = s.id),"
                               " (SELECT COALESCE(SUM(amount_cents), 0) FROM credit_movement WHERE"
                               "  subscription_id = s.id) FROM subscription s"));
            while (q.next()) {
                QCOMPARE(q.value(1).toInt(), q.value(3).toInt());
                QCOMPARE(q.value(2).toLongLong(), q.value(4).toLongLong());
            }
            q.finish();

            // demo-tokens.json: [{email, role, orgId, token}], one per org admin, a viewer,
            // support.
            QCOMPARE(tokens.size(), count(*d, QStringLiteral("SELECT COUNT(*) FROM org")) + 2);
            QHash<QString, int> roles;
            HttpClient http(server.url());
            for (const QJsonValue &v : std::as_const(tokens)) {
                const QJsonObject t = v.toObject();
                const QString role = t.value(QLatin1String("role")).toString();
                const QString email = t.value(QLatin1String("email")).toString();
                const QString token = t.value(QLatin1String("token")).toString();
                roles[role] += 1;
                QVERIFY2(role == QLatin1String("admin") || role == QLatin1String("viewer") ||
                             role == QLatin1String("support"),
                         qPrintable(role));
                QVERIFY(t.contains(QLatin1String("orgId")));
                QCOMPARE(t.value(QLatin1String("orgId")).isNull(),
                         role == QLatin1String("support"));
                QVERIFY(tokensFile.contains(token.toLatin1()));
                QVERIFY(!token.isEmpty());

                const HttpResult me = http.get(QStringLiteral("/me"), token);
                QCOMPARE(me.status, 200);
                const QJsonObject o = me.object();
                QCOMPARE(o.value(QLatin1String("user"))
                             .toObject()
                             .value(QLatin1String("email"))
                             .toString(),
                         email);
                QCOMPARE(o.value(QLatin1String("support")).toBool(),
                         role == QLatin1String("support"));
                if (role != QLatin1String("support")) {
                    bool member = false;
                    for (const QJsonValue &m : o.value(QLatin1String("memberships")).toArray())
                        member = member ||
                                 (m.toObject().value(QLatin1String("orgId")) ==
                                      t.value(QLatin1String("orgId")) &&
                                  m.toObject().value(QLatin1String("role")).toString() == role);
                    QVERIFY2(member, qPrintable(email));
                    const HttpResult org = http.get(QStringLiteral("/org/") +
                                                        t.value(QLatin1String("orgId")).toString(),
                                                    token);
                    QCOMPARE(org.status, 200);
                } else {
                    const HttpResult all = http.get(QStringLiteral("/subscription"), token);
                    QCOMPARE(all.status, 200);
                    QCOMPARE(all.object().value(QLatin1String("results")).toArray().size(),
                             count(*d, QStringLiteral("SELECT COUNT(*) FROM subscription")));
                }
            }
            QVERIFY(roles.value(QStringLiteral("admin")) >= 6);
            QVERIFY(roles.value(QStringLiteral("viewer")) >= 1);
            QCOMPARE(roles.value(QStringLiteral("support")), 1);
            server.stop();
        }

        // A second start with --demo keeps the data and the sign-ins as they are.
        auto counts = [&db] {
            auto d = Database::openSqlite(db);
            QSqlQuery q = d->exec(QStringLiteral(
                "SELECT (SELECT COUNT(*) FROM subscription) || '/' || (SELECT COUNT(*) FROM org)"
                " || '/' || (SELECT COUNT(*) FROM app_user) || '/' || (SELECT COUNT(*) FROM"
                " api_token) || '/' || (SELECT COUNT(*) FROM line_change)"));
            return q.next() ? q.value(0).toString() : QString();
        };
        const QString before = counts();
        {
            ServerProcess server;
            QString error;
            QVERIFY2(server.start(db, {QStringLiteral("--demo")}, &error), qPrintable(error));
            QTRY_VERIFY2(server.output().contains(QLatin1String("Demo data already present")),
                         qPrintable(server.output()));
            QVERIFY(!server.output().contains(QLatin1String("Demo sign-ins")));
            HttpClient http(server.url());
            const QString token = tokens.at(0).toObject().value(QLatin1String("token")).toString();
            QCOMPARE(http.get(QStringLiteral("/me"), token).status, 200);
            server.stop();
        }
        QCOMPARE(counts(), before);
        QFile file(tokensPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), tokensFile);
    }

    // --config FILE, what the packaged service runs with (/etc/linedesk/server.conf): the
    // options as NAME = VALUE lines; the command line wins over the file.
    void configFile()
    {
        const QString db = m_dir.filePath(QStringLiteral("from-config/linedesk.db"));
        const QString conf = m_dir.filePath(QStringLiteral("server.conf"));
        QVERIFY(writeFile(conf, QStringLiteral("# as packaged\n\n  database = %1\n"
                                               "listen=127.0.0.1:1\ndemo = true\n"
                                               "allow-private-webhooks = false\n"
                                               "lease-seconds = 0\n")
                                    .arg(db)));
        // The file's lease-seconds is wrong: refused with the option's name, so it was read.
        Run r = run({QStringLiteral("--config"), conf});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--lease-seconds")), qPrintable(r.err));

        // Given again on the command line, a value wins (as --listen 127.0.0.1:0 does over
        // the file's port 1); the database and the demo switch come from the file.
        ServerProcess server;
        QString error;
        QVERIFY2(server.start(QString(),
                              {QStringLiteral("--config"), conf, QStringLiteral("--lease-seconds"),
                               QStringLiteral("60")},
                              &error),
                 qPrintable(error));
        QVERIFY(server.url().port() > 1);
        QVERIFY2(server.output().contains(QFileInfo(db).absoluteFilePath()),
                 qPrintable(server.output()));
        QTRY_VERIFY2(server.output().contains(QLatin1String("Demo sign-ins")),
                     qPrintable(server.output()));
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("from-config/demo-tokens.json"))));
        HttpClient http(server.url());
        QCOMPARE(http.get(QStringLiteral("/health"), QString()).status, 200);
        server.stop();
    }

    void configFileRefused_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown option") << QStringLiteral("database = x.db\nport = 8080\n")
                                        << QStringLiteral("server.conf:2: unknown option \"port\"");
        QTest::newRow("no equals sign") << QStringLiteral("# comment\ndemo\n")
                                        << QStringLiteral("server.conf:2: expected NAME = VALUE");
        QTest::newRow("switch not true or false")
            << QStringLiteral("demo = yes please\n")
            << QStringLiteral("server.conf:1: \"demo\" is a switch: true or false");
        QTest::newRow("set twice") << QStringLiteral("listen = 127.0.0.1:1\nlisten = 0.0.0.0:2\n")
                                   << QStringLiteral("server.conf:2: \"listen\" is set twice");
        QTest::newRow("config in config") << QStringLiteral("config = other.conf\n")
                                          << QStringLiteral("unknown option \"config\"");
        QTest::newRow("with dashes") << QStringLiteral("--database = x.db\n")
                                     << QStringLiteral("unknown option \"--database\"");
    }
    // A wrong file stops the service before it starts, naming the file and the line.
    void configFileRefused()
    {
        QFETCH(QString, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString conf = dir.filePath(QStringLiteral("server.conf"));
        QVERIFY(writeFile(conf, content));
        const Run r = run({QStringLiteral("--config"), conf});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.db"))));

        const Run missing = run({QStringLiteral("--config"), dir.filePath(QStringLiteral("none"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QLatin1String("cannot read the configuration file")),
                 qPrintable(missing.err));
    }

private:
    Run admin(QStringList args)
    {
        args.insert(1, QStringLiteral("--database"));
        args.insert(2, m_db);
        args.prepend(QStringLiteral("admin"));
        return run(args);
    }

    QTemporaryDir m_dir;
    QString m_db;
    QString m_sub;
    QString m_org;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
