#include "testserver.h"

#include <QTest>

using namespace linedesk::test;

// The harness itself: a real service answers over HTTP and a buy moves the limit 10 → 11.
class TestSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void healthAndBuyOneLine()
    {
        TestServer server;
        HttpClient http(server.url());
        QCOMPARE(http.get(QStringLiteral("/health"), {}).status, 200);
        const TestAccount a = server.createAccount(QStringLiteral("Smoke"), 100'00);
        const QString path = QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId);
        const HttpResult preview = http.post(path + QStringLiteral("/preview"), a.adminToken,
                                             {{QStringLiteral("quantity"), 1}});
        QCOMPARE(preview.status, 200);
        QCOMPARE(preview.object().value(QLatin1String("limitAfter")).toInt(), 11);
        const HttpResult buy = http.post(path, a.adminToken, {{QStringLiteral("quantity"), 1}},
                                         {{"Idempotency-Key", "smoke-1"}});
        QCOMPARE(buy.status, 201);
        QCOMPARE(buy.object()
                     .value(QLatin1String("subscription"))
                     .toObject()
                     .value(QLatin1String("concurrencyLimit"))
                     .toInt(),
                 11);
        QCOMPARE(buy.object()
                     .value(QLatin1String("change"))
                     .toObject()
                     .value(QLatin1String("amountCents"))
                     .toInteger(),
                 preview.object().value(QLatin1String("amountDueNowCents")).toInteger());
        QCOMPARE(server.checkLedger(a.subscriptionId), QString());
    }
};

QTEST_GUILESS_MAIN(TestSmoke)
#include "tst_smoke.moc"
