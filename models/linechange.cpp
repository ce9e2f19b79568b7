#include "linechange.h"

#include "jsonutil.h"

namespace linedesk {

QJsonObject LineChange::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("at"), json::isoTime(at)},
        {QStringLiteral("actor"), actor},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("quantity"), quantity},
        {QStringLiteral("purchasedBefore"), purchasedBefore},
        {QStringLiteral("purchasedAfter"), purchasedAfter},
        {QStringLiteral("amountCents"), amountCents},
        {QStringLiteral("idempotencyKey"),
         idempotencyKey.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(idempotencyKey)},
        {QStringLiteral("requestId"),
         requestId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(requestId)},
    };
}

LineChange LineChange::fromJson(const QJsonObject &o)
{
    LineChange c;
    c.id = o.value(QLatin1String("id")).toString();
    c.subscriptionId = o.value(QLatin1String("subscriptionId")).toString();
    c.at = json::parseTime(o.value(QLatin1String("at")));
    c.actor = o.value(QLatin1String("actor")).toString();
    c.kind = o.value(QLatin1String("kind")).toString();
    c.quantity = o.value(QLatin1String("quantity")).toInt();
    c.purchasedBefore = o.value(QLatin1String("purchasedBefore")).toInt();
    c.purchasedAfter = o.value(QLatin1String("purchasedAfter")).toInt();
    c.amountCents = json::toInt64(o.value(QLatin1String("amountCents")));
    c.idempotencyKey = o.value(QLatin1String("idempotencyKey")).toString();
    c.requestId = o.value(QLatin1String("requestId")).toString();
    return c;
}

} // namespace linedesk
