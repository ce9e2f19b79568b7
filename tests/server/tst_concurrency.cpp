#include "testserver.h"

#include <QNetworkReply>
#include <QSet>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace linedesk;
using namespace linedesk::test;

// Many clients changing lines at once, on one service and on two services sharing one
// database file: every purchase is charged exactly once, nothing is lost, and the ledger
// adds up — because the database, not one process, holds the invariants.

namespace {

constexpr qint64 kLinePriceCents = 1000;
constexpr int kClients = 4; // network managers, each with its own connections

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

// n × price × remaining ÷ length, half up, in plain integer arithmetic.
qint64 prorated(qint64 amountCents, qint64 remainingMs, qint64 lengthMs)
{
    const qint64 whole = amountCents * remainingMs / lengthMs;
    const qint64 rest = amountCents * remainingMs % lengthMs;
    return whole + (2 * rest >= lengthMs ? 1 : 0);
}

struct Shot
{
    QUrl base;
    QByteArray method;
    QString subscriptionId;
    QString token;
    int quantity = 0;
    QByteArray key;
};

// Sends every request at once, without waiting for any answer, spread over several
// network managers, and collects the answers in the order the requests were made.
class Volley
{
public:
    Volley()
    {
        for (int i = 0; i < kClients; ++i)
            m_clients.push_back(std::make_unique<QNetworkAccessManager>());
    }

    void fire(const QList<Shot> &shots)
    {
        m_results = QList<HttpResult>(shots.size());
        m_done = 0;
        for (qsizetype i = 0; i < shots.size(); ++i) {
            const Shot &s = shots.at(i);
            QNetworkRequest request(s.base.resolved(
                QUrl(QStringLiteral("/subscription/%1/concurrency").arg(s.subscriptionId))));
            request.setTransferTimeout(30000);
            request.setRawHeader("Authorization", "Bearer " + s.token.toUtf8());
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
            request.setRawHeader("Idempotency-Key", s.key);
            const QByteArray body =
                QJsonDocument(QJsonObject{{QStringLiteral("quantity"), s.quantity}})
                    .toJson(QJsonDocument::Compact);
            QNetworkReply *reply =
                m_clients.at(i % m_clients.size())->sendCustomRequest(request, s.method, body);
            QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, i] {
                reply->deleteLater();
                HttpResult &r = m_results[i];
                r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                r.body = reply->readAll();
                r.json = QJsonDocument::fromJson(r.body);
                for (const auto &[k, v] : reply->rawHeaderPairs())
                    r.headers.insert(k.toLower(), v);
                if (r.status == 0)
                    r.networkError = reply->errorString();
                ++m_done;
            });
        }
    }

    int done() const { return m_done; }
    const QList<HttpResult> &results() const { return m_results; }

private:
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_clients;
    QList<HttpResult> m_results;
    int m_done = 0;
};

QList<Shot> buys(const QUrl &base, const TestAccount &a, int count, const QByteArray &keyPrefix,
                 int quantity = 1)
{
    QList<Shot> shots;
    for (int i = 0; i < count; ++i)
        shots.append({base, "POST", a.subscriptionId, a.adminToken, quantity,
                      keyPrefix + QByteArray::number(i)});
    return shots;
}

qint64 amountOf(const HttpResult &r)
{
    return r.object()
        .value(QLatin1String("change"))
        .toObject()
        .value(QLatin1String("amountCents"))
        .toInteger();
}

int countStatus(const QList<HttpResult> &results, int status)
{
    return int(std::count_if(results.begin(), results.end(),
                             [status](const HttpResult &r) { return r.status == status; }));
}

qint64 sumOfLineChangeAmounts(TestServer &server, const QString &subscriptionId)
{
    QSqlQuery q =
        server.db().exec(QStringLiteral("SELECT COALESCE(SUM(amount_cents), 0) FROM line_change"
                                        " WHERE subscription_id = :id"),
                         {{":id", subscriptionId}});
    return q.next() ? q.value(0).toLongLong() : -1;
}

qint64 version(TestServer &server, const QString &subscriptionId)
{
    QSqlQuery q =
        server.db().exec(QStringLiteral("SELECT version FROM subscription WHERE id = :id"),
                         {{":id", subscriptionId}});
    return q.next() ? q.value(0).toLongLong() : -1;
}

