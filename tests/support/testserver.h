#pragma once

// Test support: a real linedesk-server Service on 127.0.0.1 (its own thread, a real SQLite
// file in a temporary folder, an injected ManualClock), a blocking HTTP client for tests,
// and a direct database connection for setting up accounts and checking invariants.

#include "accounts.h"
#include "clock.h"
#include "database.h"
#include "servicethread.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace linedesk::test {

struct HttpResult
{
    int status = 0; // 0: no HTTP answer (network error)
    QByteArray body;
    QJsonDocument json;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QString networkError;

    QJsonObject object() const { return json.object(); }
    QJsonArray array() const { return json.array(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// A test-only blocking client: sends one request and waits for its answer (QSignalSpy-style
// wait on the reply's finished signal, with a timeout).
class HttpClient
{
public:
    explicit HttpClient(QUrl base) : m_base(std::move(base)) {}

    HttpResult send(const QByteArray &method, const QString &path, const QString &token = {},
                    const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {},
                    int timeoutMs = 30000);
    HttpResult get(const QString &path, const QString &token) { return send("GET", path, token); }
    HttpResult post(const QString &path, const QString &token, const QJsonObject &body,
                    const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return send("POST", path, token, QJsonDocument(body).toJson(QJsonDocument::Compact),
                    headers);
    }

    QNetworkAccessManager &network() { return m_network; }
    const QUrl &base() const { return m_base; }

private:
    QUrl m_base;
    QNetworkAccessManager m_network;
};

struct TestAccount
{
    QString subscriptionId;
    QString orgId;
    QString adminToken;
    QString adminEmail;
    QString viewerToken;
};

class TestServer
{
public:
    // Starts at `start` (default: 2026-03-10 12:00 UTC) on a fresh database. `leaseMs` > 0
    // sets the calls' lease length (ServiceConfig::leaseMs); 0 keeps the service's default.
    // Webhooks may go to 127.0.0.1 (--allow-private-webhooks) unless `allowPrivateWebhooks`
    // is false.
    explicit TestServer(const QDateTime &start = defaultStart(), bool demo = false,
                        qint64 leaseMs = 0, bool allowPrivateWebhooks = true);
    ~TestServer();

    static QDateTime defaultStart();

    server::ManualClock &clock() { return *m_clock; }
    // The same clock, for a second service on the same database file.
    std::shared_ptr<server::ManualClock> sharedClock() const { return m_clock; }
    QUrl url() const { return m_service->url(); }
    // The database every part of the test uses: a SQLite file in the test's folder, or, when
    // LINEDESK_TEST_BACKEND=postgres (ctest's *_pg variants), a fresh database in the
    // throwaway PostgreSQL cluster (a postgresql:// URI).
    QString databasePath() const { return m_location; }
    bool isPostgres() const { return server::Database::isPostgresUri(m_location); }
    // The backend the suite runs on, for tests that check something only one of them has.
    static bool postgresRequested();
    // The database's tables (the search index's own tables on SQLite included), sorted.
    QStringList tableNames();
    QString dir() const { return m_dir.path(); }
    server::ServiceThread &service() { return *m_service; }
    // A connection of the test's own thread to the same database file.
    server::Database &db() { return *m_db; }
    server::Accounts &accounts() { return *m_accounts; }

    // A subscription (anchored at the clock's now unless `anchor` is given) with one org,
    // an admin and a viewer, each with a token.
    TestAccount createAccount(const QString &name, qint64 creditsCents, int included = 10,
                              const QString &type = QStringLiteral("growth"),
                              const QDateTime &anchor = {}, int lineCap = 1000);
    QString createSupportToken(const QString &email = QStringLiteral("support@test.example"));

    // Invariant checks straight from the database: purchased = Σ line changes, credits =
    // Σ credit movements. Returns an empty string when they hold, else what differs.
    QString checkLedger(const QString &subscriptionId);
    qint64 creditsCents(const QString &subscriptionId);
    int purchasedLines(const QString &subscriptionId);
    int countRows(const QString &table, const QString &subscriptionId);

private:
    QTemporaryDir m_dir;
    QString m_location;
    std::shared_ptr<server::ManualClock> m_clock;
    std::unique_ptr<server::ServiceThread> m_service;
    std::unique_ptr<server::Database> m_db;
    std::unique_ptr<server::Accounts> m_accounts;
    int m_counter = 0;
};

} // namespace linedesk::test
