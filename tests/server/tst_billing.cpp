#include "apiexception.h"
#include "billing.h"
#include "testserver.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTest>

using namespace linedesk;
using namespace linedesk::test;

// The concurrency-line add-on's billing rules, against a real service over real HTTP: limits,
// proration of purchases and refunds, the catalogue price, refusals that change nothing,
// idempotency, If-Match, what every change records, and the paged history.

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr qint64 kLinePriceCents = 1000;       // $10.00 per line per month, the catalogue's default
constexpr qint64 kPlentyOfCredits = 5'000'000; // $50,000.00: enough for 1000 lines

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

QDateTime isoTime(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

// amount × remaining ÷ length, rounded half up to the cent, with plain integer division: the
// test's own arithmetic, independent of Money::prorate.
qint64 prorated(qint64 amountCents, qint64 remainingMs, qint64 lengthMs)
{
    const qint64 whole = amountCents * remainingMs / lengthMs;
    const qint64 rest = amountCents * remainingMs % lengthMs;
    return whole + (2 * rest >= lengthMs ? 1 : 0);
}

QByteArray quantityBody(int n)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("quantity"), n}})
        .toJson(QJsonDocument::Compact);
}

QString linesPath(const QString &subscriptionId)
{
    return QStringLiteral("/subscription/%1/concurrency").arg(subscriptionId);
}

HttpResult changeLines(HttpClient &http, const QByteArray &method, const TestAccount &a,
                       int quantity, const QByteArray &key,
                       QList<QPair<QByteArray, QByteArray>> headers = {})
{
    if (!key.isEmpty())
        headers.append({"Idempotency-Key", key});
    return http.send(method, linesPath(a.subscriptionId), a.adminToken, quantityBody(quantity),
                     headers);
}

HttpResult buy(HttpClient &http, const TestAccount &a, int quantity, const QByteArray &key,
               const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    return changeLines(http, "POST", a, quantity, key, headers);
}

HttpResult removeLines(HttpClient &http, const TestAccount &a, int quantity, const QByteArray &key,
                       const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    return changeLines(http, "DELETE", a, quantity, key, headers);
}

HttpResult preview(HttpClient &http, const TestAccount &a, int quantity)
{
    return http.send("POST", linesPath(a.subscriptionId) + QStringLiteral("/preview"), a.adminToken,
                     quantityBody(quantity));
}

QJsonObject getSubscription(HttpClient &http, const TestAccount &a)
{
    return http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken)
        .object();
}

// Everything a refused request must leave as it was, in one comparable line.
QString ledgerState(TestServer &server, const QString &subscriptionId)
{
    QSqlQuery q = server.db().exec(
        QStringLiteral(
            "SELECT credits_cents, purchased_lines, version, status, period_end,"
            " (SELECT COUNT(*) FROM idempotency_record) FROM subscription WHERE id = :id"),
        {{":id", subscriptionId}});
    if (!q.next())
        return QStringLiteral("no subscription");
    return QStringLiteral("credits=%1 purchased=%2 version=%3 status=%4 periodEnd=%5 "
                          "lineChanges=%6 creditMovements=%7 auditEntries=%8 idempotencyRecords=%9")
        .arg(q.value(0).toLongLong())
        .arg(q.value(1).toInt())
        .arg(q.value(2).toLongLong())
        .arg(q.value(3).toString())
        .arg(q.value(4).toLongLong())
        .arg(server.countRows(QStringLiteral("line_change"), subscriptionId))
        .arg(server.countRows(QStringLiteral("credit_movement"), subscriptionId))
        .arg(server.countRows(QStringLiteral("audit_entry"), subscriptionId))
        .arg(q.value(5).toInt());
}

qint64 dbVersion(TestServer &server, const QString &subscriptionId)
{
    QSqlQuery q =
        server.db().exec(QStringLiteral("SELECT version FROM subscription WHERE id = :id"),
                         {{":id", subscriptionId}});
    return q.next() ? q.value(0).toLongLong() : -1;
}

QString dbStatus(TestServer &server, const QString &subscriptionId)
{
    QSqlQuery q = server.db().exec(QStringLiteral("SELECT status FROM subscription WHERE id = :id"),
                                   {{":id", subscriptionId}});
    return q.next() ? q.value(0).toString() : QString();
}

} // namespace

class TestBilling : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void includedLinesDefaultToTen();
    void limitIsIncludedPlusPurchased_data();
    void limitIsIncludedPlusPurchased();
    void purchaseIsProrated_data();
    void purchaseIsProrated();
    void removalRefundsProrated_data();
    void removalRefundsProrated();
    void previewChangesNothing();
    void priceComesFromCatalogue_data();
    void priceComesFromCatalogue();
    void refusalChangesNothing_data();
    void refusalChangesNothing();
    void replayReturnsFirstResponse_data();
    void replayReturnsFirstResponse();
    void sameKeyForAnotherRequestIsRefused_data();
    void sameKeyForAnotherRequestIsRefused();
    void ifMatch_data();
    void ifMatch();
    void changeIsRecordedCompletely();
    void failedChangeWritesNothing();
    void committedChangeSurvivesAFailingNotification();
    void historyIsPagedNewestFirst_data();
    void historyIsPagedNewestFirst();
    void badPagingIsRefused_data();
    void badPagingIsRefused();
};

