#include "admission.h"

#include "accounts.h"
#include "apiexception.h"
#include "clock.h"
#include "database.h"
#include "history.h"
#include "ledger.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcAdmission, "linedesk.server.admission", QtInfoMsg)

namespace linedesk::server {

namespace {

QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

QString orgRole(Database &db, const QString &userId, const QString &orgId)
{
    QSqlQuery q =
        db.exec(QStringLiteral("SELECT role FROM membership WHERE user_id = :u AND org_id = :o"),
                {{":u", userId}, {":o", orgId}});
    return q.next() ? q.value(0).toString() : QString();
}

ApiException callNotFound(const QString &id)
{
    return ApiException(404, QStringLiteral("call-not-found"),
                        QStringLiteral("No call with id %1.").arg(id.left(100)));
}

} // namespace

struct Admission::Row
{
    QString id;
    QString subscriptionId;
    QString orgId;
    QString createdBy;
    QString type;
    QString status;
    QVariant createdAt;
    QVariant endedAt;
    QString endedReason;
    QVariant lastHeartbeatAt;
    QVariant leaseExpiresAt;
    bool blocked = false;
    int limitAtStart = 0;
    int remainingAtStart = 0;
};

Admission::Row Admission::load(const QString &callId)
{
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT id, subscription_id, org_id, created_by, type, status, created_at,"
                       " ended_at, ended_reason, last_heartbeat_at, lease_expires_at, blocked,"
                       " limit_at_start, remaining_at_start FROM call WHERE id = :id"),
        {{":id", callId}});
    if (!q.next())
        throw callNotFound(callId);
    Row r;
    r.id = q.value(0).toString();
    r.subscriptionId = q.value(1).toString();
    r.orgId = q.value(2).toString();
    r.createdBy = q.value(3).toString();
    r.type = q.value(4).toString();
    r.status = q.value(5).toString();
    r.createdAt = q.value(6);
    r.endedAt = q.value(7);
    r.endedReason = q.value(8).toString();
    r.lastHeartbeatAt = q.value(9);
    r.leaseExpiresAt = q.value(10);
    r.blocked = q.value(11).toInt() == 1;
    r.limitAtStart = q.value(12).toInt();
    r.remainingAtStart = q.value(13).toInt();
    return r;
}

Call Admission::toCall(const Row &r) const
{
    Call c;
    c.id = r.id;
    c.orgId = r.orgId;
    c.subscriptionId = r.subscriptionId;
    c.type = r.type;
    c.status = r.status;
    c.createdAt = fromMs(r.createdAt);
    c.endedAt = fromMs(r.endedAt);
    c.endedReason = r.endedReason;
    c.lastHeartbeatAt = fromMs(r.lastHeartbeatAt);
    c.leaseExpiresAt =
        r.status == QLatin1String("in-progress") ? fromMs(r.leaseExpiresAt) : QDateTime();
    c.subscriptionLimits = {r.blocked, r.limitAtStart, r.remainingAtStart};
    return c;
}

