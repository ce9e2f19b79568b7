#include "alert.h"

#include "jsonutil.h"
#include "localeformat.h"
#include "money.h"

#include <QJsonArray>
#include <QLocale>

namespace linedesk {

namespace {

QJsonValue stringOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue intOrNull(const std::optional<int> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

// A whole number, or nothing for null, a missing field or another type.
std::optional<int> optionalInt(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (d != double(qint64(d)) || d < -2147483648.0 || d > 2147483647.0)
        return std::nullopt;
    return int(d);
}

int intOr(const QJsonValue &v, int fallback)
{
    return optionalInt(v).value_or(fallback);
}

bool boolOr(const QJsonValue &v, bool fallback)
{
    return v.isBool() ? v.toBool() : fallback;
}

// Cents from "<name>Cents", else from the platform's decimal string "<name>".
std::optional<qint64> centsFigure(const QJsonObject &figures, const QString &name)
{
    const QJsonValue cents = figures.value(name + QStringLiteral("Cents"));
    if (cents.isDouble())
        return json::toInt64(cents);
    if (const auto m = Money::parse(figures.value(name).toString()))
        return m->cents();
    return std::nullopt;
}

QString calls(int n)
{
    // A real plural (German "1 Anruf" / "3 Anrufe"); English directly without a catalogue.
    const QString text = Alert::tr("%n call(s)", nullptr, n);
    if (text == QStringLiteral("%1 call(s)").arg(n))
        return n == 1 ? QStringLiteral("1 call") : QStringLiteral("%1 calls").arg(n);
    return text;
}

// "45 s", "1 min", "2 min 30 s", "1 h", "1 h 5 min".
QString duration(int seconds)
{
    if (seconds < 60)
        return Alert::tr("%1 s").arg(seconds);
    if (seconds < 3600) {
        const int s = seconds % 60;
        return s == 0 ? Alert::tr("%1 min").arg(seconds / 60)
                      : Alert::tr("%1 min %2 s").arg(seconds / 60).arg(s);
    }
    const int m = (seconds % 3600) / 60;
    return m == 0 ? Alert::tr("%1 h").arg(seconds / 3600)
                  : Alert::tr("%1 h %2 min").arg(seconds / 3600).arg(m);
}

// The local time alone when `t` falls on the same local day as `reference`, else date and
// time.
QString when(const QDateTime &t, const QDateTime &reference)
{
    if (reference.isValid() && t.toLocalTime().date() == reference.toLocalTime().date())
        return QLocale().toString(t.toLocalTime().time(), QLocale::ShortFormat);
    return format::dateTime(t);
}

} // namespace

Alert::Kind Alert::kindFromString(const QString &kind)
{
    if (kind == QLatin1String("near-limit"))
        return Kind::NearLimit;
    if (kind == QLatin1String("blocked"))
        return Kind::Blocked;
    if (kind == QLatin1String("renewal-at-risk"))
        return Kind::RenewalAtRisk;
    if (kind == QLatin1String("frozen"))
        return Kind::Frozen;
    return Kind::Unknown;
}

QString Alert::kindToString(Kind kind)
{
    switch (kind) {
    case Kind::NearLimit:
        return QStringLiteral("near-limit");
    case Kind::Blocked:
        return QStringLiteral("blocked");
    case Kind::RenewalAtRisk:
        return QStringLiteral("renewal-at-risk");
    case Kind::Frozen:
        return QStringLiteral("frozen");
    case Kind::Unknown:
        break;
    }
    return QString();
}

Alert::State Alert::stateFromString(const QString &state)
{
    if (state == QLatin1String("firing"))
        return State::Firing;
    if (state == QLatin1String("resolved"))
        return State::Resolved;
    return State::Unknown;
}

QString Alert::stateToString(State state)
{
    switch (state) {
    case State::Firing:
        return QStringLiteral("firing");
    case State::Resolved:
        return QStringLiteral("resolved");
    case State::Unknown:
        break;
    }
    return QString();
}

QString Alert::kindTitle(Kind kind)
{
    switch (kind) {
    case Kind::NearLimit:
        return tr("Near the limit");
    case Kind::Blocked:
        return tr("Calls blocked");
    case Kind::RenewalAtRisk:
        return tr("Renewal at risk");
    case Kind::Frozen:
        return tr("Subscription frozen");
    case Kind::Unknown:
        break;
    }
    return tr("Alert");
}

QString Alert::title() const
{
    if (kind == Kind::Unknown && !kindName.isEmpty())
        return kindName;
    return kindTitle(kind);
}

QString Alert::stateText() const
{
    switch (state) {
    case State::Firing:
        return tr("Firing");
    case State::Resolved:
        return tr("Resolved");
    case State::Unknown:
        break;
    }
    return tr("Unknown");
}

QString Alert::sentence() const
{
    const QJsonObject &f = figures;
    const bool resolved = state == State::Resolved;
    switch (kind) {
    case Kind::NearLimit: {
        const auto limit = optionalInt(f.value(QLatin1String("limit")));
        const auto percent = optionalInt(f.value(QLatin1String("thresholdPercent")));
        const auto threshold = optionalInt(f.value(QLatin1String("thresholdCalls")));
        if (!limit || !percent || !threshold)
            break;
        const int seconds = intOr(f.value(QLatin1String("seconds")), 0);
        const int atFire = intOr(f.value(QLatin1String("activeAtFire")), *threshold);
        const int peak = intOr(f.value(QLatin1String("peakActive")), atFire);
        if (resolved)
            return tr("Use is back below %1 (%2% of %3); the peak was %4.")
                .arg(calls(*threshold))
                .arg(*percent)
                .arg(format::lines(*limit))
                .arg(peak);
        const QString rule = tr("alert at %1%: %2").arg(*percent).arg(calls(*threshold));
        const QString active = QString::number(atFire);
        // Whole sentences, so a translation can order them its own way.
        if (seconds > 0)
            return peak > atFire ? tr("%1 of %2 in use for %3 or more (%4); peak %5")
                                       .arg(active, format::lines(*limit), duration(seconds), rule,
                                            QString::number(peak))
                                 : tr("%1 of %2 in use for %3 or more (%4)")
                                       .arg(active, format::lines(*limit), duration(seconds), rule);
        return peak > atFire ? tr("%1 of %2 in use (%3); peak %4")
                                   .arg(active, format::lines(*limit), rule, QString::number(peak))
                             : tr("%1 of %2 in use (%3)").arg(active, format::lines(*limit), rule);
    }
    case Kind::Blocked: {
        const auto blocked = optionalInt(f.value(QLatin1String("blockedCalls")));
        const auto limit = optionalInt(f.value(QLatin1String("limit")));
        if (!blocked || !limit)
            break;
        const QDateTime last = json::parseTime(f.value(QLatin1String("lastBlockedAt")));
        if (resolved)
            return last.isValid()
                       ? tr("%1 blocked at %2 in this episode; none since %3")
                             .arg(calls(*blocked), format::lines(*limit), when(last, resolvedAt))
                       : tr("%1 blocked at %2 in this episode; none since then")
                             .arg(calls(*blocked), format::lines(*limit));
        if (last.isValid() && *blocked > 1)
            return tr("%1 blocked at %2, the last at %3")
                .arg(calls(*blocked), format::lines(*limit), when(last, firedAt));
        return tr("%1 blocked at %2").arg(calls(*blocked), format::lines(*limit));
    }
    case Kind::RenewalAtRisk: {
        const QDateTime renewal = json::parseTime(f.value(QLatin1String("renewalAt")));
        const auto lines = optionalInt(f.value(QLatin1String("purchasedLines")));
        const auto charge = centsFigure(f, QStringLiteral("charge"));
        const auto credits = centsFigure(f, QStringLiteral("credits"));
        if (!renewal.isValid() || !lines || !charge || !credits)
            break;
        if (resolved) {
            // How it ended (figures.outcome); credits are the balance then.
            const QString outcome = f.value(QLatin1String("outcome")).toString();
            if (outcome == QLatin1String("frozen"))
                return tr("The renewal on %1 could not be paid: the subscription is frozen.")
                    .arg(format::date(renewal));
            if (outcome == QLatin1String("renewed"))
                return tr("The renewal on %1 was paid.").arg(format::date(renewal));
            if (outcome == QLatin1String("rule-off"))
                return tr("The renewal warning was switched off.");
            if (outcome == QLatin1String("covered"))
                return tr("The renewal on %1 is covered now: the credits are %2.")
                    .arg(format::date(renewal), format::money(*credits));
            return tr("The renewal on %1 is no longer at risk.").arg(format::date(renewal));
        }
        const qint64 shortfall =
            centsFigure(f, QStringLiteral("shortfall")).value_or(*charge - *credits);
        return tr("The renewal on %1 charges %2 for %3 purchased, but the credits are %4: "
                  "%5 short. Add credits or remove lines before then.")
            .arg(format::date(renewal), format::money(*charge), format::lines(*lines),
                 format::money(*credits), format::money(shortfall));
    }
    case Kind::Frozen: {
        const auto credits = centsFigure(f, QStringLiteral("credits"));
        const auto limit = optionalInt(f.value(QLatin1String("concurrencyLimit")));
        if (!credits || !limit)
            break;
        if (resolved)
            return tr("The subscription is active again (credits %1).")
                .arg(format::money(*credits));
        return tr("The subscription is frozen with %1 in credits; the limit is %2 and no lines "
                  "can be bought until credits are added.")
            .arg(format::money(*credits), format::lines(*limit));
    }
    case Kind::Unknown:
        break;
    }
    return summary.isEmpty() ? title() : summary;
}

QString Alert::headline() const
{
    if (state == State::Resolved)
        return tr("Resolved — %1: %2").arg(title(), sentence());
    return tr("%1: %2").arg(title(), sentence());
}

QJsonObject Alert::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("kind"), kind == Kind::Unknown ? kindName : kindToString(kind)},
        {QStringLiteral("state"), stateToString(state)},
        {QStringLiteral("startedAt"), json::isoTimeOrNull(startedAt)},
        {QStringLiteral("firedAt"), json::isoTimeOrNull(firedAt)},
        {QStringLiteral("resolvedAt"), json::isoTimeOrNull(resolvedAt)},
        {QStringLiteral("updatedAt"), json::isoTimeOrNull(updatedAt)},
        {QStringLiteral("summary"), summary},
        {QStringLiteral("figures"), figures},
    };
}

