#include "bulkseed.h"

#include "accounts.h"
#include "apiexception.h"
#include "billingperiod.h"
#include "database.h"
#include "money.h"
#include "subscription.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

#include <map>
#include <memory>

namespace linedesk::server {

namespace {

const char *const kFirst[] = {"Northwind", "Bluebird",  "Cedar",  "Harbor",  "Summit",  "Maple",
                              "Silver",    "Granite",   "Aurora", "Beacon",  "Pioneer", "Willow",
                              "Crescent",  "Evergreen", "Falcon", "Juniper", "Orchid",  "Redwood"};
const char *const kSecond[] = {"Dental", "Realty",  "Insurance", "Logistics", "Clinics",
                               "Motors", "Legal",   "Travel",    "Energy",    "Foods",
                               "Health", "Telecom", "Finance",   "Homes",     "Labs"};
const char *const kPeople[] = {"Ana",  "Ben", "Chloe", "Dev",  "Eva", "Farid", "Greta", "Hugo",
                               "Iris", "Jon", "Kai",   "Lena", "Mo",  "Nia",   "Omar",  "Pia"};
// Rows are written every this many subscriptions (one multi-row INSERT per table on
// PostgreSQL).
constexpr int kFlushEvery = 100;

// Rows for one table, buffered and written by flush(). On PostgreSQL as one multi-row INSERT
// (a statement prepared once per row count and kept): one round trip per table and flush
// instead of one per row, which was most of a seed's time there. On SQLite, where a statement
// costs no round trip, row by row with one prepared statement (multi-row statements were
// slower there: 10,000 subscriptions in 11 s instead of 7). Throws DatabaseException on
// failure.
class Rows
{
public:
    // `head`: "INSERT INTO t (a, b)"; `row`: "(?, ?)"; `tail`: after the VALUES, may be empty.
    Rows(Database &db, QString head, QString row, QString tail = {})
        : m_db(db), m_head(std::move(head)), m_row(std::move(row)), m_tail(std::move(tail)),
          m_columns(int(m_row.count(QLatin1Char('?'))))
    {}
    void add(QVariantList values)
    {
        m_values += std::move(values);
        ++m_count;
    }
    void flush()
    {
        if (m_count == 0)
            return;
        const int rowsPerStatement = m_db.isPostgres() ? m_count : 1;
        QSqlQuery &query = prepared(rowsPerStatement);
        for (int first = 0; first < m_values.size(); first += rowsPerStatement * m_columns) {
            for (int i = 0; i < rowsPerStatement * m_columns; ++i)
                query.bindValue(i, m_values.at(first + i));
            if (!query.exec())
                throw DatabaseException(
                    QStringLiteral("%1: %2").arg(m_head, query.lastError().text()));
        }
        query.finish();
        m_values.clear();
        m_count = 0;
    }

private:
    QSqlQuery &prepared(int rows)
    {
        std::unique_ptr<QSqlQuery> &query = m_prepared[rows];
        if (!query) {
            const QString sql = m_head + QStringLiteral(" VALUES ") +
                                QStringList(rows, m_row).join(QStringLiteral(", ")) +
                                QLatin1Char(' ') + m_tail;
            query = std::make_unique<QSqlQuery>(m_db.connection());
            if (!query->prepare(sql))
                throw DatabaseException(
                    QStringLiteral("prepare %1: %2").arg(m_head, query->lastError().text()));
        }
        return *query;
    }

