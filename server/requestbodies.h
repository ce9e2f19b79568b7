#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace linedesk::server {

// What a request brings in (bodies, the If-Match header, GET /call's query), parsed and
// checked with nothing else: no database, no clock, no caller. Each returns what the domain
// needs or throws ApiException with the API's code and a message saying what is wrong, so
// a refused request reaches nothing, and a fuzzer can call them directly.

// A JSON object. An empty or blank body is {} when `emptyIsObject`, else malformed-json.
QJsonObject parseJsonObject(const QByteArray &body, bool emptyIsObject,
                            const QString &notAnObjectMessage = {});

// An ISO-8601 time as the API reads it: with its UTC offset ("Z", "+01:00"); a time
// without one is UTC (the platform's default time zone), never the service's local time.
std::optional<QDateTime> parseApiTime(const QString &text);

// {"quantity": n}: preview (n from -1000 to 1000, not 0), buy and remove (1 to 1000).
struct QuantityBody
{
    int quantity = 0;
    QJsonObject json; // the body as parsed, which idempotency compares
};
QuantityBody parseQuantityBody(const QByteArray &body, bool allowNegative);

// If-Match on buy and remove, as RFC 9110 §13.1.1 reads: "*", or a comma-separated list of
// entity tags ("…" or W/"…"). Compared strongly: only a strong tag equal to the current
// ETag ("<version>") matches; a weak tag never does. Malformed: 400 invalid-if-match.
struct IfMatch
{
    bool present = false;   // sent and not blank
    bool any = false;       // "*": any current version
    QList<qint64> versions; // the versions its strong tags name; empty: none can match
    QString text;           // as sent (for messages)

    bool matches(qint64 version) const { return !present || any || versions.contains(version); }
};
IfMatch parseIfMatch(const QByteArray &header);

// POST /call/{id}/end: {"reason"?: "…"}. An empty body is {}.
struct EndCallBody
{
    QString reason; // trimmed; empty when absent or null
};
constexpr qsizetype kMaxReasonLength = 1000;
EndCallBody parseEndCallBody(const QByteArray &body);

// PATCH /call/{id}: the platform's UpdateCallDto ({"name"?: "…"}) and our `reason` (support
// must give one, as for ending). Any other field of the platform's Call is 400
// read-only-field, anything else 400 unknown-field. An empty body is {}.
struct UpdateCallBody
{
    std::optional<QString> name; // as given ("" removes the name); absent: unchanged
    QString reason;              // trimmed; empty when absent
};
constexpr qsizetype kMaxCallTextLength = 1000;
UpdateCallBody parseUpdateCallBody(const QByteArray &body);

// DELETE /call/{id}: the platform's DeleteCallDto ({"ids"?: [...]}, which then names the calls
// instead of the path) and our `reason`. An empty body is {}.
struct DeleteCallBody
{
    QStringList ids; // empty: the path's call
    QString reason;
};
constexpr int kMaxDeleteIds = 100;
DeleteCallBody parseDeleteCallBody(const QByteArray &body);

// POST /analytics: {"queries": [AnalyticsQuery, …]} (1 to 20).
struct AnalyticsOperation
{
    QString operation; // max, min, avg, sum, count
    QString column;    // empty only for count
    QString key;       // the result's key: the alias, or operation + Column
};
struct AnalyticsQuery
{
    QString name;
    QString table;          // subscription or call
    QString subscriptionId; // empty: the caller's only subscription
    QDateTime start;        // invalid: not given (end minus 7 days)
    QDateTime end;          // invalid: not given (now)
    QString step = QStringLiteral("day");
    QList<AnalyticsOperation> operations;
};
constexpr int kMaxAnalyticsQueries = 20;
constexpr int kMaxAnalyticsOperations = 20;
QList<AnalyticsQuery> parseAnalyticsBody(const QByteArray &body);

// GET /call?limit=&createdAtGt=&createdAtLt=&createdAtGe=&createdAtLe=&subscriptionId=&orgId=
// &status=: each at most once, nothing else.
struct CallListQuery
{
    int limit = 100;
    std::optional<qint64> createdAtGtMs, createdAtLtMs, createdAtGeMs, createdAtLeMs;
    std::optional<qint64> updatedAtGtMs, updatedAtLtMs, updatedAtGeMs, updatedAtLeMs;
    QString id;             // empty: any
    QString assistantId;    // empty: any
    QString phoneNumberId;  // empty: any
    QString subscriptionId; // empty: any
    QString orgId;          // empty: any
    QString status;         // empty: any; else in-progress or ended
};
CallListQuery parseCallListQuery(const QUrlQuery &query);

// GET /subscription/{id}/capacity-plan?from=&to=&target=: each at most once and not empty,
// nothing else; the values as given (CapacityPlanner checks them, knowing the clock).
struct CapacityPlanParameters
{
    QString from, to, target; // empty: not given
};
CapacityPlanParameters parseCapacityPlanQuery(const QUrlQuery &query);

} // namespace linedesk::server

namespace linedesk::server {

// PUT /subscription/{id}/alert-rules: any of the five fields; one left out takes its
// default (PUT replaces the rules). null switches the near-limit and renewal alerts off.
struct AlertRulesBody
{
    std::optional<int> nearLimitPercent = 80; // 1..100; nullopt: off
    int nearLimitSeconds = 60;                // 0..3600
    bool onBlocked = true;
    std::optional<int> renewalWarningDays = 3; // 1..30; nullopt: off
    bool onFrozen = true;
};
AlertRulesBody parseAlertRulesBody(const QByteArray &body);

// GET /subscription/{id}/alerts: ?state=firing|resolved, ?kind=…, plus limit and cursor.
struct AlertListQuery
{
    QString state; // empty: any
    QString kind;  // empty: any
};
AlertListQuery parseAlertListQuery(const QUrlQuery &query);
extern const QStringList kAlertKinds; // near-limit, blocked, renewal-at-risk, frozen

// POST /subscription/{id}/webhooks: {"url", "secret"}. The url is http(s) with a host, no
// user:password, at most 2048 characters; a literal loopback, private or otherwise
// non-public address (or localhost) is refused unless `allowPrivate`. The secret is 16 to 256
// printable ASCII characters without spaces.
struct WebhookBody
{
    QUrl url;
    QString secret;
};
WebhookBody parseWebhookBody(const QByteArray &body, bool allowPrivate);

// Whether a webhook may be delivered to `address`: a public unicast address. Loopback,
// private (RFC 1918, unique-local), link-local, carrier-grade NAT, documentation and
// benchmarking ranges, multicast, broadcast and unspecified are not (IPv4-mapped and NAT64
// IPv6 addresses are judged by the IPv4 address inside).
bool isPublicAddress(const QHostAddress &address);

} // namespace linedesk::server
