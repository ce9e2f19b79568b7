#include "apiclient.h"

#include "uilanguage.h"

#include "jsonutil.h"
#include "logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>
#include <QUuid>

namespace linedesk {

namespace {

ApiError networkError(QNetworkReply *reply, int timeoutMs)
{
    ApiError e;
    e.statusCode = 0;
    if (reply->error() == QNetworkReply::OperationCanceledError ||
        reply->error() == QNetworkReply::TimeoutError) {
        e.code = QStringLiteral("timeout");
        e.error = QStringLiteral("Timeout");
        e.message = ApiClient::tr("The service did not answer within %1 seconds.")
                        .arg(timeoutMs / 1000.0, 0, 'g', 3);
    } else {
        e.code = QStringLiteral("network-error");
        e.error = QStringLiteral("Network Error");
        const QUrl url = reply->url();
        e.message = ApiClient::tr("Cannot reach the Linedesk service at %1:%2 (%3).")
                        .arg(url.host())
                        .arg(url.port())
                        .arg(reply->errorString());
    }
    return e;
}

template <typename T> std::optional<QList<T>> parseList(const QJsonArray &array)
{
    QList<T> list;
    list.reserve(array.size());
    for (const QJsonValue &v : array) {
        if (!v.isObject())
            return std::nullopt;
        list.append(T::fromJson(v.toObject()));
    }
    return list;
}

template <typename T> std::optional<ApiPage<T>> parsePage(const QJsonDocument &doc)
{
    if (!doc.isObject() || !doc.object().value(QLatin1String("results")).isArray())
        return std::nullopt;
    const auto list = parseList<T>(doc.object().value(QLatin1String("results")).toArray());
    if (!list)
        return std::nullopt;
    ApiPage<T> page{*list, doc.object().value(QLatin1String("nextCursor")).toString()};
    page.total = doc.object().value(QLatin1String("total")).toInt(-1);
    page.totalCapped = doc.object().value(QLatin1String("totalCapped")).toBool();
    return page;
}

template <typename T> std::optional<T> parseObject(const QJsonDocument &doc)
{
    if (!doc.isObject())
        return std::nullopt;
    return T::fromJson(doc.object());
}

} // namespace

ApiClient::ApiClient(QObject *parent) : QObject(parent)
{
    m_network.setAutoDeleteReplies(false);
}

ApiClient::~ApiClient() = default;

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

void ApiClient::setToken(const QString &token)
{
    m_token = token;
}

void ApiClient::setRetryPolicy(int maxRetries, int firstDelayMs)
{
    m_maxRetries = qMax(0, maxRetries);
    m_firstRetryDelayMs = qMax(0, firstDelayMs);
}

QString ApiClient::newIdempotencyKey()
{
    return QStringLiteral("ld-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void ApiClient::send(std::shared_ptr<Call> call)
{
    QUrl url = m_baseUrl;
    url.setPath(call->path);
    url.setQuery(call->query);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    if (!call->body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!call->idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", call->idempotencyKey);
    if (!call->ifMatch.isEmpty())
        request.setRawHeader("If-Match", call->ifMatch);
    // Our own retries decide what is safe to repeat; Qt must not replay a write by itself.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);

    ++m_inFlight;
    ++call->attempt;
    Q_EMIT requestSent(call->method, call->path, call->idempotencyKey);
    qCDebug(lcApi).noquote() << call->method << url.toString() << "attempt" << call->attempt;
    QNetworkReply *reply = call->method == "GET"
                               ? m_network.get(request)
                               : m_network.sendCustomRequest(request, call->method, call->body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, call] { finished(reply, call); });
}

void ApiClient::finished(QNetworkReply *reply, std::shared_ptr<Call> call)
{
    reply->deleteLater();
    --m_inFlight;

    Raw raw;
    raw.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (raw.status == 0) {
        raw.error = networkError(reply, m_timeoutMs);
        qCInfo(lcApi).noquote() << call->method << call->path << "failed:" << raw.error.message;
        if (call->retryable && call->attempt <= m_maxRetries) {
            const int delay = m_firstRetryDelayMs * (1 << (call->attempt - 1));
            QTimer::singleShot(delay, this, [this, call] {
                if (call->context)
                    send(call);
            });
            return;
        }
        Q_EMIT unreachable(raw.error.message);
        if (call->context)
            call->done(raw);
        return;
    }

    Q_EMIT reachable();
    raw.body = reply->readAll();
    raw.replayed =
        reply->rawHeader("Idempotent-Replayed").compare("true", Qt::CaseInsensitive) == 0;
    if (raw.status < 200 || raw.status >= 300) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(raw.body, &parseError);
        if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
            raw.error = ApiError::fromJson(doc.object());
            // The alerts contract writes errors as {"error": {"code", "message"}}; the
            // service's usual body is flat. Either is read.
            const QJsonValue nested = doc.object().value(QLatin1String("error"));
            if (nested.isObject()) {
                const ApiError inner = ApiError::fromJson(nested.toObject());
                raw.error.error.clear();
                raw.error.code = inner.code;
                raw.error.message = inner.message;
            }
        }
        raw.error.statusCode = raw.status;
        if (raw.error.error.isEmpty())
            raw.error.error = ApiError::reasonPhrase(raw.status);
        // In English the service's detailed words; in German the console's for the code.
        raw.error.message = UiLanguage::errorText(raw.error.code, raw.error.message);
        if (raw.error.message.isEmpty())
            raw.error.message =
                tr("The service answered %1 %2.").arg(raw.status).arg(raw.error.error);
        qCInfo(lcApi).noquote() << call->method << call->path << raw.status << raw.error.code;
        if (raw.status == 401)
            Q_EMIT unauthorized(raw.error);
    }
    if (call->context)
        call->done(raw);
}

template <typename T>
void ApiClient::request(QObject *context, std::shared_ptr<Call> call, Callback<T> done,
                        std::function<std::optional<T>(const QJsonDocument &)> parse)
{
    call->context = context;
    call->done = [done = std::move(done), parse = std::move(parse)](const Raw &raw) {
        ApiResult<T> result;
        result.replayed = raw.replayed;
        if (raw.status < 200 || raw.status >= 300) {
            result.error = raw.error;
            done(result);
            return;
        }
        QJsonParseError parseError{};
        // No body at all (204): the parser decides whether that is an answer.
        const QJsonDocument doc = raw.body.trimmed().isEmpty()
                                      ? QJsonDocument()
                                      : QJsonDocument::fromJson(raw.body, &parseError);
        if (parseError.error == QJsonParseError::NoError)
            result.value = parse(doc);
        if (!result.value) {
            result.error = {raw.status, QStringLiteral("Bad Response"),
                            ApiClient::tr("The service sent an answer the console cannot read."),
                            QStringLiteral("bad-response")};
            qCWarning(lcApi) << "unreadable answer:" << parseError.errorString();
        }
        done(result);
    };
    send(std::move(call));
}

void ApiClient::health(QObject *context, Callback<bool> done)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/health");
    call->retryable = false; // the reconnect loop has its own backoff
    request<bool>(
        context, call, std::move(done), [](const QJsonDocument &doc) -> std::optional<bool> {
            if (!doc.isObject())
                return std::nullopt;
            return doc.object().value(QLatin1String("status")).toString() == QLatin1String("ok");
        });
}

