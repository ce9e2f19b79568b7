#pragma once

#include "caller.h"
#include "paging.h"
#include "requestbodies.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QString>

namespace linedesk::server {

class Clock;
class Database;

// `Linedesk-Signature`'s value for `body` sent at `unixSeconds`:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>".
QByteArray webhookSignature(const QByteArray &secret, qint64 unixSeconds, const QByteArray &body);

// A subscription's webhook endpoints and their delivery log.
class Webhooks
{
public:
    Webhooks(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

    static constexpr int kMaxPerSubscription = 10;

    QJsonObject add(const Caller &caller, const QString &subscriptionId, const WebhookBody &body);
    QJsonObject list(const QString &subscriptionId);
    // Removes one (404 webhook-not-found when it is not this subscription's); its pending
    // deliveries are cancelled.
    void remove(const QString &subscriptionId, const QString &webhookId);
    Page deliveries(const QString &subscriptionId, const QString &webhookId,
                    const PageRequest &page);

private:
    Database &m_db;
    const Clock &m_clock;
};

// Sends the outbox: every instance claims due deliveries one at a time (a claim is a row
// update only one instance wins), POSTs them signed, and records each attempt. A failure is
// retried after 2 s, 4 s, 8 s … (at most an hour apart) until 24 hours after the change.
class WebhookDeliverer : public QObject
{
    Q_OBJECT
public:
    WebhookDeliverer(Database &db, const Clock &clock, bool allowPrivate,
                     QObject *parent = nullptr);
    ~WebhookDeliverer() override;

    static constexpr qint64 kFirstRetryMs = 2000;
    static constexpr qint64 kMaxRetryMs = 3600'000;
    static constexpr qint64 kGiveUpMs = 24 * 3600'000;
    static constexpr int kTimeoutMs = 10'000;
    static constexpr qint64 kClaimMs = 60'000; // an instance that dies mid-send frees it then
    static constexpr int kMaxInFlight = 16;

    // Sends what is due now (called by the service's job, and after an alert changed).
    void run();
    int inFlight() const { return int(m_inFlight.size()); }

private:
    struct Delivery
    {
        QString id;
        QString url;
        QByteArray secret;
        QByteArray body;
        QString event;
        int attempts = 0;
        qint64 createdAtMs = 0;
        qint64 startedMs = 0;
        quint64 send = 0; // which send of this service it is
    };
    void send(Delivery d);
    void post(const Delivery &d, const QHostAddress &address);
    void finish(const Delivery &d, int statusCode, const QString &error);

    Database &m_db;
    const Clock &m_clock;
    bool m_allowPrivate;
    QNetworkAccessManager m_network;
    QHash<QString, Delivery> m_inFlight; // by delivery id
    QSet<QString> m_posted;              // of those, the ones past their name lookup
    bool m_running = false;
    quint64 m_sends = 0;
};

} // namespace linedesk::server
