#include "alerts.h"

#include "accounts.h"
#include "apiexception.h"
#include "clock.h"
#include "database.h"
#include "jsonutil.h"
#include "money.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>

#include <cmath>

Q_LOGGING_CATEGORY(lcAlerts, "linedesk.server.alerts", QtInfoMsg)

namespace linedesk::server {

namespace {

const QString kNearLimit = QStringLiteral("near-limit");
const QString kBlocked = QStringLiteral("blocked");
const QString kRenewal = QStringLiteral("renewal-at-risk");
const QString kFrozen = QStringLiteral("frozen");
const QString kFiring = QStringLiteral("firing");
const QString kResolved = QStringLiteral("resolved");

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString iso(qint64 ms)
{
    return json::isoTime(fromMs(ms));
}

QString dollars(qint64 cents)
{
    return QLatin1Char('$') + Money::fromCents(cents).toDecimalString();
}

QString lines(int n)
{
    return n == 1 ? QStringLiteral("1 line") : QStringLiteral("%1 lines").arg(n);
}

QString calls(int n)
{
    return n == 1 ? QStringLiteral("1 call") : QStringLiteral("%1 calls").arg(n);
}

QJsonObject merged(QJsonObject base, const QJsonObject &more)
{
    for (auto it = more.begin(); it != more.end(); ++it)
        base.insert(it.key(), it.value());
    return base;
}

QJsonObject parseFigures(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// The smallest count of calls that is at least `percent` % of `limit` (and at least 1).
int thresholdCalls(int percent, int limit)
{
    return qMax(1, int((qint64(percent) * limit + 99) / 100));
}

} // namespace

QJsonObject AlertRules::toJson(const QString &subscriptionId) const
{
    const auto orNull = [](const std::optional<int> &v) {
        return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
    };
    return {
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("nearLimitPercent"), orNull(rules.nearLimitPercent)},
        {QStringLiteral("nearLimitSeconds"), rules.nearLimitSeconds},
        {QStringLiteral("onBlocked"), rules.onBlocked},
        {QStringLiteral("renewalWarningDays"), orNull(rules.renewalWarningDays)},
        {QStringLiteral("onFrozen"), rules.onFrozen},
        {QStringLiteral("blockedQuietSeconds"), int(AlertStore::kBlockedQuietMs / 1000)},
        {QStringLiteral("version"), version},
        {QStringLiteral("updatedAt"),
         updatedAtMs ? QJsonValue(iso(updatedAtMs)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("updatedBy"),
         updatedBy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(updatedBy)},
    };
}

// --- AlertStore ---

AlertRules AlertStore::rules(const QString &subscriptionId)
{
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT r.near_limit_percent, r.near_limit_seconds, r.on_blocked,"
                       " r.renewal_warning_days, r.on_frozen, r.version, r.updated_at, u.email"
                       " FROM alert_rule r LEFT JOIN app_user u ON u.id = r.updated_by"
                       " WHERE r.subscription_id = :id"),
        {{":id", subscriptionId}});
    AlertRules r;
    if (!q.next())
        return r;
    const auto nullable = [&q](int column) {
        return q.value(column).isNull() ? std::nullopt
                                        : std::optional<int>(q.value(column).toInt());
    };
    r.rules.nearLimitPercent = nullable(0);
    r.rules.nearLimitSeconds = q.value(1).toInt();
    r.rules.onBlocked = q.value(2).toInt() != 0;
    r.rules.renewalWarningDays = nullable(3);
    r.rules.onFrozen = q.value(4).toInt() != 0;
    r.version = q.value(5).toLongLong();
    r.updatedAtMs = q.value(6).toLongLong();
    r.updatedBy = q.value(7).toString();
    return r;
}

