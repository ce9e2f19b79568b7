#include "testserver.h"

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>
#include <functional>

using namespace linedesk;
using namespace linedesk::test;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

qint64 msOf(const QJsonObject &o, const char *key)
{
    return QDateTime::fromString(str(o, key), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

QStringList idsOf(const QJsonArray &calls)
{
    QStringList ids;
    for (const QJsonValue &call : calls)
        ids << call.toObject().value(QLatin1String("id")).toString();
    return ids;
}

// What the test knows of one call, to work out what each list must answer.
struct Known
{
    QString id, orgId, subscriptionId, assistantId, phoneNumberId, status;
    qint64 createdAt = 0, updatedAt = 0;
};

// Every value of every row of every table, as text: erased data must be in none of them.
QStringList everyValueContaining(server::Database &db, const QStringList &tables,
                                 const QString &needle)
{
    QStringList found;
    for (const QString &table : tables) {
        QSqlQuery q = db.exec(QStringLiteral("SELECT * FROM %1").arg(table));
        while (q.next())
            for (int i = 0; i < q.record().count(); ++i)
                if (q.value(i).toString().contains(needle))
                    found << table + QLatin1Char('.') + q.record().fieldName(i);
    }
    return found;
}

} // namespace

// The platform's calls API beyond starting and ending: GET /call's filters against a model of
// the calls, updatedAt, PATCH /call/{id} and DELETE /call/{id} — bad input changing nothing,
// the erasure reaching every table, and the ledger's counts kept. The SDK's own tests
// (tests/sdk) cover the same routes through @vapi-ai/server-sdk.
class TestCallsApi : public QObject
{
    Q_OBJECT

    static HttpResult start(HttpClient &http, const QString &token, const QJsonObject &body,
                            const QByteArray &idempotencyKey = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!idempotencyKey.isEmpty())
            headers.append({QByteArrayLiteral("Idempotency-Key"), idempotencyKey});
        return http.post(QStringLiteral("/call"), token, body, headers);
    }
    static HttpResult patch(HttpClient &http, const QString &token, const QString &id,
                            const QByteArray &body)
    {
        return http.send(
            "PATCH", QStringLiteral("/call/%1").arg(id), token, body,
            {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}});
    }
    static HttpResult remove(HttpClient &http, const QString &token, const QString &id,
                             const QByteArray &body = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!body.isEmpty())
            headers.append(
                {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
        return http.send("DELETE", QStringLiteral("/call/%1").arg(id), token, body, headers);
    }
    static QJsonObject details(const QString &tag)
    {
        return {{QStringLiteral("type"), QStringLiteral("outboundPhoneCall")},
                {QStringLiteral("name"), QStringLiteral("Name-") + tag},
                {QStringLiteral("assistantId"), QStringLiteral("asst-") + tag},
                {QStringLiteral("phoneNumberId"), QStringLiteral("phone-") + tag},
                {QStringLiteral("squadId"), QStringLiteral("squad-") + tag},
                {QStringLiteral("customer"),
                 QJsonObject{{QStringLiteral("number"), QStringLiteral("+4930555") + tag},
                             {QStringLiteral("name"), QStringLiteral("Customer-") + tag}}}};
    }
    // The call's row and its subscription's audit trail, as text: equal before and after
    // means a request changed nothing.
    static QString snapshot(TestServer &server, const QString &callId)
    {
        QString text;
        QSqlQuery q = server.db().exec(QStringLiteral("SELECT * FROM call WHERE id = :id"),
                                       {{":id", callId}});
        while (q.next())
            for (int i = 0; i < q.record().count(); ++i)
                text += q.record().fieldName(i) + QLatin1Char('=') + q.value(i).toString() +
                        QLatin1Char(';');
        QSqlQuery a = server.db().exec(QStringLiteral("SELECT COUNT(*) FROM audit_entry"));
        text += QStringLiteral("audit=") + (a.next() ? a.value(0).toString() : QString());
        return text;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
    }

    // Thirty calls of two subscriptions, started a second apart, some ended later, some
    // blocked, some without an assistant or phone number; every filter and a few
    // combinations, for each kind of caller, against what the model says.
    void filtersMatchAModelOfTheCalls()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("A"), 0, 4);
        const TestAccount b = server.createAccount(QStringLiteral("B"), 0, 4);
        const QString support = server.createSupportToken();
        const QDateTime t0 = server.clock().now();
        // A member of both organizations (admin of one, viewer of the other): a list over
        // several organizations reads one branch per organization.
        const QString bothUser = server.accounts().createUser(QStringLiteral("both@test.example"),
                                                              QStringLiteral("Both"), false, t0);
        server.accounts().addMembership(a.orgId, bothUser, QStringLiteral("admin"));
        server.accounts().addMembership(b.orgId, bothUser, QStringLiteral("viewer"));
        const QString both = server.accounts().createToken(bothUser, QStringLiteral("test"), t0);

        QList<Known> calls;
        for (int i = 0; i < 30; ++i) {
            server.clock().set(t0.addMSecs(i * 1000 + 7));
            const TestAccount &account = i % 3 == 0 ? b : a;
            QJsonObject body{{QStringLiteral("assistantId"), QStringLiteral("asst-%1").arg(i % 4)}};
            if (i % 5 != 0)
                body.insert(QStringLiteral("phoneNumberId"), QStringLiteral("ph-%1").arg(i % 3));
            const HttpResult r = start(http, account.adminToken, body);
            QCOMPARE(r.status, 201);
            calls.append({str(r.object(), "id"),
                          account.orgId,
                          account.subscriptionId,
                          body.value(QLatin1String("assistantId")).toString(),
                          body.value(QLatin1String("phoneNumberId")).toString(),
                          {},
                          0,
                          0});
            // Every other admitted call ends 2.5 s later (so updatedAt ≠ createdAt).
            if (i >= 3 && i % 2 == 1 && calls[i - 3].id.size()) {
                const QString &earlier = calls[i - 3].id;
                const TestAccount &owner = (i - 3) % 3 == 0 ? b : a;
                server.clock().set(t0.addMSecs(i * 1000 + 500));
                QCOMPARE(
                    http.post(QStringLiteral("/call/%1/end").arg(earlier), owner.adminToken, {})
                        .status,
                    200);
            }
        }
        // The truth of each call (status, times), checked for consistency with updatedAt's
        // definition: its end, or its start while in progress.
        for (Known &call : calls) {
            const QJsonObject c = http.get(QStringLiteral("/call/") + call.id, support).object();
            call.status = str(c, "status");
            call.createdAt = msOf(c, "createdAt");
            call.updatedAt = msOf(c, "updatedAt");
            QCOMPARE(call.updatedAt,
                     call.status == QLatin1String("ended") ? msOf(c, "endedAt") : call.createdAt);
        }
        QVERIFY(std::count_if(calls.begin(), calls.end(), [](const Known &k) {
                    return k.status == QLatin1String("in-progress");
                }) >= 4);
        QVERIFY(std::count_if(calls.begin(), calls.end(),
                              [](const Known &k) { return k.updatedAt != k.createdAt; }) >= 5);

        const qint64 mid = calls[12].createdAt;
        const qint64 midUpdated = calls[9].updatedAt;
        using Filter = std::function<bool(const Known &)>;
        struct Case
        {
            const char *name;
            QString query;
            Filter match;
            int limit = 100;
        };
        const QList<Case> cases{
            {"none", {}, [](const Known &) { return true; }},
            {"id", QStringLiteral("id=") + calls[7].id,
             [&](const Known &k) { return k.id == calls[7].id; }},
            {"unknown id", QStringLiteral("id=nope"), [](const Known &) { return false; }},
            {"assistantId", QStringLiteral("assistantId=asst-2"),
             [](const Known &k) { return k.assistantId == QLatin1String("asst-2"); }},
            {"phoneNumberId", QStringLiteral("phoneNumberId=ph-1"),
             [](const Known &k) { return k.phoneNumberId == QLatin1String("ph-1"); }},
            {"limit", QStringLiteral("limit=4"), [](const Known &) { return true; }, 4},
            {"createdAtGt",
             QStringLiteral("createdAtGt=") + iso(QDateTime::fromMSecsSinceEpoch(mid)),
             [&](const Known &k) { return k.createdAt > mid; }},
            {"createdAtGe",
             QStringLiteral("createdAtGe=") + iso(QDateTime::fromMSecsSinceEpoch(mid)),
             [&](const Known &k) { return k.createdAt >= mid; }},
            {"createdAtLt",
             QStringLiteral("createdAtLt=") + iso(QDateTime::fromMSecsSinceEpoch(mid)),
             [&](const Known &k) { return k.createdAt < mid; }},
            {"createdAtLe",
             QStringLiteral("createdAtLe=") + iso(QDateTime::fromMSecsSinceEpoch(mid)),
             [&](const Known &k) { return k.createdAt <= mid; }},
            // The same instant written with an offset.
            {"createdAtGe with an offset",
             QStringLiteral("createdAtGe=") +
                 QUrl::toPercentEncoding(
                     QDateTime::fromMSecsSinceEpoch(mid).toOffsetFromUtc(7200).toString(
                         Qt::ISODateWithMs)),
             [&](const Known &k) { return k.createdAt >= mid; }},
            {"updatedAtGt",
             QStringLiteral("updatedAtGt=") + iso(QDateTime::fromMSecsSinceEpoch(midUpdated)),
             [&](const Known &k) { return k.updatedAt > midUpdated; }},
            {"updatedAtGe",
             QStringLiteral("updatedAtGe=") + iso(QDateTime::fromMSecsSinceEpoch(midUpdated)),
             [&](const Known &k) { return k.updatedAt >= midUpdated; }},
            {"updatedAtLt",
             QStringLiteral("updatedAtLt=") + iso(QDateTime::fromMSecsSinceEpoch(midUpdated)),
             [&](const Known &k) { return k.updatedAt < midUpdated; }},
            {"updatedAtLe",
             QStringLiteral("updatedAtLe=") + iso(QDateTime::fromMSecsSinceEpoch(midUpdated)),
             [&](const Known &k) { return k.updatedAt <= midUpdated; }},
            {"assistantId + createdAtGe + limit",
             QStringLiteral("assistantId=asst-1&createdAtGe=%1&limit=2")
                 .arg(iso(QDateTime::fromMSecsSinceEpoch(calls[5].createdAt))),
             [&](const Known &k) {
                 return k.assistantId == QLatin1String("asst-1") &&
                        k.createdAt >= calls[5].createdAt;
             },
             2},
            {"phoneNumberId + status + updatedAtLt",
             QStringLiteral("phoneNumberId=ph-2&status=ended&updatedAtLt=%1")
                 .arg(iso(QDateTime::fromMSecsSinceEpoch(calls[25].createdAt))),
             [&](const Known &k) {
                 return k.phoneNumberId == QLatin1String("ph-2") &&
                        k.status == QLatin1String("ended") && k.updatedAt < calls[25].createdAt;
             }},
            {"a window: createdAtGt + createdAtLt",
             QStringLiteral("createdAtGt=%1&createdAtLt=%2")
                 .arg(iso(QDateTime::fromMSecsSinceEpoch(calls[4].createdAt)),
                      iso(QDateTime::fromMSecsSinceEpoch(calls[20].createdAt))),
             [&](const Known &k) {
                 return k.createdAt > calls[4].createdAt && k.createdAt < calls[20].createdAt;
             }},
            {"id + assistantId that disagree",
             QStringLiteral("id=%1&assistantId=asst-3").arg(calls[0].id),
             [&](const Known &k) {
                 return k.id == calls[0].id && k.assistantId == QLatin1String("asst-3");
             }},
            {"subscriptionId + assistantId",
             QStringLiteral("subscriptionId=%1&assistantId=asst-0").arg(a.subscriptionId),
             [&](const Known &k) {
                 return k.subscriptionId == a.subscriptionId &&
                        k.assistantId == QLatin1String("asst-0");
             }},
            {"orgId + status", QStringLiteral("orgId=%1&status=in-progress").arg(b.orgId),
             [&](const Known &k) {
                 return k.orgId == b.orgId && k.status == QLatin1String("in-progress");
             }},
        };
        const QList<std::pair<const char *, std::pair<QString, std::function<bool(const Known &)>>>>
            callers{
                {"A's admin", {a.adminToken, [&](const Known &k) { return k.orgId == a.orgId; }}},
                {"A's viewer", {a.viewerToken, [&](const Known &k) { return k.orgId == a.orgId; }}},
                {"B's admin", {b.adminToken, [&](const Known &k) { return k.orgId == b.orgId; }}},
                {"a member of both", {both, [](const Known &) { return true; }}},
                {"support", {support, [](const Known &) { return true; }}},
            };
        int nonEmpty = 0;
        for (const Case &c : cases) {
            for (const auto &[who, caller] : callers) {
                QList<Known> expected;
                for (const Known &k : calls)
                    if (caller.second(k) && c.match(k))
                        expected.append(k);
                std::sort(expected.begin(), expected.end(), [](const Known &x, const Known &y) {
                    return x.createdAt != y.createdAt ? x.createdAt > y.createdAt : x.id > y.id;
                });
                QStringList expectedIds;
                for (const Known &k : expected.mid(0, c.limit))
                    expectedIds << k.id;
                const HttpResult r = http.get(QStringLiteral("/call?") + c.query, caller.first);
                QVERIFY2(r.status == 200,
                         qPrintable(QStringLiteral("%1, %2: %3 %4")
                                        .arg(QLatin1String(c.name), QLatin1String(who))
                                        .arg(r.status)
                                        .arg(QString::fromUtf8(r.body))));
                QVERIFY2(idsOf(r.array()) == expectedIds,
                         qPrintable(QStringLiteral("%1, %2: got %3, expected %4")
                                        .arg(QLatin1String(c.name), QLatin1String(who),
                                             idsOf(r.array()).join(QLatin1Char(',')),
                                             expectedIds.join(QLatin1Char(',')))));
                nonEmpty += expectedIds.isEmpty() ? 0 : 1;
            }
        }
        // The cases are not vacuous: most of them find something for someone.
        QVERIFY2(nonEmpty > int(cases.size()) * 2, qPrintable(QString::number(nonEmpty)));
    }

    // The three ids GET /call filters by are ids, not text: at most 200 characters at the
    // start (each has an index; PostgreSQL bounds an index entry at 2704 bytes, and 200
    // characters of any script fit), found whole by their filter.
    void idsAreAtMost200Characters()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("A"), 0);
        const QString longest(200, QChar(0x8A9E)); // 200 CJK characters, 600 bytes of UTF-8
        for (const char *key : {"assistantId", "phoneNumberId", "squadId"}) {
            const HttpResult tooLong =
                start(http, a.adminToken, {{QLatin1String(key), longest + QLatin1Char('x')}});
            QCOMPARE(tooLong.status, 400);
            QCOMPARE(str(tooLong.object(), "code"), QStringLiteral("invalid-field"));
            const HttpResult fits = start(http, a.adminToken, {{QLatin1String(key), longest}});
            QCOMPARE(fits.status, 201);
            QCOMPARE(str(fits.object(), key), longest);
        }
        QCOMPARE(http.get(QStringLiteral("/call"), a.adminToken).array().size(), 3);
        for (const char *key : {"assistantId", "phoneNumberId"}) {
            const HttpResult found = http.get(
                QStringLiteral("/call?%1=%2")
                    .arg(QLatin1String(key), QString::fromLatin1(QUrl::toPercentEncoding(longest))),
                a.adminToken);
            QCOMPARE(found.status, 200);
            QCOMPARE(found.array().size(), 1);
            QCOMPARE(str(found.array().first().toObject(), key), longest);
        }
        // A name may still be long.
        QCOMPARE(start(http, a.adminToken, {{QStringLiteral("name"), QString(1000, QChar(0x8A9E))}})
                     .status,
                 201);
    }

    // updatedAt is the time of the call's last change: its start, each heartbeat, a rename
    // that changed something, its end (by a user or by its lease), its deletion.
    void updatedAtMovesWithEveryChange()
    {
        const qint64 leaseMs = 60'000;
        TestServer server(TestServer::defaultStart(), false, leaseMs);
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("A"), 0);
        const QDateTime t0 = server.clock().now();
        const auto updatedAt = [&](const QString &id) {
            return msOf(http.get(QStringLiteral("/call/") + id, a.adminToken).object(),
                        "updatedAt");
        };
        const auto at = [&](int seconds) { return t0.addSecs(seconds).toMSecsSinceEpoch(); };

        const QJsonObject x = start(http, a.adminToken, details(QStringLiteral("x"))).object();
        const QJsonObject y = start(http, a.adminToken, {}).object();
        const QString xId = str(x, "id"), yId = str(y, "id");
        QCOMPARE(msOf(x, "updatedAt"), at(0));
        QCOMPARE(msOf(x, "createdAt"), at(0));

        server.clock().set(t0.addSecs(10));
        QCOMPARE(http.post(QStringLiteral("/call/%1/heartbeat").arg(xId), a.adminToken, {}).status,
                 200);
        QCOMPARE(updatedAt(xId), at(10));
        QCOMPARE(updatedAt(yId), at(0));

        server.clock().set(t0.addSecs(20));
        HttpResult r = patch(http, a.adminToken, xId, R"({"name":"renamed"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(str(r.object(), "name"), QStringLiteral("renamed"));
        QCOMPARE(msOf(r.object(), "updatedAt"), at(20));
        QCOMPARE(msOf(r.object(), "createdAt"), at(0));
        // The same name again, or no field at all, is no change.
        server.clock().set(t0.addSecs(25));
        QCOMPARE(
            msOf(patch(http, a.adminToken, xId, R"({"name":"renamed"})").object(), "updatedAt"),
            at(20));
        QCOMPARE(msOf(patch(http, a.adminToken, xId, "{}").object(), "updatedAt"), at(20));

        server.clock().set(t0.addSecs(30));
        QCOMPARE(http.post(QStringLiteral("/call/%1/end").arg(xId), a.adminToken, {}).status, 200);
        QCOMPARE(updatedAt(xId), at(30));
        server.clock().set(t0.addSecs(40));
        r = patch(http, a.adminToken, xId, R"({"name":""})");
        QCOMPARE(r.status, 200);
        QVERIFY(!r.object().contains(QLatin1String("name")));
        QCOMPARE(msOf(r.object(), "updatedAt"), at(40));
        QCOMPARE(msOf(r.object(), "endedAt"), at(30));

        // The lease ends y at the expiry job's time, and that is its update.
        server.clock().set(t0.addSecs(61));
        QTRY_COMPARE_WITH_TIMEOUT(
            str(http.get(QStringLiteral("/call/") + yId, a.adminToken).object(), "endedReason"),
            QStringLiteral("lease-expired"), 10000);
        QCOMPARE(updatedAt(yId), at(61));

        // The filters see the same times.
        const auto listed = [&](const QString &query) {
            return idsOf(http.get(QStringLiteral("/call?") + query, a.adminToken).array());
        };
        QCOMPARE(listed(QStringLiteral("updatedAtGt=") + iso(t0.addSecs(40))), QStringList{yId});
        QCOMPARE(listed(QStringLiteral("updatedAtLe=") + iso(t0.addSecs(40))), QStringList{xId});
        // Both were created at t0: the later id first.
        QStringList both{xId, yId};
        std::sort(both.begin(), both.end(), std::greater<>());
        QCOMPARE(listed(QStringLiteral("updatedAtGe=") + iso(t0.addSecs(40))), both);

        server.clock().set(t0.addSecs(70));
        r = remove(http, a.adminToken, xId);
        QCOMPARE(r.status, 200);
        QCOMPARE(msOf(r.object(), "updatedAt"), at(70));
        QCOMPARE(msOf(r.object(), "deletedAt"), at(70));
        QCOMPARE(listed(QStringLiteral("updatedAtGe=") + iso(t0)), QStringList{yId});
    }

    void badUpdateChangesNothing_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const QString admin = QStringLiteral("admin"), own = QStringLiteral("own");
        auto row = [&](const char *name, const QString &who, const QByteArray &body, int status,
                       const char *code, const QString &target = QStringLiteral("own")) {
            QTest::newRow(name) << who << target << body << status << QString::fromLatin1(code);
        };
        row("malformed JSON", admin, R"({"name":)", 400, "malformed-json");
        row("an array", admin, R"(["name"])", 400, "invalid-body");
        row("a string", admin, R"("name")", 400, "malformed-json"); // not a JSON document
        row("name a number", admin, R"({"name":5})", 400, "invalid-field");
        row("name null", admin, R"({"name":null})", 400, "invalid-field");
        row("name an object", admin, R"({"name":{"first":"x"}})", 400, "invalid-field");
        row("name 1001 characters", admin, "{\"name\":\"" + QByteArray(1001, 'n') + "\"}", 400,
            "invalid-field");
        row("name with a bell", admin, R"({"name":"a\u0007b"})", 400, "invalid-field");
        row("name with a right-to-left override", admin, R"({"name":"a\u202Eb"})", 400,
            "invalid-field");
        row("status", admin, R"({"name":"x","status":"ended"})", 400, "read-only-field");
        row("id", admin, R"({"id":"other"})", 400, "read-only-field");
        row("customer", admin, R"({"customer":{"number":"+1"}})", 400, "read-only-field");
        row("assistantId", admin, R"({"assistantId":"asst-other"})", 400, "read-only-field");
        row("endedAt", admin, R"({"endedAt":"2026-01-01T00:00:00Z"})", 400, "read-only-field");
        row("deletedAt", admin, R"({"deletedAt":"2026-01-01T00:00:00Z"})", 400, "read-only-field");
        row("a misspelt name", admin, R"({"nmae":"x"})", 400, "unknown-field");
        row("metadata", admin, R"({"name":"x","metadata":{}})", 400, "unknown-field");
        row("reason a number", admin, R"({"name":"x","reason":5})", 400, "invalid-reason");
        row("viewer", QStringLiteral("viewer"), R"({"name":"x"})", 403, "forbidden");
        row("another organization's admin", QStringLiteral("other"), R"({"name":"x"})", 404,
            "call-not-found");
        row("support without a reason", QStringLiteral("support"), R"({"name":"x"})", 400,
            "reason-required");
        row("support with a blank reason", QStringLiteral("support"),
            R"({"name":"x","reason":"  "})", 400, "reason-required");
        row("no token", QString(), R"({"name":"x"})", 401, "unauthorized");
        row("a wrong token", QStringLiteral("wrong"), R"({"name":"x"})", 401, "unauthorized");
        row("an unknown call", admin, R"({"name":"x"})", 404, "call-not-found",
            QStringLiteral("unknown"));
        row("another organization's call", admin, R"({"name":"x"})", 404, "call-not-found",
            QStringLiteral("other"));
    }
    void badUpdateChangesNothing()
    {
        QFETCH(QString, who);
        QFETCH(QString, target);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("A"), 0);
        const TestAccount b = server.createAccount(QStringLiteral("B"), 0);
        const QHash<QString, QString> tokens{
            {QStringLiteral("admin"), a.adminToken},
            {QStringLiteral("viewer"), a.viewerToken},
            {QStringLiteral("other"), b.adminToken},
            {QStringLiteral("support"), server.createSupportToken()},
            {QStringLiteral("wrong"), QStringLiteral("not-a-token")},
        };
        const QString own =
            str(start(http, a.adminToken, details(QStringLiteral("1"))).object(), "id");
        const QString other =
            str(start(http, b.adminToken, details(QStringLiteral("2"))).object(), "id");
        QVERIFY(!own.isEmpty() && !other.isEmpty());
        const QString id = target == QLatin1String("own")     ? own
                           : target == QLatin1String("other") ? other
                                                              : QStringLiteral("no-such-call");
        const QString before = snapshot(server, own), otherBefore = snapshot(server, other);
        server.clock().advance(5000);
        const HttpResult r = patch(http, tokens.value(who), id, body);
        QCOMPARE(r.status, status);
        QCOMPARE(str(r.object(), "code"), code);
        QVERIFY(!str(r.object(), "message").isEmpty());
        QCOMPARE(snapshot(server, own), before);
        QCOMPARE(snapshot(server, other), otherBefore);
    }

    void badDeleteChangesNothing_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const QString admin = QStringLiteral("admin");
        auto row = [&](const char *name, const QString &who, const QByteArray &body, int status,
                       const char *code, const QString &target = QStringLiteral("ended")) {
            QTest::newRow(name) << who << target << body << status << QString::fromLatin1(code);
        };
        row("malformed JSON", admin, R"({"ids":)", 400, "malformed-json");
        row("an array", admin, R"(["x"])", 400, "invalid-body");
        row("an unknown field", admin, R"({"hard":true})", 400, "unknown-field");
        row("ids empty", admin, R"({"ids":[]})", 400, "invalid-ids");
        row("ids a string", admin, R"({"ids":"x"})", 400, "invalid-ids");
        row("ids with a number", admin, R"({"ids":[1]})", 400, "invalid-ids");
        row("ids with an empty id", admin, R"({"ids":[""]})", 400, "invalid-ids");
        row("ids naming one twice", admin, R"({"ids":["ENDED","ENDED"]})", 400, "invalid-ids");
        {
            QByteArray many = "{\"ids\":[";
            for (int i = 0; i < 101; ++i)
                many += (i ? ",\"" : "\"") + QByteArray::number(i) + "\"";
            row("101 ids", admin, many + "]}", 400, "invalid-ids");
        }
        row("reason a number", admin, R"({"reason":5})", 400, "invalid-reason");
        row("ids with a NUL", admin, R"({"ids":["a\u0000b"]})", 400, "invalid-ids");
        row("ids with an id of 201 characters", admin,
            "{\"ids\":[\"" + QByteArray(201, 'i') + "\"]}", 400, "invalid-ids");
        row("in progress", admin, {}, 409, "call-in-progress", QStringLiteral("live"));
        row("in progress, among ids", admin, R"({"ids":["ENDED","LIVE"]})", 409,
            "call-in-progress");
        row("another organization's, among ids", admin, R"({"ids":["ENDED","OTHER"]})", 404,
            "call-not-found");
        row("an unknown one, among ids", admin, R"({"ids":["ENDED","no-such-call"]})", 404,
            "call-not-found");
        row("viewer", QStringLiteral("viewer"), {}, 403, "forbidden");
        row("another organization's admin", QStringLiteral("other"), {}, 404, "call-not-found");
        row("support without a reason", QStringLiteral("support"), {}, 400, "reason-required");
        row("no token", QString(), {}, 401, "unauthorized");
        row("an unknown call", admin, {}, 404, "call-not-found", QStringLiteral("unknown"));
    }
    void badDeleteChangesNothing()
    {
        QFETCH(QString, who);
        QFETCH(QString, target);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("A"), 0);
        const TestAccount b = server.createAccount(QStringLiteral("B"), 0);
        const QHash<QString, QString> tokens{
            {QStringLiteral("admin"), a.adminToken},
            {QStringLiteral("viewer"), a.viewerToken},
            {QStringLiteral("other"), b.adminToken},
            {QStringLiteral("support"), server.createSupportToken()},
        };
        const QString ended =
            str(start(http, a.adminToken, details(QStringLiteral("1"))).object(), "id");
        QCOMPARE(http.post(QStringLiteral("/call/%1/end").arg(ended), a.adminToken, {}).status,
                 200);
        const QString live =
            str(start(http, a.adminToken, details(QStringLiteral("2"))).object(), "id");
        const QString other =
            str(start(http, b.adminToken, details(QStringLiteral("3"))).object(), "id");
        QVERIFY(!ended.isEmpty() && !live.isEmpty() && !other.isEmpty());
        const QString id = target == QLatin1String("ended")  ? ended
                           : target == QLatin1String("live") ? live
                                                             : QStringLiteral("no-such-call");
        body.replace("ENDED", ended.toUtf8())
            .replace("LIVE", live.toUtf8())
            .replace("OTHER", other.toUtf8());
        const QStringList all{ended, live, other};
        QStringList before;
        for (const QString &call : all)
            before << snapshot(server, call);
        server.clock().advance(5000);
        const HttpResult r = remove(http, tokens.value(who), id, body);
        QCOMPARE(r.status, status);
        QCOMPARE(str(r.object(), "code"), code);
        QVERIFY(!str(r.object(), "message").isEmpty());
        QStringList after;
        for (const QString &call : all)
            after << snapshot(server, call);
        QCOMPARE(after, before);
        // Each is still there through the API too.
        QCOMPARE(http.get(QStringLiteral("/call/") + ended, a.adminToken).status, 200);
        QCOMPARE(http.get(QStringLiteral("/call/") + live, a.adminToken).status, 200);
    }

    // After a deletion none of the call's personal details is anywhere in the database: not
    // in the call's row, not in the answer kept for an idempotent retry of its start, not in
    // the audit trail. A retry of that start replays the erased call.
    void deletionErasesTheDetailsEverywhere()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("A"), 0);
        const QString support = server.createSupportToken();
        const QString tag = QStringLiteral("7f3a9");
        const QJsonObject body = details(tag);
        const HttpResult started =
            start(http, a.adminToken, body, QByteArrayLiteral("retry-key-1"));
        QCOMPARE(started.status, 201);
        const QString id = str(started.object(), "id");
        // Renamed by support (audited) before it ends, then ended and deleted by support.
        QCOMPARE(
            patch(http, support, id, R"({"name":"Name-7f3a9 again","reason":"ticket 12: rename"})")
                .status,
            200);
        QCOMPARE(http.post(QStringLiteral("/call/%1/end").arg(id), a.adminToken, {}).status, 200);
        const QStringList tables = server.tableNames();
        QVERIFY(!everyValueContaining(server.db(), tables, tag).isEmpty()); // the check works

        server.clock().advance(60'000);
        const HttpResult deleted =
            remove(http, support, id, R"({"reason":"ticket 13: the customer asked"})");
        QCOMPARE(deleted.status, 200);
        QCOMPARE(str(deleted.object(), "id"), id);
        QVERIFY(!deleted.body.contains(tag.toUtf8()));
        const QStringList left = everyValueContaining(server.db(), tables, tag);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1String(", "))));
        // The row keeps what the ledger counts.
        QSqlQuery q = server.db().exec(
            QStringLiteral("SELECT status, created_at, ended_at, blocked, subscription_id,"
                           " assistant_id, phone_number_id, deleted_at FROM call WHERE id = :id"),
            {{":id", id}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ended"));
        QCOMPARE(q.value(1).toLongLong(), msOf(started.object(), "createdAt"));
        QVERIFY(!q.value(2).isNull());
        QCOMPARE(q.value(4).toString(), a.subscriptionId);
        QVERIFY(q.value(5).isNull());
        QVERIFY(q.value(6).isNull());
        QCOMPARE(q.value(7).toLongLong(), server.clock().now().toMSecsSinceEpoch());

        // A retry of the start answers the erased call, not the details.
        const HttpResult replay = start(http, a.adminToken, body, QByteArrayLiteral("retry-key-1"));
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(str(replay.object(), "id"), id);
        QVERIFY2(!replay.body.contains(tag.toUtf8()), replay.body.constData());
        // Nor does the hash of the start's body stay (it could be matched against guesses of
        // the erased details): the key replays the erased call whatever the body.
        QSqlQuery record = server.db().exec(
            QStringLiteral("SELECT request_hash FROM idempotency_record WHERE call_id = :id"),
            {{":id", id}});
        QVERIFY(record.next());
        QCOMPARE(record.value(0).toString(), QStringLiteral("erased-call"));
        const HttpResult guess = start(http, a.adminToken, details(QStringLiteral("00000")),
                                       QByteArrayLiteral("retry-key-1"));
        QCOMPARE(guess.status, 201);
        QCOMPARE(guess.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(str(guess.object(), "id"), id);
        // The same key on another route is still refused.
        QCOMPARE(
            http.send("POST", QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                      a.adminToken, R"({"quantity":1})",
                      {{"Content-Type", "application/json"}, {"Idempotency-Key", "retry-key-1"}})
                .status,
            422);

        // The audit trail says who deleted it, when and why; the rename's entry names the
        // field, not the name.
        const QJsonArray audit =
            http.get(QStringLiteral("/subscription/%1/audit").arg(a.subscriptionId), a.adminToken)
                .object()
                .value(QLatin1String("results"))
                .toArray();
        QJsonObject deletion, rename;
        for (const QJsonValue &e : audit) {
            if (str(e.toObject(), "action") == QLatin1String("call.delete"))
                deletion = e.toObject();
            if (str(e.toObject(), "action") == QLatin1String("call.update"))
                rename = e.toObject();
        }
        QCOMPARE(str(deletion, "actor"), QStringLiteral("support@test.example"));
        QCOMPARE(msOf(deletion, "at"), server.clock().now().toMSecsSinceEpoch());
        QCOMPARE(str(deletion, "reason"), QStringLiteral("ticket 13: the customer asked"));
        QCOMPARE(deletion.value(QLatin1String("before")).toObject(),
                 (QJsonObject{{QStringLiteral("callId"), id},
                              {QStringLiteral("status"), QStringLiteral("ended")},
                              {QStringLiteral("createdAt"), str(started.object(), "createdAt")}}));
        QCOMPARE(rename.value(QLatin1String("after")).toObject().value(QLatin1String("fields")),
                 QJsonValue(QJsonArray{QStringLiteral("name")}));
        QCOMPARE(str(rename, "reason"), QStringLiteral("ticket 12: rename"));
    }

    // Deleting calls' data leaves every figure made from their times as it was: the calls
    // table of /analytics, the subscription's history, support's figures and the capacity
    // plan.
    void deletionKeepsEveryCount()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("A"), 0, 2);
        const QString support = server.createSupportToken();
        const QDateTime t0 = server.clock().now();
        QStringList ids;
        // Three attempts on two lines: two admitted, one blocked; all ended a minute later.
        for (int i = 0; i < 3; ++i) {
            server.clock().set(t0.addSecs(i));
            ids << str(start(http, a.adminToken, details(QString::number(i))).object(), "id");
        }
        server.clock().set(t0.addSecs(60));
        for (const QString &id : ids.mid(0, 2))
            QCOMPARE(http.post(QStringLiteral("/call/%1/end").arg(id), a.adminToken, {}).status,
                     200);
        // Support's figures are refreshed every 10 s of the service's clock.
        const auto usageAt = [&] {
            const QJsonArray rows = http.get(QStringLiteral("/subscription?limit=100"), support)
                                        .object()
                                        .value(QLatin1String("results"))
                                        .toArray();
            return rows.isEmpty() ? 0 : msOf(rows.first().toObject(), "usageAt");
        };
        server.clock().set(t0.addSecs(120));
        QTRY_COMPARE_WITH_TIMEOUT(usageAt(), t0.addSecs(120).toMSecsSinceEpoch(), 15000);

        const auto figures = [&] {
            QJsonObject all;
            const QJsonObject timeRange{{QStringLiteral("start"), iso(t0.addSecs(-3600))},
                                        {QStringLiteral("end"), iso(t0.addSecs(3600))},
                                        {QStringLiteral("step"), QStringLiteral("minute")}};
            auto query = [&](const char *table, const QJsonArray &operations) {
                return QJsonObject{{QStringLiteral("name"), QLatin1String(table)},
                                   {QStringLiteral("table"), QLatin1String(table)},
                                   {QStringLiteral("subscriptionId"), a.subscriptionId},
                                   {QStringLiteral("timeRange"), timeRange},
                                   {QStringLiteral("operations"), operations}};
            };
            auto op = [](const char *operation, const char *column) {
                return QJsonObject{{QStringLiteral("operation"), QLatin1String(operation)},
                                   {QStringLiteral("column"), QLatin1String(column)}};
            };
            const HttpResult analytics =
                http.post(QStringLiteral("/analytics"), a.adminToken,
                          {{QStringLiteral("queries"),
                            QJsonArray{query("call", {op("count", "id"), op("sum", "blocked"),
                                                      op("sum", "duration")}),
                                       query("subscription",
                                             {op("max", "concurrency"), op("sum", "blocked")})}}});
            all.insert(QStringLiteral("analytics"), analytics.array());
            // Support's figures: its list's row of the subscription.
            const QJsonArray rows = http.get(QStringLiteral("/subscription?limit=100"), support)
                                        .object()
                                        .value(QLatin1String("results"))
                                        .toArray();
            for (const QJsonValue &row : rows)
                if (str(row.toObject(), "id") == a.subscriptionId)
                    for (const char *key :
                         {"peakCalls24h", "blockedCalls24h", "utilisationPercent"})
                        all.insert(QLatin1String(key), row.toObject().value(QLatin1String(key)));
            all.insert(
                QStringLiteral("plan"),
                http.get(QStringLiteral("/subscription/%1/capacity-plan").arg(a.subscriptionId),
                         a.adminToken)
                    .object()
                    .value(QLatin1String("calls")));
            return all;
        };
        const QJsonObject before = figures();
        // Not vacuous: the figures see the three attempts.
        QVERIFY2(before.value(QLatin1String("blockedCalls24h")).toInt() == 1 &&
                     before.value(QLatin1String("peakCalls24h")).toInt() == 2,
                 QJsonDocument(before).toJson().constData());
        QVERIFY2(before.value(QLatin1String("plan"))
                         .toObject()
                         .value(QLatin1String("attempts"))
                         .toInt() == 3,
                 QJsonDocument(before).toJson().constData());

        const QByteArray bulk = "{\"ids\":[\"" + ids.join(QLatin1String("\",\"")).toUtf8() + "\"]}";
        const HttpResult deleted = remove(http, a.adminToken, ids.first(), bulk);
        QCOMPARE(deleted.status, 200);
        QCOMPARE(idsOf(deleted.array()), ids);
        QCOMPARE(http.get(QStringLiteral("/call"), a.adminToken).array().size(), 0);
        QCOMPARE(figures(), before);
        // And after support's figures have been worked out again from the database.
        server.clock().set(t0.addSecs(135));
        QTRY_COMPARE_WITH_TIMEOUT(usageAt(), t0.addSecs(135).toMSecsSinceEpoch(), 15000);
        QCOMPARE(figures(), before);
    }
};

QTEST_GUILESS_MAIN(TestCallsApi)
#include "tst_callsapi.moc"
