#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

#include <any>

namespace linedesk::server {

// One HTTP/1.x request as the service's edge parsed it (HttpRequestParser): the request
// line, every header field as sent, and the body (already de-chunked).
class HttpRequest
{
public:
    enum class Method
    {
        Get,
        Head,
        Post,
        Put,
        Delete,
        Patch,
        Options,
        Other
    };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    Method method() const { return m_method; }
    const QByteArray &methodName() const { return m_methodName; }
    const QByteArray &target() const { return m_target; }
    const QUrl &url() const { return m_url; }
    QUrlQuery query() const { return QUrlQuery(m_url); }
    int version() const { return m_version; } // 10 or 11
    const Headers &headers() const { return m_headers; }
    const QByteArray &body() const { return m_body; }
    const QHostAddress &peerAddress() const { return m_peer; }

    // The value of the named field (case-insensitive name), or empty when absent.
    QByteArray header(const QByteArray &name) const;
    // How often the named field was sent.
    int headerCount(const QByteArray &name) const;
    // Whether a comma-separated field (Connection, Expect) holds this token.
    bool headerHasToken(const QByteArray &name, const QByteArray &token) const;

    // Whether the connection stays open after the answer: HTTP/1.1 unless "Connection:
    // close"; HTTP/1.0 only with "Connection: keep-alive".
    bool keepAlive() const;

    // Set by whoever looked at the headers first (the API: the signed-in caller), kept
    // for the handler of the whole request.
    std::any context;

private:
    friend class HttpRequestParser;
    friend class HttpServer;
    Method m_method = Method::Other;
    QByteArray m_methodName;
    QByteArray m_target;
    QUrl m_url;
    int m_version = 11;
    Headers m_headers;
    QByteArray m_body;
    QHostAddress m_peer;
};

// An answer: status, extra header fields (Content-Type and Content-Length are written by the
// server), body.
struct HttpResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    bool close = false; // close the connection after this answer
};

} // namespace linedesk::server
