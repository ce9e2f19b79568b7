#include "billing.h"

#include "accounts.h"
#include "apiexception.h"
#include "auditentry.h"
#include "billingperiod.h"
#include "clock.h"
#include "database.h"
#include "history.h"
#include "idempotency.h"
#include "jsonutil.h"
#include "ledger.h"
#include "linechange.h"
#include "money.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>

#include <cmath>

Q_LOGGING_CATEGORY(lcBilling, "linedesk.server.billing", QtInfoMsg)

namespace linedesk::server {

namespace {

QString dollars(qint64 cents)
{
    return QLatin1Char('$') + Money::fromCents(cents).toDecimalString();
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString lines(int n)
{
    return n == 1 ? QStringLiteral("1 line") : QStringLiteral("%1 lines").arg(n);
}

// Line changes and audit entries come newest first: by time, and in the order they were
// written within one millisecond (seq, schema version 6). The cursor is the last row's
// (at, seq); it binds :kat and :kseq and returns the condition for the rows after it.
QString keysetAfter(const PageRequest &page, QVariantMap &binds)
{
    if (page.after.isEmpty())
        return {};
    const auto whole = [](const QVariant &v, qint64 *out) {
        const int type = v.typeId();
        if (type != QMetaType::Double && type != QMetaType::LongLong && type != QMetaType::Int)
            return false;
        const double d = v.toDouble();
        if (d != std::floor(d) || std::fabs(d) > 9e15)
            return false;
        *out = qint64(d);
        return true;
    };
    qint64 at = 0;
    qint64 seq = 0;
    // Cursors issued before version 6 ended in a row id (a string): refused like any other.
    if (page.after.size() != 2 || !whole(page.after.at(0), &at) || !whole(page.after.at(1), &seq))
        throw ApiException(400, QStringLiteral("invalid-cursor"),
                           QStringLiteral("cursor is not one this service issued"));
    binds.insert(QStringLiteral(":kat"), at);
    binds.insert(QStringLiteral(":kseq"), seq);
    return QStringLiteral(" AND (at < :kat OR (at = :kat AND seq < :kseq))");
}

} // namespace

struct Billing::Row
{
    QString id;
    QString status;
    qint64 creditsCents = 0;
    int included = 0;
    int purchased = 0;
    int lineCap = 0;
    int activeCalls = 0;
    qint64 anchorMs = 0;
    int periodIndex = 0;
    qint64 periodStartMs = 0;
    qint64 periodEndMs = 0;
    qint64 version = 0;

