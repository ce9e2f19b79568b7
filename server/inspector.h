#pragma once

#include "paging.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QVariantMap>

#include <atomic>
#include <limits>
#include <memory>

class QSqlQuery;

namespace linedesk::server {

class Accounts;
class Database;

// Support's view of the whole platform: the searchable, sortable list of every subscription
// with its 24-hour usage figures, and who belongs to a subscription.
class Inspector
{
public:
    // When support's usage figures were last computed (ms since the epoch; the minimum: never),
    // shared by a service's inspectors: the HTTP thread's refreshes, the report thread's reads.
    using UsageStamp = std::atomic<qint64>;
    static constexpr qint64 kNever = std::numeric_limits<qint64>::min();

    Inspector(Database &db, Accounts &accounts, std::shared_ptr<UsageStamp> usageAt = {})
        : m_db(db), m_accounts(accounts),
          m_usageAt(usageAt ? std::move(usageAt) : std::make_shared<UsageStamp>(kNever))
    {}

    struct Query
    {
        QString search;      // substring of names, ids, user emails; case-insensitive
        QStringList filters; // at-limit, blocking, frozen: all must hold
        QString type;
        QString sort; // a column name, "-" first for descending; default "name"
    };
    // One keyset page of subscription summaries, and on the first page how many match in all
    // when that is cheap to know (a COUNT bounded like a page: up to kTotalCap).
    struct Results
    {
        Page page;
        int total = -1;           // -1: not counted (a later page, or a count would scan)
        bool totalCapped = false; // more than `total` match
        QJsonObject toJson() const;
    };
    static constexpr int kTotalCap = 10000;
    // Throws ApiException on a bad query.
    Results search(const Query &query, const PageRequest &page);

    // The orgs sharing a subscription, each with its users. nullopt: no such subscription.
    std::optional<QJsonObject> members(const QString &subscriptionId);

    // Recomputes every subscription's peak and blocked calls over the 24 hours before now,
    // and utilisation (that peak against today's limit). Returns the rows that changed.
    int refreshUsage(const QDateTime &now);
    QDateTime usageAt() const;
    const std::shared_ptr<UsageStamp> &usageStamp() const { return m_usageAt; }

    static QStringList sortColumns();
    static QStringList filterNames();

private:
    Page searchPostgres(const QString &expr, bool numeric, bool descending, const QString &sortName,
                        const QString &text, QStringList where, QVariantMap binds,
                        const PageRequest &page);
    Page readPage(QSqlQuery &q, const QString &sortKey, const PageRequest &page,
                  const QString &search);
    static bool isWholeId(const QString &text);
    static void checkCursor(const PageRequest &page, const QString &sortKey, bool numeric);
    QString caseless(const char *column) const;

    Database &m_db;
    Accounts &m_accounts;
    std::shared_ptr<UsageStamp> m_usageAt;
};

} // namespace linedesk::server
