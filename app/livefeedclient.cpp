#include "livefeedclient.h"

#include "uilanguage.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkRequest>

Q_LOGGING_CATEGORY(lcConsoleLiveFeed, "linedesk.app.live", QtInfoMsg)

namespace linedesk {

LiveFeedClient::LiveFeedClient(QObject *parent) : QObject(parent)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &LiveFeedClient::open);
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        qCDebug(lcConsoleLiveFeed) << "feed connected";
        subscribe();
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        if (m_state == State::Idle)
            return;
        qCInfo(lcConsoleLiveFeed).noquote()
            << "feed lost:" << m_socket.closeReason() << m_socket.errorString();
        m_lastError =
            m_socket.closeReason().isEmpty() ? m_socket.errorString() : m_socket.closeReason();
        setState(State::Lost);
        scheduleReconnect();
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &LiveFeedClient::handleMessage);
}

LiveFeedClient::~LiveFeedClient()
{
    m_socket.disconnect(this);
    m_socket.abort();
}

QUrl LiveFeedClient::feedUrl(const QUrl &apiBase)
{
    QUrl url = apiBase;
    url.setScheme(apiBase.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                             : QStringLiteral("ws"));
    QString path = apiBase.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/live"));
    url.setQuery(QString());
    return url;
}

void LiveFeedClient::setServer(const QUrl &apiBase, const QString &token)
{
    const QUrl url = apiBase.isValid() && !apiBase.isEmpty() ? feedUrl(apiBase) : QUrl();
    if (url == m_url && token == m_token)
        return;
    m_url = url;
    m_token = token;
    close();
    open();
}

void LiveFeedClient::setSubscription(const QString &subscriptionId)
{
    if (subscriptionId == m_subscriptionId)
        return;
    m_subscriptionId = subscriptionId;
    if (m_socket.state() == QAbstractSocket::ConnectedState) {
        setState(m_subscriptionId.isEmpty() ? State::Idle : State::Connecting);
        subscribe();
    } else {
        close();
        open();
    }
}

void LiveFeedClient::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    close();
    open();
}

void LiveFeedClient::setBackoff(int firstMs, int maxMs)
{
    m_firstDelayMs = qMax(1, firstMs);
    m_maxDelayMs = qMax(m_firstDelayMs, maxMs);
}

qint64 LiveFeedClient::serverNowMs() const
{
    if (!m_sinceServerTime.isValid())
        return QDateTime::currentMSecsSinceEpoch();
    return m_serverTimeMs + m_sinceServerTime.elapsed();
}

void LiveFeedClient::noteServerTime(qint64 tMs)
{
    // Follows the service's clock, which may not be ours (or may be a test's manual clock),
    // and never runs backwards: a sample stamped a little earlier than our estimate is late.
    if (m_sinceServerTime.isValid() && tMs <= serverNowMs())
        return;
    m_serverTimeMs = tMs;
    m_sinceServerTime.start();
}

