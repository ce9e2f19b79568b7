#pragma once

#include "alert.h"
#include "apierror.h"
#include "auditentry.h"
#include "call.h"
#include "capacityplan.h"
#include "identity.h"
#include "linechange.h"
#include "linepreview.h"
#include "orgmembers.h"
#include "subscription.h"
#include "subscriptionsummary.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>

namespace linedesk {

// A typed answer: the value, or the service's error (statusCode 0: no HTTP answer at all —
// the network failed or the transfer timed out).
template <typename T> struct ApiResult
{
    std::optional<T> value;
    ApiError error;
    bool replayed = false; // Idempotent-Replayed: true (a retry answered from the first time)

    bool ok() const { return value.has_value(); }
    bool isNetworkError() const { return !value && error.statusCode == 0; }
};

template <typename T> struct ApiPage
{
    QList<T> results;
    QString nextCursor;       // empty: no more pages
    int total = -1;           // matches in all, where the service counts them (first page)
    bool totalCapped = false; // more than `total` match
};

// Puts one answered page of a paged list into its model (a PagedRowsModel): the first page
// replaces the rows, a later one appends, a failure marks the model. Returns r.ok().
template <typename Model, typename T>
bool applyPage(Model &model, const ApiResult<ApiPage<T>> &r, bool firstPage)
{
    if (!r.ok())
        model.fetchFailed();
    else if (firstPage)
        model.setFirstPage(r.value->results, r.value->nextCursor);
    else
        model.appendPage(r.value->results, r.value->nextCursor);
    return r.ok();
}

// One bucket of POST /analytics over the subscription table: the most calls active at once,
// the time-weighted average and the attempts blocked from tMs for the query's step.
struct UsageBucket
{
    qint64 tMs = 0;
    int maxActive = 0;
    double avgActive = 0;
    int blocked = 0;
};

// What support's subscription list asks GET /subscription for.
struct SubscriptionQuery
{
    QString search;      // part of an org or subscription name or id, or a user's email
    QStringList filters; // at-limit, blocking, frozen: all must hold
    QString type;        // one plan type, or empty for all
    QString sort;        // a column (see the service's list), "-" first for descending