// The recorded changes, taken in the order they were made, must chain: each starts where
// the one before ended. A lost update would show as two changes starting from one value.
QString chainOfChanges(TestServer &server, const QString &subscriptionId)
{
    if (server.isPostgres()) {
        // No insertion order to read back (no rowid), and the clock stands still: the
        // changes must still form one walk from 0 that uses each of them once (every value
        // left as often as reached, but the start and the end). A lost update — two changes
        // from one value, one of them never reached — breaks that balance.
        QSqlQuery e = server.db().exec(QStringLiteral("SELECT purchased_before, purchased_after"
                                                      " FROM line_change WHERE subscription_id"
                                                      " = :id"),
                                       {{":id", subscriptionId}});
        QHash<int, int> outMinusIn;
        while (e.next()) {
            ++outMinusIn[e.value(0).toInt()];
            --outMinusIn[e.value(1).toInt()];
        }
        const int end = server.purchasedLines(subscriptionId);
        QStringList problems;
        for (auto it = outMinusIn.cbegin(); it != outMinusIn.cend(); ++it) {
            const int expected = (it.key() == 0 ? 1 : 0) - (it.key() == end ? 1 : 0);
            if (it.value() != expected)
                problems << QStringLiteral("%1 changes leave %2 more often than reach it")
                                .arg(it.value())
                                .arg(it.key());
        }
        return problems.join(QStringLiteral("; "));
    }
    QSqlQuery q =
        server.db().exec(QStringLiteral("SELECT purchased_before, purchased_after FROM line_change"
                                        " WHERE subscription_id = :id ORDER BY rowid"),
                         {{":id", subscriptionId}});
    int expectedBefore = 0;
    QStringList problems;
    while (q.next()) {
        if (q.value(0).toInt() != expectedBefore)
            problems << QStringLiteral("a change starts at %1, the one before ended at %2")
                            .arg(q.value(0).toInt())
                            .arg(expectedBefore);
        expectedBefore = q.value(1).toInt();
    }
    return problems.join(QStringLiteral("; "));
}

// A second service on the same database file and the same clock: another process, as far
// as the database is concerned (its own connection, its own port).
std::unique_ptr<server::ServiceThread> startSecondInstance(TestServer &server)
{
    server::ServiceConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.databasePath = server.databasePath();
    config.renewalCheckIntervalMs = 50;
    config.clock = std::shared_ptr<const server::Clock>(std::shared_ptr<void>(), &server.clock());
    auto second = std::make_unique<server::ServiceThread>(config);
    QString error;
    if (!second->start(&error))
        qWarning("second instance did not start: %s", qPrintable(error));
    return second;
}

} // namespace

class TestConcurrency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manyClientsBuyAtOnce_data();
    void manyClientsBuyAtOnce();
    void creditsRunOutUnderContention_data();
    void creditsRunOutUnderContention();
    void lineCapHoldsUnderContention_data();
    void lineCapHoldsUnderContention();
    void buysAndRemovalsOnTwoInstances();
    void sameKeyAtOnceChargesOnce_data();
    void sameKeyAtOnceChargesOnce();
    void renewalRunsOnceWithTwoInstances();
};

void TestConcurrency::manyClientsBuyAtOnce_data()
{
    QTest::addColumn<int>("instances");
    QTest::newRow("40 buys on one service") << 1;
    QTest::newRow("40 buys split over two services on one database") << 2;
}

