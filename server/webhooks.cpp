#include "webhooks.h"

#include "accounts.h"
#include "apiexception.h"
#include "clock.h"
#include "database.h"
#include "jsonutil.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTimer>

Q_LOGGING_CATEGORY(lcWebhooks, "linedesk.server.webhooks", QtInfoMsg)

namespace linedesk::server {

namespace {

QJsonValue isoOrNull(const QVariant &ms)
{
    return ms.isNull() ? QJsonValue(QJsonValue::Null)
                       : QJsonValue(json::isoTime(
                             QDateTime::fromMSecsSinceEpoch(ms.toLongLong(), Qt::UTC)));
}

QJsonValue intOrNull(const QVariant &v)
{
    return v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(v.toLongLong());
}

QJsonValue textOrNull(const QVariant &v)
{
    return v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(v.toString());
}

ApiException webhookNotFound(const QString &id)
{
    return ApiException(
        404, QStringLiteral("webhook-not-found"),
        QStringLiteral("No webhook with id %1 on this subscription.").arg(id.left(100)));
}

} // namespace

QByteArray webhookSignature(const QByteArray &secret, qint64 unixSeconds, const QByteArray &body)
{
    const QByteArray t = QByteArray::number(unixSeconds);
    const QByteArray mac =
        QMessageAuthenticationCode::hash(t + '.' + body, secret, QCryptographicHash::Sha256);
    return "t=" + t + ",v1=" + mac.toHex();
}

// --- Webhooks ---

QJsonObject Webhooks::add(const Caller &caller, const QString &subscriptionId,
                          const WebhookBody &body)
{
    Database::Transaction tx(m_db);
    m_db.lockRow("subscription", subscriptionId);
    const QString url = body.url.toString(QUrl::FullyEncoded);
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT COUNT(*), SUM(CASE WHEN url = :u THEN 1 ELSE 0"
                                           " END) FROM webhook WHERE subscription_id = :s AND"
                                           " removed_at IS NULL"),
                            {{":s", subscriptionId}, {":u", url}});
    q.next();
    const int count = q.value(0).toInt();
    const int same = q.value(1).toInt();
    q.finish();
    if (same > 0)
        throw ApiException(
            409, QStringLiteral("webhook-exists"),
            QStringLiteral("This subscription already sends its alerts to %1.").arg(url.left(200)));
    if (count >= kMaxPerSubscription)
        throw ApiException(409, QStringLiteral("too-many-webhooks"),
                           QStringLiteral("A subscription has at most %1 webhooks; remove one "
                                          "first.")
                               .arg(kMaxPerSubscription));
    const QString id = Accounts::newId();
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    m_db.exec(QStringLiteral("INSERT INTO webhook (id, subscription_id, url, secret, created_at,"
                             " created_by) VALUES (:id, :s, :u, :secret, :at, :by)"),
              {{":id", id},
               {":s", subscriptionId},
               {":u", url},
               {":secret", body.secret},
               {":at", now},
               {":by", caller.userId.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                               : QVariant(caller.userId)}});
    tx.commit();
    qCInfo(lcWebhooks).noquote() << "webhook" << id << "added to" << subscriptionId << "by"
                                 << caller.email << ":" << url;
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("url"), url},
        {QStringLiteral("secretHint"), QStringLiteral("…") + body.secret.right(4)},
        {QStringLiteral("createdAt"), json::isoTime(QDateTime::fromMSecsSinceEpoch(now, Qt::UTC))},
        {QStringLiteral("createdBy"), caller.email}};
}

QJsonObject Webhooks::list(const QString &subscriptionId)
{
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT w.id, w.url, w.secret, w.created_at, u.email"
                                           " FROM webhook w LEFT JOIN app_user u ON u.id ="
                                           " w.created_by WHERE w.subscription_id = :s AND"
                                           " w.removed_at IS NULL ORDER BY w.created_at, w.id"),
                            {{":s", subscriptionId}});
    QJsonArray results;
    while (q.next())
        results.append(QJsonObject{
            {QStringLiteral("id"), q.value(0).toString()},
            {QStringLiteral("subscriptionId"), subscriptionId},
            {QStringLiteral("url"), q.value(1).toString()},
            {QStringLiteral("secretHint"), QStringLiteral("…") + q.value(2).toString().right(4)},
            {QStringLiteral("createdAt"), isoOrNull(q.value(3))},
            {QStringLiteral("createdBy"), textOrNull(q.value(4))}});
    return {{QStringLiteral("results"), results}};
}

