#pragma once

#include "caller.h"
#include "organization.h"
#include "paging.h"
#include "subscription.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>

#include <optional>

class QSqlQuery;

namespace linedesk::server {

class Database;

// Subscriptions, organizations, users, memberships and tokens: who exists and who may see
// what. Used by the HTTP routes and by the operator commands.
class Accounts
{
public:
    explicit Accounts(Database &db) : m_db(db) {}

    // --- identity ---
    std::optional<Caller> authenticate(const QString &bearerToken);
    Access accessTo(const Caller &caller, const QString &subscriptionId);
    bool canSeeOrg(const Caller &caller, const QString &orgId);
    QJsonObject me(const Caller &caller);

    // --- reads ---
    std::optional<Subscription> subscription(const QString &id);
    std::optional<Organization> organization(const QString &id);
    Page organizations(const Caller &caller, const QString &search, const PageRequest &page);
    QString userIdByEmail(const QString &email);

    // --- operator writes (each its own transaction, audited where money is involved) ---
    struct NewSubscription
    {
        QString name;
        QString type = QStringLiteral("pay-as-you-go");
        int includedLines = 10;
        qint64 creditsCents = 0;
        int lineCap = 1000;
        QDateTime createdAt; // also the billing anchor
    };
    QString createSubscription(const NewSubscription &s, const QString &actor);
    QString createOrg(const QString &name, const QString &subscriptionId, const QDateTime &now);
    QString createUser(const QString &email, const QString &name, bool support,
                       const QDateTime &now);
    void addMembership(const QString &orgId, const QString &userId, const QString &role);
    // Returns the token in plain text; only its hash is stored.
    QString createToken(const QString &userId, const QString &label, const QDateTime &now);
    // Revokes one token (given in plain text), or every token of a user (with `label` only
    // those with that label). Returns how many were revoked. Every instance's sign-in cache
    // forgets a revoked token within its TTL (under 1 s).
    int revokeToken(const QString &token, const QDateTime &now);
    int revokeUserTokens(const QString &userId, const QString &label, const QDateTime &now);
    // Adds prepaid credits; a frozen subscription becomes active again.
    void addCredits(const QString &subscriptionId, qint64 cents, const QString &actor,
                    const QString &reason, const QDateTime &now);

    static QString newId();
    static QByteArray hashToken(const QString &token);

    // A row selected with kSubscriptionColumns first; orgIds left empty.
    static Subscription readSubscription(QSqlQuery &q);
    QHash<QString, QStringList> orgIdsFor(const QStringList &subscriptionIds);

private:
    Database &m_db;

    // authenticate()'s token hash → caller cache (docs/architecture.md, "Sign-in cache").
    // Under a second: a token revoked by another instance or the CLI stops working on this
    // one within 1 s.
    static constexpr qint64 kCallerCacheTtlMs = 800;
    static constexpr qsizetype kCallerCacheSize = 4096;
    struct CachedCaller
    {
        Caller caller;
        qint64 expiresAtMs = 0;
    };
    QHash<QByteArray, CachedCaller> m_callerCache;
    quint64 m_callerCacheGeneration = 0;
    QElapsedTimer m_callerCacheClock;
};

// Columns every subscription read selects, in the order readSubscription() expects.
extern const char *const kSubscriptionColumns;

} // namespace linedesk::server
