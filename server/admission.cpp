#include "admission.h"

#include "accounts.h"
#include "apiexception.h"
#include "callrequest.h"
#include "clock.h"
#include "database.h"
#include "history.h"
#include "idempotency.h"
#include "jsonutil.h"
#include "ledger.h"
#include "requestbodies.h"

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

// The call's columns in the order readRow() expects; ?1 is the call's id.
#define LINEDESK_CALL_COLUMNS                                                                      \
    "c.id, c.subscription_id, c.org_id, c.created_by, c.type, c.status, c.created_at,"             \
    " c.ended_at, c.ended_reason, c.last_heartbeat_at, c.lease_expires_at, c.blocked,"             \
    " c.limit_at_start, c.remaining_at_start, c.updated_at, c.details, c.deleted_at"
// The same without the table's name (a function's result columns).
#define LINEDESK_CALL_COLUMNS_BARE                                                                 \
    "id, subscription_id, org_id, created_by, type, status, created_at, ended_at, ended_reason,"   \
    " last_heartbeat_at, lease_expires_at, blocked, limit_at_start, remaining_at_start,"           \
    " updated_at, details, deleted_at"
// How many columns the two give.
constexpr int kCallColumns = 17;

ApiException endForbidden(const QString &what = QStringLiteral("end"))
{
    return ApiException(403, QStringLiteral("forbidden"),
                        QStringLiteral("Only the caller or an admin of the organization can %1 "
                                       "this call.")
                            .arg(what));
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
    QVariant updatedAt;
    QString details; // JSON object
    QVariant deletedAt;
};

namespace {

Admission::Row readRow(const Database::Statement &q)
{
    Admission::Row r;
    r.id = q.text(0);
    r.subscriptionId = q.text(1);
    r.orgId = q.text(2);
    r.createdBy = q.text(3);
    r.type = q.text(4);
    r.status = q.text(5);
    r.createdAt = q.nullableInt64(6);
    r.endedAt = q.nullableInt64(7);
    r.endedReason = q.text(8);
    r.lastHeartbeatAt = q.nullableInt64(9);
    r.leaseExpiresAt = q.nullableInt64(10);
    r.blocked = q.integer(11) == 1;
    r.limitAtStart = q.integer(12);
    r.remainingAtStart = q.integer(13);
    r.updatedAt = q.nullableInt64(14);
    r.details = q.text(15);
    r.deletedAt = q.nullableInt64(16);
    return r;
}

Admission::Row readRow(const QSqlQuery &q)
{
    auto int64 = [&q](int i) {
        return q.isNull(i) ? QVariant() : QVariant(q.value(i).toLongLong());
    };
    Admission::Row r;
    r.id = q.value(0).toString();
    r.subscriptionId = q.value(1).toString();
    r.orgId = q.value(2).toString();
    r.createdBy = q.value(3).toString();
    r.type = q.value(4).toString();
    r.status = q.value(5).toString();
    r.createdAt = int64(6);
    r.endedAt = int64(7);
    r.endedReason = q.value(8).toString();
    r.lastHeartbeatAt = int64(9);
    r.leaseExpiresAt = int64(10);
    r.blocked = q.value(11).toLongLong() == 1;
    r.limitAtStart = q.value(12).toInt();
    r.remainingAtStart = q.value(13).toInt();
    r.updatedAt = int64(14);
    r.details = q.value(15).toString();
    r.deletedAt = int64(16);
    return r;
}

} // namespace

Admission::Row Admission::load(const QString &callId)
{
    auto q = m_db.statement("SELECT " LINEDESK_CALL_COLUMNS " FROM call c WHERE c.id = ?1");
    q.bind(1, callId);
    if (!q.step())
        throw callNotFound(callId);
    Row row = readRow(q);
    if (!row.deletedAt.isNull())
        throw callNotFound(callId); // its data was deleted: the calls API knows it no more
    return row;
}

Admission::Row Admission::load(const QString &callId, const QString &userId, QString *role)
{
    // The call and the caller's role in its organization in one read.
    auto q = m_db.statement("SELECT " LINEDESK_CALL_COLUMNS ", (SELECT m.role FROM membership m"
                            " WHERE m.user_id = ?2 AND m.org_id = c.org_id) FROM call c"
                            " WHERE c.id = ?1");
    q.bind(1, callId).bind(2, userId);
    if (!q.step())
        throw callNotFound(callId);
    *role = q.text(kCallColumns);
    Row row = readRow(q);
    if (!row.deletedAt.isNull())
        throw callNotFound(callId);
    return row;
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
    c.updatedAt = fromMs(r.updatedAt.isNull() ? r.createdAt : r.updatedAt);
    c.deletedAt = fromMs(r.deletedAt);
    c.subscriptionLimits = {r.blocked, r.limitAtStart, r.remainingAtStart};
    if (!r.details.isEmpty() && r.details != QLatin1String("{}"))
        c.details = QJsonDocument::fromJson(r.details.toUtf8()).object();
    return c;
}

