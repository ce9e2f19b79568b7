#pragma once

#include <QJsonObject>
#include <QString>

namespace linedesk::server {

class Database;

// Rows every change of money or lines writes, inside the caller's transaction.
namespace ledger {

struct AuditRecord
{
    QString subscriptionId;
    qint64 atMs = 0;
    QString actorUserId; // empty for the system or an operator
    QString actor;
    QString action;
    QJsonObject before;
    QJsonObject after;
    QString reason;
    QString requestId;
};
QString recordAudit(Database &db, const AuditRecord &r);

// amountCents > 0 adds credits, < 0 takes them. Returns the movement's id.
QString recordCreditMovement(Database &db, const QString &subscriptionId, qint64 atMs,
                             qint64 amountCents, const QString &kind, qint64 balanceAfterCents,
                             const QString &reference);

} // namespace ledger
} // namespace linedesk::server
