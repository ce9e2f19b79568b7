#include "httpserver.h"

#include "apierror.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QWebSocketServer>

#include <algorithm>

#include <malloc.h>
#include <sys/resource.h>
#include <sys/socket.h>

Q_LOGGING_CATEGORY(lcEdge, "linedesk.server.edge", QtInfoMsg)

namespace linedesk::server {

namespace {

constexpr qint64 kSocketReadBuffer = 64 * 1024;
constexpr qint64 kWriteBacklog = 1024 * 1024; // answered, not yet sent: read no further
constexpr qint64 kLargeAnswer = 1024 * 1024;  // its memory is returned to the system after

// The edge's refusals in the API's error format (docs/openapi.yaml lists their codes).
ApiError edgeError(int status, const QString &message)
{
    switch (status) {
    case 408:
        return ApiError{408, {}, message, QStringLiteral("request-timeout")};
    case 413:
        return ApiError{413, {}, message, QStringLiteral("body-too-large")};
    case 414:
        return ApiError{414, {}, message, QStringLiteral("target-too-long")};
    case 417:
        return ApiError{417, {}, message, QStringLiteral("expectation-failed")};
    case 431:
        return ApiError{431, {}, message, QStringLiteral("headers-too-large")};
    case 500:
        return ApiError{500, {}, message, QStringLiteral("internal-error")};
    case 501:
        return ApiError{501, {}, message, QStringLiteral("not-implemented")};
    case 503:
        return ApiError{503, {}, message, QStringLiteral("too-many-connections")};
    case 505:
        return ApiError{505, {}, message, QStringLiteral("http-version-not-supported")};
    default:
        return ApiError{400, {}, message, QStringLiteral("malformed-request")};
    }
}

QByteArray errorBody(int status, const QString &message)
{
    return QJsonDocument(edgeError(status, message).toJson()).toJson(QJsonDocument::Compact);
}

int descriptorLimit()
{
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 1 << 20;
    return int(qMin<rlim_t>(rl.rlim_cur, 1 << 20));
}

} // namespace

struct HttpServer::Connection
{
    quint64 id = 0;
    QTcpSocket *socket = nullptr;
    QString peer;
    Phase phase = Phase::Idle;
    qint64 phaseSince = 0;
    qint64 writeProgressAt = 0;
    QByteArray in; // read from the socket, not yet parsed
    std::unique_ptr<HttpRequestParser> parser;
    quint64 serial = 0;
    bool head = false;
    bool closeAfter = false;
    bool transactionAtStart = false; // the socket's transaction began at this request's first byte
    bool writeShut = false;
    bool largeWrite = false; // a large answer went out on it: give the memory back after
};

QByteArray HttpServer::newRequestId()
{
    // "req_" and 24 hex digits (96 random bits), formatted by hand: this runs on every request.
    static constexpr char digits[] = "0123456789abcdef";
    const quint64 high = QRandomGenerator::system()->generate64();
    const quint32 low = QRandomGenerator::system()->generate();
    char id[28] = {'r', 'e', 'q', '_'};
    for (int i = 0; i < 16; ++i)
        id[4 + i] = digits[(high >> (60 - 4 * i)) & 0xf];
    for (int i = 0; i < 8; ++i)
        id[20 + i] = digits[(low >> (28 - 4 * i)) & 0xf];
    return QByteArray(id, sizeof id);
}

void HttpResponder::respond(HttpResponse response) const
{
    if (m_server)
        m_server->respond(m_connection, m_serial, std::move(response));
}

HttpServer::HttpServer(Handler &handler, HttpLimits limits, QObject *parent)
    : QObject(parent), m_handler(handler), m_limits(limits),
      m_webSockets(std::make_unique<QWebSocketServer>(QStringLiteral("linedesk"),
                                                      QWebSocketServer::NonSecureMode))
{
    m_clock.start();
    // Leave descriptors for the database, the log and the listening socket: a service that
    // runs out of them can no longer accept even /health.
    const int fds = descriptorLimit();
    m_maxConnections = qMax(8, qMin(m_limits.maxConnections, fds - qMin(128, fds / 4)));
    m_tcp.setMaxPendingConnections(256);
    m_tcp.setListenBacklogSize(1024);
    connect(&m_tcp, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptConnections);
    connect(&m_tcp, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        // Out of descriptors (EMFILE/ENFILE): Qt stops accepting. Free one and try again
        // shortly, instead of spinning on a listening socket that is always readable.
        if (now() - m_lastAcceptWarning > 10'000) {
            m_lastAcceptWarning = now();
            qCWarning(lcEdge) << "cannot accept connections:" << error
                              << "- closing idle connections;" << connectionCount() << "open";
        }
        makeRoom({});
        m_tcp.pauseAccepting();
        QTimer::singleShot(50, this, [this] { m_tcp.resumeAccepting(); });
    });
    const int shortest = std::min({m_limits.idleTimeoutMs, m_limits.headerTimeoutMs,
                                   m_limits.bodyTimeoutMs, m_limits.lingerMs});
    const int tickMs = qBound(20, shortest / 4, 500);
    connect(&m_tick, &QTimer::timeout, this, &HttpServer::tick);
    m_tick.start(tickMs);
}

