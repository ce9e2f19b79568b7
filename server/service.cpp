#include "service.h"

#include "accounts.h"
#include "apiexception.h"
#include "apiserver.h"
#include "billing.h"
#include "clock.h"
#include "database.h"
#include "demoseed.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QLoggingCategory>

#include <stdexcept>

Q_LOGGING_CATEGORY(lcService, "linedesk.server")

namespace linedesk::server {

Service::Service(ServiceConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    if (!m_config.clock)
        m_config.clock = std::make_shared<SystemClock>();
    if (m_config.demoTokensPath.isEmpty() && !m_config.databasePath.isEmpty())
        m_config.demoTokensPath =
            QFileInfo(m_config.databasePath).absoluteDir().filePath(QStringLiteral("demo-tokens.json"));
}

Service::~Service() = default;

void Service::start()
{
    m_db = Database::openSqlite(m_config.databasePath);
    m_db->migrate();
    m_accounts = std::make_unique<Accounts>(*m_db);
    m_billing = std::make_unique<Billing>(*m_db, *m_config.clock);
    if (m_config.demo)
        m_demoTokens = DemoSeed::seedIfEmpty(*m_db, *m_config.clock, m_config.demoTokensPath);

    // Catch up on renewals missed while the service was down, before serving anyone.
    const int renewed = m_billing->renewDue();
    if (renewed > 0)
        qCInfo(lcService) << "caught up on" << renewed << "renewals";

    m_http = std::make_unique<ApiServer>(*m_db, *m_accounts, *m_billing);
    m_port = m_http->listen(m_config.address, m_config.port);
    if (m_port == 0)
        throw std::runtime_error(QStringLiteral("cannot listen on %1:%2 (in use, or not allowed)")
                                     .arg(m_config.address.toString())
                                     .arg(m_config.port)
                                     .toStdString());

    connect(&m_jobTimer, &QTimer::timeout, this, &Service::runJobs);
    m_jobTimer.start(m_config.renewalCheckIntervalMs);
    qCInfo(lcService).noquote() << "serving on" << m_config.address.toString() + QLatin1Char(':')
                                                       + QString::number(m_port)
                                << "database" << m_config.databasePath;
}

void Service::runJobs()
{
    try {
        m_billing->renewDue();
        // Idempotency records live 48 hours (the API promises at least 24).
        if (++m_jobRuns % 600 == 1)
            m_billing->purgeIdempotencyRecords();
    } catch (const DatabaseException &e) {
        qCWarning(lcService).noquote() << "background job failed:" << e.message();
    }
}

QStringList Service::routeList() const
{
    return m_http ? m_http->routeList() : QStringList();
}

} // namespace linedesk::server
