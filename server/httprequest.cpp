#include "httprequest.h"

namespace linedesk::server {

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

int HttpRequest::headerCount(const QByteArray &name) const
{
    int n = 0;
    for (const auto &[key, value] : m_headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            ++n;
    return n;
}

bool HttpRequest::headerHasToken(const QByteArray &name, const QByteArray &token) const
{
    for (const auto &[key, value] : m_headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            for (const QByteArray &t : value.split(','))
                if (t.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                    return true;
    return false;
}

bool HttpRequest::keepAlive() const
{
    if (headerHasToken("Connection", "close"))
        return false;
    return m_version >= 11 || headerHasToken("Connection", "keep-alive");
}

} // namespace linedesk::server