    Database &m_db;
    QString m_head, m_row, m_tail;
    int m_columns;
    QVariantList m_values;
    int m_count = 0;
    std::map<int, std::unique_ptr<QSqlQuery>> m_prepared; // by row count
};

QString json(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// The support search index (subscription_search) and subscription.org_names are kept by
// triggers: every inserted org and membership re-indexes its subscription, rewriting the
// whole document — three to five times per seeded subscription, which made seeding three
// times slower. Inside the seed's transaction these triggers are taken out, the batch is
// indexed once at the end, and the triggers are put back from their own SQL before the
// commit. DDL is transactional in SQLite: a failure rolls all of it back, and no other
// connection ever sees the triggers missing.
class SearchTriggersSuspended
{
public:
    explicit SearchTriggersSuspended(Database &db) : m_db(db)
    {
        if (db.isPostgres()) {
            // PostgreSQL: switched off for this transaction's batch (the ALTERs lock the
            // three tables until the commit: a seed is a tool for test data).
            for (const auto &[table, trigger] : kPostgresTriggers)
                db.exec(QStringLiteral("ALTER TABLE %1 DISABLE TRIGGER %2")
                            .arg(QLatin1String(table), QLatin1String(trigger)));
            return;
        }
        QSqlQuery q = db.exec(QStringLiteral(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN"
            " ('subscription_search_insert', 'org_search_insert', 'membership_search_insert')"));
        while (q.next())
            m_triggers.append({q.value(0).toString(), q.value(1).toString()});
        q.finish();
        for (const auto &[name, sql] : std::as_const(m_triggers))
            db.exec(QStringLiteral("DROP TRIGGER %1").arg(name));
    }
    // Indexes the subscriptions inserted meanwhile, then restores the triggers.
    void indexAndRestore(const QStringList &subscriptionIds)
    {
        if (m_db.isPostgres()) {
            m_db.exec(QStringLiteral("SELECT linedesk_reindex(id) FROM unnest(string_to_array("
                                     ":ids, ',')) AS id"),
                      {{":ids", subscriptionIds.join(QLatin1Char(','))}});
            for (const auto &[table, trigger] : kPostgresTriggers)
                m_db.exec(QStringLiteral("ALTER TABLE %1 ENABLE TRIGGER %2")
                              .arg(QLatin1String(table), QLatin1String(trigger)));
            return;
        }
        const QString ids =
            QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(subscriptionIds))
                                  .toJson(QJsonDocument::Compact));
        m_db.exec(QStringLiteral("INSERT INTO subscription_search (rowid, doc)"
                                 " SELECT rid, doc FROM subscription_search_doc"
                                 " WHERE sid IN (SELECT value FROM json_each(:ids))"),
                  {{":ids", ids}});
        m_db.exec(QStringLiteral(
                      "UPDATE subscription SET org_names = coalesce((SELECT group_concat(name,"
                      " ', ') FROM (SELECT name FROM org WHERE subscription_id = subscription.id"
                      " ORDER BY name COLLATE NOCASE, id)), '')"
                      " WHERE id IN (SELECT value FROM json_each(:ids))"),
                  {{":ids", ids}});
        for (const auto &[name, sql] : std::as_const(m_triggers))
            m_db.exec(sql);
        m_triggers.clear();
    }

private:
    // Table and trigger, of migration 4's PostgreSQL spelling.
    static constexpr std::pair<const char *, const char *> kPostgresTriggers[] = {
        {"subscription", "subscription_search_insert"},
        {"org", "org_search"},
        {"membership", "membership_search"}};
    Database &m_db;
    QList<std::pair<QString, QString>> m_triggers;
};

} // namespace