namespace {

// A start the caller may not make: the same answers on both backends.
ApiException startRefused(const QString &outcome, const Caller &caller, const QString &orgId)
{
    if (outcome == QLatin1String("forbidden"))
        return ApiException(403, QStringLiteral("forbidden"),
                            QStringLiteral("Only an organization's admin can start calls."));
    if (outcome == QLatin1String("org-id-required"))
        return ApiException(400, QStringLiteral("org-id-required"),
                            caller.support
                                ? QStringLiteral("Support must say which organization the call "
                                                 "is for (orgId).")
                                : QStringLiteral("You are an admin of several organizations: "
                                                 "give orgId."));
    return ApiException(404, QStringLiteral("org-not-found"),
                        QStringLiteral("No organization with id %1.").arg(orgId.left(100)));
}

} // namespace

Admission::Started Admission::start(const Caller &caller, const CallRequest &request,
                                    const QString &idempotencyKey)
{
    Activity activity;
    Started started;
    if (idempotencyKey.isEmpty()) {
        started.body = admit(caller, request, &activity).toJson();
    } else {
        // As purchases do: retries of one key, whichever instance they reach, queue on its
        // lock; a later one finds the first one's record once that has committed, and
        // answers it again. The record is written in the same transaction as the call.
        const QByteArray hash =
            idempotency::requestHash("POST", QStringLiteral("/call"), request.canonicalBody);
        Database::Transaction tx(m_db);
        m_db.lockKey(idempotency::lockName(caller.userId, idempotencyKey));
        if (const auto first = idempotency::find(m_db, caller.userId, idempotencyKey)) {
            if (first->requestHash != hash &&
                first->requestHash != QByteArrayLiteral(idempotency::kErasedCallHash))
                throw idempotency::keyReused();
            started.status = first->status;
            started.body = first->body;
            started.replayed = true;
            return started; // nothing written: the transaction rolls back
        }
        started.body = admit(caller, request, &activity).toJson();
        idempotency::store(m_db, caller.userId, idempotencyKey,
                           {hash, started.status, started.body,
                            started.body.value(QLatin1String("id")).toString()},
                           m_clock.now().toMSecsSinceEpoch());
        tx.commit();
    }
    if (onActivity)
        onActivity(activity);
    return started;
}

