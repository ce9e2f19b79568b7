#include "testserver.h"

#include "call.h"

#include <QDeadlineTimer>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <memory>

using namespace linedesk;
using namespace linedesk::test;

namespace {

const QString kBlocked = QStringLiteral("call.start.error-subscription-concurrency-limit-reached");

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject limitsOf(const QJsonObject &call)
{
    return call.value(QLatin1String("subscriptionLimits")).toObject();
}

QDateTime timeOf(const QJsonObject &o, const char *key)
{
    return QDateTime::fromString(str(o, key), Qt::ISODateWithMs);
}

// A member added to an existing org (or a new org on an existing subscription).
struct Member
{
    QString orgId;
    QString userId;
    QString token;
};

Member addMember(TestServer &server, const QString &orgId, const QString &role,
                 const QString &email)
{
    Member m;
    m.orgId = orgId;
    m.userId = server.accounts().createUser(email, email.section(QLatin1Char('@'), 0, 0), false,
                                            server.clock().now());
    server.accounts().addMembership(orgId, m.userId, role);
    m.token = server.accounts().createToken(m.userId, QStringLiteral("test"), server.clock().now());
    return m;
}

// One request per client in flight at once: each client has its own network manager, so
// its own connections to the service.
class AsyncClient
{
public:
    AsyncClient(QUrl base, QString token) : m_base(std::move(base)), m_token(std::move(token)) {}

    QNetworkReply *post(const QString &path, const QJsonObject &body = {},
                        const QByteArray &idempotencyKey = {})
    {
        QNetworkRequest request(m_base.resolved(QUrl(path)));
        request.setTransferTimeout(30000);
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        if (!idempotencyKey.isEmpty())
            request.setRawHeader("Idempotency-Key", idempotencyKey);
        return m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

private:
    QUrl m_base;
    QString m_token;
    QNetworkAccessManager m_network;
};

bool waitForAll(const QList<QNetworkReply *> &replies, int timeoutMs = 30000)
{
    QDeadlineTimer deadline(timeoutMs);
    for (QNetworkReply *reply : replies) {
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(int(qMax<qint64>(1, deadline.remainingTime())));
        }
        if (!reply->isFinished())
            return false;
    }
    return true;
}

struct Answer
{
    int status = 0;
    QJsonObject body;
    bool replayed = false;
};

Answer answerOf(QNetworkReply *reply)
{
    reply->deleteLater();
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object(),
            reply->rawHeader("Idempotent-Replayed") == "true"};
}

// A client that starts a call, holds it for a few random milliseconds, ends it, and repeats;
// it keeps the call of its last round. Holders counts the calls the clients know to be
// active (admitted and not yet asked to end), a lower bound of the service's count.
class CallLoop : public QObject
{
public:
    struct Holders
    {
        int now = 0;
        int most = 0;
    };

    CallLoop(QUrl base, QString token, int rounds, Holders *holders, quint32 seed)
        : m_client(std::move(base), std::move(token)), m_left(rounds), m_holders(holders),
          m_random(seed)
    {}

    void start() { next(); }
    bool done() const { return m_done; }

    int admitted = 0;
    int blocked = 0;
    int ended = 0;
    int unexpected = 0; // any answer that is not 201/200 of the expected shape
    int minRemaining = 1 << 30;
    int maxLimitSeen = 0;
    QString kept; // the call of the last round when it was admitted

private:
    void next()
    {
        if (m_left-- == 0) {
            m_done = true;
            return;
        }
        QNetworkReply *reply = m_client.post(QStringLiteral("/call"));
        connect(reply, &QNetworkReply::finished, this, [this, reply] { started(answerOf(reply)); });
    }

    void started(const Answer &a)
    {
        const QJsonObject limits = limitsOf(a.body);
        if (a.status != 201) {
            ++unexpected;
            next();
            return;
        }
        minRemaining =
            qMin(minRemaining, limits.value(QLatin1String("remainingConcurrentCalls")).toInt(-1));
        maxLimitSeen = qMax(maxLimitSeen, limits.value(QLatin1String("concurrencyLimit")).toInt());
        if (str(a.body, "status") == QLatin1String("ended")) {
            if (str(a.body, "endedReason") != kBlocked ||
                !limits.value(QLatin1String("concurrencyBlocked")).toBool())
                ++unexpected;
            ++blocked;
            next();
            return;
        }
        ++admitted;
        m_holders->most = qMax(m_holders->most, ++m_holders->now);
        const QString id = str(a.body, "id");
        if (m_left == 0) {
            kept = id;
            m_done = true;
            return;
        }
        QTimer::singleShot(int(m_random.bounded(12)), this, [this, id] {
            --m_holders->now;
            QNetworkReply *reply = m_client.post(QStringLiteral("/call/%1/end").arg(id));
            connect(reply, &QNetworkReply::finished, this, [this, reply] {
                const Answer e = answerOf(reply);
                if (e.status == 200 &&
                    str(e.body, "endedReason") == QLatin1String("customer-ended-call"))
                    ++ended;
                else
                    ++unexpected;
                next();
            });
        });
    }

    AsyncClient m_client;
    int m_left;
    Holders *m_holders;
    QRandomGenerator m_random;
    bool m_done = false;
};

} // namespace

// POST /call and friends against a real service: admission, blocking, leases, ends, and the
// no-overbooking invariant under contention from many clients and two service instances.
class TestAdmission : public QObject
{
    Q_OBJECT

    int counter(HttpClient &http, const TestAccount &a)
    {
        const HttpResult r =
            http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken);
        return r.status == 200 ? r.object().value(QLatin1String("concurrencyCounter")).toInt(-1)
                               : -1000 - r.status;
    }
    // The stored counter and the in-progress call rows, read in one statement.
    static QPair<int, int> dbActive(TestServer &server, const QString &subscriptionId)
    {
        QSqlQuery q = server.db().exec(
            QStringLiteral("SELECT active_calls, (SELECT COUNT(*) FROM call WHERE subscription_id"
                           " = :id AND status = 'in-progress') FROM subscription WHERE id = :id"),
            {{":id", subscriptionId}});
        return q.next() ? qMakePair(q.value(0).toInt(), q.value(1).toInt()) : qMakePair(-1, -1);
    }
    static int callRows(TestServer &server)
    {
        QSqlQuery q = server.db().exec(QStringLiteral("SELECT COUNT(*) FROM call"));
        return q.next() ? q.value(0).toInt() : -1;
    }
    static HttpResult startCall(HttpClient &http, const QString &token,
                                const QJsonObject &body = {})
    {
        return http.post(QStringLiteral("/call"), token, body);
    }
    static HttpResult startCall(HttpClient &http, const QString &token, const QByteArray &body,
                                const QByteArray &idempotencyKey)
    {
        return http.send("POST", QStringLiteral("/call"), token, body,
                         {{QByteArrayLiteral("Idempotency-Key"), idempotencyKey}});
    }
    static HttpResult endCall(HttpClient &http, const QString &token, const QString &id,
                              const QJsonObject &body = {})
    {
        return http.post(QStringLiteral("/call/%1/end").arg(id), token, body);
    }
    static HttpResult getCall(HttpClient &http, const QString &token, const QString &id)
    {
        return http.get(QStringLiteral("/call/%1").arg(id), token);
    }

