#include "identity.h"

#include <QJsonArray>

namespace linedesk {

Membership Membership::fromJson(const QJsonObject &o)
{
    return {o.value(QLatin1String("orgId")).toString(),
            o.value(QLatin1String("orgName")).toString(), o.value(QLatin1String("role")).toString(),
            o.value(QLatin1String("subscriptionId")).toString()};
}

Identity Identity::fromJson(const QJsonObject &o)
{
    Identity me;
    const QJsonObject user = o.value(QLatin1String("user")).toObject();
    me.userId = user.value(QLatin1String("id")).toString();
    me.email = user.value(QLatin1String("email")).toString();
    me.name = user.value(QLatin1String("name")).toString();
    for (const QJsonValue &m : o.value(QLatin1String("memberships")).toArray())
        me.memberships.append(Membership::fromJson(m.toObject()));
    me.support = o.value(QLatin1String("support")).toBool();
    return me;
}

} // namespace linedesk