void Webhooks::remove(const QString &subscriptionId, const QString &webhookId)
{
    Database::Transaction tx(m_db);
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    // The secret is forgotten with the endpoint: nothing will be signed with it again.
    QSqlQuery q = m_db.exec(QStringLiteral("UPDATE webhook SET removed_at = :at, secret = ''"
                                           " WHERE id = :w AND subscription_id = :s AND"
                                           " removed_at IS NULL"),
                            {{":at", now}, {":w", webhookId}, {":s", subscriptionId}});
    if (q.numRowsAffected() != 1)
        throw webhookNotFound(webhookId);
    m_db.exec(QStringLiteral("UPDATE webhook_delivery SET state = 'cancelled', next_attempt_at ="
                             " NULL, updated_at = :at WHERE webhook_id = :w AND state = 'pending'"),
              {{":at", now}, {":w", webhookId}});
    tx.commit();
    qCInfo(lcWebhooks).noquote() << "webhook" << webhookId << "removed from" << subscriptionId;
}

Page Webhooks::deliveries(const QString &subscriptionId, const QString &webhookId,
                          const PageRequest &page)
{
    QSqlQuery w = m_db.exec(QStringLiteral("SELECT 1 FROM webhook WHERE id = :w AND"
                                           " subscription_id = :s AND removed_at IS NULL"),
                            {{":w", webhookId}, {":s", subscriptionId}});
    if (!w.next())
        throw webhookNotFound(webhookId);
    w.finish();
    QVariantMap binds{{QStringLiteral(":w"), webhookId}, {QStringLiteral(":n"), page.limit + 1}};
    QString after;
    qint64 afterAt = 0;
    QString afterId;
    if (page.afterTimeAndId(&afterAt, &afterId)) {
        after =
            QStringLiteral(" AND (d.created_at < :kat OR (d.created_at = :kat AND d.id < :kid))");
        binds.insert(QStringLiteral(":kat"), afterAt);
        binds.insert(QStringLiteral(":kid"), afterId);
    }
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT d.id, d.alert_id, a.kind, d.alert_state, d.state, d.created_at,"
                       " d.attempts, d.next_attempt_at, d.delivered_at, d.last_status,"
                       " d.last_error FROM webhook_delivery d JOIN alert a ON a.id = d.alert_id"
                       " WHERE d.webhook_id = :w%1 ORDER BY d.created_at DESC, d.id DESC"
                       " LIMIT :n")
            .arg(after),
        binds);
    Page result;
    QList<QJsonObject> rows;
    qint64 lastAt = 0;
    QString lastId;
    while (q.next()) {
        if (rows.size() == page.limit) {
            result.nextCursor = PageRequest::encodeCursor({lastAt, lastId});
            break;
        }
        rows.append(QJsonObject{{QStringLiteral("id"), q.value(0).toString()},
                                {QStringLiteral("webhookId"), webhookId},
                                {QStringLiteral("alertId"), q.value(1).toString()},
                                {QStringLiteral("alertKind"), q.value(2).toString()},
                                {QStringLiteral("alertState"), q.value(3).toString()},
                                {QStringLiteral("state"), q.value(4).toString()},
                                {QStringLiteral("createdAt"), isoOrNull(q.value(5))},
                                {QStringLiteral("attempts"), q.value(6).toInt()},
                                {QStringLiteral("nextAttemptAt"), isoOrNull(q.value(7))},
                                {QStringLiteral("deliveredAt"), isoOrNull(q.value(8))},
                                {QStringLiteral("lastStatusCode"), intOrNull(q.value(9))},
                                {QStringLiteral("lastError"), textOrNull(q.value(10))}});
        lastAt = q.value(5).toLongLong();
        lastId = q.value(0).toString();
    }
    q.finish();
    for (QJsonObject &row : rows) {
        QSqlQuery a = m_db.exec(QStringLiteral("SELECT at, status_code, error, duration_ms FROM"
                                               " webhook_attempt WHERE delivery_id = :d"
                                               " ORDER BY n"),
                                {{":d", row.value(QLatin1String("id")).toString()}});
        QJsonArray log;
        while (a.next())
            log.append(QJsonObject{{QStringLiteral("at"), isoOrNull(a.value(0))},
                                   {QStringLiteral("statusCode"), intOrNull(a.value(1))},
                                   {QStringLiteral("error"), textOrNull(a.value(2))},
                                   {QStringLiteral("durationMs"), a.value(3).toLongLong()}});
        row.insert(QStringLiteral("attemptLog"), log);
        result.results.append(row);
    }
    return result;
}

// --- WebhookDeliverer ---

WebhookDeliverer::WebhookDeliverer(Database &db, const Clock &clock, bool allowPrivate,
                                   QObject *parent)
    : QObject(parent), m_db(db), m_clock(clock), m_allowPrivate(allowPrivate)
{
    // Straight to the endpoint: a proxy would resolve the name itself, past the address check.
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

WebhookDeliverer::~WebhookDeliverer()
{
    // Replies still out finish as aborted while the manager goes: nothing is recorded for them
    // (their claims lapse and another run sends them again).
    m_inFlight.clear();
    m_network.disconnect(this);
    const auto replies = m_network.findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
    }
}