AlertRules AlertStore::putRules(const Caller &caller, const QString &subscriptionId,
                                const AlertRulesBody &body, const IfMatch &ifMatch)
{
    Database::Transaction tx(m_db);
    // Two admins saving at once: the second waits, then compares with what the first wrote.
    m_db.lockRow("subscription", subscriptionId);
    const AlertRules current = rules(subscriptionId);
    if (!ifMatch.matches(current.version))
        throw ApiException(412, QStringLiteral("version-mismatch"),
                           QStringLiteral("The alert rules changed since you read them (they are "
                                          "at version %1, you sent If-Match: %2). Read them again.")
                               .arg(current.version)
                               .arg(ifMatch.text.left(100)));
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    const auto nullable = [](const std::optional<int> &v) {
        return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::Int));
    };
    m_db.exec(QStringLiteral("INSERT INTO alert_rule (subscription_id, near_limit_percent,"
                             " near_limit_seconds, on_blocked, renewal_warning_days, on_frozen,"
                             " version, updated_at, updated_by) VALUES (:s, :p, :sec, :b, :d, :f,"
                             " :v, :at, :by) ON CONFLICT (subscription_id) DO UPDATE SET"
                             " near_limit_percent = excluded.near_limit_percent,"
                             " near_limit_seconds = excluded.near_limit_seconds,"
                             " on_blocked = excluded.on_blocked,"
                             " renewal_warning_days = excluded.renewal_warning_days,"
                             " on_frozen = excluded.on_frozen, version = excluded.version,"
                             " updated_at = excluded.updated_at, updated_by = excluded.updated_by"),
              {{":s", subscriptionId},
               {":p", nullable(body.nearLimitPercent)},
               {":sec", body.nearLimitSeconds},
               {":b", body.onBlocked ? 1 : 0},
               {":d", nullable(body.renewalWarningDays)},
               {":f", body.onFrozen ? 1 : 0},
               {":v", current.version + 1},
               {":at", now},
               {":by", caller.userId.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                               : QVariant(caller.userId)}});
    tx.commit();
    qCInfo(lcAlerts).noquote() << "alert rules of" << subscriptionId << "set by" << caller.email;
    return rules(subscriptionId);
}

QJsonObject AlertStore::alertJson(const QSqlQuery &q) const
{
    // Columns: id, subscription_id, kind, state, started_at, fired_at, resolved_at,
    // updated_at, figures.
    const QString kind = q.value(2).toString();
    const QString state = q.value(3).toString();
    const QJsonObject figures = parseFigures(q.value(8).toString());
    return {
        {QStringLiteral("id"), q.value(0).toString()},
        {QStringLiteral("subscriptionId"), q.value(1).toString()},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("state"), state},
        {QStringLiteral("startedAt"), iso(q.value(4).toLongLong())},
        {QStringLiteral("firedAt"), iso(q.value(5).toLongLong())},
        {QStringLiteral("resolvedAt"), q.value(6).isNull()
                                           ? QJsonValue(QJsonValue::Null)
                                           : QJsonValue(iso(q.value(6).toLongLong()))},
        {QStringLiteral("updatedAt"), iso(q.value(7).toLongLong())},
        {QStringLiteral("summary"), summary(kind, state, figures)},
        {QStringLiteral("figures"), figures},
    };
}

static const char *const kAlertColumns =
    "id, subscription_id, kind, state, started_at, fired_at, resolved_at, updated_at, figures";

Page AlertStore::list(const QString &subscriptionId, const AlertListQuery &query,
                      const PageRequest &page)
{
    QVariantMap binds{{QStringLiteral(":s"), subscriptionId},
                      {QStringLiteral(":n"), page.limit + 1}};
    QString where = QStringLiteral("subscription_id = :s");
    if (!query.state.isEmpty()) {
        where += QStringLiteral(" AND state = :state");
        binds.insert(QStringLiteral(":state"), query.state);
    }
    if (!query.kind.isEmpty()) {
        where += QStringLiteral(" AND kind = :kind");
        binds.insert(QStringLiteral(":kind"), query.kind);
    }
    qint64 afterAt = 0;
    QString afterId;
    if (page.afterTimeAndId(&afterAt, &afterId)) {
        where += QStringLiteral(" AND (fired_at < :kat OR (fired_at = :kat AND id < :kid))");
        binds.insert(QStringLiteral(":kat"), afterAt);
        binds.insert(QStringLiteral(":kid"), afterId);
    }
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT %1 FROM alert WHERE %2"
                                           " ORDER BY fired_at DESC, id DESC LIMIT :n")
                                .arg(QLatin1String(kAlertColumns), where),
                            binds);
    Page result;
    qint64 lastAt = 0;
    QString lastId;
    while (q.next()) {
        if (result.results.size() == page.limit) {
            result.nextCursor = PageRequest::encodeCursor({lastAt, lastId});
            break;
        }
        result.results.append(alertJson(q));
        lastAt = q.value(5).toLongLong();
        lastId = q.value(0).toString();
    }
    return result;
}

