// libFuzzer target: the service's HTTP request parser (server/httpparser.cpp), driven the way
// HttpServer::process() drives it on one connection. docs/fuzzing.md says how to run it.
//
// An input is two steering bytes and then the bytes a client sends:
//   byte 0  how the stream arrives: its top 3 bits pick the largest piece (the whole stream,
//           1, 2, 3, 7, 16, 64 or 509 bytes; printable ' '..'?' is "all at once", '@'..'_'
//           byte by byte, '`'..DEL up to 16 bytes), its low 5 bits seed the piece sizes.
//   byte 1  bits 0-1 the parser's limits (0, 3: the service's; 1: small; 2: tiny),
//           bits 2-4 the body limit the route gives readBody() (kBodyLimits).
// Small limits let short inputs reach the limits' edges.
//
// Every invariant below is the parser's contract with HttpServer; a violation traps, which
// libFuzzer reports as a crash and saves as an input that reproduces it.

#include "httpparser.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <memory>

using linedesk::server::HttpRequest;
using linedesk::server::HttpRequestParser;

namespace {

void require(bool condition)
{
    if (!condition)
        __builtin_trap();
}

HttpRequestParser::Limits limitsFor(std::uint8_t control)
{
    HttpRequestParser::Limits limits; // the service's, as ApiServer sets them
    limits.maxBodyBytes = 64 * 1024;
    switch (control & 3) {
    case 1:
        limits.maxHeaderBytes = 512;
        limits.maxHeaderFields = 8;
        limits.maxBodyBytes = 256;
        limits.maxTargetBytes = 128;
        break;
    case 2:
        limits.maxHeaderBytes = 256; // the least the parser takes
        limits.maxHeaderFields = 2;
        limits.maxBodyBytes = 16;
        limits.maxTargetBytes = 32;
        break;
    default:
        break;
    }
    return limits;
}

// What a route passes to readBody(): 0 for a route that takes no body, else its own limit;
// kParserMaximum stands for the parser's maxBodyBytes (ApiServer's routes all take that).
constexpr qint64 kParserMaximum = -1;
constexpr qint64 kBodyLimits[8] = {kParserMaximum, 0, 1, 16, 100, 1000, 4096, 64 * 1024};

// Piece sizes: a small xorshift generator, so an input always arrives in the same pieces.
class Pieces
{
public:
    explicit Pieces(std::uint8_t split)
        : m_largest(kLargest[split >> 5]), m_state(0x9e3779b9u ^ (split & 31u))
    {}

    qsizetype next(qsizetype left)
    {
        if (m_largest == 0)
            return left;
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return qMin<qsizetype>(left, 1 + qsizetype(m_state % std::uint32_t(m_largest)));
    }

private:
    static constexpr int kLargest[8] = {7, 0, 1, 16, 2, 3, 64, 509}; // 0: all at once
    const int m_largest;
    std::uint32_t m_state;
};

// One connection: the bytes not yet taken, and the parser for the request they start.
class Connection
{
public:
    Connection(HttpRequestParser::Limits limits, qint64 routeBodyLimit)
        : m_limits(limits),
          m_routeBodyLimit(routeBodyLimit == kParserMaximum ? limits.maxBodyBytes : routeBodyLimit)
    {}

    // Takes the next piece from the client; false once the connection is closed (Error).
    bool receive(const char *data, qsizetype size)
    {
        m_in.append(data, size);
        for (;;) {
            if (!m_parser) {
                if (m_in.isEmpty())
                    return true;
                m_parser = std::make_unique<HttpRequestParser>(m_limits);
                m_header.clear();
            }
            HttpRequestParser &p = *m_parser;
            const auto before = p.state();
            if (!m_in.isEmpty() && (before == HttpRequestParser::State::NeedMore ||
                                    before == HttpRequestParser::State::Body)) {
                const qsizetype given = m_in.size();
                const qsizetype used = p.feed(m_in.constData(), given);
                require(used >= 0 && used <= given);
                if (before == HttpRequestParser::State::NeedMore)
                    m_header.append(m_in.constData(), used);
                m_in.remove(0, used);
            }
            switch (p.state()) {
            case HttpRequestParser::State::NeedMore:
            case HttpRequestParser::State::Body:
                return true; // waits for more bytes
            case HttpRequestParser::State::Error:
                checkError(p);
                return false; // the service answers and closes
            case HttpRequestParser::State::HeaderDone:
                checkHeader(p);
                p.readBody(m_routeBodyLimit);
                require(p.state() != HttpRequestParser::State::NeedMore &&
                        p.state() != HttpRequestParser::State::HeaderDone);
                continue;
            case HttpRequestParser::State::Done:
                checkDone(p);
                m_parser.reset(); // pipelining: the rest starts the next request
                continue;
            }
        }
    }

private:
    void checkHeader(HttpRequestParser &p) const
    {
        const HttpRequest &r = p.request();
        // The header block, request line included, is what the limit bounds.
        require(m_header.size() <= m_limits.maxHeaderBytes);
        require(r.headers().size() <= m_limits.maxHeaderFields);
        qsizetype fieldBytes = 0;
        for (const auto &[name, value] : r.headers()) {
            require(!name.isEmpty());
            fieldBytes += name.size() + value.size();
        }
        require(fieldBytes <= m_limits.maxHeaderBytes);
        require(r.target().size() <= m_limits.maxTargetBytes);
        require(r.version() == 10 || r.version() == 11);
        // What the router reads is the target's path and query, nothing QUrl reads as a host
        // or a fragment.
        require(r.url().isValid() && r.url().path().startsWith(QLatin1Char('/')));
        require(r.url().authority().isEmpty() && !r.url().hasFragment());
        require(r.version() == 10 || r.headerCount("Host") == 1);
        require(r.headerCount("Host") <= 1);
        require(p.contentLength() >= -1);
        require(r.body().isEmpty());
    }

    void checkError(const HttpRequestParser &p) const
    {
        require(p.errorStatus() >= 400 && p.errorStatus() <= 599);
        require(!p.errorMessage().isEmpty());
        // 414 names a request line that is too long, 431 header fields after a whole one.
        const QByteArray seen = m_header + m_in;
        const qsizetype lineEnd = seen.indexOf('\n');
        if (p.errorStatus() == 414)
            require(lineEnd < 0 ? seen.size() > m_limits.maxTargetBytes
                                : lineEnd > m_limits.maxTargetBytes);
        if (p.errorStatus() == 431)
            require(lineEnd >= 0);
    }

    void checkDone(HttpRequestParser &p) const
    {
        const HttpRequest &r = p.request();
        require(r.body().size() <= qMin(m_routeBodyLimit, m_limits.maxBodyBytes));
        if (p.contentLength() >= 0)
            require(r.body().size() == p.contentLength());
    }

    const HttpRequestParser::Limits m_limits;
    const qint64 m_routeBodyLimit;
    std::unique_ptr<HttpRequestParser> m_parser;
    QByteArray m_in;     // received, not yet taken by the parser
    QByteArray m_header; // taken by the parser before HeaderDone
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return -1; // not kept in the corpus
    Pieces pieces(data[0]);
    const auto limits = limitsFor(data[1]);
    Connection connection(limits, kBodyLimits[(data[1] >> 2) & 7]);
    const char *stream = reinterpret_cast<const char *>(data + 2);
    const qsizetype length = qsizetype(size - 2);
    for (qsizetype at = 0; at < length;) {
        const qsizetype n = pieces.next(length - at);
        if (!connection.receive(stream + at, n))
            break;
        at += n;
    }
    return 0;
}