void TestConcurrency::manyClientsBuyAtOnce()
{
    QFETCH(int, instances);

    // 10 of 31 January days left. Each request is rounded once, on its whole amount:
    // 1 line 322.58 → 323, 2 lines 645.16 → 645, 3 lines 967.74 → 968 cents.
    const QDateTime anchor = utc(2027, 1, 1);
    const QDateTime now = utc(2027, 1, 22);
    const QHash<int, qint64> costOf{{1, 323}, {2, 645}, {3, 968}};
    for (auto it = costOf.cbegin(); it != costOf.cend(); ++it)
        QCOMPARE(prorated(it.key() * kLinePriceCents, now.msecsTo(utc(2027, 2, 1)),
                          31LL * 24 * 3600 * 1000),
                 it.value());

    TestServer server(now);
    const TestAccount a = server.createAccount(QStringLiteral("Rush"), 10'000'00, 10,
                                               QStringLiteral("growth"), anchor);
    std::unique_ptr<server::ServiceThread> second;
    if (instances == 2) {
        second = startSecondInstance(server);
        QVERIFY(second->isRunning());
    }
    const qint64 creditsBefore = server.creditsCents(a.subscriptionId);
    const qint64 versionBefore = version(server, a.subscriptionId);

    // 40 requests buying 1, 2 or 3 lines each; with two services each takes every other one.
    QList<Shot> shots;
    int expectedLines = 0;
    for (int i = 0; i < 40; ++i) {
        const int quantity = 1 + i % 3;
        expectedLines += quantity;
        const QUrl base = (instances == 2 && i % 2) ? second->url() : server.url();
        shots.append({base, "POST", a.subscriptionId, a.adminToken, quantity,
                      "rush-" + QByteArray::number(i)});
    }
    Volley volley;
    volley.fire(shots);
    QTRY_COMPARE_WITH_TIMEOUT(volley.done(), 40, 50000);

    qint64 charged = 0;
    qint64 expectedCharge = 0;
    QSet<QString> changeIds;
    for (qsizetype i = 0; i < shots.size(); ++i) {
        const HttpResult &r = volley.results().at(i);
        QVERIFY2(r.status == 201, qPrintable(QStringLiteral("request %1: %2 %3 %4")
                                                 .arg(i)
                                                 .arg(r.status)
                                                 .arg(QString::fromUtf8(r.body), r.networkError)));
        QCOMPARE(amountOf(r), costOf.value(shots.at(i).quantity));
        expectedCharge += costOf.value(shots.at(i).quantity);
        charged += amountOf(r);
        changeIds << r.object()
                         .value(QLatin1String("change"))
                         .toObject()
                         .value(QLatin1String("id"))
                         .toString();
    }
    QCOMPARE(changeIds.size(), 40);
    QCOMPARE(server.purchasedLines(a.subscriptionId), expectedLines);
    QCOMPARE(charged, expectedCharge);
    QCOMPARE(creditsBefore - server.creditsCents(a.subscriptionId), charged);
    QCOMPARE(sumOfLineChangeAmounts(server, a.subscriptionId), charged);
    QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 40);
    QCOMPARE(version(server, a.subscriptionId), versionBefore + 40);
    QCOMPARE(chainOfChanges(server, a.subscriptionId), QString());
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestConcurrency::creditsRunOutUnderContention_data()
{
    QTest::addColumn<int>("instances");
    QTest::newRow("one service") << 1;
    QTest::newRow("two services on one database") << 2;
}

