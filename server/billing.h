#pragma once

#include "caller.h"
#include "linepreview.h"
#include "paging.h"
#include "requestbodies.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace linedesk::server {

class Clock;
class Database;
class History;

// The concurrency-line add-on: quotes, purchases, removals, renewals and their history.
// Every change is one transaction: line change, credit movement, subscription update,
// audit entry and idempotency record, all or nothing.
class Billing
{
public:
    Billing(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}
    // Where limit changes are recorded, so history keeps the limit in force at each moment.
    void setHistory(History *history) { m_history = history; }

    static constexpr int kMaxQuantity = 1000;

    // quantity > 0 buys, < 0 removes. Renews a due period first (the job's work, done early).
    LinePreview preview(const QString &subscriptionId, int quantity);

    struct ChangeResult
    {
        int status = 0;
        QJsonObject body;
        bool replayed = false;
        qint64 version = 0;
    };
    // Buys (quantity > 0) or removes (quantity < 0) lines now. `requestHash` identifies the
    // request body and route for idempotency. `ifMatch` is compared with the version read
    // under the subscription's row lock (412 version-mismatch), after a replay is answered.
    // Throws ApiException when refused. Once the change is committed nothing turns it into an
    // error: a failing onLinesChanged is logged, and the committed result is returned.
    ChangeResult changeLines(const Caller &caller, const QString &subscriptionId, int quantity,
                             const QString &idempotencyKey, const IfMatch &ifMatch,
                             const QByteArray &requestHash);

    // Renews every subscription whose period has ended, catching up over several periods
    // if the service was down. Returns how many periods were renewed.
    int renewDue();
    // Renews one subscription if its period has ended (reads call it so nobody sees a
    // period that is already over).
    int renewIfDue(const QString &subscriptionId);

    // Forgets idempotency records older than `maxAgeMs` (default 48 hours).
    int purgeIdempotencyRecords(qint64 maxAgeMs = 48LL * 3600 * 1000);

    Page lineChanges(const QString &subscriptionId, const PageRequest &page);
    Page auditTrail(const QString &subscriptionId, const PageRequest &page);

    // Called after a committed change of a subscription's lines (purchase, removal, freeze).
    // What it throws is logged and dropped: the change stands.
    std::function<void(const QString &subscriptionId)> onLinesChanged;

private:
    struct Row;
    struct Quote;
    std::optional<Row> loadRow(const QString &id);
    Quote quote(const Row &row, int quantity, qint64 nowMs, qint64 priceCents) const;
    int renewInTransaction(const QString &id, qint64 nowMs, bool *linesChanged);
    qint64 linePriceCents();
    void notifyLinesChanged(const QString &subscriptionId) noexcept;

    Database &m_db;
    const Clock &m_clock;
    History *m_history = nullptr;
};

} // namespace linedesk::server
