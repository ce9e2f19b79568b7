#include "apiserver.h"

#include "accounts.h"
#include "admission.h"
#include "alerts.h"
#include "analytics.h"
#include "apiexception.h"
#include "billing.h"
#include "callrequest.h"
#include "capacityplanner.h"
#include "database.h"
#include "idempotency.h"
#include "inspector.h"
#include "livefeed.h"
#include "reportworker.h"
#include "requestbodies.h"
#include "webhooks.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

#include <any>

#include <malloc.h>

Q_LOGGING_CATEGORY(lcHttp, "linedesk.server.http", QtInfoMsg)

namespace linedesk::server {

using Method = HttpRequest::Method;

namespace {

QByteArray methodName(Method m)
{
    switch (m) {
    case Method::Get:
        return "GET";
    case Method::Post:
        return "POST";
    case Method::Delete:
        return "DELETE";
    case Method::Put:
        return "PUT";
    case Method::Patch:
        return "PATCH";
    case Method::Head:
        return "HEAD";
    case Method::Options:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}

QString newRequestId()
{
    return QString::fromLatin1(HttpServer::newRequestId());
}

HttpReply errorReply(const ApiError &e)
{
    return HttpReply::json(e.statusCode, e.toJson());
}

} // namespace

HttpReply HttpReply::json(int status, const QJsonObject &body)
{
    return {status, QJsonDocument(body).toJson(QJsonDocument::Compact), {}};
}

struct ApiServer::Context
{
    QString requestId;
    const Route *route = nullptr;
    QStringList params;
    Caller caller;
};

ApiServer::ApiServer(Parts parts, const HttpLimits &limits, QObject *parent)
    : QObject(parent), m_parts(parts), m_accounts(parts.accounts), m_billing(parts.billing)
{
    registerRoutes();
    HttpLimits edge = limits;
    edge.parser.maxBodyBytes = kMaxBodyBytes;
    m_http = std::make_unique<HttpServer>(static_cast<HttpServer::Handler &>(*this), edge, this);
    connect(&m_http->webSockets(), &QWebSocketServer::newConnection, this,
            &ApiServer::takeLiveSockets);
}

ApiServer::~ApiServer() = default;

quint16 ApiServer::listen(const QHostAddress &address, quint16 port)
{
    return m_http->listen(address, port);
}

bool ApiServer::isLiveUpgrade(const HttpRequest &request) const
{
    return request.url().path() == QLatin1String("/live") && request.method() == Method::Get &&
           request.header("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}

std::optional<Caller> ApiServer::authenticate(const QByteArray &authorization)
{
    const QByteArray prefix = "bearer ";
    if (authorization.size() <= prefix.size() ||
        authorization.left(prefix.size()).toLower() != prefix)
        return std::nullopt;
    return m_accounts.authenticate(QString::fromLatin1(authorization.mid(prefix.size()).trimmed()));
}

void ApiServer::takeLiveSockets()
{
    while (m_http->webSockets().hasPendingConnections()) {
        std::unique_ptr<QWebSocket> socket(m_http->webSockets().nextPendingConnection());
        if (!socket)
            break;
        // The upgrade was authenticated on its header block; read the token again from the
        // upgrade request the socket keeps, so no state passes between the two.
        std::optional<Caller> caller;
        try {
            caller = authenticate(socket->request().rawHeader("Authorization"));
        } catch (const DatabaseException &e) {
            qCWarning(lcHttp).noquote() << "live feed sign-in failed:" << e.message();
        }
        if (!caller) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          QStringLiteral("unauthorized"));
            continue;
        }
        try {
            m_parts.live.accept(std::move(socket), *caller);
        } catch (const DatabaseException &e) {
            qCWarning(lcHttp).noquote() << "live feed not opened:" << e.message();
        } catch (const std::exception &e) {
            qCWarning(lcHttp).noquote() << "live feed not opened:" << e.what();
        }
    }
}

void ApiServer::addRoute(Method method, const QString &path, bool authenticated, Handler handler)
{
    const bool takesBody = method != Method::Get && method != Method::Head;
    m_routes.append({method,
                     path.split(QLatin1Char('/'), Qt::SkipEmptyParts),
                     authenticated,
                     takesBody ? kMaxBodyBytes : 0,
                     std::move(handler),
                     {}});
}

void ApiServer::addReport(Method method, const QString &path, ReportHandler handler)
{
    const bool takesBody = method != Method::Get && method != Method::Head;
    m_routes.append({method,
                     path.split(QLatin1Char('/'), Qt::SkipEmptyParts),
                     true,
                     takesBody ? kMaxBodyBytes : 0,
                     {},
                     std::move(handler)});
}

QStringList ApiServer::routeList() const
{
    QStringList list;
    for (const Route &r : m_routes)
        list << QString::fromLatin1(methodName(r.method)) + QStringLiteral(" /") +
                    r.segments.join(QLatin1Char('/'));
    return list;
}

const ApiServer::Route *ApiServer::match(const HttpRequest &request, QStringList *params,
                                         QByteArrayList *allowed) const
{
    // Split where the request has a slash, then decode each segment: an encoded slash (%2F)
    // stays inside its segment, and an empty segment ("//") matches no route.
    QStringList raw = request.url().path(QUrl::FullyEncoded).mid(1).split(QLatin1Char('/'));
    if (raw.size() > 1 && raw.last().isEmpty())
        raw.removeLast(); // one trailing slash is allowed
    QStringList segments;
    for (const QString &s : std::as_const(raw)) {
        if (s.isEmpty())
            return nullptr;
        segments << QUrl::fromPercentEncoding(s.toLatin1());
    }
    const Route *found = nullptr;
    for (const Route &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        QStringList captured;
        bool same = true;
        for (qsizetype i = 0; i < segments.size() && same; ++i) {
            if (route.segments.at(i).startsWith(QLatin1Char('{'))) // {id}, {webhookId}
                captured << segments.at(i);
            else
                same = route.segments.at(i) == segments.at(i);
        }
        if (!same)
            continue;
        *allowed << methodName(route.method);
        if (route.method == request.method() && !found) {
            found = &route;
            *params = captured;
        }
    }
    return found;
}

namespace {

HttpResponse toResponse(const HttpReply &reply, const QString &requestId)
{
    HttpResponse r;
    r.status = reply.status;
    r.body = reply.body;
    r.headers = reply.headers;
    r.headers.append({"X-Request-Id", requestId.toLatin1()});
    return r;
}

HttpServer::Decision refuseWith(const ApiError &e, const QString &requestId,
                                QList<QPair<QByteArray, QByteArray>> headers = {})
{
    HttpServer::Decision d;
    d.kind = HttpServer::Decision::Refuse;
    HttpReply reply = errorReply(e);
    reply.headers = std::move(headers);
    d.response = toResponse(reply, requestId);
    return d;
}

bool isJson(const QByteArray &contentType)
{
    // application/json, with at most a charset parameter that says UTF-8 (RFC 8259).
    const QList<QByteArray> parts = contentType.split(';');
    if (parts.first().trimmed().toLower() != "application/json")
        return false;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray p = parts.at(i).trimmed().toLower();
        if (p.isEmpty())
            continue;
        if (p != "charset=utf-8" && p != "charset=\"utf-8\"")
            return false;
    }
    return true;
}

} // namespace

HttpServer::Decision ApiServer::headerReceived(HttpRequest &request)
{
    Context ctx;
    ctx.requestId = QString::fromLatin1(request.header("X-Request-Id"));
    static const QRegularExpression validId(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (ctx.requestId.isEmpty() || !validId.match(ctx.requestId).hasMatch())
        ctx.requestId = newRequestId();

    if (request.headerCount("Authorization") > 1)
        return refuseWith(ApiError{400,
                                   {},
                                   QStringLiteral("Send one Authorization field, not several."),
                                   QStringLiteral("malformed-request")},
                          ctx.requestId);
    try {
        if (isLiveUpgrade(request)) {
            // Accept the upgrade only with a valid token.
            if (authenticate(request.header("Authorization"))) {
                HttpServer::Decision d;
                d.kind = HttpServer::Decision::Upgrade;
                return d;
            }
            HttpServer::Decision refused = refuseWith(
                ApiError{401,
                         {},
                         QStringLiteral("Sign in: send Authorization: Bearer <token> with "
                                        "the upgrade request."),
                         QStringLiteral("unauthorized")},
                ctx.requestId, {{"WWW-Authenticate", "Bearer"}});
            // Not upgraded: the connection closes (the client waits for 101 or the end).
            refused.response.close = true;
            return refused;
        }
        if (request.method() == Method::Other)
            return refuseWith(ApiError{501,
                                       {},
                                       QStringLiteral("The method %1 is not implemented.")
                                           .arg(QString::fromLatin1(request.methodName().left(32))),
                                       QStringLiteral("not-implemented")},
                              ctx.requestId);
        QByteArrayList allowed;
        ctx.route = match(request, &ctx.params, &allowed);
        if (!ctx.route) {
            if (allowed.isEmpty())
                return refuseWith(
                    ApiError{
                        404,
                        {},
                        QStringLiteral("There is no %1 route.").arg(request.url().path().left(200)),
                        QStringLiteral("route-not-found")},
                    ctx.requestId);
            const QByteArray allow = allowed.join(", ");
            return refuseWith(
                ApiError{405,
                         {},
                         QStringLiteral("Use %1 on this route.").arg(QString::fromLatin1(allow)),
                         QStringLiteral("method-not-allowed")},
                ctx.requestId, {{"Allow", allow}});
        }
        const bool hasBody = !request.header("Transfer-Encoding").isEmpty() ||
                             request.header("Content-Length").trimmed().toLongLong() > 0;
        // Refused on its headers, before sign-in and before a byte of the body is read.
        if (hasBody && ctx.route->maxBody == 0)
            return refuseWith(ApiError{413,
                                       {},
                                       QStringLiteral("%1 takes no request body.")
                                           .arg(QString::fromLatin1(methodName(request.method()))),
                                       QStringLiteral("body-too-large")},
                              ctx.requestId);
        const qint64 declared = request.header("Content-Length").trimmed().toLongLong();
        if (declared > ctx.route->maxBody)
            return refuseWith(
                ApiError{413,
                         {},
                         QStringLiteral("The request body (%1 bytes) is larger than this "
                                        "route takes (%2 KiB).")
                             .arg(declared)
                             .arg(ctx.route->maxBody / 1024),
                         QStringLiteral("body-too-large")},
                ctx.requestId);
        if (hasBody && !isJson(request.header("Content-Type")))
            return refuseWith(ApiError{415,
                                       {},
                                       QStringLiteral("Send the body as JSON, with Content-Type: "
                                                      "application/json."),
                                       QStringLiteral("unsupported-media-type")},
                              ctx.requestId, {{"Accept", "application/json"}});
        if (ctx.route->authenticated) {
            const QByteArray authorization = request.header("Authorization");
            const auto caller = authenticate(authorization);
            if (!caller)
                return refuseWith(
                    ApiError{401,
                             {},
                             authorization.isEmpty()
                                 ? QStringLiteral("Sign in: send Authorization: Bearer <token>.")
                                 : QStringLiteral(
                                       "The token is not valid. Ask an operator for a new one."),
                             QStringLiteral("unauthorized")},
                    ctx.requestId, {{"WWW-Authenticate", "Bearer"}});
            ctx.caller = *caller;
        }
    } catch (const DatabaseException &e) {
        qCWarning(lcHttp).noquote()
            << "request" << ctx.requestId << "sign-in failed:" << e.message();
        return refuseWith(ApiError{500,
                                   {},
                                   QStringLiteral("The service could not complete the request "
                                                  "(request %1). Nothing was changed.")
                                       .arg(ctx.requestId),
                                   QStringLiteral("internal-error")},
                          ctx.requestId);
    }
    ctx.caller.requestId = ctx.requestId;
    HttpServer::Decision d;
    d.bodyLimit = ctx.route->maxBody;
    request.context = std::move(ctx);
    return d;
}

HttpReply ApiServer::run(Request &r, const Route &route, const QString &requestId,
                         ReportParts *reportParts)
{
    try {
        if (route.report) {
            if (reportParts)
                return route.report(r, *reportParts);
            ReportParts here{m_accounts, m_parts.analytics, m_parts.inspector, m_parts.planner};
            return route.report(r, here);
        }
        return route.handler(r);
    } catch (const ApiException &e) {
        return errorReply(e.error());
    } catch (const DatabaseException &e) {
        qCWarning(lcHttp).noquote() << "request" << requestId << "failed:" << e.message();
        return errorReply({500,
                           {},
                           QStringLiteral("The service could not complete the request "
                                          "(request %1). Nothing was changed.")
                               .arg(requestId),
                           QStringLiteral("internal-error")});
    } catch (const std::exception &e) {
        qCWarning(lcHttp).noquote() << "request" << requestId << "failed:" << e.what();
        return errorReply({500,
                           {},
                           QStringLiteral("Internal error (request %1).").arg(requestId),
                           QStringLiteral("internal-error")});
    }
}

void ApiServer::requestReceived(HttpRequest &request, const HttpResponder &responder)
{
    QElapsedTimer timer;
    timer.start();
    const Context *ctx = std::any_cast<Context>(&request.context);
    if (!ctx || !ctx->route) {
        responder.respond(toResponse(
            errorReply(
                {500, {}, QStringLiteral("Internal error."), QStringLiteral("internal-error")}),
            newRequestId()));
        return;
    }
    if (ctx->route->report && m_parts.reports) {
        // On the report thread, with its own connection; the answer comes back here.
        HttpServer *http = m_http.get();
        const bool queued = m_parts.reports->post([this, http, request,
                                                   responder](ReportWorker::Parts *parts) {
            const Context &c = *std::any_cast<Context>(&request.context);
            Request r{request, c.params, c.caller};
            HttpReply reply;
            if (!parts) {
                reply = errorReply({503,
                                    {},
                                    QStringLiteral("Reports are not available right now "
                                                   "(request %1).")
                                        .arg(c.requestId),
                                    QStringLiteral("reports-unavailable")});
            } else {
                ReportParts rp{parts->accounts, parts->analytics, parts->inspector, parts->planner};
                reply = run(r, *c.route, c.requestId, &rp);
            }
            const bool large = reply.body.size() > 1024 * 1024;
            QMetaObject::invokeMethod(
                http, [responder, response = toResponse(reply, c.requestId)]() mutable {
                    responder.respond(std::move(response));
                });
            // What building it took goes back to the system; the edge does the same for
            // the answer itself once it is sent or dropped.
            if (large)
                malloc_trim(0);
        });
        if (!queued)
            responder.respond(toResponse(
                errorReply({503,
                            {},
                            QStringLiteral("Too many reports are running; try again in a moment "
                                           "(at most %1 wait).")
                                .arg(m_parts.reports->maxQueued()),
                            QStringLiteral("busy")}),
                ctx->requestId));
        return;
    }
    Request r{request, ctx->params, ctx->caller};
    const HttpReply reply = run(r, *ctx->route, ctx->requestId, nullptr);
    responder.respond(toResponse(reply, ctx->requestId));
    qCDebug(lcHttp).noquote() << methodName(request.method()) << request.url().path()
                              << reply.status << timer.elapsed() << "ms" << ctx->requestId;
}

QJsonObject ApiServer::parseObjectBody(const HttpRequest &request, bool emptyIsObject,
                                       const QString &notAnObjectMessage)
{
    return parseJsonObject(request.body(), emptyIsObject, notAnObjectMessage);
}

HttpReply ApiServer::changeLines(Request &r, int sign)
{
    const QString subscriptionId = r.params.at(0);
    const Access access = m_accounts.accessTo(r.caller, subscriptionId);
    if (access == Access::None)
        throw ApiException(
            404, QStringLiteral("subscription-not-found"),
            QStringLiteral("No subscription with id %1.").arg(subscriptionId.left(100)));
    if (access != Access::Admin)
        throw ApiException(
            403, QStringLiteral("forbidden"),
            access == Access::Support
                ? QStringLiteral("Support staff can preview but never buy or remove lines.")
                : QStringLiteral("Only an admin of the organization can buy or remove lines."));
    const QuantityBody body = parseQuantityBody(r.http.body(), /*allowNegative=*/false);
    const int quantity = body.quantity * sign;

    const QString key = CallRequest::parseIdempotencyKey(r.header("Idempotency-Key"));
    if (key.isEmpty())
        throw ApiException(400, QStringLiteral("idempotency-key-required"),
                           QStringLiteral("Send an Idempotency-Key header (a new random value per "
                                          "change, the same one when retrying it)."));

    // Compared inside the change's transaction, against the version it locked.
    const IfMatch ifMatch = parseIfMatch(r.header("If-Match"));

    const QByteArray requestHash =
        idempotency::requestHash(methodName(r.http.method()), r.http.url().path(),
                                 QJsonDocument(body.json).toJson(QJsonDocument::Compact));
    const Billing::ChangeResult result =
        m_billing.changeLines(r.caller, subscriptionId, quantity, key, ifMatch, requestHash);
    HttpReply reply = HttpReply::json(result.status, result.body);
    if (result.replayed)
        reply.headers.append(qMakePair(QByteArray("Idempotent-Replayed"), QByteArray("true")));
    reply.headers.append(
        qMakePair(QByteArray("ETag"), QByteArray('"' + QByteArray::number(result.version) + '"')));
    return reply;
}

void ApiServer::registerRoutes()
{
    auto notFound = [](const QString &what, const QString &id) {
        return ApiException(404, what + QStringLiteral("-not-found"),
                            QStringLiteral("No %1 with id %2.").arg(what, id.left(100)));
    };
    auto requireSubscription = [this, notFound](Request &r) {
        const Access a = m_accounts.accessTo(r.caller, r.params.at(0));
        if (a == Access::None)
            throw notFound(QStringLiteral("subscription"), r.params.at(0));
        return a;
    };

    addRoute(Method::Get, QStringLiteral("/health"), false, [](Request &) {
        return HttpReply::json(200,
                               {{QStringLiteral("status"), QStringLiteral("ok")},
                                {QStringLiteral("version"), QStringLiteral(LINEDESK_VERSION)}});
    });

    addRoute(Method::Get, QStringLiteral("/me"), true,
             [this](Request &r) { return HttpReply::json(200, m_accounts.me(r.caller)); });

    addRoute(Method::Get, QStringLiteral("/org"), true, [this](Request &r) {
        const QUrlQuery query = r.http.query();
        const QString search = query.queryItemValue(QStringLiteral("search"), QUrl::FullyDecoded);
        return HttpReply::json(
            200, m_accounts.organizations(r.caller, search.left(200), PageRequest::fromQuery(query))
                     .toJson());
    });

    addRoute(Method::Get, QStringLiteral("/org/{id}"), true, [this, notFound](Request &r) {
        const auto org = m_accounts.canSeeOrg(r.caller, r.params.at(0))
                             ? m_accounts.organization(r.params.at(0))
                             : std::nullopt;
        if (!org)
            throw notFound(QStringLiteral("org"), r.params.at(0));
        return HttpReply::json(200, org->toJson());
    });

    addReport(Method::Get, QStringLiteral("/subscription"), [](Request &r, ReportParts &p) {
        if (!r.caller.support)
            throw ApiException(403, QStringLiteral("forbidden"),
                               QStringLiteral("Only support staff can search all subscriptions."));
        const QUrlQuery query = r.http.query();
        auto item = [&query](const char *name) {
            return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded).left(200);
        };
        Inspector::Query q{item("search"), {}, item("type"), item("sort")};
        // ?filter=a,b and ?filter=a&filter=b both mean "all of these".
        for (const QString &value :
             query.allQueryItemValues(QStringLiteral("filter"), QUrl::FullyDecoded))
            for (const QString &name : value.left(200).split(QLatin1Char(',')))
                q.filters << name.trimmed();
        return HttpReply::json(200, p.inspector.search(q, PageRequest::fromQuery(query)).toJson());
    });

    addRoute(Method::Get, QStringLiteral("/subscription/{id}/members"), true,
             [this, requireSubscription](Request &r) {
                 requireSubscription(r);
                 if (!r.caller.support)
                     throw ApiException(403, QStringLiteral("forbidden"),
                                        QStringLiteral("Only support staff can list the users of "
                                                       "every organization on a subscription."));
                 return HttpReply::json(200, *m_parts.inspector.members(r.params.at(0)));
             });

    addRoute(Method::Get, QStringLiteral("/subscription/{id}"), true,
             [this, requireSubscription](Request &r) {
                 requireSubscription(r);
                 m_billing.renewIfDue(r.params.at(0));
                 const auto s = m_accounts.subscription(r.params.at(0));
                 HttpReply reply = HttpReply::json(200, s->toJson());
                 reply.headers.append(qMakePair(
                     QByteArray("ETag"), QByteArray('"' + QByteArray::number(s->version) + '"')));
                 return reply;
             });

    addRoute(Method::Post, QStringLiteral("/subscription/{id}/concurrency/preview"), true,
             [this, requireSubscription](Request &r) {
                 if (requireSubscription(r) == Access::Viewer)
                     throw ApiException(403, QStringLiteral("forbidden"),
                                        QStringLiteral("Viewers cannot preview line changes; ask "
                                                       "an admin of the organization."));
                 const int quantity =
                     parseQuantityBody(r.http.body(), /*allowNegative=*/true).quantity;
                 return HttpReply::json(200, m_billing.preview(r.params.at(0), quantity).toJson());
             });

    addRoute(Method::Post, QStringLiteral("/subscription/{id}/concurrency"), true,
             [this](Request &r) { return changeLines(r, +1); });
    addRoute(Method::Delete, QStringLiteral("/subscription/{id}/concurrency"), true,
             [this](Request &r) { return changeLines(r, -1); });

    addRoute(Method::Get, QStringLiteral("/subscription/{id}/concurrency/changes"), true,
             [this, requireSubscription](Request &r) {
                 requireSubscription(r);
                 return HttpReply::json(
                     200,
                     m_billing.lineChanges(r.params.at(0), PageRequest::fromQuery(r.http.query()))
                         .toJson());
             });

    addRoute(Method::Get, QStringLiteral("/subscription/{id}/audit"), true,
             [this, requireSubscription](Request &r) {
                 if (requireSubscription(r) == Access::Viewer)
                     throw ApiException(403, QStringLiteral("forbidden"),
                                        QStringLiteral("Viewers cannot read the audit trail."));
                 return HttpReply::json(
                     200,
                     m_billing.auditTrail(r.params.at(0), PageRequest::fromQuery(r.http.query()))
                         .toJson());
             });

    // --- calls: admission, leases, history ---
    addRoute(Method::Post, QStringLiteral("/call"), true, [this](Request &r) {
        const CallRequest request = CallRequest::parse(r.http.body());
        const QString key = CallRequest::parseIdempotencyKey(r.header("Idempotency-Key"));
        const Admission::Started started = m_parts.admission.start(r.caller, request, key);
        HttpReply reply = HttpReply::json(started.status, started.body);
        if (started.replayed)
            reply.headers.append(qMakePair(QByteArray("Idempotent-Replayed"), QByteArray("true")));
        return reply;
    });
    addRoute(Method::Get, QStringLiteral("/call"), true, [this](Request &r) {
        HttpReply reply;
        reply.body =
            QJsonDocument(m_parts.admission.list(r.caller, parseCallListQuery(r.http.query())))
                .toJson(QJsonDocument::Compact);
        return reply;
    });
    addRoute(Method::Get, QStringLiteral("/call/{id}"), true, [this](Request &r) {
        return HttpReply::json(200, m_parts.admission.get(r.caller, r.params.at(0)).toJson());
    });
    addRoute(Method::Patch, QStringLiteral("/call/{id}"), true, [this](Request &r) {
        const UpdateCallBody body = parseUpdateCallBody(r.http.body());
        return HttpReply::json(200,
                               m_parts.admission.update(r.caller, r.params.at(0), body).toJson());
    });
    addRoute(Method::Delete, QStringLiteral("/call/{id}"), true, [this](Request &r) {
        const DeleteCallBody body = parseDeleteCallBody(r.http.body());
        // As the platform's DeleteCallDto says: `ids`, when given, names the calls instead of
        // the path (its answer is then the array of them).
        const QList<Call> deleted = m_parts.admission.remove(
            r.caller, body.ids.isEmpty() ? QStringList{r.params.at(0)} : body.ids, body.reason);
        if (body.ids.isEmpty())
            return HttpReply::json(200, deleted.first().toJson());
        QJsonArray all;
        for (const Call &call : deleted)
            all.append(call.toJson());
        HttpReply reply;
        reply.body = QJsonDocument(all).toJson(QJsonDocument::Compact);
        return reply;
    });
    addRoute(Method::Post, QStringLiteral("/call/{id}/heartbeat"), true, [this](Request &r) {
        return HttpReply::json(200, m_parts.admission.heartbeat(r.caller, r.params.at(0)).toJson());
    });
    addRoute(Method::Post, QStringLiteral("/call/{id}/end"), true, [this](Request &r) {
        const EndCallBody body = parseEndCallBody(r.http.body());
        return HttpReply::json(
            200, m_parts.admission.end(r.caller, r.params.at(0), body.reason).toJson());
    });
    addRoute(Method::Get, QStringLiteral("/subscription/{id}/calls"), true,
             [this, requireSubscription](Request &r) {
                 requireSubscription(r);
                 return HttpReply::json(
                     200,
                     {{QStringLiteral("results"), m_parts.admission.activeCalls(r.params.at(0))},
                      {QStringLiteral("leaseMs"), m_parts.admission.leaseMs()}});
             });
    addReport(Method::Get, QStringLiteral("/subscription/{id}/capacity-plan"),
              [](Request &r, ReportParts &p) {
                  const CapacityPlanParameters q = parseCapacityPlanQuery(r.http.query());
                  return HttpReply::json(200, p.planner.plan(r.caller, r.params.at(0), q).toJson());
              });
    addReport(Method::Post, QStringLiteral("/analytics"), [](Request &r, ReportParts &p) {
        HttpReply reply;
        reply.body = QJsonDocument(p.analytics.run(r.caller, parseAnalyticsBody(r.http.body())))
                         .toJson(QJsonDocument::Compact);
        return reply;
    });
    // --- alerts: rules, episodes, webhooks ---
    auto rulesReply = [](const QString &id, const AlertRules &rules) {
        HttpReply reply = HttpReply::json(200, rules.toJson(id));
        reply.headers.append(qMakePair(QByteArray("ETag"),
                                       QByteArray('"' + QByteArray::number(rules.version) + '"')));
        return reply;
    };
    addRoute(Method::Get, QStringLiteral("/subscription/{id}/alert-rules"), true,
             [this, requireSubscription, rulesReply](Request &r) {
                 requireSubscription(r);
                 return rulesReply(r.params.at(0), m_parts.alerts.rules(r.params.at(0)));
             });
    addRoute(Method::Put, QStringLiteral("/subscription/{id}/alert-rules"), true,
             [this, requireSubscription, rulesReply](Request &r) {
                 const Access a = requireSubscription(r);
                 if (a != Access::Admin)
                     throw ApiException(
                         403, QStringLiteral("forbidden"),
                         a == Access::Support
                             ? QStringLiteral("Support staff can read alert rules; the "
                                              "subscription's admins set them.")
                             : QStringLiteral("Viewers cannot change alert rules; ask an admin of "
                                              "the organization."));
                 const AlertRulesBody body = parseAlertRulesBody(r.http.body());
                 const IfMatch ifMatch = parseIfMatch(r.header("If-Match"));
                 const AlertRules rules =
                     m_parts.alerts.putRules(r.caller, r.params.at(0), body, ifMatch);
                 if (m_parts.onAlertRulesChanged)
                     m_parts.onAlertRulesChanged(r.params.at(0));
                 return rulesReply(r.params.at(0), rules);
             });
    addRoute(
        Method::Get, QStringLiteral("/subscription/{id}/alerts"), true,
        [this, requireSubscription](Request &r) {
            requireSubscription(r);
            const QUrlQuery query = r.http.query();
            const AlertListQuery q = parseAlertListQuery(query);
            return HttpReply::json(
                200,
                m_parts.alerts.list(r.params.at(0), q, PageRequest::fromQuery(query)).toJson());
        });
    // Webhooks: admins add and remove them; admins and support read them and their log.
    auto webhookAccess = [requireSubscription](Request &r, bool change) {
        const Access a = requireSubscription(r);
        if (a == Access::Admin || (a == Access::Support && !change))
            return;
        throw ApiException(403, QStringLiteral("forbidden"),
                           a == Access::Support
                               ? QStringLiteral("Support staff can read webhooks; the "
                                                "subscription's admins add and remove them.")
                               : QStringLiteral("Only admins of the organization can see and "
                                                "change its webhooks."));
    };
    addRoute(Method::Post, QStringLiteral("/subscription/{id}/webhooks"), true,
             [this, webhookAccess](Request &r) {
                 webhookAccess(r, true);
                 const WebhookBody body =
                     parseWebhookBody(r.http.body(), m_parts.allowPrivateWebhooks);
                 return HttpReply::json(201, m_parts.webhooks.add(r.caller, r.params.at(0), body));
             });
    addRoute(Method::Get, QStringLiteral("/subscription/{id}/webhooks"), true,
             [this, webhookAccess](Request &r) {
                 webhookAccess(r, false);
                 return HttpReply::json(200, m_parts.webhooks.list(r.params.at(0)));
             });
    addRoute(Method::Delete, QStringLiteral("/subscription/{id}/webhooks/{webhookId}"), true,
             [this, webhookAccess](Request &r) {
                 webhookAccess(r, true);
                 m_parts.webhooks.remove(r.params.at(0), r.params.at(1));
                 return HttpReply::json(200, {{QStringLiteral("id"), r.params.at(1)},
                                              {QStringLiteral("removed"), true}});
             });
    addRoute(Method::Get, QStringLiteral("/subscription/{id}/webhooks/{webhookId}/deliveries"),
             true, [this, webhookAccess](Request &r) {
                 webhookAccess(r, false);
                 return HttpReply::json(200, m_parts.webhooks
                                                 .deliveries(r.params.at(0), r.params.at(1),
                                                             PageRequest::fromQuery(r.http.query()))
                                                 .toJson());
             });
    // A plain GET of the live feed: the upgrade itself is taken in headerReceived().
    addRoute(Method::Get, QStringLiteral("/live"), true, [](Request &) -> HttpReply {
        throw ApiException(426, QStringLiteral("upgrade-required"),
                           QStringLiteral("GET /live is a WebSocket: send Upgrade: websocket."));
    });
}

} // namespace linedesk::server
