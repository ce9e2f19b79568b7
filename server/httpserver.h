#pragma once

#include "httpparser.h"
#include "httprequest.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

#include <map>
#include <memory>
#include <optional>

class QTcpSocket;
class QWebSocketServer;

namespace linedesk::server {

// What the edge allows, per service. Times are real (monotonic) milliseconds.
struct HttpLimits
{
    HttpRequestParser::Limits parser;
    int maxConnections = 1024;          // open connections (live feeds included); also
                                        // held below the process's descriptor limit
    int maxConnectionsPerAddress = 256; // from one client address
    int idleTimeoutMs = 30'000;         // a keep-alive connection between requests
    int headerTimeoutMs = 10'000;       // from a request's first byte to its last header
    int bodyTimeoutMs = 30'000;         // from the last header to the last body byte
    int writeTimeoutMs = 30'000;        // an answer the client does not take in this time
    int lingerMs = 2'000;               // reading (and dropping) after a refusal, then close
};

class HttpServer;

// Answers one request, now or later (on the server's thread). Answering a request whose
// connection has gone does nothing.
class HttpResponder
{
public:
    HttpResponder() = default;
    void respond(HttpResponse response) const;

private:
    friend class HttpServer;
    HttpResponder(HttpServer *server, quint64 connection, quint64 serial)
        : m_server(server), m_connection(connection), m_serial(serial)
    {}
    QPointer<HttpServer> m_server;
    quint64 m_connection = 0;
    quint64 m_serial = 0;
};

// The service's HTTP/1.1 edge on QTcpServer: one strict parser per request (never more than
// its limits in memory), a say on each request once its header block is in (refuse it before
// its body is read, or take it as a WebSocket), keep-alive with an idle timeout, deadlines for
// headers, bodies and answers, caps on connections per service and per client address,
// "Connection: close" and HTTP/1.0, and requests on one connection answered in order.
class HttpServer final : public QObject
{
    Q_OBJECT
public:
    struct Decision
    {
        enum Kind
        {
            ReadBody,
            Refuse,
            Upgrade
        } kind = ReadBody;
        qint64 bodyLimit = 0;  // ReadBody: the most this route takes
        HttpResponse response; // Refuse
    };
    class Handler
    {
    public:
        virtual ~Handler() = default;
        // The header block is in (the body is not): read the body, refuse, or upgrade.
        virtual Decision headerReceived(HttpRequest &request) = 0;
        // The whole request. Answer through `responder`, at once or later.
        virtual void requestReceived(HttpRequest &request, const HttpResponder &responder) = 0;
    };

    HttpServer(Handler &handler, HttpLimits limits, QObject *parent = nullptr);
    ~HttpServer() override;

    // Returns the port, 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);
    int connectionCount() const { return int(m_connections.size()) + m_upgraded; }
    int effectiveMaxConnections() const { return m_maxConnections; }
    // "req_" and 24 random hex digits: the id of a request that did not bring its own.
    static QByteArray newRequestId();

    // Upgraded connections (WebSocket handshakes) are handed to this server.
    QWebSocketServer &webSockets() { return *m_webSockets; }

private:
    friend class HttpResponder;
    struct Connection;
    enum class Phase
    {
        Idle,
        Header,
        Body,
        Handling,
        Closing
    };

    void acceptConnections();
    bool makeRoom(const QString &peer);
    void readFrom(quint64 id);
    void process(Connection &c);
    void respond(quint64 id, quint64 serial, HttpResponse response);
    void write(Connection &c, const HttpResponse &response, bool head);
    void refuse(Connection &c, int status, const QString &message);
    void closeGracefully(Connection &c);
    void drop(quint64 id);
    void upgrade(Connection &c);
    void tick();
    qint64 now() const { return m_clock.elapsed(); }

    Handler &m_handler;
    HttpLimits m_limits;
    int m_maxConnections = 0;
    QTcpServer m_tcp;
    std::unique_ptr<QWebSocketServer> m_webSockets;
    std::map<quint64, std::unique_ptr<Connection>> m_connections;
    QHash<QString, int> m_perAddress; // open connections (upgraded ones included) by peer
    int m_upgraded = 0;
    QList<QPointer<QTcpSocket>> m_upgradedSockets; // to let go of when this server goes
    quint64 m_nextId = 1;
    QElapsedTimer m_clock;
    QTimer m_tick;
    qint64 m_lastAcceptWarning = -1'000'000;
    bool m_trimDue = false;
};

} // namespace linedesk::server
