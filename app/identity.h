#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace linedesk {

// One organization the signed-in user belongs to, and the role there.
struct Membership
{
    QString orgId;
    QString orgName;
    QString role; // admin, viewer
    QString subscriptionId;

    static Membership fromJson(const QJsonObject &o);
};

// GET /me: who the token signs in as.
struct Identity
{
    QString userId;
    QString email;
    QString name;
    QList<Membership> memberships;
    bool support = false;

    static Identity fromJson(const QJsonObject &o);
};

} // namespace linedesk
