#include "testserver.h"

#include "pgcluster.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

namespace linedesk::test {

HttpResult HttpClient::send(const QByteArray &method, const QString &path, const QString &token,
                            const QByteArray &body,
                            const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QUrl url = m_base.resolved(QUrl(path));
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    for (const auto &[k, v] : headers)
        request.setRawHeader(k, v);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(timeoutMs + 1000);
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body);
    for (const auto &[k, v] : reply->rawHeaderPairs())
        r.headers.insert(k.toLower(), v);
    if (reply->error() != QNetworkReply::NoError && r.status == 0)
        r.networkError = reply->errorString();
    reply->deleteLater();
    return r;
}

QDateTime TestServer::defaultStart()
{
    return QDateTime(QDate(2026, 3, 10), QTime(12, 0), Qt::UTC);
}

bool TestServer::postgresRequested()
{
    return qEnvironmentVariable("LINEDESK_TEST_BACKEND") == QLatin1String("postgres");
}

TestServer::TestServer(const QDateTime &start, bool demo, qint64 leaseMs, bool allowPrivateWebhooks)
    : m_clock(std::make_shared<server::ManualClock>(start))
{
    if (postgresRequested()) {
        QString error;
        m_location = PgCluster::createDatabase(&error);
        if (m_location.isEmpty())
            qFatal("no PostgreSQL database for the test: %s", qPrintable(error));
    } else {
        m_location = m_dir.filePath(QStringLiteral("linedesk.db"));
    }
    server::ServiceConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.databasePath = databasePath();
    config.demoTokensPath = m_dir.filePath(QStringLiteral("demo-tokens.json"));
    config.demo = demo;
    config.renewalCheckIntervalMs = 50;
    config.clock = m_clock;
    config.allowPrivateWebhooks = allowPrivateWebhooks;
    if (leaseMs > 0)
        config.leaseMs = leaseMs;
    m_service = std::make_unique<server::ServiceThread>(config);
    QString error;
    if (!m_service->start(&error))
        qFatal("test server did not start: %s", qPrintable(error));
    m_db = server::Database::open(databasePath());
    m_accounts = std::make_unique<server::Accounts>(*m_db);
}

QStringList TestServer::tableNames()
{
    QStringList names;
    QSqlQuery q = m_db->exec(
        isPostgres() ? QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname ="
                                      " current_schema() ORDER BY tablename")
                     : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND"
                                      " name NOT LIKE 'sqlite_%' ORDER BY name"));
    while (q.next())
        names << q.value(0).toString();
    return names;
}

TestServer::~TestServer()
{
    m_service->stop();
}

TestAccount TestServer::createAccount(const QString &name, qint64 creditsCents, int included,
                                      const QString &type, const QDateTime &anchor, int lineCap)
{
    const int n = ++m_counter;
    server::Accounts::NewSubscription s;
    s.name = name;
    s.type = type;
    s.includedLines = included;
    s.creditsCents = creditsCents;
    s.lineCap = lineCap;
    s.createdAt = anchor.isValid() ? anchor : m_clock->now();
    TestAccount a;
    a.subscriptionId = m_accounts->createSubscription(s, QStringLiteral("test"));
    a.orgId = m_accounts->createOrg(name + QStringLiteral(" Org"), a.subscriptionId, s.createdAt);
    a.adminEmail = QStringLiteral("admin%1@test.example").arg(n);
    const QString admin =
        m_accounts->createUser(a.adminEmail, QStringLiteral("Admin %1").arg(n), false, s.createdAt);
    m_accounts->addMembership(a.orgId, admin, QStringLiteral("admin"));
    a.adminToken = m_accounts->createToken(admin, QStringLiteral("test"), s.createdAt);
    const QString viewer =
        m_accounts->createUser(QStringLiteral("viewer%1@test.example").arg(n),
                               QStringLiteral("Viewer %1").arg(n), false, s.createdAt);
    m_accounts->addMembership(a.orgId, viewer, QStringLiteral("viewer"));
    a.viewerToken = m_accounts->createToken(viewer, QStringLiteral("test"), s.createdAt);
    return a;
}

QString TestServer::createSupportToken(const QString &email)
{
    QString id = m_accounts->userIdByEmail(email);
    if (id.isEmpty())
        id = m_accounts->createUser(email, QStringLiteral("Support"), true, m_clock->now());
    return m_accounts->createToken(id, QStringLiteral("test"), m_clock->now());
}

qint64 TestServer::creditsCents(const QString &subscriptionId)
{
    QSqlQuery q =
        m_db->exec(QStringLiteral("SELECT credits_cents FROM subscription WHERE id = :id"),
                   {{":id", subscriptionId}});
    return q.next() ? q.value(0).toLongLong() : -1;
}

int TestServer::purchasedLines(const QString &subscriptionId)
{
    QSqlQuery q =
        m_db->exec(QStringLiteral("SELECT purchased_lines FROM subscription WHERE id = :id"),
                   {{":id", subscriptionId}});
    return q.next() ? q.value(0).toInt() : -1;
}

int TestServer::countRows(const QString &table, const QString &subscriptionId)
{
    QSqlQuery q =
        m_db->exec(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE subscription_id = :id").arg(table),
                   {{":id", subscriptionId}});
    return q.next() ? q.value(0).toInt() : -1;
}

QString TestServer::checkLedger(const QString &subscriptionId)
{
    QSqlQuery q = m_db->exec(
        QStringLiteral(
            "SELECT s.purchased_lines, s.credits_cents,"
            " (SELECT COALESCE(SUM(quantity), 0) FROM line_change WHERE subscription_id = s.id),"
            " (SELECT COALESCE(SUM(amount_cents), 0) FROM credit_movement WHERE subscription_id = "
            "s.id),"
            " (SELECT COALESCE(SUM(amount_cents), 0) FROM line_change WHERE subscription_id = "
            "s.id),"
            " (SELECT COALESCE(SUM(amount_cents), 0) FROM credit_movement WHERE subscription_id = "
            "s.id"
            "   AND kind IN ('line-purchase', 'line-refund'))"
            " FROM subscription s WHERE s.id = :id"),
        {{":id", subscriptionId}});
    if (!q.next())
        return QStringLiteral("no subscription %1").arg(subscriptionId);
    QStringList problems;
    if (q.value(0).toLongLong() != q.value(2).toLongLong())
        problems << QStringLiteral("purchased %1 != sum of line changes %2")
                        .arg(q.value(0).toLongLong())
                        .arg(q.value(2).toLongLong());
    if (q.value(1).toLongLong() != q.value(3).toLongLong())
        problems << QStringLiteral("credits %1 != sum of credit movements %2")
                        .arg(q.value(1).toLongLong())
                        .arg(q.value(3).toLongLong());
    if (q.value(4).toLongLong() != -q.value(5).toLongLong())
        problems << QStringLiteral("line change amounts %1 != line credit movements %2")
                        .arg(q.value(4).toLongLong())
                        .arg(-q.value(5).toLongLong());
    return problems.join(QStringLiteral("; "));
}

} // namespace linedesk::test
