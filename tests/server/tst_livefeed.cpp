#include "testserver.h"

#include "clock.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <atomic>
#include <memory>

using namespace linedesk;
using namespace linedesk::test;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// One clock for every arrival and request time in a test run.
QElapsedTimer &sinceStart()
{
    static QElapsedTimer timer;
    if (!timer.isValid())
        timer.start();
    return timer;
}

// Runs a real event loop until `done` holds, so each WebSocket message is handled (and
// timestamped) as soon as it arrives; QTRY_* sleeps up to 10 ms between polls, which would
// distort the gaps this test measures.
template <typename Predicate> bool waitUntil(Predicate done, int timeoutMs = 10000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

struct Message
{
    qint64 atMs = 0; // sinceStart() when it arrived
    QJsonObject json;
    QString type() const { return str(json, "type"); }
    QString subscriptionId() const { return str(json, "subscriptionId"); }
    int value(const char *key) const { return json.value(QLatin1String(key)).toInt(-1); }
};

// A live-feed client as the console would be: a QWebSocket opened with the token in the
// upgrade request's Authorization header, recording every message with its arrival time.
class LiveClient
{
public:
    LiveClient(const QUrl &httpUrl, const QByteArray &authorization)
    {
        QUrl url = httpUrl;
        url.setScheme(QStringLiteral("ws"));
        url.setPath(QStringLiteral("/live"));
        QNetworkRequest request(url);
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        QObject::connect(&socket, &QWebSocket::connected, [this] { ++connects; });
        QObject::connect(&socket, &QWebSocket::disconnected, [this] { ++disconnects; });
        // QWebSocket::error: errorOccurred() arrives only in Qt 6.5.
        QObject::connect(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error),
                         [this] { ++errors; });
        QObject::connect(&socket, &QWebSocket::textMessageReceived, [this](const QString &text) {
            messages.append(
                {sinceStart().elapsed(), QJsonDocument::fromJson(text.toUtf8()).object()});
        });
        socket.open(request);
    }
    static QByteArray bearer(const QString &token) { return "Bearer " + token.toUtf8(); }

    bool waitConnected()
    {
        return waitUntil([this] { return connects > 0 || errors > 0 || disconnects > 0; }) &&
               connects > 0;
    }
    void subscribe(const QString &subscriptionId)
    {
        socket.sendTextMessage(
            QStringLiteral(R"({"type":"subscribe","subscriptionId":"%1"})").arg(subscriptionId));
    }
    QList<Message> of(const QString &type, const QString &subscriptionId = {}) const
    {
        QList<Message> out;
        for (const Message &m : messages)
            if ((type.isEmpty() || m.type() == type) &&
                (subscriptionId.isEmpty() || m.subscriptionId() == subscriptionId))
                out << m;
        return out;
    }
    bool waitFor(const QString &type, const QString &subscriptionId, int count = 1)
    {
        return waitUntil([&] { return of(type, subscriptionId).size() >= count; });
    }

    QWebSocket socket;
    QList<Message> messages;
    int connects = 0;
    int disconnects = 0;
    int errors = 0;
};

