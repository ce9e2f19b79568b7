#include "livefeed.h"

#include "accounts.h"
#include "apiexception.h"
#include "clock.h"
#include "history.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcLiveFeed, "linedesk.server.live", QtInfoMsg)

namespace linedesk::server {

struct LiveFeed::Client
{
    std::unique_ptr<QWebSocket> socket;
    Caller caller;
    QSet<QString> subscriptions;
};

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject errorMessage(const QString &code, const QString &message,
                         const QString &subscriptionId = {})
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("error")},
                  {QStringLiteral("code"), code},
                  {QStringLiteral("message"), message}};
    if (!subscriptionId.isEmpty())
        o.insert(QStringLiteral("subscriptionId"), subscriptionId);
    return o;
}

} // namespace

LiveFeed::LiveFeed(Accounts &accounts, History &history, const Clock &clock, QObject *parent)
    : QObject(parent), m_accounts(accounts), m_history(history), m_clock(clock)
{}

LiveFeed::~LiveFeed()
{
    for (auto &c : m_clients) {
        c->socket->disconnect(this);
        c->socket->close(QWebSocketProtocol::CloseCodeGoingAway,
                         QStringLiteral("service stopping"));
    }
}

void LiveFeed::accept(std::unique_ptr<QWebSocket> socket, const Caller &caller)
{
    auto client = std::make_unique<Client>();
    client->socket = std::move(socket);
    client->caller = caller;
    Client *raw = client.get();
    connect(raw->socket.get(), &QWebSocket::textMessageReceived, this,
            [this, raw](const QString &message) { onMessage(raw, message); });
    connect(raw->socket.get(), &QWebSocket::disconnected, this, [this, raw] { remove(raw); });
    m_clients.push_back(std::move(client));
    qCDebug(lcLiveFeed) << "live client connected:" << caller.email << "clients"
                        << m_clients.size();
}

void LiveFeed::remove(Client *client)
{
    // Deleted later: we may be inside one of the socket's own signals.
    for (auto it = m_clients.begin(); it != m_clients.end(); ++it) {
        if (it->get() == client) {
            QWebSocket *socket = (*it)->socket.release();
            socket->disconnect(this);
            socket->deleteLater();
            m_clients.erase(it);
            return;
        }
    }
}

void LiveFeed::onMessage(Client *client, const QString &message)
{
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(message.toUtf8(), &error).object();
    const QString type = o.value(QLatin1String("type")).toString();
    const QString subscriptionId = o.value(QLatin1String("subscriptionId")).toString();
    if (error.error != QJsonParseError::NoError || type.isEmpty()) {
        client->socket->sendTextMessage(compact(errorMessage(
            QStringLiteral("invalid-message"),
            QStringLiteral("Send {\"type\":\"subscribe\",\"subscriptionId\":\"…\"}."))));
        return;
    }
    if (type == QLatin1String("unsubscribe")) {
        client->subscriptions.remove(subscriptionId);
        return;
    }
    if (type != QLatin1String("subscribe")) {
        client->socket->sendTextMessage(compact(
            errorMessage(QStringLiteral("invalid-message"),
                         QStringLiteral("Unknown message type \"%1\".").arg(type.left(50)))));
        return;
    }
    // A slot: nothing may leave it. A database that fails to answer gets this client an error
    // for this subscription, and the connection (and the service) go on.
    std::optional<QJsonObject> snapshot;
    try {
        snapshot = this->snapshot(client->caller, subscriptionId);
    } catch (const std::exception &e) {
        const auto *db = dynamic_cast<const DatabaseException *>(&e);
        qCWarning(lcLiveFeed).noquote() << "live snapshot of" << subscriptionId.left(100)
                                        << "failed:" << (db ? db->message() : e.what());
        client->socket->sendTextMessage(compact(errorMessage(
            QStringLiteral("internal-error"),
            QStringLiteral("The service could not read subscription %1 just now; subscribe "
                           "again.")
                .arg(subscriptionId.left(100)),
            subscriptionId)));
        return;
    }
    if (!snapshot) {
        client->socket->sendTextMessage(compact(errorMessage(
            QStringLiteral("subscription-not-found"),
            QStringLiteral("No subscription with id %1.").arg(subscriptionId.left(100)),
            subscriptionId)));
        return;
    }
    client->subscriptions.insert(subscriptionId);
    client->socket->sendTextMessage(compact(*snapshot));
}