    QJsonObject snapshot() const
    {
        return QJsonObject{{QStringLiteral("status"), status},
                           {QStringLiteral("creditsCents"), creditsCents},
                           {QStringLiteral("concurrencyLimitIncluded"), included},
                           {QStringLiteral("concurrencyLimitPurchased"), purchased},
                           {QStringLiteral("concurrencyLimit"), included + purchased},
                           {QStringLiteral("version"), version}};
    }
};

struct Billing::Quote
{
    qint64 amountCents = 0; // charged now (> 0) or refunded (< 0)
    std::optional<ApiException> refusal;
};

std::optional<Billing::Row> Billing::loadRow(const QString &id)
{
    QSqlQuery q =
        m_db.exec(QStringLiteral(
                      "SELECT id, status, credits_cents, included_lines, purchased_lines, line_cap,"
                      " active_calls, billing_anchor, period_index, period_start, period_end,"
                      " version FROM subscription WHERE id = :id"),
                  {{":id", id}});
    if (!q.next())
        return std::nullopt;
    Row r;
    r.id = q.value(0).toString();
    r.status = q.value(1).toString();
    r.creditsCents = q.value(2).toLongLong();
    r.included = q.value(3).toInt();
    r.purchased = q.value(4).toInt();
    r.lineCap = q.value(5).toInt();
    r.activeCalls = q.value(6).toInt();
    r.anchorMs = q.value(7).toLongLong();
    r.periodIndex = q.value(8).toInt();
    r.periodStartMs = q.value(9).toLongLong();
    r.periodEndMs = q.value(10).toLongLong();
    r.version = q.value(11).toLongLong();
    return r;
}

qint64 Billing::linePriceCents()
{
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT price_cents FROM catalogue_item WHERE id = 'concurrency-line'"));
    if (!q.next())
        throw DatabaseException(QStringLiteral("the catalogue has no concurrency-line item"));
    return q.value(0).toLongLong();
}

Billing::Quote Billing::quote(const Row &row, int quantity, qint64 nowMs, qint64 priceCents) const
{
    Quote quote;
    const int n = quantity > 0 ? quantity : -quantity;
    const qint64 periodMs = row.periodEndMs - row.periodStartMs;
    const qint64 remainingMs = qBound<qint64>(0, row.periodEndMs - nowMs, periodMs);
    const qint64 prorated = Money::prorate(qint64(n) * priceCents, remainingMs, periodMs);
    quote.amountCents = quantity > 0 ? prorated : -prorated;

    if (row.status == QLatin1String("frozen")) {
        quote.refusal = ApiException(
            409, QStringLiteral("subscription-frozen"),
            QStringLiteral("This subscription is frozen because its credits could not cover the "
                           "last renewal. Add credits to reactivate it, then change lines."));
    } else if (quantity > 0 && row.purchased + n > row.lineCap) {
        quote.refusal = ApiException(
            409, QStringLiteral("line-cap-exceeded"),
            QStringLiteral("Buying %1 would make %2 purchased lines, above the self-serve limit of "
                           "%3. Contact support for more lines.")
                .arg(lines(n))
                .arg(row.purchased + n)
                .arg(row.lineCap));
    } else if (quantity < 0 && n > row.purchased) {
        quote.refusal = ApiException(
            409, QStringLiteral("not-enough-purchased-lines"),
            QStringLiteral("Cannot remove %1: only %2 purchased (the %3 included lines cannot be "
                           "removed).")
                .arg(lines(n), row.purchased == 1
                                   ? QStringLiteral("1 line is")
                                   : QStringLiteral("%1 lines are").arg(row.purchased))
                .arg(row.included));
    } else if (quantity > 0 && quote.amountCents > row.creditsCents) {
        quote.refusal = ApiException(
            402, QStringLiteral("insufficient-credits"),
            QStringLiteral("Not enough credits: buying %1 costs %2 now, and the balance is %3. Add "
                           "credits and try again.")
                .arg(lines(n), dollars(quote.amountCents), dollars(row.creditsCents)));
    }
    return quote;
}

int Billing::renewIfDue(const QString &id)
{
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT period_end FROM subscription WHERE id = :id"),
                            {{":id", id}});
    if (!q.next() || q.value(0).toLongLong() > nowMs)
        return 0;
    q.finish();
    bool linesChanged = false;
    Database::Transaction tx(m_db);
    const int renewed = renewInTransaction(id, nowMs, &linesChanged);
    tx.commit();
    if (linesChanged)
        notifyLinesChanged(id);
    return renewed;
}

LinePreview Billing::preview(const QString &subscriptionId, int quantity)
{
    renewIfDue(subscriptionId);
    const auto row = loadRow(subscriptionId);
    if (!row)
        throw ApiException(404, QStringLiteral("subscription-not-found"),
                           QStringLiteral("No subscription with id %1.").arg(subscriptionId));
    const QDateTime now = m_clock.now();
    const qint64 price = linePriceCents();
    const Quote q = quote(*row, quantity, now.toMSecsSinceEpoch(), price);

    LinePreview p;
    p.quantity = quantity;
    p.includedLines = row->included;
    p.purchasedBefore = row->purchased;
    p.purchasedAfter = qMax(0, row->purchased + quantity);
    p.limitBefore = row->included + row->purchased;
    p.limitAfter = row->included + p.purchasedAfter;
    p.amountDueNowCents = q.amountCents;
    p.linePriceCents = price;
    p.monthlyChargeBeforeCents = qint64(row->purchased) * price;
    p.monthlyChargeAfterCents = qint64(p.purchasedAfter) * price;
    p.creditsCents = row->creditsCents;
    p.quotedAt = now;
    p.periodStart = fromMs(row->periodStartMs);
    p.periodEnd = fromMs(row->periodEndMs);
    p.activeCalls = row->activeCalls;
    if (row->activeCalls > p.limitAfter)
        p.warnings << QStringLiteral("%1 calls are active now, more than the new limit of %2. No "
                                     "call is dropped; new calls are blocked until fewer than %2 "
                                     "are active.")
                          .arg(row->activeCalls)
                          .arg(p.limitAfter);
    if (quantity > 0 && !q.refusal && row->creditsCents - q.amountCents < p.monthlyChargeAfterCents)
        p.warnings << QStringLiteral("After this purchase the credits (%1) will not cover the next "
                                     "renewal (%2 on %3); the subscription would then be frozen "
                                     "and its purchased lines dropped.")
                          .arg(dollars(row->creditsCents - q.amountCents),
                               dollars(p.monthlyChargeAfterCents),
                               p.periodEnd.toString(QStringLiteral("yyyy-MM-dd")));
    if (q.refusal) {
        p.allowed = false;
        p.refusalCode = q.refusal->error().code;
        p.refusalMessage = q.refusal->error().message;
    }
    return p;
}

Billing::ChangeResult Billing::changeLines(const Caller &caller, const QString &subscriptionId,
                                           int quantity, const QString &idempotencyKey,
                                           const IfMatch &ifMatch, const QByteArray &requestHash)
{
    Q_ASSERT(quantity != 0);
    bool renewedLines = false;
    ChangeResult result;
    {
        Database::Transaction tx(m_db);
        // Retries of one key, whichever instance they reach, queue here: the later ones find
        // the first one's record once it has committed, and replay it.
        m_db.lockKey(idempotency::lockName(caller.userId, idempotencyKey));
        if (const auto record = idempotency::find(m_db, caller.userId, idempotencyKey)) {
            if (record->requestHash != requestHash)
                throw idempotency::keyReused();
            result.status = record->status;
            result.body = record->body;
            result.replayed = true;
            result.version = json::toInt64(result.body.value(QLatin1String("subscription"))
                                               .toObject()
                                               .value(QLatin1String("version")));
            return result; // nothing written: the transaction rolls back
        }

        const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
        renewInTransaction(subscriptionId, nowMs, &renewedLines);
        const auto row = loadRow(subscriptionId);
        if (!row)
            throw ApiException(404, QStringLiteral("subscription-not-found"),
                               QStringLiteral("No subscription with id %1.").arg(subscriptionId));
        if (!ifMatch.matches(row->version))
            throw ApiException(412, QStringLiteral("version-mismatch"),
                               QStringLiteral("The lines were changed by someone else meanwhile "
                                              "(the version is now %1; If-Match was %2). Reload "
                                              "and try again.")
                                   .arg(row->version)
                                   .arg(ifMatch.text));
        const qint64 price = linePriceCents();
        const Quote qt = quote(*row, quantity, nowMs, price);
        if (qt.refusal)
            throw *qt.refusal;

        Row after = *row;
        after.purchased += quantity;
        after.creditsCents -= qt.amountCents;
        after.version += 1;
        // Conditional on the version read above: atomic in SQLite and PostgreSQL alike, and the
        // CHECK constraints refuse negative credits or lines whatever the code above did.
        QSqlQuery update = m_db.exec(
            QStringLiteral("UPDATE subscription SET purchased_lines = :p, credits_cents = :c,"
                           " version = :v, updated_at = :at WHERE id = :id AND version = :old"),
            {{":p", after.purchased},
             {":c", after.creditsCents},
             {":v", after.version},
             {":at", nowMs},
             {":id", subscriptionId},
             {":old", row->version}});
        if (update.numRowsAffected() != 1)
            throw ApiException(409, QStringLiteral("concurrent-change"),
                               QStringLiteral("The subscription changed while this request was "
                                              "served. Try again."));

        if (m_history)
            m_history->record(subscriptionId, nowMs, row->activeCalls, row->activeCalls, 0,
                              after.included + after.purchased);

        LineChange change;
        change.id = Accounts::newId();
        change.subscriptionId = subscriptionId;
        change.at = fromMs(nowMs);
        change.actor = caller.email;
        change.kind = quantity > 0 ? QStringLiteral("purchase") : QStringLiteral("removal");
        change.quantity = quantity;
        change.purchasedBefore = row->purchased;
        change.purchasedAfter = after.purchased;
        change.amountCents = qt.amountCents;
        change.idempotencyKey = idempotencyKey;
        change.requestId = caller.requestId;
        m_db.exec(QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor_user_id,"
                                 " actor, kind, quantity, purchased_before, purchased_after,"
                                 " amount_cents, idempotency_key, request_id) VALUES (:id, :sub,"
                                 " :at, :uid, :actor, :kind, :q, :before, :after, :amount, :key,"
                                 " :rid)"),
                  {{":id", change.id},
                   {":sub", subscriptionId},
                   {":at", nowMs},
                   {":uid", caller.userId},
                   {":actor", change.actor},
                   {":kind", change.kind},
                   {":q", quantity},
                   {":before", change.purchasedBefore},
                   {":after", change.purchasedAfter},
                   {":amount", change.amountCents},
                   {":key", idempotencyKey},
                   {":rid", caller.requestId}});
        if (qt.amountCents != 0)
            ledger::recordCreditMovement(m_db, subscriptionId, nowMs, -qt.amountCents,
                                         quantity > 0 ? QStringLiteral("line-purchase")
                                                      : QStringLiteral("line-refund"),
                                         after.creditsCents, change.id);
        ledger::recordAudit(
            m_db, {subscriptionId, nowMs, caller.userId, caller.email,
                   quantity > 0 ? QStringLiteral("lines.purchase") : QStringLiteral("lines.remove"),
                   row->snapshot(), after.snapshot(),
                   QStringLiteral("%1 %2; %3 %4 prorated to %5")
                       .arg(quantity > 0 ? QStringLiteral("bought") : QStringLiteral("removed"),
                            lines(quantity > 0 ? quantity : -quantity),
                            quantity > 0 ? QStringLiteral("charged") : QStringLiteral("refunded"),
                            dollars(qt.amountCents > 0 ? qt.amountCents : -qt.amountCents),
                            json::isoTime(fromMs(row->periodEndMs))),
                   caller.requestId});

        Accounts accounts(m_db);
        const auto subscription = accounts.subscription(subscriptionId);
        result.status = quantity > 0 ? 201 : 200;
        result.body = QJsonObject{{QStringLiteral("change"), change.toJson()},
                                  {QStringLiteral("subscription"), subscription->toJson()}};
        result.version = after.version;
        idempotency::store(m_db, caller.userId, idempotencyKey,
                           {requestHash, result.status, result.body}, nowMs);
        tx.commit();
        qCInfo(lcBilling).noquote()
            << caller.email << (quantity > 0 ? "bought" : "removed") << qAbs(quantity) << "lines on"
            << subscriptionId << "for" << qt.amountCents << "cents, request" << caller.requestId;
    }
    notifyLinesChanged(subscriptionId);
    return result;
}