void LiveFeedClient::open()
{
    m_reconnect.stop();
    if (m_paused || !m_url.isValid() || m_token.isEmpty() || m_subscriptionId.isEmpty()) {
        setState(State::Idle);
        return;
    }
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        return;
    QNetworkRequest request(m_url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    qCDebug(lcConsoleLiveFeed).noquote() << "opening" << m_url.toString();
    if (m_state != State::Lost)
        setState(State::Connecting);
    ++m_opened;
    m_socket.open(request);
}

void LiveFeedClient::close()
{
    m_reconnect.stop();
    m_attempt = 0;
    const State before = m_state;
    m_state = State::Idle; // the disconnected() handler must not schedule a reconnect
    m_socket.abort();
    m_state = before;
    setState(State::Idle);
}

void LiveFeedClient::subscribe()
{
    if (m_subscriptionId.isEmpty())
        return;
    const QJsonObject message{{QStringLiteral("type"), QStringLiteral("subscribe")},
                              {QStringLiteral("subscriptionId"), m_subscriptionId}};
    m_socket.sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void LiveFeedClient::scheduleReconnect()
{
    if (m_paused || !m_url.isValid() || m_token.isEmpty() || m_subscriptionId.isEmpty())
        return;
    const int delay = qMin(m_maxDelayMs, m_firstDelayMs << qMin(m_attempt, 16));
    ++m_attempt;
    qCDebug(lcConsoleLiveFeed) << "reconnecting in" << delay << "ms";
    m_reconnect.start(delay);
}

void LiveFeedClient::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
    Q_EMIT numbersChanged();
}

void LiveFeedClient::handleMessage(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        qCWarning(lcConsoleLiveFeed) << "unreadable feed message:" << error.errorString();
        return;
    }
    const QJsonObject o = doc.object();
    const QString type = o.value(QLatin1String("type")).toString();
    const QString id = o.value(QLatin1String("subscriptionId")).toString();
    if (type == QLatin1String("error")) {
        m_lastError = UiLanguage::errorText(o.value(QLatin1String("code")).toString(),
                                            o.value(QLatin1String("message")).toString());
        qCInfo(lcConsoleLiveFeed).noquote()
            << "feed error:" << o.value(QLatin1String("code")).toString() << m_lastError;
        Q_EMIT errorReceived(o.value(QLatin1String("code")).toString(), m_lastError);
        return;
    }
    if (id != m_subscriptionId)
        return; // an answer for a subscription we no longer follow
    if (type == QLatin1String("snapshot")) {
        const Subscription s =
            Subscription::fromJson(o.value(QLatin1String("subscription")).toObject());
        QList<ConcurrencySample> recent;
        const QJsonArray rows = o.value(QLatin1String("recent")).toArray();
        recent.reserve(rows.size());
        for (const QJsonValue &row : rows) {
            const QJsonArray r = row.toArray();
            if (r.size() < 3)
                continue;
            recent.append({r.at(0).toInteger(), r.at(1).toInt(), r.at(2).toInt(),
                           r.size() > 3 ? r.at(3).toInt() : s.concurrencyLimit()});
        }
        m_active = s.concurrencyCounter;
        m_limit = s.concurrencyLimit();
        m_included = s.concurrencyLimitIncluded;
        noteServerTime(recent.isEmpty() ? QDateTime::currentMSecsSinceEpoch()
                                        : recent.last().tMs + 999);
        m_attempt = 0;
        m_lastError.clear();
        Q_EMIT snapshotReceived(id, s, recent);
        setState(State::Live);
        Q_EMIT numbersChanged();
    } else if (type == QLatin1String("sample")) {
        const ConcurrencySample sample{
            o.value(QLatin1String("t")).toInteger(), o.value(QLatin1String("active")).toInt(),
            o.value(QLatin1String("blocked")).toInt(), o.value(QLatin1String("limit")).toInt()};
        noteServerTime(sample.tMs);
        m_active = sample.active;
        m_limit = sample.limit;
        Q_EMIT sampleReceived(id, sample);
        Q_EMIT numbersChanged();
    } else if (type == QLatin1String("limit")) {
        const qint64 t = o.value(QLatin1String("t")).toInteger();
        noteServerTime(t);
        m_limit = o.value(QLatin1String("limit")).toInt();
        m_included = o.value(QLatin1String("included")).toInt();
        m_active = o.value(QLatin1String("active")).toInt();
        Q_EMIT limitChanged(
            id, t, m_limit, m_included, m_active,
            Subscription::fromJson(o.value(QLatin1String("subscription")).toObject()));
        Q_EMIT numbersChanged();
    } else if (type == QLatin1String("alert")) {
        const QJsonValue alert = o.value(QLatin1String("alert"));
        if (!alert.isObject()) {
            qCWarning(lcConsoleLiveFeed) << "alert message without an alert";
            return;
        }
        Alert a = Alert::fromJson(alert.toObject());
        if (a.id.isEmpty()) {
            qCWarning(lcConsoleLiveFeed) << "alert message without an alert id";
            return;
        }
        if (a.subscriptionId.isEmpty())
            a.subscriptionId = id;
        qCDebug(lcConsoleLiveFeed).noquote()
            << "alert" << a.kindName << Alert::stateToString(a.state) << a.id;
        Q_EMIT alertReceived(id, a);
    }
}

} // namespace linedesk
