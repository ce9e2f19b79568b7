#include "organization.h"

#include "jsonutil.h"

namespace linedesk {

QJsonObject Organization::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("createdAt"), json::isoTime(createdAt)},
        {QStringLiteral("updatedAt"), json::isoTime(updatedAt)},
    };
}

Organization Organization::fromJson(const QJsonObject &o)
{
    Organization org;
    org.id = o.value(QLatin1String("id")).toString();
    org.name = o.value(QLatin1String("name")).toString();
    org.subscriptionId = o.value(QLatin1String("subscriptionId")).toString();
    org.createdAt = json::parseTime(o.value(QLatin1String("createdAt")));
    org.updatedAt = json::parseTime(o.value(QLatin1String("updatedAt")));
    return org;
}

} // namespace linedesk