std::optional<QJsonObject> LiveFeed::snapshot(const Caller &caller, const QString &subscriptionId)
{
    // The same rule as GET /subscription/{id}: not visible is not found, and no data.
    const auto subscription = m_accounts.accessTo(caller, subscriptionId) != Access::None
                                  ? m_accounts.subscription(subscriptionId)
                                  : std::nullopt;
    if (!subscription)
        return std::nullopt;
    const qint64 nowSec = m_clock.now().toSecsSinceEpoch();
    const QList<UsageSegment> seconds =
        History::bucket(m_history.usage(subscriptionId, nowSec - kSnapshotSeconds + 1, nowSec + 1),
                        nowSec - kSnapshotSeconds + 1, nowSec + 1, 1);
    QJsonArray recent;
    for (const UsageSegment &s : seconds)
        recent.append(QJsonArray{s.startSec * 1000, s.maxActive, s.blocked, s.limit});
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("snapshot")},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("subscription"), subscription->toJson()},
        {QStringLiteral("recent"), recent},
    };
}

void LiveFeed::sendTo(const QString &subscriptionId, const QByteArray &message)
{
    const QString text = QString::fromUtf8(message);
    for (auto &c : m_clients)
        if (c->subscriptions.contains(subscriptionId))
            c->socket->sendTextMessage(text);
}

void LiveFeed::activity(const QString &subscriptionId, int active, int blocked, int limit,
                        qint64 seq)
{
    Pending &p = m_pending[subscriptionId];
    if (seq < p.seq) {
        if (blocked == 0)
            return; // superseded: nothing of it is news
    } else {
        p.active = active;
        p.limit = limit;
        p.seq = seq;
    }
    p.blocked += blocked;
    p.dirty = true;
    if (p.scheduled)
        return;
    const qint64 since = p.sinceSent.isValid() ? p.sinceSent.elapsed() : kMinSampleIntervalMs;
    if (since >= kMinSampleIntervalMs) {
        flush(subscriptionId);
    } else {
        p.scheduled = true;
        QTimer::singleShot(int(kMinSampleIntervalMs - since), this, [this, subscriptionId] {
            auto it = m_pending.find(subscriptionId);
            if (it != m_pending.end())
                it->scheduled = false;
            flush(subscriptionId);
        });
    }
}

void LiveFeed::flush(const QString &subscriptionId)
{
    auto it = m_pending.find(subscriptionId);
    if (it == m_pending.end() || !it->dirty)
        return;
    const QJsonObject sample{
        {QStringLiteral("type"), QStringLiteral("sample")},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("t"), m_clock.now().toMSecsSinceEpoch()},
        {QStringLiteral("active"), it->active},
        {QStringLiteral("blocked"), it->blocked},
        {QStringLiteral("limit"), it->limit},
    };
    it->blocked = 0;
    it->dirty = false;
    it->sinceSent.start();
    sendTo(subscriptionId, QJsonDocument(sample).toJson(QJsonDocument::Compact));
}

void LiveFeed::limitChanged(const QString &subscriptionId)
{
    // Called after a committed change (and for other instances' NOTIFY): a failure to read
    // the new limit costs the live views this message, never the change.
    std::optional<Subscription> s;
    try {
        s = m_accounts.subscription(subscriptionId);
    } catch (const DatabaseException &e) {
        qCWarning(lcLiveFeed).noquote()
            << "limit of" << subscriptionId << "not sent to live clients:" << e.message();
        return;
    }
    if (!s)
        return;
    // A sample still waiting to go out must not bring the old limit back after this message.
    const auto pending = m_pending.find(subscriptionId);
    if (pending != m_pending.end())
        pending->limit = s->concurrencyLimit();
    const QJsonObject message{
        {QStringLiteral("type"), QStringLiteral("limit")},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("t"), m_clock.now().toMSecsSinceEpoch()},
        {QStringLiteral("limit"), s->concurrencyLimit()},
        {QStringLiteral("included"), s->concurrencyLimitIncluded},
        {QStringLiteral("purchased"), s->concurrencyLimitPurchased},
        {QStringLiteral("active"), s->concurrencyCounter},
        {QStringLiteral("subscription"), s->toJson()},
    };
    sendTo(subscriptionId, QJsonDocument(message).toJson(QJsonDocument::Compact));
}

void LiveFeed::alert(const QJsonObject &alert)
{
    const QString id = alert.value(QLatin1String("subscriptionId")).toString();
    const QJsonObject message{{QStringLiteral("type"), QStringLiteral("alert")},
                              {QStringLiteral("subscriptionId"), id},
                              {QStringLiteral("alert"), alert}};
    sendTo(id, QJsonDocument(message).toJson(QJsonDocument::Compact));
}

} // namespace linedesk::server