Call Admission::admit(const Caller &caller, const CallRequest &request, Activity *activity)
{
    const QString type = request.type;
    QString orgId = request.orgId;
    if (orgId.isEmpty() && caller.support)
        throw startRefused(QStringLiteral("org-id-required"), caller, orgId);

    // Keep what the platform's CreateCall body carries that is useful later.
    const QString detailsJson =
        request.details.isEmpty()
            ? QStringLiteral("{}")
            : QString::fromUtf8(QJsonDocument(request.details).toJson(QJsonDocument::Compact));

    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    Row row;
    row.id = Accounts::newId();
    row.createdBy = caller.userId;
    row.type = type;
    row.createdAt = nowMs;
    int active = 0;
    int limit = 0;
    qint64 seq = 0;
    bool admitted = false;
    if (m_db.isPostgres()) {
        // One statement, one round trip: the same steps as below, in linedesk_call_start
        // (schema version 5), which also sends the live update at commit.
        auto q = m_db.statement("SELECT outcome, org_id, subscription_id, active, line_limit,"
                                " activity_seq FROM linedesk_call_start(?1, ?2, ?3, ?4, ?5, ?6,"
                                " ?7, ?8)");
        q.bind(1, caller.userId)
            .bind(2, orgId.isEmpty() ? QString() : orgId)
            .bind(3, caller.support ? 1 : 0)
            .bind(4, row.id)
            .bind(5, type)
            .bind(6, nowMs)
            .bind(7, m_leaseMs)
            .bind(8, detailsJson);
        if (!q.step())
            throw DatabaseException(QStringLiteral("linedesk_call_start returned no row"));
        const QString outcome = q.text(0);
        row.orgId = q.text(1);
        row.subscriptionId = q.text(2);
        active = q.integer(3);
        limit = q.integer(4);
        seq = q.int64(5);
        q.run();
        if (outcome != QLatin1String("admitted") && outcome != QLatin1String("blocked"))
            throw startRefused(outcome, caller, orgId);
        admitted = outcome == QLatin1String("admitted");
    } else {
        QString subscriptionId;
        if (orgId.isEmpty()) {
            QStringList orgs;
            {
                auto q = m_db.statement("SELECT m.org_id, o.subscription_id FROM membership m"
                                        " LEFT JOIN org o ON o.id = m.org_id"
                                        " WHERE m.user_id = ?1 AND m.role = 'admin' LIMIT 2");
                q.bind(1, caller.userId);
                while (q.step()) {
                    orgs << q.text(0);
                    subscriptionId = q.text(1);
                }
            }
            if (orgs.size() != 1)
                throw startRefused(orgs.isEmpty() ? QStringLiteral("forbidden")
                                                  : QStringLiteral("org-id-required"),
                                   caller, orgId);
            orgId = orgs.first();
        } else {
            // The organization's subscription and the caller's role in it in one read.
            QString role;
            bool found = false;
            {
                auto q = m_db.statement("SELECT o.subscription_id, (SELECT m.role FROM"
                                        " membership m WHERE m.user_id = ?1 AND m.org_id = o.id)"
                                        " FROM org o WHERE o.id = ?2");
                q.bind(1, caller.userId).bind(2, orgId);
                found = q.step();
                if (found) {
                    subscriptionId = q.text(0);
                    role = q.text(1);
                }
            }
            if (!found || (!caller.support && role.isEmpty()))
                throw startRefused(QStringLiteral("org-not-found"), caller, orgId);
            if (!caller.support && role != QLatin1String("admin"))
                throw startRefused(QStringLiteral("forbidden"), caller, orgId);
        }
        if (subscriptionId.isEmpty())
            throw startRefused(QStringLiteral("org-not-found"), caller, orgId);
        row.subscriptionId = subscriptionId;
        row.orgId = orgId;

        Database::Transaction tx(m_db);
        // The admission itself: one conditional increment, atomic in SQLite (and in
        // PostgreSQL's function). RETURNING gives the count and limit it left, so no second
        // read when admitted.
        {
            auto admit = m_db.statement(
                "UPDATE subscription SET active_calls = active_calls + 1,"
                " activity_seq = activity_seq + 1 WHERE id = ?1"
                " AND active_calls < included_lines + purchased_lines"
                " RETURNING active_calls, included_lines + purchased_lines, activity_seq");
            admit.bind(1, row.subscriptionId);
            admitted = admit.step();
            if (admitted) {
                active = admit.integer(0);
                limit = admit.integer(1);
                seq = admit.int64(2);
            }
            admit.run(); // to completion (nothing more once it returned no row)
        }
        if (!admitted) {
            auto state = m_db.statement("SELECT active_calls, included_lines + purchased_lines,"
                                        " activity_seq FROM subscription WHERE id = ?1");
            state.bind(1, row.subscriptionId);
            if (state.step()) {
                active = state.integer(0);
                limit = state.integer(1);
                seq = state.int64(2);
            }
        }
        {
            auto insert = m_db.statement(
                "INSERT INTO call (id, subscription_id, org_id, created_by, type, status,"
                " created_at, ended_at, ended_reason, last_heartbeat_at, lease_expires_at,"
                " blocked, limit_at_start, remaining_at_start, details, start_seq, updated_at,"
                " assistant_id, phone_number_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?7, ?17, ?18)");
            insert.bind(1, row.id)
                .bind(2, row.subscriptionId)
                .bind(3, row.orgId)
                .bind(4, row.createdBy)
                .bind(5, row.type)
                .bind(6, admitted ? QStringLiteral("in-progress") : QStringLiteral("ended"))
                .bind(7, nowMs);
            if (admitted) {
                insert.bindNull(8).bindNull(9).bind(10, nowMs).bind(11, nowMs + m_leaseMs);
            } else {
                insert.bind(8, nowMs).bind(9, Call::blockedReason()).bindNull(10).bindNull(11);
            }
            insert.bind(12, admitted ? 0 : 1)
                .bind(13, limit)
                .bind(14, qMax(0, limit - active))
                .bind(15, detailsJson)
                .bind(16, seq)
                .bind(17, request.details.value(QLatin1String("assistantId")).toString())
                .bind(18, request.details.value(QLatin1String("phoneNumberId")).toString())
                .run();
        }
        m_history.record(row.subscriptionId, nowMs, admitted ? active - 1 : active, active,
                         admitted ? 0 : 1, limit);
        tx.commit();
    }
    row.blocked = !admitted;
    row.updatedAt = nowMs;
    row.details = detailsJson;
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
    *activity = {row.subscriptionId, active, row.blocked ? 1 : 0, limit, seq};
    return toCall(row);
}

Call Admission::get(const Caller &caller, const QString &callId)
{
    QString role;
    const Row row = load(callId, caller.userId, &role);
    if (!caller.support && role.isEmpty())
        throw callNotFound(callId);
    return toCall(row);
}