class AsyncClient
{
public:
    AsyncClient(QUrl base, QString token) : m_base(std::move(base)), m_token(std::move(token)) {}
    QNetworkReply *post(const QString &path, const QJsonObject &body = {})
    {
        QNetworkRequest request(m_base.resolved(QUrl(path)));
        request.setTransferTimeout(30000);
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        return m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

private:
    QUrl m_base;
    QString m_token;
    QNetworkAccessManager m_network;
};

// Fires a burst of POST /call from its own thread, so the test thread that timestamps the
// live-feed messages is never busy sending requests when one arrives.
class Burst : public QObject
{
public:
    void fire(const QUrl &url, const QString &token, int clients, int calls)
    {
        for (int i = 0; i < clients; ++i)
            m_callers.push_back(std::make_unique<AsyncClient>(url, token));
        for (int i = 0; i < calls; ++i) {
            QNetworkReply *reply = m_callers.at(i % clients)->post(QStringLiteral("/call"));
            connect(reply, &QNetworkReply::finished, this, [this, reply] {
                reply->deleteLater();
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QJsonObject call = QJsonDocument::fromJson(reply->readAll()).object();
                if (status != 201)
                    ++unexpected;
                else if (str(call, "status") == QLatin1String("in-progress"))
                    ++admitted;
                ++finished;
            });
        }
    }
    std::atomic<int> finished{0};
    std::atomic<int> admitted{0};
    std::atomic<int> unexpected{0};

private:
    std::vector<std::unique_ptr<AsyncClient>> m_callers;
};

// A second service on the test server's database, on the system clock: its samples' `t` is
// the moment the service sent them, so the spacing the service keeps can be measured
// exactly. (Arrival times in this process are not exact on a shared 2-core machine: while
// the service and the burst use both cores, this thread is scheduled late and two samples
// sent 100 ms apart can be handled 75 ms apart.)
std::unique_ptr<server::ServiceThread> realTimeService(TestServer &server)
{
    server::ServiceConfig config;
    config.port = 0;
    config.databasePath = server.databasePath();
    config.renewalCheckIntervalMs = 50;
    config.clock = std::make_shared<server::SystemClock>();
    auto service = std::make_unique<server::ServiceThread>(config);
    QString error;
    if (!service->start(&error))
        qFatal("real-time service did not start: %s", qPrintable(error));
    return service;
}

// The raw answer to a WebSocket upgrade request: status line and body.
QByteArray rawUpgrade(quint16 port, const QByteArray &authorization)
{
    QTcpSocket tcp;
    tcp.connectToHost(QHostAddress::LocalHost, port);
    if (!tcp.waitForConnected(5000))
        return "no connection";
    QByteArray request = "GET /live HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
                         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         "Sec-WebSocket-Version: 13\r\n";
    if (!authorization.isEmpty())
        request += "Authorization: " + authorization + "\r\n";
    tcp.write(request + "\r\n");
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    // Until the head is complete and (for a refusal) the server has closed the connection.
    while (timer.elapsed() < 5000) {
        if (tcp.bytesAvailable() == 0 && !tcp.waitForReadyRead(200) &&
            tcp.state() != QAbstractSocket::ConnectedState)
            break;
        answer += tcp.readAll();
        if (answer.startsWith("HTTP/1.1 101") && answer.contains("\r\n\r\n"))
            break;
    }
    return answer;
}

} // namespace

