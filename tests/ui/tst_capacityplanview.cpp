#include "consolefixture.h"

#include "capacityplanchart.h"
#include "capacityplanloader.h"
#include "capacityplanmodel.h"
#include "capacityplanview.h"
#include "subscriptiondetailview.h"
#include "subscriptionsearchmodel.h"
#include "subscriptionspage.h"

#include <QDialog>
#include <QSignalSpy>
#include <QTableView>
#include <QToolButton>

using namespace linedesk;
using namespace linedesk::test;

// The capacity planner as people meet it, on real widgets against a real service whose calls
// the test makes itself: Billing → Add-ons' sentence under the lines box, the Plan… view
// (window, target, "Use N lines" into the usual review), the viewer's and support's read-only
// plan.
//
// The calls (each admitted one held exactly 30 minutes, so a blocked call's drawn length is 30
// minutes too and the replay is exact; 10 included lines):
//   day 0:  14 calls a second apart → 4 blocked          (30-day window only)
//   day 10: 12 calls a second apart → 2 blocked          (busiest hour of the 7-day window)
//   day 13: 11 calls a second apart → 1 blocked          (the 24-hour window)
// Erlang B of the busiest hour: 12 calls × 30 min ÷ 1 h = 6.0 Erlangs offered:
// B(6, 10) = 4.3 %, B(6, 12) = 1.1 %, B(6, 13) = 0.52 %, B(6, 15) = 0.089 %.
class TestCapacityPlanView : public QObject
{
    Q_OBJECT

    static constexpr qint64 kHoldMs = 30 * 60 * 1000;
    static constexpr qint64 kDayMs = 24LL * 3600 * 1000;

    // Starts `n` calls a second apart, then ends each admitted one `kHoldMs` after its start.
    // Returns how many were blocked (-1 if the service refused a request).
    static int callBatch(TestServer &server, HttpClient &http, const QString &token, int n)
    {
        QList<QPair<qint64, QString>> admitted; // (start offset, id)
        int blocked = 0;
        qint64 at = 0;
        for (int i = 1; i <= n; ++i) {
            server.clock().advance(1000);
            at += 1000;
            const HttpResult r = http.post(QStringLiteral("/call"), token, {});
            if (r.status != 201)
                return -1;
            if (r.object().value(QLatin1String("status")).toString() == QLatin1String("ended"))
                ++blocked;
            else
                admitted.append({at, r.object().value(QLatin1String("id")).toString()});
        }
        for (const auto &[start, id] : admitted) {
            server.clock().advance(start + kHoldMs - at);
            at = start + kHoldMs;
            if (http.post(QStringLiteral("/call/%1/end").arg(id), token, {}).status != 200)
                return -1;
        }
        return blocked;
    }

    // The three batches above; the service's now ends an hour after the last.
    static bool makeTrace(TestServer &server, const TestAccount &a)
    {
        HttpClient http(server.url());
        server.clock().advance(3600 * 1000);
        if (callBatch(server, http, a.adminToken, 14) != 4)
            return false;
        server.clock().advance(10 * kDayMs);
        if (callBatch(server, http, a.adminToken, 12) != 2)
            return false;
        server.clock().advance(3 * kDayMs);
        if (callBatch(server, http, a.adminToken, 11) != 1)
            return false;
        server.clock().advance(3600 * 1000);
        return true;
    }

    static int planRequests(const QSignalSpy &sent)
    {
        int n = 0;
        for (const QList<QVariant> &call : sent)
            if (call.at(1).toString().endsWith(QLatin1String("/capacity-plan")))
                ++n;
        return n;
    }

    static QString cell(QTableView *table, int lines, int column)
    {
        auto *model = static_cast<CapacityPlanModel *>(table->model());
        const int row = model->rowOf(lines);
        return row < 0 ? QStringLiteral("<no row for %1 lines>").arg(lines)
                       : model->index(row, column).data().toString();
    }