std::optional<QJsonObject> AlertStore::get(const QString &alertId)
{
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT %1 FROM alert WHERE id = :id").arg(QLatin1String(kAlertColumns)),
        {{":id", alertId}});
    if (!q.next())
        return std::nullopt;
    return alertJson(q);
}

void AlertStore::enqueueDeliveries(const QJsonObject &alert, qint64 nowMs)
{
    QSqlQuery hooks = m_db.exec(QStringLiteral("SELECT id FROM webhook WHERE subscription_id = :s"
                                               " AND removed_at IS NULL"),
                                {{":s", alert.value(QLatin1String("subscriptionId")).toString()}});
    QStringList ids;
    while (hooks.next())
        ids << hooks.value(0).toString();
    if (ids.isEmpty())
        return;
    // The same bytes on every attempt: the signature covers them.
    const QString body = compact({{QStringLiteral("alert"), alert}});
    for (const QString &hook : ids)
        m_db.exec(QStringLiteral("INSERT INTO webhook_delivery (id, webhook_id, alert_id,"
                                 " alert_state, body, state, created_at, next_attempt_at,"
                                 " attempts, updated_at) VALUES (:id, :w, :a, :st, :b, 'pending',"
                                 " :now, :now, 0, :now)"),
                  {{":id", Accounts::newId()},
                   {":w", hook},
                   {":a", alert.value(QLatin1String("id")).toString()},
                   {":st", alert.value(QLatin1String("state")).toString()},
                   {":b", body},
                   {":now", nowMs}});
}

std::optional<QJsonObject> AlertStore::fire(const QString &subscriptionId, const QString &kind,
                                            qint64 startedAtMs, qint64 firedAtMs,
                                            const QJsonObject &figures)
{
    Database::Transaction tx(m_db);
    const QString id = Accounts::newId();
    QSqlQuery q = m_db.exec(QStringLiteral("INSERT INTO alert (id, subscription_id, kind, state,"
                                           " started_at, fired_at, updated_at, figures) VALUES"
                                           " (:id, :s, :k, 'firing', :start, :at, :at, :f)"
                                           " ON CONFLICT DO NOTHING"),
                            {{":id", id},
                             {":s", subscriptionId},
                             {":k", kind},
                             {":start", startedAtMs},
                             {":at", firedAtMs},
                             {":f", compact(figures)}});
    if (q.numRowsAffected() != 1) {
        tx.commit();
        return std::nullopt;
    }
    const auto alert = get(id);
    enqueueDeliveries(*alert, firedAtMs);
    tx.commit();
    qCInfo(lcAlerts).noquote() << "alert fired:" << subscriptionId << kind
                               << alert->value(QLatin1String("summary")).toString();
    return alert;
}

