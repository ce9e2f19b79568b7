#pragma once

#include "httpserver.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

namespace linedesk::server {

class Accounts;
class AlertMonitor;
class AlertStore;
class Admission;
class Analytics;
class ApiServer;
class Billing;
class CapacityPlanner;
class Clock;
class Database;
class History;
class Inspector;
class LiveFeed;
class ReportWorker;
class TrafficGenerator;
class WebhookDeliverer;
class Webhooks;

struct ServiceConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8080; // 0: any free port
    QString databasePath;
    bool demo = false;                  // seed demo data into an empty database
    QString demoTokensPath;             // default: demo-tokens.json beside the database
    int renewalCheckIntervalMs = 1000;  // how often the jobs run: renewals, expired leases
    qint64 leaseMs = 120'000;           // an admitted call's lease; heartbeats renew it
    std::shared_ptr<const Clock> clock; // default: the system clock
    bool demoTraffic = false;           // drive demo calls for the demo admins (tokens file)
    qint64 usageRefreshMs = 10'000;     // support's 24-hour figures, by the service's clock
    HttpLimits http;                    // the HTTP edge: connections, timeouts, sizes
    bool reportThread = true;           // reports on their own thread and connection
    bool allowPrivateWebhooks = false;  // deliver webhooks to loopback and private addresses
    int moneyAlertScanRuns = 10;        // renewal-at-risk and frozen: every this many job runs
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

    // Starts or stops the demo traffic (calls for every demo admin's organization).
    void setDemoTraffic(bool on);
    bool demoTraffic() const { return !m_traffic.empty(); }

    // The demo's sign-ins ({email, role, orgId, token}) when this start seeded them.
    const QJsonArray &demoTokens() const { return m_demoTokens; }

    // How many runs of the background jobs have completed (readable from any thread): a
    // test that must see a run begin after it changed something waits for two more.
    int completedJobRuns() const { return m_completedJobRuns.load(); }

private:
    void runJobs();
    void publish(const QString &payload);
    static constexpr const char *kLiveChannel = "linedesk_live";

    ServiceConfig m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Accounts> m_accounts;
    std::unique_ptr<Billing> m_billing;
    std::unique_ptr<History> m_history;
    std::unique_ptr<Admission> m_admission;
    std::unique_ptr<Analytics> m_analytics;
    std::unique_ptr<LiveFeed> m_live;
    std::unique_ptr<Inspector> m_inspector;
    std::unique_ptr<CapacityPlanner> m_planner;
    std::unique_ptr<AlertStore> m_alerts;
    std::unique_ptr<AlertMonitor> m_monitor;
    std::unique_ptr<Webhooks> m_webhooks;
    std::unique_ptr<WebhookDeliverer> m_deliverer;
    std::unique_ptr<ApiServer> m_http;
    std::unique_ptr<ReportWorker> m_reports; // after m_http: joined before the server goes
    QTimer m_jobTimer;
    quint16 m_port = 0;
    int m_jobRuns = 0;
    std::atomic<int> m_completedJobRuns{0};
    QJsonArray m_demoTokens;
    std::vector<std::unique_ptr<TrafficGenerator>> m_traffic;
};

} // namespace linedesk::server
