#include "livefeedclient.h"
#include "testserver.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace linedesk;
using namespace linedesk::test;

// The console's client of GET /live: message parsing, authorization on the upgrade,
// resubscribing on a subscription change, and reconnecting after a loss.
class TestLiveFeedClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void feedUrlFromApiBase_data()
    {
        QTest::addColumn<QString>("api");
        QTest::addColumn<QString>("feed");
        QTest::newRow("http") << "http://127.0.0.1:8080"
                              << "ws://127.0.0.1:8080/live";
        QTest::newRow("https with path") << "https://example.com/api/"
                                         << "wss://example.com/api/live";
    }
    void feedUrlFromApiBase()
    {
        QFETCH(QString, api);
        QFETCH(QString, feed);
        QCOMPARE(LiveFeedClient::feedUrl(QUrl(api)).toString(), feed);
    }

    void parsesMessages()
    {
        LiveFeedClient client;
        client.setSubscription(QStringLiteral("sub-1")); // no server: nothing opens
        QCOMPARE(client.state(), LiveFeedClient::State::Idle);
        QSignalSpy snapshots(&client, &LiveFeedClient::snapshotReceived);
        QSignalSpy samples(&client, &LiveFeedClient::sampleReceived);
        QSignalSpy limits(&client, &LiveFeedClient::limitChanged);
        QSignalSpy errors(&client, &LiveFeedClient::errorReceived);

        client.handleMessage(QStringLiteral(
            R"({"type":"snapshot","subscriptionId":"sub-1","subscription":{"id":"sub-1",)"
            R"("concurrencyCounter":3,"concurrencyLimitIncluded":10,"concurrencyLimitPurchased":2},)"
            R"("recent":[[1000,1,0,12],[2000,3,2,12]]})"));
        QCOMPARE(snapshots.count(), 1);
        const auto recent = snapshots.at(0).at(2).value<QList<ConcurrencySample>>();
        QCOMPARE(recent.size(), 2);
        QCOMPARE(recent.at(1).tMs, 2000);
        QCOMPARE(recent.at(1).active, 3);
        QCOMPARE(recent.at(1).blocked, 2);
        QCOMPARE(recent.at(1).limit, 12);
        QCOMPARE(client.state(), LiveFeedClient::State::Live);
        QCOMPARE(client.active(), 3);
        QCOMPARE(client.limit(), 12);
        QCOMPARE(client.included(), 10);

        client.handleMessage(QStringLiteral(
            R"({"type":"sample","subscriptionId":"sub-1","t":5000,"active":12,"blocked":4,"limit":12})"));
        QCOMPARE(samples.count(), 1);
        const auto sample = samples.at(0).at(1).value<ConcurrencySample>();
        QCOMPARE(sample.tMs, 5000);
        QCOMPARE(sample.active, 12);
        QCOMPARE(sample.blocked, 4);
        QCOMPARE(client.active(), 12);

        client.handleMessage(QStringLiteral(
            R"({"type":"limit","subscriptionId":"sub-1","t":6000,"limit":13,"included":10,)"
            R"("purchased":3,"active":12,"subscription":{"id":"sub-1","version":4}})"));
        QCOMPARE(limits.count(), 1);
        QCOMPARE(limits.at(0).at(1).toLongLong(), 6000);
        QCOMPARE(limits.at(0).at(2).toInt(), 13);
        QCOMPARE(client.limit(), 13);

        // Another subscription's data and unreadable text change nothing.
        client.handleMessage(QStringLiteral(
            R"({"type":"sample","subscriptionId":"other","t":7000,"active":1,"blocked":0,"limit":1})"));
        client.handleMessage(QStringLiteral("not json"));
        QCOMPARE(samples.count(), 1);
        QCOMPARE(client.active(), 12);

        client.handleMessage(QStringLiteral(
            R"({"type":"error","code":"subscription-not-found","message":"No subscription."})"));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).toString(), QStringLiteral("subscription-not-found"));
    }

    void liveDataWithTheToken()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Feed"), 500'00, 2);
        LiveFeedClient client;
        QSignalSpy snapshots(&client, &LiveFeedClient::snapshotReceived);
        QSignalSpy samples(&client, &LiveFeedClient::sampleReceived);
        client.setSubscription(a.subscriptionId);
        client.setServer(server.url(), a.adminToken);
        QTRY_COMPARE(client.state(), LiveFeedClient::State::Live);
        QCOMPARE(snapshots.count(), 1);
        QCOMPARE(client.limit(), 2);

        HttpClient http(server.url());
        for (int i = 0; i < 3; ++i) // the third is blocked
            QVERIFY(http.post(QStringLiteral("/call"), a.adminToken, {}).status != 0);
        QTRY_VERIFY(client.active() == 2);
        int blocked = 0;
        QTRY_VERIFY([&] {
            blocked = 0;
            for (const auto &args : std::as_const(samples))
                blocked += args.at(1).value<ConcurrencySample>().blocked;
            return blocked == 1;
        }());
    }

    void parsesAlertMessages()
    {
        LiveFeedClient client;
        client.setSubscription(QStringLiteral("sub-1"));
        QSignalSpy alerts(&client, &LiveFeedClient::alertReceived);
        client.handleMessage(QStringLiteral(
            R"({"type":"alert","subscriptionId":"sub-1","alert":{"id":"al-1","subscriptionId":"sub-1",)"
            R"("kind":"blocked","state":"firing","startedAt":"2026-03-10T12:00:00.000Z",)"
            R"("firedAt":"2026-03-10T12:00:00.000Z","resolvedAt":null,"updatedAt":"2026-03-10T12:00:00.000Z",)"
            R"("summary":"1 call blocked","figures":{"limit":2,"blockedCalls":1}}})"));
        QCOMPARE(alerts.count(), 1);
        QCOMPARE(alerts.at(0).at(0).toString(), QStringLiteral("sub-1"));
        const Alert a = alerts.at(0).at(1).value<Alert>();
        QCOMPARE(a.id, QStringLiteral("al-1"));
        QCOMPARE(a.kind, Alert::Kind::Blocked);
        QVERIFY(a.isFiring());
        QCOMPARE(a.sentence(), QStringLiteral("1 call blocked at 2 lines"));
        // Without an alert object or its id, or for another subscription: nothing.
        client.handleMessage(QStringLiteral(R"({"type":"alert","subscriptionId":"sub-1"})"));
        client.handleMessage(QStringLiteral(
            R"({"type":"alert","subscriptionId":"sub-1","alert":{"kind":"blocked"}})"));
        client.handleMessage(QStringLiteral(
            R"({"type":"alert","subscriptionId":"other","alert":{"id":"al-2","kind":"blocked"}})"));
        QCOMPARE(alerts.count(), 1);
    }

    void alertFromTheService()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Feed Alert"), 500'00, 1);
        LiveFeedClient client;
        QSignalSpy alerts(&client, &LiveFeedClient::alertReceived);
        client.setSubscription(a.subscriptionId);
        client.setServer(server.url(), a.viewerToken);
        QTRY_COMPARE(client.state(), LiveFeedClient::State::Live);
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        server.clock().advance(1000);
        QVERIFY(http.post(QStringLiteral("/call"), a.adminToken, {}).status != 0); // blocked
        // (The message may already be in while the blocking test client waits for its answer.)
        QTRY_COMPARE(alerts.count(), 1);
        const Alert alert = alerts.at(0).at(1).value<Alert>();
        QCOMPARE(alert.subscriptionId, a.subscriptionId);
        QCOMPARE(alert.kind, Alert::Kind::Blocked);
        QCOMPARE(alert.state, Alert::State::Firing);
        QCOMPARE(alert.firedAt, server.clock().now().toUTC());
        QCOMPARE(alert.figures.value(QLatin1String("blockedCalls")).toInt(), 1);
        QCOMPARE(alert.sentence(), QStringLiteral("1 call blocked at 1 line"));
    }

    void badTokenGetsNoData()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Guarded"), 500'00);
        LiveFeedClient client;
        client.setBackoff(50, 100);
        QSignalSpy snapshots(&client, &LiveFeedClient::snapshotReceived);
        QSignalSpy samples(&client, &LiveFeedClient::sampleReceived);
        QSignalSpy states(&client, &LiveFeedClient::stateChanged);
        client.setSubscription(a.subscriptionId);
        client.setServer(server.url(), QStringLiteral("not-a-token"));
        QTRY_COMPARE(client.state(), LiveFeedClient::State::Lost);
        QVERIFY(states.count() >= 2);
        // The admin's own client on the same subscription sees the call's sample.
        LiveFeedClient admin;
        QSignalSpy adminSamples(&admin, &LiveFeedClient::sampleReceived);
        admin.setSubscription(a.subscriptionId);
        admin.setServer(server.url(), a.adminToken);
        QTRY_COMPARE(admin.state(), LiveFeedClient::State::Live);
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        QTRY_COMPARE(admin.active(), 1);
        QVERIFY(adminSamples.count() >= 1);
        // It keeps retrying and never gets anything: two more connections opened means one
        // was opened after the sample went out and was refused (closed) too, like all before.
        const int opened = client.connectionsOpened();
        QTRY_VERIFY(client.connectionsOpened() >= opened + 2);
        QCOMPARE(client.state(), LiveFeedClient::State::Lost);
        QCOMPARE(snapshots.count(), 0);
        QCOMPARE(samples.count(), 0);
        QVERIFY(!client.isLive());
    }

    void otherSubscriptionIsRefused()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Mine"), 500'00);
        const TestAccount b = server.createAccount(QStringLiteral("Theirs"), 500'00);
        LiveFeedClient client;
        QSignalSpy errors(&client, &LiveFeedClient::errorReceived);
        QSignalSpy snapshots(&client, &LiveFeedClient::snapshotReceived);
        client.setSubscription(b.subscriptionId);
        client.setServer(server.url(), a.adminToken);
        QTRY_COMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).toString(), QStringLiteral("subscription-not-found"));
        QCOMPARE(snapshots.count(), 0);
        QVERIFY(!client.isLive());
    }

    void resubscribesAndReconnects()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("First"), 500'00);
        const TestAccount b = server.createAccount(QStringLiteral("Second"), 500'00, 7);
        const QString support = server.createSupportToken();
        LiveFeedClient client;
        client.setBackoff(50, 200);
        QSignalSpy snapshots(&client, &LiveFeedClient::snapshotReceived);
        client.setSubscription(a.subscriptionId);
        client.setServer(server.url(), support);
        QTRY_COMPARE(client.state(), LiveFeedClient::State::Live);
        QCOMPARE(client.limit(), 10);

        client.setSubscription(b.subscriptionId);
        QTRY_COMPARE(snapshots.count(), 2);
        QCOMPARE(snapshots.at(1).at(0).toString(), b.subscriptionId);
        QTRY_COMPARE(client.limit(), 7);

        // The service goes away: the client says so, then comes back by itself.
        server.service().stop();
        QTRY_COMPARE(client.state(), LiveFeedClient::State::Lost);
        QString error;
        QVERIFY2(server.service().start(&error), qPrintable(error));
        client.setServer(server.url(), support); // the port may have changed
        QTRY_COMPARE(client.state(), LiveFeedClient::State::Live);
        QCOMPARE(snapshots.last().at(0).toString(), b.subscriptionId);
    }
};

QTEST_GUILESS_MAIN(TestLiveFeedClient)
#include "tst_livefeedclient.moc"
