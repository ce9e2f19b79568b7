#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>

#include <optional>

namespace linedesk {

// One alert episode of a subscription (issue 14): it fires once and resolves once. The same
// object comes from GET /subscription/{id}/alerts, the live feed's "alert" message and a
// webhook's body.
struct Alert
{
    Q_DECLARE_TR_FUNCTIONS(Alert)
public:
    enum class Kind
    {
        Unknown, // a kind this console does not know yet (shown with the service's summary)
        NearLimit,
        Blocked,
        RenewalAtRisk,
        Frozen
    };
    enum class State
    {
        Unknown,
        Firing,
        Resolved
    };

    QString id;
    QString subscriptionId;
    Kind kind = Kind::Unknown;
    QString kindName; // as the service wrote it ("near-limit"), kept for unknown kinds
    State state = State::Unknown;
    QDateTime startedAt; // when the condition began
    QDateTime firedAt;   // when the alert fired
    QDateTime resolvedAt;
    QDateTime updatedAt;
    QString summary;     // the service's English sentence
    QJsonObject figures; // the numbers behind it, by kind

    bool isValid() const { return !id.isEmpty(); }
    bool isFiring() const { return state == State::Firing; }

    // "Calls blocked", "Near the limit", "Renewal at risk", "Subscription frozen".
    QString title() const;
    static QString kindTitle(Kind kind);
    // The figures as a sentence in the user's language and locale: "3 calls blocked at
    // 10 lines, the last at 2:05 PM". An unknown kind, or one without figures, falls back on
    // the service's summary.
    QString sentence() const;
    // "Calls blocked: 3 calls blocked at 10 lines" / "Resolved — calls blocked: …".
    QString headline() const;
    // "Firing" / "Resolved".
    QString stateText() const;

    static Kind kindFromString(const QString &kind);
    static QString kindToString(Kind kind);
    static State stateFromString(const QString &state);
    static QString stateToString(State state);

    QJsonObject toJson() const;
    // Tolerant: a missing or mistyped field leaves its default (Unknown kind or state, an
    // invalid time, empty figures); it never throws.
    static Alert fromJson(const QJsonObject &o);
};

// GET/PUT /subscription/{id}/alert-rules: when a subscription's alerts fire.
struct AlertRules
{
    static constexpr int DefaultNearLimitPercent = 80;
    static constexpr int DefaultNearLimitSeconds = 60;
    static constexpr int DefaultRenewalWarningDays = 3;
    static constexpr int DefaultBlockedQuietSeconds = 300;

    QString subscriptionId;
    std::optional<int> nearLimitPercent = DefaultNearLimitPercent; // 1..100; none: off
    int nearLimitSeconds = DefaultNearLimitSeconds;                // 0..3600
    bool onBlocked = true;
    std::optional<int> renewalWarningDays = DefaultRenewalWarningDays; // 1..30; none: off
    bool onFrozen = true;
    int blockedQuietSeconds = DefaultBlockedQuietSeconds; // read-only
    qint64 version = 0;                                   // also the ETag
    QDateTime updatedAt;                                  // invalid: never edited
    QString updatedBy;

    // The percent of the limit at which use counts as near it: the rule's, or the default
    // while the near-limit alert is off (the tray still turns amber there).
    int nearPercent() const { return nearLimitPercent.value_or(DefaultNearLimitPercent); }
    // The five settings a PUT replaces, equal or not (version and metadata ignored).
    bool sameSettings(const AlertRules &o) const;

    // Everything, as GET answers.
    QJsonObject toJson() const;
    // The body of PUT: only the editable fields (null for a rule switched off).
    QJsonObject toPutJson() const;
    static AlertRules fromJson(const QJsonObject &o);
};

// Where a subscription's alerts are POSTed (GET/POST/DELETE /subscription/{id}/webhooks).
struct Webhook
{
    QString id;
    QString subscriptionId;
    QString url;
    QString secretHint; // "…abcd": the last four characters of the secret
    QDateTime createdAt;
    QString createdBy;

    QJsonObject toJson() const;
    static Webhook fromJson(const QJsonObject &o);
};

// One attempt of a webhook delivery.
struct WebhookAttempt
{
    QDateTime at;
    std::optional<int> statusCode;
    QString error;
    qint64 durationMs = 0;

    static WebhookAttempt fromJson(const QJsonObject &o);
};

// One alert state change sent (or being sent) to one webhook.
struct WebhookDelivery
{
    Q_DECLARE_TR_FUNCTIONS(WebhookDelivery)
public:
    QString id;
    QString webhookId;
    QString alertId;
    Alert::Kind alertKind = Alert::Kind::Unknown;
    QString alertKindName;
    Alert::State alertState = Alert::State::Unknown;
    QString state; // pending, delivered, failed, cancelled
    QDateTime createdAt;
    int attempts = 0;
    QDateTime nextAttemptAt;
    QDateTime deliveredAt;
    std::optional<int> lastStatusCode;
    QString lastError;
    QList<WebhookAttempt> attemptLog;

    // "Delivered", "Pending", "Failed", "Cancelled".
    QString stateText() const;
    // "HTTP 500", "connection refused", "HTTP 200" (the last attempt), or "—".
    QString lastResultText() const;

    QJsonObject toJson() const;
    static WebhookDelivery fromJson(const QJsonObject &o);
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::Alert)
Q_DECLARE_METATYPE(linedesk::AlertRules)
Q_DECLARE_METATYPE(linedesk::Webhook)
Q_DECLARE_METATYPE(linedesk::WebhookDelivery)