private Q_SLOTS:
    void admitsBelowLimitAndBlocksAtLimit_data()
    {
        QTest::addColumn<int>("included");
        QTest::newRow("limit 1") << 1;
        QTest::newRow("limit 3") << 3;
        QTest::newRow("limit 10 (the default)") << 10;
    }
    void admitsBelowLimitAndBlocksAtLimit()
    {
        QFETCH(int, included);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Pool"), 0, included);
        for (int i = 0; i < included; ++i) {
            const HttpResult r = startCall(http, a.adminToken);
            QCOMPARE(r.status, 201);
            const QJsonObject call = r.object();
            QCOMPARE(str(call, "status"), QStringLiteral("in-progress"));
            QVERIFY(!call.contains(QLatin1String("endedReason")));
            QCOMPARE(str(call, "orgId"), a.orgId);
            QCOMPARE(str(call, "subscriptionId"), a.subscriptionId);
            QCOMPARE(limitsOf(call),
                     (QJsonObject{{QStringLiteral("concurrencyBlocked"), false},
                                  {QStringLiteral("concurrencyLimit"), included},
                                  {QStringLiteral("remainingConcurrentCalls"), included - i - 1}}));
            QCOMPARE(counter(http, a), i + 1);
        }
        const QDateTime now = server.clock().now();
        for (int attempt = 0; attempt < 2; ++attempt) {
            const HttpResult r = startCall(http, a.adminToken,
                                           {{QStringLiteral("type"), QStringLiteral("webCall")}});
            QCOMPARE(r.status, 201);
            const QJsonObject call = r.object();
            QCOMPARE(str(call, "status"), QStringLiteral("ended"));
            QCOMPARE(str(call, "endedReason"), kBlocked);
            QCOMPARE(timeOf(call, "endedAt"), now);
            QCOMPARE(timeOf(call, "createdAt"), now);
            QVERIFY(!call.contains(QLatin1String("leaseExpiresAt")));
            QCOMPARE(limitsOf(call),
                     (QJsonObject{{QStringLiteral("concurrencyBlocked"), true},
                                  {QStringLiteral("concurrencyLimit"), included},
                                  {QStringLiteral("remainingConcurrentCalls"), 0}}));
            // A blocked call is stored as such and never holds a slot.
            const HttpResult stored = getCall(http, a.adminToken, str(call, "id"));
            QCOMPARE(stored.status, 200);
            QCOMPARE(str(stored.object(), "endedReason"), kBlocked);
            QCOMPARE(counter(http, a), included);
        }
        QCOMPARE(dbActive(server, a.subscriptionId), qMakePair(included, included));
        QCOMPARE(callRows(server), included + 2);
    }

    void typeInference_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("expected"); // the type, or the error code
        QTest::newRow("empty body: outbound") << QByteArray() << 201 << "outboundPhoneCall";
        QTest::newRow("{}: outbound") << QByteArray("{}") << 201 << "outboundPhoneCall";
        QTest::newRow("customer number: outbound")
            << QByteArray(R"({"customer":{"number":"+14155550100"},"phoneNumberId":"pn_1"})") << 201
            << "outboundPhoneCall";
        QTest::newRow("explicit inbound")
            << QByteArray(R"({"type":"inboundPhoneCall","phoneNumberId":"pn_2"})") << 201
            << "inboundPhoneCall";
        QTest::newRow("explicit web")
            << QByteArray(R"({"type":"webCall","assistantId":"a_1"})") << 201 << "webCall";
        QTest::newRow("explicit outbound")
            << QByteArray(R"({"type":"outboundPhoneCall","customer":{"number":"+1"}})") << 201
            << "outboundPhoneCall";
        QTest::newRow("unknown platform fields accepted")
            << QByteArray(
                   R"({"assistantId":"a_1","squadId":"s_1","name":"n","metadata":{"k":[1,2]},)"
                   R"("assistantOverrides":{"firstMessage":"hi"},"schedulePlan":{"earliestAt":)"
                   R"("2026-01-01T00:00:00Z"},"transport":{"provider":"x"},"futureField":42})")
            << 201 << "outboundPhoneCall";
        QTest::newRow("invalid type")
            << QByteArray(R"({"type":"sipCall"})") << 400 << "invalid-call-type";
        QTest::newRow("type not a string")
            << QByteArray(R"({"type":3})") << 400 << "invalid-call-type";
        QTest::newRow("type null") << QByteArray(R"({"type":null})") << 400 << "invalid-call-type";
        QTest::newRow("type an array")
            << QByteArray(R"({"type":["webCall"]})") << 400 << "invalid-call-type";
        QTest::newRow("orgId null") << QByteArray(R"({"orgId":null})") << 400 << "invalid-org-id";
        QTest::newRow("orgId an object")
            << QByteArray(R"({"orgId":{"id":"x"}})") << 400 << "invalid-org-id";
        QTest::newRow("orgId true") << QByteArray(R"({"orgId":true})") << 400 << "invalid-org-id";
        QTest::newRow("assistantId a number")
            << QByteArray(R"({"assistantId":7})") << 400 << "invalid-field";
        QTest::newRow("phoneNumberId null")
            << QByteArray(R"({"phoneNumberId":null})") << 400 << "invalid-field";
        QTest::newRow("name an object")
            << QByteArray(R"({"name":{"first":"x"}})") << 400 << "invalid-field";
        QTest::newRow("squadId false")
            << QByteArray(R"({"squadId":false})") << 400 << "invalid-field";
        QTest::newRow("customer a string")
            << QByteArray(R"({"customer":"+14155550100"})") << 400 << "invalid-field";
        QTest::newRow("customer null")
            << QByteArray(R"({"customer":null})") << 400 << "invalid-field";
        QTest::newRow("unknown fields of any type, null too")
            << QByteArray(R"({"metadata":null,"futureField":[1,{"a":null}],"x":false})") << 201
            << "outboundPhoneCall";
        // Qt's JSON reader takes only an object or an array at the top.
        QTest::newRow("JSON null body") << QByteArray("null") << 400 << "malformed-json";
        QTest::newRow("string body") << QByteArray(R"("webCall")") << 400 << "malformed-json";
        QTest::newRow("malformed JSON") << QByteArray(R"({"type":)") << 400 << "malformed-json";
        QTest::newRow("array body") << QByteArray("[]") << 400 << "invalid-body";
    }
    void typeInference()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, expected);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Types"), 0, 2);
        const HttpResult r = http.send("POST", QStringLiteral("/call"), a.adminToken, body);
        QCOMPARE(r.status, status);
        if (status == 201) {
            QCOMPARE(str(r.object(), "type"), expected);
            QCOMPARE(str(r.object(), "status"), QStringLiteral("in-progress"));
            QCOMPARE(counter(http, a), 1);
            QCOMPARE(callRows(server), 1);
        } else {
            QCOMPARE(str(r.object(), "code"), expected);
            QCOMPARE(r.object().value(QLatin1String("statusCode")).toInt(), status);
            QVERIFY(!str(r.object(), "message").isEmpty());
            // Bad input changes nothing.
            QCOMPARE(counter(http, a), 0);
            QCOMPARE(callRows(server), 0);
        }
    }

    void orgIdRules_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QString>("org"); // which orgId the body carries
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code"); // error code, or "own"/"second": the call's org
        QTest::newRow("admin of one org, no orgId") << "admin"
                                                    << "none" << 201 << "own";
        QTest::newRow("admin of one org, its orgId") << "admin"
                                                     << "own" << 201 << "own";
        QTest::newRow("admin, another tenant's org") << "admin"
                                                     << "other" << 404 << "org-not-found";
        QTest::newRow("admin, unknown org") << "admin"
                                            << "unknown" << 404 << "org-not-found";
        QTest::newRow("admin, orgId not a string") << "admin"
                                                   << "number" << 400 << "invalid-org-id";
        QTest::newRow("support, no orgId") << "support"
                                           << "none" << 400 << "org-id-required";
        QTest::newRow("support, orgId") << "support"
                                        << "own" << 201 << "own";
        QTest::newRow("support, unknown org") << "support"
                                              << "unknown" << 404 << "org-not-found";
        QTest::newRow("viewer, no orgId") << "viewer"
                                          << "none" << 403 << "forbidden";
        QTest::newRow("viewer, its orgId") << "viewer"
                                           << "own" << 403 << "forbidden";
        QTest::newRow("admin of two orgs, no orgId") << "twoOrgs"
                                                     << "none" << 400 << "org-id-required";
        QTest::newRow("admin of two orgs, second org") << "twoOrgs"
                                                       << "second" << 201 << "second";
        QTest::newRow("admin of two orgs, first org") << "twoOrgs"
                                                      << "own" << 201 << "own";
    }
    void orgIdRules()
    {
        QFETCH(QString, who);
        QFETCH(QString, org);
        QFETCH(int, status);
        QFETCH(QString, code);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Tenant A"), 0, 5);
        const TestAccount b = server.createAccount(QStringLiteral("Tenant B"), 0, 5);
        const TestAccount c = server.createAccount(QStringLiteral("Tenant C"), 0, 5);
        const Member twoOrgs =
            addMember(server, a.orgId, QStringLiteral("admin"), QStringLiteral("two@test.example"));
        server.accounts().addMembership(c.orgId, twoOrgs.userId, QStringLiteral("admin"));
        const QString token = who == QLatin1String("admin")     ? a.adminToken
                              : who == QLatin1String("support") ? server.createSupportToken()
                              : who == QLatin1String("viewer")  ? a.viewerToken
                                                                : twoOrgs.token;
        QJsonObject body{{QStringLiteral("type"), QStringLiteral("inboundPhoneCall")}};
        if (org == QLatin1String("own"))
            body.insert(QStringLiteral("orgId"), a.orgId);
        else if (org == QLatin1String("other"))
            body.insert(QStringLiteral("orgId"), b.orgId);
        else if (org == QLatin1String("unknown"))
            body.insert(QStringLiteral("orgId"), QStringLiteral("no-such-org"));
        else if (org == QLatin1String("second"))
            body.insert(QStringLiteral("orgId"), c.orgId);
        else if (org == QLatin1String("number"))
            body.insert(QStringLiteral("orgId"), 12);

        const HttpResult r = startCall(http, token, body);
        QCOMPARE(r.status, status);
        if (status != 201) {
            QCOMPARE(str(r.object(), "code"), code);
            QCOMPARE(callRows(server), 0);
            for (const TestAccount *t : {&a, &b, &c})
                QCOMPARE(counter(http, *t), 0);
            return;
        }
        const TestAccount &expected = code == QLatin1String("own") ? a : c;
        QCOMPARE(str(r.object(), "orgId"), expected.orgId);
        QCOMPARE(str(r.object(), "subscriptionId"), expected.subscriptionId);
        QCOMPARE(counter(http, expected), 1);
        QCOMPARE(counter(http, &expected == &a ? c : a), 0);
        QCOMPARE(counter(http, b), 0);
    }

    // Two organizations on one subscription share its lines.
    void twoOrgsShareOnePool()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Shared"), 0, 3);
        const QString orgB = server.accounts().createOrg(QStringLiteral("Shared Org B"),
                                                         a.subscriptionId, server.clock().now());
        const Member adminB =
            addMember(server, orgB, QStringLiteral("admin"), QStringLiteral("b@test.example"));
        const TestAccount other = server.createAccount(QStringLiteral("Elsewhere"), 0, 3);

        const HttpResult a1 = startCall(http, a.adminToken);
        const HttpResult b1 =
            startCall(http, adminB.token, {{QStringLiteral("type"), QStringLiteral("webCall")}});
        const HttpResult a2 = startCall(
            http, a.adminToken, {{QStringLiteral("type"), QStringLiteral("inboundPhoneCall")}});
        for (const HttpResult *r : {&a1, &b1, &a2}) {
            QCOMPARE(r->status, 201);
            QCOMPARE(str(r->object(), "status"), QStringLiteral("in-progress"));
            QCOMPARE(str(r->object(), "subscriptionId"), a.subscriptionId);
        }
        QCOMPARE(str(b1.object(), "orgId"), orgB);
        QCOMPARE(limitsOf(a1.object()).value(QLatin1String("remainingConcurrentCalls")).toInt(), 2);
        QCOMPARE(limitsOf(b1.object()).value(QLatin1String("remainingConcurrentCalls")).toInt(), 1);
        QCOMPARE(limitsOf(a2.object()).value(QLatin1String("remainingConcurrentCalls")).toInt(), 0);

        // The pool is full for both orgs; another subscription is not affected.
        const HttpResult b2 = startCall(http, adminB.token);
        QCOMPARE(str(b2.object(), "endedReason"), kBlocked);
        QCOMPARE(str(b2.object(), "orgId"), orgB);
        QCOMPARE(str(startCall(http, a.adminToken).object(), "endedReason"), kBlocked);
        QCOMPARE(str(startCall(http, other.adminToken).object(), "status"),
                 QStringLiteral("in-progress"));
        QCOMPARE(counter(http, a), 3);
        QCOMPARE(counter(http, other), 1);

        // A slot freed by org A can be taken by org B.
        QCOMPARE(endCall(http, a.adminToken, str(a1.object(), "id")).status, 200);
        QCOMPARE(counter(http, a), 2);
        const HttpResult b3 = startCall(http, adminB.token);
        QCOMPARE(str(b3.object(), "status"), QStringLiteral("in-progress"));
        QCOMPARE(limitsOf(b3.object()).value(QLatin1String("remainingConcurrentCalls")).toInt(), 0);
        QCOMPARE(dbActive(server, a.subscriptionId), qMakePair(3, 3));
        // Org B's admin cannot end org A's call: not visible to it.
        QCOMPARE(endCall(http, adminB.token, str(a2.object(), "id")).status, 404);
        QCOMPARE(counter(http, a), 3);
    }

    // Rounds of a burst: every client starts a call at once, then every admitted call is
    // ended at once. Each round admits exactly `limit`, and the counter is checked after
    // each half-round over HTTP and in the database.
    void contentionBursts_data()
    {
        QTest::addColumn<int>("clients");
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("rounds");
        QTest::addColumn<bool>("twoServices");
        QTest::newRow("12 clients, limit 3, one service") << 12 << 3 << 8 << false;
        QTest::newRow("12 clients, limit 3, two services") << 12 << 3 << 8 << true;
        QTest::newRow("16 clients, limit 5, two services") << 16 << 5 << 5 << true;
    }
    void contentionBursts()
    {
        QFETCH(int, clients);
        QFETCH(int, limit);
        QFETCH(int, rounds);
        QFETCH(bool, twoServices);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Contended"), 0, limit);
        // Half the clients speak for a second org of the same subscription.
        const QString orgB = server.accounts().createOrg(QStringLiteral("Contended B"),
                                                         a.subscriptionId, server.clock().now());
        const Member adminB =
            addMember(server, orgB, QStringLiteral("admin"), QStringLiteral("b@test.example"));
        std::unique_ptr<server::ServiceThread> second;
        if (twoServices) {
            server::ServiceConfig config;
            config.port = 0;
            config.databasePath = server.databasePath();
            config.renewalCheckIntervalMs = 50;
            config.clock = server.sharedClock();
            second = std::make_unique<server::ServiceThread>(config);
            QString error;
            QVERIFY2(second->start(&error), qPrintable(error));
        }
        std::vector<std::unique_ptr<AsyncClient>> pool;
        for (int i = 0; i < clients; ++i)
            pool.push_back(
                std::make_unique<AsyncClient>(second && i % 2 ? second->url() : server.url(),
                                              i % 4 < 2 ? a.adminToken : adminB.token));

        int admittedTotal = 0;
        int endedTotal = 0;
        for (int round = 0; round < rounds; ++round) {
            QList<QNetworkReply *> replies;
            for (auto &client : pool)
                replies << client->post(QStringLiteral("/call"));
            QVERIFY(waitForAll(replies));
            QList<QPair<int, QString>> admitted; // (client, call id)
            QList<int> remaining;
            for (int i = 0; i < clients; ++i) {
                const Answer r = answerOf(replies.at(i));
                QCOMPARE(r.status, 201);
                const QJsonObject limits = limitsOf(r.body);
                QCOMPARE(limits.value(QLatin1String("concurrencyLimit")).toInt(), limit);
                if (str(r.body, "status") == QLatin1String("in-progress")) {
                    QCOMPARE(limits.value(QLatin1String("concurrencyBlocked")).toBool(), false);
                    remaining << limits.value(QLatin1String("remainingConcurrentCalls")).toInt();
                    admitted.append({i, str(r.body, "id")});
                } else {
                    QCOMPARE(str(r.body, "endedReason"), kBlocked);
                    QCOMPARE(limits.value(QLatin1String("concurrencyBlocked")).toBool(), true);
                    QCOMPARE(limits.value(QLatin1String("remainingConcurrentCalls")).toInt(), 0);
                }
            }
            // Exactly `limit` admitted, each seeing a different count: limit-1, …, 1, 0 left.
            QCOMPARE(admitted.size(), limit);
            std::sort(remaining.begin(), remaining.end());
            for (int k = 0; k < limit; ++k)
                QCOMPARE(remaining.at(k), k);
            QCOMPARE(counter(http, a), limit);
            QCOMPARE(dbActive(server, a.subscriptionId), qMakePair(limit, limit));
            admittedTotal += limit;

            replies.clear();
            for (const auto &[client, id] : admitted)
                replies << pool.at(client)->post(QStringLiteral("/call/%1/end").arg(id));
            // And one duplicate end racing the first: it must free nothing more.
            replies << pool.at(admitted.first().first)
                           ->post(QStringLiteral("/call/%1/end").arg(admitted.first().second));
            QVERIFY(waitForAll(replies));
            for (QNetworkReply *reply : replies) {
                const Answer r = answerOf(reply);
                QCOMPARE(r.status, 200);
                QCOMPARE(str(r.body, "status"), QStringLiteral("ended"));
            }
            endedTotal += limit;
            QCOMPARE(counter(http, a), 0);
            QCOMPARE(dbActive(server, a.subscriptionId), qMakePair(0, 0));
        }
        QSqlQuery q = server.db().exec(
            QStringLiteral("SELECT COUNT(*), SUM(blocked), SUM(CASE WHEN ended_reason ="
                           " 'customer-ended-call' THEN 1 ELSE 0 END) FROM call WHERE"
                           " subscription_id = :id"),
            {{":id", a.subscriptionId}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), rounds * clients);
        QCOMPARE(q.value(1).toInt(), rounds * (clients - limit));
        QCOMPARE(q.value(2).toInt(), endedTotal);
        QCOMPARE(admittedTotal - endedTotal, counter(http, a));
    }

    // Free-running clients: each starts, holds a few ms, ends, and repeats, all at once.
    // While they run, the database is sampled: the counter never exceeds the limit and always
    // equals the in-progress rows.
    void contentionFreeRunning_data()
    {
        QTest::addColumn<int>("clients");
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("rounds");
        QTest::addColumn<bool>("twoServices");
        QTest::newRow("10 clients, limit 3, one service") << 10 << 3 << 20 << false;
        QTest::newRow("10 clients, limit 3, two services") << 10 << 3 << 20 << true;
    }
    void contentionFreeRunning()
    {
        QFETCH(int, clients);
        QFETCH(int, limit);
        QFETCH(int, rounds);
        QFETCH(bool, twoServices);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Busy"), 0, limit);
        std::unique_ptr<server::ServiceThread> second;
        if (twoServices) {
            server::ServiceConfig config;
            config.port = 0;
            config.databasePath = server.databasePath();
            config.renewalCheckIntervalMs = 50;
            config.clock = server.sharedClock();
            second = std::make_unique<server::ServiceThread>(config);
            QString error;
            QVERIFY2(second->start(&error), qPrintable(error));
        }
        CallLoop::Holders holders;
        std::vector<std::unique_ptr<CallLoop>> loops;
        for (int i = 0; i < clients; ++i)
            loops.push_back(
                std::make_unique<CallLoop>(second && i % 2 ? second->url() : server.url(),
                                           a.adminToken, rounds, &holders, 1000 + i));
        int samples = 0;
        int worstCounter = 0;
        int mismatches = 0;
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] {
            const QPair<int, int> now = dbActive(server, a.subscriptionId);
            ++samples;
            worstCounter = qMax(worstCounter, qMax(now.first, now.second));
            if (now.first != now.second)
                ++mismatches;
        });
        sampler.start(3);
        for (auto &loop : loops)
            loop->start();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(loops.cbegin(), loops.cend(), [](const auto &l) { return l->done(); }),
            45000);
        sampler.stop();

        int admitted = 0, blocked = 0, ended = 0, kept = 0;
        for (const auto &loop : loops) {
            QCOMPARE(loop->unexpected, 0);
            QVERIFY2(loop->minRemaining >= 0, "an admitted call reported a negative remainder");
            QCOMPARE(loop->maxLimitSeen, limit);
            admitted += loop->admitted;
            blocked += loop->blocked;
            ended += loop->ended;
            kept += loop->kept.isEmpty() ? 0 : 1;
        }
        qInfo("%d attempts: %d admitted, %d blocked; %d database samples, at most %d active, "
              "at most %d held by clients",
              clients * rounds, admitted, blocked, samples, worstCounter, holders.most);
        QCOMPARE(admitted + blocked, clients * rounds);
        QVERIFY(blocked > 0); // the limit was reached: the test contended
        QVERIFY2(holders.most <= limit, "clients held more calls than the limit at once");
        QVERIFY2(worstCounter <= limit, "the service counted more active calls than the limit");
        QCOMPARE(mismatches, 0);
        QVERIFY(samples > 0);
        // What is left active is exactly what was admitted and not ended.
        QCOMPARE(admitted - ended, kept);
        QVERIFY(kept <= limit);
        QCOMPARE(counter(http, a), admitted - ended);
        QCOMPARE(dbActive(server, a.subscriptionId), qMakePair(kept, kept));
        for (const auto &loop : loops)
            if (!loop->kept.isEmpty())
                QCOMPARE(endCall(http, a.adminToken, loop->kept).status, 200);
        QCOMPARE(counter(http, a), 0);
    }

    void leaseExpiry_data()
    {
        QTest::addColumn<qint64>("configured"); // 0: the service's default
        QTest::addColumn<qint64>("leaseMs");
        QTest::newRow("default lease (120 s)") << qint64(0) << qint64(120'000);
        QTest::newRow("30 s lease") << qint64(30'000) << qint64(30'000);
    }
    void leaseExpiry()
    {
        QFETCH(qint64, configured);
        QFETCH(qint64, leaseMs);
        TestServer server(TestServer::defaultStart(), false, configured);
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Leases"), 0, 2);
        const QDateTime t0 = server.clock().now();

        const QJsonObject kept = startCall(http, a.adminToken).object();
        const QJsonObject sentinel = startCall(http, a.adminToken).object();
        const QString keptId = str(kept, "id");
        const QString sentinelId = str(sentinel, "id");
        QCOMPARE(timeOf(kept, "leaseExpiresAt"), t0.addMSecs(leaseMs));
        QCOMPARE(timeOf(kept, "lastHeartbeatAt"), t0);
        QCOMPARE(str(startCall(http, a.adminToken).object(), "endedReason"), kBlocked);

        const HttpResult listed =
            http.get(QStringLiteral("/subscription/%1/calls").arg(a.subscriptionId), a.adminToken);
        QCOMPARE(listed.status, 200);
        QCOMPARE(listed.object().value(QLatin1String("leaseMs")).toInteger(), leaseMs);
        QCOMPARE(listed.object().value(QLatin1String("results")).toArray().size(), 2);

        // A heartbeat before expiry renews the lease from now.
        server.clock().set(t0.addMSecs(leaseMs * 3 / 4));
        const HttpResult beat =
            http.post(QStringLiteral("/call/%1/heartbeat").arg(keptId), a.adminToken, {});
        QCOMPARE(beat.status, 200);
        QCOMPARE(timeOf(beat.object(), "lastHeartbeatAt"), t0.addMSecs(leaseMs * 3 / 4));
        QCOMPARE(timeOf(beat.object(), "leaseExpiresAt"), t0.addMSecs(leaseMs * 7 / 4));

        // Past the sentinel's lease: the job ends it and frees its slot. The heartbeated call
        // is checked in the same state, after the job has certainly run at this time.
        const QDateTime firstExpiry = t0.addMSecs(leaseMs + 1);
        server.clock().set(firstExpiry);
        QTRY_COMPARE_WITH_TIMEOUT(str(getCall(http, a.adminToken, sentinelId).object(), "status"),
                                  QStringLiteral("ended"), 10000);
        const QJsonObject expired = getCall(http, a.adminToken, sentinelId).object();
        QCOMPARE(str(expired, "endedReason"), QStringLiteral("lease-expired"));
        QCOMPARE(timeOf(expired, "endedAt"), firstExpiry);
        QCOMPARE(str(getCall(http, a.adminToken, keptId).object(), "status"),
                 QStringLiteral("in-progress"));
        QCOMPARE(counter(http, a), 1);
        const HttpResult late =
            http.post(QStringLiteral("/call/%1/heartbeat").arg(sentinelId), a.adminToken, {});
        QCOMPARE(late.status, 409);
        QCOMPARE(str(late.object(), "code"), QStringLiteral("call-ended"));
        QCOMPARE(str(getCall(http, a.adminToken, sentinelId).object(), "status"),
                 QStringLiteral("ended"));

        // The freed slot is usable at once.
        const QJsonObject next = startCall(http, a.adminToken).object();
        QCOMPARE(str(next, "status"), QStringLiteral("in-progress"));
        QCOMPARE(counter(http, a), 2);
        QCOMPARE(endCall(http, a.adminToken, str(next, "id")).status, 200);

        // Exactly at the renewed lease's end the call expires too.
        server.clock().set(t0.addMSecs(leaseMs * 7 / 4));
        QTRY_COMPARE_WITH_TIMEOUT(str(getCall(http, a.adminToken, keptId).object(), "endedReason"),
                                  QStringLiteral("lease-expired"), 10000);
        QCOMPARE(counter(http, a), 0);
        QCOMPARE(dbActive(server, a.subscriptionId), qMakePair(0, 0));
        const HttpResult afterEnd =
            http.post(QStringLiteral("/call/%1/heartbeat").arg(keptId), a.adminToken, {});
        QCOMPARE(afterEnd.status, 409);
        QCOMPARE(str(afterEnd.object(), "code"), QStringLiteral("call-ended"));
        // Ending an expired call is not an error and frees nothing more.
        const HttpResult endExpired = endCall(http, a.adminToken, keptId);
        QCOMPARE(endExpired.status, 200);
        QCOMPARE(str(endExpired.object(), "endedReason"), QStringLiteral("lease-expired"));
        QCOMPARE(counter(http, a), 0);
    }

    void heartbeatAfterEndIsRefused()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Beats"), 0, 2);
        const QString id = str(startCall(http, a.adminToken).object(), "id");
        QCOMPARE(endCall(http, a.adminToken, id).status, 200);
        server.clock().advance(1000);
        const HttpResult r =
            http.post(QStringLiteral("/call/%1/heartbeat").arg(id), a.adminToken, {});
        QCOMPARE(r.status, 409);
        QCOMPARE(str(r.object(), "code"), QStringLiteral("call-ended"));
        // A blocked call cannot be renewed either.
        startCall(http, a.adminToken);
        startCall(http, a.adminToken);
        const QString blocked = str(startCall(http, a.adminToken).object(), "id");
        QCOMPARE(
            http.post(QStringLiteral("/call/%1/heartbeat").arg(blocked), a.adminToken, {}).status,
            409);
        QCOMPARE(http.post(QStringLiteral("/call/nope/heartbeat"), a.adminToken, {}).status, 404);
        QCOMPARE(counter(http, a), 2);
    }

    void endTwiceFreesOnce()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Twice"), 0, 3);
        const QString c1 = str(startCall(http, a.adminToken).object(), "id");
        const QString c2 = str(startCall(http, a.adminToken).object(), "id");
        const QString c3 = str(startCall(http, a.adminToken).object(), "id");
        QCOMPARE(counter(http, a), 3);

        server.clock().advance(5000);
        const HttpResult first = endCall(http, a.adminToken, c1);
        QCOMPARE(first.status, 200);
        QCOMPARE(str(first.object(), "status"), QStringLiteral("ended"));
        QCOMPARE(str(first.object(), "endedReason"), QStringLiteral("customer-ended-call"));
        QCOMPARE(counter(http, a), 2);
        server.clock().advance(5000);
        const HttpResult again = endCall(http, a.adminToken, c1);
        QCOMPARE(again.status, 200);
        QCOMPARE(str(again.object(), "endedAt"), str(first.object(), "endedAt"));
        QCOMPARE(counter(http, a), 2);

        // Two ends of one call racing each other from two connections.
        AsyncClient x(server.url(), a.adminToken);
        AsyncClient y(server.url(), a.adminToken);
        const QList<QNetworkReply *> replies{x.post(QStringLiteral("/call/%1/end").arg(c2)),
                                             y.post(QStringLiteral("/call/%1/end").arg(c2))};
        QVERIFY(waitForAll(replies));
        for (QNetworkReply *reply : replies)
            QCOMPARE(answerOf(reply).status, 200);
        QCOMPARE(counter(http, a), 1);
        QCOMPARE(dbActive(server, a.subscriptionId), qMakePair(1, 1));
        QCOMPARE(str(getCall(http, a.adminToken, c3).object(), "status"),
                 QStringLiteral("in-progress"));
        // Ending a blocked call frees nothing either.
        startCall(http, a.adminToken);
        startCall(http, a.adminToken);
        const QJsonObject blocked = startCall(http, a.adminToken).object();
        QCOMPARE(str(blocked, "endedReason"), kBlocked);
        const HttpResult endBlocked = endCall(http, a.adminToken, str(blocked, "id"));
        QCOMPARE(endBlocked.status, 200);
        QCOMPARE(str(endBlocked.object(), "endedReason"), kBlocked);
        QCOMPARE(counter(http, a), 3);
        QCOMPARE(endCall(http, a.adminToken, QStringLiteral("no-such-call")).status, 404);
    }

    // Removing purchased lines while calls are active never drops a call; new calls wait
    // until the count is below the new limit.
    void loweringLimitBelowActive()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Lower"), 100'00, 2);
        const QString lines = QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId);
        QCOMPARE(http.post(lines, a.adminToken, {{QStringLiteral("quantity"), 3}},
                           {{"Idempotency-Key", "buy-3"}})
                     .status,
                 201);
        QStringList calls;
        for (int i = 0; i < 5; ++i) {
            const QJsonObject c = startCall(http, a.adminToken).object();
            QCOMPARE(str(c, "status"), QStringLiteral("in-progress"));
            calls << str(c, "id");
        }
        QCOMPARE(counter(http, a), 5);

        const HttpResult preview = http.post(lines + QStringLiteral("/preview"), a.adminToken,
                                             {{QStringLiteral("quantity"), -3}});
        QCOMPARE(preview.status, 200);
        QCOMPARE(preview.object().value(QLatin1String("activeCalls")).toInt(), 5);
        QCOMPARE(preview.object().value(QLatin1String("warnings")).toArray().size(), 1);
        const HttpResult removed = http.send("DELETE", lines, a.adminToken, R"({"quantity":3})",
                                             {{"Idempotency-Key", "remove-3"}});
        QCOMPARE(removed.status, 200);
        const QJsonObject sub = removed.object().value(QLatin1String("subscription")).toObject();
        QCOMPARE(sub.value(QLatin1String("concurrencyLimit")).toInt(), 2);
        QCOMPARE(sub.value(QLatin1String("concurrencyCounter")).toInt(), 5);
        for (const QString &id : calls)
            QCOMPARE(str(getCall(http, a.adminToken, id).object(), "status"),
                     QStringLiteral("in-progress"));

        const auto expectBlocked = [&](int activeNow) {
            const QJsonObject c = startCall(http, a.adminToken).object();
            QCOMPARE(str(c, "status"), QStringLiteral("ended"));
            QCOMPARE(str(c, "endedReason"), kBlocked);
            QCOMPARE(limitsOf(c), (QJsonObject{{QStringLiteral("concurrencyBlocked"), true},
                                               {QStringLiteral("concurrencyLimit"), 2},
                                               {QStringLiteral("remainingConcurrentCalls"), 0}}));
            QCOMPARE(counter(http, a), activeNow);
        };
        expectBlocked(5);
        if (QTest::currentTestFailed())
            return;
        // 5 → 2 active: still not below the limit of 2.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(endCall(http, a.adminToken, calls.takeFirst()).status, 200);
        expectBlocked(2);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(endCall(http, a.adminToken, calls.takeFirst()).status, 200);
        const QJsonObject admitted = startCall(http, a.adminToken).object();
        QCOMPARE(str(admitted, "status"), QStringLiteral("in-progress"));
        QCOMPARE(limitsOf(admitted).value(QLatin1String("remainingConcurrentCalls")).toInt(), 0);
        QCOMPARE(counter(http, a), 2);
        expectBlocked(2);
    }

    void supportEndsStuckCall()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Stuck"), 0, 1);
        const QString support = server.createSupportToken();
        const QString id = str(startCall(http, a.adminToken).object(), "id");
        QCOMPARE(str(startCall(http, a.adminToken).object(), "endedReason"), kBlocked);

        // The viewer may see the call but not end it.
        QCOMPARE(getCall(http, a.viewerToken, id).status, 200);
        QCOMPARE(endCall(http, a.viewerToken, id).status, 403);
        for (const QByteArray &body :
             {QByteArray(), QByteArray("{}"), QByteArray(R"({"reason":"  "})"),
              QByteArray(R"({"reason":null})")}) {
            const HttpResult r =
                http.send("POST", QStringLiteral("/call/%1/end").arg(id), support, body);
            QCOMPARE(r.status, 400);
            QCOMPARE(str(r.object(), "code"), QStringLiteral("reason-required"));
        }
        const HttpResult notString = endCall(http, support, id, {{QStringLiteral("reason"), 5}});
        QCOMPARE(notString.status, 400);
        QCOMPARE(str(notString.object(), "code"), QStringLiteral("invalid-reason"));
        QCOMPARE(counter(http, a), 1);
        QCOMPARE(str(getCall(http, support, id).object(), "status"), QStringLiteral("in-progress"));

        server.clock().advance(60'000);
        const HttpResult ended = endCall(
            http, support, id,
            {{QStringLiteral("reason"), QStringLiteral("stuck in a slot since the outage")}});
        QCOMPARE(ended.status, 200);
        QCOMPARE(str(ended.object(), "status"), QStringLiteral("ended"));
        QCOMPARE(str(ended.object(), "endedReason"), QStringLiteral("ended-by-support"));
        QCOMPARE(timeOf(ended.object(), "endedAt"), server.clock().now());
        QCOMPARE(counter(http, a), 0);
        const QJsonObject own = startCall(http, a.adminToken).object();
        QCOMPARE(str(own, "status"), QStringLiteral("in-progress"));

        // Ending it again changes nothing and writes no second entry.
        QCOMPARE(endCall(http, support, id, {{QStringLiteral("reason"), QStringLiteral("again")}})
                     .status,
                 200);
        QCOMPARE(counter(http, a), 1);

        const HttpResult audit =
            http.get(QStringLiteral("/subscription/%1/audit").arg(a.subscriptionId), support);
        QCOMPARE(audit.status, 200);
        QList<QJsonObject> entries;
        for (const QJsonValue &v : audit.object().value(QLatin1String("results")).toArray())
            if (str(v.toObject(), "action") == QLatin1String("call.end"))
                entries << v.toObject();
        QCOMPARE(entries.size(), 1);
        const QJsonObject e = entries.first();
        QCOMPARE(str(e, "reason"), QStringLiteral("stuck in a slot since the outage"));
        QCOMPARE(str(e, "actor"), QStringLiteral("support@test.example"));
        QCOMPARE(str(e, "requestId"), QString::fromLatin1(ended.header("X-Request-Id")));
        QCOMPARE(timeOf(e, "at"), server.clock().now());
        QCOMPARE(str(e.value(QLatin1String("before")).toObject(), "callId"), id);
        QCOMPARE(e.value(QLatin1String("before"))
                     .toObject()
                     .value(QLatin1String("concurrencyCounter"))
                     .toInt(),
                 1);
        QCOMPARE(e.value(QLatin1String("after"))
                     .toObject()
                     .value(QLatin1String("concurrencyCounter"))
                     .toInt(),
                 0);
        QCOMPARE(str(e.value(QLatin1String("after")).toObject(), "status"),
                 QStringLiteral("ended"));

        // The admin ending its own call needs no reason and is not audited as support.
        QCOMPARE(str(startCall(http, a.adminToken).object(), "endedReason"), kBlocked);
        const HttpResult ownEnd = endCall(http, a.adminToken, str(own, "id"));
        QCOMPARE(ownEnd.status, 200);
        QCOMPARE(str(ownEnd.object(), "endedReason"), QStringLiteral("customer-ended-call"));
        const HttpResult audit2 =
            http.get(QStringLiteral("/subscription/%1/audit").arg(a.subscriptionId), support);
        int callEnds = 0;
        for (const QJsonValue &v : audit2.object().value(QLatin1String("results")).toArray())
            callEnds += str(v.toObject(), "action") == QLatin1String("call.end") ? 1 : 0;
        QCOMPARE(callEnds, 1);
        QCOMPARE(counter(http, a), 0);
    }

    // POST /call with an Idempotency-Key, as purchases: a retry of a start whose answer was
    // lost gets the first answer again and holds no second line; admitted or blocked alike.
    void idempotentStartReplays_data()
    {
        QTest::addColumn<int>("included");
        QTest::newRow("admitted") << 2;
        QTest::newRow("blocked (no line free)") << 0;
    }
    void idempotentStartReplays()
    {
        QFETCH(int, included);
        const bool admitted = included > 0;
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Retrier"), 100'00, included);
        const QByteArray body = R"({"type":"inboundPhoneCall","assistantId":"asst_1"})";
        const HttpResult first = startCall(http, a.adminToken, body, "start-1");
        QCOMPARE(first.status, 201);
        QVERIFY(first.header("Idempotent-Replayed").isEmpty());
        const QJsonObject call = first.object();
        QCOMPARE(str(call, "status"),
                 admitted ? QStringLiteral("in-progress") : QStringLiteral("ended"));
        QCOMPARE(limitsOf(call).value(QLatin1String("concurrencyBlocked")).toBool(), !admitted);

        server.clock().advance(1000);
        // The same request again, its keys in another order and with spaces: the same body.
        for (const QByteArray &again :
             {body, QByteArray(R"({ "assistantId": "asst_1", "type": "inboundPhoneCall" })")}) {
            const HttpResult retry = startCall(http, a.adminToken, again, "start-1");
            QCOMPARE(retry.status, 201);
            QCOMPARE(retry.header("Idempotent-Replayed"), QByteArray("true"));
            QCOMPARE(retry.object(), call);
        }
        QCOMPARE(callRows(server), 1);
        QCOMPARE(counter(http, a), admitted ? 1 : 0);
        QCOMPARE(dbActive(server, a.subscriptionId), admitted ? qMakePair(1, 1) : qMakePair(0, 0));

        // Another body with the same key: refused as a purchase's reused key is, nothing started.
        const HttpResult other = startCall(http, a.adminToken, R"({"type":"webCall"})", "start-1");
        QCOMPARE(other.status, 422);
        QCOMPARE(str(other.object(), "code"), QStringLiteral("idempotency-key-reused"));
        const HttpResult empty = startCall(http, a.adminToken, QByteArray(), "start-1");
        QCOMPARE(empty.status, 422);
        QCOMPARE(callRows(server), 1);

        // A line freed (or bought) later does not turn the replay into a new start: it is the
        // first answer, whatever happened since.
        if (admitted) {
            QCOMPARE(endCall(http, a.adminToken, str(call, "id")).status, 200);
        } else {
            const HttpResult bought = http.send(
                "POST", QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                a.adminToken, R"({"quantity":1})", {{"Idempotency-Key", "buy-1"}});
            QCOMPARE(bought.status, 201);
        }
        const HttpResult later = startCall(http, a.adminToken, body, "start-1");
        QCOMPARE(later.status, 201);
        QCOMPARE(later.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(later.object(), call);
        QCOMPARE(callRows(server), 1);
        QCOMPARE(counter(http, a), 0);

        // A new key is a new start.
        const HttpResult next = startCall(http, a.adminToken, body, "start-2");
        QCOMPARE(next.status, 201);
        QVERIFY(next.header("Idempotent-Replayed").isEmpty());
        QVERIFY(str(next.object(), "id") != str(call, "id"));
        QCOMPARE(str(next.object(), "status"), QStringLiteral("in-progress"));
        QCOMPARE(callRows(server), 2);
        QCOMPARE(counter(http, a), 1);
    }

    // Keys belong to their user and to one request: the same key on a purchase, by another
    // user, after a refusal, or malformed.
    void idempotencyKeyScope()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Keys A"), 100'00, 3);
        const TestAccount b = server.createAccount(QStringLiteral("Keys B"), 100'00, 3);
        const QString support = server.createSupportToken();

        // Used by a purchase first: the call's start is another request.
        QCOMPARE(http.send("POST",
                           QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, R"({"quantity":1})", {{"Idempotency-Key", "shared"}})
                     .status,
                 201);
        const HttpResult reused = startCall(http, a.adminToken, QByteArray("{}"), "shared");
        QCOMPARE(reused.status, 422);
        QCOMPARE(str(reused.object(), "code"), QStringLiteral("idempotency-key-reused"));
        QCOMPARE(callRows(server), 0);
        // Another user's key of the same spelling is theirs.
        const HttpResult theirs = startCall(http, b.adminToken, QByteArray("{}"), "shared");
        QCOMPARE(theirs.status, 201);
        QVERIFY(theirs.header("Idempotent-Replayed").isEmpty());
        QCOMPARE(counter(http, b), 1);

        // A refused start does not use up its key.
        const HttpResult refused = startCall(http, support, QByteArray("{}"), "support-1");
        QCOMPARE(refused.status, 400);
        QCOMPARE(str(refused.object(), "code"), QStringLiteral("org-id-required"));
        const QByteArray withOrg = QJsonDocument(QJsonObject{{QStringLiteral("orgId"), a.orgId}})
                                       .toJson(QJsonDocument::Compact);
        const HttpResult accepted = startCall(http, support, withOrg, "support-1");
        QCOMPARE(accepted.status, 201);
        QVERIFY(accepted.header("Idempotent-Replayed").isEmpty());
        QCOMPARE(startCall(http, support, withOrg, "support-1").header("Idempotent-Replayed"),
                 QByteArray("true"));
        QCOMPARE(counter(http, a), 1);
        // Bad input with a key: 400, and the key stays free.
        const HttpResult badBody = startCall(http, a.adminToken, R"({"type":null})", "a-1");
        QCOMPARE(badBody.status, 400);
        QCOMPARE(startCall(http, a.adminToken, QByteArray("{}"), "a-1").status, 201);
        QCOMPARE(counter(http, a), 2);

        // Malformed keys, as for purchases; an empty one is no key.
        for (const QByteArray &key :
             {QByteArray("two words"), QByteArray(256, 'k'), QByteArray("caf\xc3\xa9")}) {
            const HttpResult bad = startCall(http, a.adminToken, QByteArray("{}"), key);
            QCOMPARE(bad.status, 400);
            QCOMPARE(str(bad.object(), "code"), QStringLiteral("invalid-idempotency-key"));
        }
        QCOMPARE(counter(http, a), 2);
        // Blank: no key, so two starts are two calls (4 lines: 3 included, 1 bought above).
        for (int i = 0; i < 2; ++i) {
            const HttpResult blank = startCall(http, a.adminToken, QByteArray("{}"), "   ");
            QCOMPARE(blank.status, 201);
            QVERIFY(blank.header("Idempotent-Replayed").isEmpty());
        }
        QCOMPARE(counter(http, a), 4);
        QCOMPARE(callRows(server), 5);
    }

    // Many copies of one keyed start at once, through two service instances (on PostgreSQL,
    // two connections each on its own): one call, and every copy answers it.
    void idempotentStartUnderContention_data()
    {
        QTest::addColumn<int>("included");
        QTest::newRow("admitted") << 3;
        QTest::newRow("blocked") << 0;
    }
    void idempotentStartUnderContention()
    {
        QFETCH(int, included);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Stampede"), 0, included);
        server::ServiceConfig config;
        config.port = 0;
        config.databasePath = server.databasePath();
        config.demoTokensPath = server.dir() + QStringLiteral("/demo-tokens-2.json");
        config.renewalCheckIntervalMs = 50;
        config.clock = server.sharedClock();
        server::ServiceThread second(config);
        QString error;
        QVERIFY2(second.start(&error), qPrintable(error));

        constexpr int kClients = 12;
        constexpr int kRounds = 3;
        std::vector<std::unique_ptr<AsyncClient>> pool;
        for (int i = 0; i < kClients; ++i)
            pool.push_back(
                std::make_unique<AsyncClient>(i % 2 ? second.url() : server.url(), a.adminToken));
        const QJsonObject body{{QStringLiteral("type"), QStringLiteral("webCall")}};
        QStringList ids;
        for (int round = 0; round < kRounds; ++round) {
            const QByteArray key = "stampede-" + QByteArray::number(round);
            QList<QNetworkReply *> replies;
            for (auto &client : pool)
                replies << client->post(QStringLiteral("/call"), body, key);
            QVERIFY(waitForAll(replies));
            QSet<QString> callIds;
            int firsts = 0;
            for (QNetworkReply *reply : replies) {
                const Answer r = answerOf(reply);
                QCOMPARE(r.status, 201);
                callIds.insert(str(r.body, "id"));
                firsts += r.replayed ? 0 : 1;
            }
            QCOMPARE(callIds.size(), 1);
            QCOMPARE(firsts, 1);
            ids << *callIds.cbegin();
        }
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), kRounds);
        QCOMPARE(callRows(server), kRounds);
        const int held = qMin(included, kRounds);
        QCOMPARE(counter(http, a), held);
        QCOMPARE(dbActive(server, a.subscriptionId), qMakePair(held, held));
        QSqlQuery q = server.db().exec(QStringLiteral("SELECT COUNT(*) FROM idempotency_record"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), kRounds);
    }

    void listAndGetCalls()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Lister A"), 0, 10);
        const TestAccount b = server.createAccount(QStringLiteral("Lister B"), 0, 10);
        const QString support = server.createSupportToken();
        QStringList aCalls; // oldest first
        QStringList aTimes;
        for (int i = 0; i < 3; ++i) {
            server.clock().advance(10'000);
            const QJsonObject c = startCall(http, a.adminToken).object();
            aCalls << str(c, "id");
            aTimes << str(c, "createdAt");
        }
        server.clock().advance(10'000);
        const QString bCall = str(startCall(http, b.adminToken).object(), "id");

        // A call of another tenant is not found; one's own is.
        const HttpResult foreign = getCall(http, a.adminToken, bCall);
        QCOMPARE(foreign.status, 404);
        QCOMPARE(str(foreign.object(), "code"), QStringLiteral("call-not-found"));
        QCOMPARE(getCall(http, b.viewerToken, aCalls.first()).status, 404);
        QCOMPARE(getCall(http, a.viewerToken, aCalls.first()).status, 200);
        QCOMPARE(str(getCall(http, a.adminToken, aCalls.at(1)).object(), "id"), aCalls.at(1));
        QCOMPARE(getCall(http, support, bCall).status, 200);
        QCOMPARE(getCall(http, a.adminToken, QStringLiteral("missing")).status, 404);

        const auto ids = [&](const QString &query, const QString &token) {
            const HttpResult r = http.get(QStringLiteral("/call") + query, token);
            QStringList out;
            if (r.status != 200 || !r.json.isArray())
                return QStringList{QStringLiteral("status %1").arg(r.status)};
            for (const QJsonValue &v : r.array())
                out << str(v.toObject(), "id");
            return out;
        };
        const QStringList newestFirst{aCalls.at(2), aCalls.at(1), aCalls.at(0)};
        QCOMPARE(ids({}, a.adminToken), newestFirst);
        QCOMPARE(ids({}, a.viewerToken), newestFirst);
        QCOMPARE(ids({}, b.adminToken), QStringList{bCall});
        QCOMPARE(ids({}, support), (QStringList{bCall} + newestFirst));
        QCOMPARE(ids(QStringLiteral("?limit=2"), a.adminToken), newestFirst.mid(0, 2));

        // ISO times with a Z need no escaping in a query.
        const auto q = [](const char *name, const QString &value) {
            return QStringLiteral("?%1=%2").arg(QLatin1String(name), value);
        };
        QCOMPARE(ids(q("createdAtGt", aTimes.at(0)), a.adminToken), newestFirst.mid(0, 2));
        QCOMPARE(ids(q("createdAtLt", aTimes.at(2)), a.adminToken), newestFirst.mid(1, 2));
        QCOMPARE(
            ids(q("createdAtGt", aTimes.at(0)) + QStringLiteral("&createdAtLt=") + aTimes.at(2),
                a.adminToken),
            QStringList{aCalls.at(1)});
        QCOMPARE(ids(q("createdAtGt", aTimes.at(2)), a.adminToken), QStringList());
        // Filtering by time never widens what a member sees.
        QCOMPARE(ids(q("createdAtGt", aTimes.at(0)), b.adminToken), QStringList{bCall});

        // Ge and Le include the bound itself; a time without a UTC offset is UTC.
        QCOMPARE(ids(q("createdAtGe", aTimes.at(1)), a.adminToken), newestFirst.mid(0, 2));
        QCOMPARE(ids(q("createdAtLe", aTimes.at(1)), a.adminToken), newestFirst.mid(1, 2));
        QCOMPARE(
            ids(q("createdAtGe", aTimes.at(1)) + QStringLiteral("&createdAtLe=") + aTimes.at(1),
                a.adminToken),
            QStringList{aCalls.at(1)});
        QString withoutOffset = aTimes.at(1);
        withoutOffset.chop(1); // the Z
        QCOMPARE(ids(q("createdAtGe", withoutOffset), a.adminToken), newestFirst.mid(0, 2));
        const QString plusOne = QDateTime::fromString(aTimes.at(1), Qt::ISODateWithMs)
                                    .toOffsetFromUtc(3600)
                                    .toString(Qt::ISODateWithMs);
        QCOMPARE(ids(q("createdAtGe", QString::fromLatin1(QUrl::toPercentEncoding(plusOne))),
                     a.adminToken),
                 newestFirst.mid(0, 2));

        // status is one of two values, each a filter.
        QCOMPARE(
            http.post(QStringLiteral("/call/%1/end").arg(aCalls.at(0)), a.adminToken, {}).status,
            200);
        QCOMPARE(ids(QStringLiteral("?status=ended"), a.adminToken), QStringList{aCalls.at(0)});
        QCOMPARE(ids(QStringLiteral("?status=in-progress"), a.adminToken), newestFirst.mid(0, 2));
        QCOMPARE(ids(QStringLiteral("?status=in-progress&orgId=") + a.orgId, a.adminToken),
                 newestFirst.mid(0, 2));
        QCOMPARE(
            ids(QStringLiteral("?status=in-progress&subscriptionId=") + b.subscriptionId, support),
            QStringList{bCall});
        const HttpResult zombie = http.get(QStringLiteral("/call?status=zombie"), a.adminToken);
        QCOMPARE(zombie.status, 400);
        QCOMPARE(str(zombie.object(), "code"), QStringLiteral("invalid-status"));

        const HttpResult plain = http.get(QStringLiteral("/call"), a.adminToken);
        QVERIFY(plain.json.isArray());
        QCOMPARE(plain.array().size(), 3);
        QCOMPARE(str(plain.array().first().toObject(), "orgId"), a.orgId);
        const HttpResult bad =
            http.get(QStringLiteral("/call?createdAtGt=yesterday"), a.adminToken);
        QCOMPARE(bad.status, 400);
        QCOMPARE(str(bad.object(), "code"), QStringLiteral("invalid-time"));
        QCOMPARE(http.get(QStringLiteral("/call?limit=0"), a.adminToken).status, 400);
        QCOMPARE(http.get(QStringLiteral("/call"), QStringLiteral("not-a-token")).status, 401);
    }
};

QTEST_GUILESS_MAIN(TestAdmission)
#include "tst_admission.moc"
