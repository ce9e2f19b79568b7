#include "accounts.h"

#include "apiexception.h"
#include "billingperiod.h"
#include "database.h"
#include "ledger.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUuid>

namespace linedesk::server {

const char *const kSubscriptionColumns =
    "s.id, s.name, s.created_at, s.updated_at, s.type, s.status, s.credits_cents,"
    " s.active_calls, s.included_lines, s.purchased_lines, s.period_start, s.period_end,"
    " s.version, (SELECT price_cents FROM catalogue_item WHERE id = 'concurrency-line')";

namespace {

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

// LIKE pattern for "contains", with the user's % and _ taken literally. Folds only ASCII
// letters, as SQLite's lower() does to the column: a Unicode fold here would make a search
// for a name written exactly as stored ("Café Ñandú") miss it.
QString containsPattern(const QString &text)
{
    QString escaped = text;
    for (QChar &c : escaped)
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace

QString Accounts::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray Accounts::hashToken(const QString &token)
{
    // Tokens carry 256 random bits, so a fast hash is enough: nothing to brute-force.
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

std::optional<Caller> Accounts::authenticate(const QString &bearerToken)
{
    if (bearerToken.isEmpty() || bearerToken.size() > 200)
        return std::nullopt;
    const QByteArray hash = hashToken(bearerToken);
    // Who a token belongs to, remembered for kCallerCacheTtlMs: a change made through any
    // connection of this process (Database::identityGeneration) empties the cache at once; a
    // change made by another process on the same file is seen within the TTL. Only tokens
    // that signed in are remembered, so a new token works at once.
    const qint64 nowMs = m_callerCacheClock.isValid() ? m_callerCacheClock.elapsed() : 0;
    if (!m_callerCacheClock.isValid())
        m_callerCacheClock.start();
    const quint64 generation = Database::identityGeneration();
    if (generation != m_callerCacheGeneration) {
        m_callerCache.clear();
        m_callerCacheGeneration = generation;
    }
    const auto cached = m_callerCache.constFind(hash);
    if (cached != m_callerCache.cend() && nowMs < cached->expiresAtMs)
        return cached->caller;

    Caller c;
    {
        auto q = m_db.statement("SELECT u.id, u.email, u.name, u.support FROM api_token t"
                                " JOIN app_user u ON u.id = t.user_id"
                                " WHERE t.token_hash = ?1 AND t.revoked_at IS NULL");
        q.bind(1, QString::fromLatin1(hash));
        if (!q.step()) {
            m_callerCache.remove(hash);
            return std::nullopt;
        }
        c.userId = q.text(0);
        c.email = q.text(1);
        c.name = q.text(2);
        c.support = q.integer(3) == 1;
    }
    if (Database::identityGeneration() == generation) { // not changed while reading
        if (m_callerCache.size() >= kCallerCacheSize)
            m_callerCache.clear();
        m_callerCache.insert(hash, {c, nowMs + kCallerCacheTtlMs});
    }
    return c;
}

Access Accounts::accessTo(const Caller &caller, const QString &subscriptionId)
{
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT 1 FROM subscription WHERE id = :id"),
                            {{":id", subscriptionId}});
    if (!q.next())
        return Access::None;
    if (caller.support)
        return Access::Support;
    q = m_db.exec(QStringLiteral("SELECT m.role FROM membership m JOIN org o ON o.id = m.org_id"
                                 " WHERE m.user_id = :uid AND o.subscription_id = :sid"),
                  {{":uid", caller.userId}, {":sid", subscriptionId}});
    Access best = Access::None;
    while (q.next()) {
        const Access a =
            q.value(0).toString() == QLatin1String("admin") ? Access::Admin : Access::Viewer;
        best = std::max(best, a);
    }
    return best;
}

bool Accounts::canSeeOrg(const Caller &caller, const QString &orgId)
{
    if (caller.support)
        return true;
    QSqlQuery q =
        m_db.exec(QStringLiteral("SELECT 1 FROM membership WHERE user_id = :uid AND org_id = :oid"),
                  {{":uid", caller.userId}, {":oid", orgId}});
    return q.next();
}

QJsonObject Accounts::me(const Caller &caller)
{
    QSqlQuery q = m_db.exec(
        QStringLiteral(
            "SELECT m.org_id, m.role, o.name, o.subscription_id FROM membership m"
            " JOIN org o ON o.id = m.org_id WHERE m.user_id = :uid ORDER BY o.name, o.id"),
        {{":uid", caller.userId}});
    QJsonArray memberships;
    while (q.next())
        memberships.append(QJsonObject{{QStringLiteral("orgId"), q.value(0).toString()},
                                       {QStringLiteral("role"), q.value(1).toString()},
                                       {QStringLiteral("orgName"), q.value(2).toString()},
                                       {QStringLiteral("subscriptionId"), q.value(3).toString()}});
    return QJsonObject{
        {QStringLiteral("user"), QJsonObject{{QStringLiteral("id"), caller.userId},
                                             {QStringLiteral("email"), caller.email},
                                             {QStringLiteral("name"), caller.name}}},
        {QStringLiteral("memberships"), memberships},
        {QStringLiteral("support"), caller.support},
    };
}

Subscription Accounts::readSubscription(QSqlQuery &q)
{
    Subscription s;
    s.id = q.value(0).toString();
    s.name = q.value(1).toString();
    s.createdAt = fromMs(q.value(2).toLongLong());
    s.updatedAt = fromMs(q.value(3).toLongLong());
    s.type = q.value(4).toString();
    s.status = q.value(5).toString();
    s.credits = Money::fromCents(q.value(6).toLongLong());
    s.concurrencyCounter = q.value(7).toInt();
    s.concurrencyLimitIncluded = q.value(8).toInt();
    s.concurrencyLimitPurchased = q.value(9).toInt();
    s.currentPeriodStart = fromMs(q.value(10).toLongLong());
    s.currentPeriodEnd = fromMs(q.value(11).toLongLong());
    s.version = q.value(12).toLongLong();
    s.linePriceCents = q.value(13).toLongLong();
    return s;
}

QHash<QString, QStringList> Accounts::orgIdsFor(const QStringList &subscriptionIds)
{
    QHash<QString, QStringList> result;
    if (subscriptionIds.isEmpty())
        return result;
    QStringList placeholders;
    QVariantMap binds;
    for (int i = 0; i < subscriptionIds.size(); ++i) {
        placeholders << QStringLiteral(":s%1").arg(i);
        binds.insert(placeholders.last(), subscriptionIds.at(i));
    }
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT subscription_id, id FROM org WHERE"
                                           " subscription_id IN (%1) ORDER BY created_at, id")
                                .arg(placeholders.join(QLatin1Char(','))),
                            binds);
    while (q.next())
        result[q.value(0).toString()] << q.value(1).toString();
    return result;
}

std::optional<Subscription> Accounts::subscription(const QString &id)
{
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT %1 FROM subscription s WHERE s.id = :id")
                                .arg(QLatin1String(kSubscriptionColumns)),
                            {{":id", id}});
    if (!q.next())
        return std::nullopt;
    Subscription s = readSubscription(q);
    s.orgIds = orgIdsFor({s.id}).value(s.id);
    return s;
}