void ApiClient::me(QObject *context, Callback<Identity> done)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/me");
    call->retryable = true;
    request<Identity>(context, call, std::move(done), parseObject<Identity>);
}

void ApiClient::subscription(QObject *context, const QString &id, Callback<Subscription> done)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription/%1").arg(id);
    call->retryable = true;
    request<Subscription>(context, call, std::move(done), parseObject<Subscription>);
}

void ApiClient::previewLines(QObject *context, const QString &subscriptionId, int quantity,
                             Callback<LinePreview> done)
{
    auto call = std::make_shared<Call>();
    call->method = "POST";
    call->path = QStringLiteral("/subscription/%1/concurrency/preview").arg(subscriptionId);
    call->body = QJsonDocument(QJsonObject{{QStringLiteral("quantity"), quantity}})
                     .toJson(QJsonDocument::Compact);
    call->retryable = true; // a quote changes nothing
    // The refusal the quote carries is the service's English; shown in the UI language.
    request<LinePreview>(
        context, call, std::move(done), [](const QJsonDocument &doc) -> std::optional<LinePreview> {
            auto p = parseObject<LinePreview>(doc);
            if (p && !p->refusalCode.isEmpty())
                p->refusalMessage = UiLanguage::errorText(p->refusalCode, p->refusalMessage);
            return p;
        });
}

