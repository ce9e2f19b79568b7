#include "consolefixture.h"

#include "livefeedclient.h"
#include "localeformat.h"

#include <QPointer>
#include <QSignalSpy>
#include <QSqlQuery>

using namespace linedesk;
using namespace linedesk::test;

// Each refusal of the service, as the admin meets it: after the quote, the state on the
// service changes, the confirmed change is refused, and the console says why in plain words
// (and charges nothing).
class TestLineChangeErrors : public QObject
{
    Q_OBJECT

    // Add-ons, `total` lines typed, the quote shown and the button ready.
    static bool readyToBuy(ConsoleFixture &f, int total)
    {
        if (!QTest::qWaitFor([&f] { return f.signedInWithSubscription(); }, 10000))
            return false;
        if (!f.openAddOns())
            return false;
        f.typeLines(total);
        return QTest::qWaitFor(
            [&f] { return f.button(QStringLiteral("submitButton"))->isEnabled(); }, 10000);
    }
    static bool confirm(ConsoleFixture &f)
    {
        QTest::mouseClick(f.button(QStringLiteral("submitButton")), Qt::LeftButton);
        if (!QTest::qWaitFor([&f] { return f.dialog() && f.dialog()->isVisible(); }, 5000))
            return false;
        QTest::mouseClick(f.dialog()->confirmButton(), Qt::LeftButton);
        return true;
    }
    static ui::Notice *result(ConsoleFixture &f)
    {
        return f.find<ui::Notice>(QStringLiteral("resultNotice"));
    }
    static bool errorShown(ConsoleFixture &f)
    {
        return QTest::qWaitFor(
            [&f] { return result(f)->isVisible() && result(f)->kind() == ui::Notice::Kind::Error; },
            10000);
    }

private Q_SLOTS:
    void initTestCase() { prepareConsoleTests(); }