BulkSeed::Result BulkSeed::run(Database &db, int count, const QDateTime &now, quint64 seed)
{
    if (count < 1 || count > 1'000'000)
        throw ApiException(400, QStringLiteral("invalid-number"),
                           QStringLiteral("--subscriptions must be 1 to 1000000"));
    QRandomGenerator random(seed ? seed : QRandomGenerator::system()->generate64());
    // Names and emails carry a number unique to this run, so seeding twice keeps both.
    int runTag = 0;
    {
        QSqlQuery q = db.exec(QStringLiteral("SELECT COUNT(*) FROM subscription"));
        q.next();
        runTag = q.value(0).toInt();
    }
    QSqlQuery priceQuery = db.exec(
        QStringLiteral("SELECT price_cents FROM catalogue_item WHERE id = 'concurrency-line'"));
    priceQuery.next();
    const qint64 price = priceQuery.value(0).toLongLong();
    priceQuery.finish();

    Result result;
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const qint64 nowSec = nowMs / 1000;
    // Written in this order (foreign keys) every kFlushEvery subscriptions.
    Rows sub(db,
             QStringLiteral("INSERT INTO subscription (id, name, type, status, credits_cents,"
                            " included_lines, purchased_lines, line_cap, billing_anchor,"
                            " period_index, period_start, period_end, created_at, updated_at,"
                            " version)"),
             QStringLiteral("(?, ?, ?, 'active', ?, ?, ?, 1000, ?, ?, ?, ?, ?, ?, ?)"));
    Rows user(db, QStringLiteral("INSERT INTO app_user (id, email, name, support, created_at)"),
              QStringLiteral("(?, ?, ?, 0, ?)"));
    Rows org(db,
             QStringLiteral("INSERT INTO org (id, name, subscription_id, created_at, updated_at)"),
             QStringLiteral("(?, ?, ?, ?, ?)"));
    Rows member(db, QStringLiteral("INSERT INTO membership (org_id, user_id, role)"),
                QStringLiteral("(?, ?, ?)"));
    Rows change(db,
                QStringLiteral("INSERT INTO line_change (id, subscription_id, at,"
                               " actor_user_id, actor, kind, quantity, purchased_before,"
                               " purchased_after, amount_cents, idempotency_key, request_id)"),
                QStringLiteral("(?, ?, ?, ?, ?, 'purchase', ?, ?, ?, ?, ?, ?)"));
    Rows movement(db,
                  QStringLiteral("INSERT INTO credit_movement (id, subscription_id, at,"
                                 " amount_cents, kind, balance_after_cents, reference)"),
                  QStringLiteral("(?, ?, ?, ?, ?, ?, ?)"));
    Rows audit(db,
               QStringLiteral("INSERT INTO audit_entry (id, subscription_id, at,"
                              " actor_user_id, actor, action, before_json, after_json,"
                              " reason, request_id)"),
               QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    Rows second(db,
                QStringLiteral("INSERT INTO concurrency_second (subscription_id, t,"
                               " max_active, last_active, blocked, line_limit)"),
                QStringLiteral("(?, ?, ?, ?, ?, ?)"),
                QStringLiteral("ON CONFLICT (subscription_id, t) DO NOTHING"));
    auto flush = [&] {
        for (Rows *rows : {&sub, &user, &org, &member, &change, &movement, &audit, &second})
            rows->flush();
    };
    // PostgreSQL re-indexes a batch with one query per subscription whose plan depends on the
    // statistics of org and membership: without any (a new database) it hashes all of
    // membership for every subscription, so the seed grew quadratically. Analysed whenever the
    // subscriptions have doubled since they last were.
    qint64 analyzedAt = 0;
    int done = 0;
    while (done < count) {
        const int batch = qMin(5000, count - done);
        Database::Transaction tx(db);
        SearchTriggersSuspended triggers(db);
        QStringList batchIds;
        batchIds.reserve(batch);
        for (int b = 0; b < batch; ++b, ++done) {
            const int n = runTag + done + 1;
            const QString id = Accounts::newId();
            batchIds << id;
            const QString company = QStringLiteral("%1 %2").arg(
                QLatin1String(kFirst[random.bounded(int(std::size(kFirst)))]),
                QLatin1String(kSecond[random.bounded(int(std::size(kSecond)))]));
            const QString name =
                QStringLiteral("%1 %2").arg(company).arg(n, 6, 10, QLatin1Char('0'));
            const QString slug =
                company.toLower().replace(QLatin1Char(' '), QLatin1Char('-')) + QString::number(n);
            const QString type =
                Subscription::types().at(random.bounded(int(Subscription::types().size())));
            const int included = type == QLatin1String("enterprise") ? 50 : 10;
            const QDateTime created = now.addSecs(-qint64(random.bounded(2 * 86400, 400 * 86400)));
            const BillingPeriod period = BillingPeriod::containing(created, now);

            // Purchases in the current period, charged prorated, so the ledger adds up.
            struct Purchase
            {
                qint64 atMs;
                int quantity;
                qint64 cents;
            };
            QList<Purchase> purchases;
            const int purchaseCount = int(random.bounded(4)); // 0..3
            qint64 t = period.start.toMSecsSinceEpoch();
            for (int p = 0; p < purchaseCount; ++p) {
                t += qint64(random.bounded(1, 3 * 86400)) * 1000;
                if (t >= nowMs)
                    break;
                const int q = 1 + int(random.bounded(5));
                const qint64 periodMs = period.lengthMs();
                const qint64 left = period.end.toMSecsSinceEpoch() - t;
                purchases.append({t, q, Money::prorate(qint64(q) * price, left, periodMs)});
            }
            qint64 charges = 0;
            int purchased = 0;
            for (const Purchase &p : purchases) {
                charges += p.cents;
                purchased += p.quantity;
            }
            const qint64 credits = qint64(random.bounded(0, 500'000)); // up to $5,000.00
            const qint64 opening = credits + charges;
            const qint64 createdMs = created.toMSecsSinceEpoch();
            sub.add({id, name, type, credits, included, purchased, createdMs, period.index,
                     period.start.toMSecsSinceEpoch(), period.end.toMSecsSinceEpoch(), createdMs,
                     purchases.isEmpty() ? createdMs : purchases.last().atMs,
                     qint64(1 + purchases.size())});
            movement.add({Accounts::newId(), id, createdMs, opening, QStringLiteral("opening"),
                          opening, QVariant()});
            audit.add({Accounts::newId(), id, createdMs, QVariant(), QStringLiteral("seed"),
                       QStringLiteral("subscription.create"), QStringLiteral("{}"),
                       json({{QStringLiteral("name"), name},
                             {QStringLiteral("type"), type},
                             {QStringLiteral("creditsCents"), opening},
                             {QStringLiteral("includedLines"), included}}),
                       QStringLiteral(""), QVariant()});

            // One org, sometimes two sharing the subscription; an admin each, sometimes a viewer.
            const int orgs = random.bounded(10) == 0 ? 2 : 1;
            QString firstAdminId;
            QString firstAdminEmail;
            for (int o = 0; o < orgs; ++o) {
                const QString orgId = Accounts::newId();
                org.add({orgId,
                         orgs == 1 ? company
                                   : company + (o == 0 ? QStringLiteral(" Inbound")
                                                       : QStringLiteral(" Outbound")),
                         id, createdMs, createdMs});
                ++result.organizations;
                const int users = 1 + int(random.bounded(2));
                for (int u = 0; u < users; ++u) {
                    const QString userId = Accounts::newId();
                    const QString person =
                        QLatin1String(kPeople[random.bounded(int(std::size(kPeople)))]);
                    const QString email = QStringLiteral("%1.%2%3@%4.example")
                                              .arg(person.toLower())
                                              .arg(o)
                                              .arg(u)
                                              .arg(slug);
                    user.add({userId, email, person, createdMs});
                    member.add({orgId, userId,
                                u == 0 ? QStringLiteral("admin") : QStringLiteral("viewer")});
                    ++result.users;
                    if (firstAdminId.isEmpty()) {
                        firstAdminId = userId;
                        firstAdminEmail = email;
                    }
                }
            }

            qint64 balance = opening;
            int before = 0;
            for (const Purchase &p : purchases) {
                const QString changeId = Accounts::newId();
                const QString requestId = QStringLiteral("seed-%1").arg(changeId.left(8));
                change.add({changeId, id, p.atMs, firstAdminId, firstAdminEmail, p.quantity, before,
                            before + p.quantity, p.cents, requestId, requestId});
                balance -= p.cents;
                movement.add({Accounts::newId(), id, p.atMs, -p.cents,
                              QStringLiteral("line-purchase"), balance, changeId});
                audit.add({Accounts::newId(), id, p.atMs, firstAdminId, firstAdminEmail,
                           QStringLiteral("lines.purchase"),
                           json({{QStringLiteral("concurrencyLimitPurchased"), before},
                                 {QStringLiteral("creditsCents"), balance + p.cents}}),
                           json({{QStringLiteral("concurrencyLimitPurchased"), before + p.quantity},
                                 {QStringLiteral("creditsCents"), balance}}),
                           QStringLiteral("seeded purchase"), requestId});
                before += p.quantity;
            }

            // A day of use: a few busy moments; some reach the limit and block calls.
            const int limit = included + purchased;
            const int busy = int(random.bounded(6));
            QList<qint64> seconds;
            for (int s = 0; s < busy; ++s)
                seconds << nowSec - qint64(random.bounded(1, 86400));
            std::sort(seconds.begin(), seconds.end());
            for (qint64 sec : seconds) {
                const int peak = int(random.bounded(limit + 1));
                const int blocked = peak == limit ? 1 + int(random.bounded(4)) : 0;
                second.add({id, sec, peak, 0, blocked, limit});
                ++result.historyRows;
            }
            ++result.subscriptions;
            if (result.subscriptions % kFlushEvery == 0)
                flush();
        }
        flush();
        if (db.isPostgres() && runTag + done >= 2 * analyzedAt) {
            db.exec(QStringLiteral("ANALYZE org, membership"));
            analyzedAt = runTag + done;
        }
        triggers.indexAndRestore(batchIds);
        tx.commit();
    }
    return result;
}

} // namespace linedesk::server
