#include "connectionmonitor.h"

#include "apiclient.h"
#include "logging.h"

namespace linedesk {

ConnectionMonitor::ConnectionMonitor(ApiClient *api, QObject *parent) : QObject(parent), m_api(api)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ConnectionMonitor::probe);
    connect(api, &ApiClient::unreachable, this, &ConnectionMonitor::lost);
    connect(api, &ApiClient::reachable, this, &ConnectionMonitor::answered);
}

void ConnectionMonitor::setBackoff(int firstMs, int maxMs)
{
    m_firstDelayMs = qMax(1, firstMs);
    m_maxDelayMs = qMax(m_firstDelayMs, maxMs);
}

void ConnectionMonitor::setState(State s)
{
    if (m_state == s)
        return;
    const State before = m_state;
    m_state = s;
    qCInfo(lcConnection) << "connection" << s;
    Q_EMIT stateChanged(s);
    if (s == State::Online && before == State::Offline)
        Q_EMIT reconnected();
}

void ConnectionMonitor::reset()
{
    m_retryTimer.stop();
    m_attempts = 0;
    m_nextAttemptAt = {};
    setState(State::Unknown);
}

void ConnectionMonitor::lost(const QString &reason)
{
    m_lastError = reason;
    if (m_state != State::Offline) {
        m_lostAt = QDateTime::currentDateTimeUtc();
        m_attempts = 0;
        setState(State::Offline);
    }
    if (m_probing || m_retryTimer.isActive())
        return;
    const int delay = qMin<qint64>(qint64(m_firstDelayMs) << qMin(m_attempts, 20), m_maxDelayMs);
    m_nextAttemptAt = QDateTime::currentDateTimeUtc().addMSecs(delay);
    m_retryTimer.start(delay);
    qCInfo(lcConnection) << "next attempt in" << delay << "ms";
    Q_EMIT retryScheduled(delay);
}

void ConnectionMonitor::answered()
{
    m_retryTimer.stop();
    m_nextAttemptAt = {};
    m_attempts = 0;
    setState(State::Online);
}

void ConnectionMonitor::reconnectNow()
{
    m_retryTimer.stop();
    probe();
}

void ConnectionMonitor::probe()
{
    if (m_probing)
        return;
    m_probing = true;
    ++m_attempts;
    m_nextAttemptAt = {};
    m_api->health(this, [this](const ApiResult<bool> &r) {
        m_probing = false;
        // reachable()/unreachable() already moved the state; schedule the next probe if needed.
        if (r.isNetworkError())
            lost(r.error.message);
    });
}

} // namespace linedesk
