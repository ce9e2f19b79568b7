#include "testserver.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>

using namespace linedesk;
using namespace linedesk::test;

// Renewal of purchased lines at the end of each monthly period, by the service's own job
// (every 50 ms in tests) with the clock moved by the test: the charge, the freeze when the
// credits fall short, period ends that follow the anchor's day, and catching up on periods
// that ended while the clock jumped or the service was down.

namespace {

constexpr qint64 kLinePriceCents = 1000;

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

QDateTime isoTime(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

QByteArray quantityBody(int n)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("quantity"), n}})
        .toJson(QJsonDocument::Compact);
}

QString linesPath(const TestAccount &a)
{
    return QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId);
}

HttpResult buy(HttpClient &http, const TestAccount &a, int quantity, const QByteArray &key)
{
    return http.send("POST", linesPath(a), a.adminToken, quantityBody(quantity),
                     {{"Idempotency-Key", key}});
}

HttpResult preview(HttpClient &http, const TestAccount &a, int quantity)
{
    return http.send("POST", linesPath(a) + QStringLiteral("/preview"), a.adminToken,
                     quantityBody(quantity));
}

// One column of the subscription row, read straight from the database: reading it this way
// renews nothing, so whatever changed was changed by the service's job.
QVariant column(TestServer &server, const TestAccount &a, const char *name)
{
    QSqlQuery q = server.db().exec(
        QStringLiteral("SELECT %1 FROM subscription WHERE id = :id").arg(QLatin1String(name)),
        {{":id", a.subscriptionId}});
    return q.next() ? q.value(0) : QVariant();
}

qint64 periodStartMs(TestServer &server, const TestAccount &a)
{
    return column(server, a, "period_start").toLongLong();
}

qint64 periodEndMs(TestServer &server, const TestAccount &a)
{
    return column(server, a, "period_end").toLongLong();
}

QString status(TestServer &server, const TestAccount &a)
{
    return column(server, a, "status").toString();
}

qint64 version(TestServer &server, const TestAccount &a)
{
    return column(server, a, "version").toLongLong();
}

struct Movement
{
    qint64 at;
    qint64 amount;
    qint64 balanceAfter;
};

QList<Movement> renewalMovements(TestServer &server, const TestAccount &a)
{
    QSqlQuery q = server.db().exec(
        QStringLiteral("SELECT at, amount_cents, balance_after_cents FROM credit_movement"
                       " WHERE subscription_id = :id AND kind = 'renewal' ORDER BY at"),
        {{":id", a.subscriptionId}});
    QList<Movement> list;
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()});
    return list;
}

struct Audit
{
    qint64 at;
    QString actor;
    QString action;
    QJsonObject before;
    QJsonObject after;
    QString reason;
    bool hasRequestId;
};

QList<Audit> renewalAudits(TestServer &server, const TestAccount &a)
{
    QSqlQuery q = server.db().exec(
        QStringLiteral("SELECT at, actor, action, before_json, after_json, reason,"
                       " request_id IS NOT NULL FROM audit_entry WHERE subscription_id = :id"
                       " AND action LIKE 'renewal.%' ORDER BY at"),
        {{":id", a.subscriptionId}});
    QList<Audit> list;
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                     QJsonDocument::fromJson(q.value(3).toByteArray()).object(),
                     QJsonDocument::fromJson(q.value(4).toByteArray()).object(),
                     q.value(5).toString(), q.value(6).toBool()});
    return list;
}

} // namespace

class TestRenewal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void renewalChargesPurchasedLines_data();
    void renewalChargesPurchasedLines();
    void renewalWaitsForPeriodEnd();
    void renewalFreezesWhenCreditsFallShort_data();
    void renewalFreezesWhenCreditsFallShort();
    void renewalFollowsCataloguePrice();
    void periodEndsFollowTheAnchor_data();
    void periodEndsFollowTheAnchor();
    void catchUpOverSeveralPeriods();
    void catchUpFreezesWhenCreditsRunOut();
    void catchUpAtStartup();
};

