#pragma once

#include <QJsonArray>
#include <QString>

namespace linedesk::server {

class Clock;
class Database;

// Demo data for a first run: subscriptions of several types, orgs (one subscription shared
// by two), credits, purchased lines with a history made by the real billing code at past
// times, and sign-ins for an admin per org, a viewer and a support user.
class DemoSeed
{
public:
    // Seeds only an empty database. Returns the sign-ins ({email, role, orgId, orgName,
    // token}) and writes them to `tokensPath`; returns an empty array if it did nothing.
    static QJsonArray seedIfEmpty(Database &db, const Clock &clock, const QString &tokensPath);
};

} // namespace linedesk::server
