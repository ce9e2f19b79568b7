#pragma once

#include "alert.h"
#include "concurrencyseries.h"
#include "subscription.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace linedesk {

// The console's client of GET /live: one WebSocket to the service (the upgrade request
// carries the API token), subscribed to one subscription, turning the feed's messages into
// typed signals. After a loss it reconnects with a growing delay and subscribes again.
class LiveFeedClient : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Idle,       // nothing to follow (no URL, token or subscription)
        Connecting, // opening the socket or waiting for the snapshot
        Live,       // the snapshot arrived; samples are current
        Lost        // the connection dropped or was refused; retrying
    };
    Q_ENUM(State)

    explicit LiveFeedClient(QObject *parent = nullptr);
    ~LiveFeedClient() override;

    // The API base (http://host:port); the feed is on ws://host:port/live.
    void setServer(const QUrl &apiBase, const QString &token);
    // Follows `subscriptionId` (empty: none); re-subscribes on the open socket.
    void setSubscription(const QString &subscriptionId);
    QString subscriptionId() const { return m_subscriptionId; }
    // Stops following (closes the socket) until resumed; tests use it to hold news back.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // Reconnect delays: the first after `firstMs`, doubling up to `maxMs`.
    void setBackoff(int firstMs, int maxMs);

    static QUrl feedUrl(const QUrl &apiBase);

    State state() const { return m_state; }
    bool isLive() const { return m_state == State::Live; }
    // The latest numbers (only current while isLive()).
    int active() const { return m_active; }
    int limit() const { return m_limit; }
    int included() const { return m_included; }
    // The service's clock: the time of the latest message plus the time since it arrived.
    qint64 serverNowMs() const;
    QString lastError() const { return m_lastError; }
    // How many connections were opened so far, retries included; a new one opens only once
    // the last one has closed.
    int connectionsOpened() const { return m_opened; }

    // Parses one feed message (public for tests); emits the matching signal.
    void handleMessage(const QString &text);

Q_SIGNALS:
    void stateChanged(linedesk::LiveFeedClient::State state);
    // The last five minutes, one sample per second, on every (re)subscribe.
    void snapshotReceived(const QString &subscriptionId, const linedesk::Subscription &subscription,
                          const QList<linedesk::ConcurrencySample> &recent);
    void sampleReceived(const QString &subscriptionId, const linedesk::ConcurrencySample &sample);
    // Lines were bought or removed.
    void limitChanged(const QString &subscriptionId, qint64 tMs, int limit, int included,
                      int active, const linedesk::Subscription &subscription);
    // An alert of the followed subscription fired or resolved (issue 14).
    void alertReceived(const QString &subscriptionId, const linedesk::Alert &alert);
    // The feed refused something (e.g. a subscription this token may not see).
    void errorReceived(const QString &code, const QString &message);
    // Any of active(), limit() or state() changed.
    void numbersChanged();

private:
    void open();
    void close();
    void subscribe();
    void setState(State state);
    void scheduleReconnect();
    void noteServerTime(qint64 tMs);

    QWebSocket m_socket;
    QUrl m_url;
    QString m_token;
    QString m_subscriptionId;
    State m_state = State::Idle;
    QTimer m_reconnect;
    int m_firstDelayMs = 500;
    int m_maxDelayMs = 15000;
    int m_attempt = 0;
    int m_opened = 0;
    bool m_paused = false;
    int m_active = 0;
    int m_limit = 0;
    int m_included = 0;
    qint64 m_serverTimeMs = 0;
    QElapsedTimer m_sinceServerTime;
    QString m_lastError;
};

} // namespace linedesk
