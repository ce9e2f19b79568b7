#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace linedesk::server {

class ApiException;
class Database;

// Idempotency-Key records (table idempotency_record, keyed by user and key): the first
// answer to a keyed request, kept so that its retries get that answer again. Used inside the
// caller's transaction, after Database::lockKey(lockName(...)), so retries of one key queue
// and the later ones find the first one's record once it has committed.
namespace idempotency {

// The lock every route takes for a user's key (Billing's purchases spell it the same way), so
// one key used on two routes at once queues too.
QString lockName(const QString &userId, const QString &key);

// SHA-256 (hex) of the method, the path and the body as the service understood it.
QByteArray requestHash(const QByteArray &method, const QString &path,
                       const QByteArray &canonicalBody);

struct Record
{
    QByteArray requestHash;
    int status = 0;
    QJsonObject body;
    QString callId; // the call a POST /call started (column call_id), else empty
};

// The request hash of a record whose call's data was deleted (DELETE /call/{id}): the hash of
// the start's body could give its erased details away, so it goes too; a retry with the key,
// whatever its body, replays the erased call.
inline constexpr char kErasedCallHash[] = "erased-call";
std::optional<Record> find(Database &db, const QString &userId, const QString &key);
void store(Database &db, const QString &userId, const QString &key, const Record &record,
           qint64 nowMs);

// 422 idempotency-key-reused: the key answered another request before.
ApiException keyReused();

} // namespace idempotency
} // namespace linedesk::server
