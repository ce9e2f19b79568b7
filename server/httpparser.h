#pragma once

#include "httprequest.h"

#include <QString>

#include <memory>

namespace linedesk::server {

// A strict, incremental HTTP/1.1 request parser (RFC 9112) for the service's edge, on
// Boost.Beast's parser. It never holds more than its limits: the header block is refused
// past maxHeaderBytes or maxHeaderFields, the body past the limit set for its route.
//
// Feed bytes as they arrive. The parser stops after the header block (HeaderDone) so the
// caller can decide on the request before any of its body is read: refuse it, or call
// readBody() with the route's body limit and feed on until Done. A refused request (Error)
// carries the status to answer and a message; the connection must then be closed.
class HttpRequestParser
{
public:
    struct Limits
    {
        int maxHeaderBytes = 16 * 1024; // request line and fields
        int maxHeaderFields = 64;
        qint64 maxBodyBytes = 64 * 1024; // the most any route takes
        int maxTargetBytes = 4 * 1024;
    };
    enum class State
    {
        NeedMore,
        HeaderDone,
        Body,
        Done,
        Error
    };

    HttpRequestParser() : HttpRequestParser(Limits{}) {}
    explicit HttpRequestParser(Limits limits);
    ~HttpRequestParser();
    HttpRequestParser(const HttpRequestParser &) = delete;
    HttpRequestParser &operator=(const HttpRequestParser &) = delete;

    // Consumes what it can of [data, data + size); returns how many bytes it used. Bytes
    // after a complete request (a pipelined next one) are left to the caller.
    qsizetype feed(const char *data, qsizetype size);
    State state() const { return m_state; }

    // After HeaderDone: read the body, refusing it (413) past `limit` bytes. A declared
    // Content-Length over the limit is refused at once, before any body byte.
    void readBody(qint64 limit);

    // The request so far (complete once Done; the header block from HeaderDone on).
    HttpRequest &request() { return m_request; }
    // The body's declared length; -1 for chunked, 0 for none.
    qint64 contentLength() const { return m_contentLength; }
    bool started() const { return m_started; }

    int errorStatus() const { return m_errorStatus; }
    const QString &errorMessage() const { return m_errorMessage; }

private:
    class Beast;
    void fail(int status, const QString &message);
    bool checkHeader();

    Limits m_limits;
    std::unique_ptr<Beast> m_beast;
    HttpRequest m_request;
    State m_state = State::NeedMore;
    qint64 m_contentLength = 0;
    bool m_started = false;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace linedesk::server
