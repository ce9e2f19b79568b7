#include "apiclient.h"
#include "testserver.h"

#include <QSignalSpy>
#include <QTest>

using namespace linedesk;
using namespace linedesk::test;

namespace {

// Runs one asynchronous call on api and waits for its single answer.
template <typename T, typename Start> ApiResult<T> await(ApiClient &api, Start start)
{
    std::optional<ApiResult<T>> result;
    int answers = 0;
    QObject context;
    start(&context, [&](const ApiResult<T> &r) {
        result = r;
        ++answers;
    });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        qFatal("no answer");
    // Answers are given as a reply finishes, and a retry is scheduled only for an attempt that
    // gave none: once no reply is outstanding, nothing is left that could answer again.
    if (!QTest::qWaitFor([&] { return api.requestsInFlight() == 0; }, 20000))
        qFatal("still in flight after the answer");
    if (answers != 1)
        qFatal("answered %d times", answers);
    return *result;
}

} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;

    ApiResult<Subscription> read(const QString &id)
    {
        return await<Subscription>(
            *m_api, [&](QObject *c, auto done) { m_api->subscription(c, id, done); });
    }
    ApiResult<LineChangeOutcome> change(const QString &id, int quantity, const QString &key,
                                        qint64 version)
    {
        return await<LineChangeOutcome>(*m_api, [&](QObject *c, auto done) {
            m_api->changeLines(c, id, quantity, key, version, done);
        });
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>();
        m_api = std::make_unique<ApiClient>();
        m_api->setBaseUrl(m_server->url());
        m_api->setRetryPolicy(2, 10);
        m_api->setTransferTimeout(5000);
    }
    void cleanup()
    {
        m_api.reset();
        m_server.reset();
    }

    void meAndSubscription()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Acme"), 500'00);
        m_api->setToken(a.adminToken);
        const auto me = await<Identity>(*m_api, [&](QObject *c, auto done) { m_api->me(c, done); });
        QVERIFY(me.ok());
        QCOMPARE(me.value->email, a.adminEmail);
        QCOMPARE(me.value->memberships.size(), 1);
        QCOMPARE(me.value->memberships.first().role, QStringLiteral("admin"));
        QCOMPARE(me.value->memberships.first().subscriptionId, a.subscriptionId);
        QVERIFY(!me.value->support);
        const auto s = read(a.subscriptionId);
        QVERIFY(s.ok());
        QCOMPARE(s.value->concurrencyLimit(), 10);
        QCOMPARE(s.value->credits.cents(), 500'00);
    }

    void previewBuyAndReplay()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Acme"), 500'00);
        m_api->setToken(a.adminToken);
        const auto p = await<LinePreview>(*m_api, [&](QObject *c, auto done) {
            m_api->previewLines(c, a.subscriptionId, 1, done);
        });
        QVERIFY(p.ok());
        QCOMPARE(p.value->limitAfter, 11);
        QVERIFY(p.value->allowed);
        const qint64 version = read(a.subscriptionId).value->version;
        const QString key = ApiClient::newIdempotencyKey();
        const auto bought = change(a.subscriptionId, 1, key, version);
        QVERIFY(bought.ok());
        QVERIFY(!bought.replayed);
        QCOMPARE(bought.value->subscription.concurrencyLimit(), 11);
        QCOMPARE(bought.value->change.amountCents, p.value->amountDueNowCents);
        // The same request again (a retry): answered from the first time, charged once.
        const auto again = change(a.subscriptionId, 1, key, version);
        QVERIFY(again.ok());
        QVERIFY(again.replayed);
        QCOMPARE(again.value->change.id, bought.value->change.id);
        QCOMPARE(m_server->countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
        QCOMPARE(m_server->checkLedger(a.subscriptionId), QString());
        // Removing uses DELETE and refunds.
        const auto removed =
            change(a.subscriptionId, -1, ApiClient::newIdempotencyKey(), version + 1);
        QVERIFY(removed.ok());
        QVERIFY(removed.value->change.amountCents < 0);
        QCOMPARE(removed.value->subscription.concurrencyLimit(), 10);
    }

    void serviceErrors_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<int>("quantity");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("not enough credits") << "poor" << 1 << 402 << "insufficient-credits";
        QTest::newRow("frozen") << "frozen" << 1 << 409 << "subscription-frozen";
        QTest::newRow("over the cap") << "cap" << 2 << 409 << "line-cap-exceeded";
        QTest::newRow("remove more than purchased")
            << "" << -1 << 409 << "not-enough-purchased-lines";
        QTest::newRow("stale version") << "stale" << 1 << 412 << "version-mismatch";
        QTest::newRow("key reused for another body")
            << "reused" << 2 << 422 << "idempotency-key-reused";
        QTest::newRow("viewer") << "viewer" << 1 << 403 << "forbidden";
    }
    void serviceErrors()
    {
        QFETCH(QString, setup);
        QFETCH(int, quantity);
        QFETCH(int, status);
        QFETCH(QString, code);
        const TestAccount a = m_server->createAccount(
            QStringLiteral("E"), setup == QLatin1String("poor") ? 1'00 : 500'00, 10,
            QStringLiteral("growth"), {}, 1);
        m_api->setToken(setup == QLatin1String("viewer") ? a.viewerToken : a.adminToken);
        if (setup == QLatin1String("frozen"))
            m_server->db().exec(
                QStringLiteral("UPDATE subscription SET status = 'frozen' WHERE id = :id"),
                {{":id", a.subscriptionId}});
        qint64 version = read(a.subscriptionId).value->version;
        QString key = ApiClient::newIdempotencyKey();
        if (setup == QLatin1String("stale")) {
            QVERIFY(change(a.subscriptionId, 1, ApiClient::newIdempotencyKey(), version).ok());
        }
        if (setup == QLatin1String("reused")) {
            QVERIFY(change(a.subscriptionId, 1, key, version).ok());
            version += 1;
        }
        const qint64 credits = m_server->creditsCents(a.subscriptionId);
        const int purchased = m_server->purchasedLines(a.subscriptionId);
        const auto r = change(a.subscriptionId, quantity, key, version);
        QVERIFY(!r.ok());
        QVERIFY(!r.isNetworkError());
        QCOMPARE(r.error.statusCode, status);
        QCOMPARE(r.error.code, code);
        QVERIFY(!r.error.message.isEmpty());
        QCOMPARE(m_server->creditsCents(a.subscriptionId), credits); // nothing changed
        QCOMPARE(m_server->purchasedLines(a.subscriptionId), purchased);
    }

    void unauthorized()
    {
        m_api->setToken(QStringLiteral("not-a-token"));
        QSignalSpy spy(m_api.get(), &ApiClient::unauthorized);
        const auto me = await<Identity>(*m_api, [&](QObject *c, auto done) { m_api->me(c, done); });
        QCOMPARE(me.error.statusCode, 401);
        QCOMPARE(me.error.code, QStringLiteral("unauthorized"));
        QCOMPARE(spy.count(), 1);
    }

    // No answer at all: GETs and keyed writes are retried (the write with the same key);
    // the health probe is not (the reconnect loop has its own backoff).
    void networkFailureRetries()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("N"), 500'00);
        m_api->setToken(a.adminToken);
        m_server->service().stop();
        QSignalSpy sent(m_api.get(), &ApiClient::requestSent);
        QSignalSpy unreachable(m_api.get(), &ApiClient::unreachable);
        const auto s = read(a.subscriptionId);
        QVERIFY(s.isNetworkError());
        QCOMPARE(s.error.code, QStringLiteral("network-error"));
        QCOMPARE(sent.count(), 3);
        QCOMPARE(unreachable.count(), 1);

        sent.clear();
        const auto w = change(a.subscriptionId, 1, QStringLiteral("key-1"), 1);
        QVERIFY(w.isNetworkError());
        QCOMPARE(sent.count(), 3);
        for (const auto &call : sent)
            QCOMPARE(call.at(2).toByteArray(), QByteArray("key-1"));

        sent.clear();
        const auto h = await<bool>(*m_api, [&](QObject *c, auto done) { m_api->health(c, done); });
        QVERIFY(h.isNetworkError());
        QCOMPARE(sent.count(), 1);
    }

    void droppedContextGetsNoCallback()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("D"), 500'00);
        m_api->setToken(a.adminToken);
        bool called = false;
        auto *context = new QObject;
        m_api->subscription(context, a.subscriptionId,
                            [&](const ApiResult<Subscription> &) { called = true; });
        delete context;
        QTRY_COMPARE(m_api->requestsInFlight(), 0);
        QVERIFY(!called);
    }

    void pagesNewestFirst()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("P"), 500'00);
        m_api->setToken(a.adminToken);
        qint64 version = read(a.subscriptionId).value->version;
        for (int i = 0; i < 3; ++i) {
            m_server->clock().advance(60'000);
            QVERIFY(
                change(a.subscriptionId, i + 1, ApiClient::newIdempotencyKey(), version++).ok());
        }
        const auto first = await<ApiPage<LineChange>>(*m_api, [&](QObject *c, auto done) {
            m_api->lineChanges(c, a.subscriptionId, {}, done, 2);
        });
        QVERIFY(first.ok());
        QCOMPARE(first.value->results.size(), 2);
        QCOMPARE(first.value->results.at(0).quantity, 3);
        QCOMPARE(first.value->results.at(1).quantity, 2);
        QVERIFY(!first.value->nextCursor.isEmpty());
        const auto second = await<ApiPage<LineChange>>(*m_api, [&](QObject *c, auto done) {
            m_api->lineChanges(c, a.subscriptionId, first.value->nextCursor, done, 2);
        });
        QVERIFY(second.ok());
        QCOMPARE(second.value->results.size(), 1);
        QCOMPARE(second.value->results.at(0).quantity, 1);
        QVERIFY(second.value->nextCursor.isEmpty());
        const auto audit = await<ApiPage<AuditEntry>>(*m_api, [&](QObject *c, auto done) {
            m_api->auditTrail(c, a.subscriptionId, {}, done, 10);
        });
        QVERIFY(audit.ok());
        QVERIFY(audit.value->results.size() >= 3);
        QCOMPARE(audit.value->results.first().action, QStringLiteral("lines.purchase"));
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