Alert Alert::fromJson(const QJsonObject &o)
{
    Alert a;
    a.id = o.value(QLatin1String("id")).toString();
    a.subscriptionId = o.value(QLatin1String("subscriptionId")).toString();
    a.kindName = o.value(QLatin1String("kind")).toString();
    a.kind = kindFromString(a.kindName);
    a.state = stateFromString(o.value(QLatin1String("state")).toString());
    a.startedAt = json::parseTime(o.value(QLatin1String("startedAt")));
    a.firedAt = json::parseTime(o.value(QLatin1String("firedAt")));
    a.resolvedAt = json::parseTime(o.value(QLatin1String("resolvedAt")));
    a.updatedAt = json::parseTime(o.value(QLatin1String("updatedAt")));
    a.summary = o.value(QLatin1String("summary")).toString();
    a.figures = o.value(QLatin1String("figures")).toObject();
    return a;
}

bool AlertRules::sameSettings(const AlertRules &o) const
{
    return nearLimitPercent == o.nearLimitPercent && nearLimitSeconds == o.nearLimitSeconds &&
           onBlocked == o.onBlocked && renewalWarningDays == o.renewalWarningDays &&
           onFrozen == o.onFrozen;
}

QJsonObject AlertRules::toPutJson() const
{
    return QJsonObject{
        {QStringLiteral("nearLimitPercent"), intOrNull(nearLimitPercent)},
        {QStringLiteral("nearLimitSeconds"), nearLimitSeconds},
        {QStringLiteral("onBlocked"), onBlocked},
        {QStringLiteral("renewalWarningDays"), intOrNull(renewalWarningDays)},
        {QStringLiteral("onFrozen"), onFrozen},
    };
}

