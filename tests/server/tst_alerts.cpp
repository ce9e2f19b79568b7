#include "testserver.h"
#include "webhookreceiver.h"

#include "jsonutil.h"
#include "requestbodies.h"
#include "webhooks.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace linedesk;
using namespace linedesk::test;

// Alerts (issue 14) against a real service on 127.0.0.1 with a real database and the clock
// moved by the test: the rules (defaults, PUT, If-Match, roles, bad input), each kind's
// episode firing once and resolving, the list, the live feed's message, and webhooks — their
// endpoints, the address policy, and signed deliveries retried until a receiver takes them.

namespace {

const QByteArray kSecret = "whsec_0123456789abcdef";

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Whether `signature` ("t=…,v1=…") is the HMAC-SHA256 of "<t>.<body>" with `secret`.
bool verifies(const QByteArray &signature, const QByteArray &body, const QByteArray &secret,
              qint64 *t)
{
    const QList<QByteArray> parts = signature.split(',');
    if (parts.size() != 2 || !parts.at(0).startsWith("t=") || !parts.at(1).startsWith("v1="))
        return false;
    *t = parts.at(0).mid(2).toLongLong();
    const QByteArray expected = QMessageAuthenticationCode::hash(parts.at(0).mid(2) + '.' + body,
                                                                 secret, QCryptographicHash::Sha256)
                                    .toHex();
    return expected == parts.at(1).mid(3);
}

} // namespace

class TestAlerts : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;

    QString rulesPath(const TestAccount &a) const
    {
        return QStringLiteral("/subscription/%1/alert-rules").arg(a.subscriptionId);
    }
    HttpResult putRules(const TestAccount &a, const QJsonObject &rules, const QString &token = {},
                        const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return m_http->send("PUT", rulesPath(a), token.isEmpty() ? a.adminToken : token,
                            compact(rules), headers);
    }
    QJsonArray alerts(const TestAccount &a, const QString &query = {})
    {
        const HttpResult r =
            m_http->get(QStringLiteral("/subscription/%1/alerts%2").arg(a.subscriptionId, query),
                        a.viewerToken);
        return r.object().value(QLatin1String("results")).toArray();
    }
    QJsonObject alertOf(const TestAccount &a, const QString &kind)
    {
        const QJsonArray list = alerts(a, QStringLiteral("?kind=") + kind);
        return list.isEmpty() ? QJsonObject() : list.first().toObject();
    }
    QString stateOf(const TestAccount &a, const QString &kind)
    {
        return str(alertOf(a, kind), "state");
    }
    int countOf(const TestAccount &a, const QString &kind)
    {
        return int(alerts(a, QStringLiteral("?kind=") + kind).size());
    }
    QString startCall(const TestAccount &a, bool *blocked = nullptr)
    {
        const HttpResult r = m_http->post(QStringLiteral("/call"), a.adminToken, {});
        if (blocked)
            *blocked = !str(r.object(), "endedReason").isEmpty();
        return str(r.object(), "id");
    }
    void endCall(const TestAccount &a, const QString &id)
    {
        QCOMPARE(m_http->post(QStringLiteral("/call/%1/end").arg(id), a.adminToken, {}).status,
                 200);
    }
    // Waits until the service's jobs have run `n` more times (each tick, scan and send).
    void waitJobs(int n = 2)
    {
        const int runs = m_server->service().completedJobRuns();
        QTRY_VERIFY_WITH_TIMEOUT(m_server->service().completedJobRuns() >= runs + n, 20000);
    }
    void advance(qint64 ms)
    {
        m_server->clock().advance(ms);
        waitJobs();
    }
    // Attempts recorded for `a`'s deliveries (the service has taken each answer).
    int attemptsRecorded(const TestAccount &a)
    {
        QSqlQuery q = m_server->db().exec(
            QStringLiteral("SELECT COUNT(*) FROM webhook_attempt t JOIN webhook_delivery d"
                           " ON d.id = t.delivery_id JOIN webhook w ON w.id = d.webhook_id"
                           " WHERE w.subscription_id = :s"),
            {{":s", a.subscriptionId}});
        return q.next() ? q.value(0).toInt() : -1;
    }
    // A webhook for `a`, whose only alert is then the blocked one (its one line is always
    // "near the limit" otherwise).
    QString addWebhook(const TestAccount &a, const QString &url)
    {
        if (putRules(a, {{QStringLiteral("nearLimitPercent"), QJsonValue::Null}}).status != 200)
            return {};
        const HttpResult r = m_http->post(
            QStringLiteral("/subscription/%1/webhooks").arg(a.subscriptionId), a.adminToken,
            {{QStringLiteral("url"), url},
             {QStringLiteral("secret"), QString::fromLatin1(kSecret)}});
        if (r.status != 201)
            qWarning() << r.body;
        return str(r.object(), "id");
    }

