#include "apiassert.h"
#include "apierror.h"
#include "testserver.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

using namespace linedesk::test;

namespace {

const QString kMissingId = QStringLiteral("00000000-0000-4000-8000-000000000000");

// What a request may have changed, read straight from the database.
QString stateOf(TestServer &server, const QString &subscriptionId)
{
    QSqlQuery q = server.db().exec(
        QStringLiteral("SELECT s.credits_cents, s.purchased_lines, s.version, s.status,"
                       " (SELECT COUNT(*) FROM line_change WHERE subscription_id = s.id),"
                       " (SELECT COUNT(*) FROM credit_movement WHERE subscription_id = s.id),"
                       " (SELECT COUNT(*) FROM audit_entry WHERE subscription_id = s.id)"
                       " FROM subscription s WHERE s.id = :id"),
        {{":id", subscriptionId}});
    if (!q.next())
        return QStringLiteral("missing");
    return QStringLiteral("credits=%1 purchased=%2 version=%3 status=%4 changes=%5 movements=%6"
                          " audit=%7")
        .arg(q.value(0).toLongLong())
        .arg(q.value(1).toInt())
        .arg(q.value(2).toLongLong())
        .arg(q.value(3).toString())
        .arg(q.value(4).toInt())
        .arg(q.value(5).toInt())
        .arg(q.value(6).toInt());
}

int tableCount(TestServer &server, const QString &table)
{
    QSqlQuery q = server.db().exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
    return q.next() ? q.value(0).toInt() : -1;
}

QStringList idsOf(const QJsonArray &results)
{
    QStringList ids;
    for (const QJsonValue &v : results)
        ids << v.toObject().value(QLatin1String("id")).toString();
    ids.sort();
    return ids;
}

QByteArray bodyOf(const char *method)
{
    return qstrcmp(method, "GET") == 0 ? QByteArray() : QByteArray(R"({"quantity":1})");
}

} // namespace