QJsonObject AlertRules::toJson() const
{
    QJsonObject o = toPutJson();
    o.insert(QStringLiteral("subscriptionId"), subscriptionId);
    o.insert(QStringLiteral("blockedQuietSeconds"), blockedQuietSeconds);
    o.insert(QStringLiteral("version"), version);
    o.insert(QStringLiteral("updatedAt"), json::isoTimeOrNull(updatedAt));
    o.insert(QStringLiteral("updatedBy"), stringOrNull(updatedBy));
    return o;
}

AlertRules AlertRules::fromJson(const QJsonObject &o)
{
    AlertRules r;
    r.subscriptionId = o.value(QLatin1String("subscriptionId")).toString();
    // null switches a rule off; a missing or mistyped value keeps the default.
    const QJsonValue percent = o.value(QLatin1String("nearLimitPercent"));
    r.nearLimitPercent =
        percent.isNull()
            ? std::optional<int>()
            : std::optional<int>(optionalInt(percent).value_or(DefaultNearLimitPercent));
    r.nearLimitSeconds = intOr(o.value(QLatin1String("nearLimitSeconds")), DefaultNearLimitSeconds);
    r.onBlocked = boolOr(o.value(QLatin1String("onBlocked")), true);
    const QJsonValue days = o.value(QLatin1String("renewalWarningDays"));
    r.renewalWarningDays =
        days.isNull() ? std::optional<int>()
                      : std::optional<int>(optionalInt(days).value_or(DefaultRenewalWarningDays));
    r.onFrozen = boolOr(o.value(QLatin1String("onFrozen")), true);
    r.blockedQuietSeconds =
        intOr(o.value(QLatin1String("blockedQuietSeconds")), DefaultBlockedQuietSeconds);
    r.version = json::toInt64(o.value(QLatin1String("version")));
    r.updatedAt = json::parseTime(o.value(QLatin1String("updatedAt")));
    r.updatedBy = o.value(QLatin1String("updatedBy")).toString();
    return r;
}