std::optional<QJsonObject> AlertStore::resolve(const QString &subscriptionId, const QString &kind,
                                               qint64 resolvedAtMs, const QJsonObject &figures)
{
    Database::Transaction tx(m_db);
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT id, figures FROM alert WHERE subscription_id ="
                                           " :s AND kind = :k AND state = 'firing'"),
                            {{":s", subscriptionId}, {":k", kind}});
    if (!q.next()) {
        tx.commit();
        return std::nullopt;
    }
    const QString id = q.value(0).toString();
    const QJsonObject all = merged(parseFigures(q.value(1).toString()), figures);
    q.finish();
    // Another instance resolving the same episode at once: its UPDATE waits for this one's
    // row lock, then finds the episode resolved and changes nothing.
    QSqlQuery u = m_db.exec(QStringLiteral("UPDATE alert SET state = 'resolved', resolved_at = :at,"
                                           " updated_at = :at, figures = :f WHERE id = :id AND"
                                           " state = 'firing'"),
                            {{":at", resolvedAtMs}, {":f", compact(all)}, {":id", id}});
    if (u.numRowsAffected() != 1) {
        tx.commit();
        return std::nullopt;
    }
    const auto alert = get(id);
    enqueueDeliveries(*alert, resolvedAtMs);
    tx.commit();
    qCInfo(lcAlerts).noquote() << "alert resolved:" << subscriptionId << kind
                               << alert->value(QLatin1String("summary")).toString();
    return alert;
}

void AlertStore::updateFigures(const QString &subscriptionId, const QString &kind,
                               const QJsonObject &figures)
{
    Database::Transaction tx(m_db);
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT id, figures FROM alert WHERE subscription_id ="
                                           " :s AND kind = :k AND state = 'firing'"),
                            {{":s", subscriptionId}, {":k", kind}});
    if (q.next()) {
        const QString id = q.value(0).toString();
        const QJsonObject all = merged(parseFigures(q.value(1).toString()), figures);
        q.finish();
        m_db.exec(QStringLiteral("UPDATE alert SET figures = :f, updated_at = :at WHERE id = :id"
                                 " AND state = 'firing'"),
                  {{":f", compact(all)}, {":at", m_clock.now().toMSecsSinceEpoch()}, {":id", id}});
    }
    tx.commit();
}

QList<QJsonObject> AlertStore::firing()
{
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT %1 FROM alert WHERE state = 'firing'")
                                .arg(QLatin1String(kAlertColumns)));
    QList<QJsonObject> list;
    while (q.next())
        list << alertJson(q);
    return list;
}

int AlertStore::purge(qint64 nowMs)
{
    const qint64 before = nowMs - kKeptMs;
    Database::Transaction tx(m_db);
    const QString old = QStringLiteral("SELECT id FROM alert WHERE state = 'resolved' AND"
                                       " resolved_at < :before");
    m_db.exec(QStringLiteral("DELETE FROM webhook_attempt WHERE delivery_id IN (SELECT id FROM"
                             " webhook_delivery WHERE alert_id IN (%1))")
                  .arg(old),
              {{":before", before}});
    m_db.exec(QStringLiteral("DELETE FROM webhook_delivery WHERE alert_id IN (%1)").arg(old),
              {{":before", before}});
    QSqlQuery q = m_db.exec(QStringLiteral("DELETE FROM alert WHERE state = 'resolved' AND"
                                           " resolved_at < :before"),
                            {{":before", before}});
    const int n = q.numRowsAffected();
    tx.commit();
    return n;
}