bool Admission::authorize(const Caller &caller, const Row &row, const QString &role,
                          const QString &reason, Change change)
{
    if (role.isEmpty() && !caller.support)
        throw callNotFound(row.id);
    const bool asSupport = role.isEmpty() || (caller.support && row.createdBy != caller.userId &&
                                              role != QLatin1String("admin"));
    static const char *const verbs[] = {"end", "rename", "delete"};
    const QString verb = QLatin1String(verbs[int(change)]);
    if (!asSupport && row.createdBy != caller.userId && role != QLatin1String("admin"))
        throw endForbidden(verb);
    if (asSupport && reason.trimmed().isEmpty())
        throw ApiException(
            400, QStringLiteral("reason-required"),
            QStringLiteral("Support must give a reason to %1 a customer's call.").arg(verb));
    return asSupport;
}

QJsonArray Admission::list(const Caller &caller, const CallListQuery &query)
{
    QVariantMap binds;
    const QString sql = listSql(m_db, caller, query, &binds);
    if (sql.isEmpty())
        return {};
    QSqlQuery q = m_db.exec(sql, binds);
    QJsonArray result;
    while (q.next())
        result.append(toCall(readRow(q)).toJson());
    return result;
}

QString Admission::listSql(Database &db, const Caller &caller, const CallListQuery &query,
                           QVariantMap *bindsOut)
{
    const bool sqlite = !db.isPostgres();
    QVariantMap &binds = *bindsOut;
    auto bind = [&binds](const QVariant &value) {
        const QString name = QStringLiteral(":b%1").arg(binds.size());
        binds.insert(name, value);
        return name;
    };
    const std::tuple<const char *, const char *, const std::optional<qint64> *> times[] = {
        {"created_at", ">", &query.createdAtGtMs},  {"created_at", "<", &query.createdAtLtMs},
        {"created_at", ">=", &query.createdAtGeMs}, {"created_at", "<=", &query.createdAtLeMs},
        {"updated_at", ">", &query.updatedAtGtMs},  {"updated_at", "<", &query.updatedAtLtMs},
        {"updated_at", ">=", &query.updatedAtGeMs}, {"updated_at", "<=", &query.updatedAtLeMs},
    };
    // One call, an assistant's or a phone number's calls: each has its own index, read newest
    // first, far more selective than anything else here.
    const bool byId = !query.id.isEmpty();
    const bool narrow = byId || !query.assistantId.isEmpty() || !query.phoneNumberId.isEmpty();
    const bool inProgress = query.status == QLatin1String("in-progress");
    const bool byUpdateTime =
        query.updatedAtGtMs || query.updatedAtLtMs || query.updatedAtGeMs || query.updatedAtLeMs;

    // SQLite has no statistics: it cannot tell an update-time window of a few calls (a client
    // polling for changes) from one of most of them. Read newest first by start, a window
    // with fewer matches than the limit costs every call the caller may see; read from
    // call_updated, a wide one costs all of the window. So count the window's first kProbe
    // entries in call_updated (the index alone): fewer, and the window is read from there;
    // else newest first by start. PostgreSQL knows from its statistics.
    constexpr int kProbe = 2000;
    bool updatedIndex = false;
    if (sqlite && byUpdateTime && !narrow && !inProgress) {
        QStringList range;
        QVariantMap probeBinds;
        for (const auto &[column, op, value] : times)
            if (*value && qstrcmp(column, "updated_at") == 0) {
                const QString name = QStringLiteral(":p%1").arg(probeBinds.size());
                probeBinds.insert(name, **value);
                range << QStringLiteral("updated_at %1 %2").arg(QLatin1String(op), name);
            }
        QSqlQuery probe =
            db.exec(QStringLiteral("SELECT COUNT(*) FROM (SELECT 1 FROM call INDEXED BY"
                                   " call_updated WHERE %1 LIMIT %2)")
                        .arg(range.join(QLatin1String(" AND ")))
                        .arg(kProbe),
                    probeBinds);
        updatedIndex = probe.next() && probe.value(0).toInt() < kProbe;
    }

    // A member sees the calls of its organizations. Newest first over several, one query
    // reads every call of them and sorts (a big customer's hundreds of thousands), or walks
    // all calls newest first and skips the others' (for a small customer, the whole table);
    // neither planner can tell which organization is which size (PostgreSQL plans a join for
    // an average one). So one branch per organization, each its first `limit` calls from the
    // organization's own indexes (with an assistant or a phone number: call_org_assistant,
    // call_org_phone_number), and the first `limit` of those. Not for one call by id, nor a
    // short update window (their own index leads), nor more than kMaxBranches organizations.
    constexpr int kMaxBranches = 100;
    QStringList orgs;
    if (!caller.support && !byId && !updatedIndex) {
        QString sql = QStringLiteral("SELECT org_id FROM membership WHERE user_id = :u");
        QVariantMap orgBinds{{QStringLiteral(":u"), caller.userId}};
        if (!query.orgId.isEmpty()) {
            sql += QStringLiteral(" AND org_id = :o");
            orgBinds.insert(QStringLiteral(":o"), query.orgId);
        }
        QSqlQuery q = db.exec(
            sql + QStringLiteral(" ORDER BY org_id LIMIT %1").arg(kMaxBranches + 1), orgBinds);
        while (q.next())
            orgs << q.value(0).toString();
        if (orgs.isEmpty())
            return {}; // no organization (or not that one): nothing to see, no query
        if (orgs.size() > kMaxBranches)
            orgs.clear();
    }

    QStringList where{QStringLiteral("c.deleted_at IS NULL")};
    if (!caller.support && orgs.isEmpty()) {
        if (!narrow && !updatedIndex)
            where << QStringLiteral("c.org_id IN (SELECT org_id FROM membership WHERE"
                                    " user_id = %1)")
                         .arg(bind(caller.userId));
        else if (sqlite) // a filter only: the unary + keeps SQLite off the organizations' index
            where << QStringLiteral("+c.org_id IN (SELECT org_id FROM membership WHERE"
                                    " user_id = %1)")
                         .arg(bind(caller.userId));
        else // a filter only, row by row: OFFSET 0 keeps PostgreSQL from making it a join
            where << QStringLiteral("EXISTS (SELECT 1 FROM membership m WHERE m.user_id = %1"
                                    " AND m.org_id = c.org_id OFFSET 0)")
                         .arg(bind(caller.userId));
    }
    // Read newest first by start, an update window is a filter: the unary + keeps SQLite from
    // reading all of it from call_updated instead.
    const bool updatedFilter = sqlite && !updatedIndex;
    for (const auto &[column, op, value] : times)
        if (*value)
            where << QStringLiteral("%1c.%2 %3 %4")
                         .arg(updatedFilter && qstrcmp(column, "updated_at") == 0
                                  ? QStringLiteral("+")
                                  : QString(),
                              QLatin1String(column), QLatin1String(op), bind(**value));
    // A call changes only after it started: an upper bound on the update time is one on the
    // start too (with an hour's room for instances whose clocks differ), so that the calls
    // newest first start near the bound instead of at the newest call.
    constexpr qint64 kClockSlackMs = 3600'000;
    for (const std::optional<qint64> *upper : {&query.updatedAtLtMs, &query.updatedAtLeMs})
        if (*upper)
            where << QStringLiteral("c.created_at <= %1").arg(bind(**upper + kClockSlackMs));
    const std::pair<const char *, const QString *> equal[] = {
        {"c.id", &query.id},
        {"c.assistant_id", &query.assistantId},
        {"c.phone_number_id", &query.phoneNumberId},
        // In a branch the organization's index leads (SQLite would as soon walk the
        // subscription's, through the calls of its other organizations).
        {sqlite && !orgs.isEmpty() ? "+c.subscription_id" : "c.subscription_id",
         &query.subscriptionId},
        {"c.org_id", &query.orgId},
    };
    for (const auto &[column, value] : equal)
        if (!value->isEmpty())
            where << QStringLiteral("%1 = %2").arg(QLatin1String(column), bind(*value));
    // A literal (one of two values, checked): the partial indexes of calls in progress apply.
    if (!query.status.isEmpty())
        where << (inProgress ? QStringLiteral("c.status = 'in-progress'")
                             : QStringLiteral("c.status = 'ended'"));

    const QString order =
        QStringLiteral(" ORDER BY c.created_at DESC, c.id DESC LIMIT %1").arg(query.limit);
    const QString filters = where.join(QLatin1String(" AND "));
    QString sql;
    if (orgs.size() == 1) {
        sql = QStringLiteral("SELECT " LINEDESK_CALL_COLUMNS " FROM call c WHERE c.org_id = %1"
                             " AND %2")
                  .arg(bind(orgs.first()), filters) +
              order;
    } else if (!orgs.isEmpty()) {
        QStringList branches;
        for (const QString &org : std::as_const(orgs))
            branches << QStringLiteral("SELECT * FROM (SELECT " LINEDESK_CALL_COLUMNS " FROM call"
                                       " c WHERE c.org_id = %1 AND %2%3) b%4")
                            .arg(bind(org), filters, order)
                            .arg(branches.size());
        sql = QStringLiteral("SELECT * FROM (%1) c ORDER BY c.created_at DESC, c.id DESC LIMIT %2")
                  .arg(branches.join(QLatin1String(" UNION ALL ")))
                  .arg(query.limit);
    } else {
        sql = QStringLiteral("SELECT " LINEDESK_CALL_COLUMNS " FROM call c%1 WHERE %2")
                  .arg(updatedIndex ? QStringLiteral(" INDEXED BY call_updated") : QString(),
                       filters) +
              order;
    }
    return sql;
}