QJsonObject Webhook::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("url"), url},
        {QStringLiteral("secretHint"), secretHint},
        {QStringLiteral("createdAt"), json::isoTimeOrNull(createdAt)},
        {QStringLiteral("createdBy"), stringOrNull(createdBy)},
    };
}

Webhook Webhook::fromJson(const QJsonObject &o)
{
    Webhook w;
    w.id = o.value(QLatin1String("id")).toString();
    w.subscriptionId = o.value(QLatin1String("subscriptionId")).toString();
    w.url = o.value(QLatin1String("url")).toString();
    w.secretHint = o.value(QLatin1String("secretHint")).toString();
    w.createdAt = json::parseTime(o.value(QLatin1String("createdAt")));
    w.createdBy = o.value(QLatin1String("createdBy")).toString();
    return w;
}

WebhookAttempt WebhookAttempt::fromJson(const QJsonObject &o)
{
    WebhookAttempt a;
    a.at = json::parseTime(o.value(QLatin1String("at")));
    a.statusCode = optionalInt(o.value(QLatin1String("statusCode")));
    a.error = o.value(QLatin1String("error")).toString();
    a.durationMs = json::toInt64(o.value(QLatin1String("durationMs")));
    return a;
}

QString WebhookDelivery::stateText() const
{
    if (state == QLatin1String("delivered"))
        return tr("Delivered");
    if (state == QLatin1String("pending"))
        return attempts > 0 ? tr("Retrying") : tr("Pending");
    if (state == QLatin1String("failed"))
        return tr("Failed");
    if (state == QLatin1String("cancelled"))
        return tr("Cancelled");
    return state;
}

QString WebhookDelivery::lastResultText() const
{
    // The service words a refusal as "HTTP 503" already; don't say it twice.
    if (!lastError.isEmpty() && lastStatusCode &&
        !lastError.contains(QString::number(*lastStatusCode)))
        return tr("HTTP %1: %2").arg(*lastStatusCode).arg(lastError);
    if (!lastError.isEmpty())
        return lastError;
    if (lastStatusCode)
        return tr("HTTP %1").arg(*lastStatusCode);
    return tr("—");
}

QJsonObject WebhookDelivery::toJson() const
{
    QJsonArray log;
    for (const WebhookAttempt &a : attemptLog)
        log.append(QJsonObject{{QStringLiteral("at"), json::isoTimeOrNull(a.at)},
                               {QStringLiteral("statusCode"), intOrNull(a.statusCode)},
                               {QStringLiteral("error"), stringOrNull(a.error)},
                               {QStringLiteral("durationMs"), a.durationMs}});
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("webhookId"), webhookId},
        {QStringLiteral("alertId"), alertId},
        {QStringLiteral("alertKind"),
         alertKind == Alert::Kind::Unknown ? alertKindName : Alert::kindToString(alertKind)},
        {QStringLiteral("alertState"), Alert::stateToString(alertState)},
        {QStringLiteral("state"), state},
        {QStringLiteral("createdAt"), json::isoTimeOrNull(createdAt)},
        {QStringLiteral("attempts"), attempts},
        {QStringLiteral("nextAttemptAt"), json::isoTimeOrNull(nextAttemptAt)},
        {QStringLiteral("deliveredAt"), json::isoTimeOrNull(deliveredAt)},
        {QStringLiteral("lastStatusCode"), intOrNull(lastStatusCode)},
        {QStringLiteral("lastError"), stringOrNull(lastError)},
        {QStringLiteral("attemptLog"), log},
    };
}

WebhookDelivery WebhookDelivery::fromJson(const QJsonObject &o)
{
    WebhookDelivery d;
    d.id = o.value(QLatin1String("id")).toString();
    d.webhookId = o.value(QLatin1String("webhookId")).toString();
    d.alertId = o.value(QLatin1String("alertId")).toString();
    d.alertKindName = o.value(QLatin1String("alertKind")).toString();
    d.alertKind = Alert::kindFromString(d.alertKindName);
    d.alertState = Alert::stateFromString(o.value(QLatin1String("alertState")).toString());
    d.state = o.value(QLatin1String("state")).toString();
    d.createdAt = json::parseTime(o.value(QLatin1String("createdAt")));
    d.attempts = intOr(o.value(QLatin1String("attempts")), 0);
    d.nextAttemptAt = json::parseTime(o.value(QLatin1String("nextAttemptAt")));
    d.deliveredAt = json::parseTime(o.value(QLatin1String("deliveredAt")));
    d.lastStatusCode = optionalInt(o.value(QLatin1String("lastStatusCode")));
    d.lastError = o.value(QLatin1String("lastError")).toString();
    for (const QJsonValue &v : o.value(QLatin1String("attemptLog")).toArray())
        if (v.isObject())
            d.attemptLog.append(WebhookAttempt::fromJson(v.toObject()));
    return d;
}

} // namespace linedesk
