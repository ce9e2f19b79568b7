#include "subscription.h"

#include "jsonutil.h"

#include <QJsonArray>

namespace linedesk {

QJsonObject Subscription::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("createdAt"), json::isoTime(createdAt)},
        {QStringLiteral("updatedAt"), json::isoTime(updatedAt)},
        {QStringLiteral("type"), type},
        {QStringLiteral("status"), status},
        {QStringLiteral("credits"), credits.toDecimalString()},
        {QStringLiteral("creditsCents"), credits.cents()},
        {QStringLiteral("concurrencyCounter"), concurrencyCounter},
        {QStringLiteral("concurrencyLimitIncluded"), concurrencyLimitIncluded},
        {QStringLiteral("concurrencyLimitPurchased"), concurrencyLimitPurchased},
        {QStringLiteral("concurrencyLimit"), concurrencyLimit()},
        {QStringLiteral("orgIds"), QJsonArray::fromStringList(orgIds)},
        {QStringLiteral("currentPeriodStart"), json::isoTime(currentPeriodStart)},
        {QStringLiteral("currentPeriodEnd"), json::isoTime(currentPeriodEnd)},
        {QStringLiteral("linePriceCents"), linePriceCents},
        {QStringLiteral("monthlyChargeCents"), monthlyChargeCents()},
        {QStringLiteral("version"), version},
    };
}

Subscription Subscription::fromJson(const QJsonObject &o)
{
    Subscription s;
    s.id = o.value(QLatin1String("id")).toString();
    s.name = o.value(QLatin1String("name")).toString();
    s.createdAt = json::parseTime(o.value(QLatin1String("createdAt")));
    s.updatedAt = json::parseTime(o.value(QLatin1String("updatedAt")));
    s.type = o.value(QLatin1String("type")).toString();
    s.status = o.value(QLatin1String("status")).toString();
    s.credits = Money::parse(o.value(QLatin1String("credits")).toString()).value_or(Money());
    s.concurrencyCounter = o.value(QLatin1String("concurrencyCounter")).toInt();
    s.concurrencyLimitIncluded = o.value(QLatin1String("concurrencyLimitIncluded")).toInt();
    s.concurrencyLimitPurchased = o.value(QLatin1String("concurrencyLimitPurchased")).toInt();
    for (const QJsonValue &v : o.value(QLatin1String("orgIds")).toArray())
        s.orgIds << v.toString();
    s.currentPeriodStart = json::parseTime(o.value(QLatin1String("currentPeriodStart")));
    s.currentPeriodEnd = json::parseTime(o.value(QLatin1String("currentPeriodEnd")));
    s.linePriceCents = json::toInt64(o.value(QLatin1String("linePriceCents")));
    s.version = json::toInt64(o.value(QLatin1String("version")));
    return s;
}

const QStringList &Subscription::types()
{
    static const QStringList list{QStringLiteral("pay-as-you-go"), QStringLiteral("startup"),
                                  QStringLiteral("growth"),        QStringLiteral("scale"),
                                  QStringLiteral("agency"),        QStringLiteral("enterprise")};
    return list;
}

} // namespace linedesk
