#include "consolefixture.h"

#include "activecallsmodel.h"
#include "bulkseed.h"
#include "endcalldialog.h"
#include "livefeedclient.h"
#include "subscriptiondetailview.h"
#include "subscriptioninspection.h"
#include "subscriptionsearchmodel.h"
#include "subscriptionspage.h"

#include <QCheckBox>
#include <QClipboard>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>

using namespace linedesk;
using namespace linedesk::test;

// Support's Subscriptions page on real widgets against a real service: find a subscription
// by part of an org name, open it, see what it is, end a stuck call with a reason, copy its
// id, export the list; and nobody else gets the page.
class TestSubscriptionsPage : public QObject
{
    Q_OBJECT

    static ui::SubscriptionsPage *page(ConsoleFixture &f) { return f.window->subscriptionsPage(); }

private Q_SLOTS:
    void initTestCase() { prepareConsoleTests(); }

    void supportFindsInspectsAndEndsAStuckCall()
    {
        TestServer server;
        for (int i = 0; i < 6; ++i)
            server.createAccount(QStringLiteral("Acme %1").arg(i), 100'00);
        const TestAccount zebra = server.createAccount(QStringLiteral("Zebra Logistics"), 500'00);
        HttpClient http(server.url());
        const HttpResult call = http.post(QStringLiteral("/call"), zebra.adminToken, {});
        QCOMPARE(call.status, 201);
        const QString callId = call.object().value(QLatin1String("id")).toString();
        const QString support = server.createSupportToken();

        ConsoleFixture f(server.url(), support);
        QTRY_COMPARE(f.window->currentPage(), ui::MainWindow::SubscriptionsPageIndex);
        ui::SubscriptionsPage *p = page(f);
        QTableView *list = f.find<QTableView>(QStringLiteral("subscriptionsView"));
        QTRY_COMPARE(list->model()->rowCount(), 7);
        QTRY_COMPARE(p->statusText(), QStringLiteral("7 subscriptions — all shown"));
        f.grab(QStringLiteral("subscriptions-list"));

        // Part of the organization's name, typed as a user types.
        auto *search = f.find<QLineEdit>(QStringLiteral("subscriptionSearch"));
        search->setFocus();
        QSignalSpy answered(p->model(), &SubscriptionSearchModel::queryAnswered);
        QTest::keyClicks(search, QStringLiteral("bra logi"));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        QCOMPARE(answered.count(), 1); // debounced: one query for the whole word
        QCOMPARE(list->model()->index(0, 0).data(SubscriptionSearchModel::IdRole).toString(),
                 zebra.subscriptionId);
        QCOMPARE(list->model()->index(0, SubscriptionSearchModel::ActiveColumn).data().toString(),
                 QStringLiteral("1"));

        // Open with Enter.
        list->setFocus();
        list->setCurrentIndex(list->model()->index(0, 0));
        QTest::keyClick(list, Qt::Key_Return);
        QTRY_VERIFY(p->isDetailOpen());
        ui::SubscriptionDetailView *d = p->detail();
        QCOMPARE(d->subscriptionId(), zebra.subscriptionId);
        QCOMPARE(f.text(QStringLiteral("pageTitle")).isEmpty(), false);
        QCOMPARE(d->fieldText(QStringLiteral("credits")), QStringLiteral("$500.00"));
        QCOMPARE(d->fieldText(QStringLiteral("concurrencyLimitIncluded")), QStringLiteral("10"));
        QCOMPARE(d->fieldText(QStringLiteral("concurrencyLimitPurchased")), QStringLiteral("0"));
        QCOMPARE(d->fieldText(QStringLiteral("concurrencyLimit")), QStringLiteral("10"));
        QCOMPARE(d->fieldText(QStringLiteral("type")), QStringLiteral("Growth"));
        QCOMPARE(d->fieldText(QStringLiteral("version")).isEmpty(), false);
        QVERIFY(d->fieldText(QStringLiteral("period")).contains(QStringLiteral("Mar 10, 2026")));
        QCOMPARE(d->fieldText(QStringLiteral("linePrice")), QStringLiteral("$10.00 / month"));
        QTRY_COMPARE(d->fieldText(QStringLiteral("concurrencyCounter")), QStringLiteral("1"));

        // The organizations and their users.
        QTreeWidget *members = d->membersView();
        QTRY_COMPARE(members->topLevelItemCount(), 1);
        QTreeWidgetItem *org = members->topLevelItem(0);
        QCOMPARE(org->text(0), QStringLiteral("Zebra Logistics Org"));
        QCOMPARE(org->text(1), zebra.orgId);
        QCOMPARE(org->childCount(), 2);
        QStringList users;
        for (int i = 0; i < org->childCount(); ++i)
            users << org->child(i)->text(0) + QLatin1Char('/') + org->child(i)->text(2);
        QVERIFY2(users.contains(zebra.adminEmail + QStringLiteral("/Admin")),
                 qPrintable(users.join(QLatin1Char(' '))));

        // The active call, with its organization, type and age.
        QTableView *calls = d->callsView();
        QTRY_COMPARE(calls->model()->rowCount(), 1);
        QCOMPARE(calls->model()->index(0, ActiveCallsModel::IdColumn).data().toString(), callId);
        QCOMPARE(calls->model()->index(0, ActiveCallsModel::OrgColumn).data().toString(),
                 QStringLiteral("Zebra Logistics Org"));
        QCOMPARE(calls->model()->index(0, ActiveCallsModel::TypeColumn).data().toString(),
                 QStringLiteral("Outbound phone"));
        QVERIFY(!calls->model()->index(0, ActiveCallsModel::AgeColumn).data().toString().isEmpty());
        QTRY_VERIFY(d->liveFeed()->isLive());
        f.grab(QStringLiteral("subscription-detail"));

        // End call… needs a reason.
        auto *end = f.find<QPushButton>(QStringLiteral("endCallButton"));
        QVERIFY(!end->isEnabled()); // nothing selected
        calls->setCurrentIndex(calls->model()->index(0, 0));
        QVERIFY(end->isEnabled());
        QTest::mouseClick(end, Qt::LeftButton);
        QTRY_VERIFY(d->endCallDialog() && d->endCallDialog()->isVisible());
        ui::EndCallDialog *dialog = d->endCallDialog();
        QVERIFY(!dialog->endButton()->isEnabled());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("   "));
        QVERIFY(!dialog->endButton()->isEnabled()); // blank is no reason
        QTest::mouseClick(dialog->endButton(), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Stuck after carrier outage"));
        QVERIFY(dialog->endButton()->isEnabled());
        dialog->grab().save(
            qEnvironmentVariable("LINEDESK_SCREENSHOT_DIR", QStringLiteral("/nonexistent")) +
            QStringLiteral("/end-call.png"));
        QTest::mouseClick(dialog->endButton(), Qt::LeftButton);
        QTRY_COMPARE(calls->model()->rowCount(), 0);
        QTRY_COMPARE(d->fieldText(QStringLiteral("concurrencyCounter")), QStringLiteral("0"));
        QVERIFY2(d->notice()->text().contains(QStringLiteral("ended")),
                 qPrintable(d->notice()->text()));

        // The service ended it and audited who and why.
        const HttpResult audit =
            http.get(QStringLiteral("/subscription/%1/audit").arg(zebra.subscriptionId), support);
        QCOMPARE(audit.status, 200);
        bool found = false;
        for (const QJsonValue &v : audit.object().value(QLatin1String("results")).toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value(QLatin1String("action")).toString() == QLatin1String("call.end")) {
                found = true;
                QCOMPARE(e.value(QLatin1String("reason")).toString(),
                         QStringLiteral("Stuck after carrier outage"));
                QCOMPARE(e.value(QLatin1String("actor")).toString(),
                         QStringLiteral("support@test.example"));
            }
        }
        QVERIFY(found);
        const HttpResult ended = http.get(QStringLiteral("/call/%1").arg(callId), support);
        QCOMPARE(ended.object().value(QLatin1String("status")).toString(), QStringLiteral("ended"));
        // The detail's audit trail shows it too (the manual clock has not moved, so it may
        // share its time with the subscription's creation: look at every row).
        auto auditActions = [d] {
            QStringList actions;
            AuditTrailModel *m = d->inspection()->auditTrail();
            for (int r = 0; r < m->rowCount(); ++r)
                actions << m->index(r, 0).data(AuditTrailModel::ActionRole).toString();
            return actions;
        };
        QTRY_VERIFY(auditActions().contains(QStringLiteral("call.end")));

        // Support renames the ended call and then deletes its data through the calls API (as
        // an integrator's SDK would); the audit trail says so in words, without the name.
        const auto send = [&](const QByteArray &method, const QByteArray &body) {
            return http.send(method, QStringLiteral("/call/%1").arg(callId), support, body,
                             {{"Content-Type", "application/json"}});
        };
        QCOMPARE(send("PATCH", R"({"name":"Wrong number","reason":"Ticket 5521"})").status, 200);
        QCOMPARE(send("DELETE", R"({"reason":"Erasure request 88"})").status, 200);
        d->inspection()->reloadHistory();
        for (int i = 0; i < d->tabs()->count(); ++i)
            if (d->tabs()->tabText(i).remove(QLatin1Char('&')) == QLatin1String("Audit trail"))
                d->tabs()->setCurrentIndex(i);
        QCOMPARE(d->tabs()->tabText(d->tabs()->currentIndex()), QStringLiteral("A&udit trail"));
        QTRY_VERIFY(auditActions().contains(QStringLiteral("call.delete")));
        QVERIFY(auditActions().contains(QStringLiteral("call.update")));
        AuditTrailModel *trail = d->inspection()->auditTrail();
        QStringList shown;
        for (int r = 0; r < trail->rowCount(); ++r)
            for (int c = 0; c < AuditTrailModel::ColumnCount; ++c)
                shown << trail->index(r, c).data().toString();
        QVERIFY2(shown.contains(QStringLiteral("Call data deleted")),
                 qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY2(shown.contains(QStringLiteral("Call renamed by support")),
                 qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY2(shown.contains(QStringLiteral("Erasure request 88")),
                 qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY2(shown.contains(QStringLiteral("Name changed · call %1").arg(callId)),
                 qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY2(!shown.join(QLatin1Char('|')).contains(QStringLiteral("Wrong number")),
                 qPrintable(shown.join(QLatin1Char('|'))));
        f.grab(QStringLiteral("subscription-audit-call-deleted"));

        // Back to the list, where the row is still selected.
        QTest::mouseClick(f.find<QPushButton>(QStringLiteral("detailBack")), Qt::LeftButton);
        QVERIFY(!p->isDetailOpen());
    }

    // Keyboard only: Down from the search box goes into the results; Enter on a search
    // with a single result opens it.
    void keyboardFromSearchToDetail()
    {
        TestServer server;
        const TestAccount kite = server.createAccount(QStringLiteral("Kite Dental"), 100'00);
        server.createAccount(QStringLiteral("Kite Surf"), 100'00);
        server.createAccount(QStringLiteral("Otter Freight"), 100'00);
        const QString support = server.createSupportToken();
        ConsoleFixture f(server.url(), support);
        QTRY_COMPARE(f.window->currentPage(), ui::MainWindow::SubscriptionsPageIndex);
        ui::SubscriptionsPage *p = page(f);
        QTableView *list = f.find<QTableView>(QStringLiteral("subscriptionsView"));
        QTRY_COMPARE(list->model()->rowCount(), 3);
        auto *search = f.find<QLineEdit>(QStringLiteral("subscriptionSearch"));
        search->setFocus();

        QTest::keyClicks(search, QStringLiteral("kite"));
        QTRY_COMPARE(list->model()->rowCount(), 2);
        QTRY_COMPARE(p->model()->query().search, QStringLiteral("kite"));
        QTest::keyClick(search, Qt::Key_Return); // two results: Enter only searches again
        QVERIFY(!p->isDetailOpen());
        QTest::keyClick(search, Qt::Key_Down);
        QTRY_VERIFY(list->hasFocus());
        QCOMPARE(list->currentIndex().row(), 0);

        search->setFocus();
        QTest::keyClicks(search, QStringLiteral(" den"));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        QTRY_COMPARE(p->model()->query().search, QStringLiteral("kite den"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(p->isDetailOpen());
        QTRY_COMPARE(p->detail()->subscriptionId(), kite.subscriptionId);
    }

    void previewQuotesButSupportNeverBuys()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Quoted"), 500'00);
        ConsoleFixture f(server.url(), server.createSupportToken());
        ui::SubscriptionsPage *p = page(f);
        QTRY_COMPARE(p->model()->rowCount(), 1);
        p->openRow(0);
        ui::SubscriptionDetailView *d = p->detail();
        d->tabs()->setCurrentIndex(ui::SubscriptionDetailView::PreviewTab);
        d->preview(2);
        QTRY_VERIFY(
            f.text(QStringLiteral("previewResult"))
                .contains(QStringLiteral("10 included + 2 purchased = 12 concurrent calls")));
        // No control on the page buys anything.
        for (QPushButton *b : d->findChildren<QPushButton *>())
            QVERIFY2(!b->text().contains(QStringLiteral("Buy")), qPrintable(b->text()));
        QCOMPARE(server.purchasedLines(a.subscriptionId), 0);
    }

    void copyIdAndBillingView()
    {
        TestServer server;
        server.createAccount(QStringLiteral("Alpha"), 100'00);
        const TestAccount b = server.createAccount(QStringLiteral("Beta"), 100'00);
        ConsoleFixture f(server.url(), server.createSupportToken());
        ui::SubscriptionsPage *p = page(f);
        QTableView *list = p->view();
        QTRY_COMPARE(list->model()->rowCount(), 2);
        const int row =
            list->model()->index(0, 0).data(SubscriptionSearchModel::IdRole) == b.subscriptionId
                ? 0
                : 1;
        QApplication::clipboard()->clear();
        list->setFocus();
        list->setCurrentIndex(list->model()->index(row, 0));
        QTest::keyClick(list, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), b.subscriptionId);
        QApplication::clipboard()->clear();
        auto *copy = f.find<QPushButton>(QStringLiteral("copyIdButton"));
        QVERIFY(copy->isEnabled());
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), b.subscriptionId);

        // Detail → Open Billing view: the customer's Billing page, read-only for support.
        p->openRow(row);
        QApplication::clipboard()->clear();
        QTest::mouseClick(f.find<QPushButton>(QStringLiteral("detailCopyId")), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), b.subscriptionId);
        QTest::mouseClick(f.find<QPushButton>(QStringLiteral("openBillingView")), Qt::LeftButton);
        QCOMPARE(f.window->currentPage(), ui::MainWindow::BillingPageIndex);
        QTRY_VERIFY(f.signedInWithSubscription());
        QCOMPARE(f.session()->currentSubscriptionId(), b.subscriptionId);
        QCOMPARE(f.session()->role(), Session::Role::Support);
        QCOMPARE(f.text(QStringLiteral("billingCredits")), QStringLiteral("$100.00"));
        // Subscriptions in the navigation returns to the detail left open.
        QTest::mouseClick(f.find<QToolButton>(QStringLiteral("navSubscriptions")), Qt::LeftButton);
        QCOMPARE(f.window->currentPage(), ui::MainWindow::SubscriptionsPageIndex);
        QVERIFY(p->isDetailOpen());
    }

    void selectedRowStaysWhileScrollingFar()
    {
        // The list holds a window of pages: far down, the rows left behind are dropped, but
        // the selected one stays (copy id), and rows scrolled back to come back in place.
        TestServer server;
        server::BulkSeed::run(server.db(), 2000, server.clock().now(), 5);
        ConsoleFixture f(server.url(), server.createSupportToken());
        ui::SubscriptionsPage *p = page(f);
        SubscriptionSearchModel *model = p->model();
        model->setMaxCachedRows(600);
        QTableView *list = p->view();
        QTRY_COMPARE(model->rowCount(), 200);
        list->setFocus();
        list->setCurrentIndex(model->index(3, 0));
        const QString selected = model->at(3).subscription.id;
        QString farRow; // row 450's id, as it first arrives
        connect(model, &QAbstractItemModel::rowsInserted, this,
                [&](const QModelIndex &, int first, int last) {
                    if (first <= 450 && 450 <= last)
                        farRow = model->at(450).subscription.id;
                });
        QCOMPARE(model->keptRow(), 3);
        // The user drags the scroll bar to the end again and again.
        QVERIFY(QTest::qWaitFor(
            [&] {
                list->scrollToBottom();
                return model->rowCount() >= 1600 && !model->isFetchingMore();
            },
            30000));
        QTRY_VERIFY(model->cachedRowCount() <= 600);
        QVERIFY(model->isRowLoaded(3));
        QVERIFY(!model->isRowLoaded(450));
        QVERIFY(!farRow.isEmpty());
        QVERIFY(p->statusText().endsWith(QStringLiteral("scroll for more")) ||
                p->statusText().endsWith(QStringLiteral("all shown")));
        QApplication::clipboard()->clear();
        QTest::keyClick(list, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), selected);

        // Back up to row 450: placeholders for a moment, then the same rows in place.
        const int rows = model->rowCount();
        list->scrollTo(model->index(450, 0), QAbstractItemView::PositionAtTop);
        QCOMPARE(model->index(450, 0).data().toString(), QStringLiteral("…"));
        f.grab(QStringLiteral("subscriptions-placeholders"));
        QTRY_VERIFY(model->isRowLoaded(450));
        QCOMPARE(model->at(450).subscription.id, farRow);
        QCOMPARE(model->rowCount(), rows);
        QCOMPARE(list->verticalScrollBar()->value(), 450);
        QVERIFY(model->cachedRowCount() <= 600);
        QVERIFY(model->isRowLoaded(3));
        f.grab(QStringLiteral("subscriptions-scrolled-back"));

        // A row opened (Enter) while it is a placeholder opens when its page is back.
        const int far = rows - 1;
        QVERIFY(!model->isRowLoaded(far));
        list->setCurrentIndex(model->index(far, 0));
        QCOMPARE(model->keptRow(), far);
        QTest::keyClick(list, Qt::Key_Return);
        QVERIFY(!p->isDetailOpen());
        QTRY_VERIFY(p->isDetailOpen());
        QCOMPARE(p->detail()->subscriptionId(), model->at(far).subscription.id);
    }

    void headerSortsAndFiltersCombine()
    {
        TestServer server;
        server.createAccount(QStringLiteral("Small"), 1'00);
        server.createAccount(QStringLiteral("Large"), 900'00, 10, QStringLiteral("enterprise"));
        const TestAccount frozen = server.createAccount(QStringLiteral("Cold"), 50'00);
        server.db().exec(QStringLiteral("UPDATE subscription SET status = 'frozen' WHERE id = :id"),
                         QVariantMap{{QStringLiteral(":id"), frozen.subscriptionId}});
        ConsoleFixture f(server.url(), server.createSupportToken());
        ui::SubscriptionsPage *p = page(f);
        QTableView *list = p->view();
        QTRY_COMPARE(list->model()->rowCount(), 3);
        QHeaderView *header = list->horizontalHeader();
        QSignalSpy answered(p->model(), &SubscriptionSearchModel::queryAnswered);
        const int x = header->sectionViewportPosition(SubscriptionSearchModel::CreditsColumn) +
                      header->sectionSize(SubscriptionSearchModel::CreditsColumn) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        QTRY_COMPARE(answered.count(), 1);
        QCOMPARE(header->sortIndicatorSection(), int(SubscriptionSearchModel::CreditsColumn));
        const QString firstSort = p->model()->query().sort;
        QVERIFY(firstSort == QLatin1String("credits") || firstSort == QLatin1String("-credits"));
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        QTRY_COMPARE(answered.count(), 2);
        QCOMPARE(p->model()->query().sort, firstSort == QLatin1String("credits")
                                               ? QStringLiteral("-credits")
                                               : QStringLiteral("credits"));
        QCOMPARE(list->model()->index(0, 0).data(SubscriptionSearchModel::NameRole).toString(),
                 p->model()->query().sort == QLatin1String("-credits") ? QStringLiteral("Large")
                                                                       : QStringLiteral("Small"));

        QTest::mouseClick(f.find<QCheckBox>(QStringLiteral("filterFrozen")), Qt::LeftButton);
        QTRY_COMPARE(list->model()->rowCount(), 1);
        QCOMPARE(list->model()->index(0, 0).data(SubscriptionSearchModel::IdRole).toString(),
                 frozen.subscriptionId);
        QTest::mouseClick(f.find<QCheckBox>(QStringLiteral("filterAtLimit")), Qt::LeftButton);
        QTRY_COMPARE(list->model()->rowCount(), 0);
        QTRY_VERIFY(f.find<QLabel>(QStringLiteral("subscriptionsEmpty"))->isVisible());
        QVERIFY(f.text(QStringLiteral("subscriptionsEmpty")).contains(QStringLiteral("filters")));
        f.grab(QStringLiteral("subscriptions-empty"));
        QTest::mouseClick(f.find<QPushButton>(QStringLiteral("clearSubscriptionFilters")),
                          Qt::LeftButton);
        QTRY_COMPARE(list->model()->rowCount(), 3);
        QVERIFY(!f.find<QCheckBox>(QStringLiteral("filterFrozen"))->isChecked());
    }

    void exportWritesAllMatchingRows()
    {
        TestServer server;
        for (int i = 0; i < 12; ++i)
            server.createAccount(QStringLiteral("Export %1").arg(i), 10'00);
        server.createAccount(QStringLiteral("Other"), 10'00);
        ConsoleFixture f(server.url(), server.createSupportToken());
        ui::SubscriptionsPage *p = page(f);
        p->model()->setPageSize(5); // the list holds 5; the export must still write all 12
        auto *search = f.find<QLineEdit>(QStringLiteral("subscriptionSearch"));
        search->setText(QStringLiteral("export"));
        QTRY_VERIFY(p->model()->hasLoaded() &&
                    p->model()->query().search == QLatin1String("export"));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("subscriptions.csv"));
        QSignalSpy done(p, &ui::SubscriptionsPage::exportFinished);
        p->exportCsv(path);
        QTRY_COMPARE(done.count(), 1);
        QVERIFY(done.at(0).at(0).toBool());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 12 + 2); // header, 12 rows, the empty rest after the last CRLF
        for (int i = 1; i <= 12; ++i)
            QVERIFY(lines.at(i).contains(",Export "));
    }

    void othersDoNotGetThePage()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Customer"), 10'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(!f.find<QToolButton>(QStringLiteral("navSubscriptions"))->isVisible());
        QSignalSpy sent(f.console->api(), &ApiClient::requestSent);
        f.window->showPage(ui::MainWindow::SubscriptionsPageIndex);
        QCOMPARE(f.window->currentPage(), ui::MainWindow::OverviewPageIndex);
        QTest::keyClick(f.window.get(), Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(f.window->currentPage(), ui::MainWindow::OverviewPageIndex);
        QVERIFY(!page(f)->isVisible());
        // Never even asked: the console then reads the customer's own subscription, and once
        // that and everything sent before it has been answered, no request went for the list.
        const qsizetype before = sent.count();
        f.console->session()->refreshSubscription();
        QCOMPARE(sent.count(), before + 1);
        QTRY_COMPARE(f.console->api()->requestsInFlight(), 0);
        for (const QList<QVariant> &request : std::as_const(sent))
            QVERIFY2(request.at(1).toString() != QLatin1String("/subscription"),
                     "the subscription list was asked for");
        QVERIFY(!page(f)->model()->isLoading());
        QCOMPARE(page(f)->model()->hasLoaded(), false);
    }
};

QTEST_MAIN(TestSubscriptionsPage)
#include "tst_subscriptionspage.moc"
