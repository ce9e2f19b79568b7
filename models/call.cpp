#include "call.h"

#include "jsonutil.h"

namespace linedesk {

QJsonObject SubscriptionLimits::toJson() const
{
    return QJsonObject{{QStringLiteral("concurrencyBlocked"), concurrencyBlocked},
                       {QStringLiteral("concurrencyLimit"), concurrencyLimit},
                       {QStringLiteral("remainingConcurrentCalls"), remainingConcurrentCalls}};
}

SubscriptionLimits SubscriptionLimits::fromJson(const QJsonObject &o)
{
    return {o.value(QLatin1String("concurrencyBlocked")).toBool(),
            o.value(QLatin1String("concurrencyLimit")).toInt(),
            o.value(QLatin1String("remainingConcurrentCalls")).toInt()};
}

QJsonObject Call::toJson() const
{
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("orgId"), orgId},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("type"), type},
        {QStringLiteral("status"), status},
        {QStringLiteral("createdAt"), json::isoTime(createdAt)},
        {QStringLiteral("updatedAt"), json::isoTime(updatedAt.isValid() ? updatedAt : createdAt)},
        {QStringLiteral("subscriptionLimits"), subscriptionLimits.toJson()},
    };
    for (auto it = details.begin(); it != details.end(); ++it)
        if (!o.contains(it.key()))
            o.insert(it.key(), it.value());
    if (deletedAt.isValid())
        o.insert(QStringLiteral("deletedAt"), json::isoTime(deletedAt));
    if (endedAt.isValid())
        o.insert(QStringLiteral("endedAt"), json::isoTime(endedAt));
    if (!endedReason.isEmpty())
        o.insert(QStringLiteral("endedReason"), endedReason);
    if (lastHeartbeatAt.isValid())
        o.insert(QStringLiteral("lastHeartbeatAt"), json::isoTime(lastHeartbeatAt));
    if (leaseExpiresAt.isValid())
        o.insert(QStringLiteral("leaseExpiresAt"), json::isoTime(leaseExpiresAt));
    return o;
}

Call Call::fromJson(const QJsonObject &o)
{
    Call c;
    c.id = o.value(QLatin1String("id")).toString();
    c.orgId = o.value(QLatin1String("orgId")).toString();
    c.subscriptionId = o.value(QLatin1String("subscriptionId")).toString();
    c.type = o.value(QLatin1String("type")).toString();
    c.status = o.value(QLatin1String("status")).toString();
    c.createdAt = json::parseTime(o.value(QLatin1String("createdAt")));
    c.endedAt = json::parseTime(o.value(QLatin1String("endedAt")));
    c.endedReason = o.value(QLatin1String("endedReason")).toString();
    c.lastHeartbeatAt = json::parseTime(o.value(QLatin1String("lastHeartbeatAt")));
    c.leaseExpiresAt = json::parseTime(o.value(QLatin1String("leaseExpiresAt")));
    c.updatedAt = json::parseTime(o.value(QLatin1String("updatedAt")));
    c.deletedAt = json::parseTime(o.value(QLatin1String("deletedAt")));
    for (const char *key : {"name", "assistantId", "phoneNumberId", "squadId", "customer"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isNull())
            c.details.insert(QLatin1String(key), v);
    }
    c.subscriptionLimits =
        SubscriptionLimits::fromJson(o.value(QLatin1String("subscriptionLimits")).toObject());
    return c;
}

} // namespace linedesk
