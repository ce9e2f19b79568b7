#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace linedesk {

class ApiClient;

// Whether the service answers. When a request gets no answer the monitor goes Offline and
// probes GET /health with exponential backoff until the service answers again.
class ConnectionMonitor : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Unknown,
        Online,
        Offline
    };
    Q_ENUM(State)

    explicit ConnectionMonitor(ApiClient *api, QObject *parent = nullptr);

    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    QDateTime lostAt() const { return m_lostAt; }
    // When the next probe runs (invalid while none is planned).
    QDateTime nextAttemptAt() const { return m_nextAttemptAt; }
    int attempts() const { return m_attempts; }

    // Probe delays: first, doubling up to max (default 1 s … 30 s).
    void setBackoff(int firstMs, int maxMs);
    void reconnectNow();
    void reset();

Q_SIGNALS:
    void stateChanged(linedesk::ConnectionMonitor::State state);
    void retryScheduled(int delayMs);
    // Back online after having been offline: views reload what they show.
    void reconnected();

private:
    void lost(const QString &reason);
    void answered();
    void probe();
    void setState(State s);

    ApiClient *m_api;
    State m_state = State::Unknown;
    QTimer m_retryTimer;
    bool m_probing = false;
    int m_attempts = 0;
    int m_firstDelayMs = 1000;
    int m_maxDelayMs = 30000;
    QString m_lastError;
    QDateTime m_lostAt;
    QDateTime m_nextAttemptAt;
};

} // namespace linedesk