QString AlertStore::summary(const QString &kind, const QString &state, const QJsonObject &f)
{
    const bool firing = state == kFiring;
    const auto i = [&f](const char *name) { return int(f.value(QLatin1String(name)).toInteger()); };
    const auto c = [&f](const char *name) { return f.value(QLatin1String(name)).toInteger(); };
    if (kind == kNearLimit) {
        if (firing)
            return QStringLiteral("Near the limit: %1 of %2 in use for %3 s (the alert is at %4 %, "
                                  "%5).")
                .arg(QString::number(i("activeAtFire")), lines(i("limit")),
                     QString::number(i("seconds")), QString::number(i("thresholdPercent")),
                     lines(i("thresholdCalls")));
        return QStringLiteral("Back below %1 % of the limit (at most %2 of %3 in use).")
            .arg(QString::number(i("thresholdPercent")), QString::number(i("peakActive")),
                 lines(i("limit")));
    }
    if (kind == kBlocked) {
        if (firing)
            return QStringLiteral("Calls blocked: all %1 busy; %2 blocked so far.")
                .arg(lines(i("limit")), calls(i("blockedCalls")));
        return QStringLiteral("No call blocked for %1 minutes; %2 blocked in all.")
            .arg(QString::number(kBlockedQuietMs / 60'000), calls(i("blockedCalls")));
    }
    if (kind == kRenewal) {
        const QString day = json::parseTime(f.value(QLatin1String("renewalAt")))
                                .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        if (firing)
            return QStringLiteral("Renewal at risk: the renewal on %1 charges %2 for %3, and the "
                                  "credits are %4 (%5 short). Without more credits the "
                                  "subscription freezes and its purchased lines drop to 0.")
                .arg(day, dollars(c("chargeCents")), lines(i("purchasedLines")),
                     dollars(c("creditsCents")), dollars(c("shortfallCents")));
        const QString outcome = f.value(QLatin1String("outcome")).toString();
        if (outcome == QLatin1String("frozen"))
            return QStringLiteral("The renewal on %1 could not be paid: the subscription is "
                                  "frozen.")
                .arg(day);
        if (outcome == QLatin1String("renewed"))
            return QStringLiteral("The renewal on %1 was paid.").arg(day);
        if (outcome == QLatin1String("rule-off"))
            return QStringLiteral("The renewal warning was switched off.");
        return QStringLiteral("The renewal on %1 is covered now: the credits are %2.")
            .arg(day, dollars(c("creditsCents")));
    }
    if (kind == kFrozen) {
        if (firing)
            return QStringLiteral("Subscription frozen: the credits (%1) could not cover the "
                                  "renewal; purchased lines dropped to 0 and the limit is %2. "
                                  "Add credits to reactivate it.")
                .arg(dollars(c("creditsCents")), lines(i("concurrencyLimit")));
        return QStringLiteral("The subscription is active again.");
    }
    return QString();
}

// --- AlertMonitor ---

AlertMonitor::AlertMonitor(Database &db, AlertStore &store, const Clock &clock)
    : m_db(db), m_store(store), m_clock(clock)
{}

void AlertMonitor::start()
{
    for (const QJsonObject &a : m_store.firing())
        alertChanged(a);
    // Whoever holds calls now: their counts and limits, so a near-limit episode under way is
    // timed from this start.
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT id, active_calls, included_lines +"
                                           " purchased_lines, activity_seq FROM subscription"
                                           " WHERE active_calls > 0"));
    while (q.next()) {
        Watch &w = watch(q.value(0).toString());
        w.active = q.value(1).toInt();
        w.limit = q.value(2).toInt();
        w.seq = q.value(3).toLongLong();
    }
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    for (auto it = m_watches.begin(); it != m_watches.end(); ++it)
        evaluateNear(it.key(), it.value(), now);
}

const AlertRulesBody &AlertMonitor::rulesFor(const QString &subscriptionId)
{
    auto it = m_rules.find(subscriptionId);
    if (it == m_rules.end())
        it = m_rules.insert(subscriptionId, m_store.rules(subscriptionId).rules);
    return it.value();
}

AlertMonitor::Watch &AlertMonitor::watch(const QString &subscriptionId)
{
    return m_watches[subscriptionId];
}

void AlertMonitor::emitAlert(const std::optional<QJsonObject> &alert)
{
    if (alert && onAlert)
        onAlert(*alert);
}

void AlertMonitor::activity(const QString &subscriptionId, int active, int blocked, int limit,
                            qint64 seq)
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    Watch &w = watch(subscriptionId);
    if (seq > w.seq) {
        w.active = active;
        w.limit = limit;
        w.seq = seq;
    }
    if (blocked > 0 && rulesFor(subscriptionId).onBlocked) {
        w.lastBlockedMs = now;
        if (!w.blockedFiring) {
            w.blockedFiring = true;
            w.blockedCalls = blocked;
            w.figuresWrittenMs = now;
            w.blockedDirty = false;
            emitAlert(m_store.fire(subscriptionId, kBlocked, now, now,
                                   {{QStringLiteral("limit"), limit},
                                    {QStringLiteral("blockedCalls"), blocked},
                                    {QStringLiteral("lastBlockedAt"), iso(now)}}));
        } else {
            w.blockedCalls += blocked;
            w.blockedDirty = true;
        }
    }
    evaluateNear(subscriptionId, w, now);
}

