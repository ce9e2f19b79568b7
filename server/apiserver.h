#pragma once

#include "caller.h"
#include "httpserver.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>

#include <optional>

#include <functional>

namespace linedesk::server {

class Accounts;
class AlertStore;
class Webhooks;
class Admission;
class Analytics;
class Billing;
class CapacityPlanner;
class Database;
class Inspector;
class LiveFeed;
class ReportWorker;

struct HttpReply
{
    int status = 200;
    QByteArray body; // JSON
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpReply json(int status, const QJsonObject &body);
};

// The service's HTTP API (docs/openapi.yaml). Routes match on method and path segments;
// every response is JSON with an X-Request-Id, errors in the API's error format. A request is
// judged on its header block first (route, body size, Content-Type, sign-in), before any of
// its body is read. Reports (analytics, support's search) run on their own thread with their
// own database connection, so the rest keep their latency while one runs.
class ApiServer final : public QObject, private HttpServer::Handler
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
        CapacityPlanner &planner;
        AlertStore &alerts;
        Webhooks &webhooks;
        bool allowPrivateWebhooks = false;
        // After a subscription's alert rules were saved (its monitor re-reads them).
        std::function<void(const QString &subscriptionId)> onAlertRulesChanged;
        ReportWorker *reports = nullptr; // null: reports run on the HTTP thread
    };
    ApiServer(Parts parts, const HttpLimits &limits, QObject *parent = nullptr);
    ~ApiServer() override;

    // Returns the port listened on, 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);

    static constexpr qint64 kMaxBodyBytes = 64 * 1024;

    struct Request
    {
        const HttpRequest &http;
        QStringList params; // the {id} segments, in order
        Caller caller;

        QByteArray header(const QByteArray &name) const { return http.header(name); }
    };
    using Handler = std::function<HttpReply(Request &)>;
    // A report's handler gets the report thread's own parts.
    struct ReportParts
    {
        Accounts &accounts;
        Analytics &analytics;
        Inspector &inspector;
        CapacityPlanner &planner;
    };
    using ReportHandler = std::function<HttpReply(Request &, ReportParts &)>;

    // The routes this server answers, as "METHOD /path/{id}" (the OpenAPI test reads them).
    QStringList routeList() const;

private:
    using Method = HttpRequest::Method;
    struct Route
    {
        Method method;
        QStringList segments; // "{id}" matches any one segment
        bool authenticated;
        qint64 maxBody; // bytes; 0: takes no body
        Handler handler;
        ReportHandler report;
    };
    struct Context; // what the header block decided, kept for the whole request

    HttpServer::Decision headerReceived(HttpRequest &request) override;
    void requestReceived(HttpRequest &request, const HttpResponder &responder) override;

    void addRoute(Method method, const QString &path, bool authenticated, Handler handler);
    void addReport(Method method, const QString &path, ReportHandler handler);
    const Route *match(const HttpRequest &request, QStringList *params,
                       QByteArrayList *allowed) const;
    HttpReply run(Request &r, const Route &route, const QString &requestId,
                  ReportParts *reportParts);
    void registerRoutes();

    HttpReply changeLines(Request &r, int sign);
    static QJsonObject parseObjectBody(const HttpRequest &request, bool emptyIsObject,
                                       const QString &notAnObjectMessage = {});
    std::optional<Caller> authenticate(const QByteArray &authorization);
    bool isLiveUpgrade(const HttpRequest &request) const;
    void takeLiveSockets();

    Parts m_parts;
    Accounts &m_accounts;
    Billing &m_billing;
    QList<Route> m_routes;
    std::unique_ptr<HttpServer> m_http;
};

} // namespace linedesk::server