void ApiClient::changeLines(QObject *context, const QString &subscriptionId, int quantity,
                            const QString &idempotencyKey, qint64 ifMatchVersion,
                            Callback<LineChangeOutcome> done)
{
    Q_ASSERT(quantity != 0);
    auto call = std::make_shared<Call>();
    call->method = quantity > 0 ? "POST" : "DELETE";
    call->path = QStringLiteral("/subscription/%1/concurrency").arg(subscriptionId);
    call->body = QJsonDocument(QJsonObject{{QStringLiteral("quantity"), qAbs(quantity)}})
                     .toJson(QJsonDocument::Compact);
    call->idempotencyKey = idempotencyKey.toUtf8();
    if (ifMatchVersion >= 0)
        call->ifMatch = '"' + QByteArray::number(ifMatchVersion) + '"';
    // Safe to repeat only because the key makes the service charge once.
    call->retryable = !idempotencyKey.isEmpty();
    request<LineChangeOutcome>(
        context, call, std::move(done),
        [](const QJsonDocument &doc) -> std::optional<LineChangeOutcome> {
            const QJsonObject o = doc.object();
            if (!o.value(QLatin1String("change")).isObject() ||
                !o.value(QLatin1String("subscription")).isObject())
                return std::nullopt;
            return LineChangeOutcome{
                LineChange::fromJson(o.value(QLatin1String("change")).toObject()),
                Subscription::fromJson(o.value(QLatin1String("subscription")).toObject())};
        });
}

void ApiClient::lineChanges(QObject *context, const QString &subscriptionId, const QString &cursor,
                            Callback<ApiPage<LineChange>> done, int limit)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription/%1/concurrency/changes").arg(subscriptionId);
    call->query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!cursor.isEmpty())
        call->query.addQueryItem(QStringLiteral("cursor"), cursor);
    call->retryable = true;
    request<ApiPage<LineChange>>(context, call, std::move(done), parsePage<LineChange>);
}

void ApiClient::auditTrail(QObject *context, const QString &subscriptionId, const QString &cursor,
                           Callback<ApiPage<AuditEntry>> done, int limit)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription/%1/audit").arg(subscriptionId);
    call->query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!cursor.isEmpty())
        call->query.addQueryItem(QStringLiteral("cursor"), cursor);
    call->retryable = true;
    request<ApiPage<AuditEntry>>(context, call, std::move(done), parsePage<AuditEntry>);
}

void ApiClient::searchSubscriptions(QObject *context, const SubscriptionQuery &query,
                                    const QString &cursor,
                                    Callback<ApiPage<SubscriptionSummary>> done, int limit)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription");
    if (!query.search.isEmpty())
        call->query.addQueryItem(QStringLiteral("search"), query.search);
    if (!query.filters.isEmpty())
        call->query.addQueryItem(QStringLiteral("filter"), query.filters.join(QLatin1Char(',')));
    if (!query.type.isEmpty())
        call->query.addQueryItem(QStringLiteral("type"), query.type);
    if (!query.sort.isEmpty())
        call->query.addQueryItem(QStringLiteral("sort"), query.sort);
    call->query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!cursor.isEmpty())
        call->query.addQueryItem(QStringLiteral("cursor"), cursor);
    call->retryable = true;
    request<ApiPage<SubscriptionSummary>>(context, call, std::move(done),
                                          parsePage<SubscriptionSummary>);
}

void ApiClient::subscriptionMembers(QObject *context, const QString &subscriptionId,
                                    Callback<QList<OrgMembers>> done)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription/%1/members").arg(subscriptionId);
    call->retryable = true;
    request<QList<OrgMembers>>(
        context, call, std::move(done),
        [](const QJsonDocument &doc) -> std::optional<QList<OrgMembers>> {
            if (!doc.isObject() || !doc.object().value(QLatin1String("results")).isArray())
                return std::nullopt;
            return parseList<OrgMembers>(doc.object().value(QLatin1String("results")).toArray());
        });
}

void ApiClient::activeCalls(QObject *context, const QString &subscriptionId,
                            Callback<ActiveCalls> done)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription/%1/calls").arg(subscriptionId);
    call->retryable = true;
    request<ActiveCalls>(
        context, call, std::move(done), [](const QJsonDocument &doc) -> std::optional<ActiveCalls> {
            if (!doc.isObject() || !doc.object().value(QLatin1String("results")).isArray())
                return std::nullopt;
            const auto calls =
                parseList<linedesk::Call>(doc.object().value(QLatin1String("results")).toArray());
            if (!calls)
                return std::nullopt;
            return ActiveCalls{*calls, json::toInt64(doc.object().value(QLatin1String("leaseMs")))};
        });
}