    // Clicks a visible, enabled button of `scope` as a user does.
    static bool click(QWidget *scope, const QString &name)
    {
        auto *b = scope->findChild<QPushButton *>(name);
        if (!b || !b->isVisible() || !b->isEnabled()) {
            qWarning("no button %s to click", qPrintable(name));
            return false;
        }
        QTest::mouseClick(b, Qt::LeftButton);
        return true;
    }

    static QString labelText(QWidget *scope, const QString &name)
    {
        auto *l = scope->findChild<QLabel *>(name);
        return l ? l->text() : QStringLiteral("<no label %1>").arg(name);
    }

    static void grabDialog(QWidget *dialog, const QString &name)
    {
        const QString dir = qEnvironmentVariable("LINEDESK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(300); // screenshots only: let pending layout requests settle
        dialog->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

private Q_SLOTS:
    void initTestCase() { prepareConsoleTests(); }

    void adminPlansAndBuysThroughTheReview()
    {
        TestServer server(TestServer::defaultStart(), false, kDayMs);
        const TestAccount a = server.createAccount(QStringLiteral("Planner"), 500'00);
        QVERIFY(makeTrace(server, a));

        ConsoleFixture f(server.url(), a.adminToken);
        QSignalSpy sent(f.console->api(), &ApiClient::requestSent);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());

        // The sentence follows the total in the box, from one plan.
        QLabel *sentence = f.find<QLabel>(QStringLiteral("planSentence"));
        QVERIFY(sentence->isVisible());
        QTRY_COMPARE(sentence->text(),
                     QStringLiteral("Last 7 days: 3 calls blocked. With your 10 lines now: 3, as "
                                    "happened, 4.3 % at your busiest hour (Erlang B)"));
        f.typeLines(12);
        QCOMPARE(sentence->text(),
                 QStringLiteral("Last 7 days: 3 calls blocked. With 12 lines: none (replay of your "
                                "calls), 1.1 % at your busiest hour (Erlang B)"));
        QTest::mouseClick(f.find<QToolButton>(QStringLiteral("linesMinus")), Qt::LeftButton);
        QCOMPARE(sentence->text(),
                 QStringLiteral("Last 7 days: 3 calls blocked. With 11 lines: about 1 (replay of "
                                "your calls), 2.3 % at your busiest hour (Erlang B)"));
        f.typeLines(10);
        QCOMPARE(sentence->text(),
                 QStringLiteral("Last 7 days: 3 calls blocked. With your 10 lines now: 3, as "
                                "happened, 4.3 % at your busiest hour (Erlang B)"));
        QCOMPARE(planRequests(sent), 1); // one plan, every total from it
        f.grab(QStringLiteral("plan-addons"));

        // Plan…: the whole plan.
        QVERIFY(click(f.card(), QStringLiteral("planButton")));
        QTRY_VERIFY(f.card()->planDialog() && f.card()->planDialog()->isVisible());
        QDialog *dialog = f.card()->planDialog();
        ui::CapacityPlanView *view = f.card()->planView();
        QVERIFY(view);
        QTRY_COMPARE(
            labelText(view, QStringLiteral("planRecommendation")),
            QStringLiteral("For at most 1 % of calls blocked at your busiest hour (Erlang B): "
                           "13 lines (10 included + 3 purchased), $30.00 per month. The "
                           "replay of your calls blocks none from 12 lines on."));
        QVERIFY2(labelText(view, QStringLiteral("planSummary"))
                     .endsWith(QStringLiteral(": 23 calls, 3 blocked with your 10 lines.")),
                 qPrintable(labelText(view, QStringLiteral("planSummary"))));
        QVERIFY(labelText(view, QStringLiteral("planSummary"))
                    .startsWith(QStringLiteral("<b>Last 7 days</b>")));
        QVERIFY2(labelText(view, QStringLiteral("planBusyHour"))
                     .contains(QStringLiteral(": 12 calls (2 blocked), mean call 30 min, so 6.0 "
                                              "Erlangs offered")),
                 qPrintable(labelText(view, QStringLiteral("planBusyHour"))));
        const QString limits = labelText(view, QStringLiteral("planLimits"));
        for (const char *words : {"random", "assumed not to try again",
                                  "drawn from your admitted calls", "Dialer campaigns fill"})
            QVERIFY2(limits.contains(QLatin1String(words)), words);

        // The table: each total, its charge and blocked calls; today's and the recommendation.
        QTableView *table = view->optionsView();
        QVERIFY(table->isVisible());
        QCOMPARE(cell(table, 5, CapacityPlanModel::LinesColumn), QStringLiteral("5"));
        QCOMPARE(static_cast<CapacityPlanModel *>(table->model())->rowOf(5), 0);
        QCOMPARE(cell(table, 5, CapacityPlanModel::ReplayBlockedColumn), QStringLiteral("13"));
        QCOMPARE(cell(table, 5, CapacityPlanModel::MonthlyChargeColumn), QStringLiteral("$0.00"));
        QCOMPARE(cell(table, 10, CapacityPlanModel::ReplayBlockedColumn), QStringLiteral("3"));
        QCOMPARE(cell(table, 10, CapacityPlanModel::ErlangBColumn), QStringLiteral("4.3 %"));
        QCOMPARE(cell(table, 10, CapacityPlanModel::NoteColumn), QStringLiteral("now"));
        QCOMPARE(cell(table, 11, CapacityPlanModel::ReplayBlockedColumn), QStringLiteral("1"));
        QCOMPARE(cell(table, 12, CapacityPlanModel::ReplayBlockedColumn), QStringLiteral("0"));
        QCOMPARE(cell(table, 12, CapacityPlanModel::PurchasedColumn), QStringLiteral("2"));
        QCOMPARE(cell(table, 12, CapacityPlanModel::MonthlyChargeColumn), QStringLiteral("$20.00"));
        QCOMPARE(cell(table, 13, CapacityPlanModel::ErlangBColumn), QStringLiteral("0.52 %"));
        QCOMPARE(cell(table, 13, CapacityPlanModel::MonthlyChargeColumn), QStringLiteral("$30.00"));
        QCOMPARE(cell(table, 13, CapacityPlanModel::NoteColumn), QStringLiteral("recommended"));
        // The chart: a bar per total, today's and the recommended total marked.
        ui::CapacityPlanChart *chart = view->chart();
        QCOMPARE(chart->barCount(), table->model()->rowCount());
        QCOMPARE(chart->markText(10), QStringLiteral("Now: 10"));
        QCOMPARE(chart->markText(13), QStringLiteral("Recommended: 13"));
        QVERIFY(chart->markX(10) < chart->markX(13));
        QVERIFY(chart->barRect(5).height() > chart->barRect(10).height());
        QCOMPARE(chart->barRect(12).height(), 0.0);
        QPushButton *use = view->useButton();
        QVERIFY(use->isVisible() && use->isEnabled());
        QCOMPARE(use->text(), QStringLiteral("Use 13 lines"));
        grabDialog(dialog, QStringLiteral("plan-dialog"));

        // Another target: asked for at once, the view says so while it waits.
        QVERIFY(click(view, QStringLiteral("planTarget01")));
        QCOMPARE(labelText(view, QStringLiteral("planStatus")),
                 QStringLiteral("Working out what more lines would have done…"));
        QVERIFY(view->findChild<QLabel *>(QStringLiteral("planStatus"))->isVisible());
        QTRY_COMPARE(
            labelText(view, QStringLiteral("planRecommendation")),
            QStringLiteral("For at most 0.1 % of calls blocked at your busiest hour "
                           "(Erlang B): 15 lines (10 included + 5 purchased), $50.00 per "
                           "month. The replay of your calls blocks none from 12 lines on."));
        QVERIFY(!view->findChild<QLabel *>(QStringLiteral("planStatus"))->isVisible());
        QCOMPARE(chart->markText(15), QStringLiteral("Recommended: 15"));
        QCOMPARE(cell(table, 15, CapacityPlanModel::ErlangBColumn), QStringLiteral("0.089 %"));
        QCOMPARE(use->text(), QStringLiteral("Use 15 lines"));
        QVERIFY(click(view, QStringLiteral("planTarget5")));
        QTRY_VERIFY(labelText(view, QStringLiteral("planRecommendation"))
                        .startsWith(QStringLiteral("For at most 5 % of calls blocked at your "
                                                   "busiest hour (Erlang B): 10 lines, what you "
                                                   "have now.")));
        QCOMPARE(chart->markText(10), QStringLiteral("Now and recommended: 10"));
        QVERIFY(!use->isEnabled()); // nothing to change
        QVERIFY(click(view, QStringLiteral("planTarget1")));

        // Another window: the last 24 hours hold only the last 11 calls.
        QVERIFY(click(view, QStringLiteral("planWindowDay")));
        QTRY_COMPARE(
            labelText(view, QStringLiteral("planRecommendation")),
            QStringLiteral("For at most 1 % of calls blocked at your busiest hour (Erlang B): "
                           "12 lines (10 included + 2 purchased), $20.00 per month. The "
                           "replay of your calls blocks none from 11 lines on."));
        QVERIFY(labelText(view, QStringLiteral("planSummary"))
                    .startsWith(QStringLiteral("<b>Last 24 hours</b>")));
        QVERIFY(labelText(view, QStringLiteral("planSummary"))
                    .endsWith(QStringLiteral(": 11 calls, 1 blocked with your 10 lines.")));
        QVERIFY(labelText(view, QStringLiteral("planBusyHour"))
                    .contains(QStringLiteral(": 11 calls (1 blocked), mean call 30 min, so 5.5 "
                                             "Erlangs offered")));
        QCOMPARE(cell(table, 10, CapacityPlanModel::ReplayBlockedColumn), QStringLiteral("1"));
        QCOMPARE(cell(table, 10, CapacityPlanModel::ErlangBColumn), QStringLiteral("2.9 %"));
        // The sentence in Add-ons follows the window chosen here.
        QCOMPARE(sentence->text(),
                 QStringLiteral("Last 24 hours: 1 call blocked. With your 10 lines now: 1, as "
                                "happened, 2.9 % at your busiest hour (Erlang B)"));

        // Two choices in a row: the first one's answer is dropped, only the last one shows.
        QSignalSpy planned(f.card()->planLoader(), &CapacityPlanLoader::planChanged);
        QVERIFY(click(view, QStringLiteral("planWindowWeek")));
        QVERIFY(click(view, QStringLiteral("planWindowMonth")));
        QTRY_VERIFY(labelText(view, QStringLiteral("planSummary"))
                        .endsWith(QStringLiteral(": 37 calls, 7 blocked with your 10 lines.")));
        QCOMPARE(planned.count(), 1);
        QCOMPARE(labelText(view, QStringLiteral("planRecommendation")),
                 QStringLiteral("For at most 1 % of calls blocked at your busiest hour (Erlang B): "
                                "14 lines (10 included + 4 purchased), $40.00 per month. The "
                                "replay of your calls blocks none from 14 lines on."));
        QCOMPARE(cell(table, 10, CapacityPlanModel::ReplayBlockedColumn), QStringLiteral("7"));
        QCOMPARE(cell(table, 10, CapacityPlanModel::ErlangBColumn), QStringLiteral("7.9 %"));

        // Back to 7 days, and take the recommendation: the box shows it, nothing is bought.
        QVERIFY(click(view, QStringLiteral("planWindowWeek")));
        QTRY_COMPARE(use->text(), QStringLiteral("Use 13 lines"));
        QTRY_VERIFY(use->isEnabled());
        QTest::mouseClick(use, Qt::LeftButton);
        QTRY_VERIFY(!f.card()->planDialog());
        QSpinBox *spin = f.find<QSpinBox>(QStringLiteral("linesSpin"));
        QCOMPARE(spin->value(), 13);
        QCOMPARE(sentence->text(),
                 QStringLiteral("Last 7 days: 3 calls blocked. With 13 lines: none (replay of your "
                                "calls), 0.52 % at your busiest hour (Erlang B)"));
        QTRY_COMPARE(f.text(QStringLiteral("previewHeadline")),
                     QStringLiteral("10 included + 3 purchased = 13 concurrent calls"));
        QPushButton *submit = f.button(QStringLiteral("submitButton"));
        QTRY_VERIFY(submit->isEnabled());
        QCOMPARE(submit->text(), QStringLiteral("Buy 3 lines…"));
        QVERIFY(!f.dialog());
        QCOMPARE(server.purchasedLines(a.subscriptionId), 0);
        f.grab(QStringLiteral("plan-used"));

        // The purchase goes through the usual review.
        QTest::mouseClick(submit, Qt::LeftButton);
        QTRY_VERIFY(f.dialog() && f.dialog()->isVisible());
        QCOMPARE(f.dialog()->confirmButton()->text().section(QStringLiteral(" · "), 0, 0),
                 QStringLiteral("Buy 3 lines"));
        const int plansBeforePurchase = planRequests(sent);
        QTest::mouseClick(f.dialog()->confirmButton(), Qt::LeftButton);
        QTRY_COMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("13"));
        QCOMPARE(server.purchasedLines(a.subscriptionId), 3);
        // The lines in force changed: the plan is asked again and now speaks of 13. The
        // replay runs each total as "that many more than were in force at each call": today's
        // 13 is what happened with the 10 of then, and says so.
        QTRY_COMPARE(planRequests(sent), plansBeforePurchase + 1);
        QTRY_COMPARE(sentence->text(),
                     QStringLiteral("Last 7 days: 3 calls blocked. With your 13 lines now: 3, as "
                                    "happened with the 10 lines you had then, 0.52 % at your "
                                    "busiest hour (Erlang B)"));
        f.typeLines(14);
        QTRY_VERIFY2(sentence->text().contains(QStringLiteral(
                         "(replay of your calls with 1 line more than you had at each)")),
                     qPrintable(sentence->text()));
    }

    void fewerLinesThanTheReplayCovers()
    {
        // 18 lines now (8 bought after the calls): the plan's totals start at 13, the box at 10.
        TestServer server(TestServer::defaultStart(), false, kDayMs);
        const TestAccount a = server.createAccount(QStringLiteral("Shrinker"), 500'00);
        HttpClient http(server.url());
        server.clock().advance(3600 * 1000);
        QCOMPARE(callBatch(server, http, a.adminToken, 12), 2);
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 8}},
                           {{"Idempotency-Key", "buy-8"}})
                     .status,
                 201);
        server.clock().advance(3600 * 1000);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        QTRY_VERIFY2(f.text(QStringLiteral("planSentence"))
                         .startsWith(QStringLiteral("Last 7 days: 2 calls blocked. With your 18 "
                                                    "lines now: ")),
                     qPrintable(f.text(QStringLiteral("planSentence"))));
        f.typeLines(11);
        QCOMPARE(f.text(QStringLiteral("planSentence")),
                 QStringLiteral("Last 7 days: 2 calls blocked. With 11 lines: 2.3 % at your "
                                "busiest hour (Erlang B; the replay covers 13 lines and more)"));
    }

    void viewerSeesThePlanButCannotUseIt()
    {
        TestServer server(TestServer::defaultStart(), false, kDayMs);
        const TestAccount a = server.createAccount(QStringLiteral("Watcher"), 500'00);
        QVERIFY(makeTrace(server, a));
        ConsoleFixture f(server.url(), a.viewerToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        QTRY_COMPARE(f.text(QStringLiteral("planSentence")),
                     QStringLiteral("Last 7 days: 3 calls blocked. With your 10 lines now: 3, as "
                                    "happened, 4.3 % at your busiest hour (Erlang B)"));
        QVERIFY(!f.find<QSpinBox>(QStringLiteral("linesSpin"))->isEnabled());
        QVERIFY(click(f.card(), QStringLiteral("planButton")));
        QTRY_VERIFY(f.card()->planDialog() && f.card()->planDialog()->isVisible());
        ui::CapacityPlanView *view = f.card()->planView();
        QTRY_VERIFY(labelText(view, QStringLiteral("planRecommendation"))
                        .contains(QStringLiteral("13 lines (10 included + 3 purchased), $30.00 "
                                                 "per month")));
        QCOMPARE(view->optionsView()->model()->rowCount(), view->chart()->barCount());
        QVERIFY(!view->useButton()->isVisible());
        QCOMPARE(view->useTotal(), 0);
        // The window can still be chosen: seeing is allowed.
        QVERIFY(click(view, QStringLiteral("planWindowDay")));
        QTRY_VERIFY(labelText(view, QStringLiteral("planSummary"))
                        .endsWith(QStringLiteral(": 11 calls, 1 blocked with your 10 lines.")));
        QVERIFY(!view->useButton()->isVisible());
        grabDialog(f.card()->planDialog(), QStringLiteral("plan-viewer"));
    }

    void supportSeesThePlanInTheDetail()
    {
        TestServer server(TestServer::defaultStart(), false, kDayMs);
        const TestAccount a = server.createAccount(QStringLiteral("Inspected"), 500'00);
        QVERIFY(makeTrace(server, a));
        const QString support = server.createSupportToken();
        ConsoleFixture f(server.url(), support);
        QSignalSpy sent(f.console->api(), &ApiClient::requestSent);
        QTRY_COMPARE(f.window->currentPage(), ui::MainWindow::SubscriptionsPageIndex);
        QTableView *list = f.find<QTableView>(QStringLiteral("subscriptionsView"));
        QTRY_VERIFY(list->model()->rowCount() >= 1);
        int row = -1;
        for (int r = 0; r < list->model()->rowCount(); ++r)
            if (list->model()->index(r, 0).data(SubscriptionSearchModel::IdRole).toString() ==
                a.subscriptionId)
                row = r;
        QVERIFY(row >= 0);
        list->setFocus();
        list->setCurrentIndex(list->model()->index(row, 0));
        QTest::keyClick(list, Qt::Key_Return);
        ui::SubscriptionDetailView *detail = f.window->subscriptionsPage()->detail();
        QTRY_VERIFY(f.window->subscriptionsPage()->isDetailOpen());
        QCOMPARE(planRequests(sent), 0); // a report: only asked for when looked at

        QTabBar *bar = detail->tabs()->tabBar();
        QCOMPARE(bar->tabText(ui::SubscriptionDetailView::PlanTab),
                 QStringLiteral("Capacity pla&n"));
        QTest::mouseClick(bar, Qt::LeftButton, {},
                          bar->tabRect(ui::SubscriptionDetailView::PlanTab).center());
        ui::CapacityPlanView *view = detail->planView();
        QTRY_VERIFY(view->isVisible());
        QTRY_COMPARE(
            labelText(view, QStringLiteral("planRecommendation")),
            QStringLiteral("For at most 1 % of calls blocked at your busiest hour (Erlang B): "
                           "13 lines (10 included + 3 purchased), $30.00 per month. The "
                           "replay of your calls blocks none from 12 lines on."));
        QCOMPARE(cell(view->optionsView(), 10, CapacityPlanModel::ReplayBlockedColumn),
                 QStringLiteral("3"));
        QVERIFY(!view->useButton()->isVisible());
        QCOMPARE(planRequests(sent), 1);
        QVERIFY(click(view, QStringLiteral("planTarget01")));
        QTRY_VERIFY(labelText(view, QStringLiteral("planRecommendation"))
                        .contains(QStringLiteral(": 15 lines (10 included + 5 purchased)")));
        QVERIFY(!view->useButton()->isVisible());
        QCOMPARE(server.purchasedLines(a.subscriptionId), 0);
        f.grab(QStringLiteral("plan-support"));
    }

    void failureSaysSoAndTryAgainAsks()
    {
        TestServer server(TestServer::defaultStart(), false, kDayMs);
        const TestAccount a = server.createAccount(QStringLiteral("Flaky"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        QTRY_COMPARE(f.text(QStringLiteral("planSentence")),
                     QStringLiteral("No calls in the last 7 days: nothing to plan from yet."));
        QVERIFY(click(f.card(), QStringLiteral("planButton")));
        QTRY_VERIFY(f.card()->planDialog() && f.card()->planDialog()->isVisible());
        ui::CapacityPlanView *view = f.card()->planView();

        server.service().stop();
        QVERIFY(click(view, QStringLiteral("planWindowMonth")));
        auto *error = view->findChild<ui::Notice *>(QStringLiteral("planError"));
        QTRY_VERIFY(error->isVisible());
        QCOMPARE(error->text(), QStringLiteral("<b>No plan.</b> The service did not answer."));
        QCOMPARE(f.text(QStringLiteral("planSentence")),
                 QStringLiteral("No plan from your calls: The service did not answer."));
        QVERIFY(f.button(QStringLiteral("planSentenceRetry"))->isVisible());
        QVERIFY(!view->findChild<QLabel *>(QStringLiteral("planEmpty"))->isVisible());
        grabDialog(f.card()->planDialog(), QStringLiteral("plan-failed"));

        QString problem;
        QVERIFY2(server.service().start(&problem), qPrintable(problem));
        f.console->api()->setBaseUrl(server.url());
        QVERIFY(click(view, QStringLiteral("planRetry")));
        QTRY_COMPARE(labelText(view, QStringLiteral("planEmpty")),
                     QStringLiteral("No calls in the last 30 days: nothing to plan from yet."));
        QVERIFY(!error->isVisible());
        QCOMPARE(f.text(QStringLiteral("planSentence")),
                 QStringLiteral("No calls in the last 30 days: nothing to plan from yet."));
        QVERIFY(!f.button(QStringLiteral("planSentenceRetry"))->isVisible());
    }

    void noCallsNoFigures()
    {
        TestServer server(TestServer::defaultStart(), false, kDayMs);
        const TestAccount a = server.createAccount(QStringLiteral("Quiet"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        QTRY_COMPARE(f.text(QStringLiteral("planSentence")),
                     QStringLiteral("No calls in the last 7 days: nothing to plan from yet."));
        f.typeLines(12);
        QCOMPARE(f.text(QStringLiteral("planSentence")),
                 QStringLiteral("No calls in the last 7 days: nothing to plan from yet."));
        QVERIFY(click(f.card(), QStringLiteral("planButton")));
        QTRY_VERIFY(f.card()->planDialog() && f.card()->planDialog()->isVisible());
        ui::CapacityPlanView *view = f.card()->planView();
        QLabel *empty = view->findChild<QLabel *>(QStringLiteral("planEmpty"));
        QTRY_VERIFY(empty->isVisible());
        QCOMPARE(empty->text(),
                 QStringLiteral("No calls in the last 7 days: nothing to plan from yet."));
        QVERIFY(!view->optionsView()->isVisible());
        QVERIFY(!view->chart()->isVisible());
        QVERIFY(!view->useButton()->isVisible());
        QVERIFY(click(view, QStringLiteral("planWindowMonth")));
        QTRY_COMPARE(empty->text(),
                     QStringLiteral("No calls in the last 30 days: nothing to plan from yet."));
        QTRY_VERIFY(empty->isVisible());
    }
};

QTEST_MAIN(TestCapacityPlanView)
#include "tst_capacityplanview.moc"