Call Admission::start(const Caller &caller, const QJsonObject &body)
{
    static const QStringList types{QStringLiteral("inboundPhoneCall"),
                                   QStringLiteral("outboundPhoneCall"), QStringLiteral("webCall")};
    QString type = QStringLiteral("outboundPhoneCall");
    const QJsonValue typeValue = body.value(QLatin1String("type"));
    if (!typeValue.isUndefined() && !typeValue.isNull()) {
        if (!typeValue.isString() || !types.contains(typeValue.toString()))
            throw ApiException(400, QStringLiteral("invalid-call-type"),
                               QStringLiteral("type must be inboundPhoneCall, outboundPhoneCall "
                                              "or webCall"));
        type = typeValue.toString();
    }
    const QJsonValue orgValue = body.value(QLatin1String("orgId"));
    if (!orgValue.isUndefined() && !orgValue.isNull() && !orgValue.isString())
        throw ApiException(400, QStringLiteral("invalid-org-id"),
                           QStringLiteral("orgId must be a string"));
    QString orgId = orgValue.toString();
    if (orgId.isEmpty()) {
        if (caller.support)
            throw ApiException(400, QStringLiteral("org-id-required"),
                               QStringLiteral("Support must say which organization the call is "
                                              "for (orgId)."));
        QSqlQuery q = m_db.exec(QStringLiteral("SELECT org_id FROM membership WHERE user_id = :u"
                                               " AND role = 'admin'"),
                                {{":u", caller.userId}});
        QStringList orgs;
        while (q.next())
            orgs << q.value(0).toString();
        if (orgs.size() != 1)
            throw ApiException(orgs.isEmpty() ? 403 : 400,
                               orgs.isEmpty() ? QStringLiteral("forbidden")
                                              : QStringLiteral("org-id-required"),
                               orgs.isEmpty() ? QStringLiteral("Only an organization's admin can "
                                                               "start calls.")
                                              : QStringLiteral("You are an admin of several "
                                                               "organizations: give orgId."));
        orgId = orgs.first();
    }
    if (!caller.support) {
        const QString role = orgRole(m_db, caller.userId, orgId);
        if (role.isEmpty())
            throw ApiException(404, QStringLiteral("org-not-found"),
                               QStringLiteral("No organization with id %1.").arg(orgId.left(100)));
        if (role != QLatin1String("admin"))
            throw ApiException(403, QStringLiteral("forbidden"),
                               QStringLiteral("Only an organization's admin can start calls."));
    }
    const auto org = m_accounts.organization(orgId);
    if (!org)
        throw ApiException(404, QStringLiteral("org-not-found"),
                           QStringLiteral("No organization with id %1.").arg(orgId.left(100)));

    // Keep what the platform's CreateCall body carries that is useful later.
    QJsonObject details;
    for (const char *key : {"assistantId", "phoneNumberId", "customer", "name", "squadId"})
        if (body.contains(QLatin1String(key)))
            details.insert(QLatin1String(key), body.value(QLatin1String(key)));

    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    Row row;
    row.id = Accounts::newId();
    row.subscriptionId = org->subscriptionId;
    row.orgId = orgId;
    row.createdBy = caller.userId;
    row.type = type;
    row.createdAt = nowMs;
    int active = 0;
    int limit = 0;
    {
        Database::Transaction tx(m_db);
        // The admission itself: one conditional increment, atomic in SQLite and PostgreSQL.
        QSqlQuery admit = m_db.exec(
            QStringLiteral("UPDATE subscription SET active_calls = active_calls + 1 WHERE id = :id"
                           " AND active_calls < included_lines + purchased_lines"),
            {{":id", row.subscriptionId}});
        const bool admitted = admit.numRowsAffected() == 1;
        QSqlQuery state =
            m_db.exec(QStringLiteral("SELECT active_calls, included_lines +"
                                     " purchased_lines FROM subscription WHERE id = :id"),
                      {{":id", row.subscriptionId}});
        state.next();
        active = state.value(0).toInt();
        limit = state.value(1).toInt();
        row.blocked = !admitted;
        row.limitAtStart = limit;
        row.remainingAtStart = qMax(0, limit - active);
        if (admitted) {
            row.status = QStringLiteral("in-progress");
            row.lastHeartbeatAt = nowMs;
            row.leaseExpiresAt = nowMs + m_leaseMs;
        } else {
            row.status = QStringLiteral("ended");
            row.endedAt = nowMs;
            row.endedReason = Call::blockedReason();
        }
        m_db.exec(
            QStringLiteral("INSERT INTO call (id, subscription_id, org_id, created_by, type,"
                           " status, created_at, ended_at, ended_reason, last_heartbeat_at,"
                           " lease_expires_at, blocked, limit_at_start, remaining_at_start,"
                           " details) VALUES (:id, :sub, :org, :by, :type, :status, :at,"
                           " :ended, :reason, :hb, :lease, :blocked, :limit, :remaining,"
                           " :details)"),
            {{":id", row.id},
             {":sub", row.subscriptionId},
             {":org", row.orgId},
             {":by", row.createdBy},
             {":type", row.type},
             {":status", row.status},
             {":at", nowMs},
             {":ended",
              row.endedAt.isValid() ? row.endedAt : QVariant(QMetaType::fromType<qlonglong>())},
             {":reason", row.endedReason.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                   : QVariant(row.endedReason)},
             {":hb", row.lastHeartbeatAt.isValid() ? row.lastHeartbeatAt
                                                   : QVariant(QMetaType::fromType<qlonglong>())},
             {":lease", row.leaseExpiresAt.isValid() ? row.leaseExpiresAt
                                                     : QVariant(QMetaType::fromType<qlonglong>())},
             {":blocked", row.blocked ? 1 : 0},
             {":limit", row.limitAtStart},
             {":remaining", row.remainingAtStart},
             {":details",
              QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact))}});
        m_history.record(row.subscriptionId, nowMs, admitted ? active - 1 : active, active,
                         admitted ? 0 : 1, limit);
        tx.commit();
    }
    if (onActivity)
        onActivity(row.subscriptionId, active, row.blocked ? 1 : 0, limit);
    return toCall(row);
}