void WebhookDeliverer::run()
{
    if (m_running)
        return;
    m_running = true;
    const auto done = qScopeGuard([this] { m_running = false; });
    const int room = kMaxInFlight - inFlight();
    if (room <= 0)
        return;
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT d.id, d.body, d.alert_state, d.attempts, d.created_at, w.url,"
                       " w.secret FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                       " WHERE d.state = 'pending' AND w.removed_at IS NULL AND"
                       " d.next_attempt_at <= :now AND"
                       " (d.claimed_until IS NULL OR d.claimed_until <= :now)"
                       " ORDER BY d.next_attempt_at LIMIT :n"),
        {{":now", now}, {":n", room}});
    QList<Delivery> due;
    while (q.next()) {
        Delivery d;
        d.id = q.value(0).toString();
        d.body = q.value(1).toString().toUtf8();
        d.event = QStringLiteral("alert.") + q.value(2).toString();
        d.attempts = q.value(3).toInt();
        d.createdAtMs = q.value(4).toLongLong();
        d.url = q.value(5).toString();
        d.secret = q.value(6).toString().toUtf8();
        if (!m_inFlight.contains(d.id))
            due.append(d);
    }
    q.finish();
    for (Delivery &d : due) {
        // The claim: only one instance's update finds the row unclaimed.
        QSqlQuery claim = m_db.exec(
            QStringLiteral("UPDATE webhook_delivery SET claimed_until = :until, updated_at = :now"
                           " WHERE id = :id AND state = 'pending' AND (claimed_until IS NULL OR"
                           " claimed_until <= :now)"),
            {{":until", now + kClaimMs}, {":now", now}, {":id", d.id}});
        if (claim.numRowsAffected() != 1)
            continue;
        send(std::move(d));
    }
}

void WebhookDeliverer::send(Delivery d)
{
    d.startedMs = QDateTime::currentMSecsSinceEpoch();
    d.send = ++m_sends;
    m_inFlight.insert(d.id, d);
    const QUrl url(d.url);
    QHostAddress literal;
    if (literal.setAddress(url.host())) {
        post(d, literal);
        return;
    }
    // Resolved here and checked, then sent to the address checked (not resolved again), so a
    // name that changes its answer cannot steer a delivery to a private address.
    QPointer<WebhookDeliverer> self(this);
    const int lookup = QHostInfo::lookupHost(url.host(), this, [self, d](const QHostInfo &info) {
        if (!self || self->m_inFlight.value(d.id).send != d.send)
            return;
        try {
            if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
                self->finish(d, 0,
                             QStringLiteral("cannot resolve %1: %2")
                                 .arg(QUrl(d.url).host(), info.errorString()));
                return;
            }
            self->post(d, info.addresses().constFirst());
        } catch (const DatabaseException &e) {
            self->m_inFlight.remove(d.id);
            qCWarning(lcWebhooks).noquote() << "delivery" << d.id << "failed:" << e.message();
        } catch (const std::exception &e) {
            self->m_inFlight.remove(d.id);
            qCWarning(lcWebhooks) << "delivery" << d.id << "failed:" << e.what();
        }
    });
    // A name server that never answers costs one attempt, not a sending slot for good.
    QTimer::singleShot(kTimeoutMs, this, [this, lookup, d] {
        if (m_inFlight.value(d.id).send != d.send || m_posted.contains(d.id))
            return;
        QHostInfo::abortHostLookup(lookup);
        try {
            finish(d, 0,
                   QStringLiteral("no answer from the name server within %1 s")
                       .arg(kTimeoutMs / 1000));
        } catch (const DatabaseException &e) {
            m_inFlight.remove(d.id);
            qCWarning(lcWebhooks).noquote() << "delivery" << d.id << "failed:" << e.message();
        }
    });
}

