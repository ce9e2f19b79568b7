#pragma once

#include "caller.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>

#include <optional>

#include <functional>

namespace linedesk::server {

class Accounts;
class Admission;
class Analytics;
class Billing;
class Database;
class Inspector;
class LiveFeed;

struct HttpReply
{
    int status = 200;
    QByteArray body; // JSON
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpReply json(int status, const QJsonObject &body);
};

// The service's HTTP API (docs/openapi.yaml). Routes match on method and path segments;
// every response is JSON with an X-Request-Id, errors in the API's error format.
class ApiServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    struct Parts
    {
        Database &db;
        Accounts &accounts;
        Billing &billing;
        Admission &admission;
        Analytics &analytics;
        LiveFeed &live;
        Inspector &inspector;
    };
    explicit ApiServer(Parts parts, QObject *parent = nullptr);

    static constexpr qint64 kMaxBodyBytes = 64 * 1024;

    struct Request
    {
        const QHttpServerRequest &http;
        QStringList params; // the {id} segments, in order
        Caller caller;

        QByteArray header(const QByteArray &name) const;
    };
    using Handler = std::function<HttpReply(Request &)>;

    // The routes this server answers, as "METHOD /path/{id}" (the OpenAPI test reads them).
    QStringList routeList() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route
    {
        QHttpServerRequest::Method method;
        QStringList segments; // "{id}" matches any one segment
        bool authenticated;
        Handler handler;
    };
    void addRoute(QHttpServerRequest::Method method, const QString &path, bool authenticated,
                  Handler handler);
    HttpReply dispatch(const QHttpServerRequest &request, const QString &requestId);
    void registerRoutes();

    HttpReply changeLines(Request &r, int sign);
    static QJsonObject parseObjectBody(const QHttpServerRequest &request, bool emptyIsObject,
                                       const QString &notAnObjectMessage = {});
    std::optional<Caller> authenticate(const QByteArray &authorization);
    bool isLiveUpgrade(const QHttpServerRequest &request) const;
    void takeLiveSockets();

    Parts m_parts;
    Accounts &m_accounts;
    Billing &m_billing;
    QList<Route> m_routes;
    QSet<QTcpSocket *> m_answered; // refused upgrades already answered in handleRequest
};

} // namespace linedesk::server