void TestRenewal::renewalChargesPurchasedLines_data()
{
    QTest::addColumn<int>("lines");
    QTest::addColumn<qint64>("credits");
    QTest::addColumn<qint64>("creditsAfterRenewal");

    // Bought at the start of a 31-day January (full price), renewed on February 1.
    QTest::newRow("3 lines: $30.00 renewed") << 3 << qint64(100'00) << qint64(40'00);
    QTest::newRow("credits exactly cover the renewal") << 2 << qint64(40'00) << qint64(0);
    QTest::newRow("1000 lines: $10,000.00 renewed")
        << 1000 << qint64(25'000'00) << qint64(5'000'00);
    QTest::newRow("no purchased lines: nothing to charge") << 0 << qint64(10'00) << qint64(10'00);
}

void TestRenewal::renewalChargesPurchasedLines()
{
    QFETCH(int, lines);
    QFETCH(qint64, credits);
    QFETCH(qint64, creditsAfterRenewal);

    const QDateTime anchor = utc(2027, 1, 1);
    const QDateTime end = utc(2027, 2, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Renewal"), credits);
    HttpClient http(server.url());
    if (lines > 0)
        QCOMPARE(buy(http, a, lines, "renewal-buy").status, 201);
    const qint64 versionBefore = version(server, a);
    const qint64 creditsBefore = server.creditsCents(a.subscriptionId);
    const int lineChangesBefore = server.countRows(QStringLiteral("line_change"), a.subscriptionId);

    server.clock().set(end);
    QTRY_COMPARE_WITH_TIMEOUT(periodStartMs(server, a), end.toMSecsSinceEpoch(), 30000);
    QCOMPARE(periodEndMs(server, a), utc(2027, 3, 1).toMSecsSinceEpoch());
    QCOMPARE(server.creditsCents(a.subscriptionId), creditsAfterRenewal);
    QCOMPARE(server.purchasedLines(a.subscriptionId), lines);
    QCOMPARE(status(server, a), QStringLiteral("active"));
    QCOMPARE(version(server, a), versionBefore + 1);
    QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), lineChangesBefore);

    const QList<Movement> movements = renewalMovements(server, a);
    const QList<Audit> audits = renewalAudits(server, a);
    if (lines == 0) {
        QVERIFY(movements.isEmpty());
        QVERIFY(audits.isEmpty());
    } else {
        QCOMPARE(movements.size(), 1);
        QCOMPARE(movements.at(0).at, end.toMSecsSinceEpoch());
        QCOMPARE(movements.at(0).amount, -lines * kLinePriceCents);
        QCOMPARE(movements.at(0).balanceAfter, creditsAfterRenewal);
        QCOMPARE(audits.size(), 1);
        const Audit &audit = audits.at(0);
        QCOMPARE(audit.action, QStringLiteral("renewal.charge"));
        QCOMPARE(audit.at, end.toMSecsSinceEpoch());
        QCOMPARE(audit.actor, QStringLiteral("system"));
        QVERIFY(!audit.hasRequestId);
        QVERIFY(!audit.reason.isEmpty());
        QCOMPARE(audit.before.value(QLatin1String("creditsCents")).toInteger(), creditsBefore);
        QCOMPARE(audit.after.value(QLatin1String("creditsCents")).toInteger(), creditsAfterRenewal);
        QCOMPARE(audit.before.value(QLatin1String("concurrencyLimitPurchased")).toInt(), lines);
        QCOMPARE(audit.after.value(QLatin1String("concurrencyLimitPurchased")).toInt(), lines);
        QCOMPARE(audit.before.value(QLatin1String("version")).toInteger(), versionBefore);
        QCOMPARE(audit.after.value(QLatin1String("version")).toInteger(), versionBefore + 1);
        QCOMPARE(audit.after.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    }

    const HttpResult get =
        http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken);
    QCOMPARE(isoTime(get.object().value(QLatin1String("currentPeriodStart"))), end);
    QCOMPARE(isoTime(get.object().value(QLatin1String("currentPeriodEnd"))), utc(2027, 3, 1));
    QCOMPARE(get.object().value(QLatin1String("concurrencyLimit")).toInt(), 10 + lines);
    QCOMPARE(get.header("ETag"), '"' + QByteArray::number(versionBefore + 1) + '"');
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestRenewal::renewalWaitsForPeriodEnd()
{
    const QDateTime anchor = utc(2027, 1, 1);
    const QDateTime end = utc(2027, 2, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Boundary"), 100'00);
    HttpClient http(server.url());
    QCOMPARE(buy(http, a, 2, "boundary-buy").status, 201);
    QCOMPARE(server.creditsCents(a.subscriptionId), 80'00);

    // One millisecond before the end nothing renews; reads and quotes renew a due period
    // themselves, so asking now is a deterministic check that none is due.
    server.clock().set(end.addMSecs(-1));
    const HttpResult get =
        http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken);
    QCOMPARE(isoTime(get.object().value(QLatin1String("currentPeriodEnd"))), end);
    const HttpResult late = preview(http, a, 1);
    QCOMPARE(isoTime(late.object().value(QLatin1String("periodEnd"))), end);
    QCOMPARE(late.object().value(QLatin1String("amountDueNowCents")).toInteger(), 0);
    QCOMPARE(server.creditsCents(a.subscriptionId), 80'00);
    QCOMPARE(periodEndMs(server, a), end.toMSecsSinceEpoch());
    QVERIFY(renewalMovements(server, a).isEmpty());

    // At the end instant the period renews first; a purchase at that instant then pays the
    // whole next period (February 2027: 28 days, so exactly $10.00 a line).
    server.clock().set(end);
    const HttpResult b = buy(http, a, 1, "boundary-buy-2");
    QCOMPARE(b.status, 201);
    const QJsonObject change = b.object().value(QLatin1String("change")).toObject();
    QCOMPARE(change.value(QLatin1String("purchasedBefore")).toInt(), 2);
    QCOMPARE(change.value(QLatin1String("amountCents")).toInteger(), kLinePriceCents);
    QCOMPARE(isoTime(b.object()
                         .value(QLatin1String("subscription"))
                         .toObject()
                         .value(QLatin1String("currentPeriodEnd"))),
             utc(2027, 3, 1));
    QCOMPARE(server.creditsCents(a.subscriptionId), 80'00 - 2 * kLinePriceCents - kLinePriceCents);
    const QList<Movement> movements = renewalMovements(server, a);
    QCOMPARE(movements.size(), 1);
    QCOMPARE(movements.at(0).amount, -2 * kLinePriceCents);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestRenewal::renewalFreezesWhenCreditsFallShort_data()
{
    QTest::addColumn<int>("lines");
    QTest::addColumn<qint64>("credits");

    QTest::newRow("one cent short of 3 lines") << 3 << qint64(30'00 + 29'99);
    QTest::newRow("nothing left for 1 line") << 1 << qint64(10'00);
    QTest::newRow("$0.01 left for 50 lines") << 50 << qint64(500'01);
}

void TestRenewal::renewalFreezesWhenCreditsFallShort()
{
    QFETCH(int, lines);
    QFETCH(qint64, credits);

    const QDateTime anchor = utc(2027, 1, 1);
    const QDateTime end = utc(2027, 2, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Freeze"), credits);
    HttpClient http(server.url());
    QCOMPARE(buy(http, a, lines, "freeze-buy").status, 201);
    const qint64 left = credits - lines * kLinePriceCents;
    QVERIFY(left < lines * kLinePriceCents);
    QCOMPARE(server.creditsCents(a.subscriptionId), left);
    const qint64 versionBefore = version(server, a);

    server.clock().set(end.addSecs(30));
    QTRY_COMPARE_WITH_TIMEOUT(status(server, a), QStringLiteral("frozen"), 30000);
    QCOMPARE(server.purchasedLines(a.subscriptionId), 0);
    QCOMPARE(server.creditsCents(a.subscriptionId), left); // nothing taken
    QCOMPARE(periodStartMs(server, a), end.toMSecsSinceEpoch());
    QCOMPARE(version(server, a), versionBefore + 1);
    QVERIFY(renewalMovements(server, a).isEmpty());

    // The drop is a line change of its own, made by the system at the period's end.
    QSqlQuery drop = server.db().exec(
        QStringLiteral("SELECT at, actor, quantity, purchased_before, purchased_after, amount_cents"
                       " FROM line_change WHERE subscription_id = :id AND kind = 'renewal-drop'"),
        {{":id", a.subscriptionId}});
    QVERIFY(drop.next());
    QCOMPARE(drop.value(0).toLongLong(), end.toMSecsSinceEpoch());
    QCOMPARE(drop.value(1).toString(), QStringLiteral("system"));
    QCOMPARE(drop.value(2).toInt(), -lines);
    QCOMPARE(drop.value(3).toInt(), lines);
    QCOMPARE(drop.value(4).toInt(), 0);
    QCOMPARE(drop.value(5).toLongLong(), 0);
    QVERIFY(!drop.next());

    const QList<Audit> audits = renewalAudits(server, a);
    QCOMPARE(audits.size(), 1);
    QCOMPARE(audits.at(0).action, QStringLiteral("renewal.freeze"));
    QCOMPARE(audits.at(0).at, end.toMSecsSinceEpoch());
    QCOMPARE(audits.at(0).actor, QStringLiteral("system"));
    QVERIFY(!audits.at(0).reason.isEmpty());
    QCOMPARE(audits.at(0).before.value(QLatin1String("status")).toString(),
             QStringLiteral("active"));
    QCOMPARE(audits.at(0).before.value(QLatin1String("concurrencyLimitPurchased")).toInt(), lines);
    QCOMPARE(audits.at(0).after.value(QLatin1String("status")).toString(),
             QStringLiteral("frozen"));
    QCOMPARE(audits.at(0).after.value(QLatin1String("concurrencyLimitPurchased")).toInt(), 0);
    QCOMPARE(audits.at(0).after.value(QLatin1String("concurrencyLimit")).toInt(), 10);
    QCOMPARE(audits.at(0).after.value(QLatin1String("creditsCents")).toInteger(), left);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());

    // The history shows the drop first.
    const HttpResult changes = http.get(
        QStringLiteral("/subscription/%1/concurrency/changes?limit=1").arg(a.subscriptionId),
        a.viewerToken);
    const QJsonObject newest =
        changes.object().value(QLatin1String("results")).toArray().at(0).toObject();
    QCOMPARE(newest.value(QLatin1String("kind")).toString(), QStringLiteral("renewal-drop"));
    QCOMPARE(newest.value(QLatin1String("quantity")).toInt(), -lines);

    // Frozen: the limit is back to the included lines, and buying is refused until credits
    // are added.
    const HttpResult get =
        http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken);
    QCOMPARE(get.object().value(QLatin1String("status")).toString(), QStringLiteral("frozen"));
    QCOMPARE(get.object().value(QLatin1String("concurrencyLimit")).toInt(), 10);
    const HttpResult quote = preview(http, a, 1);
    QCOMPARE(quote.object().value(QLatin1String("allowed")).toBool(), false);
    QCOMPARE(quote.object().value(QLatin1String("refusalCode")).toString(),
             QStringLiteral("subscription-frozen"));
    const int lineChanges = server.countRows(QStringLiteral("line_change"), a.subscriptionId);
    const HttpResult refused = buy(http, a, 1, "freeze-buy-2");
    QCOMPARE(refused.status, 409);
    QCOMPARE(refused.object().value(QLatin1String("code")).toString(),
             QStringLiteral("subscription-frozen"));
    QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), lineChanges);
    QCOMPARE(server.creditsCents(a.subscriptionId), left);

    server.accounts().addCredits(a.subscriptionId, 100'00, QStringLiteral("test"),
                                 QStringLiteral("top-up after freeze"), server.clock().now());
    QCOMPARE(status(server, a), QStringLiteral("active"));
    QCOMPARE(buy(http, a, 1, "freeze-buy-3").status, 201);
    QCOMPARE(server.purchasedLines(a.subscriptionId), 1);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestRenewal::renewalFollowsCataloguePrice()
{
    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Price"), 100'00);
    HttpClient http(server.url());
    QCOMPARE(buy(http, a, 3, "price-buy").status, 201);
    QCOMPARE(server.creditsCents(a.subscriptionId), 70'00);

    server.db().exec(QStringLiteral("UPDATE catalogue_item SET price_cents = 1250"
                                    " WHERE id = 'concurrency-line'"));
    server.clock().set(utc(2027, 2, 1));
    QTRY_COMPARE_WITH_TIMEOUT(renewalMovements(server, a).size(), 1, 30000);
    QCOMPARE(renewalMovements(server, a).at(0).amount, -3 * 1250);
    QCOMPARE(server.creditsCents(a.subscriptionId), 70'00 - 37'50);
    const HttpResult get =
        http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken);
    QCOMPARE(get.object().value(QLatin1String("monthlyChargeCents")).toInteger(), 37'50);
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestRenewal::periodEndsFollowTheAnchor_data()
{
    QTest::addColumn<QDateTime>("anchor");
    QTest::addColumn<QList<QDateTime>>("ends");

    QTest::newRow("Jan 31 2027: Feb 28, then back to the 31st")
        << utc(2027, 1, 31)
        << QList<QDateTime>{utc(2027, 2, 28), utc(2027, 3, 31), utc(2027, 4, 30), utc(2027, 5, 31)};
    QTest::newRow("Jan 31 2028 (leap year): Feb 29, Mar 31")
        << utc(2028, 1, 31)
        << QList<QDateTime>{utc(2028, 2, 29), utc(2028, 3, 31), utc(2028, 4, 30)};
    QTest::newRow("Jan 30 2027: Feb 28, Mar 30")
        << utc(2027, 1, 30) << QList<QDateTime>{utc(2027, 2, 28), utc(2027, 3, 30)};
    QTest::newRow("Jan 29 2028 (leap year): Feb 29, Mar 29")
        << utc(2028, 1, 29) << QList<QDateTime>{utc(2028, 2, 29), utc(2028, 3, 29)};
    QTest::newRow("Aug 31 2027 across the year end")
        << utc(2027, 8, 31)
        << QList<QDateTime>{utc(2027, 9, 30),  utc(2027, 10, 31), utc(2027, 11, 30),
                            utc(2027, 12, 31), utc(2028, 1, 31),  utc(2028, 2, 29)};
    QTest::newRow("Dec 15 2027 10:30: the time of day is kept")
        << utc(2027, 12, 15, 10, 30)
        << QList<QDateTime>{utc(2028, 1, 15, 10, 30), utc(2028, 2, 15, 10, 30)};
}

void TestRenewal::periodEndsFollowTheAnchor()
{
    QFETCH(QDateTime, anchor);
    QFETCH(QList<QDateTime>, ends);

    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Anchor"), 1000'00);
    HttpClient http(server.url());
    QCOMPARE(buy(http, a, 1, "anchor-buy").status, 201);
    QCOMPARE(periodEndMs(server, a), ends.first().toMSecsSinceEpoch());

    // Move to each end in turn; the job renews at each one and opens the next period.
    for (qsizetype i = 0; i + 1 < ends.size(); ++i) {
        server.clock().set(ends.at(i));
        QTRY_COMPARE_WITH_TIMEOUT(periodStartMs(server, a), ends.at(i).toMSecsSinceEpoch(), 30000);
        QCOMPARE(periodEndMs(server, a), ends.at(i + 1).toMSecsSinceEpoch());
    }
    const QList<Movement> movements = renewalMovements(server, a);
    QCOMPARE(movements.size(), ends.size() - 1);
    for (qsizetype i = 0; i < movements.size(); ++i) {
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(movements.at(i).at, Qt::UTC), ends.at(i));
        QCOMPARE(movements.at(i).amount, -kLinePriceCents);
    }
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestRenewal::catchUpOverSeveralPeriods()
{
    const QDateTime anchor = utc(2028, 1, 31);
    const QList<QDateTime> ends{utc(2028, 2, 29), utc(2028, 3, 31), utc(2028, 4, 30)};
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Catch-up"), 100'00);
    HttpClient http(server.url());
    QCOMPARE(buy(http, a, 2, "catch-up-buy").status, 201);
    QCOMPARE(server.creditsCents(a.subscriptionId), 80'00);
    const qint64 versionBefore = version(server, a);

    // The clock jumps three period ends at once.
    server.clock().set(utc(2028, 5, 15, 9));
    QTRY_COMPARE_WITH_TIMEOUT(periodStartMs(server, a), ends.last().toMSecsSinceEpoch(), 30000);
    QCOMPARE(periodEndMs(server, a), utc(2028, 5, 31).toMSecsSinceEpoch());
    QCOMPARE(column(server, a, "period_index").toInt(), 3);
    QCOMPARE(server.creditsCents(a.subscriptionId), 80'00 - 3 * 20'00);
    QCOMPARE(server.purchasedLines(a.subscriptionId), 2);
    QCOMPARE(status(server, a), QStringLiteral("active"));
    QCOMPARE(version(server, a), versionBefore + 3);

    // One renewal per period, each at its own end, applied in order.
    const QList<Movement> movements = renewalMovements(server, a);
    QCOMPARE(movements.size(), 3);
    const QList<Audit> audits = renewalAudits(server, a);
    QCOMPARE(audits.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(movements.at(i).at, Qt::UTC), ends.at(i));
        QCOMPARE(movements.at(i).amount, -20'00);
        QCOMPARE(movements.at(i).balanceAfter, 80'00 - (i + 1) * 20'00);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(audits.at(i).at, Qt::UTC), ends.at(i));
        QCOMPARE(audits.at(i).action, QStringLiteral("renewal.charge"));
        QCOMPARE(audits.at(i).before.value(QLatin1String("creditsCents")).toInteger(),
                 80'00 - i * 20'00);
        QCOMPARE(audits.at(i).before.value(QLatin1String("version")).toInteger(),
                 versionBefore + i);
        QCOMPARE(audits.at(i).after.value(QLatin1String("version")).toInteger(),
                 versionBefore + i + 1);
    }

    const HttpResult get =
        http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken);
    QCOMPARE(isoTime(get.object().value(QLatin1String("currentPeriodStart"))), utc(2028, 4, 30));
    QCOMPARE(isoTime(get.object().value(QLatin1String("currentPeriodEnd"))), utc(2028, 5, 31));
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestRenewal::catchUpFreezesWhenCreditsRunOut()
{
    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Runs out"), 35'00);
    HttpClient http(server.url());
    QCOMPARE(buy(http, a, 1, "runs-out-buy").status, 201);
    QCOMPARE(server.creditsCents(a.subscriptionId), 25'00);

    // Feb 1 and Mar 1 are paid (25 → 15 → 5), Apr 1 freezes, May 1 has nothing to renew.
    server.clock().set(utc(2027, 5, 10));
    // Four periods caught up by the renewal job: seconds on a busy machine with PostgreSQL.
    QTRY_COMPARE_WITH_TIMEOUT(periodStartMs(server, a), utc(2027, 5, 1).toMSecsSinceEpoch(), 60000);
    QCOMPARE(status(server, a), QStringLiteral("frozen"));
    QCOMPARE(server.purchasedLines(a.subscriptionId), 0);
    QCOMPARE(server.creditsCents(a.subscriptionId), 5'00);

    const QList<Movement> movements = renewalMovements(server, a);
    QCOMPARE(movements.size(), 2);
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(movements.at(0).at, Qt::UTC), utc(2027, 2, 1));
    QCOMPARE(movements.at(0).balanceAfter, 15'00);
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(movements.at(1).at, Qt::UTC), utc(2027, 3, 1));
    QCOMPARE(movements.at(1).balanceAfter, 5'00);

    const QList<Audit> audits = renewalAudits(server, a);
    QCOMPARE(audits.size(), 3);
    QCOMPARE(audits.at(0).action, QStringLiteral("renewal.charge"));
    QCOMPARE(audits.at(1).action, QStringLiteral("renewal.charge"));
    QCOMPARE(audits.at(2).action, QStringLiteral("renewal.freeze"));
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(audits.at(2).at, Qt::UTC), utc(2027, 4, 1));
    QCOMPARE(audits.at(2).before.value(QLatin1String("creditsCents")).toInteger(), 5'00);

    QSqlQuery drop = server.db().exec(
        QStringLiteral("SELECT at, quantity FROM line_change WHERE subscription_id = :id"
                       " AND kind = 'renewal-drop'"),
        {{":id", a.subscriptionId}});
    QVERIFY(drop.next());
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(drop.value(0).toLongLong(), Qt::UTC), utc(2027, 4, 1));
    QCOMPARE(drop.value(1).toInt(), -1);
    QVERIFY(!drop.next());
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());
}

void TestRenewal::catchUpAtStartup()
{
    const QDateTime anchor = utc(2027, 1, 1);
    TestServer server(anchor);
    const TestAccount a = server.createAccount(QStringLiteral("Down"), 100'00);
    {
        HttpClient http(server.url());
        QCOMPARE(buy(http, a, 2, "down-buy").status, 201);
    }
    QCOMPARE(server.creditsCents(a.subscriptionId), 80'00);

    // The service goes down; two period ends pass while nobody runs.
    server.service().stop();
    server.clock().set(utc(2027, 3, 15));
    QCOMPARE(periodEndMs(server, a), utc(2027, 2, 1).toMSecsSinceEpoch());

    // A new service on the same database file, whose job would not run for an hour: only
    // its start-up can have renewed what is due.
    server::ServiceConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.databasePath = server.databasePath();
    config.renewalCheckIntervalMs = 3'600'000;
    config.clock = std::shared_ptr<const server::Clock>(std::shared_ptr<void>(), &server.clock());
    server::ServiceThread restarted(config);
    QString error;
    QVERIFY2(restarted.start(&error), qPrintable(error));

    QCOMPARE(periodStartMs(server, a), utc(2027, 3, 1).toMSecsSinceEpoch());
    QCOMPARE(periodEndMs(server, a), utc(2027, 4, 1).toMSecsSinceEpoch());
    QCOMPARE(server.creditsCents(a.subscriptionId), 80'00 - 2 * 20'00);
    const QList<Movement> movements = renewalMovements(server, a);
    QCOMPARE(movements.size(), 2);
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(movements.at(0).at, Qt::UTC), utc(2027, 2, 1));
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(movements.at(1).at, Qt::UTC), utc(2027, 3, 1));
    QCOMPARE(server.checkLedger(a.subscriptionId), QString());

    // And the restarted service answers with the current period.
    HttpClient http(restarted.url());
    const HttpResult get =
        http.get(QStringLiteral("/subscription/%1").arg(a.subscriptionId), a.adminToken);
    QCOMPARE(get.status, 200);
    QCOMPARE(isoTime(get.object().value(QLatin1String("currentPeriodStart"))), utc(2027, 3, 1));
    QCOMPARE(get.object().value(QLatin1String("credits")).toString(), QStringLiteral("40.00"));
    restarted.stop();
}

QTEST_GUILESS_MAIN(TestRenewal)
#include "tst_renewal.moc"