void Billing::notifyLinesChanged(const QString &subscriptionId) noexcept
{
    if (!onLinesChanged)
        return;
    // After the commit: the change stands whatever happens here, and the caller gets it.
    try {
        onLinesChanged(subscriptionId);
    } catch (const DatabaseException &e) {
        qCWarning(lcBilling).noquote()
            << "lines of" << subscriptionId
            << "changed, but telling the live feed failed:" << e.message();
    } catch (const std::exception &e) {
        qCWarning(lcBilling).noquote() << "lines of" << subscriptionId
                                       << "changed, but telling the live feed failed:" << e.what();
    }
}

int Billing::renewInTransaction(const QString &id, qint64 nowMs, bool *linesChanged)
{
    // The subscription's row is ours until the transaction ends: another instance renewing
    // or changing it waits, then reads what this one wrote.
    m_db.lockRow("subscription", id);
    auto row = loadRow(id);
    if (!row)
        return 0;
    int renewed = 0;
    const qint64 price = linePriceCents();
    const QDateTime anchor = fromMs(row->anchorMs);
    while (row->periodEndMs <= nowMs) {
        const Row before = *row;
        const qint64 at = row->periodEndMs; // the renewal belongs to the period's end
        const qint64 charge = qint64(row->purchased) * price;
        QString action;
        QString reason;
        if (row->purchased > 0 && row->creditsCents >= charge) {
            row->creditsCents -= charge;
            action = QStringLiteral("renewal.charge");
            reason =
                QStringLiteral("renewed %1 at %2 each").arg(lines(row->purchased), dollars(price));
            ledger::recordCreditMovement(m_db, id, at, -charge, QStringLiteral("renewal"),
                                         row->creditsCents, QString());
        } else if (row->purchased > 0) {
            action = QStringLiteral("renewal.freeze");
            reason = QStringLiteral("credits %1 cannot cover the renewal of %2 (%3); frozen and "
                                    "purchased lines dropped")
                         .arg(dollars(row->creditsCents), lines(row->purchased), dollars(charge));
            m_db.exec(QStringLiteral("INSERT INTO line_change (id, subscription_id, at, actor,"
                                     " kind, quantity, purchased_before, purchased_after,"
                                     " amount_cents) VALUES (:id, :sub, :at, 'system',"
                                     " 'renewal-drop', :q, :before, 0, 0)"),
                      {{":id", Accounts::newId()},
                       {":sub", id},
                       {":at", at},
                       {":q", -row->purchased},
                       {":before", row->purchased}});
            row->purchased = 0;
            row->status = QStringLiteral("frozen");
            *linesChanged = true;
            if (m_history)
                m_history->record(id, at, row->activeCalls, row->activeCalls, 0, row->included);
        }
        const BillingPeriod next = BillingPeriod::at(anchor, row->periodIndex + 1);
        row->periodIndex = next.index;
        row->periodStartMs = next.start.toMSecsSinceEpoch();
        row->periodEndMs = next.end.toMSecsSinceEpoch();
        row->version += 1;
        m_db.exec(QStringLiteral("UPDATE subscription SET status = :status, credits_cents = :c,"
                                 " purchased_lines = :p, period_index = :i, period_start = :s,"
                                 " period_end = :e, version = :v, updated_at = :at WHERE id = :id"),
                  {{":status", row->status},
                   {":c", row->creditsCents},
                   {":p", row->purchased},
                   {":i", row->periodIndex},
                   {":s", row->periodStartMs},
                   {":e", row->periodEndMs},
                   {":v", row->version},
                   {":at", nowMs},
                   {":id", id}});
        if (!action.isEmpty()) {
            ledger::recordAudit(m_db, {id, at, QString(), QStringLiteral("system"), action,
                                       before.snapshot(), row->snapshot(), reason, QString()});
            qCInfo(lcBilling).noquote() << "renewal of" << id << ":" << reason;
        }
        ++renewed;
    }
    return renewed;
}

