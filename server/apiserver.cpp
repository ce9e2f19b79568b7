#include "apiserver.h"

#include "accounts.h"
#include "admission.h"
#include "analytics.h"
#include "apiexception.h"
#include "billing.h"
#include "callrequest.h"
#include "database.h"
#include "inspector.h"
#include "livefeed.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>

#include <cmath>

Q_LOGGING_CATEGORY(lcHttp, "linedesk.server.http", QtInfoMsg)

namespace linedesk::server {

using Method = QHttpServerRequest::Method;

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
    // "req_" and 24 hex digits (96 random bits), formatted by hand: this runs on every request.
    static constexpr char digits[] = "0123456789abcdef";
    const quint64 high = QRandomGenerator::system()->generate64();
    const quint32 low = QRandomGenerator::system()->generate();
    char id[28] = {'r', 'e', 'q', '_'};
    for (int i = 0; i < 16; ++i)
        id[4 + i] = digits[(high >> (60 - 4 * i)) & 0xf];
    for (int i = 0; i < 8; ++i)
        id[20 + i] = digits[(low >> (28 - 4 * i)) & 0xf];
    return QString::fromLatin1(id, sizeof id);
}

HttpReply errorReply(const ApiError &e)
{
    return HttpReply::json(e.statusCode, e.toJson());
}

[[noreturn]] void badRequest(const QString &code, const QString &message)
{
    throw ApiException(400, code, message);
}

} // namespace

HttpReply HttpReply::json(int status, const QJsonObject &body)
{
    return {status, QJsonDocument(body).toJson(QJsonDocument::Compact), {}};
}

QByteArray ApiServer::Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : http.headers())
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

ApiServer::ApiServer(Parts parts, QObject *parent)
    : QAbstractHttpServer(parent), m_parts(parts), m_accounts(parts.accounts),
      m_billing(parts.billing)
{
    registerRoutes();
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &ApiServer::takeLiveSockets);
}

bool ApiServer::isLiveUpgrade(const QHttpServerRequest &request) const
{
    if (request.url().path() != QLatin1String("/live"))
        return false;
    for (const auto &[key, value] : request.headers())
        if (key.compare("Upgrade", Qt::CaseInsensitive) == 0)
            return value.compare("websocket", Qt::CaseInsensitive) == 0;
    return false;
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
    while (hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = nextPendingWebSocketConnection();
        if (!socket)
            break;
        // The upgrade was authenticated in handleRequest(); read the token again from the
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
        m_parts.live.accept(std::move(socket), *caller);
    }
}