    bool operator==(const SubscriptionQuery &) const = default;
};

// GET /subscription/{id}/calls: the calls holding a slot now, oldest first.
struct ActiveCalls
{
    QList<Call> calls;
    qint64 leaseMs = 0;
};

// What GET /subscription/{id}/alerts asks for: one state, one kind, or all (empty).
struct AlertQuery
{
    QString state; // firing, resolved
    QString kind;  // near-limit, blocked, renewal-at-risk, frozen
};

struct LineChangeOutcome
{
    LineChange change;
    Subscription subscription;
};

// The console's one HTTP client for the Linedesk service. Every call takes a context object
// (the callback is dropped if it is gone) and answers exactly once, asynchronously.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(const ApiResult<T> &)>;

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QString &token);
    QString token() const { return m_token; }
    bool isConfigured() const { return m_baseUrl.isValid() && !m_token.isEmpty(); }

    // Every request gets this transfer timeout (default 15 s).
    void setTransferTimeout(int ms) { m_timeoutMs = ms; }
    int transferTimeout() const { return m_timeoutMs; }
    // Automatic retries after a network failure, for GETs and keyed writes only (default 2,
    // the first after 300 ms, then doubling).
    void setRetryPolicy(int maxRetries, int firstDelayMs);

    void health(QObject *context, Callback<bool> done);
    void me(QObject *context, Callback<Identity> done);
    void subscription(QObject *context, const QString &id, Callback<Subscription> done);
    void previewLines(QObject *context, const QString &subscriptionId, int quantity,
                      Callback<LinePreview> done);
    // quantity > 0 buys (POST), < 0 removes (DELETE). `idempotencyKey` must be reused when
    // the same change is retried; `ifMatchVersion` < 0 sends no If-Match.
    void changeLines(QObject *context, const QString &subscriptionId, int quantity,
                     const QString &idempotencyKey, qint64 ifMatchVersion,
                     Callback<LineChangeOutcome> done);
    void lineChanges(QObject *context, const QString &subscriptionId, const QString &cursor,
                     Callback<ApiPage<LineChange>> done, int limit = 50);
    void auditTrail(QObject *context, const QString &subscriptionId, const QString &cursor,
                    Callback<ApiPage<AuditEntry>> done, int limit = 50);
    // Support only: one keyset page of every subscription matching `query`.
    void searchSubscriptions(QObject *context, const SubscriptionQuery &query,
                             const QString &cursor, Callback<ApiPage<SubscriptionSummary>> done,
                             int limit = 200);
    // Support only: the organizations sharing a subscription, each with its users.
    void subscriptionMembers(QObject *context, const QString &subscriptionId,
                             Callback<QList<OrgMembers>> done);
    void activeCalls(QObject *context, const QString &subscriptionId, Callback<ActiveCalls> done);
    // Ends a call and frees its slot; support must give a reason (it goes to the audit trail).
    void endCall(QObject *context, const QString &callId, const QString &reason,
                 Callback<linedesk::Call> done);

    // POST /analytics: max and average concurrency and blocked calls of one subscription over
    // [from, to), one bucket per `step` (second, minute, hour, day).
    void usageHistory(QObject *context, const QString &subscriptionId, const QDateTime &from,
                      const QDateTime &to, const QString &step, Callback<QList<UsageBucket>> done);
    // GET /subscription/{id}/capacity-plan: the window's calls replayed against other totals
    // of lines, and Erlang B for its busiest hour. An invalid `from`/`to` is left out (the
    // service then takes the last 7 days); `target` is the share of calls one accepts blocked.
    void capacityPlan(QObject *context, const QString &subscriptionId, const QDateTime &from,
                      const QDateTime &to, double target, Callback<CapacityPlan> done);

    // Alerts (issue 14). Rules: admins, viewers and support read them; only admins replace
    // them, with If-Match on `ifMatchVersion` (< 0: none; a stale one answers 412).
    void alertRules(QObject *context, const QString &subscriptionId, Callback<AlertRules> done);
    void putAlertRules(QObject *context, const QString &subscriptionId, const AlertRules &rules,
                       qint64 ifMatchVersion, Callback<AlertRules> done);
    // One keyset page of the subscription's alerts, newest first.
    void alerts(QObject *context, const QString &subscriptionId, const AlertQuery &query,
                const QString &cursor, Callback<ApiPage<Alert>> done, int limit = 50);
    // Webhooks: admins and support list them and their deliveries; only admins add or remove.
    void webhooks(QObject *context, const QString &subscriptionId, Callback<QList<Webhook>> done);
    void addWebhook(QObject *context, const QString &subscriptionId, const QString &url,
                    const QString &secret, Callback<Webhook> done);
    void removeWebhook(QObject *context, const QString &subscriptionId, const QString &webhookId,
                       Callback<bool> done);
    void webhookDeliveries(QObject *context, const QString &subscriptionId,
                           const QString &webhookId, const QString &cursor,
                           Callback<ApiPage<WebhookDelivery>> done, int limit = 50);

    static QString newIdempotencyKey();
    int requestsInFlight() const { return m_inFlight; }

Q_SIGNALS:
    // Some HTTP answer arrived: the service is reachable.
    void reachable();
    // A request got no HTTP answer, after its retries.
    void unreachable(const QString &reason);
    // 401: the token is missing or no longer valid.
    void unauthorized(const linedesk::ApiError &error);
    // Every attempt, retries included (tests use it to see keys reused).
    void requestSent(const QByteArray &method, const QString &path,
                     const QByteArray &idempotencyKey);

private:
    struct Raw
    {
        int status = 0;
        QByteArray body;
        bool replayed = false;
        ApiError error; // set when status is 0 or not 2xx
    };
    struct Call
    {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QByteArray body;
        QByteArray idempotencyKey;
        QByteArray ifMatch;
        bool retryable = false;
        int attempt = 0;
        QPointer<QObject> context;
        std::function<void(const Raw &)> done;
    };
    void send(std::shared_ptr<Call> call);
    void finished(QNetworkReply *reply, std::shared_ptr<Call> call);

    template <typename T>
    void request(QObject *context, std::shared_ptr<Call> call, Callback<T> done,
                 std::function<std::optional<T>(const QJsonDocument &)> parse);

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QString m_token;
    int m_timeoutMs = 15000;
    int m_maxRetries = 2;
    int m_firstRetryDelayMs = 300;
    int m_inFlight = 0;
};

} // namespace linedesk
