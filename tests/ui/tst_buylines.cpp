#include "consolefixture.h"

#include "audittrailmodel.h"
#include "historyview.h"
#include "linechangemodel.h"
#include "localeformat.h"

#include <QSignalSpy>
#include <QTableView>
#include <QToolButton>

using namespace linedesk;
using namespace linedesk::test;

// The flow an account admin takes, on real widgets against a real service:
// org button → Billing → Add-ons → 11 lines → the quote → confirm → the limit shows 11.
class TestBuyLines : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareConsoleTests(); }

    void adminBuysOneLineAndSeesEleven()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Acme Health"), 500'00);
        server.clock().advance(15LL * 24 * 3600 * 1000); // mid-period: the charge is prorated
        HttpClient http(server.url());
        const HttpResult quote =
            http.post(QStringLiteral("/subscription/%1/concurrency/preview").arg(a.subscriptionId),
                      a.adminToken, {{QStringLiteral("quantity"), 1}});
        QCOMPARE(quote.status, 200);
        const qint64 expectedCents =
            quote.object().value(QLatin1String("amountDueNowCents")).toInteger();
        QVERIFY(expectedCents > 0 && expectedCents < 10'00);

        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QCOMPARE(f.window->orgButton()->text().section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("Acme Health Org"));
        QCOMPARE(f.text(QStringLiteral("overviewLimit")), QStringLiteral("10"));

        QVERIFY(f.openAddOns());
        QCOMPARE(f.text(QStringLiteral("includedLines")), QStringLiteral("10"));
        QCOMPARE(f.text(QStringLiteral("purchasedLines")), QStringLiteral("0"));
        QCOMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("10"));
        QPushButton *submit = f.button(QStringLiteral("submitButton"));
        QVERIFY(!submit->isEnabled()); // nothing to buy yet

        f.typeLines(11);
        QTRY_COMPARE(f.text(QStringLiteral("previewHeadline")),
                     QStringLiteral("10 included + 1 purchased = 11 concurrent calls"));
        QCOMPARE(f.text(QStringLiteral("previewAmount")), format::money(expectedCents));
        QVERIFY(f.text(QStringLiteral("previewPeriod")).contains(QStringLiteral("Apr 10, 2026")));
        QCOMPARE(f.text(QStringLiteral("previewMonthly")), QStringLiteral("$10.00"));
        QCOMPARE(f.text(QStringLiteral("previewEffect")), QStringLiteral("Immediately"));
        QTRY_VERIFY(submit->isEnabled());
        QCOMPARE(submit->text(), QStringLiteral("Buy 1 line…"));
        QCOMPARE(server.purchasedLines(a.subscriptionId), 0); // a quote changes nothing
        f.grab(QStringLiteral("addons-preview"));

        QTest::mouseClick(submit, Qt::LeftButton);
        QTRY_VERIFY(f.dialog() && f.dialog()->isVisible());
        const QString summary = f.dialog()->summaryText();
        QVERIFY2(summary.contains(QStringLiteral("11 calls")), qPrintable(summary));
        QVERIFY2(summary.contains(format::money(expectedCents)), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("Available immediately")), qPrintable(summary));
        QCOMPARE(f.dialog()->confirmButton()->text(),
                 QStringLiteral("Buy 1 line · charge %1").arg(format::money(expectedCents)));
        f.dialog()->grab().save(
            qEnvironmentVariable("LINEDESK_SCREENSHOT_DIR", QStringLiteral("/nonexistent")) +
            QStringLiteral("/confirm.png"));

        QSignalSpy sent(f.console->api(), &ApiClient::requestSent);
        QTest::mouseClick(f.dialog()->confirmButton(), Qt::LeftButton);
        // In flight: the button cannot send a second purchase.
        QVERIFY(!submit->isEnabled());
        QTRY_COMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("11"));
        // Everywhere at once.
        QCOMPARE(f.text(QStringLiteral("purchasedLines")), QStringLiteral("1"));
        QCOMPARE(f.text(QStringLiteral("overviewLimit")), QStringLiteral("11"));
        QCOMPARE(f.text(QStringLiteral("billingMonthly")), QStringLiteral("$10.00"));
        QCOMPARE(f.text(QStringLiteral("billingCredits")), format::money(500'00 - expectedCents));
        auto *result = f.find<ui::Notice>(QStringLiteral("resultNotice"));
        QVERIFY(result->isVisible());
        QVERIFY2(result->text().contains(QStringLiteral("11 concurrent calls available now")),
                 qPrintable(result->text()));
        QCOMPARE(f.find<QSpinBox>(QStringLiteral("linesSpin"))->value(), 11);
        QVERIFY(!submit->isEnabled());
        f.grab(QStringLiteral("addons-bought"));

        int posts = 0;
        for (const QList<QVariant> &call : sent)
            if (call.at(0).toByteArray() == "POST" &&
                call.at(1).toString().endsWith(QLatin1String("/concurrency")))
                ++posts;
        QCOMPARE(posts, 1);
        QCOMPARE(server.purchasedLines(a.subscriptionId), 1);
        QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
        QCOMPARE(server.creditsCents(a.subscriptionId), 500'00 - expectedCents);
        QCOMPARE(server.checkLedger(a.subscriptionId), QString());

        // History shows the purchase first.
        QTabBar *bar = f.window->billingPage()->tabs()->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {},
                          bar->tabRect(ui::BillingPage::HistorySection).center());
        QTableView *changes = f.find<QTableView>(QStringLiteral("lineChangesView"));
        QTRY_COMPARE(changes->model()->rowCount(), 1);
        QCOMPARE(changes->model()->index(0, LineChangeModel::ChangeColumn).data().toString(),
                 QStringLiteral("Bought 1 line"));
        QCOMPARE(changes->model()->index(0, LineChangeModel::ActorColumn).data().toString(),
                 a.adminEmail);
        QTableView *audit = f.find<QTableView>(QStringLiteral("auditView"));
        QTRY_VERIFY(audit->model()->rowCount() >= 1);
        QCOMPARE(audit->model()->index(0, 0).data(AuditTrailModel::ActionRole).toString(),
                 QStringLiteral("lines.purchase"));
        f.grab(QStringLiteral("history"));
    }

    void removeLinesRefunds()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Remover"), 500'00);
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 3}},
                           {{"Idempotency-Key", "setup-3"}})
                     .status,
                 201);
        server.clock().advance(10LL * 24 * 3600 * 1000);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        QCOMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("13"));
        f.typeLines(11);
        QTRY_COMPARE(f.text(QStringLiteral("previewHeadline")),
                     QStringLiteral("10 included + 1 purchased = 11 concurrent calls"));
        QPushButton *submit = f.button(QStringLiteral("submitButton"));
        QTRY_VERIFY(submit->isEnabled());
        QCOMPARE(submit->text(), QStringLiteral("Remove 2 lines…"));
        QTest::mouseClick(submit, Qt::LeftButton);
        QTRY_VERIFY(f.dialog() && f.dialog()->isVisible());
        QVERIFY(f.dialog()->confirmButton()->text().startsWith(
            QStringLiteral("Remove 2 lines · refund $")));
        QTest::mouseClick(f.dialog()->confirmButton(), Qt::LeftButton);
        QTRY_COMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("11"));
        QCOMPARE(server.purchasedLines(a.subscriptionId), 1);
        QCOMPARE(server.checkLedger(a.subscriptionId), QString());
    }

    void keyboardOnly()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Keys"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        f.window->activateWindow();
        QTest::keyClick(f.window.get(), Qt::Key_3, Qt::ControlModifier); // Billing
        QCOMPARE(f.window->currentPage(), ui::MainWindow::BillingPageIndex);
        QTest::keyClick(f.window.get(), Qt::Key_A, Qt::AltModifier); // &Add-ons
        QTRY_COMPARE(f.window->billingPage()->tabs()->currentIndex(),
                     int(ui::BillingPage::AddOnsSection));
        QSpinBox *spin = f.find<QSpinBox>(QStringLiteral("linesSpin"));
        spin->setFocus();
        QTest::keyClick(spin, Qt::Key_Up);
        QCOMPARE(spin->value(), 11);
        QPushButton *submit = f.button(QStringLiteral("submitButton"));
        QTRY_VERIFY(submit->isEnabled());
        submit->setFocus();
        QTest::keyClick(submit, Qt::Key_Space);
        QTRY_VERIFY(f.dialog() && f.dialog()->isVisible());
        QTest::keyClick(f.dialog()->confirmButton(), Qt::Key_Return);
        QTRY_COMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("11"));
    }

    // Issue 15, defect 2: Enter in "Lines you want in total" and on the focused review button
    // opens the review, as Space does.
    void enterOpensTheReview_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<bool>("onButton");
        QTest::newRow("Return in the box") << int(Qt::Key_Return) << false;
        QTest::newRow("keypad Enter in the box") << int(Qt::Key_Enter) << false;
        QTest::newRow("Return on the button") << int(Qt::Key_Return) << true;
        QTest::newRow("keypad Enter on the button") << int(Qt::Key_Enter) << true;
    }
    void enterOpensTheReview()
    {
        QFETCH(int, key);
        QFETCH(bool, onButton);
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Enter"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        QSpinBox *spin = f.find<QSpinBox>(QStringLiteral("linesSpin"));
        QPushButton *submit = f.button(QStringLiteral("submitButton"));
        f.typeLines(12);
        if (onButton) {
            QTRY_VERIFY(submit->isEnabled());
            submit->setFocus();
            QTest::keyClick(submit, Qt::Key(key));
        } else {
            // At once, before the quote is back: the review opens when it arrives.
            QTest::keyClick(spin, Qt::Key(key));
        }
        QTRY_VERIFY(f.dialog() && f.dialog()->isVisible());
        QVERIFY2(f.dialog()->confirmButton()->text().startsWith(QStringLiteral("Buy 2 lines")),
                 qPrintable(f.dialog()->confirmButton()->text()));
        f.dialog()->reject();
        QCOMPARE(server.purchasedLines(a.subscriptionId), 0); // reviewing buys nothing
        // With the quote already there, Enter in the box opens it at once.
        QTRY_VERIFY(!f.dialog());
        spin->setFocus();
        QTest::keyClick(spin, Qt::Key(key));
        QVERIFY(f.dialog() && f.dialog()->isVisible());
        f.dialog()->reject();
    }

    // Issue 15, defect 8: the confirmation names the subscription whose pool changes and that
    // every organization on it shares the new limit.
    void confirmationNamesTheSharedSubscription()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Acme Health"), 500'00);
        server.accounts().createOrg(QStringLiteral("Acme Health Outbound"), a.subscriptionId,
                                    server.clock().now());
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QTRY_COMPARE(f.session()->subscription().orgIds.size(), 2);
        QVERIFY(f.openAddOns());
        f.typeLines(11);
        QPushButton *submit = f.button(QStringLiteral("submitButton"));
        QTRY_VERIFY(submit->isEnabled());
        QTest::mouseClick(submit, Qt::LeftButton);
        QTRY_VERIFY(f.dialog() && f.dialog()->isVisible());
        const QString whose =
            f.dialog()->findChild<QLabel *>(QStringLiteral("confirmWhose"))->text();
        QVERIFY2(
            whose.contains(
                QStringLiteral("For the subscription “%1”").arg(f.session()->subscription().name)),
            qPrintable(whose));
        QVERIFY2(whose.contains(QStringLiteral("2 organizations share")), qPrintable(whose));
        QVERIFY2(!whose.contains(QStringLiteral("Acme Health Org")), qPrintable(whose));
        QVERIFY(f.dialog()->summaryText().contains(whose));
        f.dialog()->reject();
    }

    void viewerSeesWhyButCannotBuy()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Viewed"), 500'00);
        ConsoleFixture f(server.url(), a.viewerToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        QCOMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("10"));
        // Read-only: the lines and why, no stepper and no buy or remove.
        QVERIFY(!f.find<QSpinBox>(QStringLiteral("linesSpin"))->isVisible());
        QVERIFY(!f.button(QStringLiteral("submitButton"))->isVisible());
        QVERIFY(!f.button(QStringLiteral("resetButton"))->isVisible());
        QCOMPARE(f.button(QStringLiteral("manageLinesButton"))->text(),
                 QStringLiteral("See concurrency lines…"));
        QCOMPARE(f.button(QStringLiteral("overviewManageLines"))->text(),
                 QStringLiteral("See concurrency lines…"));
        QLabel *note = f.find<QLabel>(QStringLiteral("roleNote"));
        QVERIFY(note->isVisible());
        QVERIFY2(note->text().contains(QStringLiteral("Only an admin")), qPrintable(note->text()));
        f.grab(QStringLiteral("viewer"));
        // History: line changes yes, audit trail no (the service says so too).
        QTRY_VERIFY(f.find<QLabel>(QStringLiteral("auditNote"))
                        ->text()
                        .contains(QStringLiteral("audit trail")));
    }

    void supportPreviewsButNeverBuys()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Supported"), 500'00);
        const QString support = server.createSupportToken();
        ConsoleFixture f(server.url(), support);
        QTRY_COMPARE(f.session()->state(), Session::State::SignedIn);
        QTRY_COMPARE(f.window->currentPage(), ui::MainWindow::SubscriptionsPageIndex);
        QVERIFY(f.find<QToolButton>(QStringLiteral("navSubscriptions"))->isVisible());
        // No organization of their own: no empty Overview or Billing until one is opened.
        QVERIFY(!f.find<QToolButton>(QStringLiteral("navOverview"))->isVisible());
        QVERIFY(!f.find<QToolButton>(QStringLiteral("navBilling"))->isVisible());
        f.window->showPage(ui::MainWindow::BillingPageIndex);
        QCOMPARE(f.window->currentPage(), ui::MainWindow::SubscriptionsPageIndex);
        f.grab(QStringLiteral("support-landing"));
        QTableView *list = f.find<QTableView>(QStringLiteral("subscriptionsView"));
        QTRY_VERIFY(list->model()->rowCount() >= 1);
        int row = -1;
        for (int r = 0; r < list->model()->rowCount(); ++r)
            if (list->model()->index(r, 0).data(Qt::UserRole + 1).toString() == a.subscriptionId)
                row = r;
        QVERIFY(row >= 0);
        list->setFocus();
        list->setCurrentIndex(list->model()->index(row, 0));
        QTest::keyClick(list, Qt::Key_Return); // opens the detail; from there, Billing
        QTRY_VERIFY(f.find<QPushButton>(QStringLiteral("openBillingView"))->isVisible());
        QTest::mouseClick(f.button(QStringLiteral("openBillingView")), Qt::LeftButton);
        QTRY_VERIFY(f.signedInWithSubscription());
        QCOMPARE(f.window->currentPage(), ui::MainWindow::BillingPageIndex);
        QVERIFY(f.find<QToolButton>(QStringLiteral("navOverview"))->isVisible());
        QVERIFY(f.find<QToolButton>(QStringLiteral("navBilling"))->isVisible());
        QCOMPARE(f.button(QStringLiteral("manageLinesButton"))->text(),
                 QStringLiteral("See concurrency lines…"));
        QVERIFY(f.button(QStringLiteral("manageLinesButton"))->isEnabled());
        QTabBar *bar = f.window->billingPage()->tabs()->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {},
                          bar->tabRect(ui::BillingPage::AddOnsSection).center());
        f.typeLines(12);
        QTRY_COMPARE(f.text(QStringLiteral("previewHeadline")),
                     QStringLiteral("10 included + 2 purchased = 12 concurrent calls"));
        QVERIFY(!f.button(QStringLiteral("submitButton"))->isEnabled());
        QVERIFY(f.find<QLabel>(QStringLiteral("roleNote"))
                    ->text()
                    .contains(QStringLiteral("never buy")));
    }
};

QTEST_MAIN(TestBuyLines)
#include "tst_buylines.moc"
