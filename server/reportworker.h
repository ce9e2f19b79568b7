#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace linedesk::server {

class Accounts;
class Analytics;
class CapacityPlanner;
class Clock;
class Database;
class History;
class Inspector;

// A thread of its own, with its own database connection, for the service's reports
// (analytics, support's search): a long one no longer holds up admission or /health on the
// HTTP thread. Jobs run one at a time, in order; a bounded number wait.
class ReportWorker final
{
public:
    struct Parts
    {
        Database &db;
        Accounts &accounts;
        History &history;
        Analytics &analytics;
        Inspector &inspector;
        CapacityPlanner &planner;
    };
    using Job = std::function<void(Parts *parts)>; // parts is null if the database won't open

    // `usageAt`: the HTTP thread's Inspector::usageStamp(), read by this thread's inspector.
    ReportWorker(QString databaseLocation, std::shared_ptr<const Clock> clock,
                 std::shared_ptr<std::atomic<qint64>> usageAt, int maxQueued = 16);
    ~ReportWorker();

    // Queues `job` on the worker thread; false (and nothing queued) when the queue is full.
    bool post(Job job);
    int queued() const { return m_queued.load(); }
    int maxQueued() const { return m_maxQueued; }

private:
    struct Open;
    Parts *parts();

    QString m_location;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<std::atomic<qint64>> m_usageAt;
    int m_maxQueued;
    std::atomic<int> m_queued{0};
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread: jobs are posted to it
    std::unique_ptr<Open> m_open; // created and destroyed on m_thread
};

} // namespace linedesk::server