void TestConcurrency::creditsRunOutUnderContention()
{
    QFETCH(int, instances);

    // At the start of the period a line costs exactly $10.00; credits for 25 lines and a bit.
    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Short"), 250'00 + 9'99);
    std::unique_ptr<server::ServiceThread> second;
    if (instances == 2) {
        second = startSecondInstance(server);
        QVERIFY(second->isRunning());
    }

    QList<Shot> shots = buys(server.url(), a, 40, "short-");
    if (second)
        for (qsizetype i = 1; i < shots.size(); i += 2)
            shots[i].base = second->url();
    Volley volley;
    volley.fire(shots);
    QTRY_COMPARE_WITH_TIMEOUT(volley.done(), 40, 50000);

    QCOMPARE(countStatus(volley.results(), 201), 25);
    QCOMPARE(countStatus(volley.results(), 402), 15);
    for (const HttpResult &r : volley.results())
        if (r.status == 402)
            QCOMPARE(r.object().value(QLatin1String("code")).toString(),
                     QStringLiteral("insufficient-credits"));
    QCOMPARE(server.purchasedLines(a.subscriptionId), 25);
    QCOMPARE(server.creditsCents(a.subscriptionId), 9'99);
    QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 25);
    QCOMPARE(chainOfChanges(server, a.subscriptionId), QString());
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestConcurrency::lineCapHoldsUnderContention_data()
{
    QTest::addColumn<int>("instances");
    QTest::newRow("one service") << 1;
    QTest::newRow("two services on one database") << 2;
}

void TestConcurrency::lineCapHoldsUnderContention()
{
    QFETCH(int, instances);

    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Capped"), 10'000'00, 10,
                                               QStringLiteral("growth"), anchor, 30);
    std::unique_ptr<server::ServiceThread> second;
    if (instances == 2) {
        second = startSecondInstance(server);
        QVERIFY(second->isRunning());
    }

    // 40 requests for 2 lines against a cap of 30: exactly 15 fit.
    QList<Shot> shots = buys(server.url(), a, 40, "cap-", 2);
    if (second)
        for (qsizetype i = 1; i < shots.size(); i += 2)
            shots[i].base = second->url();
    Volley volley;
    volley.fire(shots);
    QTRY_COMPARE_WITH_TIMEOUT(volley.done(), 40, 50000);

    QCOMPARE(countStatus(volley.results(), 201), 15);
    QCOMPARE(countStatus(volley.results(), 409), 25);
    for (const HttpResult &r : volley.results())
        if (r.status == 409)
            QCOMPARE(r.object().value(QLatin1String("code")).toString(),
                     QStringLiteral("line-cap-exceeded"));
    QCOMPARE(server.purchasedLines(a.subscriptionId), 30);
    QCOMPARE(server.creditsCents(a.subscriptionId), 10'000'00 - 30 * kLinePriceCents);
    QCOMPARE(chainOfChanges(server, a.subscriptionId), QString());
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestConcurrency::buysAndRemovalsOnTwoInstances()
{
    // 20 of 31 days left: 1 line costs or refunds 1000 × 20 / 31 = 645.16 → 645 cents,
    // 2 lines 1290.32 → 1290.
    const QDateTime anchor = utc(2027, 1, 1);
    const QDateTime now = utc(2027, 1, 12);
    const qint64 oneLine = 645;
    const qint64 twoLines = 1290;
    const qint64 remainingMs = now.msecsTo(utc(2027, 2, 1));
    QCOMPARE(prorated(kLinePriceCents, remainingMs, 31LL * 24 * 3600 * 1000), oneLine);
    QCOMPARE(prorated(2 * kLinePriceCents, remainingMs, 31LL * 24 * 3600 * 1000), twoLines);

    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Mixed"), 10'000'00);
    const TestAccount b = server.createAccount(QStringLiteral("Neighbour"), 10'000'00);
    {
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 50}},
                           {{"Idempotency-Key", "mixed-setup"}})
                     .status,
                 201);
    }
    server.clock().set(now);
    auto second = startSecondInstance(server);
    QVERIFY(second->isRunning());
    const qint64 creditsA = server.creditsCents(a.subscriptionId);
    const qint64 creditsB = server.creditsCents(b.subscriptionId);

    // On A: 20 buys of 1 and 20 removals of 1, interleaved over both services; on B, at the
    // same time, 20 buys of 2.
    QList<Shot> shots;
    for (int i = 0; i < 40; ++i)
        shots.append({i % 2 ? second->url() : server.url(), i % 4 < 2 ? "POST" : "DELETE",
                      a.subscriptionId, a.adminToken, 1, "mixed-" + QByteArray::number(i)});
    for (int i = 0; i < 20; ++i)
        shots.append({i % 2 ? server.url() : second->url(), "POST", b.subscriptionId, b.adminToken,
                      2, "neighbour-" + QByteArray::number(i)});
    Volley volley;
    volley.fire(shots);
    QTRY_COMPARE_WITH_TIMEOUT(volley.done(), 60, 50000);

    qint64 netA = 0;
    for (qsizetype i = 0; i < shots.size(); ++i) {
        const HttpResult &r = volley.results().at(i);
        const bool removal = shots.at(i).method == "DELETE";
        QVERIFY2(r.status == (removal ? 200 : 201), r.body.constData());
        QCOMPARE(amountOf(r), removal ? -oneLine : shots.at(i).quantity == 1 ? oneLine : twoLines);
        if (i < 40)
            netA += amountOf(r);
    }
    QCOMPARE(netA, 0);
    QCOMPARE(server.purchasedLines(a.subscriptionId), 50);
    QCOMPARE(server.creditsCents(a.subscriptionId), creditsA);
    QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 41);
    QCOMPARE(server.purchasedLines(b.subscriptionId), 40);
    QCOMPARE(server.creditsCents(b.subscriptionId), creditsB - 20 * twoLines);
    for (const TestAccount *account : {&a, &b}) {
        QCOMPARE(chainOfChanges(server, account->subscriptionId), QString());
        QCOMPARE(server.checkLedger(account->subscriptionId), QString());
    }
}