void WebhookDeliverer::post(const Delivery &d, const QHostAddress &address)
{
    QUrl url(d.url);
    if (!m_allowPrivate && !isPublicAddress(address)) {
        finish(d, 0,
               QStringLiteral("%1 is a loopback, private or otherwise non-public address; "
                              "this service delivers only to public addresses")
                   .arg(address.toString()));
        return;
    }
    const QString host = url.host();
    QNetworkRequest request;
    if (!m_allowPrivate) {
        url.setHost(address.toString());
        QByteArray hostHeader = QUrl::toAce(host);
        if (url.port() != -1)
            hostHeader += ':' + QByteArray::number(url.port());
        request.setRawHeader("Host", hostHeader);
        request.setPeerVerifyName(host);
    }
    request.setUrl(url);
    const qint64 t = m_clock.now().toSecsSinceEpoch();
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArray("linedesk-server/" LINEDESK_VERSION));
    request.setRawHeader("Linedesk-Signature", webhookSignature(d.secret, t, d.body));
    request.setRawHeader("Linedesk-Delivery", d.id.toUtf8());
    request.setRawHeader("Linedesk-Event", d.event.toUtf8());
    request.setTransferTimeout(kTimeoutMs);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    QNetworkReply *reply = m_network.post(request, d.body);
    m_posted.insert(d.id);
    // At most 10 s in all: Qt's transfer timeout only counts silence, and a receiver that
    // trickles its answer would hold the send (and its claim) for ever.
    QTimer::singleShot(kTimeoutMs, reply, [reply] { reply->abort(); });
    // The answer's body is not needed: read and dropped as it comes, never buffered.
    connect(reply, &QNetworkReply::readyRead, reply,
            [reply] { reply->skip(reply->bytesAvailable()); });
    connect(reply, &QNetworkReply::finished, this, [this, reply, id = d.id] {
        reply->deleteLater();
        const auto it = m_inFlight.constFind(id);
        if (it == m_inFlight.constEnd())
            return;
        const Delivery delivery = *it;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QString error;
        if (status == 0)
            error = reply->error() == QNetworkReply::OperationCanceledError ||
                            reply->error() == QNetworkReply::TimeoutError
                        ? QStringLiteral("no answer within %1 s").arg(kTimeoutMs / 1000)
                        : reply->errorString();
        else if (status < 200 || status > 299)
            error = QStringLiteral("HTTP %1").arg(status);
        try {
            finish(delivery, status, error);
        } catch (const DatabaseException &e) {
            m_inFlight.remove(id);
            qCWarning(lcWebhooks).noquote()
                << "delivery" << id << "attempt not recorded:" << e.message();
        } catch (const std::exception &e) {
            m_inFlight.remove(id);
            qCWarning(lcWebhooks) << "delivery" << id << "attempt not recorded:" << e.what();
        }
    });
}

void WebhookDeliverer::finish(const Delivery &d, int statusCode, const QString &error)
{
    m_posted.remove(d.id);
    if (!m_inFlight.remove(d.id))
        return; // recorded already
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    const int n = d.attempts + 1;
    const bool ok = statusCode >= 200 && statusCode <= 299;
    const qint64 delay = qMin(kFirstRetryMs << qMin(n - 1, 20), kMaxRetryMs);
    const bool giveUp = !ok && now + delay > d.createdAtMs + kGiveUpMs;
    Database::Transaction tx(m_db);
    // Numbered after the attempts recorded (not the count read at the claim): one another
    // instance recorded meanwhile is never overwritten.
    m_db.exec(QStringLiteral("INSERT INTO webhook_attempt (delivery_id, n, at, status_code, error,"
                             " duration_ms) SELECT :d, COALESCE(MAX(n), 0) + 1, :at, :code,"
                             " :error, :ms FROM webhook_attempt WHERE delivery_id = :d"),
              {{":d", d.id},
               {":at", now},
               {":code", statusCode ? QVariant(statusCode) : QVariant(QMetaType(QMetaType::Int))},
               {":error", ok ? QVariant(QMetaType(QMetaType::QString)) : QVariant(error.left(500))},
               {":ms", QDateTime::currentMSecsSinceEpoch() - d.startedMs}});
    m_db.exec(
        QStringLiteral("UPDATE webhook_delivery SET attempts = attempts + 1, state = :state,"
                       " next_attempt_at = :next, claimed_until = NULL, delivered_at = :del,"
                       " last_status = :code, last_error = :error, updated_at = :now"
                       " WHERE id = :id AND state = 'pending'"),
        {{":state", ok ? QStringLiteral("delivered")
                       : (giveUp ? QStringLiteral("failed") : QStringLiteral("pending"))},
         {":next", ok || giveUp ? QVariant(QMetaType(QMetaType::LongLong)) : QVariant(now + delay)},
         {":del", ok ? QVariant(now) : QVariant(QMetaType(QMetaType::LongLong))},
         {":code", statusCode ? QVariant(statusCode) : QVariant(QMetaType(QMetaType::Int))},
         {":error", ok ? QVariant(QMetaType(QMetaType::QString)) : QVariant(error.left(500))},
         {":now", now},
         {":id", d.id}});
    tx.commit();
    if (ok)
        qCInfo(lcWebhooks).noquote() << "delivery" << d.id << "delivered after" << n << "attempts";
    else
        qCInfo(lcWebhooks).noquote() << "delivery" << d.id << "attempt" << n << "failed:" << error
                                     << (giveUp ? "(given up)" : "");
}

} // namespace linedesk::server