void ApiClient::endCall(QObject *context, const QString &callId, const QString &reason,
                        Callback<linedesk::Call> done)
{
    auto call = std::make_shared<Call>();
    call->method = "POST";
    call->path = QStringLiteral("/call/%1/end").arg(callId);
    call->body = QJsonDocument(QJsonObject{{QStringLiteral("reason"), reason}})
                     .toJson(QJsonDocument::Compact);
    // Not retried by us: a write without an Idempotency-Key. (Ending twice frees nothing twice,
    // so the user's own "try again" is safe.)
    call->retryable = false;
    request<linedesk::Call>(context, call, std::move(done), parseObject<linedesk::Call>);
}

void ApiClient::usageHistory(QObject *context, const QString &subscriptionId, const QDateTime &from,
                             const QDateTime &to, const QString &step,
                             Callback<QList<UsageBucket>> done)
{
    auto call = std::make_shared<Call>();
    call->method = "POST";
    call->path = QStringLiteral("/analytics");
    auto op = [](const char *operation, const char *column, const char *alias) {
        return QJsonObject{{QStringLiteral("operation"), QLatin1String(operation)},
                           {QStringLiteral("column"), QLatin1String(column)},
                           {QStringLiteral("alias"), QLatin1String(alias)}};
    };
    const QJsonObject query{
        {QStringLiteral("name"), QStringLiteral("concurrency")},
        {QStringLiteral("table"), QStringLiteral("subscription")},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("timeRange"),
         QJsonObject{{QStringLiteral("start"), from.toUTC().toString(Qt::ISODate)},
                     {QStringLiteral("end"), to.toUTC().toString(Qt::ISODate)},
                     {QStringLiteral("step"), step}}},
        // max, not a sample: a one-second peak must survive an hour-long bucket.
        {QStringLiteral("operations"),
         QJsonArray{op("max", "concurrency", "maxActive"), op("avg", "concurrency", "avgActive"),
                    op("sum", "blocked", "blocked")}},
    };
    call->body = QJsonDocument(QJsonObject{{QStringLiteral("queries"), QJsonArray{query}}})
                     .toJson(QJsonDocument::Compact);
    call->retryable = true; // a read, though it is a POST
    request<QList<UsageBucket>>(
        context, call, std::move(done),
        [](const QJsonDocument &doc) -> std::optional<QList<UsageBucket>> {
            if (!doc.isArray() || doc.array().isEmpty() || !doc.array().at(0).isObject())
                return std::nullopt;
            const QJsonValue rows = doc.array().at(0).toObject().value(QLatin1String("result"));
            if (!rows.isArray())
                return std::nullopt;
            QList<UsageBucket> buckets;
            buckets.reserve(rows.toArray().size());
            for (const QJsonValue &v : rows.toArray()) {
                const QJsonObject r = v.toObject();
                const QDateTime at = QDateTime::fromString(
                    r.value(QLatin1String("date")).toString(), Qt::ISODateWithMs);
                if (!at.isValid())
                    return std::nullopt;
                buckets.append({at.toMSecsSinceEpoch(), r.value(QLatin1String("maxActive")).toInt(),
                                r.value(QLatin1String("avgActive")).toDouble(),
                                r.value(QLatin1String("blocked")).toInt()});
            }
            return buckets;
        });
}

void ApiClient::capacityPlan(QObject *context, const QString &subscriptionId, const QDateTime &from,
                             const QDateTime &to, double target, Callback<CapacityPlan> done)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription/%1/capacity-plan").arg(subscriptionId);
    if (from.isValid())
        call->query.addQueryItem(QStringLiteral("from"), json::isoTime(from));
    if (to.isValid())
        call->query.addQueryItem(QStringLiteral("to"), json::isoTime(to));
    call->query.addQueryItem(QStringLiteral("target"), QString::number(target, 'g', 6));
    call->retryable = true;
    request<CapacityPlan>(context, call, std::move(done),
                          [](const QJsonDocument &doc) -> std::optional<CapacityPlan> {
                              if (!doc.isObject() ||
                                  !doc.object().value(QLatin1String("options")).isArray())
                                  return std::nullopt;
                              return CapacityPlan::fromJson(doc.object());
                          });
}