int Billing::renewDue()
{
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    QStringList due;
    {
        QSqlQuery q =
            m_db.exec(QStringLiteral("SELECT id FROM subscription WHERE period_end <= :now"
                                     " ORDER BY period_end LIMIT 1000"),
                      {{":now", nowMs}});
        while (q.next())
            due << q.value(0).toString();
    }
    int renewed = 0;
    for (const QString &id : due) {
        try {
            renewed += renewIfDue(id);
        } catch (const DatabaseException &e) {
            qCWarning(lcBilling).noquote() << "renewal of" << id << "failed:" << e.message();
        }
    }
    return renewed;
}

int Billing::purgeIdempotencyRecords(qint64 maxAgeMs)
{
    const qint64 cutoff = m_clock.now().toMSecsSinceEpoch() - maxAgeMs;
    QSqlQuery q = m_db.exec(QStringLiteral("DELETE FROM idempotency_record WHERE created_at < :c"),
                            {{":c", cutoff}});
    return q.numRowsAffected();
}

Page Billing::lineChanges(const QString &subscriptionId, const PageRequest &page)
{
    QVariantMap binds{{QStringLiteral(":sub"), subscriptionId}};
    const QString keyset = keysetAfter(page, binds);
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT id, at, actor, kind, quantity, purchased_before, purchased_after,"
                       " amount_cents, idempotency_key, request_id, seq FROM line_change WHERE"
                       " subscription_id = :sub%1 ORDER BY at DESC, seq DESC LIMIT %2")
            .arg(keyset)
            .arg(page.limit + 1),
        binds);
    Page result;
    LineChange last;
    qint64 lastSeq = 0;
    while (q.next()) {
        if (result.results.size() == page.limit) {
            result.nextCursor = PageRequest::encodeCursor({last.at.toMSecsSinceEpoch(), lastSeq});
            break;
        }
        lastSeq = q.value(10).toLongLong();
        last.id = q.value(0).toString();
        last.subscriptionId = subscriptionId;
        last.at = fromMs(q.value(1).toLongLong());
        last.actor = q.value(2).toString();
        last.kind = q.value(3).toString();
        last.quantity = q.value(4).toInt();
        last.purchasedBefore = q.value(5).toInt();
        last.purchasedAfter = q.value(6).toInt();
        last.amountCents = q.value(7).toLongLong();
        last.idempotencyKey = q.value(8).toString();
        last.requestId = q.value(9).toString();
        result.results.append(last.toJson());
    }
    return result;
}