void AlertMonitor::evaluateNear(const QString &subscriptionId, Watch &w, qint64 nowMs)
{
    const AlertRulesBody &rules = rulesFor(subscriptionId);
    if (!rules.nearLimitPercent) {
        w.aboveSinceMs = -1;
        w.belowSinceMs = -1;
        if (w.nearFiring) {
            w.nearFiring = false;
            emitAlert(m_store.resolve(subscriptionId, kNearLimit, nowMs,
                                      {{QStringLiteral("peakActive"), w.peak}}));
        }
        return;
    }
    const int percent = *rules.nearLimitPercent;
    const int threshold = thresholdCalls(percent, w.limit);
    const bool above = w.limit > 0 && w.active >= threshold;
    if (above) {
        if (w.aboveSinceMs < 0) {
            w.aboveSinceMs = nowMs;
            if (!w.nearFiring)
                w.peak = w.active;
        }
        w.belowSinceMs = -1;
        w.peak = qMax(w.peak, w.active);
    } else {
        if (w.belowSinceMs < 0)
            w.belowSinceMs = nowMs;
        w.aboveSinceMs = -1;
    }
    const qint64 holdMs = qint64(rules.nearLimitSeconds) * 1000;
    if (!w.nearFiring && above && nowMs - w.aboveSinceMs >= holdMs) {
        w.nearFiring = true;
        emitAlert(m_store.fire(subscriptionId, kNearLimit, w.aboveSinceMs, nowMs,
                               {{QStringLiteral("limit"), w.limit},
                                {QStringLiteral("thresholdPercent"), percent},
                                {QStringLiteral("thresholdCalls"), threshold},
                                {QStringLiteral("seconds"), rules.nearLimitSeconds},
                                {QStringLiteral("activeAtFire"), w.active},
                                {QStringLiteral("peakActive"), w.peak}}));
    } else if (w.nearFiring && !above &&
               nowMs - w.belowSinceMs >= qMax(holdMs, AlertStore::kNearLimitMinClearMs)) {
        w.nearFiring = false;
        emitAlert(m_store.resolve(subscriptionId, kNearLimit, nowMs,
                                  {{QStringLiteral("peakActive"), w.peak}}));
    }
}

void AlertMonitor::tick()
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    QStringList idle;
    for (auto it = m_watches.begin(); it != m_watches.end(); ++it) {
        const QString &id = it.key();
        Watch &w = it.value();
        try {
            evaluateNear(id, w, now);
            if (w.blockedFiring) {
                const bool off = !rulesFor(id).onBlocked;
                if (off || now - w.lastBlockedMs >= AlertStore::kBlockedQuietMs) {
                    w.blockedFiring = false;
                    w.blockedDirty = false;
                    emitAlert(
                        m_store.resolve(id, kBlocked, now,
                                        {{QStringLiteral("blockedCalls"), w.blockedCalls},
                                         {QStringLiteral("lastBlockedAt"), iso(w.lastBlockedMs)}}));
                } else if (w.blockedDirty && now - w.figuresWrittenMs >= 2000) {
                    w.blockedDirty = false;
                    w.figuresWrittenMs = now;
                    m_store.updateFigures(
                        id, kBlocked,
                        {{QStringLiteral("blockedCalls"), w.blockedCalls},
                         {QStringLiteral("lastBlockedAt"), iso(w.lastBlockedMs)}});
                }
            }
            if (!w.nearFiring && !w.blockedFiring && w.aboveSinceMs < 0 && w.active == 0)
                idle << id;
        } catch (const DatabaseException &e) {
            qCWarning(lcAlerts).noquote() << "alerts of" << id << "not evaluated:" << e.message();
        }
    }
    for (const QString &id : idle) {
        m_watches.remove(id);
        m_rules.remove(id);
    }
}

