#include "idempotency.h"

#include "apiexception.h"
#include "database.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace linedesk::server::idempotency {

QString lockName(const QString &userId, const QString &key)
{
    return QStringLiteral("idempotency\n%1\n%2").arg(userId, key);
}

QByteArray requestHash(const QByteArray &method, const QString &path,
                       const QByteArray &canonicalBody)
{
    return QCryptographicHash::hash(method + ' ' + path.toUtf8() + '\n' + canonicalBody,
                                    QCryptographicHash::Sha256)
        .toHex();
}

std::optional<Record> find(Database &db, const QString &userId, const QString &key)
{
    auto q = db.statement("SELECT request_hash, status, response_body FROM idempotency_record"
                          " WHERE user_id = ?1 AND idempotency_key = ?2");
    q.bind(1, userId).bind(2, key);
    if (!q.step())
        return std::nullopt;
    Record r;
    r.requestHash = q.text(0).toLatin1();
    r.status = q.integer(1);
    r.body = QJsonDocument::fromJson(q.text(2).toUtf8()).object();
    q.run();
    return r;
}

void store(Database &db, const QString &userId, const QString &key, const Record &record,
           qint64 nowMs)
{
    db.statement("INSERT INTO idempotency_record (user_id, idempotency_key, request_hash,"
                 " status, response_body, created_at, call_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                 " ?7)")
        .bind(1, userId)
        .bind(2, key)
        .bind(3, QString::fromLatin1(record.requestHash))
        .bind(4, record.status)
        .bind(5, QString::fromUtf8(QJsonDocument(record.body).toJson(QJsonDocument::Compact)))
        .bind(6, nowMs)
        .bind(7, record.callId.isEmpty() ? QString() : record.callId) // a null QString: NULL
        .run();
}

ApiException keyReused()
{
    return ApiException(422, QStringLiteral("idempotency-key-reused"),
                        QStringLiteral("This Idempotency-Key was already used for a different "
                                       "request. Use a new key for a new change."));
}

} // namespace linedesk::server::idempotency