Call Admission::get(const Caller &caller, const QString &callId)
{
    const Row row = load(callId);
    if (!caller.support && orgRole(m_db, caller.userId, row.orgId).isEmpty())
        throw callNotFound(callId);
    return toCall(row);
}

QJsonArray Admission::list(const Caller &caller, const QUrlQuery &query)
{
    int limit = 100;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000)
            throw ApiException(400, QStringLiteral("invalid-limit"),
                               QStringLiteral("limit must be a whole number from 1 to 1000"));
    }
    QStringList where;
    QVariantMap binds;
    if (!caller.support) {
        where << QStringLiteral("c.org_id IN (SELECT org_id FROM membership WHERE user_id = :u)");
        binds.insert(QStringLiteral(":u"), caller.userId);
    }
    auto timeFilter = [&](const char *name, const char *op) {
        const QString v = query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
        if (v.isEmpty())
            return;
        const QDateTime t = QDateTime::fromString(v, Qt::ISODateWithMs);
        if (!t.isValid())
            throw ApiException(
                400, QStringLiteral("invalid-time"),
                QStringLiteral("%1 must be an ISO-8601 time").arg(QLatin1String(name)));
        where << QStringLiteral("c.created_at %1 :%2").arg(QLatin1String(op), QLatin1String(name));
        binds.insert(QLatin1Char(':') + QLatin1String(name), t.toMSecsSinceEpoch());
    };
    timeFilter("createdAtGt", ">");
    timeFilter("createdAtLt", "<");
    for (const char *name : {"subscriptionId", "orgId", "status"}) {
        const QString v = query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
        if (v.isEmpty())
            continue;
        const QString column = QLatin1String(name) == QLatin1String("subscriptionId")
                                   ? QStringLiteral("c.subscription_id")
                               : QLatin1String(name) == QLatin1String("orgId")
                                   ? QStringLiteral("c.org_id")
                                   : QStringLiteral("c.status");
        where << QStringLiteral("%1 = :%2").arg(column, QLatin1String(name));
        binds.insert(QLatin1Char(':') + QLatin1String(name), v);
    }
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT c.id FROM call c %1 ORDER BY c.created_at DESC, c.id DESC LIMIT %2")
            .arg(where.isEmpty() ? QString()
                                 : QStringLiteral("WHERE ") + where.join(QLatin1String(" AND ")))
            .arg(limit),
        binds);
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    QJsonArray result;
    for (const QString &id : ids)
        result.append(toCall(load(id)).toJson());
    return result;
}

Call Admission::heartbeat(const Caller &caller, const QString &callId)
{
    Row row = load(callId);
    const QString role = orgRole(m_db, caller.userId, row.orgId);
    if (role.isEmpty() && !caller.support)
        throw callNotFound(callId);
    if (row.createdBy != caller.userId && role != QLatin1String("admin"))
        throw ApiException(403, QStringLiteral("forbidden"),
                           QStringLiteral("Only the caller or an admin of the organization can "
                                          "renew this call's lease."));
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    QSqlQuery q = m_db.exec(QStringLiteral("UPDATE call SET last_heartbeat_at = :now,"
                                           " lease_expires_at = :lease WHERE id = :id AND"
                                           " status = 'in-progress'"),
                            {{":now", nowMs}, {":lease", nowMs + m_leaseMs}, {":id", callId}});
    if (q.numRowsAffected() != 1)
        throw ApiException(409, QStringLiteral("call-ended"),
                           QStringLiteral("The call has ended (%1); start a new one.")
                               .arg(load(callId).endedReason));
    return toCall(load(callId));
}