    void notEnoughCredits()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Poor"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(readyToBuy(f, 12));
        server.db().exec(
            QStringLiteral("UPDATE subscription SET credits_cents = 100 WHERE id = :id"),
            {{":id", a.subscriptionId}});
        QVERIFY(confirm(f));
        QVERIFY(errorShown(f));
        QVERIFY2(result(f)->text().contains(QStringLiteral("Not enough credits")),
                 qPrintable(result(f)->text()));
        QVERIFY(result(f)->text().contains(QStringLiteral("Nothing was charged")));
        QCOMPARE(f.card()->order()->lastError().statusCode, 402);
        QVERIFY(!f.button(QStringLiteral("retryButton"))->isVisible());
        QCOMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("10"));
        QCOMPARE(server.purchasedLines(a.subscriptionId), 0);
        // The quote is asked again and now shows the refusal; the button stays off.
        auto *refusal = f.find<ui::Notice>(QStringLiteral("previewRefusal"));
        QTRY_VERIFY(refusal->isVisible());
        QVERIFY(refusal->text().contains(QStringLiteral("Not enough credits")));
        QVERIFY(!f.button(QStringLiteral("submitButton"))->isEnabled());
        QVERIFY(result(f)->isVisible());
        QTRY_COMPARE(f.text(QStringLiteral("billingCredits")), QStringLiteral("$1.00"));
        f.grab(QStringLiteral("error-credits"));
    }

    void notEnoughCreditsShownInTheQuote()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Broke"), 1'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        f.typeLines(11);
        auto *refusal = f.find<ui::Notice>(QStringLiteral("previewRefusal"));
        QTRY_VERIFY(refusal->isVisible());
        QVERIFY2(refusal->text().contains(QStringLiteral("Not enough credits")),
                 qPrintable(refusal->text()));
        QVERIFY(!f.button(QStringLiteral("submitButton"))->isEnabled());
    }

    void frozen()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Ice"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(readyToBuy(f, 11));
        server.db().exec(QStringLiteral("UPDATE subscription SET status = 'frozen' WHERE id = :id"),
                         {{":id", a.subscriptionId}});
        QVERIFY(confirm(f));
        QVERIFY(errorShown(f));
        QVERIFY2(result(f)->text().contains(QStringLiteral("The subscription is frozen")),
                 qPrintable(result(f)->text()));
        QCOMPARE(f.card()->order()->lastError().code, QStringLiteral("subscription-frozen"));
        QCOMPARE(f.card()->order()->lastError().statusCode, 409);
        QCOMPARE(server.purchasedLines(a.subscriptionId), 0);
    }

    void overTheCap()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Capped"), 500'00, 10,
                                                   QStringLiteral("growth"), {}, 5);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(readyToBuy(f, 12));
        server.db().exec(QStringLiteral("UPDATE subscription SET line_cap = 1 WHERE id = :id"),
                         {{":id", a.subscriptionId}});
        QVERIFY(confirm(f));
        QVERIFY(errorShown(f));
        QVERIFY2(result(f)->text().contains(QStringLiteral("Over the self-serve line limit")),
                 qPrintable(result(f)->text()));
        QVERIFY(result(f)->text().contains(QStringLiteral("Contact support")));
        QCOMPARE(f.card()->order()->lastError().code, QStringLiteral("line-cap-exceeded"));
        QCOMPARE(server.purchasedLines(a.subscriptionId), 0);
    }

    // Another admin buys between the quote and the confirmation, and the console has not
    // heard of it yet (feed held back): the service refuses (412), the console reads the
    // subscription again and says what changed. The admin asked for 11 lines in total and the
    // subscription has them now: nothing more is bought, and the card says so.
    void changedBySomeoneElseAlreadyHasTheTotal()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Race"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(readyToBuy(f, 11));
        f.console->liveFeed()->setPaused(true);
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 1}},
                           {{"Idempotency-Key", "other-admin"}})
                     .status,
                 201);
        QVERIFY(confirm(f));
        QTRY_VERIFY(result(f)->isVisible() && result(f)->kind() == ui::Notice::Kind::Warning);
        QVERIFY2(result(f)->text().contains(QStringLiteral("it now has 1 purchased line")),
                 qPrintable(result(f)->text()));
        QVERIFY(result(f)->text().contains(QStringLiteral("(was 0)")));
        QVERIFY2(result(f)->text().contains(QStringLiteral("already has the 11 lines")),
                 qPrintable(result(f)->text()));
        QVERIFY(result(f)->text().contains(QStringLiteral("Nothing was bought or charged")));
        QCOMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("11"));
        QVERIFY(!f.dialog());
        QVERIFY(!f.button(QStringLiteral("submitButton"))->isEnabled()); // 11 is what there is now
        f.grab(QStringLiteral("stale-already-there"));
        QCOMPARE(server.purchasedLines(a.subscriptionId), 1); // only the other admin's line
        QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
        f.console->liveFeed()->setPaused(false);
        // The admin can still decide to go to 12.
        f.typeLines(12);
        QTRY_VERIFY(f.button(QStringLiteral("submitButton"))->isEnabled());
        QVERIFY(confirm(f));
        QTRY_COMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("12"));
        QCOMPARE(server.checkLedger(a.subscriptionId), QString());
    }

    // Issue 15, defect 1, with the service refusing (412): "12 lines in total" was "buy 2";
    // another admin bought 1 meanwhile. The console says so and opens the confirmation again
    // with the new quote ("buy 1"); confirming it charges once.
    void staleConfirmationAfter412ReopensWithNewQuote()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Race2"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(readyToBuy(f, 12));
        f.console->liveFeed()->setPaused(true);
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 1}},
                           {{"Idempotency-Key", "other-admin"}})
                     .status,
                 201);
        const qint64 creditsBefore = server.creditsCents(a.subscriptionId);
        QVERIFY(confirm(f));
        QTRY_VERIFY(f.dialog() && f.dialog()->isVisible());
        auto *note = f.dialog()->findChild<ui::Notice *>(QStringLiteral("confirmNote"));
        QVERIFY(note && note->isVisible());
        QVERIFY2(note->text().contains(QStringLiteral("it now has 1 purchased line")),
                 qPrintable(note->text()));
        QVERIFY(note->text().contains(QStringLiteral("(was 0)")));
        QVERIFY(note->text().contains(QStringLiteral("12 lines in total")));
        QVERIFY2(f.dialog()->confirmButton()->text().startsWith(QStringLiteral("Buy 1 line · ")),
                 qPrintable(f.dialog()->confirmButton()->text()));
        QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
        f.dialog()->grab().save(
            qEnvironmentVariable("LINEDESK_SCREENSHOT_DIR", QStringLiteral("/nonexistent")) +
            QStringLiteral("/confirm-stale.png"));
        QTest::mouseClick(f.dialog()->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY(result(f)->isVisible() && result(f)->kind() == ui::Notice::Kind::Success);
        QCOMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("12"));
        // Exactly one charge from this admin: the other's line and this one.
        QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 2);
        QCOMPARE(server.purchasedLines(a.subscriptionId), 2);
        QVERIFY(server.creditsCents(a.subscriptionId) < creditsBefore);
        QCOMPARE(server.checkLedger(a.subscriptionId), QString());
    }

    // The same with the live feed on, as the admin in the issue met it: the console hears of
    // the other purchase while the confirmation is open. Confirming the old quote sends
    // nothing; the admin is told and confirms the new one.
    void staleConfirmationKnownToTheConsole()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Race3"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(readyToBuy(f, 12));
        QTest::mouseClick(f.button(QStringLiteral("submitButton")), Qt::LeftButton);
        QTRY_VERIFY(f.dialog() && f.dialog()->isVisible());
        QVERIFY(f.dialog()->confirmButton()->text().startsWith(QStringLiteral("Buy 2 lines · ")));
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 1}},
                           {{"Idempotency-Key", "other-admin"}})
                     .status,
                 201);
        // The console learns of it (feed or refresh) while the dialog is open.
        f.session()->refreshSubscription();
        QTRY_COMPARE(f.session()->subscription().concurrencyLimitPurchased, 1);
        QSignalSpy sent(f.console->api(), &ApiClient::requestSent);
        QPointer<ui::ConfirmLineChangeDialog> old = f.dialog();
        QTest::mouseClick(old->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY(f.dialog() && f.dialog() != old && f.dialog()->isVisible());
        QVERIFY2(f.dialog()->confirmButton()->text().startsWith(QStringLiteral("Buy 1 line · ")),
                 qPrintable(f.dialog()->confirmButton()->text()));
        QVERIFY(f.dialog()->summaryText().contains(QStringLiteral("(was 0)")));
        for (const QList<QVariant> &call : sent)
            QVERIFY(!(call.at(0).toByteArray() == "POST" &&
                      call.at(1).toString().endsWith(QLatin1String("/concurrency"))));
        QTest::mouseClick(f.dialog()->confirmButton(), Qt::LeftButton);
        QTRY_COMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("12"));
        QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 2);
        QCOMPARE(server.purchasedLines(a.subscriptionId), 2);
        QCOMPARE(server.checkLedger(a.subscriptionId), QString());
    }

    // The request's answer never arrives; "Try again" repeats it with the same Idempotency-Key.
    // Here the first attempt is made to land on the service (as when only the answer was
    // lost): the retry must be answered from it and nothing charged twice.
    void networkErrorRetryReusesKey()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Flaky"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(readyToBuy(f, 11));
        const qint64 version = f.session()->subscription().version;
        QSignalSpy sent(f.console->api(), &ApiClient::requestSent);

        server.service().stop();
        QVERIFY(confirm(f));
        QVERIFY(!f.button(QStringLiteral("submitButton"))->isEnabled()); // in flight
        QVERIFY(errorShown(f));
        QCOMPARE(f.card()->order()->lastError().statusCode, 0);
        QVERIFY2(result(f)->text().contains(QStringLiteral("nothing is charged twice")),
                 qPrintable(result(f)->text()));
        QPushButton *retry = f.button(QStringLiteral("retryButton"));
        QVERIFY(retry->isVisible());
        const QString key = f.card()->order()->pendingIdempotencyKey();
        QVERIFY(!key.isEmpty());
        f.grab(QStringLiteral("error-network"));

        // Every automatic attempt carried the same key.
        QStringList keys;
        for (const QList<QVariant> &call : sent)
            if (call.at(0).toByteArray() == "POST" &&
                call.at(1).toString().endsWith(QLatin1String("/concurrency")))
                keys << QString::fromUtf8(call.at(2).toByteArray());
        QVERIFY(keys.size() >= 1);
        keys.removeDuplicates();
        QCOMPARE(keys, QStringList{key});

        QString error;
        QVERIFY2(server.service().start(&error), qPrintable(error));
        f.console->api()->setBaseUrl(server.url());
        // The first attempt "arrived": the same request, the same key.
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 1}},
                           {{"Idempotency-Key", key.toUtf8()},
                            {"If-Match", '"' + QByteArray::number(version) + '"'}})
                     .status,
                 201);
        const qint64 creditsAfterOne = server.creditsCents(a.subscriptionId);

        sent.clear();
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_VERIFY(result(f)->isVisible() && result(f)->kind() == ui::Notice::Kind::Success);
        QCOMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("11"));
        QVERIFY2(result(f)->text().contains(QStringLiteral("nothing was charged twice")),
                 qPrintable(result(f)->text()));
        QVERIFY(f.card()->order()->lastWasReplayed());
        bool sawKey = false;
        for (const QList<QVariant> &call : sent)
            if (call.at(0).toByteArray() == "POST" &&
                call.at(1).toString().endsWith(QLatin1String("/concurrency")))
                sawKey = QString::fromUtf8(call.at(2).toByteArray()) == key;
        QVERIFY(sawKey);
        // Exactly one charge.
        QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
        QCOMPARE(server.purchasedLines(a.subscriptionId), 1);
        QCOMPARE(server.creditsCents(a.subscriptionId), creditsAfterOne);
        QCOMPARE(server.checkLedger(a.subscriptionId), QString());
    }

    // Same, when the first attempt never reached the service: the retry makes the one charge.
    void networkErrorRetryCharges()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Down"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(readyToBuy(f, 11));
        server.service().stop();
        QVERIFY(confirm(f));
        QVERIFY(errorShown(f));
        QString error;
        QVERIFY2(server.service().start(&error), qPrintable(error));
        f.console->api()->setBaseUrl(server.url());
        QTest::mouseClick(f.button(QStringLiteral("retryButton")), Qt::LeftButton);
        QTRY_VERIFY(result(f)->isVisible() && result(f)->kind() == ui::Notice::Kind::Success);
        QCOMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("11"));
        QVERIFY(!f.card()->order()->lastWasReplayed());
        QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
        QCOMPARE(server.checkLedger(a.subscriptionId), QString());
    }
};

QTEST_MAIN(TestLineChangeErrors)
#include "tst_linechangeerrors.moc"
