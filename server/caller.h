#pragma once

#include <QHash>
#include <QString>

namespace linedesk::server {

// Who is asking: the user behind a bearer token, and the request being served.
struct Caller
{
    QString userId;
    QString email;
    QString name;
    bool support = false;
    QString requestId;
};

// What a caller may do with one subscription, strongest first.
enum class Access
{
    None,    // not visible: answered 404
    Viewer,  // read
    Admin,   // read, preview, buy, remove
    Support, // read everything, preview, never buy or remove
};

} // namespace linedesk::server