void ApiClient::alertRules(QObject *context, const QString &subscriptionId,
                           Callback<AlertRules> done)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription/%1/alert-rules").arg(subscriptionId);
    call->retryable = true;
    request<AlertRules>(context, call, std::move(done), parseObject<AlertRules>);
}

void ApiClient::putAlertRules(QObject *context, const QString &subscriptionId,
                              const AlertRules &rules, qint64 ifMatchVersion,
                              Callback<AlertRules> done)
{
    auto call = std::make_shared<Call>();
    call->method = "PUT";
    call->path = QStringLiteral("/subscription/%1/alert-rules").arg(subscriptionId);
    call->body = QJsonDocument(rules.toPutJson()).toJson(QJsonDocument::Compact);
    if (ifMatchVersion >= 0)
        call->ifMatch = '"' + QByteArray::number(ifMatchVersion) + '"';
    // Not retried: had the first attempt landed, a repeat would only meet its own new
    // version (412) and tell the user someone else changed the rules.
    call->retryable = false;
    request<AlertRules>(context, call, std::move(done), parseObject<AlertRules>);
}

void ApiClient::alerts(QObject *context, const QString &subscriptionId, const AlertQuery &query,
                       const QString &cursor, Callback<ApiPage<Alert>> done, int limit)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription/%1/alerts").arg(subscriptionId);
    if (!query.state.isEmpty())
        call->query.addQueryItem(QStringLiteral("state"), query.state);
    if (!query.kind.isEmpty())
        call->query.addQueryItem(QStringLiteral("kind"), query.kind);
    call->query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!cursor.isEmpty())
        call->query.addQueryItem(QStringLiteral("cursor"), cursor);
    call->retryable = true;
    request<ApiPage<Alert>>(context, call, std::move(done), parsePage<Alert>);
}

void ApiClient::webhooks(QObject *context, const QString &subscriptionId,
                         Callback<QList<Webhook>> done)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path = QStringLiteral("/subscription/%1/webhooks").arg(subscriptionId);
    call->retryable = true;
    request<QList<Webhook>>(
        context, call, std::move(done),
        [](const QJsonDocument &doc) -> std::optional<QList<Webhook>> {
            if (!doc.isObject() || !doc.object().value(QLatin1String("results")).isArray())
                return std::nullopt;
            return parseList<Webhook>(doc.object().value(QLatin1String("results")).toArray());
        });
}

void ApiClient::addWebhook(QObject *context, const QString &subscriptionId, const QString &url,
                           const QString &secret, Callback<Webhook> done)
{
    auto call = std::make_shared<Call>();
    call->method = "POST";
    call->path = QStringLiteral("/subscription/%1/webhooks").arg(subscriptionId);
    call->body =
        QJsonDocument(QJsonObject{{QStringLiteral("url"), url}, {QStringLiteral("secret"), secret}})
            .toJson(QJsonDocument::Compact);
    call->retryable = false; // a repeat after a lost answer would meet 409 webhook-exists
    request<Webhook>(context, call, std::move(done), parseObject<Webhook>);
}

void ApiClient::removeWebhook(QObject *context, const QString &subscriptionId,
                              const QString &webhookId, Callback<bool> done)
{
    auto call = std::make_shared<Call>();
    call->method = "DELETE";
    call->path = QStringLiteral("/subscription/%1/webhooks/%2").arg(subscriptionId, webhookId);
    call->retryable = false; // a repeat after a lost answer would meet 404
    request<bool>(context, call, std::move(done),
                  [](const QJsonDocument &) -> std::optional<bool> { return true; });
}

void ApiClient::webhookDeliveries(QObject *context, const QString &subscriptionId,
                                  const QString &webhookId, const QString &cursor,
                                  Callback<ApiPage<WebhookDelivery>> done, int limit)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->path =
        QStringLiteral("/subscription/%1/webhooks/%2/deliveries").arg(subscriptionId, webhookId);
    call->query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!cursor.isEmpty())
        call->query.addQueryItem(QStringLiteral("cursor"), cursor);
    call->retryable = true;
    request<ApiPage<WebhookDelivery>>(context, call, std::move(done), parsePage<WebhookDelivery>);
}

} // namespace linedesk