void TestBilling::includedLinesDefaultToTen()
{
    TestServer server;
    server::Accounts::NewSubscription s;
    s.name = QStringLiteral("Defaults");
    s.creditsCents = 100'00;
    s.createdAt = server.clock().now();
    const QString id = server.accounts().createSubscription(s, QStringLiteral("test"));
    HttpClient http(server.url());
    const HttpResult r =
        http.get(QStringLiteral("/subscription/%1").arg(id), server.createSupportToken());
    QCOMPARE(r.status, 200);
    const QJsonObject sub = r.object();
    QCOMPARE(sub.value(QLatin1String("concurrencyLimitIncluded")).toInt(), 10);
    QCOMPARE(sub.value(QLatin1String("concurrencyLimitPurchased")).toInt(), 0);
    QCOMPARE(sub.value(QLatin1String("concurrencyLimit")).toInt(), 10);
    QCOMPARE(sub.value(QLatin1String("linePriceCents")).toInteger(), kLinePriceCents);
    QCOMPARE(sub.value(QLatin1String("monthlyChargeCents")).toInteger(), 0);
    QCOMPARE(sub.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    QCOMPARE(sub.value(QLatin1String("credits")).toString(), QStringLiteral("100.00"));
}

void TestBilling::limitIsIncludedPlusPurchased_data()
{
    QTest::addColumn<int>("included");
    QTest::addColumn<int>("bought");
    QTest::addColumn<int>("removed");
    QTest::addColumn<int>("expectedLimit");

    QTest::newRow("10 included + buy 1 = 11 (the support thread's question)") << 10 << 1 << 0 << 11;
    QTest::newRow("10 included + buy 5 - remove 2 = 13") << 10 << 5 << 2 << 13;
    QTest::newRow("0 included + buy 3 = 3") << 0 << 3 << 0 << 3;
    QTest::newRow("25 included + buy 4 - remove 4 = 25") << 25 << 4 << 4 << 25;
    QTest::newRow("10 included + buy 1000 (the most at once) = 1010") << 10 << 1000 << 0 << 1010;
}

void TestBilling::limitIsIncludedPlusPurchased()
{
    QFETCH(int, included);
    QFETCH(int, bought);
    QFETCH(int, removed);
    QFETCH(int, expectedLimit);

    TestServer server;
    const TestAccount a =
        server.createAccount(QStringLiteral("Limits"), kPlentyOfCredits, included);
    HttpClient http(server.url());

    const HttpResult quote = preview(http, a, bought);
    QCOMPARE(quote.status, 200);
    QCOMPARE(quote.object().value(QLatin1String("includedLines")).toInt(), included);
    QCOMPARE(quote.object().value(QLatin1String("purchasedBefore")).toInt(), 0);
    QCOMPARE(quote.object().value(QLatin1String("purchasedAfter")).toInt(), bought);
    QCOMPARE(quote.object().value(QLatin1String("limitAfter")).toInt(), included + bought);
    QCOMPARE(quote.object().value(QLatin1String("monthlyChargeAfterCents")).toInteger(),
             bought * kLinePriceCents);

    const HttpResult b = buy(http, a, bought, "limit-buy");
    QCOMPARE(b.status, 201);
    // The new limit counts at once, in the change's own response.
    const QJsonObject afterBuy = b.object().value(QLatin1String("subscription")).toObject();
    QCOMPARE(afterBuy.value(QLatin1String("concurrencyLimit")).toInt(), included + bought);
    if (removed > 0) {
        const HttpResult r = removeLines(http, a, removed, "limit-remove");
        QCOMPARE(r.status, 200);
    }
    const QJsonObject sub = getSubscription(http, a);
    QCOMPARE(sub.value(QLatin1String("concurrencyLimitIncluded")).toInt(), included);
    QCOMPARE(sub.value(QLatin1String("concurrencyLimitPurchased")).toInt(), bought - removed);
    QCOMPARE(sub.value(QLatin1String("concurrencyLimit")).toInt(), expectedLimit);
    QCOMPARE(sub.value(QLatin1String("monthlyChargeCents")).toInteger(),
             (bought - removed) * kLinePriceCents);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestBilling::purchaseIsProrated_data()
{
    QTest::addColumn<QDateTime>("anchor");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<int>("periodDays");
    QTest::addColumn<int>("quantity");
    QTest::addColumn<qint64>("expectedCents");

    // Expected cents worked out by hand: quantity × 1000 × (time left ÷ period), half up.
    QTest::newRow("31-day month, at the start: full price")
        << utc(2027, 1, 1) << utc(2027, 1, 1) << 31 << 1 << qint64(1000);
    QTest::newRow("31-day month, exactly half left, 3 lines")
        << utc(2027, 1, 1) << utc(2027, 1, 16, 12) << 31 << 3 << qint64(1500);
    QTest::newRow("28-day February 2027, 18 of 28 days left, 2 lines (1285.71)")
        << utc(2027, 2, 1) << utc(2027, 2, 11) << 28 << 2 << qint64(1286);
    QTest::newRow("29-day leap February 2028, 19 of 29 days left (655.17)")
        << utc(2028, 2, 1) << utc(2028, 2, 11) << 29 << 1 << qint64(655);
    QTest::newRow("29-day leap February 2028, 19 of 29 days left, 7 lines (4586.21)")
        << utc(2028, 2, 1) << utc(2028, 2, 11) << 29 << 7 << qint64(4586);
    QTest::newRow("30-day April, 10 of 30 days left (333.33)")
        << utc(2027, 4, 1) << utc(2027, 4, 21) << 30 << 1 << qint64(333);
    QTest::newRow("30-day April, 10 of 30 days left, 2 lines (666.67)")
        << utc(2027, 4, 1) << utc(2027, 4, 21) << 30 << 2 << qint64(667);
    QTest::newRow("anchored Jan 31 2028: first period ends Feb 29, half left")
        << utc(2028, 1, 31) << utc(2028, 2, 14, 12) << 29 << 1 << qint64(500);
    QTest::newRow("anchor at noon on the 10th, odd instant, 5 lines (3410.59)")
        << utc(2027, 3, 10, 12) << utc(2027, 3, 20, 8, 30, 15, 250) << 31 << 5 << qint64(3411);
    QTest::newRow("half a cent rounds up: 30-day month, 21.6 minutes left")
        << utc(2027, 4, 1) << utc(2027, 5, 1).addMSecs(-1'296'000) << 30 << 1 << qint64(1);
    QTest::newRow("2.5 cents rounds up to 3: 28-day month, 100.8 minutes left")
        << utc(2027, 2, 1) << utc(2027, 3, 1).addMSecs(-6'048'000) << 28 << 1 << qint64(3);
    QTest::newRow("half a cent rounds up in a 29-day month: 20.88 minutes left")
        << utc(2028, 2, 1) << utc(2028, 3, 1).addMSecs(-1'252'800) << 29 << 1 << qint64(1);
    QTest::newRow("1000 lines, 1 minute before the end (22.40)")
        << utc(2027, 1, 1) << utc(2027, 2, 1).addMSecs(-60'000) << 31 << 1000 << qint64(22);
    QTest::newRow("1000 lines, 1 ms before the end: nothing to pay")
        << utc(2027, 1, 1) << utc(2027, 2, 1).addMSecs(-1) << 31 << 1000 << qint64(0);
    QTest::newRow("1 line, 1 ms before the end of a 28-day month: nothing to pay")
        << utc(2027, 2, 1) << utc(2027, 3, 1).addMSecs(-1) << 28 << 1 << qint64(0);
}

void TestBilling::purchaseIsProrated()
{
    QFETCH(QDateTime, anchor);
    QFETCH(QDateTime, now);
    QFETCH(int, periodDays);
    QFETCH(int, quantity);
    QFETCH(qint64, expectedCents);

    TestServer server(now);
    const TestAccount a = server.createAccount(QStringLiteral("Proration"), kPlentyOfCredits, 10,
                                               QStringLiteral("growth"), anchor);
    HttpClient http(server.url());

    // The service bills the period we think it does.
    const QJsonObject sub = getSubscription(http, a);
    const QDateTime periodStart = isoTime(sub.value(QLatin1String("currentPeriodStart")));
    const QDateTime periodEnd = isoTime(sub.value(QLatin1String("currentPeriodEnd")));
    QCOMPARE(periodStart, anchor);
    QCOMPARE(periodStart.msecsTo(periodEnd), periodDays * kDayMs);
    // The hand-worked expectation agrees with exact integer arithmetic.
    QCOMPARE(prorated(quantity * kLinePriceCents, now.msecsTo(periodEnd), periodDays * kDayMs),
             expectedCents);

    const HttpResult quote = preview(http, a, quantity);
    QCOMPARE(quote.status, 200);
    QCOMPARE(quote.object().value(QLatin1String("allowed")).toBool(), true);
    QCOMPARE(quote.object().value(QLatin1String("amountDueNowCents")).toInteger(), expectedCents);
    QCOMPARE(isoTime(quote.object().value(QLatin1String("periodEnd"))), periodEnd);

    const qint64 creditsBefore = server.creditsCents(a.subscriptionId);
    const HttpResult b = buy(http, a, quantity, "prorated-buy");
    QCOMPARE(b.status, 201);
    const QJsonObject change = b.object().value(QLatin1String("change")).toObject();
    QCOMPARE(change.value(QLatin1String("amountCents")).toInteger(), expectedCents);
    QCOMPARE(change.value(QLatin1String("quantity")).toInt(), quantity);
    QCOMPARE(server.creditsCents(a.subscriptionId), creditsBefore - expectedCents);
    QCOMPARE(server.purchasedLines(a.subscriptionId), quantity);
    // A zero charge moves no credits; any other charge is exactly one movement.
    QCOMPARE(server.countRows(QStringLiteral("credit_movement"), a.subscriptionId),
             expectedCents == 0 ? 1 : 2);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestBilling::removalRefundsProrated_data()
{
    QTest::addColumn<QDateTime>("anchor");
    QTest::addColumn<QDateTime>("removeAt");
    QTest::addColumn<int>("periodDays");
    QTest::addColumn<int>("bought");
    QTest::addColumn<int>("removed");
    QTest::addColumn<qint64>("expectedRefundCents");

    QTest::newRow("31-day month, remove 2 of 5 with 11 days left (709.68)")
        << utc(2027, 1, 1) << utc(2027, 1, 21) << 31 << 5 << 2 << qint64(710);
    QTest::newRow("28-day month, remove all 3 with 13.75 days left (1473.21)")
        << utc(2027, 2, 1) << utc(2027, 2, 15, 6) << 28 << 3 << 3 << qint64(1473);
    QTest::newRow("30-day month, remove 1 at the very start: full refund")
        << utc(2027, 4, 1) << utc(2027, 4, 1) << 30 << 4 << 1 << qint64(1000);
    QTest::newRow("odd instant, remove 7 of 9 (1752.35)")
        << utc(2027, 3, 10, 12) << utc(2027, 4, 2, 17, 45, 0, 125) << 31 << 9 << 7 << qint64(1752);
    QTest::newRow("half a cent of refund rounds up: 30-day month, 21.6 minutes left")
        << utc(2027, 4, 1) << utc(2027, 5, 1).addMSecs(-1'296'000) << 30 << 1 << 1 << qint64(1);
    QTest::newRow("29-day leap February, 1 ms before the end: nothing to refund")
        << utc(2028, 2, 1) << utc(2028, 3, 1).addMSecs(-1) << 29 << 2 << 1 << qint64(0);
}

void TestBilling::removalRefundsProrated()
{
    QFETCH(QDateTime, anchor);
    QFETCH(QDateTime, removeAt);
    QFETCH(int, periodDays);
    QFETCH(int, bought);
    QFETCH(int, removed);
    QFETCH(qint64, expectedRefundCents);

    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Refund"), kPlentyOfCredits);
    HttpClient http(server.url());
    QCOMPARE(buy(http, a, bought, "refund-buy").status, 201);
    // Bought at the start of the period: the full price.
    QCOMPARE(server.creditsCents(a.subscriptionId), kPlentyOfCredits - bought * kLinePriceCents);

    server.clock().set(removeAt);
    const QDateTime periodEnd = anchor.addMonths(1);
    QCOMPARE(anchor.msecsTo(periodEnd), periodDays * kDayMs);
    QCOMPARE(prorated(removed * kLinePriceCents, removeAt.msecsTo(periodEnd), periodDays * kDayMs),
             expectedRefundCents);

    const HttpResult quote = preview(http, a, -removed);
    QCOMPARE(quote.status, 200);
    QCOMPARE(quote.object().value(QLatin1String("allowed")).toBool(), true);
    QCOMPARE(quote.object().value(QLatin1String("amountDueNowCents")).toInteger(),
             -expectedRefundCents);
    QCOMPARE(quote.object().value(QLatin1String("purchasedAfter")).toInt(), bought - removed);
    QCOMPARE(quote.object().value(QLatin1String("limitAfter")).toInt(), 10 + bought - removed);

    const qint64 creditsBefore = server.creditsCents(a.subscriptionId);
    const HttpResult r = removeLines(http, a, removed, "refund-remove");
    QCOMPARE(r.status, 200);
    const QJsonObject change = r.object().value(QLatin1String("change")).toObject();
    QCOMPARE(change.value(QLatin1String("kind")).toString(), QStringLiteral("removal"));
    QCOMPARE(change.value(QLatin1String("quantity")).toInt(), -removed);
    QCOMPARE(change.value(QLatin1String("amountCents")).toInteger(), -expectedRefundCents);
    QCOMPARE(server.creditsCents(a.subscriptionId), creditsBefore + expectedRefundCents);
    QCOMPARE(server.purchasedLines(a.subscriptionId), bought - removed);
    QCOMPARE(r.object()
                 .value(QLatin1String("subscription"))
                 .toObject()
                 .value(QLatin1String("concurrencyLimit"))
                 .toInt(),
             10 + bought - removed);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestBilling::previewChangesNothing()
{
    TestServer server(utc(2027, 1, 10));
    const TestAccount a = server.createAccount(QStringLiteral("Preview only"), 50'00, 10,
                                               QStringLiteral("growth"), utc(2027, 1, 1), 20);
    HttpClient http(server.url());
    const QString before = ledgerState(server, a.subscriptionId);
    for (int quantity : {1, 3, 20, 21, -1, 1000, -1000}) {
        const HttpResult r = preview(http, a, quantity);
        QVERIFY2(r.status == 200, r.body.constData());
    }
    QCOMPARE(ledgerState(server, a.subscriptionId), before);

    // A viewer may not ask for a quote; support may.
    const HttpResult viewer =
        http.send("POST", linesPath(a.subscriptionId) + QStringLiteral("/preview"), a.viewerToken,
                  quantityBody(1));
    QCOMPARE(viewer.status, 403);
    const HttpResult support =
        http.send("POST", linesPath(a.subscriptionId) + QStringLiteral("/preview"),
                  server.createSupportToken(), quantityBody(1));
    QCOMPARE(support.status, 200);
    QCOMPARE(ledgerState(server, a.subscriptionId), before);
}

void TestBilling::priceComesFromCatalogue_data()
{
    QTest::addColumn<qint64>("priceCents");
    QTest::addColumn<int>("quantity");
    QTest::addColumn<qint64>("expectedCents");

    // Bought on Jan 21 06:00 of a 31-day month: 10.75 of 31 days left.
    QTest::newRow("$12.50 a line, 3 lines (1300.40)") << qint64(1250) << 3 << qint64(1300);
    QTest::newRow("$9.99 a line, 2 lines (692.81)") << qint64(999) << 2 << qint64(693);
    QTest::newRow("free lines") << qint64(0) << 4 << qint64(0);
}

void TestBilling::priceComesFromCatalogue()
{
    QFETCH(qint64, priceCents);
    QFETCH(int, quantity);
    QFETCH(qint64, expectedCents);

    const QDateTime anchor = utc(2027, 1, 1);
    const QDateTime now = utc(2027, 1, 21, 6);
    TestServer server(now);
    const TestAccount a = server.createAccount(QStringLiteral("Catalogue"), kPlentyOfCredits, 10,
                                               QStringLiteral("growth"), anchor);
    HttpClient http(server.url());
    QCOMPARE(preview(http, a, quantity).object().value(QLatin1String("linePriceCents")).toInteger(),
             kLinePriceCents);

    server.db().exec(QStringLiteral("UPDATE catalogue_item SET price_cents = :p"
                                    " WHERE id = 'concurrency-line'"),
                     {{":p", priceCents}});
    QCOMPARE(prorated(quantity * priceCents, now.msecsTo(utc(2027, 2, 1)), 31 * kDayMs),
             expectedCents);

    QCOMPARE(getSubscription(http, a).value(QLatin1String("linePriceCents")).toInteger(),
             priceCents);
    const HttpResult quote = preview(http, a, quantity);
    QCOMPARE(quote.status, 200);
    QCOMPARE(quote.object().value(QLatin1String("linePriceCents")).toInteger(), priceCents);
    QCOMPARE(quote.object().value(QLatin1String("amountDueNowCents")).toInteger(), expectedCents);
    QCOMPARE(quote.object().value(QLatin1String("monthlyChargeAfterCents")).toInteger(),
             quantity * priceCents);

    const HttpResult b = buy(http, a, quantity, "catalogue-buy");
    QCOMPARE(b.status, 201);
    QCOMPARE(b.object()
                 .value(QLatin1String("change"))
                 .toObject()
                 .value(QLatin1String("amountCents"))
                 .toInteger(),
             expectedCents);
    QCOMPARE(b.object()
                 .value(QLatin1String("subscription"))
                 .toObject()
                 .value(QLatin1String("monthlyChargeCents"))
                 .toInteger(),
             quantity * priceCents);
    QCOMPARE(server.creditsCents(a.subscriptionId), kPlentyOfCredits - expectedCents);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestBilling::refusalChangesNothing_data()
{
    QTest::addColumn<qint64>("credits");
    QTest::addColumn<int>("lineCap");
    QTest::addColumn<int>("bought");  // bought at the start of the period, before the test
    QTest::addColumn<bool>("freeze"); // then let the renewal freeze the subscription
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("key"); // empty: no Idempotency-Key header
    QTest::addColumn<bool>("staleIfMatch");
    QTest::addColumn<QByteArray>("previewBody"); // empty: no preview to compare
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const qint64 plenty = kPlentyOfCredits;
    const QByteArray one = quantityBody(1);
    auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };

    row("frozen subscription cannot buy")
        << qint64(1500) << 1000 << 1 << true << QByteArray("POST") << one << QByteArray("k1")
        << false << one << 409 << QStringLiteral("subscription-frozen");
    row("buy 0 lines") << plenty << 1000 << 0 << false << QByteArray("POST") << quantityBody(0)
                       << QByteArray("k1") << false << quantityBody(0) << 400
                       << QStringLiteral("invalid-quantity");
    row("buy 1001 lines") << plenty << 1000 << 0 << false << QByteArray("POST")
                          << quantityBody(1001) << QByteArray("k1") << false << quantityBody(1001)
                          << 400 << QStringLiteral("invalid-quantity");
    row("buy -1 lines") << plenty << 1000 << 0 << false << QByteArray("POST") << quantityBody(-1)
                        << QByteArray("k1") << false << QByteArray() << 400
                        << QStringLiteral("invalid-quantity");
    row("buy 1.5 lines") << plenty << 1000 << 0 << false << QByteArray("POST")
                         << QByteArray(R"({"quantity":1.5})") << QByteArray("k1") << false
                         << QByteArray(R"({"quantity":1.5})") << 400
                         << QStringLiteral("invalid-quantity");
    row("quantity as a string") << plenty << 1000 << 0 << false << QByteArray("POST")
                                << QByteArray(R"({"quantity":"1"})") << QByteArray("k1") << false
                                << QByteArray(R"({"quantity":"1"})") << 400
                                << QStringLiteral("invalid-quantity");
    row("remove 0 lines") << plenty << 1000 << 2 << false << QByteArray("DELETE") << quantityBody(0)
                          << QByteArray("k1") << false << QByteArray() << 400
                          << QStringLiteral("invalid-quantity");
    row("remove 1001 lines") << plenty << 1000 << 2 << false << QByteArray("DELETE")
                             << quantityBody(1001) << QByteArray("k1") << false
                             << quantityBody(-1001) << 400 << QStringLiteral("invalid-quantity");
    row("buy above the line cap (3 of 5 + 3)")
        << plenty << 5 << 3 << false << QByteArray("POST") << quantityBody(3) << QByteArray("k1")
        << false << quantityBody(3) << 409 << QStringLiteral("line-cap-exceeded");
    row("buy 1 above a cap of 0") << plenty << 0 << 0 << false << QByteArray("POST") << one
                                  << QByteArray("k1") << false << one << 409
                                  << QStringLiteral("line-cap-exceeded");
    row("remove 3 of 2 purchased")
        << plenty << 1000 << 2 << false << QByteArray("DELETE") << quantityBody(3)
        << QByteArray("k1") << false << quantityBody(-3) << 409
        << QStringLiteral("not-enough-purchased-lines");
    row("remove 1 with none purchased (included lines stay)")
        << plenty << 1000 << 0 << false << QByteArray("DELETE") << one << QByteArray("k1") << false
        << quantityBody(-1) << 409 << QStringLiteral("not-enough-purchased-lines");
    row("buy 1 with $9.99 of credits")
        << qint64(999) << 1000 << 0 << false << QByteArray("POST") << one << QByteArray("k1")
        << false << one << 402 << QStringLiteral("insufficient-credits");
    row("buy 3 with one cent too little")
        << qint64(2999) << 1000 << 0 << false << QByteArray("POST") << quantityBody(3)
        << QByteArray("k1") << false << quantityBody(3) << 402
        << QStringLiteral("insufficient-credits");
    row("buy without Idempotency-Key")
        << plenty << 1000 << 0 << false << QByteArray("POST") << one << QByteArray() << false
        << QByteArray() << 400 << QStringLiteral("idempotency-key-required");
    row("remove without Idempotency-Key")
        << plenty << 1000 << 1 << false << QByteArray("DELETE") << one << QByteArray() << false
        << QByteArray() << 400 << QStringLiteral("idempotency-key-required");
    row("buy with a stale If-Match")
        << plenty << 1000 << 1 << false << QByteArray("POST") << one << QByteArray("k1") << true
        << QByteArray() << 412 << QStringLiteral("version-mismatch");
    row("remove with a stale If-Match")
        << plenty << 1000 << 1 << false << QByteArray("DELETE") << one << QByteArray("k1") << true
        << QByteArray() << 412 << QStringLiteral("version-mismatch");
}

void TestBilling::refusalChangesNothing()
{
    QFETCH(qint64, credits);
    QFETCH(int, lineCap);
    QFETCH(int, bought);
    QFETCH(bool, freeze);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, key);
    QFETCH(bool, staleIfMatch);
    QFETCH(QByteArray, previewBody);
    QFETCH(int, status);
    QFETCH(QString, code);

    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Refusals"), credits, 10,
                                               QStringLiteral("growth"), anchor, lineCap);
    HttpClient http(server.url());
    if (bought > 0)
        QCOMPARE(buy(http, a, bought, "setup-buy").status, 201);
    if (freeze) {
        server.clock().set(utc(2027, 2, 1, 0, 0, 1));
        QTRY_COMPARE(dbStatus(server, a.subscriptionId), QStringLiteral("frozen"));
    }

    QList<QPair<QByteArray, QByteArray>> headers;
    if (!key.isEmpty())
        headers.append({"Idempotency-Key", key});
    if (staleIfMatch)
        headers.append(
            {"If-Match", '"' + QByteArray::number(dbVersion(server, a.subscriptionId) - 1) + '"'});

    const QString before = ledgerState(server, a.subscriptionId);
    const HttpResult r =
        http.send(method, linesPath(a.subscriptionId), a.adminToken, body, headers);
    QCOMPARE(r.status, status);
    QCOMPARE(r.object().value(QLatin1String("statusCode")).toInt(), status);
    QCOMPARE(r.object().value(QLatin1String("code")).toString(), code);
    QVERIFY2(r.object().value(QLatin1String("message")).toString().size() > 10, r.body.constData());
    QVERIFY(!r.header("X-Request-Id").isEmpty());
    QCOMPARE(ledgerState(server, a.subscriptionId), before);

    if (!previewBody.isEmpty()) {
        const HttpResult p =
            http.send("POST", linesPath(a.subscriptionId) + QStringLiteral("/preview"),
                      a.adminToken, previewBody);
        if (status == 400) {
            // A request that is malformed is malformed for the quote too.
            QCOMPARE(p.status, 400);
            QCOMPARE(p.object().value(QLatin1String("code")).toString(), code);
        } else {
            QCOMPARE(p.status, 200);
            QCOMPARE(p.object().value(QLatin1String("allowed")).toBool(), false);
            QCOMPARE(p.object().value(QLatin1String("refusalCode")).toString(), code);
            QCOMPARE(p.object().value(QLatin1String("refusalMessage")).toString(),
                     r.object().value(QLatin1String("message")).toString());
        }
        QCOMPARE(ledgerState(server, a.subscriptionId), before);
    }
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestBilling::replayReturnsFirstResponse_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("expectedStatus");

    QTest::newRow("buy replayed") << QByteArray("POST") << 201;
    QTest::newRow("remove replayed") << QByteArray("DELETE") << 200;
}

void TestBilling::replayReturnsFirstResponse()
{
    QFETCH(QByteArray, method);
    QFETCH(int, expectedStatus);

    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Replay"), kPlentyOfCredits);
    HttpClient http(server.url());
    // The set-up purchase on the same day, so that its own idempotency record is not old
    // enough for the purge job (48 hours) while the retries below look at the ledger.
    server.clock().set(utc(2027, 1, 11));
    QCOMPARE(buy(http, a, 5, "setup-buy").status, 201);

    const HttpResult first = changeLines(http, method, a, 2, "replay-key");
    QCOMPARE(first.status, expectedStatus);
    QVERIFY(first.header("Idempotent-Replayed").isEmpty());
    const QString afterFirst = ledgerState(server, a.subscriptionId);

    // A day later a retry would cost something else; it must cost nothing at all.
    server.clock().set(utc(2027, 1, 12));
    for (int attempt = 0; attempt < 3; ++attempt) {
        const HttpResult again = changeLines(http, method, a, 2, "replay-key");
        QCOMPARE(again.status, expectedStatus);
        QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(again.object(), first.object());
        QCOMPARE(again.header("ETag"), first.header("ETag"));
        QCOMPARE(ledgerState(server, a.subscriptionId), afterFirst);
    }
    QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 2);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestBilling::sameKeyForAnotherRequestIsRefused_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("quantity");
    QTest::addColumn<bool>("otherSubscription");

    QTest::newRow("same key, another quantity") << QByteArray("POST") << 2 << false;
    QTest::newRow("same key, remove instead of buy") << QByteArray("DELETE") << 1 << false;
    QTest::newRow("same key, same body, another subscription") << QByteArray("POST") << 1 << true;
}

void TestBilling::sameKeyForAnotherRequestIsRefused()
{
    QFETCH(QByteArray, method);
    QFETCH(int, quantity);
    QFETCH(bool, otherSubscription);

    TestServer server;
    const TestAccount a = server.createAccount(QStringLiteral("Key A"), kPlentyOfCredits);
    TestAccount b = server.createAccount(QStringLiteral("Key B"), kPlentyOfCredits);
    // A's admin administers B too, so only the key can make the request wrong.
    server.accounts().addMembership(b.orgId, server.accounts().userIdByEmail(a.adminEmail),
                                    QStringLiteral("admin"));
    b.adminToken = a.adminToken;
    HttpClient http(server.url());
    QCOMPARE(buy(http, b, 1, "setup-b").status, 201);

    QCOMPARE(buy(http, a, 1, "shared-key").status, 201);
    const QString stateA = ledgerState(server, a.subscriptionId);
    const QString stateB = ledgerState(server, b.subscriptionId);

    const HttpResult r =
        changeLines(http, method, otherSubscription ? b : a, quantity, "shared-key");
    QCOMPARE(r.status, 422);
    QCOMPARE(r.object().value(QLatin1String("code")).toString(),
             QStringLiteral("idempotency-key-reused"));
    QVERIFY(!r.object().value(QLatin1String("message")).toString().isEmpty());
    QCOMPARE(ledgerState(server, a.subscriptionId), stateA);
    QCOMPARE(ledgerState(server, b.subscriptionId), stateB);

    // The first request's replay still works after the refusal.
    const HttpResult replay = buy(http, a, 1, "shared-key");
    QCOMPARE(replay.status, 201);
    QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
    QCOMPARE(ledgerState(server, a.subscriptionId), stateA);
}

void TestBilling::ifMatch_data()
{
    QTest::addColumn<QString>("form"); // %1 is replaced by the version
    QTest::addColumn<int>("versionOffset");
    QTest::addColumn<int>("expectedStatus");

    QTest::newRow("current version") << QStringLiteral("\"%1\"") << 0 << 201;
    // Strong comparison (RFC 9110 §13.1.1): a weak tag never matches, even the current one.
    QTest::newRow("current version, weak ETag") << QStringLiteral("W/\"%1\"") << 0 << 412;
    QTest::newRow("current version in a list")
        << QStringLiteral("\"stale-0\", W/\"x\", \"%1\"") << 0 << 201;
    QTest::newRow("any version (*)") << QStringLiteral("*") << 0 << 201;
    QTest::newRow("stale version") << QStringLiteral("\"%1\"") << -1 << 412;
    QTest::newRow("version from the future") << QStringLiteral("\"%1\"") << 1 << 412;
}

void TestBilling::ifMatch()
{
    QFETCH(QString, form);
    QFETCH(int, versionOffset);
    QFETCH(int, expectedStatus);

    TestServer server;
    const TestAccount a = server.createAccount(QStringLiteral("If-Match"), kPlentyOfCredits);
    HttpClient http(server.url());
    QCOMPARE(buy(http, a, 1, "setup").status, 201);

    const HttpResult get =
        http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken);
    QCOMPARE(get.status, 200);
    const qint64 version = get.object().value(QLatin1String("version")).toInteger();
    QCOMPARE(version, dbVersion(server, a.subscriptionId));
    QCOMPARE(get.header("ETag"), '"' + QByteArray::number(version) + '"');

    const QByteArray ifMatch = form.contains(QLatin1String("%1"))
                                   ? form.arg(version + versionOffset).toLatin1()
                                   : form.toLatin1();
    const QString before = ledgerState(server, a.subscriptionId);
    const HttpResult r = buy(http, a, 2, "if-match", {{"If-Match", ifMatch}});
    QCOMPARE(r.status, expectedStatus);
    if (expectedStatus == 201) {
        QCOMPARE(r.header("ETag"), '"' + QByteArray::number(version + 1) + '"');
        QCOMPARE(r.object()
                     .value(QLatin1String("subscription"))
                     .toObject()
                     .value(QLatin1String("version"))
                     .toInteger(),
                 version + 1);
        QCOMPARE(server.purchasedLines(a.subscriptionId), 3);
    } else {
        QCOMPARE(r.object().value(QLatin1String("code")).toString(),
                 QStringLiteral("version-mismatch"));
        QCOMPARE(ledgerState(server, a.subscriptionId), before);
        // Reloading gives the version that works.
        const QByteArray etag =
            http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken)
                .header("ETag");
        QCOMPARE(buy(http, a, 2, "if-match-retry", {{"If-Match", etag}}).status, 201);
    }
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestBilling::changeIsRecordedCompletely()
{
    const QDateTime anchor = utc(2027, 1, 1);
    const QDateTime buyAt = utc(2027, 1, 16, 12); // half of a 31-day month left
    TestServer server(buyAt);
    const TestAccount a = server.createAccount(QStringLiteral("Records"), 200'00, 10,
                                               QStringLiteral("growth"), anchor);
    const QString adminId = server.accounts().userIdByEmail(a.adminEmail);
    HttpClient http(server.url());

    const qint64 version0 = dbVersion(server, a.subscriptionId);
    const HttpResult b = buy(http, a, 3, "record-buy");
    QCOMPARE(b.status, 201);
    const QString requestId = QString::fromLatin1(b.header("X-Request-Id"));
    QVERIFY(!requestId.isEmpty());
    const QJsonObject change = b.object().value(QLatin1String("change")).toObject();
    const QString changeId = change.value(QLatin1String("id")).toString();
    QCOMPARE(change.value(QLatin1String("kind")).toString(), QStringLiteral("purchase"));
    QCOMPARE(change.value(QLatin1String("quantity")).toInt(), 3);
    QCOMPARE(change.value(QLatin1String("purchasedBefore")).toInt(), 0);
    QCOMPARE(change.value(QLatin1String("purchasedAfter")).toInt(), 3);
    QCOMPARE(change.value(QLatin1String("amountCents")).toInteger(), 1500);
    QCOMPARE(change.value(QLatin1String("idempotencyKey")).toString(),
             QStringLiteral("record-buy"));
    QCOMPARE(change.value(QLatin1String("requestId")).toString(), requestId);
    QCOMPARE(change.value(QLatin1String("actor")).toString(), a.adminEmail);
    QCOMPARE(isoTime(change.value(QLatin1String("at"))), buyAt);
    const QJsonObject sub = b.object().value(QLatin1String("subscription")).toObject();
    QCOMPARE(sub.value(QLatin1String("credits")).toString(), QStringLiteral("185.00"));
    QCOMPARE(sub.value(QLatin1String("concurrencyLimitPurchased")).toInt(), 3);
    QCOMPARE(sub.value(QLatin1String("concurrencyLimit")).toInt(), 13);
    QCOMPARE(sub.value(QLatin1String("version")).toInteger(), version0 + 1);

    // The line change row.
    QSqlQuery lc = server.db().exec(
        QStringLiteral("SELECT at, actor_user_id, actor, kind, quantity, purchased_before,"
                       " purchased_after, amount_cents, idempotency_key, request_id"
                       " FROM line_change WHERE id = :id AND subscription_id = :sub"),
        {{":id", changeId}, {":sub", a.subscriptionId}});
    QVERIFY(lc.next());
    QCOMPARE(lc.value(0).toLongLong(), buyAt.toMSecsSinceEpoch());
    QCOMPARE(lc.value(1).toString(), adminId);
    QCOMPARE(lc.value(2).toString(), a.adminEmail);
    QCOMPARE(lc.value(3).toString(), QStringLiteral("purchase"));
    QCOMPARE(lc.value(4).toInt(), 3);
    QCOMPARE(lc.value(5).toInt(), 0);
    QCOMPARE(lc.value(6).toInt(), 3);
    QCOMPARE(lc.value(7).toLongLong(), 1500);
    QCOMPARE(lc.value(8).toString(), QStringLiteral("record-buy"));
    QCOMPARE(lc.value(9).toString(), requestId);
    QVERIFY(!lc.next()); // ends the read: an open one would pin this connection's snapshot

    // The credit movement, pointing at the line change.
    QSqlQuery cm = server.db().exec(
        QStringLiteral("SELECT at, amount_cents, kind, balance_after_cents FROM credit_movement"
                       " WHERE subscription_id = :sub AND reference = :ref"),
        {{":sub", a.subscriptionId}, {":ref", changeId}});
    QVERIFY(cm.next());
    QCOMPARE(cm.value(0).toLongLong(), buyAt.toMSecsSinceEpoch());
    QCOMPARE(cm.value(1).toLongLong(), -1500);
    QCOMPARE(cm.value(2).toString(), QStringLiteral("line-purchase"));
    QCOMPARE(cm.value(3).toLongLong(), 185'00);
    QVERIFY(!cm.next());

    // The subscription row.
    QCOMPARE(server.creditsCents(a.subscriptionId), 185'00);
    QCOMPARE(server.purchasedLines(a.subscriptionId), 3);
    QCOMPARE(dbVersion(server, a.subscriptionId), version0 + 1);

    // The audit entry: who, when, before, after, why, from which request.
    QSqlQuery au = server.db().exec(
        QStringLiteral("SELECT at, actor_user_id, actor, before_json, after_json, reason"
                       " FROM audit_entry WHERE subscription_id = :sub AND request_id = :rid"
                       " AND action = 'lines.purchase'"),
        {{":sub", a.subscriptionId}, {":rid", requestId}});
    QVERIFY(au.next());
    QCOMPARE(au.value(0).toLongLong(), buyAt.toMSecsSinceEpoch());
    QCOMPARE(au.value(1).toString(), adminId);
    QCOMPARE(au.value(2).toString(), a.adminEmail);
    const QJsonObject before = QJsonDocument::fromJson(au.value(3).toByteArray()).object();
    const QJsonObject after = QJsonDocument::fromJson(au.value(4).toByteArray()).object();
    QCOMPARE(before.value(QLatin1String("creditsCents")).toInteger(), 200'00);
    QCOMPARE(before.value(QLatin1String("concurrencyLimitPurchased")).toInt(), 0);
    QCOMPARE(before.value(QLatin1String("concurrencyLimit")).toInt(), 10);
    QCOMPARE(before.value(QLatin1String("version")).toInteger(), version0);
    QCOMPARE(before.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    QCOMPARE(after.value(QLatin1String("creditsCents")).toInteger(), 185'00);
    QCOMPARE(after.value(QLatin1String("concurrencyLimitPurchased")).toInt(), 3);
    QCOMPARE(after.value(QLatin1String("concurrencyLimit")).toInt(), 13);
    QCOMPARE(after.value(QLatin1String("version")).toInteger(), version0 + 1);
    QVERIFY(au.value(5).toString().contains(QLatin1String("15.00")));
    QVERIFY(!au.next());

    // The same entry through the API, newest first.
    const HttpResult audit = http.get(
        QStringLiteral("/subscription/%1/audit?limit=1").arg(a.subscriptionId), a.adminToken);
    QCOMPARE(audit.status, 200);
    const QJsonObject newest =
        audit.object().value(QLatin1String("results")).toArray().at(0).toObject();
    QCOMPARE(newest.value(QLatin1String("action")).toString(), QStringLiteral("lines.purchase"));
    QCOMPARE(newest.value(QLatin1String("requestId")).toString(), requestId);
    QCOMPARE(newest.value(QLatin1String("before")).toObject(), before);
    QCOMPARE(newest.value(QLatin1String("after")).toObject(), after);

    // A removal with the client's own X-Request-Id: a refund movement and a lines.remove entry.
    const QDateTime removeAt = utc(2027, 1, 21); // 11 of 31 days left: 1000 × 11 / 31 = 354.84
    server.clock().set(removeAt);
    const HttpResult r =
        removeLines(http, a, 1, "record-remove", {{"X-Request-Id", "client-req-42"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Request-Id"), QByteArray("client-req-42"));
    const QJsonObject removal = r.object().value(QLatin1String("change")).toObject();
    QCOMPARE(removal.value(QLatin1String("requestId")).toString(), QStringLiteral("client-req-42"));
    QCOMPARE(removal.value(QLatin1String("amountCents")).toInteger(), -355);
    QSqlQuery refund = server.db().exec(
        QStringLiteral("SELECT amount_cents, kind, balance_after_cents FROM credit_movement"
                       " WHERE reference = :ref"),
        {{":ref", removal.value(QLatin1String("id")).toString()}});
    QVERIFY(refund.next());
    QCOMPARE(refund.value(0).toLongLong(), 355);
    QCOMPARE(refund.value(1).toString(), QStringLiteral("line-refund"));
    QCOMPARE(refund.value(2).toLongLong(), 185'00 + 355);
    QVERIFY(!refund.next());
    QSqlQuery removeAudit = server.db().exec(QStringLiteral(
        "SELECT action, after_json FROM audit_entry WHERE request_id = 'client-req-42'"));
    QVERIFY(removeAudit.next());
    QCOMPARE(removeAudit.value(0).toString(), QStringLiteral("lines.remove"));
    QCOMPARE(QJsonDocument::fromJson(removeAudit.value(1).toByteArray())
                 .object()
                 .value(QLatin1String("concurrencyLimitPurchased"))
                 .toInt(),
             2);
    QVERIFY(!removeAudit.next()); // also ends the read, so later reads see later writes
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestBilling::failedChangeWritesNothing()
{
    TestServer server(utc(2027, 1, 11));
    const TestAccount a = server.createAccount(QStringLiteral("All or nothing"), kPlentyOfCredits,
                                               10, QStringLiteral("growth"), utc(2027, 1, 1));
    HttpClient http(server.url());
    // The last write of a purchase, the audit entry, fails: everything before it must go too.
    if (server.isPostgres()) {
        server.db().exec(QStringLiteral(
            "CREATE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN"
            " RAISE EXCEPTION 'injected failure'; END $f$"));
        server.db().exec(QStringLiteral("CREATE TRIGGER test_fail_audit BEFORE INSERT ON"
                                        " audit_entry FOR EACH ROW WHEN (NEW.action ="
                                        " 'lines.purchase') EXECUTE FUNCTION test_fail_audit()"));
    } else {
        server.db().exec(QStringLiteral("CREATE TRIGGER test_fail_audit BEFORE INSERT ON"
                                        " audit_entry WHEN NEW.action = 'lines.purchase'"
                                        " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"));
    }
    const QString before = ledgerState(server, a.subscriptionId);
    const HttpResult failed = buy(http, a, 2, "atomic-buy");
    QCOMPARE(failed.status, 500);
    QCOMPARE(failed.object().value(QLatin1String("code")).toString(),
             QStringLiteral("internal-error"));
    QCOMPARE(ledgerState(server, a.subscriptionId), before);

    // Nothing was kept for the key either: the retry is a new attempt and is charged once.
    server.db().exec(server.isPostgres()
                         ? QStringLiteral("DROP TRIGGER test_fail_audit ON audit_entry")
                         : QStringLiteral("DROP TRIGGER test_fail_audit"));
    const HttpResult retry = buy(http, a, 2, "atomic-buy");
    QCOMPARE(retry.status, 201);
    QVERIFY(retry.header("Idempotent-Replayed").isEmpty());
    // 21 of 31 days left: 2000 × 21 / 31 = 1354.84
    QCOMPARE(server.creditsCents(a.subscriptionId), kPlentyOfCredits - 1355);
    QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

// What runs after the commit (the live feed, NOTIFY) cannot turn a committed change into an
// error. The service's own wiring can only fail there if the database fails between the
// commit and the next read, which a test cannot time; so this drives Billing itself on the
// test's database with a notification that throws, as the live feed's read would.
void TestBilling::committedChangeSurvivesAFailingNotification()
{
    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("After Commit"), 100'00);
    // Its own clock: the service's (still at the anchor) renews nothing meanwhile.
    server::ManualClock clock(anchor.addDays(10));
    server::Billing billing(server.db(), clock);
    QStringList notified;
    billing.onLinesChanged = [&notified](const QString &id) {
        notified << id;
        throw server::DatabaseException(QStringLiteral("the live feed's read failed"));
    };
    server::Caller caller;
    caller.userId = server.accounts().userIdByEmail(a.adminEmail);
    caller.email = a.adminEmail;
    caller.requestId = QStringLiteral("req-after-commit");

    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("telling the live feed failed")));
    const server::Billing::ChangeResult r = billing.changeLines(
        caller, a.subscriptionId, 2, QStringLiteral("after-commit"), server::IfMatch{}, "hash");
    QCOMPARE(r.status, 201);
    QVERIFY(!r.replayed);
    QCOMPARE(notified, QStringList{a.subscriptionId});
    QCOMPARE(r.body.value(QLatin1String("change")).toObject().value(QLatin1String("quantity")),
             QJsonValue(2));
    QCOMPARE(r.body.value(QLatin1String("subscription"))
                 .toObject()
                 .value(QLatin1String("concurrencyLimitPurchased")),
             QJsonValue(2));
    QCOMPARE(server.purchasedLines(a.subscriptionId), 2);
    QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
    // Its idempotency record was committed with it: a retry is a replay.
    const server::Billing::ChangeResult replay = billing.changeLines(
        caller, a.subscriptionId, 2, QStringLiteral("after-commit"), server::IfMatch{}, "hash");
    QVERIFY(replay.replayed);
    QCOMPARE(replay.body, r.body);
    QCOMPARE(notified.size(), 1);

    // A renewal that freezes the subscription (not enough credits) notifies too, and stands.
    clock.set(anchor.addMonths(12));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("telling the live feed failed")));
    QVERIFY(billing.renewIfDue(a.subscriptionId) > 0);
    QCOMPARE(notified.size(), 2);
    QCOMPARE(dbStatus(server, a.subscriptionId), QStringLiteral("frozen"));
    QCOMPARE(server.purchasedLines(a.subscriptionId), 0);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestBilling::historyIsPagedNewestFirst_data()
{
    QTest::addColumn<QString>("list");
    QTest::addColumn<int>("limit");

    for (const QString &list : {QStringLiteral("concurrency/changes"), QStringLiteral("audit")}) {
        for (int limit : {1, 2, 3, 4, 10, 11, 100})
            QTest::addRow("%s, %d per page", qPrintable(list), limit) << list << limit;
    }
}

void TestBilling::historyIsPagedNewestFirst()
{
    QFETCH(QString, list);
    QFETCH(int, limit);
    const bool audit = list == QLatin1String("audit");

    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("History"), kPlentyOfCredits);
    HttpClient http(server.url());

    // What each list should show, oldest first: line change ids, or the audit entries'
    // request ids (the account's creation has none). Changes 3 and 4 are made in one
    // millisecond, and so are the last three: they are listed in the order they were made.
    QStringList expectedOldestFirst;
    if (audit)
        expectedOldestFirst << QStringLiteral("subscription.create");
    const QList<int> steps{1, 2, -1, 3, -2, 1, 1, 1, 1, 1};
    const QList<int> hourOf{1, 2, 3, 4, 4, 5, 6, 7, 7, 7};
    for (int i = 0; i < steps.size(); ++i) {
        server.clock().set(anchor.addSecs(3600 * hourOf.at(i)).addMSecs(123));
        const int q = steps.at(i);
        const HttpResult r = q > 0 ? buy(http, a, q, "history-" + QByteArray::number(i))
                                   : removeLines(http, a, -q, "history-" + QByteArray::number(i));
        QVERIFY2(r.status == 201 || r.status == 200, r.body.constData());
        const QString key = audit ? QString::fromLatin1(r.header("X-Request-Id"))
                                  : r.object()
                                        .value(QLatin1String("change"))
                                        .toObject()
                                        .value(QLatin1String("id"))
                                        .toString();
        expectedOldestFirst << key;
    }
    const int total = int(expectedOldestFirst.size());
    QCOMPARE(total, audit ? 11 : 10);

    QStringList seen;
    QList<QDateTime> times;
    QString cursor;
    int pages = 0;
    do {
        QString path =
            QStringLiteral("/subscription/%1/%2?limit=%3").arg(a.subscriptionId, list).arg(limit);
        if (!cursor.isEmpty())
            path += QStringLiteral("&cursor=") + cursor;
        const HttpResult page = http.get(path, a.adminToken);
        QCOMPARE(page.status, 200);
        const QJsonArray results = page.object().value(QLatin1String("results")).toArray();
        ++pages;
        QVERIFY(pages <= total); // no endless paging
        const QJsonValue next = page.object().value(QLatin1String("nextCursor"));
        QVERIFY(next.isNull() || next.isString());
        cursor = next.toString();
        // Every page but the last is full; the last is never empty.
        QCOMPARE(int(results.size()), cursor.isEmpty() ? total - limit * (pages - 1) : limit);
        for (const QJsonValue &v : results) {
            const QJsonObject o = v.toObject();
            times << isoTime(o.value(QLatin1String("at")));
            if (audit)
                seen << (o.value(QLatin1String("requestId")).isNull()
                             ? o.value(QLatin1String("action")).toString()
                             : o.value(QLatin1String("requestId")).toString());
            else
                seen << o.value(QLatin1String("id")).toString();
        }
    } while (!cursor.isEmpty());

    QCOMPARE(pages, (total + limit - 1) / limit);
    QCOMPARE(int(QSet<QString>(seen.begin(), seen.end()).size()), total); // no duplicates
    for (int i = 1; i < times.size(); ++i)
        QVERIFY2(times.at(i - 1) >= times.at(i), "not newest first");
    // Newest first, exactly the reverse of the order they were made, within one millisecond
    // too, and across page boundaries that fall between entries of one millisecond.
    QCOMPARE(seen, QStringList(expectedOldestFirst.rbegin(), expectedOldestFirst.rend()));
}

void TestBilling::badPagingIsRefused_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("code");

    QTest::newRow("limit 0") << QStringLiteral("limit=0") << QStringLiteral("invalid-limit");
    QTest::newRow("limit 1001") << QStringLiteral("limit=1001") << QStringLiteral("invalid-limit");
    QTest::newRow("limit not a number")
        << QStringLiteral("limit=ten") << QStringLiteral("invalid-limit");
    QTest::newRow("cursor not base64")
        << QStringLiteral("cursor=%25%25%25") << QStringLiteral("invalid-cursor");
    const auto cursor = [](const QByteArray &json) {
        return QStringLiteral("cursor=") +
               QString::fromLatin1(
                   json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    QTest::newRow("cursor of another shape") << cursor("[1]") << QStringLiteral("invalid-cursor");
    // Before schema version 6 a cursor ended in the row's id.
    QTest::newRow("cursor of the old (at, id) form")
        << cursor(R"([1773144000000,"0b5e3c1a-3f0e-4c1e-9a51-0d2a8d6f7e11"])")
        << QStringLiteral("invalid-cursor");
    QTest::newRow("cursor with a fraction")
        << cursor("[1773144000000,1.5]") << QStringLiteral("invalid-cursor");
    QTest::newRow("cursor of three numbers")
        << cursor("[1773144000000,1,2]") << QStringLiteral("invalid-cursor");
}

void TestBilling::badPagingIsRefused()
{
    QFETCH(QString, query);
    QFETCH(QString, code);

    TestServer server;
    const TestAccount a = server.createAccount(QStringLiteral("Paging"), kPlentyOfCredits);
    HttpClient http(server.url());
    for (const QString &list : {QStringLiteral("concurrency/changes"), QStringLiteral("audit")}) {
        const HttpResult r =
            http.get(QStringLiteral("/subscription/%1/%2?%3").arg(a.subscriptionId, list, query),
                     a.adminToken);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.object().value(QLatin1String("code")).toString(), code);
    }
}

QTEST_GUILESS_MAIN(TestBilling)
#include "tst_billing.moc"
