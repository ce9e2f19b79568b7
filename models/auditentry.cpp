#include "auditentry.h"

#include "jsonutil.h"

namespace linedesk {

QJsonObject AuditEntry::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("at"), json::isoTime(at)},
        {QStringLiteral("actor"), actor},
        {QStringLiteral("action"), action},
        {QStringLiteral("before"), before},
        {QStringLiteral("after"), after},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("requestId"),
         requestId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(requestId)},
    };
}

AuditEntry AuditEntry::fromJson(const QJsonObject &o)
{
    AuditEntry e;
    e.id = o.value(QLatin1String("id")).toString();
    e.subscriptionId = o.value(QLatin1String("subscriptionId")).toString();
    e.at = json::parseTime(o.value(QLatin1String("at")));
    e.actor = o.value(QLatin1String("actor")).toString();
    e.action = o.value(QLatin1String("action")).toString();
    e.before = o.value(QLatin1String("before")).toObject();
    e.after = o.value(QLatin1String("after")).toObject();
    e.reason = o.value(QLatin1String("reason")).toString();
    e.requestId = o.value(QLatin1String("requestId")).toString();
    return e;
}

} // namespace linedesk