HttpServer::~HttpServer()
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_upgradedSockets))
        if (socket)
            socket->disconnect(this);
    for (auto &[id, c] : m_connections) {
        c->socket->disconnect(this);
        c->socket->abort();
    }
}

quint16 HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_tcp.listen(address, port))
        return 0;
    qCDebug(lcEdge) << "at most" << m_maxConnections << "connections,"
                    << m_limits.maxConnectionsPerAddress << "per address";
    return m_tcp.serverPort();
}

bool HttpServer::makeRoom(const QString &peer)
{
    const bool full = connectionCount() >= m_maxConnections;
    const bool peerFull =
        !peer.isEmpty() && m_perAddress.value(peer) >= m_limits.maxConnectionsPerAddress;
    if (!full && !peerFull && !peer.isEmpty())
        return true;
    // Close the connection that costs least to lose: one already closing, else the one idle
    // longest, else the one slowest to send its headers. Never one being answered.
    Connection *victim = nullptr;
    auto rank = [](Phase p) {
        return p == Phase::Closing ? 0 : p == Phase::Idle ? 1 : p == Phase::Header ? 2 : 9;
    };
    for (auto &[id, c] : m_connections) {
        if (peerFull && !full && c->peer != peer)
            continue;
        if (rank(c->phase) > 2)
            continue;
        if (!victim || rank(c->phase) < rank(victim->phase) ||
            (rank(c->phase) == rank(victim->phase) && c->phaseSince < victim->phaseSince))
            victim = c.get();
    }
    if (!victim)
        return false;
    qCDebug(lcEdge) << "closing a connection from" << victim->peer << "to make room";
    drop(victim->id);
    return true;
}

void HttpServer::acceptConnections()
{
    while (m_tcp.hasPendingConnections()) {
        QTcpSocket *socket = m_tcp.nextPendingConnection();
        if (!socket)
            break;
        const QString peer = socket->peerAddress().toString();
        if (!makeRoom(peer)) {
            // Every connection is busy being answered: say so and close.
            if (now() - m_lastAcceptWarning > 10'000) {
                m_lastAcceptWarning = now();
                qCWarning(lcEdge) << "connection limit reached:" << connectionCount()
                                  << "open; refusing new connections";
            }
            const QByteArray body =
                errorBody(503, QStringLiteral("Too many connections. Try again shortly."));
            socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                          "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\n\r\n" + body);
            connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(1000, socket, [socket] { socket->abort(); });
            socket->disconnectFromHost();
            continue;
        }
        auto c = std::make_unique<Connection>();
        c->id = m_nextId++;
        c->socket = socket;
        c->peer = peer;
        c->phaseSince = now();
        socket->setReadBufferSize(kSocketReadBuffer);
        // Small JSON answers leave at once, not after the client's delayed ACK.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        const quint64 id = c->id;
        connect(socket, &QIODevice::readyRead, this, [this, id] { readFrom(id); });
        connect(socket, &QAbstractSocket::disconnected, this, [this, id] { drop(id); });
        connect(socket, &QIODevice::bytesWritten, this, [this, id] {
            const auto it = m_connections.find(id);
            if (it == m_connections.end())
                return;
            Connection &c = *it->second;
            c.writeProgressAt = now();
            if (c.socket->bytesToWrite() > 0)
                return;
            if (c.largeWrite) {
                c.largeWrite = false;
                m_trimDue = true;
            }
            if (c.phase == Phase::Closing && !c.writeShut) {
                c.writeShut = true;
                ::shutdown(int(c.socket->socketDescriptor()), SHUT_WR);
            } else if (c.phase == Phase::Idle && (!c.in.isEmpty() || c.socket->bytesAvailable())) {
                readFrom(id);
            }
        });
        ++m_perAddress[peer];
        m_connections.emplace(id, std::move(c));
    }
}

