#pragma once

#include "caller.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <memory>
#include <optional>
#include <vector>

class QWebSocket;

namespace linedesk::server {

class Accounts;
class Clock;
class History;

// GET /live: WebSocket clients subscribe to subscriptions they may see and receive a
// snapshot, then samples (coalesced to at most one per 100 ms per subscription, sent within
// 100 ms of a change) and limit changes at once.
class LiveFeed : public QObject
{
    Q_OBJECT
public:
    LiveFeed(Accounts &accounts, History &history, const Clock &clock, QObject *parent = nullptr);
    ~LiveFeed() override;

    static constexpr int kMinSampleIntervalMs = 100;
    static constexpr int kSnapshotSeconds = 300;

    // Takes a socket whose upgrade request carried a valid token for `caller`.
    void accept(std::unique_ptr<QWebSocket> socket, const Caller &caller);
    // A subscription's active count changed (or calls were blocked).
    // `seq`: the subscription's activity sequence after the change. A change older than one
    // already applied (it arrived late, from another instance) only adds its blocked attempt.
    void activity(const QString &subscriptionId, int active, int blocked, int limit, qint64 seq);
    // Lines were bought or removed (or dropped at renewal): pushed at once.
    void limitChanged(const QString &subscriptionId);
    // An alert fired or resolved: {"type": "alert", "subscriptionId", "alert"} at once.
    void alert(const QJsonObject &alert);

    int clientCount() const { return int(m_clients.size()); }

private:
    struct Client;
    struct Pending
    {
        int active = 0;
        int blocked = 0;
        int limit = 0;
        qint64 seq = -1; // of the active count and limit held
        bool dirty = false;
        bool scheduled = false;
        QElapsedTimer sinceSent;
    };
    void onMessage(Client *client, const QString &message);
    // The snapshot message for a subscription; nothing when the caller may not see it.
    // Throws DatabaseException when the database fails.
    std::optional<QJsonObject> snapshot(const Caller &caller, const QString &subscriptionId);
    void flush(const QString &subscriptionId);
    void sendTo(const QString &subscriptionId, const QByteArray &message);
    void remove(Client *client);

    Accounts &m_accounts;
    History &m_history;
    const Clock &m_clock;
    std::vector<std::unique_ptr<Client>> m_clients;
    QHash<QString, Pending> m_pending;
};

} // namespace linedesk::server
