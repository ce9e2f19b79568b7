#include "orgmembers.h"

#include <QJsonArray>

namespace linedesk {

QJsonObject OrgMembers::toJson() const
{
    QJsonObject o = org.toJson();
    QJsonArray list;
    for (const User &u : users)
        list.append(QJsonObject{{QStringLiteral("id"), u.id},
                                {QStringLiteral("email"), u.email},
                                {QStringLiteral("name"), u.name},
                                {QStringLiteral("role"), u.role}});
    o.insert(QStringLiteral("users"), list);
    return o;
}

OrgMembers OrgMembers::fromJson(const QJsonObject &o)
{
    OrgMembers m;
    m.org = Organization::fromJson(o);
    for (const QJsonValue &v : o.value(QLatin1String("users")).toArray()) {
        const QJsonObject u = v.toObject();
        m.users.append(
            {u.value(QLatin1String("id")).toString(), u.value(QLatin1String("email")).toString(),
             u.value(QLatin1String("name")).toString(), u.value(QLatin1String("role")).toString()});
    }
    return m;
}

} // namespace linedesk
