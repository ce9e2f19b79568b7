#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>

namespace linedesk {

// What the platform reports with a call about the subscription's pool at its start.
struct SubscriptionLimits
{
    bool concurrencyBlocked = false;
    int concurrencyLimit = 0;
    int remainingConcurrentCalls = 0;

    QJsonObject toJson() const;
    static SubscriptionLimits fromJson(const QJsonObject &o);
};

// One call attempt. Admitted calls are "in-progress" and hold a lease renewed by heartbeats;
// a blocked call is "ended" at once with the platform's concurrency endedReason.
struct Call
{
    QString id;
    QString orgId;
    QString subscriptionId;
    QString type;   // inboundPhoneCall, outboundPhoneCall, webCall
    QString status; // in-progress, ended
    QDateTime createdAt;
    QDateTime endedAt;
    QString endedReason;
    QDateTime lastHeartbeatAt;
    QDateTime leaseExpiresAt;
    QDateTime updatedAt; // the last change: start, heartbeat, end, rename, deletion
    QDateTime deletedAt; // set only in DELETE /call/{id}'s own answer
    SubscriptionLimits subscriptionLimits;
    // What the platform's CreateCall body gave that the service keeps (until the call's
    // data is deleted): name, assistantId, phoneNumberId, squadId (strings), customer (object).
    QJsonObject details;

    QString name() const { return details.value(QLatin1String("name")).toString(); }

    bool isActive() const { return status == QLatin1String("in-progress"); }

    QJsonObject toJson() const;
    static Call fromJson(const QJsonObject &o);

    static QString blockedReason()
    {
        return QStringLiteral("call.start.error-subscription-concurrency-limit-reached");
    }
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::Call)