void ApiServer::addRoute(Method method, const QString &path, bool authenticated, Handler handler)
{
    m_routes.append({method, path.split(QLatin1Char('/'), Qt::SkipEmptyParts), authenticated,
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

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QElapsedTimer timer;
    timer.start();
    if (isLiveUpgrade(request)) {
        // Accept the upgrade only with a valid token; otherwise answer 401 here and tell
        // the base class (which then calls missingHandler) that we did not take it.
        std::optional<Caller> caller;
        try {
            for (const auto &[key, value] : request.headers())
                if (key.compare("Authorization", Qt::CaseInsensitive) == 0)
                    caller = authenticate(value);
        } catch (const DatabaseException &e) {
            qCWarning(lcHttp).noquote() << "live feed sign-in failed:" << e.message();
        }
        if (caller) {
            // Live messages are small and must leave at once: without this, Nagle holds a
            // sample until the previous message's (delayed, ~40 ms) ACK comes back.
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            return true;
        }
        const QByteArray body =
            QJsonDocument(
                ApiError{401,
                         {},
                         QStringLiteral("Sign in: send "
                                        "Authorization: Bearer <token> with the upgrade request."),
                         QStringLiteral("unauthorized")}
                    .toJson())
                .toJson(QJsonDocument::Compact);
        QHttpServerResponder responder = makeResponder(request, socket);
        responder.writeStatusLine(QHttpServerResponder::StatusCode::Unauthorized);
        responder.writeHeader("Content-Type", "application/json");
        responder.writeHeader("Content-Length", QByteArray::number(body.size()));
        responder.writeHeader("WWW-Authenticate", "Bearer");
        responder.writeBody(body);
        m_answered.insert(socket);
        return false;
    }
    QString requestId;
    for (const auto &[key, value] : request.headers())
        if (key.compare("X-Request-Id", Qt::CaseInsensitive) == 0)
            requestId = QString::fromLatin1(value);
    static const QRegularExpression validId(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (requestId.isEmpty() || !validId.match(requestId).hasMatch())
        requestId = newRequestId();

    // Answers go out as soon as they are written: no Nagle delay on small JSON replies. Once
    // per connection (a system call), not once per request on a keep-alive connection.
    static const char lowDelaySet[] = "linedesk.lowDelay";
    if (!socket->property(lowDelaySet).isValid()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket->setProperty(lowDelaySet, true);
    }
    HttpReply reply;
    try {
        reply = dispatch(request, requestId);
    } catch (const ApiException &e) {
        reply = errorReply(e.error());
    } catch (const DatabaseException &e) {
        qCWarning(lcHttp).noquote() << "request" << requestId << "failed:" << e.message();
        reply = errorReply({500,
                            {},
                            QStringLiteral("The service could not complete the request "
                                           "(request %1). Nothing was changed.")
                                .arg(requestId),
                            QStringLiteral("internal-error")});
    } catch (const std::exception &e) {
        qCWarning(lcHttp).noquote() << "request" << requestId << "failed:" << e.what();
        reply = errorReply({500,
                            {},
                            QStringLiteral("Internal error (request %1).").arg(requestId),
                            QStringLiteral("internal-error")});
    }

    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    responder.writeHeader("Content-Type", "application/json");
    responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    responder.writeHeader("X-Request-Id", requestId.toLatin1());
    for (const auto &[key, value] : reply.headers)
        responder.writeHeader(key, value);
    responder.writeBody(reply.body);
    qCDebug(lcHttp).noquote() << methodName(request.method()) << request.url().path()
                              << reply.status << timer.elapsed() << "ms" << requestId;
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (m_answered.remove(socket))
        return;
    // Only reached for requests handleRequest() declined (none today); answer in our format.
    QHttpServerResponder responder = makeResponder(request, socket);
    const QByteArray body =
        QJsonDocument(
            ApiError{404, {}, QStringLiteral("No such route."), QStringLiteral("route-not-found")}
                .toJson())
            .toJson(QJsonDocument::Compact);
    responder.write(body, "application/json", QHttpServerResponder::StatusCode::NotFound);
}

HttpReply ApiServer::dispatch(const QHttpServerRequest &request, const QString &requestId)
{
    const QStringList segments = request.url().path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const Route *match = nullptr;
    QStringList params;
    QByteArrayList allowed;
    for (const Route &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        QStringList captured;
        bool same = true;
        for (qsizetype i = 0; i < segments.size() && same; ++i) {
            if (route.segments.at(i) == QLatin1String("{id}"))
                captured << segments.at(i);
            else
                same = route.segments.at(i) == segments.at(i);
        }
        if (!same)
            continue;
        allowed << methodName(route.method);
        if (route.method == request.method()) {
            match = &route;
            params = captured;
        }
    }
    if (!match) {
        if (allowed.isEmpty())
            throw ApiException(
                404, QStringLiteral("route-not-found"),
                QStringLiteral("There is no %1 route.").arg(request.url().path().left(200)));
        HttpReply reply = errorReply(
            {405,
             {},
             QStringLiteral("Use %1 on this route.").arg(QString::fromLatin1(allowed.join(", "))),
             QStringLiteral("method-not-allowed")});
        reply.headers.append(qMakePair(QByteArray("Allow"), QByteArray(allowed.join(", "))));
        return reply;
    }
    if (request.body().size() > kMaxBodyBytes)
        throw ApiException(
            413, QStringLiteral("body-too-large"),
            QStringLiteral("The request body is larger than %1 KiB.").arg(kMaxBodyBytes / 1024));

    Request r{request, params, {}};
    if (match->authenticated) {
        const QByteArray authorization = r.header("Authorization");
        const auto caller = authenticate(authorization);
        if (!caller) {
            HttpReply reply = errorReply(
                {401,
                 {},
                 authorization.isEmpty()
                     ? QStringLiteral("Sign in: send Authorization: Bearer <token>.")
                     : QStringLiteral("The token is not valid. Ask an operator for a new one."),
                 QStringLiteral("unauthorized")});
            reply.headers.append(qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer")));
            return reply;
        }
        r.caller = *caller;
    }
    r.caller.requestId = requestId;
    return match->handler(r);
}

QJsonObject ApiServer::parseQuantityBody(const QHttpServerRequest &request)
{
    const QJsonObject body = parseObjectBody(request, false,
                                             QStringLiteral("The body must be a JSON object like "
                                                            "{\"quantity\": 1}."));
    for (auto it = body.begin(); it != body.end(); ++it)
        if (it.key() != QLatin1String("quantity"))
            badRequest(QStringLiteral("unknown-field"),
                       QStringLiteral("Unknown field \"%1\": the body takes only \"quantity\".")
                           .arg(it.key().left(100)));
    return body;
}

int ApiServer::parseQuantity(const QJsonObject &body, bool allowNegative)
{
    const QJsonValue v = body.value(QLatin1String("quantity"));
    const QString range = allowNegative ? QStringLiteral("a whole number from -1000 to 1000, not 0")
                                        : QStringLiteral("a whole number from 1 to 1000");
    if (v.isUndefined())
        badRequest(QStringLiteral("missing-quantity"),
                   QStringLiteral("quantity is required: %1").arg(range));
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || std::isnan(d) || std::floor(d) != d || std::fabs(d) > 1000 || d == 0 ||
        (!allowNegative && d < 0))
        badRequest(QStringLiteral("invalid-quantity"),
                   QStringLiteral("quantity must be %1").arg(range));
    return int(d);
}

QJsonObject ApiServer::parseObjectBody(const QHttpServerRequest &request, bool emptyIsObject,
                                       const QString &notAnObjectMessage)
{
    if (emptyIsObject && request.body().trimmed().isEmpty())
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError)
        badRequest(QStringLiteral("malformed-json"),
                   QStringLiteral("The body is not valid JSON (%1 at offset %2).")
                       .arg(error.errorString())
                       .arg(error.offset));
    if (!doc.isObject())
        badRequest(QStringLiteral("invalid-body"),
                   notAnObjectMessage.isEmpty() ? QStringLiteral("The body must be a JSON object.")
                                                : notAnObjectMessage);
    return doc.object();
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
    const QJsonObject body = parseQuantityBody(r.http);
    const int quantity = parseQuantity(body, false) * sign;

    const QString key = QString::fromUtf8(r.header("Idempotency-Key")).trimmed();
    static const QRegularExpression validKey(QStringLiteral("^[\\x21-\\x7E]{1,255}$"));
    if (key.isEmpty())
        throw ApiException(400, QStringLiteral("idempotency-key-required"),
                           QStringLiteral("Send an Idempotency-Key header (a new random value per "
                                          "change, the same one when retrying it)."));
    if (!validKey.match(key).hasMatch())
        badRequest(QStringLiteral("invalid-idempotency-key"),
                   QStringLiteral("Idempotency-Key must be 1 to 255 printable ASCII characters."));

    std::optional<qint64> ifMatch;
    const QByteArray ifMatchHeader = r.header("If-Match").trimmed();
    if (!ifMatchHeader.isEmpty() && ifMatchHeader != "*") {
        // Quoted as an ETag, or bare; a quote on one side only is malformed.
        static const QRegularExpression etag(QStringLiteral("^(W/)?(\"?)([0-9]{1,18})\\2$"));
        const auto m = etag.match(QString::fromLatin1(ifMatchHeader));
        if (!m.hasMatch())
            badRequest(QStringLiteral("invalid-if-match"),
                       QStringLiteral("If-Match must be the subscription's ETag, e.g. \"12\"."));
        ifMatch = m.captured(3).toLongLong();
    }

    const QByteArray requestHash =
        QCryptographicHash::hash(methodName(r.http.method()) + ' ' + r.http.url().path().toUtf8() +
                                     '\n' + QJsonDocument(body).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha256)
            .toHex();
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

    addRoute(Method::Get, QStringLiteral("/subscription"), true, [this](Request &r) {
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
        return HttpReply::json(200,
                               m_parts.inspector.search(q, PageRequest::fromQuery(query)).toJson());
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
                     parseQuantity(parseQuantityBody(r.http), /*allowNegative=*/true);
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
        reply.body = QJsonDocument(m_parts.admission.list(r.caller, r.http.query()))
                         .toJson(QJsonDocument::Compact);
        return reply;
    });
    addRoute(Method::Get, QStringLiteral("/call/{id}"), true, [this](Request &r) {
        return HttpReply::json(200, m_parts.admission.get(r.caller, r.params.at(0)).toJson());
    });
    addRoute(Method::Post, QStringLiteral("/call/{id}/heartbeat"), true, [this](Request &r) {
        return HttpReply::json(200, m_parts.admission.heartbeat(r.caller, r.params.at(0)).toJson());
    });
    addRoute(Method::Post, QStringLiteral("/call/{id}/end"), true, [this](Request &r) {
        const QJsonObject body = parseObjectBody(r.http, true);
        const QJsonValue reason = body.value(QLatin1String("reason"));
        if (!reason.isUndefined() && !reason.isNull() && !reason.isString())
            badRequest(QStringLiteral("invalid-reason"), QStringLiteral("reason must be a string"));
        return HttpReply::json(
            200, m_parts.admission.end(r.caller, r.params.at(0), reason.toString()).toJson());
    });
    addRoute(Method::Get, QStringLiteral("/subscription/{id}/calls"), true,
             [this, requireSubscription](Request &r) {
                 requireSubscription(r);
                 return HttpReply::json(
                     200,
                     {{QStringLiteral("results"), m_parts.admission.activeCalls(r.params.at(0))},
                      {QStringLiteral("leaseMs"), m_parts.admission.leaseMs()}});
             });
    addRoute(Method::Post, QStringLiteral("/analytics"), true, [this](Request &r) {
        HttpReply reply;
        reply.body = QJsonDocument(m_parts.analytics.run(r.caller, parseObjectBody(r.http, false)))
                         .toJson(QJsonDocument::Compact);
        return reply;
    });
    // A plain GET of the live feed: the upgrade itself is taken in handleRequest().
    addRoute(Method::Get, QStringLiteral("/live"), true, [](Request &) -> HttpReply {
        throw ApiException(426, QStringLiteral("upgrade-required"),
                           QStringLiteral("GET /live is a WebSocket: send Upgrade: websocket."));
    });
}

} // namespace linedesk::server