// Invariant 4: nobody sees or changes what their role does not allow, and the service (not
// the console) checks it. Every role against every route, on its own tenant, another
// tenant and a missing id; refusals change nothing.
class TestAuthorization : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Info lines of every request would bury the failures; warnings still show.
        QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
        m_server = std::make_unique<TestServer>();
        m_http = std::make_unique<HttpClient>(m_server->url());
        m_own = m_server->createAccount(QStringLiteral("Alpha Dental"), 1'000'000'00);
        m_other = m_server->createAccount(QStringLiteral("Bravo Freight"), 1'000'000'00);
        m_support = m_server->createSupportToken();

        auto &accounts = m_server->accounts();
        const QDateTime now = m_server->clock().now();
        linedesk::server::Accounts::NewSubscription shared;
        shared.name = QStringLiteral("Shared Pool");
        shared.type = QStringLiteral("agency");
        shared.creditsCents = 500'00;
        shared.createdAt = now;
        m_sharedSub = accounts.createSubscription(shared, QStringLiteral("test"));
        m_sharedOrg1 = accounts.createOrg(QStringLiteral("Shared Inbound"), m_sharedSub, now);
        m_sharedOrg2 = accounts.createOrg(QStringLiteral("Shared Outbound"), m_sharedSub, now);
        const QString u1 = accounts.createUser(QStringLiteral("inbound@shared.example"),
                                               QStringLiteral("Ina"), false, now);
        const QString u2 = accounts.createUser(QStringLiteral("outbound@shared.example"),
                                               QStringLiteral("Otto"), false, now);
        accounts.addMembership(m_sharedOrg1, u1, QStringLiteral("admin"));
        accounts.addMembership(m_sharedOrg2, u2, QStringLiteral("admin"));
        // Ina is also a viewer of Alpha Dental: two memberships, two roles.
        accounts.addMembership(m_own.orgId, u1, QStringLiteral("viewer"));
        m_shared1Token = accounts.createToken(u1, QStringLiteral("test"), now);
        m_shared2Token = accounts.createToken(u2, QStringLiteral("test"), now);

        const QString revokedUser = accounts.createUser(QStringLiteral("revoked@test.example"),
                                                        QStringLiteral("Rex"), false, now);
        accounts.addMembership(m_own.orgId, revokedUser, QStringLiteral("admin"));
        m_revokedToken = accounts.createToken(revokedUser, QStringLiteral("test"), now);
        m_server->db().exec(
            QStringLiteral("UPDATE api_token SET revoked_at = :at WHERE token_hash = :h"),
            {{":at", now.toMSecsSinceEpoch()},
             {":h", QString::fromLatin1(linedesk::server::Accounts::hashToken(m_revokedToken))}});
    }

    void cleanupTestCase()
    {
        m_http.reset();
        m_server.reset();
    }

    // role × route × target. Roles: admin, viewer, support; targets: own tenant, another
    // tenant, an id that does not exist.
    void roleMatrix_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");

        struct Expectation
        {
            const char *method;
            const char *route;
            const char *target;
            int admin;
            int viewer;
            int support;
        };
        static const Expectation table[] = {
            {"GET", "/health", "-", 200, 200, 200},
            {"GET", "/me", "-", 200, 200, 200},
            {"GET", "/org", "-", 200, 200, 200},
            {"GET", "/org/{org}", "own", 200, 200, 200},
            {"GET", "/org/{org}", "other", 404, 404, 200},
            {"GET", "/org/{org}", "missing", 404, 404, 404},
            {"GET", "/subscription", "-", 403, 403, 200},
            {"GET", "/subscription/{sub}", "own", 200, 200, 200},
            {"GET", "/subscription/{sub}", "other", 404, 404, 200},
            {"GET", "/subscription/{sub}", "missing", 404, 404, 404},
            {"POST", "/subscription/{sub}/concurrency/preview", "own", 200, 403, 200},
            {"POST", "/subscription/{sub}/concurrency/preview", "other", 404, 404, 200},
            {"POST", "/subscription/{sub}/concurrency/preview", "missing", 404, 404, 404},
            {"POST", "/subscription/{sub}/concurrency", "own", 201, 403, 403},
            {"POST", "/subscription/{sub}/concurrency", "other", 404, 404, 403},
            {"POST", "/subscription/{sub}/concurrency", "missing", 404, 404, 404},
            {"DELETE", "/subscription/{sub}/concurrency", "own", 200, 403, 403},
            {"DELETE", "/subscription/{sub}/concurrency", "other", 404, 404, 403},
            {"DELETE", "/subscription/{sub}/concurrency", "missing", 404, 404, 404},
            {"GET", "/subscription/{sub}/concurrency/changes", "own", 200, 200, 200},
            {"GET", "/subscription/{sub}/concurrency/changes", "other", 404, 404, 200},
            {"GET", "/subscription/{sub}/concurrency/changes", "missing", 404, 404, 404},
            {"GET", "/subscription/{sub}/audit", "own", 200, 403, 200},
            {"GET", "/subscription/{sub}/audit", "other", 404, 404, 200},
            {"GET", "/subscription/{sub}/audit", "missing", 404, 404, 404},
        };
        for (const Expectation &e : table) {
            const QString route = QString::fromLatin1(e.route);
            const QString notFound = route.startsWith(QLatin1String("/org/"))
                                         ? QStringLiteral("org-not-found")
                                         : QStringLiteral("subscription-not-found");
            const std::pair<const char *, int> roles[] = {
                {"admin", e.admin}, {"viewer", e.viewer}, {"support", e.support}};
            for (const auto &[role, status] : roles) {
                const QString code = status == 403   ? QStringLiteral("forbidden")
                                     : status == 404 ? notFound
                                                     : QString();
                QTest::addRow("%s %s %s (%s)", role, e.method, e.route, e.target)
                    << QString::fromLatin1(role) << QByteArray(e.method) << route
                    << QString::fromLatin1(e.target) << status << code;
            }
        }
        // Without a valid token every route but /health answers 401; /health answers anyone.
        static const char *const unauthenticated[] = {
            "no token",      "Basic scheme",  "Bearer without token", "token without scheme",
            "unknown token", "revoked token", "token hash as token",  "overlong token",
        };
        static const std::pair<const char *, const char *> routes[] = {
            {"GET", "/health"},
            {"GET", "/me"},
            {"GET", "/org"},
            {"GET", "/org/{org}"},
            {"GET", "/subscription"},
            {"GET", "/subscription/{sub}"},
            {"POST", "/subscription/{sub}/concurrency/preview"},
            {"POST", "/subscription/{sub}/concurrency"},
            {"DELETE", "/subscription/{sub}/concurrency"},
            {"GET", "/subscription/{sub}/concurrency/changes"},
            {"GET", "/subscription/{sub}/audit"},
        };
        for (const char *role : unauthenticated) {
            for (const auto &[method, route] : routes) {
                const bool health = qstrcmp(route, "/health") == 0;
                QTest::addRow("%s %s %s", role, method, route)
                    << QString::fromLatin1(role) << QByteArray(method) << QString::fromLatin1(route)
                    << QStringLiteral("own") << (health ? 200 : 401)
                    << (health ? QString() : QStringLiteral("unauthorized"));
            }
        }
    }
    void roleMatrix()
    {
        QFETCH(QString, role);
        QFETCH(QByteArray, method);
        QFETCH(QString, route);
        QFETCH(QString, target);
        QFETCH(int, status);
        QFETCH(QString, code);

        const QString sub = target == QLatin1String("own")     ? m_own.subscriptionId
                            : target == QLatin1String("other") ? m_other.subscriptionId
                                                               : kMissingId;
        const QString org = target == QLatin1String("own")     ? m_own.orgId
                            : target == QLatin1String("other") ? m_other.orgId
                                                               : kMissingId;
        QString path = route;
        path.replace(QLatin1String("{sub}"), sub).replace(QLatin1String("{org}"), org);

        QList<QPair<QByteArray, QByteArray>> headers;
        const QByteArray authorization = authorizationFor(role);
        if (!authorization.isNull())
            headers.append({"Authorization", authorization});
        if (method != "GET")
            headers.append({"Idempotency-Key", QUuid::createUuid().toByteArray()});

        // Removals need purchased lines, so that only the role can be the reason to refuse.
        if (method == "DELETE" && target != QLatin1String("missing")) {
            const TestAccount &owner = target == QLatin1String("own") ? m_own : m_other;
            const HttpResult buy =
                m_http->post(QStringLiteral("/subscription/%1/concurrency").arg(sub),
                             owner.adminToken, {{QStringLiteral("quantity"), 1}},
                             {{"Idempotency-Key", QUuid::createUuid().toByteArray()}});
            QCOMPARE(buy.status, 201);
        }

        const QString ownBefore = stateOf(*m_server, m_own.subscriptionId);
        const QString otherBefore = stateOf(*m_server, m_other.subscriptionId);
        const QString sharedBefore = stateOf(*m_server, m_sharedSub);
        const int idempotencyBefore = tableCount(*m_server, QStringLiteral("idempotency_record"));
        const int tokensBefore = tableCount(*m_server, QStringLiteral("api_token"));

        const HttpResult r = m_http->send(method, path, {}, bodyOf(method.constData()), headers);
        QVERIFY2(r.networkError.isEmpty() || r.status != 0, qPrintable(r.networkError));
        QVERIFY2(!r.header("X-Request-Id").isEmpty(), "no X-Request-Id");
        if (status >= 400) {
            verifyError(r, status, code);
            if (QTest::currentTestFailed())
                return;
        } else {
            QCOMPARE(r.status, status);
        }
        if (status == 401)
            QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        else
            QVERIFY(r.header("WWW-Authenticate").isEmpty());

        // What the answer says, for the answers that are not errors.
        const QJsonObject o = r.object();
        if (status < 400) {
            if (route == QLatin1String("/health")) {
                QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
            } else if (route == QLatin1String("/me")) {
                QCOMPARE(o.value(QLatin1String("support")).toBool(),
                         role == QLatin1String("support"));
            } else if (route == QLatin1String("/org")) {
                const QStringList ids = idsOf(o.value(QLatin1String("results")).toArray());
                if (role == QLatin1String("support"))
                    QCOMPARE(ids.size(), tableCount(*m_server, QStringLiteral("org")));
                else
                    QCOMPARE(ids, QStringList{m_own.orgId});
            } else if (route == QLatin1String("/org/{org}")) {
                QCOMPARE(o.value(QLatin1String("id")).toString(), org);
                QCOMPARE(o.value(QLatin1String("subscriptionId")).toString(), sub);
            } else if (route == QLatin1String("/subscription")) {
                QCOMPARE(o.value(QLatin1String("results")).toArray().size(),
                         tableCount(*m_server, QStringLiteral("subscription")));
            } else if (route == QLatin1String("/subscription/{sub}")) {
                QCOMPARE(o.value(QLatin1String("id")).toString(), sub);
                QCOMPARE(r.header("ETag"),
                         '"' + QByteArray::number(o.value(QLatin1String("version")).toInteger()) +
                             '"');
            } else if (route.endsWith(QLatin1String("/preview"))) {
                QCOMPARE(o.value(QLatin1String("purchasedAfter")).toInt(),
                         o.value(QLatin1String("purchasedBefore")).toInt() + 1);
            } else if (route.endsWith(QLatin1String("/changes")) ||
                       route.endsWith(QLatin1String("/audit"))) {
                QVERIFY(o.value(QLatin1String("results")).isArray());
                QVERIFY(o.contains(QLatin1String("nextCursor")));
            }
        }

        // Only an admin's own purchase or removal changes anything, and exactly by one line.
        QString ownExpected = ownBefore;
        int idempotencyExpected = idempotencyBefore;
        if (route == QLatin1String("/subscription/{sub}/concurrency") && status < 300) {
            const QJsonObject change = o.value(QLatin1String("change")).toObject();
            const int quantity = method == "POST" ? 1 : -1;
            QCOMPARE(change.value(QLatin1String("quantity")).toInt(), quantity);
            QCOMPARE(o.value(QLatin1String("subscription"))
                         .toObject()
                         .value(QLatin1String("id"))
                         .toString(),
                     m_own.subscriptionId);
            QCOMPARE(change.value(QLatin1String("purchasedAfter")).toInt(),
                     change.value(QLatin1String("purchasedBefore")).toInt() + quantity);
            ++idempotencyExpected;
            ownExpected = QStringLiteral("changed");
            QVERIFY(stateOf(*m_server, m_own.subscriptionId) != ownBefore);
            QCOMPARE(m_server->purchasedLines(m_own.subscriptionId),
                     change.value(QLatin1String("purchasedAfter")).toInt());
        }
        if (ownExpected != QLatin1String("changed"))
            QCOMPARE(stateOf(*m_server, m_own.subscriptionId), ownExpected);
        QCOMPARE(stateOf(*m_server, m_other.subscriptionId), otherBefore);
        QCOMPARE(stateOf(*m_server, m_sharedSub), sharedBefore);
        QCOMPARE(tableCount(*m_server, QStringLiteral("idempotency_record")), idempotencyExpected);
        QCOMPARE(tableCount(*m_server, QStringLiteral("api_token")), tokensBefore);
        QCOMPARE(m_server->checkLedger(m_own.subscriptionId), QString());
        QCOMPARE(m_server->checkLedger(m_other.subscriptionId), QString());
    }

    void tokensAreStoredOnlyAsHashes()
    {
        const QStringList tokens{m_own.adminToken, m_own.viewerToken, m_other.adminToken,
                                 m_support,        m_shared1Token,    m_shared2Token};
        for (const QString &t : tokens) {
            // ≥ 128 random bits: "ld_" and 32 random bytes in base64url.
            QVERIFY2(t.startsWith(QLatin1String("ld_")), qPrintable(t));
            QCOMPARE(t.size(), 3 + 43);
        }
        QCOMPARE(QSet<QString>(tokens.begin(), tokens.end()).size(), tokens.size());

        QStringList hashes;
        QSqlQuery q = m_server->db().exec(QStringLiteral("SELECT token_hash FROM api_token"));
        while (q.next())
            hashes << q.value(0).toString();
        for (const QString &t : tokens) {
            const QString hash = QString::fromLatin1(
                QCryptographicHash::hash(t.toUtf8(), QCryptographicHash::Sha256).toHex());
            QVERIFY2(hashes.contains(hash), qPrintable(t));
            QVERIFY(!hashes.contains(t));
        }
        static const QRegularExpression hex64(QStringLiteral("^[0-9a-f]{64}$"));
        for (const QString &h : hashes)
            QVERIFY2(hex64.match(h).hasMatch(), qPrintable(h));

        // No table anywhere holds a plaintext token (or a piece of one).
        const QStringList tables = m_server->tableNames();
        QVERIFY(tables.contains(QStringLiteral("api_token")));
        for (const QString &table : tables) {
            QSqlQuery rows = m_server->db().exec(QStringLiteral("SELECT * FROM %1").arg(table));
            while (rows.next()) {
                for (int c = 0; c < rows.record().count(); ++c) {
                    const QString value = rows.value(c).toString();
                    for (const QString &t : tokens)
                        QVERIFY2(!value.contains(t.mid(3, 20)),
                                 qPrintable(QStringLiteral("%1 holds a token").arg(table)));
                }
            }
        }
    }

    void meReturnsMembershipsAndSupportFlag()
    {
        HttpResult r = m_http->get(QStringLiteral("/me"), m_own.adminToken);
        QCOMPARE(r.status, 200);
        QJsonObject o = r.object();
        QCOMPARE(o.value(QLatin1String("user")).toObject().value(QLatin1String("email")).toString(),
                 m_own.adminEmail);
        QCOMPARE(o.value(QLatin1String("support")), QJsonValue(false));
        QJsonArray memberships = o.value(QLatin1String("memberships")).toArray();
        QCOMPARE(memberships.size(), 1);
        QCOMPARE(memberships.at(0).toObject().value(QLatin1String("orgId")).toString(),
                 m_own.orgId);
        QCOMPARE(memberships.at(0).toObject().value(QLatin1String("role")).toString(),
                 QStringLiteral("admin"));

        r = m_http->get(QStringLiteral("/me"), m_own.viewerToken);
        QCOMPARE(r.status, 200);
        memberships = r.object().value(QLatin1String("memberships")).toArray();
        QCOMPARE(memberships.size(), 1);
        QCOMPARE(memberships.at(0).toObject().value(QLatin1String("role")).toString(),
                 QStringLiteral("viewer"));

        // Two memberships with two roles.
        r = m_http->get(QStringLiteral("/me"), m_shared1Token);
        QCOMPARE(r.status, 200);
        o = r.object();
        QCOMPARE(o.value(QLatin1String("user")).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("Ina"));
        QHash<QString, QString> roles;
        for (const QJsonValue &v : o.value(QLatin1String("memberships")).toArray())
            roles.insert(v.toObject().value(QLatin1String("orgId")).toString(),
                         v.toObject().value(QLatin1String("role")).toString());
        QCOMPARE(roles.size(), 2);
        QCOMPARE(roles.value(m_sharedOrg1), QStringLiteral("admin"));
        QCOMPARE(roles.value(m_own.orgId), QStringLiteral("viewer"));

        r = m_http->get(QStringLiteral("/me"), m_support);
        QCOMPARE(r.status, 200);
        o = r.object();
        QCOMPARE(o.value(QLatin1String("support")), QJsonValue(true));
        QCOMPARE(o.value(QLatin1String("memberships")).toArray().size(), 0);
        QCOMPARE(o.value(QLatin1String("user")).toObject().value(QLatin1String("email")).toString(),
                 QStringLiteral("support@test.example"));
    }

    void orgListIsScopedToMemberships()
    {
        HttpResult r = m_http->get(QStringLiteral("/org"), m_own.adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(idsOf(r.object().value(QLatin1String("results")).toArray()),
                 QStringList{m_own.orgId});
        QCOMPARE(r.object().value(QLatin1String("nextCursor")), QJsonValue(QJsonValue::Null));

        QStringList ina{m_own.orgId, m_sharedOrg1};
        ina.sort();
        r = m_http->get(QStringLiteral("/org"), m_shared1Token);
        QCOMPARE(idsOf(r.object().value(QLatin1String("results")).toArray()), ina);

        // A member's search never reaches beyond their orgs.
        r = m_http->get(QStringLiteral("/org?search=Bravo"), m_own.adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("results")).toArray().size(), 0);
        r = m_http->get(QStringLiteral("/org?search=%1").arg(m_other.orgId), m_own.adminToken);
        QCOMPARE(r.object().value(QLatin1String("results")).toArray().size(), 0);

        // Support sees every org, and can search them by name or id.
        QStringList all;
        QSqlQuery q = m_server->db().exec(QStringLiteral("SELECT id FROM org"));
        while (q.next())
            all << q.value(0).toString();
        all.sort();
        r = m_http->get(QStringLiteral("/org"), m_support);
        QCOMPARE(idsOf(r.object().value(QLatin1String("results")).toArray()), all);
        r = m_http->get(QStringLiteral("/org?search=bravo"), m_support);
        QCOMPARE(idsOf(r.object().value(QLatin1String("results")).toArray()),
                 QStringList{m_other.orgId});
        r = m_http->get(QStringLiteral("/org?search=%1").arg(m_sharedOrg2), m_support);
        QCOMPARE(idsOf(r.object().value(QLatin1String("results")).toArray()),
                 QStringList{m_sharedOrg2});
        QStringList shared{m_sharedOrg1, m_sharedOrg2};
        shared.sort();
        r = m_http->get(QStringLiteral("/org?search=Shared"), m_support);
        QCOMPARE(idsOf(r.object().value(QLatin1String("results")).toArray()), shared);

        // Paging: one org per page, all of them exactly once.
        QStringList paged;
        QString cursor;
        for (int page = 0; page <= all.size(); ++page) {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
            if (!cursor.isEmpty())
                query.addQueryItem(QStringLiteral("cursor"), cursor);
            r = m_http->get(QStringLiteral("/org?") + query.toString(QUrl::FullyEncoded),
                            m_support);
            QCOMPARE(r.status, 200);
            const QJsonArray results = r.object().value(QLatin1String("results")).toArray();
            QVERIFY(results.size() <= 1);
            for (const QJsonValue &v : results)
                paged << v.toObject().value(QLatin1String("id")).toString();
            cursor = r.object().value(QLatin1String("nextCursor")).toString();
            if (cursor.isEmpty())
                break;
        }
        paged.sort();
        QCOMPARE(paged, all);
    }

    void supportSearchesSubscriptions_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("expected"); // of "own", "other", "shared"
        QTest::newRow("subscription name") << QStringLiteral("alpha dental") << QStringList{"own"};
        QTest::newRow("org name") << QStringLiteral("Bravo Freight Org") << QStringList{"other"};
        QTest::newRow("second org of a shared subscription")
            << QStringLiteral("shared outbound") << QStringList{"shared"};
        QTest::newRow("member email") << QStringLiteral("outbound@shared") << QStringList{"shared"};
        QTest::newRow("email of a member of two subscriptions")
            << QStringLiteral("inbound@shared") << QStringList{"own", "shared"};
        QTest::newRow("exact subscription id") << QStringLiteral("{other}") << QStringList{"other"};
        QTest::newRow("no match") << QStringLiteral("zzz-nothing") << QStringList();
    }
    void supportSearchesSubscriptions()
    {
        QFETCH(QString, search);
        QFETCH(QStringList, expected);
        search.replace(QLatin1String("{other}"), m_other.subscriptionId);
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("search"), search);
        const HttpResult r = m_http->get(
            QStringLiteral("/subscription?") + query.toString(QUrl::FullyEncoded), m_support);
        QCOMPARE(r.status, 200);
        const QStringList ids = idsOf(r.object().value(QLatin1String("results")).toArray());
        QStringList expectedIds;
        for (const QString &e : expected)
            expectedIds << (e == QLatin1String("own")     ? m_own.subscriptionId
                            : e == QLatin1String("other") ? m_other.subscriptionId
                                                          : m_sharedSub);
        expectedIds.sort();
        QCOMPARE(ids, expectedIds);
        // The same search is refused to admins and viewers.
        verifyError(
            m_http->get(QStringLiteral("/subscription?") + query.toString(QUrl::FullyEncoded),
                        m_own.adminToken),
            403, QStringLiteral("forbidden"));
    }

    void sharedSubscriptionIsVisibleToAdminsOfBothOrgs()
    {
        const QString path = QStringLiteral("/subscription/%1").arg(m_sharedSub);
        QStringList orgs{m_sharedOrg1, m_sharedOrg2};
        orgs.sort();
        for (const QString &token : {m_shared1Token, m_shared2Token}) {
            const HttpResult r = m_http->get(path, token);
            QCOMPARE(r.status, 200);
            QStringList orgIds;
            for (const QJsonValue &v : r.object().value(QLatin1String("orgIds")).toArray())
                orgIds << v.toString();
            orgIds.sort();
            QCOMPARE(orgIds, orgs);
            QCOMPARE(m_http
                         ->post(path + QStringLiteral("/concurrency/preview"), token,
                                {{QStringLiteral("quantity"), 2}})
                         .status,
                     200);
        }
        // A purchase by one org's admin is the other org's new limit too.
        const HttpResult buy =
            m_http->post(path + QStringLiteral("/concurrency"), m_shared1Token,
                         {{QStringLiteral("quantity"), 2}}, {{"Idempotency-Key", "shared-buy-1"}});
        QCOMPARE(buy.status, 201);
        HttpResult r = m_http->get(path, m_shared2Token);
        QCOMPARE(r.object().value(QLatin1String("concurrencyLimit")).toInt(), 12);
        m_server->clock().advance(60'000); // newest first: the removal comes a minute later
        const HttpResult remove =
            m_http->send("DELETE", path + QStringLiteral("/concurrency"), m_shared2Token,
                         R"({"quantity":1})", {{"Idempotency-Key", "shared-remove-1"}});
        QCOMPARE(remove.status, 200);
        r = m_http->get(path + QStringLiteral("/concurrency/changes"), m_shared1Token);
        const QJsonArray changes = r.object().value(QLatin1String("results")).toArray();
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes.at(0).toObject().value(QLatin1String("actor")).toString(),
                 QStringLiteral("outbound@shared.example"));
        QCOMPARE(changes.at(1).toObject().value(QLatin1String("actor")).toString(),
                 QStringLiteral("inbound@shared.example"));
        QCOMPARE(m_server->checkLedger(m_sharedSub), QString());

        // Sharing a subscription does not share the orgs themselves.
        verifyError(m_http->get(QStringLiteral("/org/%1").arg(m_sharedOrg2), m_shared1Token), 404,
                    QStringLiteral("org-not-found"));
        // Ina views Alpha Dental but administers only the shared pool.
        verifyError(
            m_http->post(
                QStringLiteral("/subscription/%1/concurrency/preview").arg(m_own.subscriptionId),
                m_shared1Token, {{QStringLiteral("quantity"), 1}}),
            403, QStringLiteral("forbidden"));
        verifyError(m_http->get(path, m_own.adminToken), 404,
                    QStringLiteral("subscription-not-found"));
    }

    void unknownRoute_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("withToken");
        QTest::newRow("root") << QByteArray("GET") << QStringLiteral("/") << false;
        QTest::newRow("unknown word") << QByteArray("GET") << QStringLiteral("/nope") << true;
        QTest::newRow("unknown word, no token")
            << QByteArray("GET") << QStringLiteral("/nope") << false;
        QTest::newRow("too deep") << QByteArray("GET")
                                  << QStringLiteral("/subscription/x/concurrency/changes/y")
                                  << true;
        QTest::newRow("unknown sub-resource")
            << QByteArray("GET") << QStringLiteral("/subscription/x/invoices") << true;
        QTest::newRow("POST to unknown") << QByteArray("POST") << QStringLiteral("/admin") << true;
        QTest::newRow("case matters") << QByteArray("GET") << QStringLiteral("/ME") << true;
    }
    void unknownRoute()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(bool, withToken);
        const HttpResult r = m_http->send(method, path, withToken ? m_own.adminToken : QString(),
                                          method == "POST" ? QByteArray("{}") : QByteArray());
        verifyError(r, 404, QStringLiteral("route-not-found"));
        QVERIFY(!r.header("X-Request-Id").isEmpty());
    }

    void wrongMethod_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("DELETE /health")
            << QByteArray("DELETE") << QStringLiteral("/health") << QByteArray("GET");
        QTest::newRow("PUT /me") << QByteArray("PUT") << QStringLiteral("/me") << QByteArray("GET");
        QTest::newRow("POST /org")
            << QByteArray("POST") << QStringLiteral("/org") << QByteArray("GET");
        QTest::newRow("PATCH /subscription/{id}")
            << QByteArray("PATCH") << QStringLiteral("/subscription/x") << QByteArray("GET");
        QTest::newRow("GET /subscription/{id}/concurrency")
            << QByteArray("GET") << QStringLiteral("/subscription/x/concurrency")
            << QByteArray("POST, DELETE");
        QTest::newRow("PUT /subscription/{id}/concurrency")
            << QByteArray("PUT") << QStringLiteral("/subscription/x/concurrency")
            << QByteArray("POST, DELETE");
        QTest::newRow("GET preview")
            << QByteArray("GET") << QStringLiteral("/subscription/x/concurrency/preview")
            << QByteArray("POST");
        QTest::newRow("DELETE changes")
            << QByteArray("DELETE") << QStringLiteral("/subscription/x/concurrency/changes")
            << QByteArray("GET");
        QTest::newRow("POST audit")
            << QByteArray("POST") << QStringLiteral("/subscription/x/audit") << QByteArray("GET");
    }
    void wrongMethod()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, allow);
        const QString before = stateOf(*m_server, m_own.subscriptionId);
        const HttpResult r = m_http->send(
            method, path.replace(QLatin1String("/x"), QLatin1Char('/') + m_own.subscriptionId),
            m_own.adminToken, R"({"quantity":1})",
            {{"Idempotency-Key", QUuid::createUuid().toByteArray()}});
        verifyError(r, 405, QStringLiteral("method-not-allowed"));
        QCOMPARE(r.header("Allow"), allow);
        QVERIFY(!r.header("X-Request-Id").isEmpty());
        QCOMPARE(stateOf(*m_server, m_own.subscriptionId), before);
    }

    // A client's X-Request-Id is kept when it is a sane id, replaced otherwise; the audit
    // trail and the line change record it.
    void requestId_data()
    {
        QTest::addColumn<QByteArray>("sent");
        QTest::addColumn<bool>("kept");
        QTest::newRow("none") << QByteArray() << false;
        QTest::newRow("sane id") << QByteArray("console-42.a_b-C") << true;
        QTest::newRow("64 characters") << QByteArray(64, 'r') << true;
        QTest::newRow("65 characters") << QByteArray(65, 'r') << false;
        QTest::newRow("blank inside") << QByteArray("two words") << false;
        QTest::newRow("SQL-looking") << QByteArray("x';DROP TABLE audit_entry;--") << false;
        QTest::newRow("non-ASCII") << QByteArray("r\xc3\xa9q") << false;
    }
    void requestId()
    {
        QFETCH(QByteArray, sent);
        QFETCH(bool, kept);
        QList<QPair<QByteArray, QByteArray>> headers{
            {"Idempotency-Key", QUuid::createUuid().toByteArray()}};
        if (!sent.isNull())
            headers.append({"X-Request-Id", sent});
        const HttpResult r = m_http->send(
            "POST", QStringLiteral("/subscription/%1/concurrency").arg(m_own.subscriptionId),
            m_own.adminToken, R"({"quantity":1})", headers);
        QCOMPARE(r.status, 201);
        const QByteArray id = r.header("X-Request-Id");
        if (kept) {
            QCOMPARE(id, sent);
        } else {
            static const QRegularExpression generated(QStringLiteral("^req_[0-9a-f]{24}$"));
            QVERIFY2(generated.match(QString::fromLatin1(id)).hasMatch(), id.constData());
        }
        const QJsonObject change = r.object().value(QLatin1String("change")).toObject();
        QCOMPARE(change.value(QLatin1String("requestId")).toString().toLatin1(), id);
        QSqlQuery q = m_server->db().exec(
            QStringLiteral("SELECT action FROM audit_entry WHERE request_id = :r"),
            {{":r", QString::fromLatin1(id)}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("lines.purchase"));
        QVERIFY(!q.next());
    }

    // The scheme name is case-insensitive (RFC 9110); the token is not.
    void bearerSchemeIsCaseInsensitive()
    {
        for (const QByteArray &scheme : {QByteArray("bearer "), QByteArray("BEARER ")}) {
            const HttpResult r =
                m_http->send("GET", QStringLiteral("/me"), {}, {},
                             {{"Authorization", scheme + m_own.adminToken.toLatin1()}});
            QCOMPARE(r.status, 200);
        }
        const HttpResult r =
            m_http->send("GET", QStringLiteral("/me"), {}, {},
                         {{"Authorization", "Bearer " + m_own.adminToken.toUpper().toLatin1()}});
        verifyError(r, 401, QStringLiteral("unauthorized"));
    }

private:
    QByteArray authorizationFor(const QString &role) const
    {
        auto bearer = [](const QString &t) { return "Bearer " + t.toLatin1(); };
        if (role == QLatin1String("admin"))
            return bearer(m_own.adminToken);
        if (role == QLatin1String("viewer"))
            return bearer(m_own.viewerToken);
        if (role == QLatin1String("support"))
            return bearer(m_support);
        if (role == QLatin1String("Basic scheme"))
            return "Basic " + QByteArray("admin:secret").toBase64();
        if (role == QLatin1String("Bearer without token"))
            return "Bearer";
        if (role == QLatin1String("token without scheme"))
            return m_own.adminToken.toLatin1();
        if (role == QLatin1String("unknown token"))
            return bearer(QStringLiteral("ld_") + QString(43, QLatin1Char('A')));
        if (role == QLatin1String("revoked token"))
            return bearer(m_revokedToken);
        if (role == QLatin1String("token hash as token"))
            return bearer(
                QString::fromLatin1(linedesk::server::Accounts::hashToken(m_own.adminToken)));
        if (role == QLatin1String("overlong token"))
            return bearer(m_own.adminToken + QString(5000, QLatin1Char('x')));
        return {}; // no token
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    TestAccount m_own;
    TestAccount m_other;
    QString m_support;
    QString m_sharedSub;
    QString m_sharedOrg1;
    QString m_sharedOrg2;
    QString m_shared1Token;
    QString m_shared2Token;
    QString m_revokedToken;
};

QTEST_GUILESS_MAIN(TestAuthorization)
#include "tst_authorization.moc"