std::optional<Organization> Accounts::organization(const QString &id)
{
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT id, name, subscription_id, created_at,"
                                           " updated_at FROM org WHERE id = :id"),
                            {{":id", id}});
    if (!q.next())
        return std::nullopt;
    return Organization{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                        fromMs(q.value(3).toLongLong()), fromMs(q.value(4).toLongLong())};
}

Page Accounts::organizations(const Caller &caller, const QString &search, const PageRequest &page)
{
    QStringList where;
    QVariantMap binds;
    if (!caller.support) {
        where << QStringLiteral("o.id IN (SELECT org_id FROM membership WHERE user_id = :uid)");
        binds.insert(QStringLiteral(":uid"), caller.userId);
    }
    if (!search.isEmpty()) {
        where << QStringLiteral("(lower(o.name) LIKE :p ESCAPE '\\' OR o.id = :exact)");
        binds.insert(QStringLiteral(":p"), containsPattern(search));
        binds.insert(QStringLiteral(":exact"), search);
    }
    if (!page.after.isEmpty()) {
        if (page.after.size() != 2)
            throw ApiException(400, QStringLiteral("invalid-cursor"),
                               QStringLiteral("cursor is not one this service issued"));
        where << QStringLiteral("(o.name > :kname OR (o.name = :kname AND o.id > :kid))");
        binds.insert(QStringLiteral(":kname"), page.after.at(0).toString());
        binds.insert(QStringLiteral(":kid"), page.after.at(1).toString());
    }
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT o.id, o.name, o.subscription_id, o.created_at, o.updated_at"
                       " FROM org o %1 ORDER BY o.name, o.id LIMIT %2")
            .arg(where.isEmpty() ? QString()
                                 : QStringLiteral("WHERE ") + where.join(QLatin1String(" AND ")))
            .arg(page.limit + 1),
        binds);
    Page result;
    Organization last;
    while (q.next()) {
        if (result.results.size() == page.limit) {
            result.nextCursor = PageRequest::encodeCursor({last.name, last.id});
            break;
        }
        last = Organization{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                            fromMs(q.value(3).toLongLong()), fromMs(q.value(4).toLongLong())};
        result.results.append(last.toJson());
    }
    return result;
}

