#include "reportworker.h"

#include "accounts.h"
#include "analytics.h"
#include "apiexception.h"
#include "capacityplanner.h"
#include "database.h"
#include "history.h"
#include "inspector.h"

#include <QLoggingCategory>

#include <exception>

Q_LOGGING_CATEGORY(lcReports, "linedesk.server.reports", QtInfoMsg)

namespace linedesk::server {

struct ReportWorker::Open
{
    std::unique_ptr<Database> db;
    std::unique_ptr<Accounts> accounts;
    std::unique_ptr<History> history;
    std::unique_ptr<Analytics> analytics;
    std::unique_ptr<Inspector> inspector;
    std::unique_ptr<CapacityPlanner> planner;
    std::unique_ptr<Parts> parts;
};

ReportWorker::ReportWorker(QString databaseLocation, std::shared_ptr<const Clock> clock,
                           std::shared_ptr<std::atomic<qint64>> usageAt, int maxQueued)
    : m_location(std::move(databaseLocation)), m_clock(std::move(clock)),
      m_usageAt(std::move(usageAt)), m_maxQueued(maxQueued)
{
    m_thread.setObjectName(QStringLiteral("linedesk-reports"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

ReportWorker::~ReportWorker()
{
    // The connection is closed on the thread that opened it.
    QMetaObject::invokeMethod(
        m_context, [this] { m_open.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

ReportWorker::Parts *ReportWorker::parts()
{
    if (m_open)
        return m_open->parts.get();
    try {
        auto open = std::make_unique<Open>();
        open->db = Database::open(m_location);
        open->accounts = std::make_unique<Accounts>(*open->db);
        open->history = std::make_unique<History>(*open->db);
        open->analytics =
            std::make_unique<Analytics>(*open->db, *open->accounts, *open->history, *m_clock);
        open->inspector = std::make_unique<Inspector>(*open->db, *open->accounts, m_usageAt);
        open->planner =
            std::make_unique<CapacityPlanner>(*open->db, *open->accounts, *m_clock, m_location);
        open->parts =
            std::make_unique<Parts>(Parts{*open->db, *open->accounts, *open->history,
                                          *open->analytics, *open->inspector, *open->planner});
        m_open = std::move(open);
        return m_open->parts.get();
    } catch (const DatabaseException &e) {
        qCWarning(lcReports).noquote() << "cannot open the database for reports:" << e.message();
    } catch (const std::exception &e) {
        qCWarning(lcReports).noquote() << "cannot open the database for reports:" << e.what();
    }
    return nullptr;
}

bool ReportWorker::post(Job job)
{
    if (m_queued.fetch_add(1) >= m_maxQueued) {
        m_queued.fetch_sub(1);
        return false;
    }
    QMetaObject::invokeMethod(m_context, [this, job = std::move(job)] {
        try {
            job(parts());
        } catch (...) {
            qCWarning(lcReports) << "a report job failed";
        }
        m_queued.fetch_sub(1);
    });
    return true;
}

} // namespace linedesk::server