void HttpServer::readFrom(quint64 id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    Connection &c = *it->second;
    QTcpSocket *s = c.socket;
    if (c.phase == Phase::Handling)
        return; // the socket's bounded read buffer holds the rest back (TCP flow control)
    if (c.phase == Phase::Closing) {
        s->skip(s->bytesAvailable()); // lingering: read and drop until the client closes
        return;
    }
    if (s->bytesToWrite() > kWriteBacklog)
        return; // the client is not taking its answers: read on once it has
    if (c.phase == Phase::Idle && !c.parser && c.in.isEmpty() && !s->isTransactionStarted()) {
        // Kept until the header block is in, so a WebSocket upgrade can hand the request's
        // bytes, unread, to the WebSocket server.
        s->startTransaction();
        c.transactionAtStart = true;
    }
    c.in += s->readAll();
    process(c);
}

void HttpServer::process(Connection &c)
{
    for (;;) {
        if (c.phase == Phase::Handling || c.phase == Phase::Closing)
            return;
        if (!c.parser) {
            if (c.in.isEmpty())
                return;
            c.parser = std::make_unique<HttpRequestParser>(m_limits.parser);
            c.phase = Phase::Header;
            c.phaseSince = now();
        }
        HttpRequestParser &p = *c.parser;
        if (!c.in.isEmpty() && (p.state() == HttpRequestParser::State::NeedMore ||
                                p.state() == HttpRequestParser::State::Body)) {
            const qsizetype used = p.feed(c.in.constData(), c.in.size());
            c.in.remove(0, used);
        }
        switch (p.state()) {
        case HttpRequestParser::State::NeedMore:
        case HttpRequestParser::State::Body:
            return;
        case HttpRequestParser::State::Error:
            refuse(c, p.errorStatus(), p.errorMessage());
            return;
        case HttpRequestParser::State::HeaderDone: {
            HttpRequest &request = p.request();
            request.m_peer = c.socket->peerAddress();
            Decision d;
            try {
                d = m_handler.headerReceived(request);
            } catch (...) {
                refuse(c, 500, QStringLiteral("Internal error."));
                return;
            }
            if (d.kind == Decision::Upgrade) {
                upgrade(c);
                return;
            }
            if (c.socket->isTransactionStarted())
                c.socket->commitTransaction();
            c.transactionAtStart = false;
            if (d.kind == Decision::Refuse) {
                // A body we will not read makes the connection unusable for the next request.
                if (p.contentLength() != 0 || !request.keepAlive())
                    d.response.close = true;
                c.phase = Phase::Handling;
                c.head = request.method() == HttpRequest::Method::Head;
                write(c, d.response, c.head);
                if (d.response.close)
                    closeGracefully(c);
                else {
                    c.parser.reset();
                    c.phase = Phase::Idle;
                    c.phaseSince = now();
                }
                continue;
            }
            const int expects = request.headerCount("Expect");
            if (expects > 0) {
                if (expects > 1 || request.header("Expect").trimmed().compare(
                                       "100-continue", Qt::CaseInsensitive) != 0) {
                    refuse(c, 417,
                           QStringLiteral("The only expectation this service meets is "
                                          "\"Expect: 100-continue\"."));
                    return;
                }
                if (p.contentLength() != 0 && c.in.isEmpty() && request.version() >= 11 &&
                    p.contentLength() <= d.bodyLimit)
                    c.socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            p.readBody(d.bodyLimit);
            c.phase = Phase::Body;
            c.phaseSince = now();
            continue;
        }
        case HttpRequestParser::State::Done: {
            c.phase = Phase::Handling;
            c.phaseSince = now();
            ++c.serial;
            HttpRequest request = std::move(p.request());
            request.m_peer = c.socket->peerAddress();
            c.parser.reset();
            c.head = request.method() == HttpRequest::Method::Head;
            c.closeAfter = !request.keepAlive();
            const quint64 id = c.id;
            const HttpResponder responder(this, id, c.serial);
            try {
                m_handler.requestReceived(request, responder);
            } catch (...) {
                HttpResponse r;
                r.status = 500;
                r.body = errorBody(500, QStringLiteral("Internal error."));
                respond(id, c.serial, r);
            }
            return; // `c` may be gone: the answer continues with the next request
        }
        }
    }
}

void HttpServer::respond(quint64 id, quint64 serial, HttpResponse response)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    Connection &c = *it->second;
    if (c.serial != serial || c.phase != Phase::Handling)
        return;
    write(c, response, c.head);
    if (response.close || c.closeAfter) {
        closeGracefully(c);
        return;
    }
    c.phase = Phase::Idle;
    c.phaseSince = now();
    // The next request on this connection (pipelined, or held back while this one was
    // answered) is read from the event loop, not from inside this answer.
    if (!c.in.isEmpty() || c.socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(
            this, [this, id] { readFrom(id); }, Qt::QueuedConnection);
}

void HttpServer::write(Connection &c, const HttpResponse &response, bool head)
{
    QByteArray out;
    out.reserve(256 + (head ? 0 : response.body.size()));
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
           ApiError::reasonPhrase(response.status).toLatin1() + "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto &[key, value] : response.headers)
        out += key + ": " + value + "\r\n";
    if (response.close || c.closeAfter)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!head)
        out += response.body;
    if (c.socket->bytesToWrite() == 0)
        c.writeProgressAt = now();
    if (out.size() > kLargeAnswer)
        c.largeWrite = true;
    c.socket->write(out);
}

