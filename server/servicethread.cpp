#include "servicethread.h"

#include "apiexception.h"

#include <QLoggingCategory>

#include <future>

namespace linedesk::server {

ServiceThread::ServiceThread(ServiceConfig config) : m_config(std::move(config))
{
    m_thread.setObjectName(QStringLiteral("linedesk-service"));
}

ServiceThread::~ServiceThread()
{
    stop();
}

QUrl ServiceThread::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(m_config.address.toString());
    u.setPort(m_port);
    return u;
}

bool ServiceThread::start(QString *error)
{
    if (m_thread.isRunning())
        return m_port != 0;
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);

    std::promise<QString> started;
    std::future<QString> result = started.get_future();
    QMetaObject::invokeMethod(m_context, [this, &started] {
        auto *service = new Service(m_config, m_context);
        try {
            service->start();
            m_service = service;
            m_port = service->port();
            m_demoTokens = service->demoTokens();
            m_routes = service->routeList();
            started.set_value(QString());
        } catch (const DatabaseException &e) {
            delete service;
            started.set_value(e.message());
        } catch (const std::exception &e) {
            delete service;
            started.set_value(QString::fromStdString(e.what()));
        }
    });
    const QString failure = result.get();
    if (!failure.isEmpty()) {
        if (error)
            *error = failure;
        stop();
        return false;
    }
    return true;
}

void ServiceThread::setDemoTraffic(bool on)
{
    if (!m_context)
        return;
    QMetaObject::invokeMethod(m_context, [this, on] {
        if (m_service)
            m_service->setDemoTraffic(on);
    });
}

void ServiceThread::stop()
{
    if (!m_thread.isRunning())
        return;
    // Destroy the service in its own thread, then end the thread.
    QObject *context = m_context;
    QMetaObject::invokeMethod(
        context, [context] { delete context; }, Qt::BlockingQueuedConnection);
    m_context = nullptr;
    m_service = nullptr;
    m_port = 0;
    m_thread.quit();
    m_thread.wait();
}

} // namespace linedesk::server