bool Admission::endInTransaction(const Row &row, qint64 nowMs, const QString &reason,
                                 int *activeAfter, int *limit)
{
    QSqlQuery q = m_db.exec(QStringLiteral("UPDATE call SET status = 'ended', ended_at = :now,"
                                           " ended_reason = :reason WHERE id = :id AND"
                                           " status = 'in-progress'"),
                            {{":now", nowMs}, {":reason", reason}, {":id", row.id}});
    if (q.numRowsAffected() != 1)
        return false; // already ended: nothing to free
    m_db.exec(
        QStringLiteral("UPDATE subscription SET active_calls = active_calls - 1 WHERE id = :id"),
        {{":id", row.subscriptionId}});
    QSqlQuery state = m_db.exec(QStringLiteral("SELECT active_calls, included_lines +"
                                               " purchased_lines FROM subscription WHERE id = :id"),
                                {{":id", row.subscriptionId}});
    state.next();
    *activeAfter = state.value(0).toInt();
    *limit = state.value(1).toInt();
    m_history.record(row.subscriptionId, nowMs, *activeAfter + 1, *activeAfter, 0, *limit);
    return true;
}

Call Admission::end(const Caller &caller, const QString &callId, const QString &reason)
{
    Row row = load(callId);
    const QString role = orgRole(m_db, caller.userId, row.orgId);
    if (role.isEmpty() && !caller.support)
        throw callNotFound(callId);
    const bool asSupport = role.isEmpty() || (caller.support && row.createdBy != caller.userId &&
                                              role != QLatin1String("admin"));
    if (!asSupport && row.createdBy != caller.userId && role != QLatin1String("admin"))
        throw ApiException(403, QStringLiteral("forbidden"),
                           QStringLiteral("Only the caller or an admin of the organization can "
                                          "end this call."));
    if (asSupport && reason.trimmed().isEmpty())
        throw ApiException(400, QStringLiteral("reason-required"),
                           QStringLiteral("Support must give a reason to end a customer's call."));
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    int active = 0;
    int limit = 0;
    bool ended = false;
    {
        Database::Transaction tx(m_db);
        ended = endInTransaction(row, nowMs,
                                 asSupport ? QStringLiteral("ended-by-support")
                                           : QStringLiteral("customer-ended-call"),
                                 &active, &limit);
        if (ended && asSupport)
            ledger::recordAudit(m_db,
                                {row.subscriptionId, nowMs, caller.userId, caller.email,
                                 QStringLiteral("call.end"),
                                 QJsonObject{{QStringLiteral("callId"), row.id},
                                             {QStringLiteral("status"), row.status},
                                             {QStringLiteral("concurrencyCounter"), active + 1}},
                                 QJsonObject{{QStringLiteral("callId"), row.id},
                                             {QStringLiteral("status"), QStringLiteral("ended")},
                                             {QStringLiteral("concurrencyCounter"), active}},
                                 reason.trimmed().left(1000), caller.requestId});
        tx.commit();
    }
    if (ended && onActivity)
        onActivity(row.subscriptionId, active, 0, limit);
    return toCall(load(callId));
}

int Admission::expireLeases()
{
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    QStringList expired;
    {
        QSqlQuery q = m_db.exec(QStringLiteral("SELECT id FROM call WHERE status = 'in-progress'"
                                               " AND lease_expires_at <= :now LIMIT 5000"),
                                {{":now", nowMs}});
        while (q.next())
            expired << q.value(0).toString();
    }
    int count = 0;
    for (const QString &id : expired) {
        const Row row = load(id);
        int active = 0;
        int limit = 0;
        bool ended = false;
        {
            Database::Transaction tx(m_db);
            ended = endInTransaction(row, nowMs, QStringLiteral("lease-expired"), &active, &limit);
            tx.commit();
        }
        if (ended) {
            ++count;
            if (onActivity)
                onActivity(row.subscriptionId, active, 0, limit);
        }
    }
    if (count > 0)
        qCInfo(lcAdmission) << "ended" << count << "calls whose lease expired";
    return count;
}

QJsonArray Admission::activeCalls(const QString &subscriptionId)
{
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT id FROM call WHERE subscription_id = :sub AND"
                                           " status = 'in-progress' ORDER BY created_at, id"),
                            {{":sub", subscriptionId}});
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    QJsonArray result;
    for (const QString &id : ids)
        result.append(toCall(load(id)).toJson());
    return result;
}

} // namespace linedesk::server
