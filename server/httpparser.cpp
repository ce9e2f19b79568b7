#include "httpparser.h"

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <QtGlobal>

namespace linedesk::server {

namespace http = boost::beast::http;
using boost::beast::error_code;
using boost::beast::string_view;

namespace {

QByteArray bytes(string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

HttpRequest::Method methodOf(http::verb v)
{
    switch (v) {
    case http::verb::get:
        return HttpRequest::Method::Get;
    case http::verb::head:
        return HttpRequest::Method::Head;
    case http::verb::post:
        return HttpRequest::Method::Post;
    case http::verb::put:
        return HttpRequest::Method::Put;
    case http::verb::delete_:
        return HttpRequest::Method::Delete;
    case http::verb::patch:
        return HttpRequest::Method::Patch;
    case http::verb::options:
        return HttpRequest::Method::Options;
    default:
        return HttpRequest::Method::Other;
    }
}

} // namespace

// Beast's parser with our callbacks: it keeps the request line and fields in the
// HttpRequest as they are parsed and appends the body (de-chunked), within the limits.
class HttpRequestParser::Beast final : public http::basic_parser<true>
{
public:
    explicit Beast(HttpRequestParser &owner) : m_owner(owner) {}

    qint64 bodyLimit = 0;
    std::uint32_t headerLimit = 0; // the request line and the fields together
    bool requestLine = false;      // Beast has taken the request line
    int fields = 0;
    bool inTrailer = false;
    int status = 0; // our status for an error set in a callback
    QString message;

private:
    void refuse(error_code &ec, int httpStatus, const QString &why)
    {
        status = httpStatus;
        message = why;
        ec = http::error::bad_field; // any error stops Beast; ours says which
    }

    void on_request_impl(http::verb verb, string_view methodName, string_view target, int version,
                         error_code &ec) override
    {
        // Beast gives the request line and the fields each their own header_limit; what
        // the line took is the fields' no more. The line is exactly "M T HTTP/x.y\r\n".
        requestLine = true;
        const std::size_t lineBytes = methodName.size() + target.size() + 12;
        header_limit(headerLimit > lineBytes ? std::uint32_t(headerLimit - lineBytes) : 0);
        HttpRequest &r = m_owner.m_request;
        r.m_method = methodOf(verb);
        r.m_methodName = bytes(methodName);
        r.m_version = version;
        if (version != 10 && version != 11)
            return refuse(ec, 505,
                          QStringLiteral("HTTP/%1.%2 is not supported: send HTTP/1.1.")
                              .arg(version / 10)
                              .arg(version % 10));
        if (qsizetype(target.size()) > m_owner.m_limits.maxTargetBytes)
            return refuse(ec, 414,
                          QStringLiteral("The request target is longer than %1 bytes.")
                              .arg(m_owner.m_limits.maxTargetBytes));
        r.m_target = bytes(target);
        // origin-form ("/path?query"); absolute-form is allowed too (RFC 9112 3.2.2).
        QByteArray path = r.m_target;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            const QUrl absolute = QUrl::fromEncoded(path, QUrl::StrictMode);
            if (!absolute.isValid() || absolute.host().isEmpty())
                return refuse(ec, 400, QStringLiteral("The request target is not a valid URL."));
            path = absolute.path(QUrl::FullyEncoded).toLatin1();
            if (path.isEmpty())
                path = "/";
            if (absolute.hasQuery())
                path += '?' + absolute.query(QUrl::FullyEncoded).toLatin1();
        }
        if (!path.startsWith('/'))
            return refuse(ec, 400,
                          QStringLiteral("The request target must be a path starting with "
                                         "\"/\"."));
        // QUrl reads "//a/health" as the host "a" and the path "/health", and "/health#x" as
        // /health with a fragment: routed as /health where a proxy in front sees another path.
        // RFC 9112 3.2 has neither form.
        if (path.startsWith("//"))
            return refuse(ec, 400,
                          QStringLiteral("The request target's path must not start with "
                                         "\"//\"."));
        if (r.m_target.contains('#'))
            return refuse(ec, 400,
                          QStringLiteral("The request target must not have a fragment (\"#\")."));
        r.m_url = QUrl::fromEncoded(path, QUrl::StrictMode);
        if (!r.m_url.isValid() || r.m_url.path().contains(QChar(0)))
            return refuse(ec, 400, QStringLiteral("The request target is not a valid path."));
    }

