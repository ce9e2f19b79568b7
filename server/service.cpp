#include "service.h"

#include "accounts.h"
#include "admission.h"
#include "alerts.h"
#include "analytics.h"
#include "apiexception.h"
#include "apiserver.h"
#include "billing.h"
#include "capacityplanner.h"
#include "clock.h"
#include "database.h"
#include "demoseed.h"
#include "history.h"
#include "inspector.h"
#include "livefeed.h"
#include "reportworker.h"
#include "trafficgenerator.h"
#include "webhooks.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>

#include <stdexcept>

Q_LOGGING_CATEGORY(lcService, "linedesk.server", QtInfoMsg)

namespace linedesk::server {

namespace {

// Runs `work` where nothing may leave: a slot, a timer's job, a callback after a commit.
// A failure is logged as `what` failed, and the caller goes on.
template <typename Work> void guarded(const char *what, Work &&work) noexcept
{
    try {
        work();
    } catch (const DatabaseException &e) {
        qCWarning(lcService).noquote() << what << "failed:" << e.message();
    } catch (const ApiException &e) {
        qCWarning(lcService).noquote() << what << "failed:" << e.error().message;
    } catch (const std::exception &e) {
        qCWarning(lcService).noquote() << what << "failed:" << e.what();
    }
}

} // namespace

Service::Service(ServiceConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    if (!m_config.clock)
        m_config.clock = std::make_shared<SystemClock>();
    // Beside a SQLite file; in the working folder for a PostgreSQL database.
    if (m_config.demoTokensPath.isEmpty() && !m_config.databasePath.isEmpty())
        m_config.demoTokensPath = (Database::isPostgresUri(m_config.databasePath)
                                       ? QDir::current()
                                       : QFileInfo(m_config.databasePath).absoluteDir())
                                      .filePath(QStringLiteral("demo-tokens.json"));
}

Service::~Service() = default;

void Service::start()
{
    m_db = Database::open(m_config.databasePath);
    m_db->migrate();
    m_accounts = std::make_unique<Accounts>(*m_db);
    m_billing = std::make_unique<Billing>(*m_db, *m_config.clock);
    m_history = std::make_unique<History>(*m_db);
    m_billing->setHistory(m_history.get());
    m_admission = std::make_unique<Admission>(*m_db, *m_config.clock, *m_accounts, *m_history,
                                              m_config.leaseMs);
    m_analytics = std::make_unique<Analytics>(*m_db, *m_accounts, *m_history, *m_config.clock);
    m_live = std::make_unique<LiveFeed>(*m_accounts, *m_history, *m_config.clock);
    m_alerts = std::make_unique<AlertStore>(*m_db, *m_config.clock);
    m_monitor = std::make_unique<AlertMonitor>(*m_db, *m_alerts, *m_config.clock);
    m_webhooks = std::make_unique<Webhooks>(*m_db, *m_config.clock);
    m_deliverer =
        std::make_unique<WebhookDeliverer>(*m_db, *m_config.clock, m_config.allowPrivateWebhooks);
    // Each alert this instance fired or resolved: to its live clients at once, to the other
    // instances' (PostgreSQL) by NOTIFY "al SUBSCRIPTION ALERT", and its webhooks sent.
    m_monitor->onAlert = [this](const QJsonObject &alert) {
        guarded("live update of an alert", [&] { m_live->alert(alert); });
        if (m_db->isPostgres())
            publish(QStringLiteral("al ") +
                    alert.value(QLatin1String("subscriptionId")).toString() + QLatin1Char(' ') +
                    alert.value(QLatin1String("id")).toString());
        QMetaObject::invokeMethod(
            this, [this] { guarded("webhook deliveries", [this] { m_deliverer->run(); }); },
            Qt::QueuedConnection);
    };
    // Live updates reach this instance's clients at once, and (PostgreSQL) every other
    // instance's through NOTIFY: "a ID ACTIVE BLOCKED LIMIT SEQ" or "l ID". A call's start
    // and end send theirs in the same statement (linedesk_call_start/_end, at commit). The
    // sequence puts back in order what arrives out of order (ours at once, theirs later).
    // Both run after a commit: what fails in them is logged, and the change's answer stands.
    m_admission->onActivity = [this](const Admission::Activity &a) {
        guarded("live update after a call's start or end",
                [&] { m_live->activity(a.subscriptionId, a.active, a.blocked, a.limit, a.seq); });
        guarded("alerts after a call's start or end", [&] {
            m_monitor->activity(a.subscriptionId, a.active, a.blocked, a.limit, a.seq);
        });
    };
    m_billing->onLinesChanged = [this](const QString &id) {
        guarded("live update after a change of lines", [&] { m_live->limitChanged(id); });
        guarded("alerts after a change of lines", [&] { m_monitor->subscriptionChanged(id); });
        if (m_db->isPostgres())
            publish(QStringLiteral("l ") + id);
    };
    m_db->listen(QLatin1String(kLiveChannel), [this](const QString &payload) {
        guarded("live update from another instance", [&] {
            const QStringList f = payload.split(QLatin1Char(' '));
            if (f.size() == 6 && f.at(0) == QLatin1String("a")) {
                m_live->activity(f.at(1), f.at(2).toInt(), f.at(3).toInt(), f.at(4).toInt(),
                                 f.at(5).toLongLong());
                m_monitor->activity(f.at(1), f.at(2).toInt(), f.at(3).toInt(), f.at(4).toInt(),
                                    f.at(5).toLongLong());
            } else if (f.size() == 2 && f.at(0) == QLatin1String("l")) {
                m_live->limitChanged(f.at(1));
                m_monitor->subscriptionChanged(f.at(1));
            } else if (f.size() == 2 && f.at(0) == QLatin1String("r")) {
                m_monitor->rulesChanged(f.at(1));
            } else if (f.size() == 3 && f.at(0) == QLatin1String("al")) {
                if (const auto alert = m_alerts->get(f.at(2))) {
                    m_live->alert(*alert);
                    m_monitor->alertChanged(*alert);
                }
            }
        });
    });
    if (m_config.demo)
        m_demoTokens = DemoSeed::seedIfEmpty(*m_db, *m_config.clock, m_config.demoTokensPath);

    // Catch up on renewals missed while the service was down, before serving anyone.
    const int renewed = m_billing->renewDue();
    if (renewed > 0)
        qCInfo(lcService) << "caught up on" << renewed << "renewals";

    m_inspector = std::make_unique<Inspector>(*m_db, *m_accounts);
    m_inspector->refreshUsage(m_config.clock->now());
    m_planner = std::make_unique<CapacityPlanner>(*m_db, *m_accounts, *m_config.clock,
                                                  m_config.databasePath);
    m_monitor->start();

    if (m_config.reportThread)
        m_reports = std::make_unique<ReportWorker>(m_config.databasePath, m_config.clock,
                                                   m_inspector->usageStamp());
    m_http = std::make_unique<ApiServer>(
        ApiServer::Parts{
            *m_db, *m_accounts, *m_billing, *m_admission, *m_analytics, *m_live, *m_inspector,
            *m_planner, *m_alerts, *m_webhooks, m_config.allowPrivateWebhooks,
            [this](const QString &id) {
                guarded("alerts after a change of rules", [&] { m_monitor->rulesChanged(id); });
                if (m_db->isPostgres())
                    publish(QStringLiteral("r ") + id);
            },
            m_reports.get()},
        m_config.http);
    m_port = m_http->listen(m_config.address, m_config.port);
    if (m_port == 0)
        throw std::runtime_error(QStringLiteral("cannot listen on %1:%2 (in use, or not allowed)")
                                     .arg(m_config.address.toString())
                                     .arg(m_config.port)
                                     .toStdString());

    if (m_config.demoTraffic)
        setDemoTraffic(true);

    connect(&m_jobTimer, &QTimer::timeout, this, &Service::runJobs);
    m_jobTimer.start(m_config.renewalCheckIntervalMs);
    qCInfo(lcService).noquote() << "serving on"
                                << m_config.address.toString() + QLatin1Char(':') +
                                       QString::number(m_port)
                                << "database" << m_db->path();
}

void Service::publish(const QString &payload)
{
    try {
        m_db->notify(QLatin1String(kLiveChannel), payload);
    } catch (const DatabaseException &e) {
        // The change itself is committed; only other instances' live views miss it.
        qCWarning(lcService).noquote() << "live update not sent to other instances:" << e.message();
    }
}

void Service::runJobs()
{
    // The job timer's slot: nothing leaves it, and one failing job does not hold up the others.
    guarded("renewal job", [this] { m_billing->renewDue(); });
    guarded("lease expiry job", [this] { m_admission->expireLeases(); });
    guarded("alert job", [this] { m_monitor->tick(); });
    if (m_jobRuns % qMax(1, m_config.moneyAlertScanRuns) == 0)
        guarded("money alert job", [this] { m_monitor->scanMoney(); });
    guarded("webhook delivery job", [this] { m_deliverer->run(); });
    guarded("usage refresh job", [this] {
        const QDateTime now = m_config.clock->now();
        if (m_inspector->usageAt().msecsTo(now) >= m_config.usageRefreshMs ||
            now < m_inspector->usageAt())
            m_inspector->refreshUsage(now);
    });
    // Idempotency records live 48 hours (the API promises at least 24); history is rolled up
    // from seconds to minutes after 48 hours.
    if (++m_jobRuns % 60 == 1) {
        guarded("idempotency purge job", [this] { m_billing->purgeIdempotencyRecords(); });
        guarded("alert purge job",
                [this] { m_alerts->purge(m_config.clock->now().toMSecsSinceEpoch()); });
        guarded("history roll-up job",
                [this] { m_history->rollUp(m_config.clock->now().toMSecsSinceEpoch()); });
    }
    ++m_completedJobRuns;
}

void Service::setDemoTraffic(bool on)
{
    if (!on) {
        for (auto &g : m_traffic)
            g->stop();
        // Let the last ends go out before the generators go away.
        for (auto &g : m_traffic)
            g.release()->deleteLater();
        m_traffic.clear();
        return;
    }
    if (!m_traffic.empty() || !m_http)
        return;
    QJsonArray tokens = m_demoTokens;
    if (tokens.isEmpty()) {
        QFile file(m_config.demoTokensPath);
        if (file.open(QIODevice::ReadOnly))
            tokens = QJsonDocument::fromJson(file.readAll()).array();
    }
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_config.address.isEqual(QHostAddress::Any) ||
                        m_config.address.isEqual(QHostAddress::AnyIPv4)
                    ? QStringLiteral("127.0.0.1")
                    : m_config.address.toString());
    url.setPort(m_port);
    quint64 seed = 1;
    for (const QJsonValue &v : tokens) {
        const QJsonObject t = v.toObject();
        if (t.value(QLatin1String("role")).toString() != QLatin1String("admin"))
            continue;
        const QString orgId = t.value(QLatin1String("orgId")).toString();
        // Aim the mean at ~70% of the pool, shared among the orgs of the subscription, with
        // swings of ±45% so the busy spells reach the limit and some calls are blocked.
        // (Also reached from the console's switch, queued: a failing read skips this org.)
        double limit = 0;
        double orgs = 1;
        bool found = false;
        guarded("demo traffic set-up", [&] {
            QSqlQuery q = m_db->exec(
                QStringLiteral("SELECT s.included_lines + s.purchased_lines, (SELECT COUNT(*)"
                               " FROM org o2 WHERE o2.subscription_id = s.id) FROM org o JOIN"
                               " subscription s ON s.id = o.subscription_id WHERE o.id = :org"),
                {{":org", orgId}});
            found = q.next();
            if (found) {
                limit = q.value(0).toDouble();
                orgs = qMax(1.0, q.value(1).toDouble());
            }
        });
        if (!found)
            continue;
        TrafficGenerator::Config config;
        config.server = url;
        config.token = t.value(QLatin1String("token")).toString();
        config.orgId = orgId;
        config.holdSeconds = 40;
        config.ratePerMinute = 0.7 * limit / orgs * 60.0 / config.holdSeconds;
        config.modulation = 0.45;
        config.periodSeconds = 300 + 60 * double(seed % 5);
        config.seed = 0;
        ++seed;
        auto generator = std::make_unique<TrafficGenerator>(config, this);
        generator->start();
        m_traffic.push_back(std::move(generator));
    }
    qCInfo(lcService) << "demo traffic on for" << m_traffic.size() << "organizations";
}

QStringList Service::routeList() const
{
    return m_http ? m_http->routeList() : QStringList();
}

} // namespace linedesk::server