void AlertMonitor::subscriptionChanged(const QString &subscriptionId)
{
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT active_calls, included_lines + purchased_lines,"
                                           " activity_seq FROM subscription WHERE id = :id"),
                            {{":id", subscriptionId}});
    if (!q.next())
        return;
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    Watch &w = watch(subscriptionId);
    w.limit = q.value(1).toInt();
    if (q.value(2).toLongLong() >= w.seq) {
        w.active = q.value(0).toInt();
        w.seq = q.value(2).toLongLong();
    }
    q.finish();
    evaluateNear(subscriptionId, w, now);
    checkMoney(subscriptionId, now, linePriceCents());
}

void AlertMonitor::rulesChanged(const QString &subscriptionId)
{
    m_rules.remove(subscriptionId);
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    auto it = m_watches.find(subscriptionId);
    if (it != m_watches.end()) {
        // A new percent or hold counts from now; a rule switched off resolves its alert.
        it->aboveSinceMs = -1;
        it->belowSinceMs = -1;
        evaluateNear(subscriptionId, *it, now);
        if (it->blockedFiring && !rulesFor(subscriptionId).onBlocked) {
            it->blockedFiring = false;
            emitAlert(m_store.resolve(subscriptionId, kBlocked, now,
                                      {{QStringLiteral("blockedCalls"), it->blockedCalls}}));
        }
    }
    checkMoney(subscriptionId, now, linePriceCents());
}

void AlertMonitor::alertChanged(const QJsonObject &alert)
{
    const QString id = alert.value(QLatin1String("subscriptionId")).toString();
    const QString kind = alert.value(QLatin1String("kind")).toString();
    const bool firing = alert.value(QLatin1String("state")).toString() == kFiring;
    const QJsonObject f = alert.value(QLatin1String("figures")).toObject();
    if (kind == kNearLimit) {
        Watch &w = watch(id);
        w.nearFiring = firing;
        if (firing) {
            w.peak = qMax(w.peak, int(f.value(QLatin1String("peakActive")).toInteger()));
            if (w.belowSinceMs < 0 && w.aboveSinceMs < 0)
                w.belowSinceMs = m_clock.now().toMSecsSinceEpoch();
        }
    } else if (kind == kBlocked) {
        Watch &w = watch(id);
        w.blockedFiring = firing;
        if (firing) {
            w.blockedCalls =
                qMax(w.blockedCalls, int(f.value(QLatin1String("blockedCalls")).toInteger()));
            const QDateTime last = json::parseTime(f.value(QLatin1String("lastBlockedAt")));
            if (last.isValid())
                w.lastBlockedMs = qMax(w.lastBlockedMs, last.toMSecsSinceEpoch());
        }
    }
}