    void on_response_impl(int, string_view, int, error_code &ec) override
    {
        ec = http::error::bad_method; // never called for a request parser
    }

    void on_field_impl(http::field, string_view name, string_view value, error_code &ec) override
    {
        if (inTrailer)
            return; // fields after a chunked body: ignored, never read as headers
        if (++fields > m_owner.m_limits.maxHeaderFields)
            return refuse(ec, 431,
                          QStringLiteral("More than %1 header fields.")
                              .arg(m_owner.m_limits.maxHeaderFields));
        m_owner.m_request.m_headers.append({bytes(name), bytes(value)});
    }

    void on_header_impl(error_code &) override { inTrailer = true; }

    void on_body_init_impl(const boost::optional<std::uint64_t> &, error_code &) override {}

    std::size_t on_body_impl(string_view body, error_code &ec) override { return append(body, ec); }

    void on_chunk_header_impl(std::uint64_t size, string_view extensions, error_code &ec) override
    {
        if (extensions.size() > 256)
            return refuse(ec, 400, QStringLiteral("A chunk extension is too long."));
        if (qint64(size) < 0 || qint64(m_owner.m_request.m_body.size()) + qint64(size) > bodyLimit)
            refuse(ec, 413, tooLarge());
    }

    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code &ec) override
    {
        return append(body, ec);
    }

    void on_finish_impl(error_code &) override {}

    std::size_t append(string_view body, error_code &ec)
    {
        QByteArray &b = m_owner.m_request.m_body;
        if (b.size() + qint64(body.size()) > bodyLimit) {
            refuse(ec, 413, tooLarge());
            return 0;
        }
        b.append(body.data(), qsizetype(body.size()));
        return body.size();
    }

    QString tooLarge() const
    {
        return QStringLiteral("The request body is larger than this route takes (%1 bytes).")
            .arg(bodyLimit);
    }

    HttpRequestParser &m_owner;
};

HttpRequestParser::HttpRequestParser(Limits limits)
    : m_limits(limits), m_beast(std::make_unique<Beast>(*this))
{
    m_beast->headerLimit = std::uint32_t(qMax(256, m_limits.maxHeaderBytes));
    m_beast->header_limit(m_beast->headerLimit);
    m_beast->body_limit(std::uint64_t(qMax<qint64>(0, m_limits.maxBodyBytes)));
    m_beast->eager(false); // stop after the header block
}

HttpRequestParser::~HttpRequestParser() = default;

void HttpRequestParser::fail(int status, const QString &message)
{
    m_state = State::Error;
    m_errorStatus = status;
    m_errorMessage = message;
}

