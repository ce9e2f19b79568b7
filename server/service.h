#pragma once

#include <QHostAddress>
#include <QJsonArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace linedesk::server {

class Accounts;
class ApiServer;
class Billing;
class Clock;
class Database;

struct ServiceConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8080; // 0: any free port
    QString databasePath;
    bool demo = false;              // seed demo data into an empty database
    QString demoTokensPath;         // default: demo-tokens.json beside the database
    int renewalCheckIntervalMs = 1000;
    std::shared_ptr<const Clock> clock; // default: the system clock
};

// linedesk-server's whole service in one object living in one thread: database, HTTP API,
// and the renewal job. The headless program, the console's embedded service and the tests
// all run this same object.
class Service : public QObject
{
    Q_OBJECT
public:
    explicit Service(ServiceConfig config, QObject *parent = nullptr);
    ~Service() override;

    // Opens and migrates the database, seeds demo data if asked, starts listening and the
    // renewal job. Throws DatabaseException or std::runtime_error on failure.
    void start();
    quint16 port() const { return m_port; }
    const ServiceConfig &config() const { return m_config; }
    QStringList routeList() const;

    // The demo's sign-ins ({email, role, orgId, token}) when this start seeded them.
    const QJsonArray &demoTokens() const { return m_demoTokens; }

private:
    void runJobs();

    ServiceConfig m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Accounts> m_accounts;
    std::unique_ptr<Billing> m_billing;
    std::unique_ptr<ApiServer> m_http;
    QTimer m_jobTimer;
    quint16 m_port = 0;
    int m_jobRuns = 0;
    QJsonArray m_demoTokens;
};

} // namespace linedesk::server