void HttpServer::refuse(Connection &c, int status, const QString &message)
{
    HttpResponse r;
    r.status = status;
    r.close = true;
    r.body = errorBody(status, message);
    r.headers.append({"X-Request-Id", newRequestId()});
    if (c.socket->isTransactionStarted())
        c.socket->commitTransaction();
    c.phase = Phase::Handling;
    write(c, r, false);
    closeGracefully(c);
}

void HttpServer::closeGracefully(Connection &c)
{
    // Send what is written, then close our side and read (and drop) what the client still
    // sends for a moment: closing at once could reset the connection before the client has
    // read the answer.
    c.phase = Phase::Closing;
    c.phaseSince = now();
    c.parser.reset();
    c.in.clear();
    if (c.socket->isTransactionStarted())
        c.socket->commitTransaction();
    c.socket->flush();
    if (c.socket->bytesToWrite() == 0 && !c.writeShut) {
        c.writeShut = true;
        ::shutdown(int(c.socket->socketDescriptor()), SHUT_WR);
    }
    c.socket->skip(c.socket->bytesAvailable());
}

void HttpServer::drop(quint64 id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    std::unique_ptr<Connection> c = std::move(it->second);
    m_connections.erase(it);
    if (--m_perAddress[c->peer] <= 0)
        m_perAddress.remove(c->peer);
    if (c->largeWrite)
        m_trimDue = true; // once the socket and its buffers are gone (next tick)
    c->socket->disconnect(this);
    c->socket->abort();
    c->socket->deleteLater();
}

void HttpServer::upgrade(Connection &c)
{
    if (!c.transactionAtStart || !c.socket->isTransactionStarted() ||
        c.parser->contentLength() != 0) {
        refuse(c, 400,
               QStringLiteral("Send the WebSocket upgrade on its own: first on its "
                              "connection or after the previous answer, with no body."));
        return;
    }
    QTcpSocket *socket = c.socket;
    const QString peer = c.peer;
    const quint64 id = c.id;
    socket->disconnect(this);
    m_connections.erase(id); // `c` is gone; the socket now belongs to the WebSocket server
    ++m_upgraded;
    m_upgradedSockets.removeIf([](const QPointer<QTcpSocket> &s) { return s.isNull(); });
    m_upgradedSockets.append(socket);
    connect(socket, &QObject::destroyed, this, [this, peer] {
        --m_upgraded;
        if (--m_perAddress[peer] <= 0)
            m_perAddress.remove(peer);
    });
    socket->rollbackTransaction();
    m_webSockets->handleConnection(socket);
    Q_EMIT socket->readyRead();
}

void HttpServer::tick()
{
    if (m_trimDue) {
        // Large answers (reports) are built and freed in several threads' malloc arenas;
        // without this the memory stays with the process after they are sent or dropped.
        m_trimDue = false;
        malloc_trim(0);
    }
    const qint64 t = now();
    QList<quint64> expired;
    QList<quint64> timedOut;
    for (auto &[id, c] : m_connections) {
        if (c->socket->bytesToWrite() > 0 && t - c->writeProgressAt > m_limits.writeTimeoutMs) {
            expired << id; // the client stopped reading its answer
            continue;
        }
        switch (c->phase) {
        case Phase::Idle:
            if (t - c->phaseSince > m_limits.idleTimeoutMs && c->socket->bytesToWrite() == 0)
                expired << id;
            break;
        case Phase::Header:
            if (t - c->phaseSince > m_limits.headerTimeoutMs)
                timedOut << id;
            break;
        case Phase::Body:
            if (t - c->phaseSince > m_limits.bodyTimeoutMs)
                timedOut << id;
            break;
        case Phase::Closing:
            if (t - c->phaseSince > m_limits.lingerMs)
                expired << id;
            break;
        case Phase::Handling:
            break;
        }
    }
    for (quint64 id : expired)
        drop(id);
    for (quint64 id : timedOut) {
        const auto it = m_connections.find(id);
        if (it == m_connections.end())
            continue;
        refuse(*it->second, 408,
               it->second->phase == Phase::Header
                   ? QStringLiteral("The request's headers did not arrive within %1 s.")
                         .arg(m_limits.headerTimeoutMs / 1000.0)
                   : QStringLiteral("The request's body did not arrive within %1 s.")
                         .arg(m_limits.bodyTimeoutMs / 1000.0));
    }
}

} // namespace linedesk::server