Call Admission::update(const Caller &caller, const QString &callId, const UpdateCallBody &body)
{
    Database::Transaction tx(m_db);
    QString role;
    Row row = load(callId, caller.userId, &role);
    const bool asSupport = authorize(caller, row, role, body.reason, Change::Rename);
    QJsonObject details = QJsonDocument::fromJson(row.details.toUtf8()).object();
    const QString oldName = details.value(QLatin1String("name")).toString();
    if (!body.name || *body.name == oldName)
        return toCall(row); // nothing to change: updatedAt stays
    if (body.name->isEmpty())
        details.remove(QStringLiteral("name"));
    else
        details.insert(QStringLiteral("name"), *body.name);
    // Never before its last change (another instance's clock may be a little behind).
    const qint64 nowMs = qMax(m_clock.now().toMSecsSinceEpoch(), row.updatedAt.toLongLong());
    row.details = QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
    row.updatedAt = nowMs;
    // Conditional on the call's data still being there: a deletion that came between the read
    // and this write wins, and nothing it erased comes back.
    const int changed = m_db.statement("UPDATE call SET details = ?1, updated_at = ?2"
                                       " WHERE id = ?3 AND deleted_at IS NULL")
                            .bind(1, row.details)
                            .bind(2, nowMs)
                            .bind(3, row.id)
                            .run();
    if (changed != 1)
        throw callNotFound(callId);
    if (asSupport) // the fields changed, never their values (a deletion must leave no name)
        ledger::recordAudit(
            m_db, {row.subscriptionId, nowMs, caller.userId, caller.email,
                   QStringLiteral("call.update"), QJsonObject{{QStringLiteral("callId"), row.id}},
                   QJsonObject{{QStringLiteral("callId"), row.id},
                               {QStringLiteral("fields"), QJsonArray{QStringLiteral("name")}}},
                   body.reason, caller.requestId});
    tx.commit();
    return toCall(row);
}