QString Accounts::userIdByEmail(const QString &email)
{
    QSqlQuery q = m_db.exec(QStringLiteral("SELECT id FROM app_user WHERE email = :e"),
                            {{":e", email.trimmed().toLower()}});
    return q.next() ? q.value(0).toString() : QString();
}

QString Accounts::createSubscription(const NewSubscription &n, const QString &actor)
{
    if (n.name.trimmed().isEmpty())
        throw ApiException(400, QStringLiteral("invalid-name"),
                           QStringLiteral("a subscription needs a name"));
    if (!Subscription::types().contains(n.type))
        throw ApiException(400, QStringLiteral("invalid-type"),
                           QStringLiteral("unknown subscription type \"%1\"; use one of %2")
                               .arg(n.type, Subscription::types().join(QStringLiteral(", "))));
    if (n.includedLines < 0 || n.includedLines > 100000 || n.lineCap < 0 || n.lineCap > 100000)
        throw ApiException(400, QStringLiteral("invalid-lines"),
                           QStringLiteral("included lines and the line cap must be 0 to 100000"));
    if (n.creditsCents < 0)
        throw ApiException(400, QStringLiteral("invalid-amount"),
                           QStringLiteral("credits cannot be negative"));
    const QString id = newId();
    const QDateTime created = n.createdAt.toUTC();
    const qint64 at = created.toMSecsSinceEpoch();
    const BillingPeriod period = BillingPeriod::at(created, 0);
    Database::Transaction tx(m_db);
    m_db.exec(QStringLiteral("INSERT INTO subscription (id, name, type, status, credits_cents,"
                             " included_lines, purchased_lines, line_cap, billing_anchor,"
                             " period_index, period_start, period_end, created_at, updated_at)"
                             " VALUES (:id, :name, :type, 'active', :credits, :included, 0, :cap,"
                             " :anchor, 0, :start, :end, :at, :at)"),
              {{":id", id},
               {":name", n.name.trimmed()},
               {":type", n.type},
               {":credits", n.creditsCents},
               {":included", n.includedLines},
               {":cap", n.lineCap},
               {":anchor", at},
               {":start", period.start.toMSecsSinceEpoch()},
               {":end", period.end.toMSecsSinceEpoch()},
               {":at", at}});
    ledger::recordCreditMovement(m_db, id, at, n.creditsCents, QStringLiteral("opening"),
                                 n.creditsCents, QString());
    ledger::recordAudit(m_db, {id, at, QString(), actor, QStringLiteral("subscription.create"),
                               QJsonObject(),
                               QJsonObject{{QStringLiteral("name"), n.name.trimmed()},
                                           {QStringLiteral("type"), n.type},
                                           {QStringLiteral("creditsCents"), n.creditsCents},
                                           {QStringLiteral("includedLines"), n.includedLines},
                                           {QStringLiteral("lineCap"), n.lineCap}},
                               QString(), QString()});
    tx.commit();
    return id;
}

QString Accounts::createOrg(const QString &name, const QString &subscriptionId,
                            const QDateTime &now)
{
    if (name.trimmed().isEmpty())
        throw ApiException(400, QStringLiteral("invalid-name"),
                           QStringLiteral("an organization needs a name"));
    if (!subscription(subscriptionId))
        throw ApiException(404, QStringLiteral("subscription-not-found"),
                           QStringLiteral("no subscription with id %1").arg(subscriptionId));
    const QString id = newId();
    m_db.exec(QStringLiteral("INSERT INTO org (id, name, subscription_id, created_at, updated_at)"
                             " VALUES (:id, :name, :sub, :at, :at)"),
              {{":id", id},
               {":name", name.trimmed()},
               {":sub", subscriptionId},
               {":at", now.toMSecsSinceEpoch()}});
    return id;
}

QString Accounts::createUser(const QString &email, const QString &name, bool support,
                             const QDateTime &now)
{
    static const QRegularExpression emailPattern(QStringLiteral("^[^@\\s]+@[^@\\s]+$"));
    const QString normalized = email.trimmed().toLower();
    if (!emailPattern.match(normalized).hasMatch())
        throw ApiException(400, QStringLiteral("invalid-email"),
                           QStringLiteral("\"%1\" is not an email address").arg(email));
    if (!userIdByEmail(normalized).isEmpty())
        throw ApiException(409, QStringLiteral("user-exists"),
                           QStringLiteral("a user with email %1 already exists").arg(normalized));
    const QString id = newId();
    m_db.exec(QStringLiteral("INSERT INTO app_user (id, email, name, support, created_at)"
                             " VALUES (:id, :email, :name, :support, :at)"),
              {{":id", id},
               {":email", normalized},
               {":name", name.trimmed().isEmpty() ? normalized : name.trimmed()},
               {":support", support ? 1 : 0},
               {":at", now.toMSecsSinceEpoch()}});
    return id;
}