qint64 AlertMonitor::linePriceCents()
{
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT price_cents FROM catalogue_item WHERE id = 'concurrency-line'"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

void AlertMonitor::checkMoney(const QString &subscriptionId, qint64 nowMs, qint64 priceCents)
{
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT status, credits_cents, purchased_lines,"
                                           " period_end, included_lines FROM subscription"
                                           " WHERE id = :id"),
                            {{":id", subscriptionId}});
    if (!q.next())
        return;
    const QString status = q.value(0).toString();
    const qint64 credits = q.value(1).toLongLong();
    const int purchased = q.value(2).toInt();
    const qint64 periodEnd = q.value(3).toLongLong();
    const int included = q.value(4).toInt();
    q.finish();
    const AlertRulesBody &rules = rulesFor(subscriptionId);
    const qint64 charge = qint64(purchased) * priceCents;
    const bool frozen = rules.onFrozen && status == QLatin1String("frozen");
    const bool atRisk = rules.renewalWarningDays && status == QLatin1String("active") &&
                        purchased > 0 && credits < charge && periodEnd > nowMs &&
                        periodEnd - nowMs <= qint64(*rules.renewalWarningDays) * 86'400'000;

    QSqlQuery f =
        m_db.exec(QStringLiteral("SELECT kind, figures FROM alert WHERE subscription_id = :s AND"
                                 " state = 'firing' AND kind IN ('renewal-at-risk',"
                                 " 'frozen')"),
                  {{":s", subscriptionId}});
    bool riskFiring = false;
    bool frozenFiring = false;
    qint64 warnedRenewalMs = 0;
    while (f.next()) {
        if (f.value(0).toString() == kRenewal)
            warnedRenewalMs =
                json::parseTime(
                    parseFigures(f.value(1).toString()).value(QLatin1String("renewalAt")))
                    .toMSecsSinceEpoch();
        riskFiring = riskFiring || f.value(0).toString() == kRenewal;
        frozenFiring = frozenFiring || f.value(0).toString() == kFrozen;
    }
    f.finish();
    const QString creditsText = Money::fromCents(credits).toDecimalString();
    if (atRisk && !riskFiring)
        emitAlert(m_store.fire(
            subscriptionId, kRenewal, nowMs, nowMs,
            {{QStringLiteral("renewalAt"), iso(periodEnd)},
             {QStringLiteral("purchasedLines"), purchased},
             {QStringLiteral("chargeCents"), charge},
             {QStringLiteral("charge"), Money::fromCents(charge).toDecimalString()},
             {QStringLiteral("creditsCents"), credits},
             {QStringLiteral("credits"), creditsText},
             {QStringLiteral("shortfallCents"), charge - credits},
             {QStringLiteral("shortfall"), Money::fromCents(charge - credits).toDecimalString()},
             {QStringLiteral("warningDays"), *rules.renewalWarningDays}}));
    else if (!atRisk && riskFiring) {
        // How it ended: the renewal froze the subscription, was paid, or was covered in time
        // (credits added, lines removed) — or the rule was switched off.
        const QString outcome = status == QLatin1String("frozen") ? QStringLiteral("frozen")
                                : periodEnd > warnedRenewalMs     ? QStringLiteral("renewed")
                                : !rules.renewalWarningDays       ? QStringLiteral("rule-off")
                                                                  : QStringLiteral("covered");
        emitAlert(m_store.resolve(subscriptionId, kRenewal, nowMs,
                                  {{QStringLiteral("creditsCents"), credits},
                                   {QStringLiteral("credits"), creditsText},
                                   {QStringLiteral("outcome"), outcome}}));
    }
    if (frozen && !frozenFiring)
        emitAlert(m_store.fire(subscriptionId, kFrozen, nowMs, nowMs,
                               {{QStringLiteral("creditsCents"), credits},
                                {QStringLiteral("credits"), creditsText},
                                {QStringLiteral("concurrencyLimit"), included + purchased}}));
    else if (!frozen && frozenFiring)
        emitAlert(m_store.resolve(subscriptionId, kFrozen, nowMs,
                                  {{QStringLiteral("creditsCents"), credits},
                                   {QStringLiteral("credits"), creditsText},
                                   {QStringLiteral("concurrencyLimit"), included + purchased}}));
}

void AlertMonitor::scanMoney()
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    const qint64 price = linePriceCents();
    // Who may have a money alert to fire (frozen; or short of the renewal's charge within
    // their warning days, no row meaning the default 3) or to resolve (one firing).
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT s.id FROM subscription s LEFT JOIN alert_rule r"
                       " ON r.subscription_id = s.id WHERE (s.status = 'frozen' AND"
                       " COALESCE(r.on_frozen, 1) = 1) OR (s.status = 'active' AND"
                       " s.purchased_lines > 0 AND s.credits_cents < s.purchased_lines * :price"
                       " AND s.period_end > :now AND s.period_end - :now <= (CASE WHEN"
                       " r.subscription_id IS NULL THEN 3 ELSE r.renewal_warning_days END)"
                       " * 86400000)"
                       " UNION SELECT subscription_id FROM alert WHERE state = 'firing' AND"
                       " kind IN ('renewal-at-risk', 'frozen')"),
        {{":price", price}, {":now", now}});
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    q.finish();
    for (const QString &id : ids) {
        try {
            checkMoney(id, now, price);
        } catch (const DatabaseException &e) {
            qCWarning(lcAlerts).noquote()
                << "money alerts of" << id << "not evaluated:" << e.message();
        }
    }
}

} // namespace linedesk::server