QList<Call> Admission::remove(const Caller &caller, const QStringList &callIds,
                              const QString &reason)
{
    Database::Transaction tx(m_db);
    // In one order whatever the request's (on PostgreSQL each row is locked as it is erased):
    // two bulk deletions of overlapping calls queue instead of deadlocking.
    QStringList ordered = callIds;
    std::sort(ordered.begin(), ordered.end());
    QHash<QString, Row> erasedRows;
    for (const QString &id : std::as_const(ordered)) {
        QString role;
        Row row = load(id, caller.userId, &role);
        authorize(caller, row, role, reason, Change::Delete); // every deletion is audited
        if (row.status == QLatin1String("in-progress"))
            throw ApiException(409, QStringLiteral("call-in-progress"),
                               QStringLiteral("Call %1 is in progress: end it first (POST "
                                              "/call/{id}/end), then delete its data.")
                                   .arg(id.left(100)));
        const qint64 nowMs = qMax(m_clock.now().toMSecsSinceEpoch(), row.updatedAt.toLongLong());
        row.details = QStringLiteral("{}");
        row.updatedAt = nowMs;
        row.deletedAt = nowMs;
        // Only what identifies a person or was typed goes: the row's times, type, outcome and
        // sequence stay, so history, analytics and the capacity plan count it as before.
        const int erased = m_db.statement("UPDATE call SET details = '{}', assistant_id = NULL,"
                                          " phone_number_id = NULL, deleted_at = ?1,"
                                          " updated_at = ?1 WHERE id = ?2 AND status = 'ended'"
                                          " AND deleted_at IS NULL")
                               .bind(1, nowMs)
                               .bind(2, row.id)
                               .run();
        if (erased != 1) // deleted or (PostgreSQL) changed by another request meanwhile
            throw ApiException(409, QStringLiteral("concurrent-change"),
                               QStringLiteral("Call %1 changed while it was being deleted; try "
                                              "again.")
                                   .arg(id.left(100)));
        // The answer an Idempotency-Key keeps for the call's start held its details: it keeps
        // the erased call instead, so a retry still starts nothing and shows nothing erased.
        const QString erasedBody =
            QString::fromUtf8(QJsonDocument(toCall(row).toJson()).toJson(QJsonDocument::Compact));
        // Its request hash goes too: a hash of the start's body could give the erased details
        // away to whoever tries candidate bodies.
        m_db.statement("UPDATE idempotency_record SET response_body = ?1, request_hash = ?2"
                       " WHERE call_id = ?3")
            .bind(1, erasedBody)
            .bind(2, QString::fromLatin1(idempotency::kErasedCallHash))
            .bind(3, row.id)
            .run();
        ledger::recordAudit(
            m_db,
            {row.subscriptionId, nowMs, caller.userId, caller.email, QStringLiteral("call.delete"),
             QJsonObject{{QStringLiteral("callId"), row.id},
                         {QStringLiteral("status"), row.status},
                         {QStringLiteral("createdAt"), json::isoTime(fromMs(row.createdAt))}},
             QJsonObject{{QStringLiteral("callId"), row.id}, {QStringLiteral("deleted"), true}},
             reason, caller.requestId});
        erasedRows.insert(row.id, row);
    }
    tx.commit();
    QList<Call> result;
    for (const QString &id : callIds) // in the request's order
        result << toCall(erasedRows.value(id));
    qCInfo(lcAdmission) << "deleted the data of" << result.size() << "calls";
    return result;
}