qsizetype HttpRequestParser::feed(const char *data, qsizetype size)
{
    if (m_state == State::Error || m_state == State::Done || m_state == State::HeaderDone ||
        size <= 0)
        return 0;
    m_started = true;
    qsizetype used = 0;
    while (used < size && (m_state == State::NeedMore || m_state == State::Body)) {
        error_code ec;
        const std::size_t n =
            m_beast->put(boost::asio::const_buffer(data + used, std::size_t(size - used)), ec);
        used += qsizetype(n);
        if (ec == http::error::need_more) {
            // A chunk-size line (with extensions) that never ends is as bad as a header
            // block that never ends: Beast waits for its line ending.
            if (m_beast->is_header_done() && size - used > 4096)
                fail(400, QStringLiteral("A chunk header is too long."));
            break;
        }
        if (ec) {
            if (m_beast->status) {
                fail(m_beast->status, m_beast->message);
            } else if (ec == http::error::header_limit) {
                // Once Beast has taken the request line (perhaps in an earlier feed()), the
                // fields are what is too large; before, `data` starts with the line.
                const qsizetype eol =
                    m_beast->requestLine ? 0 : QByteArray::fromRawData(data, size).indexOf('\n');
                if (eol < 0 || eol > m_limits.maxTargetBytes)
                    fail(414, QStringLiteral("The request line is longer than %1 bytes.")
                                  .arg(m_limits.maxTargetBytes));
                else
                    fail(431, QStringLiteral("The request's header fields are larger than %1 "
                                             "bytes in all.")
                                  .arg(m_limits.maxHeaderBytes));
            } else if (ec == http::error::body_limit) {
                fail(413, QStringLiteral("The request body is larger than %1 bytes.")
                              .arg(m_beast->is_header_done() ? m_beast->bodyLimit
                                                             : m_limits.maxBodyBytes));
            } else if (ec == http::error::bad_version) {
                fail(505, QStringLiteral("Malformed or unsupported HTTP version: send HTTP/1.1."));
            } else if (ec == http::error::bad_method) {
                fail(400, QStringLiteral("Malformed request method."));
            } else if (ec == http::error::bad_target) {
                fail(400, QStringLiteral("Malformed request target."));
            } else if (ec == http::error::bad_field || ec == http::error::bad_value ||
                       ec == http::error::bad_obs_fold) {
                fail(400, QStringLiteral("Malformed header field (each line must be "
                                         "\"Name: value\")."));
            } else if (ec == http::error::bad_content_length) {
                fail(400, QStringLiteral("Malformed or conflicting Content-Length."));
            } else if (ec == http::error::bad_transfer_encoding) {
                fail(400, QStringLiteral("Conflicting Transfer-Encoding and Content-Length."));
            } else if (ec == http::error::bad_chunk || ec == http::error::bad_chunk_extension) {
                fail(400, QStringLiteral("Malformed chunked body."));
            } else {
                fail(400, QStringLiteral("Malformed request (%1).")
                              .arg(QString::fromStdString(ec.message())));
            }
            break;
        }
        if (m_state == State::NeedMore && m_beast->is_header_done()) {
            if (checkHeader())
                m_state = State::HeaderDone;
            break;
        }
        if (m_state == State::Body && m_beast->is_done())
            m_state = State::Done;
        if (n == 0)
            break;
    }
    if (m_state == State::Body && m_beast->is_done())
        m_state = State::Done;
    return used;
}

bool HttpRequestParser::checkHeader()
{
    const HttpRequest &r = m_request;
    const int hosts = r.headerCount("Host");
    if (r.m_version == 11 && hosts == 0) {
        fail(400, QStringLiteral("HTTP/1.1 requests must send a Host field."));
        return false;
    }
    if (hosts > 1) {
        fail(400, QStringLiteral("More than one Host field."));
        return false;
    }
    const QByteArray te = r.header("Transfer-Encoding");
    if (r.headerCount("Transfer-Encoding") > 1 ||
        (r.headerCount("Transfer-Encoding") == 1 &&
         te.trimmed().compare("chunked", Qt::CaseInsensitive) != 0)) {
        fail(501, QStringLiteral("Transfer-Encoding other than \"chunked\" is not supported."));
        return false;
    }
    if (r.m_version == 10 && r.headerCount("Transfer-Encoding") > 0) {
        fail(400, QStringLiteral("HTTP/1.0 has no chunked bodies."));
        return false;
    }
    m_contentLength = m_beast->chunked() ? -1 : qint64(m_beast->content_length().value_or(0));
    return true;
}

void HttpRequestParser::readBody(qint64 limit)
{
    if (m_state != State::HeaderDone)
        return;
    m_beast->bodyLimit = qMin(limit, m_limits.maxBodyBytes);
    if (m_contentLength > m_beast->bodyLimit) {
        fail(413, QStringLiteral("The request body (%1 bytes) is larger than this route takes "
                                 "(%2 bytes).")
                      .arg(m_contentLength)
                      .arg(m_beast->bodyLimit));
        return;
    }
    m_beast->eager(true);
    m_state = m_beast->is_done() ? State::Done : State::Body;
}

} // namespace linedesk::server
