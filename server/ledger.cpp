#include "ledger.h"

#include "accounts.h"
#include "database.h"

#include <QJsonDocument>

namespace linedesk::server::ledger {

static QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

QString recordAudit(Database &db, const AuditRecord &r)
{
    const QString id = Accounts::newId();
    db.exec(QStringLiteral("INSERT INTO audit_entry (id, subscription_id, at, actor_user_id, actor,"
                           " action, before_json, after_json, reason, request_id) VALUES (:id,"
                           " :sub, :at, :uid, :actor, :action, :before, :after, :reason, :rid)"),
            {{":id", id},
             {":sub", nullIfEmpty(r.subscriptionId)},
             {":at", r.atMs},
             {":uid", nullIfEmpty(r.actorUserId)},
             {":actor", r.actor},
             {":action", r.action},
             {":before", QString::fromUtf8(QJsonDocument(r.before).toJson(QJsonDocument::Compact))},
             {":after", QString::fromUtf8(QJsonDocument(r.after).toJson(QJsonDocument::Compact))},
             {":reason", r.reason.isNull() ? QStringLiteral("") : r.reason},
             {":rid", nullIfEmpty(r.requestId)}});
    return id;
}

QString recordCreditMovement(Database &db, const QString &subscriptionId, qint64 atMs,
                             qint64 amountCents, const QString &kind, qint64 balanceAfterCents,
                             const QString &reference)
{
    const QString id = Accounts::newId();
    db.exec(
        QStringLiteral("INSERT INTO credit_movement (id, subscription_id, at, amount_cents, kind,"
                       " balance_after_cents, reference) VALUES (:id, :sub, :at, :amount,"
                       " :kind, :balance, :ref)"),
        {{":id", id},
         {":sub", subscriptionId},
         {":at", atMs},
         {":amount", amountCents},
         {":kind", kind},
         {":balance", balanceAfterCents},
         {":ref", nullIfEmpty(reference)}});
    return id;
}

} // namespace linedesk::server::ledger