Call Admission::heartbeat(const Caller &caller, const QString &callId)
{
    QString role;
    const Row row = load(callId, caller.userId, &role);
    if (role.isEmpty() && !caller.support)
        throw callNotFound(callId);
    if (row.createdBy != caller.userId && role != QLatin1String("admin"))
        throw ApiException(403, QStringLiteral("forbidden"),
                           QStringLiteral("Only the caller or an admin of the organization can "
                                          "renew this call's lease."));
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    const int renewed = m_db.statement("UPDATE call SET last_heartbeat_at = ?1,"
                                       " lease_expires_at = ?2, updated_at = ?1 WHERE id = ?3"
                                       " AND status = 'in-progress'")
                            .bind(1, nowMs)
                            .bind(2, nowMs + m_leaseMs)
                            .bind(3, callId)
                            .run();
    if (renewed != 1)
        throw ApiException(409, QStringLiteral("call-ended"),
                           QStringLiteral("The call has ended (%1); start a new one.")
                               .arg(load(callId).endedReason));
    // Renewed: still in progress, and only the two times changed.
    Row after = row;
    after.status = QStringLiteral("in-progress");
    after.lastHeartbeatAt = nowMs;
    after.leaseExpiresAt = nowMs + m_leaseMs;
    after.updatedAt = nowMs;
    return toCall(after);
}

bool Admission::finish(const QString &callId, qint64 nowMs, const QString &reason, Ended *out)
{
    if (m_db.isPostgres()) {
        // One statement (schema version 5), atomic alone or inside a transaction; it sends
        // the live update at commit.
        auto q = m_db.statement("SELECT ended, subscription_id, last_heartbeat_at, active,"
                                " line_limit, activity_seq FROM linedesk_call_end(?1, ?2, ?3)");
        q.bind(1, callId).bind(2, nowMs).bind(3, reason);
        if (!q.step())
            throw DatabaseException(QStringLiteral("linedesk_call_end returned no row"));
        const bool ended = q.integer(0) != 0 || q.text(0) == QLatin1String("true");
        if (ended) {
            out->subscriptionId = q.text(1);
            out->lastHeartbeatAt = q.nullableInt64(2);
            out->active = q.integer(3);
            out->limit = q.integer(4);
            out->seq = q.int64(5);
        }
        q.run();
        return ended;
    }
    // SQLite, inside a Transaction. Conditional on the call being in progress, so a second
    // end frees nothing. RETURNING gives what may have changed since the caller read the call
    // (a heartbeat's time).
    {
        // end_seq: the sequence the subscription's update below gives (SQLite's one writer
        // holds the lock, so nothing comes between); set here, not by a second UPDATE, so the
        // row and its index entry are rewritten once.
        auto q = m_db.statement(
            "UPDATE call SET status = 'ended', ended_at = ?1,"
            " updated_at = ?1, ended_reason = ?2, end_seq = (SELECT s.activity_seq + 1 FROM"
            " subscription s WHERE s.id = call.subscription_id) WHERE id = ?3"
            " AND status = 'in-progress'"
            " RETURNING subscription_id, last_heartbeat_at");
        q.bind(1, nowMs).bind(2, reason).bind(3, callId);
        if (!q.step())
            return false; // already ended: nothing to free
        out->subscriptionId = q.text(0);
        out->lastHeartbeatAt = q.nullableInt64(1);
        q.run();
    }
    {
        auto q = m_db.statement("UPDATE subscription SET active_calls = active_calls - 1,"
                                " activity_seq = activity_seq + 1 WHERE id = ?1 RETURNING"
                                " active_calls, included_lines + purchased_lines, activity_seq");
        q.bind(1, out->subscriptionId);
        if (!q.step())
            throw DatabaseException(
                QStringLiteral("call %1: no subscription %2").arg(callId, out->subscriptionId));
        out->active = q.integer(0);
        out->limit = q.integer(1);
        out->seq = q.int64(2);
        q.run();
    }
    m_history.record(out->subscriptionId, nowMs, out->active + 1, out->active, 0, out->limit);
    return true;
}

