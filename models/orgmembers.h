#pragma once

#include "organization.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>

namespace linedesk {

// An organization sharing a subscription, with its users (GET /subscription/{id}/members).
struct OrgMembers
{
    struct User
    {
        QString id;
        QString email;
        QString name;
        QString role; // admin, viewer
    };

    Organization org;
    QList<User> users;

    QJsonObject toJson() const;
    static OrgMembers fromJson(const QJsonObject &o);
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::OrgMembers)