private Q_SLOTS:
    void init()
    {
        // Calls hold their lines for a day without heartbeats: the clock jumps minutes here.
        m_server = std::make_unique<TestServer>(TestServer::defaultStart(), false, 86'400'000);
        m_http = std::make_unique<HttpClient>(m_server->url());
    }
    void cleanup()
    {
        m_http.reset();
        m_server.reset();
    }

    void rulesHaveDefaultsAndAreReplacedByPut()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Rules"), 100'00);
        HttpResult r = m_http->get(rulesPath(a), a.viewerToken);
        QCOMPARE(r.status, 200);
        QJsonObject o = r.object();
        QCOMPARE(o.value(QLatin1String("nearLimitPercent")).toInt(), 80);
        QCOMPARE(o.value(QLatin1String("nearLimitSeconds")).toInt(), 60);
        QCOMPARE(o.value(QLatin1String("onBlocked")).toBool(), true);
        QCOMPARE(o.value(QLatin1String("renewalWarningDays")).toInt(), 3);
        QCOMPARE(o.value(QLatin1String("onFrozen")).toBool(), true);
        QCOMPARE(o.value(QLatin1String("version")).toInt(), 0);
        QVERIFY(o.value(QLatin1String("updatedAt")).isNull());
        QCOMPARE(r.header("ETag"), QByteArray("\"0\""));

        r = putRules(a,
                     {{QStringLiteral("nearLimitPercent"), 90},
                      {QStringLiteral("nearLimitSeconds"), 0},
                      {QStringLiteral("onBlocked"), false},
                      {QStringLiteral("renewalWarningDays"), QJsonValue::Null}},
                     {}, {{"If-Match", "\"0\""}});
        QCOMPARE(r.status, 200);
        o = r.object();
        QCOMPARE(o.value(QLatin1String("nearLimitPercent")).toInt(), 90);
        QCOMPARE(o.value(QLatin1String("nearLimitSeconds")).toInt(), 0);
        QCOMPARE(o.value(QLatin1String("onBlocked")).toBool(), false);
        QVERIFY(o.value(QLatin1String("renewalWarningDays")).isNull());
        QCOMPARE(o.value(QLatin1String("onFrozen")).toBool(), true); // left out: the default
        QCOMPARE(o.value(QLatin1String("version")).toInt(), 1);
        QCOMPARE(str(o, "updatedBy"), a.adminEmail);
        QCOMPARE(r.header("ETag"), QByteArray("\"1\""));
        QCOMPARE(m_http->get(rulesPath(a), a.adminToken).object(), o);

        // A stale If-Match changes nothing.
        r = putRules(a, {{QStringLiteral("nearLimitPercent"), 50}}, {}, {{"If-Match", "\"0\""}});
        QCOMPARE(r.status, 412);
        QCOMPARE(str(r.object(), "code"), QStringLiteral("version-mismatch"));
        QCOMPARE(m_http->get(rulesPath(a), a.adminToken).object(), o);

        // {} restores every default.
        r = putRules(a, {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("nearLimitPercent")).toInt(), 80);
        QCOMPARE(r.object().value(QLatin1String("renewalWarningDays")).toInt(), 3);
        QCOMPARE(r.object().value(QLatin1String("version")).toInt(), 2);
    }

    void rulesRoles()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Roles"), 100'00);
        const TestAccount other = m_server->createAccount(QStringLiteral("Other"), 100'00);
        const QString support = m_server->createSupportToken();
        QCOMPARE(m_http->get(rulesPath(a), support).status, 200);
        QCOMPARE(m_http->get(rulesPath(a), a.viewerToken).status, 200);
        QCOMPARE(m_http->get(rulesPath(a), other.adminToken).status, 404);
        QCOMPARE(m_http->get(rulesPath(a), QString()).status, 401);
        const QJsonObject change{{QStringLiteral("nearLimitPercent"), 70}};
        QCOMPARE(putRules(a, change, a.viewerToken).status, 403);
        QCOMPARE(putRules(a, change, support).status, 403);
        QCOMPARE(putRules(a, change, other.adminToken).status, 404);
        QCOMPARE(m_http
                     ->get(QStringLiteral("/subscription/%1/alerts").arg(a.subscriptionId),
                           other.adminToken)
                     .status,
                 404);
        QCOMPARE(
            m_http->get(QStringLiteral("/subscription/%1/alerts").arg(a.subscriptionId), support)
                .status,
            200);
        // Nothing of it changed the rules.
        QCOMPARE(m_http->get(rulesPath(a), a.adminToken).object().value("version").toInt(), 0);
    }

    void rulesBadInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("malformed") << QByteArray("{\"nearLimitPercent\": ") << "malformed-json";
        QTest::newRow("array") << QByteArray("[80]") << "invalid-body";
        QTest::newRow("unknown field") << QByteArray(R"({"nearLimit": 80})") << "unknown-field";
        QTest::newRow("percent 0")
            << QByteArray(R"({"nearLimitPercent": 0})") << "invalid-alert-rules";
        QTest::newRow("percent 101")
            << QByteArray(R"({"nearLimitPercent": 101})") << "invalid-alert-rules";
        QTest::newRow("percent 80.5")
            << QByteArray(R"({"nearLimitPercent": 80.5})") << "invalid-alert-rules";
        QTest::newRow("percent text")
            << QByteArray(R"({"nearLimitPercent": "80"})") << "invalid-alert-rules";
        QTest::newRow("seconds -1")
            << QByteArray(R"({"nearLimitSeconds": -1})") << "invalid-alert-rules";
        QTest::newRow("seconds 3601")
            << QByteArray(R"({"nearLimitSeconds": 3601})") << "invalid-alert-rules";
        QTest::newRow("seconds null")
            << QByteArray(R"({"nearLimitSeconds": null})") << "invalid-alert-rules";
        QTest::newRow("huge") << QByteArray(R"({"nearLimitSeconds": 1e300})")
                              << "invalid-alert-rules";
        QTest::newRow("days 0") << QByteArray(R"({"renewalWarningDays": 0})")
                                << "invalid-alert-rules";
        QTest::newRow("days 31") << QByteArray(R"({"renewalWarningDays": 31})")
                                 << "invalid-alert-rules";
        QTest::newRow("blocked yes")
            << QByteArray(R"({"onBlocked": "yes"})") << "invalid-alert-rules";
        QTest::newRow("blocked 1") << QByteArray(R"({"onBlocked": 1})") << "invalid-alert-rules";
        QTest::newRow("frozen null")
            << QByteArray(R"({"onFrozen": null})") << "invalid-alert-rules";
    }
    void rulesBadInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        const TestAccount a = m_server->createAccount(QStringLiteral("Bad"), 100'00);
        const HttpResult r = m_http->send("PUT", rulesPath(a), a.adminToken, body);
        QCOMPARE(r.status, 400);
        QCOMPARE(str(r.object(), "code"), code);
        QVERIFY(!str(r.object(), "message").isEmpty());
        QCOMPARE(m_http->get(rulesPath(a), a.adminToken).object().value("version").toInt(), 0);
        QCOMPARE(m_server->countRows(QStringLiteral("alert_rule"), a.subscriptionId), 0);
    }

    // 80 % of 10 lines for 60 s: one alert while use hovers about 8, resolved once it has
    // stayed below for 60 s; the next climb is a new episode.
    void nearLimitFiresOncePerEpisode()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Near"), 100'00);
        QStringList calls;
        for (int i = 0; i < 8; ++i)
            calls << startCall(a);
        advance(30'000);
        QCOMPARE(countOf(a, QStringLiteral("near-limit")), 0); // not yet 60 s
        advance(31'000);
        QTRY_COMPARE(stateOf(a, QStringLiteral("near-limit")), QStringLiteral("firing"));
        QJsonObject alert = alertOf(a, QStringLiteral("near-limit"));
        const QJsonObject f = alert.value(QLatin1String("figures")).toObject();
        QCOMPARE(f.value(QLatin1String("limit")).toInt(), 10);
        QCOMPARE(f.value(QLatin1String("thresholdCalls")).toInt(), 8);
        QCOMPARE(f.value(QLatin1String("activeAtFire")).toInt(), 8);
        QCOMPARE(json::parseTime(alert.value(QLatin1String("firedAt"))).toMSecsSinceEpoch() -
                     json::parseTime(alert.value(QLatin1String("startedAt"))).toMSecsSinceEpoch(),
                 61'000);
        QVERIFY(str(alert, "summary").contains(QLatin1String("8 of 10 lines")));

        // Hovering about the threshold: 7, 8, 7, 10 … the same episode.
        for (int round = 0; round < 3; ++round) {
            endCall(a, calls.takeLast());
            advance(20'000);
            calls << startCall(a);
            advance(20'000);
        }
        calls << startCall(a) << startCall(a);
        advance(1000);
        QCOMPARE(countOf(a, QStringLiteral("near-limit")), 1);
        QCOMPARE(stateOf(a, QStringLiteral("near-limit")), QStringLiteral("firing"));

        // Below for 59 s: still firing; 60 s: resolved, with the peak.
        while (calls.size() > 5)
            endCall(a, calls.takeLast());
        advance(59'000);
        QCOMPARE(stateOf(a, QStringLiteral("near-limit")), QStringLiteral("firing"));
        advance(2'000);
        QTRY_COMPARE(stateOf(a, QStringLiteral("near-limit")), QStringLiteral("resolved"));
        alert = alertOf(a, QStringLiteral("near-limit"));
        QCOMPARE(alert.value("figures").toObject().value("peakActive").toInt(), 10);
        QVERIFY(!alert.value(QLatin1String("resolvedAt")).isNull());

        // A new climb is a new episode.
        for (int i = 0; i < 4; ++i)
            calls << startCall(a);
        advance(61'000);
        QTRY_COMPARE(countOf(a, QStringLiteral("near-limit")), 2);
        QCOMPARE(stateOf(a, QStringLiteral("near-limit")), QStringLiteral("firing"));
    }

    // A purchase raises the threshold: 8 of 10 is near, 8 of 20 is not.
    void nearLimitFollowsTheLimit()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Grow"), 500'00);
        QCOMPARE(putRules(a, {{QStringLiteral("nearLimitSeconds"), 10}}).status, 200);
        for (int i = 0; i < 8; ++i)
            startCall(a);
        advance(11'000);
        QTRY_COMPARE(stateOf(a, QStringLiteral("near-limit")), QStringLiteral("firing"));
        QCOMPARE(m_http
                     ->send("POST",
                            QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                            a.adminToken, R"({"quantity": 10})", {{"Idempotency-Key", "g1"}})
                     .status,
                 201);
        advance(29'000);
        QCOMPARE(stateOf(a, QStringLiteral("near-limit")), QStringLiteral("firing"));
        advance(2'000); // 30 s below (the least a near-limit alert clears in)
        QTRY_COMPARE(stateOf(a, QStringLiteral("near-limit")), QStringLiteral("resolved"));
    }

    void blockedFiresAtOnceAndResolvesWhenQuiet()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Blocked"), 100'00, 2);
        startCall(a);
        startCall(a);
        bool blocked = false;
        startCall(a, &blocked);
        QVERIFY(blocked);
        // Fired by the blocked call itself, not by a later job.
        QCOMPARE(stateOf(a, QStringLiteral("blocked")), QStringLiteral("firing"));
        QJsonObject f = alertOf(a, QStringLiteral("blocked")).value("figures").toObject();
        QCOMPARE(f.value(QLatin1String("blockedCalls")).toInt(), 1);
        QCOMPARE(f.value(QLatin1String("limit")).toInt(), 2);

        advance(100'000);
        startCall(a, &blocked);
        QVERIFY(blocked);
        advance(3'000);
        QTRY_COMPARE(alertOf(a, QStringLiteral("blocked"))
                         .value("figures")
                         .toObject()
                         .value("blockedCalls")
                         .toInt(),
                     2);
        QCOMPARE(countOf(a, QStringLiteral("blocked")), 1);
        // 300 s after the last blocked call: resolved.
        advance(290'000);
        QCOMPARE(stateOf(a, QStringLiteral("blocked")), QStringLiteral("firing"));
        advance(10'000);
        QTRY_COMPARE(stateOf(a, QStringLiteral("blocked")), QStringLiteral("resolved"));
        f = alertOf(a, QStringLiteral("blocked")).value("figures").toObject();
        QCOMPARE(f.value(QLatin1String("blockedCalls")).toInt(), 2);
        QVERIFY(str(alertOf(a, QStringLiteral("blocked")), "summary")
                    .contains(QLatin1String("2 calls")));

        startCall(a, &blocked);
        QVERIFY(blocked);
        QCOMPARE(countOf(a, QStringLiteral("blocked")), 2);
        // Switching the rule off resolves the episode at once, and no new one starts.
        QCOMPARE(putRules(a, {{QStringLiteral("onBlocked"), false}}).status, 200);
        QCOMPARE(stateOf(a, QStringLiteral("blocked")), QStringLiteral("resolved"));
        startCall(a, &blocked);
        QVERIFY(blocked);
        waitJobs();
        QCOMPARE(countOf(a, QStringLiteral("blocked")), 2);
    }

    // Credits below the next renewal's charge: warned N days ahead, cleared by credits; left
    // short, the renewal freezes the subscription (resolving the warning) and the frozen
    // alert fires until credits come.
    void renewalAtRiskAndFrozen()
    {
        const QDateTime anchor = m_server->clock().now();
        const TestAccount a = m_server->createAccount(QStringLiteral("Money"), 40'00);
        // 3 lines: about $30.00 now (almost the whole period), so the renewal's $30.00 is short.
        QCOMPARE(m_http
                     ->send("POST",
                            QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                            a.adminToken, R"({"quantity": 3})", {{"Idempotency-Key", "m1"}})
                     .status,
                 201);
        QVERIFY(m_server->creditsCents(a.subscriptionId) < 30'00);
        const QDateTime renewal = anchor.addMonths(1);
        m_server->clock().set(renewal.addDays(-3).addSecs(-60));
        waitJobs(12); // past a money scan (every 10th run)
        QCOMPARE(countOf(a, QStringLiteral("renewal-at-risk")), 0);
        m_server->clock().advance(120'000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(a, QStringLiteral("renewal-at-risk")),
                                  QStringLiteral("firing"), 20000);
        const QJsonObject f =
            alertOf(a, QStringLiteral("renewal-at-risk")).value("figures").toObject();
        QCOMPARE(f.value(QLatin1String("chargeCents")).toInteger(), 30'00);
        QCOMPARE(f.value(QLatin1String("purchasedLines")).toInt(), 3);
        QCOMPARE(f.value(QLatin1String("creditsCents")).toInteger(),
                 m_server->creditsCents(a.subscriptionId));
        QCOMPARE(json::parseTime(f.value(QLatin1String("renewalAt"))), renewal);

        // Credits added by the operator (another connection): cleared.
        m_server->accounts().addCredits(a.subscriptionId, 45'00, QStringLiteral("operator"),
                                        QStringLiteral("top-up"), m_server->clock().now());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(a, QStringLiteral("renewal-at-risk")),
                                  QStringLiteral("resolved"), 20000);
        QCOMPARE(str(alertOf(a, QStringLiteral("renewal-at-risk")).value("figures").toObject(),
                     "outcome"),
                 QStringLiteral("covered"));

        // Next period, short again and never topped up: warned, then frozen at the renewal.
        m_server->clock().set(renewal.addSecs(1));
        waitJobs(12);
        const qint64 credits = m_server->creditsCents(a.subscriptionId);
        QVERIFY(credits < 30'00); // $40 − ~$30 + $45 − $30
        m_server->clock().set(renewal.addMonths(1).addDays(-2));
        QTRY_COMPARE_WITH_TIMEOUT(countOf(a, QStringLiteral("renewal-at-risk")), 2, 20000);
        QCOMPARE(stateOf(a, QStringLiteral("renewal-at-risk")), QStringLiteral("firing"));
        m_server->clock().set(renewal.addMonths(1).addSecs(1));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(a, QStringLiteral("frozen")), QStringLiteral("firing"),
                                  20000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(a, QStringLiteral("renewal-at-risk")),
                                  QStringLiteral("resolved"), 20000);
        QCOMPARE(str(alertOf(a, QStringLiteral("renewal-at-risk")).value("figures").toObject(),
                     "outcome"),
                 QStringLiteral("frozen"));
        QVERIFY(str(alertOf(a, QStringLiteral("renewal-at-risk")), "summary")
                    .contains(QLatin1String("could not be paid")));
        QCOMPARE(countOf(a, QStringLiteral("frozen")), 1);
        waitJobs(12);
        QCOMPARE(countOf(a, QStringLiteral("frozen")), 1);
        m_server->accounts().addCredits(a.subscriptionId, 10'00, QStringLiteral("operator"),
                                        QStringLiteral("top-up"), m_server->clock().now());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(a, QStringLiteral("frozen")), QStringLiteral("resolved"),
                                  20000);
        QCOMPARE(countOf(a, QStringLiteral("frozen")), 1);
    }

    void alertListFiltersPagesAndRefusesBadParameters()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("List"), 100'00, 1);
        startCall(a);
        bool blocked = false;
        for (int i = 0; i < 3; ++i) {
            startCall(a, &blocked);
            QVERIFY(blocked);
            advance(301'000);
            QTRY_COMPARE(stateOf(a, QStringLiteral("blocked")), QStringLiteral("resolved"));
        }
        startCall(a, &blocked);
        QCOMPARE(countOf(a, QStringLiteral("blocked")), 4);
        QCOMPARE(alerts(a, QStringLiteral("?state=firing&kind=blocked")).size(), 1);
        QCOMPARE(alerts(a, QStringLiteral("?state=resolved&kind=blocked")).size(), 3);
        // Newest first, paged without repeats.
        QStringList seen;
        QString cursor;
        do {
            const HttpResult r = m_http->get(
                QStringLiteral("/subscription/%1/alerts?kind=blocked&limit=1%2")
                    .arg(a.subscriptionId,
                         cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor),
                a.viewerToken);
            QCOMPARE(r.status, 200);
            for (const QJsonValue &v : r.object().value(QLatin1String("results")).toArray())
                seen << str(v.toObject(), "firedAt") + str(v.toObject(), "id");
            cursor = r.object().value(QLatin1String("nextCursor")).toString();
        } while (!cursor.isEmpty());
        QCOMPARE(seen.size(), 4);
        QStringList sorted = seen;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        QCOMPARE(seen, sorted);

        for (const auto &[query, code] :
             {std::pair{"?state=open", "invalid-parameter"},
              std::pair{"?kind=x", "invalid-parameter"},
              std::pair{"?state=firing&state=resolved", "invalid-parameter"},
              std::pair{"?colour=red", "unknown-parameter"}, std::pair{"?limit=0", "invalid-limit"},
              std::pair{"?cursor=xyz", "invalid-cursor"}}) {
            const HttpResult r = m_http->get(QStringLiteral("/subscription/%1/alerts%2")
                                                 .arg(a.subscriptionId, QLatin1String(query)),
                                             a.viewerToken);
            QCOMPARE(r.status, 400);
            QCOMPARE(str(r.object(), "code"), QString::fromLatin1(code));
        }
    }

    void liveFeedCarriesAlerts()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Live"), 100'00, 1);
        QCOMPARE(putRules(a, {{QStringLiteral("nearLimitPercent"), QJsonValue::Null}}).status, 200);
        QWebSocket socket;
        QList<QJsonObject> messages;
        QObject::connect(&socket, &QWebSocket::textMessageReceived, [&](const QString &m) {
            messages << QJsonDocument::fromJson(m.toUtf8()).object();
        });
        QUrl url = m_server->url();
        url.setScheme(QStringLiteral("ws"));
        url.setPath(QStringLiteral("/live"));
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + a.viewerToken.toUtf8());
        socket.open(request);
        QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
        socket.sendTextMessage(
            QStringLiteral(R"({"type":"subscribe","subscriptionId":"%1"})").arg(a.subscriptionId));
        QTRY_VERIFY(std::any_of(messages.begin(), messages.end(),
                                [](const QJsonObject &m) { return str(m, "type") == "snapshot"; }));
        startCall(a);
        startCall(a);
        const auto alertMessages = [&] {
            QList<QJsonObject> out;
            for (const QJsonObject &m : messages)
                if (str(m, "type") == QLatin1String("alert"))
                    out << m;
            return out;
        };
        QTRY_COMPARE(alertMessages().size(), 1);
        QJsonObject m = alertMessages().first();
        QCOMPARE(str(m, "subscriptionId"), a.subscriptionId);
        QCOMPARE(str(m.value("alert").toObject(), "kind"), QStringLiteral("blocked"));
        QCOMPARE(str(m.value("alert").toObject(), "state"), QStringLiteral("firing"));
        advance(301'000);
        QTRY_COMPARE(alertMessages().size(), 2);
        QCOMPARE(str(alertMessages().last().value("alert").toObject(), "state"),
                 QStringLiteral("resolved"));
    }

    void webhookEndpoints()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Hooks"), 100'00);
        const TestAccount other = m_server->createAccount(QStringLiteral("Else"), 100'00);
        const QString support = m_server->createSupportToken();
        const QString path = QStringLiteral("/subscription/%1/webhooks").arg(a.subscriptionId);
        const QJsonObject body{
            {QStringLiteral("url"), QStringLiteral("https://hooks.example.com/x")},
            {QStringLiteral("secret"), QString::fromLatin1(kSecret)}};
        QCOMPARE(m_http->post(path, a.viewerToken, body).status, 403);
        QCOMPARE(m_http->post(path, support, body).status, 403);
        QCOMPARE(m_http->post(path, other.adminToken, body).status, 404);
        HttpResult r = m_http->post(path, a.adminToken, body);
        QCOMPARE(r.status, 201);
        const QString id = str(r.object(), "id");
        QCOMPARE(str(r.object(), "secretHint"), QStringLiteral("…cdef"));
        QVERIFY(!r.body.contains(kSecret));
        QCOMPARE(str(r.object(), "createdBy"), a.adminEmail);
        QCOMPARE(m_http->post(path, a.adminToken, body).status, 409); // the same url again

        r = m_http->get(path, support);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("results").toArray().size(), 1);
        QVERIFY(!r.body.contains(kSecret));
        QCOMPARE(m_http->get(path, a.viewerToken).status, 403);
        QCOMPARE(m_http->get(path + QLatin1Char('/') + id + QStringLiteral("/deliveries"), support)
                     .status,
                 200);

        // Bad input: a clear 400, nothing stored.
        const QList<std::pair<QJsonObject, QString>> bad{
            {{{"url", "ftp://hooks.example.com/x"}, {"secret", QString::fromLatin1(kSecret)}},
             "invalid-webhook-url"},
            {{{"url", "hooks.example.com/x"}, {"secret", QString::fromLatin1(kSecret)}},
             "invalid-webhook-url"},
            {{{"url", "https://user:pw@hooks.example.com/x"},
              {"secret", QString::fromLatin1(kSecret)}},
             "invalid-webhook-url"},
            {{{"url", "https://hooks.example.com/" + QString(3000, 'a')},
              {"secret", QString::fromLatin1(kSecret)}},
             "invalid-webhook-url"},
            {{{"url", 42}, {"secret", QString::fromLatin1(kSecret)}}, "invalid-webhook-url"},
            {{{"url", "https://hooks.example.com/y"}, {"secret", "short"}},
             "invalid-webhook-secret"},
            {{{"url", "https://hooks.example.com/y"}, {"secret", QString(300, 'x')}},
             "invalid-webhook-secret"},
            {{{"url", "https://hooks.example.com/y"}, {"secret", "with spaces in it ok?"}},
             "invalid-webhook-secret"},
            {{{"url", "https://hooks.example.com/y"}}, "invalid-webhook-secret"},
            {{{"url", "https://hooks.example.com/y"},
              {"secret", QString::fromLatin1(kSecret)},
              {"events", "all"}},
             "unknown-field"},
        };
        for (const auto &[b, code] : bad) {
            r = m_http->post(path, a.adminToken, b);
            QVERIFY2(r.status == 400, r.body.constData());
            QCOMPARE(str(r.object(), "code"), code);
        }
        QCOMPARE(m_http->get(path, a.adminToken).object().value("results").toArray().size(), 1);

        // Removal: admins only, this subscription's only.
        const QString hook = path + QLatin1Char('/') + id;
        QCOMPARE(m_http->send("DELETE", hook, a.viewerToken).status, 403);
        QCOMPARE(m_http->send("DELETE", hook, support).status, 403);
        QCOMPARE(
            m_http
                ->send("DELETE",
                       QStringLiteral("/subscription/%1/webhooks/%2").arg(other.subscriptionId, id),
                       other.adminToken)
                .status,
            404);
        QCOMPARE(m_http->send("DELETE", path + QStringLiteral("/nope"), a.adminToken).status, 404);
        QCOMPARE(m_http->send("DELETE", hook, a.adminToken).status, 200);
        QCOMPARE(m_http->send("DELETE", hook, a.adminToken).status, 404);
        QCOMPARE(m_http->get(path, a.adminToken).object().value("results").toArray().size(), 0);

        // At most 10.
        for (int i = 0; i < 10; ++i)
            QCOMPARE(m_http
                         ->post(path, a.adminToken,
                                {{"url", QStringLiteral("https://hooks.example.com/%1").arg(i)},
                                 {"secret", QString::fromLatin1(kSecret)}})
                         .status,
                     201);
        r = m_http->post(
            path, a.adminToken,
            {{"url", "https://hooks.example.com/11"}, {"secret", QString::fromLatin1(kSecret)}});
        QCOMPARE(r.status, 409);
        QCOMPARE(str(r.object(), "code"), QStringLiteral("too-many-webhooks"));
    }

    void privateAddressesNeedTheOperatorsFlag()
    {
        TestServer strict(TestServer::defaultStart(), false, 0, /*allowPrivateWebhooks=*/false);
        HttpClient http(strict.url());
        const TestAccount a = strict.createAccount(QStringLiteral("Strict"), 100'00);
        const QString path = QStringLiteral("/subscription/%1/webhooks").arg(a.subscriptionId);
        for (const char *url :
             {"http://127.0.0.1:8080/x", "http://localhost/x", "http://api.localhost/x",
              "http://10.1.2.3/x", "http://192.168.1.1/x", "http://172.20.0.1/x",
              "http://169.254.169.254/latest", "http://[::1]/x", "http://[fd00::1]/x",
              "http://[::ffff:127.0.0.1]/x", "http://0.0.0.0/x", "http://100.64.0.1/x"}) {
            const HttpResult r =
                http.post(path, a.adminToken,
                          {{"url", QLatin1String(url)}, {"secret", QString::fromLatin1(kSecret)}});
            QVERIFY2(r.status == 400, url);
            QCOMPARE(str(r.object(), "code"), QStringLiteral("webhook-address-not-allowed"));
        }
        QCOMPARE(http.post(path, a.adminToken,
                           {{"url", "https://93.184.216.34/x"},
                            {"secret", QString::fromLatin1(kSecret)}})
                     .status,
                 201);
        // The same loopback URL is taken where the operator allowed it.
        const TestAccount b = m_server->createAccount(QStringLiteral("Lax"), 100'00);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/subscription/%1/webhooks").arg(b.subscriptionId),
                            b.adminToken,
                            {{"url", "http://127.0.0.1:8080/x"},
                             {"secret", QString::fromLatin1(kSecret)}})
                     .status,
                 201);
    }

    void publicAddressPolicy()
    {
        using server::isPublicAddress;
        for (const char *yes : {"93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "1.1.1.1"})
            QVERIFY2(isPublicAddress(QHostAddress(QLatin1String(yes))), yes);
        for (const char *no : {"127.0.0.1",
                               "127.9.9.9",
                               "10.0.0.1",
                               "172.16.0.1",
                               "172.31.255.255",
                               "192.168.0.1",
                               "169.254.1.1",
                               "100.64.0.1",
                               "0.0.0.0",
                               "224.0.0.1",
                               "255.255.255.255",
                               "192.0.2.1",
                               "::1",
                               "::",
                               "fe80::1",
                               "fc00::1",
                               "fd12:3456::1",
                               "ff02::1",
                               "::ffff:10.0.0.1",
                               "::ffff:127.0.0.1",
                               "64:ff9b::7f00:1",
                               "2001:db8::1"})
            QVERIFY2(!isPublicAddress(QHostAddress(QLatin1String(no))), no);
        QVERIFY(isPublicAddress(QHostAddress(QStringLiteral("::ffff:8.8.8.8"))));
        QVERIFY(!isPublicAddress(QHostAddress()));
    }

    // A receiver that fails twice, then answers 200: each alert state is received once
    // successfully, signed with the secret; the log shows every attempt.
    void webhookDeliveredOnceWithRetries()
    {
        WebhookReceiver receiver({500, 503, 200});
        const TestAccount a = m_server->createAccount(QStringLiteral("Deliver"), 100'00, 1);
        const QString hook = addWebhook(a, receiver.url());
        QVERIFY(!hook.isEmpty());
        startCall(a);
        bool blocked = false;
        startCall(a, &blocked);
        QVERIFY(blocked);
        QTRY_COMPARE(receiver.requests.size(), 1); // sent at once
        QCOMPARE(receiver.requests.at(0).answered, 500);
        QTRY_COMPARE(attemptsRecorded(a), 1);
        advance(1'000);
        QCOMPARE(receiver.requests.size(), 1); // the first retry is 2 s later
        m_server->clock().advance(1'000);
        QTRY_COMPARE(receiver.requests.size(), 2);
        QTRY_COMPARE(attemptsRecorded(a), 2);
        m_server->clock().advance(4'000);
        QTRY_COMPARE(receiver.requests.size(), 3);
        QCOMPARE(receiver.succeeded("alert.firing"), 1);
        advance(60'000);
        QCOMPARE(receiver.requests.size(), 3); // delivered: never again

        // Resolved: delivered once too (the receiver now answers 200).
        advance(300'000);
        QTRY_COMPARE(receiver.succeeded("alert.resolved"), 1);
        advance(60'000);
        QCOMPARE(receiver.requests.size(), 4);
        QCOMPARE(receiver.succeeded("alert.firing"), 1);

        const QJsonObject alert = alertOf(a, QStringLiteral("blocked"));
        QSet<QByteArray> deliveries;
        for (const WebhookReceiver::Request &r : receiver.requests) {
            qint64 t = 0;
            QVERIFY(verifies(r.headers.value("linedesk-signature"), r.body, kSecret, &t));
            QVERIFY(qAbs(t - m_server->clock().now().toSecsSinceEpoch()) < 3600);
            QVERIFY(!verifies(r.headers.value("linedesk-signature"), r.body + ' ', kSecret, &t));
            QVERIFY(
                !verifies(r.headers.value("linedesk-signature"), r.body, "another-secret-123", &t));
            QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
            const QJsonObject sent =
                QJsonDocument::fromJson(r.body).object().value("alert").toObject();
            QCOMPARE(str(sent, "id"), str(alert, "id"));
            QCOMPARE(QByteArray("alert.") + str(sent, "state").toUtf8(),
                     r.headers.value("linedesk-event"));
            deliveries << r.headers.value("linedesk-delivery");
        }
        QCOMPARE(deliveries.size(), 2); // one delivery per state, retried under its id
        // The same bytes on every attempt of a delivery.
        QCOMPARE(receiver.requests.at(0).body, receiver.requests.at(2).body);

        const HttpResult log = m_http->get(
            QStringLiteral("/subscription/%1/webhooks/%2/deliveries").arg(a.subscriptionId, hook),
            a.adminToken);
        QCOMPARE(log.status, 200);
        const QJsonArray results = log.object().value("results").toArray();
        QCOMPARE(results.size(), 2);
        const QJsonObject firing = results.at(1).toObject(); // newest first
        QCOMPARE(str(firing, "alertState"), QStringLiteral("firing"));
        QCOMPARE(str(firing, "state"), QStringLiteral("delivered"));
        QCOMPARE(firing.value("attempts").toInt(), 3);
        const QJsonArray attempts = firing.value("attemptLog").toArray();
        QCOMPARE(attempts.size(), 3);
        QCOMPARE(attempts.at(0).toObject().value("statusCode").toInt(), 500);
        QCOMPARE(str(attempts.at(1).toObject(), "error"), QStringLiteral("HTTP 503"));
        QCOMPARE(attempts.at(2).toObject().value("statusCode").toInt(), 200);
        QCOMPARE(json::parseTime(attempts.at(1).toObject().value("at")).toMSecsSinceEpoch() -
                     json::parseTime(attempts.at(0).toObject().value("at")).toMSecsSinceEpoch(),
                 2'000);
    }

    // A receiver that never takes it: retried with growing gaps, given up 24 hours on.
    void webhookGivesUpAfterADay()
    {
        WebhookReceiver receiver({500});
        const TestAccount a = m_server->createAccount(QStringLiteral("Down"), 100'00, 1);
        const QString hook = addWebhook(a, receiver.url());
        startCall(a);
        startCall(a);
        QTRY_COMPARE(attemptsRecorded(a), 1);
        m_server->clock().advance(2'000);
        QTRY_COMPARE(attemptsRecorded(a), 2);
        m_server->clock().advance(4'000);
        QTRY_COMPARE(attemptsRecorded(a), 3);
        // The firing alert's delivery, by its id (a day later the episode resolves too, and
        // that is another delivery).
        const QByteArray first = receiver.requests.at(0).headers.value("linedesk-delivery");
        const auto attemptsOfFirst = [&] {
            return std::count_if(receiver.requests.begin(), receiver.requests.end(),
                                 [&](const WebhookReceiver::Request &r) {
                                     return r.headers.value("linedesk-delivery") == first;
                                 });
        };
        QCOMPARE(attemptsOfFirst(), 3);
        m_server->clock().advance(25LL * 3600'000);
        QTRY_COMPARE(attemptsOfFirst(), 4);
        const auto state = [&] {
            return str(m_http
                           ->get(QStringLiteral("/subscription/%1/webhooks/%2/deliveries?limit=1")
                                     .arg(a.subscriptionId, hook),
                                 a.adminToken)
                           .object()
                           .value("results")
                           .toArray()
                           .first()
                           .toObject(),
                       "state");
        };
        const auto stateOfFirst = [&] {
            QSqlQuery q = m_server->db().exec(
                QStringLiteral("SELECT state FROM webhook_delivery WHERE id = :id"),
                {{":id", QString::fromLatin1(first)}});
            return q.next() ? q.value(0).toString() : QString();
        };
        QTRY_COMPARE(stateOfFirst(), QStringLiteral("failed"));
        advance(3600'000);
        QCOMPARE(attemptsOfFirst(), 4);
        Q_UNUSED(state);
    }

    // A receiver that takes the request and never answers costs one attempt of 10 s.
    void webhookTimesOut()
    {
        WebhookReceiver receiver({0, 200});
        const TestAccount a = m_server->createAccount(QStringLiteral("Silent"), 100'00, 1);
        addWebhook(a, receiver.url());
        startCall(a);
        startCall(a);
        QTRY_COMPARE(receiver.requests.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(attemptsRecorded(a), 1, 20000);
        QSqlQuery q = m_server->db().exec(
            QStringLiteral("SELECT t.error, t.duration_ms FROM webhook_attempt t JOIN"
                           " webhook_delivery d ON d.id = t.delivery_id JOIN webhook w ON w.id ="
                           " d.webhook_id WHERE w.subscription_id = :s"),
            {{":s", a.subscriptionId}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("no answer within 10 s"));
        QVERIFY(q.value(1).toLongLong() >= 9'000);
        q.finish();
        m_server->clock().advance(2'000);
        QTRY_COMPARE(receiver.succeeded("alert.firing"), 1);
    }

    // A removed endpoint gets nothing more: its pending deliveries are cancelled.
    void removedWebhookIsNotCalled()
    {
        WebhookReceiver receiver({500});
        const TestAccount a = m_server->createAccount(QStringLiteral("Gone"), 100'00, 1);
        const QString hook = addWebhook(a, receiver.url());
        startCall(a);
        startCall(a);
        QTRY_COMPARE(receiver.requests.size(), 1);
        QCOMPARE(
            m_http
                ->send("DELETE",
                       QStringLiteral("/subscription/%1/webhooks/%2").arg(a.subscriptionId, hook),
                       a.adminToken)
                .status,
            200);
        QSqlQuery q = m_server->db().exec(
            QStringLiteral("SELECT state FROM webhook_delivery WHERE webhook_id = :w"),
            {{":w", hook}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("cancelled"));
        q.finish();
        advance(10'000);
        advance(300'000); // resolved: nothing to send it to
        QTRY_COMPARE(stateOf(a, QStringLiteral("blocked")), QStringLiteral("resolved"));
        advance(10'000);
        QCOMPARE(receiver.requests.size(), 1);
    }

    void signatureFormat()
    {
        // The documented recipe, by hand: HMAC-SHA256("<t>.<body>") in hex.
        const QByteArray body = R"({"alert":{}})";
        const QByteArray sig = server::webhookSignature("secret-secret-123", 1700000000, body);
        QCOMPARE(sig.left(13), QByteArray("t=1700000000,"));
        QCOMPARE(sig.mid(13),
                 "v1=" + QMessageAuthenticationCode::hash("1700000000." + body, "secret-secret-123",
                                                          QCryptographicHash::Sha256)
                             .toHex());
    }
};

QTEST_MAIN(TestAlerts)
#include "tst_alerts.moc"