Call Admission::end(const Caller &caller, const QString &callId, const QString &reason)
{
    if (m_db.isPostgres() && !caller.support) {
        // A customer's end: one statement (linedesk_call_end_by, schema version 5) checks the
        // caller's right and ends the call, as the code below does.
        auto q = m_db.statement("SELECT " LINEDESK_CALL_COLUMNS_BARE ", outcome, active,"
                                " line_limit, activity_seq FROM linedesk_call_end_by(?1, ?2, ?3)");
        q.bind(1, callId).bind(2, caller.userId).bind(3, m_clock.now().toMSecsSinceEpoch());
        if (!q.step())
            throw DatabaseException(QStringLiteral("linedesk_call_end_by returned no row"));
        const QString outcome = q.text(kCallColumns);
        if (outcome == QLatin1String("not-found"))
            throw callNotFound(callId);
        if (outcome == QLatin1String("forbidden"))
            throw endForbidden();
        const Row row = readRow(q);
        const Activity activity{row.subscriptionId, q.integer(kCallColumns + 1), 0,
                                q.integer(kCallColumns + 2), q.int64(kCallColumns + 3)};
        q.run();
        if (outcome == QLatin1String("ended") && onActivity)
            onActivity(activity);
        return toCall(row);
    }
    QString role;
    const Row row = load(callId, caller.userId, &role);
    const bool asSupport = authorize(caller, row, role, reason, Change::End);
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    const QString endedReason =
        asSupport ? QStringLiteral("ended-by-support") : QStringLiteral("customer-ended-call");
    Ended e;
    bool ended = false;
    if (m_db.isPostgres() && !asSupport) {
        ended = finish(row.id, nowMs, endedReason, &e); // one statement: no transaction
    } else {
        Database::Transaction tx(m_db);
        ended = finish(row.id, nowMs, endedReason, &e);
        if (ended && asSupport)
            ledger::recordAudit(m_db,
                                {row.subscriptionId, nowMs, caller.userId, caller.email,
                                 QStringLiteral("call.end"),
                                 QJsonObject{{QStringLiteral("callId"), row.id},
                                             {QStringLiteral("status"), row.status},
                                             {QStringLiteral("concurrencyCounter"), e.active + 1}},
                                 QJsonObject{{QStringLiteral("callId"), row.id},
                                             {QStringLiteral("status"), QStringLiteral("ended")},
                                             {QStringLiteral("concurrencyCounter"), e.active}},
                                 reason.trimmed().left(1000), caller.requestId});
        tx.commit();
    }
    if (!ended)
        return toCall(load(callId)); // ended before: read what it is now
    if (onActivity)
        onActivity({e.subscriptionId, e.active, 0, e.limit, e.seq});
    Row after = row;
    after.status = QStringLiteral("ended");
    after.endedAt = nowMs;
    after.endedReason = endedReason;
    after.lastHeartbeatAt = e.lastHeartbeatAt;
    after.updatedAt = nowMs;
    return toCall(after);
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
        // Another instance may end the same call at the same moment: the end is conditional
        // on the call being in progress, so only one of them frees its slot.
        Ended e;
        bool ended = false;
        if (m_db.isPostgres()) {
            ended = finish(id, nowMs, QStringLiteral("lease-expired"), &e);
        } else {
            Database::Transaction tx(m_db);
            ended = finish(id, nowMs, QStringLiteral("lease-expired"), &e);
            tx.commit();
        }
        if (ended) {
            ++count;
            if (onActivity)
                onActivity({e.subscriptionId, e.active, 0, e.limit, e.seq});
        }
    }
    if (count > 0)
        qCInfo(lcAdmission) << "ended" << count << "calls whose lease expired";
    return count;
}

QJsonArray Admission::activeCalls(const QString &subscriptionId)
{
    // One read: a call ended (and its data deleted) meanwhile is simply not in it.
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT " LINEDESK_CALL_COLUMNS " FROM call c WHERE"
                                           " c.subscription_id = :sub AND c.status ="
                                           " 'in-progress' AND c.deleted_at IS NULL"
                                           " ORDER BY c.created_at, c.id"),
                            {{":sub", subscriptionId}});
    QJsonArray result;
    while (q.next())
        result.append(toCall(readRow(q)).toJson());
    return result;
}

} // namespace linedesk::server