void TestConcurrency::sameKeyAtOnceChargesOnce_data()
{
    QTest::addColumn<int>("instances");
    QTest::newRow("20 retries at once on one service") << 1;
    QTest::newRow("20 retries at once over two services") << 2;
}

void TestConcurrency::sameKeyAtOnceChargesOnce()
{
    QFETCH(int, instances);

    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Retries"), 100'00);
    std::unique_ptr<server::ServiceThread> second;
    if (instances == 2) {
        second = startSecondInstance(server);
        QVERIFY(second->isRunning());
    }

    QList<Shot> shots;
    for (int i = 0; i < 20; ++i)
        shots.append({second && i % 2 ? second->url() : server.url(), "POST", a.subscriptionId,
                      a.adminToken, 3, "the-one-key"});
    Volley volley;
    volley.fire(shots);
    QTRY_COMPARE_WITH_TIMEOUT(volley.done(), 20, 50000);

    QSet<QString> changeIds;
    int replayed = 0;
    for (const HttpResult &r : volley.results()) {
        QVERIFY2(r.status == 201, r.body.constData());
        QCOMPARE(amountOf(r), 3 * kLinePriceCents);
        changeIds << r.object()
                         .value(QLatin1String("change"))
                         .toObject()
                         .value(QLatin1String("id"))
                         .toString();
        if (r.header("Idempotent-Replayed") == "true")
            ++replayed;
    }
    QCOMPARE(changeIds.size(), 1);
    QCOMPARE(replayed, 19);
    QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
    QCOMPARE(server.purchasedLines(a.subscriptionId), 3);
    QCOMPARE(server.creditsCents(a.subscriptionId), 100'00 - 3 * kLinePriceCents);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestConcurrency::renewalRunsOnceWithTwoInstances()
{
    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    QList<TestAccount> accounts;
    for (int i = 0; i < 5; ++i)
        accounts << server.createAccount(QStringLiteral("Renew %1").arg(i), 100'00);
    {
        HttpClient http(server.url());
        for (const TestAccount &a : accounts)
            QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                               a.adminToken, {{QStringLiteral("quantity"), 2}},
                               {{"Idempotency-Key", "renew-setup"}})
                         .status,
                     201);
    }
    auto second = startSecondInstance(server);
    QVERIFY(second->isRunning());

    // Both services' jobs see the same period ends; each period is renewed once.
    server.clock().set(utc(2027, 3, 1, 0, 0, 1));
    const qint64 march = utc(2027, 3, 1).toMSecsSinceEpoch();
    auto renewedEverywhere = [&] {
        QSqlQuery q = server.db().exec(
            QStringLiteral("SELECT COUNT(*) FROM subscription WHERE period_start = :m"),
            {{":m", march}});
        return q.next() ? q.value(0).toInt() : -1;
    };
    QTRY_COMPARE(renewedEverywhere(), 5);
    // Reads renew what is due too: asking both services now would renew again if anything
    // were still (or again) due.
    HttpClient first(server.url());
    HttpClient other(second->url());
    for (const TestAccount &a : accounts) {
        const QString path = QStringLiteral("/subscription/%1").arg(a.subscriptionId);
        QCOMPARE(first.get(path, a.adminToken).status, 200);
        QCOMPARE(other.get(path, a.adminToken).status, 200);
    }
    for (const TestAccount &a : accounts) {
        QSqlQuery q = server.db().exec(
            QStringLiteral("SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM credit_movement"
                           " WHERE subscription_id = :id AND kind = 'renewal'"),
            {{":id", a.subscriptionId}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2); // Feb 1 and Mar 1
        QCOMPARE(q.value(1).toLongLong(), -2 * 2 * kLinePriceCents);
        q.finish();
        QCOMPARE(server.creditsCents(a.subscriptionId), 100'00 - 3 * 2 * kLinePriceCents);
        QCOMPARE(server.checkLedger(a.subscriptionId), QString());
    }
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