// GET /live against a real service: who may connect and subscribe, the snapshot, samples
// coalesced to at most one per 100 ms, and limit changes pushed at once.
class TestLiveFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { sinceStart(); }

    void upgradeRefusedWithoutValidToken_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::newRow("no Authorization header") << QByteArray();
        QTest::newRow("unknown token") << QByteArray("Bearer 0123456789abcdef0123456789abcdef");
        QTest::newRow("not a bearer token") << QByteArray("Basic dXNlcjpwYXNz");
        QTest::newRow("empty bearer") << QByteArray("Bearer ");
    }
    void upgradeRefusedWithoutValidToken()
    {
        QFETCH(QByteArray, authorization);
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Watched"), 0, 5);
        LiveClient client(server.url(), authorization);
        QVERIFY(!client.waitConnected());
        QCOMPARE(client.connects, 0);
        client.subscribe(a.subscriptionId); // goes nowhere
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        QCOMPARE(client.messages.size(), 0);

        // On the wire: 401, and never 101.
        const QByteArray answer = rawUpgrade(server.url().port(), authorization);
        QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
        QVERIFY2(answer.contains(R"("code":"unauthorized")"), answer.constData());
        // The same request with a valid token is upgraded (the control for the above).
        const QByteArray accepted =
            rawUpgrade(server.url().port(), LiveClient::bearer(a.adminToken));
        QVERIFY2(accepted.startsWith("HTTP/1.1 101"), accepted.constData());
    }

    void plainGetIsUpgradeRequired()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Plain"), 0, 5);
        const HttpResult r = http.get(QStringLiteral("/live"), a.adminToken);
        QCOMPARE(r.status, 426);
        QCOMPARE(str(r.object(), "code"), QStringLiteral("upgrade-required"));
        QCOMPARE(http.get(QStringLiteral("/live"), {}).status, 401);
    }

    void snapshotOnSubscribe()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Snap"), 0, 2);
        const qint64 t0Ms = server.clock().now().toMSecsSinceEpoch();
        for (int i = 0; i < 3; ++i) // 2 admitted, 1 blocked
            QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);

        LiveClient viewer(server.url(), LiveClient::bearer(a.viewerToken));
        QVERIFY(viewer.waitConnected());
        viewer.socket.sendTextMessage(QStringLiteral("not json"));
        viewer.socket.sendTextMessage(QStringLiteral(R"({"type":"dance"})"));
        viewer.subscribe(a.subscriptionId);
        QVERIFY(viewer.waitFor(QStringLiteral("snapshot"), a.subscriptionId));
        const QList<Message> errors = viewer.of(QStringLiteral("error"));
        QCOMPARE(errors.size(), 2);
        for (const Message &e : errors)
            QCOMPARE(str(e.json, "code"), QStringLiteral("invalid-message"));

        const QJsonObject snapshot = viewer.of(QStringLiteral("snapshot")).first().json;
        const QJsonObject sub = snapshot.value(QLatin1String("subscription")).toObject();
        QCOMPARE(str(sub, "id"), a.subscriptionId);
        QCOMPARE(sub.value(QLatin1String("concurrencyCounter")).toInt(), 2);
        QCOMPARE(sub.value(QLatin1String("concurrencyLimit")).toInt(), 2);
        const QJsonArray recent = snapshot.value(QLatin1String("recent")).toArray();
        QCOMPARE(recent.size(), 300);
        QCOMPARE(recent.last().toArray(), (QJsonArray{t0Ms, 2, 1, 2}));
        QCOMPARE(recent.at(298).toArray(), (QJsonArray{t0Ms - 1000, 0, 0, 2}));
        QCOMPARE(recent.first().toArray().at(0).toInteger(), t0Ms - 299'000);
        // Nothing else was sent: no samples before something changes.
        QCOMPARE(viewer.of(QStringLiteral("sample")).size(), 0);
    }

    void otherTenantGetsErrorAndNoData()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Mine"), 0, 5);
        const TestAccount b = server.createAccount(QStringLiteral("Theirs"), 0, 5);
        LiveClient mine(server.url(), LiveClient::bearer(a.adminToken));
        LiveClient support(server.url(), LiveClient::bearer(server.createSupportToken()));
        QVERIFY(mine.waitConnected());
        QVERIFY(support.waitConnected());
        mine.subscribe(b.subscriptionId);
        QVERIFY(mine.waitFor(QStringLiteral("error"), b.subscriptionId));
        const QJsonObject error = mine.of(QStringLiteral("error")).first().json;
        QCOMPARE(str(error, "code"), QStringLiteral("subscription-not-found"));
        mine.subscribe(a.subscriptionId);
        support.subscribe(b.subscriptionId);
        QVERIFY(mine.waitFor(QStringLiteral("snapshot"), a.subscriptionId));
        QVERIFY(support.waitFor(QStringLiteral("snapshot"), b.subscriptionId));

        // Activity on B first, then on A. The sample of A's second call is sent after B's
        // coalescing window has closed, so once it is here every sample for B has gone out.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(http.post(QStringLiteral("/call"), b.adminToken, {}).status, 201);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        QVERIFY(waitUntil([&] {
            const auto samples = mine.of(QStringLiteral("sample"), a.subscriptionId);
            return !samples.isEmpty() && samples.last().value("active") == 2;
        }));
        QVERIFY(waitUntil([&] {
            const auto samples = support.of(QStringLiteral("sample"), b.subscriptionId);
            return !samples.isEmpty() && samples.last().value("active") == 2;
        }));
        // B's samples existed (support got them) and none reached the other tenant.
        for (const Message &m : mine.messages)
            if (m.subscriptionId() == b.subscriptionId)
                QCOMPARE(m.type(), QStringLiteral("error"));
        QCOMPARE(mine.of(QString(), b.subscriptionId).size(), 1);
        QCOMPARE(support.of(QStringLiteral("sample"), a.subscriptionId).size(), 0);
        // Nor does a purchase on B reach it.
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(b.subscriptionId),
                           b.adminToken, {{QStringLiteral("quantity"), 1}},
                           {{"Idempotency-Key", "b-buy"}})
                     .status,
                 402); // no credits: refused, and nothing to push
        QCOMPARE(mine.of(QString(), b.subscriptionId).size(), 1);
    }

    void supportSubscribesToAny()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("One"), 0, 5);
        const TestAccount b = server.createAccount(QStringLiteral("Two"), 0, 5);
        LiveClient support(server.url(), LiveClient::bearer(server.createSupportToken()));
        QVERIFY(support.waitConnected());
        support.subscribe(a.subscriptionId);
        support.subscribe(b.subscriptionId);
        QVERIFY(support.waitFor(QStringLiteral("snapshot"), a.subscriptionId));
        QVERIFY(support.waitFor(QStringLiteral("snapshot"), b.subscriptionId));
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        QCOMPARE(http.post(QStringLiteral("/call"), b.adminToken, {}).status, 201);
        QVERIFY(support.waitFor(QStringLiteral("sample"), a.subscriptionId));
        QVERIFY(support.waitFor(QStringLiteral("sample"), b.subscriptionId));
        QCOMPARE(support.of(QStringLiteral("sample"), a.subscriptionId).first().value("active"), 1);
        QCOMPARE(support.of(QStringLiteral("sample"), b.subscriptionId).first().value("active"), 1);
        QCOMPARE(support.of(QStringLiteral("error")).size(), 0);
    }

    // A call start reaches a subscribed client as a sample. The latency is measured and
    // printed, not bounded: the machine is shared.
    void sampleFollowsCallStart()
    {
        TestServer server;
        const auto live = realTimeService(server);
        const TestAccount a = server.createAccount(QStringLiteral("Fast"), 0, 100);
        LiveClient client(live->url(), LiveClient::bearer(a.adminToken));
        QVERIFY(client.waitConnected());
        client.subscribe(a.subscriptionId);
        QVERIFY(client.waitFor(QStringLiteral("snapshot"), a.subscriptionId));
        AsyncClient caller(live->url(), a.adminToken);
        QList<qint64> total;    // request sent → sample handled here
        QList<qint64> delivery; // sample sent by the service → handled here
        for (int i = 1; i <= 10; ++i) {
            const qint64 sentAt = QDateTime::currentMSecsSinceEpoch();
            QNetworkReply *reply = caller.post(QStringLiteral("/call"));
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
            qint64 handledAt = 0;
            QVERIFY2(waitUntil([&] {
                         const auto s = client.of(QStringLiteral("sample"), a.subscriptionId);
                         handledAt = QDateTime::currentMSecsSinceEpoch();
                         return !s.isEmpty() && s.last().value("active") == i;
                     }),
                     qPrintable(QStringLiteral("no sample with active %1").arg(i)));
            const Message sample = client.of(QStringLiteral("sample"), a.subscriptionId).last();
            const qint64 serviceSent = sample.json.value(QLatin1String("t")).toInteger();
            QVERIFY(serviceSent >= sentAt);
            total << handledAt - sentAt;
            delivery << handledAt - serviceSent;
            QCOMPARE(sample.value("limit"), 100);
            QCOMPARE(sample.value("blocked"), 0);
        }
        // One sample per change here: each waited for the one before.
        QCOMPARE(client.of(QStringLiteral("sample"), a.subscriptionId).size(), 10);
        const auto summary = [](QList<qint64> v) {
            QString all;
            for (qint64 l : v)
                all += QString::number(l) + QLatin1Char(' ');
            std::sort(v.begin(), v.end());
            return all + QStringLiteral("| min %1 median %2 max %3")
                             .arg(v.first())
                             .arg(v.at(v.size() / 2))
                             .arg(v.last());
        };
        // Back to back: a change within 100 ms of the previous sample waits for the window.
        qInfo("call start → sample (ms, request sent → sample handled): %s",
              qPrintable(summary(total)));
        qInfo("sample sent by the service → handled here (ms): %s", qPrintable(summary(delivery)));
    }

    // 50 calls in one burst: samples for the subscription arrive at least ~90 ms apart (the
    // service spaces them by 100 ms), and the last carries the final count; no blocked
    // attempt is lost in the coalescing.
    void burstIsCoalesced()
    {
        TestServer server;
        const auto live = realTimeService(server);
        const TestAccount a = server.createAccount(QStringLiteral("Burst"), 0, 40);
        LiveClient client(live->url(), LiveClient::bearer(a.adminToken));
        QVERIFY(client.waitConnected());
        client.subscribe(a.subscriptionId);
        QVERIFY(client.waitFor(QStringLiteral("snapshot"), a.subscriptionId));

        QThread thread;
        thread.start();
        auto *burst = new Burst;
        burst->moveToThread(&thread);
        const auto cleanup = qScopeGuard([&] {
            QMetaObject::invokeMethod(
                burst, [burst] { delete burst; }, Qt::BlockingQueuedConnection);
            thread.quit();
            thread.wait();
        });
        const qint64 burstStart = sinceStart().elapsed();
        const QUrl url = live->url();
        const QString token = a.adminToken;
        QMetaObject::invokeMethod(burst, [=] { burst->fire(url, token, 10, 50); });
        QVERIFY(waitUntil([&] { return burst->finished == 50; }, 30000));
        const qint64 burstDone = sinceStart().elapsed();
        QCOMPARE(burst->unexpected.load(), 0);
        QCOMPARE(burst->admitted.load(), 40);
        const auto blockedSoFar = [&] {
            int sum = 0;
            for (const Message &m : client.of(QStringLiteral("sample"), a.subscriptionId))
                sum += m.value("blocked");
            return sum;
        };
        QVERIFY2(waitUntil([&] {
                     const auto s = client.of(QStringLiteral("sample"), a.subscriptionId);
                     return !s.isEmpty() && s.last().value("active") == 40 && blockedSoFar() == 10;
                 }),
                 "the last sample does not carry the final count");

        const QList<Message> samples = client.of(QStringLiteral("sample"), a.subscriptionId);
        QString sentGaps;
        QString handledGaps;
        for (qsizetype i = 1; i < samples.size(); ++i) {
            sentGaps +=
                QString::number(samples.at(i).json.value(QLatin1String("t")).toInteger() -
                                samples.at(i - 1).json.value(QLatin1String("t")).toInteger()) +
                QLatin1Char(' ');
            handledGaps +=
                QString::number(samples.at(i).atMs - samples.at(i - 1).atMs) + QLatin1Char(' ');
        }
        qInfo("50 calls in %lld ms → %lld samples; gaps as sent (ms): %s; as handled here: %s",
              burstDone - burstStart, qint64(samples.size()), qPrintable(sentGaps),
              qPrintable(handledGaps));
        QVERIFY2(samples.size() >= 2, "a burst of 40 admissions fits no single 100 ms window here");
        QVERIFY2(samples.size() < 50, "samples were not coalesced");
        for (qsizetype i = 1; i < samples.size(); ++i) {
            const qint64 gap = samples.at(i).json.value(QLatin1String("t")).toInteger() -
                               samples.at(i - 1).json.value(QLatin1String("t")).toInteger();
            QVERIFY2(gap >= 90, qPrintable(QStringLiteral("samples %1 and %2 sent only %3 ms apart")
                                               .arg(i - 1)
                                               .arg(i)
                                               .arg(gap)));
        }
        // Counts only grow in this burst, and every sample carries the limit.
        for (qsizetype i = 0; i < samples.size(); ++i) {
            QCOMPARE(samples.at(i).value("limit"), 40);
            if (i > 0)
                QVERIFY(samples.at(i).value("active") >= samples.at(i - 1).value("active"));
        }
    }

    void purchasePushesLimit()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Buyer"), 500'00, 10);
        LiveClient admin(server.url(), LiveClient::bearer(a.adminToken));
        LiveClient viewer(server.url(), LiveClient::bearer(a.viewerToken));
        QVERIFY(admin.waitConnected());
        QVERIFY(viewer.waitConnected());
        admin.subscribe(a.subscriptionId);
        viewer.subscribe(a.subscriptionId);
        QVERIFY(admin.waitFor(QStringLiteral("snapshot"), a.subscriptionId));
        QVERIFY(viewer.waitFor(QStringLiteral("snapshot"), a.subscriptionId));
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        QVERIFY(admin.waitFor(QStringLiteral("sample"), a.subscriptionId));

        const QString path = QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId);
        const qint64 sentAt = sinceStart().elapsed();
        QCOMPARE(http.post(path, a.adminToken, {{QStringLiteral("quantity"), 2}},
                           {{"Idempotency-Key", "live-buy"}})
                     .status,
                 201);
        QVERIFY(admin.waitFor(QStringLiteral("limit"), a.subscriptionId));
        QVERIFY(viewer.waitFor(QStringLiteral("limit"), a.subscriptionId));
        const Message bought = admin.of(QStringLiteral("limit")).first();
        qInfo("purchase → limit message: %lld ms (request sent to message handled)",
              bought.atMs - sentAt);
        QCOMPARE(bought.value("limit"), 12);
        QCOMPARE(bought.value("included"), 10);
        QCOMPARE(bought.value("purchased"), 2);
        QCOMPARE(bought.value("active"), 1);
        QCOMPARE(bought.json.value(QLatin1String("subscription"))
                     .toObject()
                     .value(QLatin1String("concurrencyLimit"))
                     .toInt(),
                 12);
        QCOMPARE(viewer.of(QStringLiteral("limit")).first().value("limit"), 12);

        // A replay of the same purchase changes nothing and pushes nothing.
        const HttpResult replay = http.post(path, a.adminToken, {{QStringLiteral("quantity"), 2}},
                                            {{"Idempotency-Key", "live-buy"}});
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(http.send("DELETE", path, a.adminToken, R"({"quantity":1})",
                           {{"Idempotency-Key", "live-remove"}})
                     .status,
                 200);
        QVERIFY(admin.waitFor(QStringLiteral("limit"), a.subscriptionId, 2));
        const QList<Message> limits = admin.of(QStringLiteral("limit"));
        QCOMPARE(limits.size(), 2);
        QCOMPARE(limits.at(1).value("limit"), 11);
        QCOMPARE(limits.at(1).value("purchased"), 1);
    }

    // The database fails while a client subscribes (really: the test's own connection renames
    // the history table away for a moment). That client gets an error for that subscription;
    // its connection, its other subscriptions and the service go on. An exception used to
    // leave the socket's slot here, which ended the service.
    void databaseFailureWhileSubscribing()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Fragile"), 0, 5);
        const TestAccount b = server.createAccount(QStringLiteral("Steady"), 0, 5);
        LiveClient client(server.url(), LiveClient::bearer(server.createSupportToken()));
        QVERIFY(client.waitConnected());
        client.subscribe(b.subscriptionId);
        QVERIFY(client.waitFor(QStringLiteral("snapshot"), b.subscriptionId));

        server.db().exec(
            QStringLiteral("ALTER TABLE concurrency_second RENAME TO concurrency_second_away"));
        auto restore = qScopeGuard([&server] {
            server.db().exec(
                QStringLiteral("ALTER TABLE concurrency_second_away RENAME TO concurrency_second"));
        });
        client.subscribe(a.subscriptionId);
        QVERIFY(client.waitFor(QStringLiteral("error"), a.subscriptionId));
        const QJsonObject error = client.of(QStringLiteral("error"), a.subscriptionId).first().json;
        QCOMPARE(str(error, "code"), QStringLiteral("internal-error"));
        QVERIFY(!str(error, "message").isEmpty());
        QCOMPARE(client.of(QStringLiteral("snapshot"), a.subscriptionId).size(), 0);
        restore.dismiss();
        server.db().exec(
            QStringLiteral("ALTER TABLE concurrency_second_away RENAME TO concurrency_second"));

        // Still connected, still served, still subscribed to B; A works once the table is back.
        QCOMPARE(http.get(QStringLiteral("/health"), {}).status, 200);
        QCOMPARE(http.post(QStringLiteral("/call"), b.adminToken, {}).status, 201);
        QVERIFY(client.waitFor(QStringLiteral("sample"), b.subscriptionId));
        client.subscribe(a.subscriptionId);
        QVERIFY(client.waitFor(QStringLiteral("snapshot"), a.subscriptionId));
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        QVERIFY(client.waitFor(QStringLiteral("sample"), a.subscriptionId));
        QCOMPARE(client.disconnects, 0);
        QCOMPARE(client.of(QStringLiteral("error")).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestLiveFeed)
#include "tst_livefeed.moc"