void Accounts::addMembership(const QString &orgId, const QString &userId, const QString &role)
{
    if (role != QLatin1String("admin") && role != QLatin1String("viewer"))
        throw ApiException(400, QStringLiteral("invalid-role"),
                           QStringLiteral("role must be admin or viewer"));
    if (!organization(orgId))
        throw ApiException(404, QStringLiteral("org-not-found"),
                           QStringLiteral("no organization with id %1").arg(orgId));
    m_db.exec(QStringLiteral("INSERT INTO membership (org_id, user_id, role) VALUES (:o, :u, :r)"
                             " ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role"),
              {{":o", orgId}, {":u", userId}, {":r", role}});
}

QString Accounts::createToken(const QString &userId, const QString &label, const QDateTime &now)
{
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(
        reinterpret_cast<quint32 *>(random.data()),
        reinterpret_cast<quint32 *>(random.data() + random.size()));
    const QString token = QStringLiteral("ld_") +
                          QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding |
                                                              QByteArray::OmitTrailingEquals));
    m_db.exec(QStringLiteral("INSERT INTO api_token (token_hash, user_id, label, created_at)"
                             " VALUES (:h, :u, :l, :at)"),
              {{":h", QString::fromLatin1(hashToken(token))},
               {":u", userId},
               {":l", label},
               {":at", now.toMSecsSinceEpoch()}});
    return token;
}

int Accounts::revokeToken(const QString &token, const QDateTime &now)
{
    QSqlQuery q = m_db.exec(
        QStringLiteral("UPDATE api_token SET revoked_at = :at"
                       " WHERE token_hash = :h AND revoked_at IS NULL"),
        {{":at", now.toMSecsSinceEpoch()}, {":h", QString::fromLatin1(hashToken(token))}});
    return q.numRowsAffected();
}

int Accounts::revokeUserTokens(const QString &userId, const QString &label, const QDateTime &now)
{
    QSqlQuery q = m_db.exec(QStringLiteral("UPDATE api_token SET revoked_at = :at"
                                           " WHERE user_id = :u AND revoked_at IS NULL"
                                           " AND (:all = 1 OR label = :l)"),
                            {{":at", now.toMSecsSinceEpoch()},
                             {":u", userId},
                             {":all", label.isNull() ? 1 : 0},
                             {":l", label}});
    return q.numRowsAffected();
}

void Accounts::addCredits(const QString &subscriptionId, qint64 cents, const QString &actor,
                          const QString &reason, const QDateTime &now)
{
    if (cents <= 0 || cents > 100'000'000'00LL)
        throw ApiException(
            400, QStringLiteral("invalid-amount"),
            QStringLiteral("the amount must be more than 0.00 and at most 100000000.00"));
    Database::Transaction tx(m_db);
    QSqlQuery q =
        m_db.exec(QStringLiteral("SELECT credits_cents, status FROM subscription WHERE id = :id"),
                  {{":id", subscriptionId}});
    if (!q.next())
        throw ApiException(404, QStringLiteral("subscription-not-found"),
                           QStringLiteral("no subscription with id %1").arg(subscriptionId));
    const qint64 before = q.value(0).toLongLong();
    const QString statusBefore = q.value(1).toString();
    const qint64 at = now.toMSecsSinceEpoch();
    m_db.exec(QStringLiteral("UPDATE subscription SET credits_cents = credits_cents + :c,"
                             " status = 'active', version = version + 1, updated_at = :at"
                             " WHERE id = :id"),
              {{":c", cents}, {":at", at}, {":id", subscriptionId}});
    ledger::recordCreditMovement(m_db, subscriptionId, at, cents, QStringLiteral("top-up"),
                                 before + cents, QString());
    ledger::recordAudit(m_db, {subscriptionId, at, QString(), actor, QStringLiteral("credits.add"),
                               QJsonObject{{QStringLiteral("creditsCents"), before},
                                           {QStringLiteral("status"), statusBefore}},
                               QJsonObject{{QStringLiteral("creditsCents"), before + cents},
                                           {QStringLiteral("status"), QStringLiteral("active")}},
                               reason, QString()});
    tx.commit();
}

} // namespace linedesk::server