Page Billing::auditTrail(const QString &subscriptionId, const PageRequest &page)
{
    QVariantMap binds{{QStringLiteral(":sub"), subscriptionId}};
    const QString keyset = keysetAfter(page, binds);
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT id, at, actor, action, before_json, after_json, reason, request_id,"
                       " seq FROM audit_entry WHERE subscription_id = :sub%1"
                       " ORDER BY at DESC, seq DESC LIMIT %2")
            .arg(keyset)
            .arg(page.limit + 1),
        binds);
    Page result;
    AuditEntry last;
    qint64 lastSeq = 0;
    while (q.next()) {
        if (result.results.size() == page.limit) {
            result.nextCursor = PageRequest::encodeCursor({last.at.toMSecsSinceEpoch(), lastSeq});
            break;
        }
        lastSeq = q.value(8).toLongLong();
        last.id = q.value(0).toString();
        last.subscriptionId = subscriptionId;
        last.at = fromMs(q.value(1).toLongLong());
        last.actor = q.value(2).toString();
        last.action = q.value(3).toString();
        last.before = QJsonDocument::fromJson(q.value(4).toByteArray()).object();
        last.after = QJsonDocument::fromJson(q.value(5).toByteArray()).object();
        last.reason = q.value(6).toString();
        last.requestId = q.value(7).toString();
        result.results.append(last.toJson());
    }
    return result;
}

} // namespace linedesk::server
