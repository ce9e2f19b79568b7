#pragma once

#include "service.h"

#include <QJsonArray>
#include <QThread>
#include <QUrl>

namespace linedesk::server {

// Runs a Service in its own thread, so a UI or a test keeps its own event loop free. The
// service, its HTTP server and its database connection are created inside that thread.
class ServiceThread
{
public:
    explicit ServiceThread(ServiceConfig config);
    ~ServiceThread();
    ServiceThread(const ServiceThread &) = delete;
    ServiceThread &operator=(const ServiceThread &) = delete;

    // Blocks the calling thread until the service listens or fails (then `error` says why).
    bool start(QString *error = nullptr);
    void stop();

    bool isRunning() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QUrl url() const;
    QJsonArray demoTokens() const { return m_demoTokens; }
    QStringList routeList() const { return m_routes; }
    // Service::completedJobRuns() of the running service (0 when stopped).
    int completedJobRuns() const { return m_service ? m_service->completedJobRuns() : 0; }
    // Switches the demo traffic generator on or off (asynchronously, in the service thread).
    void setDemoTraffic(bool on);

private:
    ServiceConfig m_config;
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; parent of the service
    Service *m_service = nullptr;
    quint16 m_port = 0;
    QJsonArray m_demoTokens;
    QStringList m_routes;
};

} // namespace linedesk::server
