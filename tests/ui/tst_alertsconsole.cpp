#include "consolefixture.h"

#include "alertbanner.h"
#include "alertcenter.h"
#include "alertlistmodel.h"
#include "alertlook.h"
#include "alertnavbutton.h"
#include "alertnotifier.h"
#include "alertruleseditor.h"
#include "alertspage.h"
#include "livefeedclient.h"
#include "localeformat.h"
#include "webhookmodels.h"
#include "webhookreceiver.h"
#include "webhooksview.h"

#include <QCheckBox>
#include <QDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QToolButton>

using namespace linedesk;
using namespace linedesk::test;

namespace {

// Signed in, the feed live, and the alerts' rules and firing list read once.
bool waitReady(ConsoleFixture &f)
{
    return QTest::qWaitFor(
        [&f] {
            AlertCenter *c = f.window->alertCenter();
            return f.signedInWithSubscription() && f.console->liveFeed()->isLive() &&
                   c->hasRules() && c->hasFiringLoaded();
        },
        10000);
}

QColor centreColour(const QIcon &icon)
{
    return icon.pixmap(QSize(16, 16)).toImage().pixelColor(8, 8);
}

QString callPath(const QString &id, const char *tail = "")
{
    return QStringLiteral("/call/%1%2").arg(id, QLatin1String(tail));
}

} // namespace

// The console's alerts on real widgets against a real service: a call blocked through the
// API fires the service's blocked alert, and the window (and, where there is one, the tray)
// tells the user; rules and webhooks are edited as a user does.
class TestAlertsConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareConsoleTests(); }

    void blockedCallNotifiesInTheWindow()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Alerts Blocked"), 500'00, 5);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(waitReady(f));
        ui::MainWindow *w = f.window.get();
        AlertCenter *center = w->alertCenter();
        ui::AlertNotifier *notifier = w->alertNotifier();
        ui::AlertBanner *banner = w->alertBanner();
        // Offscreen there is no tray: the window alone tells the user.
        QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
        QVERIFY(!notifier->hasTray());

        // The Alerts page before anything happened says what will appear there.
        QTest::mouseClick(f.find<QToolButton>(QStringLiteral("navAlerts")), Qt::LeftButton);
        QCOMPARE(w->currentPage(), ui::MainWindow::AlertsPageIndex);
        ui::AlertsPage *page = w->alertsPage();
        QTRY_VERIFY(page->isShowingEmptyState());
        QVERIFY(f.text(QStringLiteral("alertsEmptyText"))
                    .startsWith(QStringLiteral("Alerts appear here")));
        QTRY_COMPARE(center->level(), LimitLevel::Ok);
        QCOMPARE(notifier->trayLevel(), LimitLevel::Ok);
        QCOMPARE(center->tooltip(), QStringLiteral("Linedesk — 0 of 5 lines in use"));
        QCOMPARE(f.text(QStringLiteral("alertsFiring")), QStringLiteral("No alert firing"));

        // Four of five lines: near the limit (80 %); five: at it.
        HttpClient http(server.url());
        QStringList calls;
        for (int i = 1; i <= 5; ++i) {
            server.clock().advance(1000);
            const HttpResult r = http.post(QStringLiteral("/call"), a.adminToken, {});
            QCOMPARE(r.status, 201);
            calls << r.object().value(QLatin1String("id")).toString();
            if (i == 4) {
                QTRY_COMPARE(center->level(), LimitLevel::Near);
                QCOMPARE(center->tooltip(),
                         QStringLiteral("Linedesk — 4 of 5 lines in use: near the limit"));
            }
        }
        QTRY_COMPARE(center->level(), LimitLevel::AtLimit);
        QCOMPARE(notifier->trayLevel(), LimitLevel::AtLimit);
        QCOMPARE(center->tooltip(), QStringLiteral("Linedesk — 5 of 5 lines in use: at the limit"));
        QCOMPARE(f.text(QStringLiteral("alertsLevel")),
                 QStringLiteral("5 of 5 lines in use — at the limit"));

        // One more call: blocked, and the service fires its blocked alert.
        server.clock().advance(1000);
        const QDateTime blockedAt = server.clock().now();
        const HttpResult blocked = http.post(QStringLiteral("/call"), a.adminToken, {});
        QCOMPARE(blocked.object().value(QLatin1String("status")).toString(),
                 QStringLiteral("ended"));
        QTRY_VERIFY(banner->isShowing());
        QCOMPARE(banner->message(), QStringLiteral("Calls blocked: 1 call blocked at 5 lines"));
        QVERIFY(banner->notice()->isVisible());
        QCOMPARE(banner->notice()->text(), banner->message());
        QCOMPARE(banner->notice()->kind(), ui::Notice::Kind::Error);
        QVERIFY(f.button(QStringLiteral("alertOpenLive"))->isVisible());
        f.grab(QStringLiteral("alerts-banner"));

        // The list has it at once (no refresh), firing and set apart.
        QAbstractItemModel *model = page->alertsTable()->model();
        QTRY_COMPARE(model->rowCount(), 1);
        QVERIFY(!page->isShowingEmptyState());
        QCOMPARE(model->index(0, AlertListModel::AlertColumn).data().toString(),
                 QStringLiteral("Calls blocked"));
        QCOMPARE(model->index(0, AlertListModel::StateColumn).data().toString(),
                 QStringLiteral("Firing"));
        QCOMPARE(model->index(0, AlertListModel::DetailsColumn).data().toString(),
                 QStringLiteral("1 call blocked at 5 lines"));
        QCOMPARE(model->index(0, AlertListModel::FiredColumn).data().toString(),
                 format::dateTime(blockedAt));
        QCOMPARE(model->index(0, AlertListModel::ResolvedColumn).data().toString(),
                 QStringLiteral("—"));
        QCOMPARE(model->index(0, AlertListModel::DetailsColumn)
                     .data(Qt::BackgroundRole)
                     .value<QBrush>()
                     .color(),
                 ui::alertlook::firingRowBackground());
        QVERIFY(!model->index(0, AlertListModel::AlertColumn)
                     .data(Qt::DecorationRole)
                     .value<QIcon>()
                     .isNull());
        // The count on the Alerts button and in the page's header.
        QTRY_COMPARE(w->alertsNavButton()->count(), 1);
        QVERIFY(w->alertsNavButton()->rect().contains(w->alertsNavButton()->badgeRect()));
        QCOMPARE(f.text(QStringLiteral("alertsFiring")), QStringLiteral("1 alert firing"));

        // Use drops, but while the blocked episode lasts the tray stays red.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(http.post(callPath(calls.at(i), "/end"), a.adminToken, {}).status, 200);
        QTRY_COMPARE(center->active(), 3);
        QCOMPARE(center->level(), LimitLevel::AtLimit);
        QCOMPARE(center->tooltip(),
                 QStringLiteral("Linedesk — 3 of 5 lines in use: calls are being blocked"));

        // Open Live from the notification, wherever the user is.
        w->showPage(ui::MainWindow::BillingPageIndex);
        QTest::mouseClick(f.button(QStringLiteral("alertOpenLive")), Qt::LeftButton);
        QCOMPARE(w->currentPage(), ui::MainWindow::LivePageIndex);
        QVERIFY(!banner->isShowing());
        f.grab(QStringLiteral("alerts-after-blocked"));
    }

    void trayShowsTheLevelAndItsMessageOpensLive()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Alerts Tray"), 500'00, 2);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(waitReady(f));
        ui::MainWindow *w = f.window.get();
        ui::AlertNotifier *notifier = w->alertNotifier();
        // As on a desktop with a tray.
        notifier->setTrayAvailable(true);
        QSystemTrayIcon *tray = notifier->trayIcon();
        QVERIFY(tray);
        QTRY_COMPARE(tray->toolTip(), QStringLiteral("Linedesk — 0 of 2 lines in use"));
        QCOMPARE(centreColour(tray->icon()), ui::alertlook::levelColor(LimitLevel::Ok));
        QMenu *menu = notifier->trayMenu();
        QVERIFY(menu);
        QVERIFY(menu->findChild<QAction *>(QStringLiteral("trayShow")));
        QVERIFY(menu->findChild<QAction *>(QStringLiteral("trayQuit")));

        HttpClient http(server.url());
        for (int i = 0; i < 2; ++i) {
            server.clock().advance(1000);
            QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        }
        QTRY_COMPARE(notifier->trayLevel(), LimitLevel::AtLimit);
        QCOMPARE(tray->toolTip(), QStringLiteral("Linedesk — 2 of 2 lines in use: at the limit"));
        QCOMPARE(centreColour(tray->icon()), ui::alertlook::levelColor(LimitLevel::AtLimit));
        QCOMPARE(notifier->trayMessagesShown(), 0);

        server.clock().advance(1000);
        QVERIFY(http.post(QStringLiteral("/call"), a.adminToken, {}).status != 0); // blocked
        QTRY_COMPARE(notifier->trayMessagesShown(), 1);
        QCOMPARE(notifier->lastTrayMessage().title(), QStringLiteral("Calls blocked"));
        QCOMPARE(notifier->lastTrayMessage().text(), QStringLiteral("1 call blocked at 2 lines"));
        QCOMPARE(notifier->lastTrayMessage().urgency, AlertNotification::Urgency::Critical);
        // The window says it too.
        QVERIFY(w->alertBanner()->isShowing());

        // A click on the tray message: the window comes up on the Live page.
        w->showPage(ui::MainWindow::BillingPageIndex);
        Q_EMIT tray->messageClicked();
        QCOMPARE(w->currentPage(), ui::MainWindow::LivePageIndex);
    }

    // An admin of two organizations hears of the other one's alerts too, and the notification
    // takes them there.
    void otherOrganizationsAlertSwitchesThere()
    {
        TestServer server;
        const TestAccount home = server.createAccount(QStringLiteral("Alerts Home"), 500'00);
        const TestAccount other = server.createAccount(QStringLiteral("Alerts Other"), 500'00, 1);
        server.accounts().addMembership(
            other.orgId, server.accounts().userIdByEmail(home.adminEmail), QStringLiteral("admin"));
        ConsoleFixture f(server.url(), home.adminToken);
        QVERIFY(waitReady(f));
        QCOMPARE(f.session()->currentSubscriptionId(), home.subscriptionId);
        AlertCenter *center = f.window->alertCenter();
        QTRY_COMPARE(center->otherSubscriptions(), QStringList{other.subscriptionId});

        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/call"), other.adminToken, {}).status, 201);
        server.clock().advance(1000);
        QVERIFY(http.post(QStringLiteral("/call"), other.adminToken, {}).status != 0);
        ui::AlertBanner *banner = f.window->alertBanner();
        QTRY_VERIFY(banner->isShowing());
        QCOMPARE(banner->message(),
                 QStringLiteral("Alerts Other Org: Calls blocked: 1 call blocked at 1 line"));
        // Not this subscription's: its count and level stay as they were.
        QCOMPARE(center->firingCount(), 0);
        QCOMPARE(f.window->alertsNavButton()->count(), 0);
        QCOMPARE(center->level(), LimitLevel::Ok);

        QTest::mouseClick(f.button(QStringLiteral("alertOpenLive")), Qt::LeftButton);
        QCOMPARE(f.window->currentPage(), ui::MainWindow::LivePageIndex);
        QCOMPARE(f.session()->currentOrgId(), other.orgId);
        QTRY_COMPARE(f.session()->currentSubscriptionId(), other.subscriptionId);
        // Now it is the current one: its firing alert counts, and home is followed instead.
        QTRY_COMPARE(center->firingCount(), 1);
        QTRY_COMPARE(f.window->alertsNavButton()->count(), 1);
        QTRY_COMPARE(center->otherSubscriptions(), QStringList{home.subscriptionId});
        QTRY_COMPARE(center->level(), LimitLevel::AtLimit);
    }

    void adminEditsRulesAndTheyPersist()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Alerts Rules"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(waitReady(f));
        f.window->showPage(ui::MainWindow::AlertsPageIndex);
        ui::AlertsPage *page = f.window->alertsPage();
        QTabBar *bar = page->tabs()->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {},
                          bar->tabRect(ui::AlertsPage::RulesSection).center());
        QCOMPARE(page->tabs()->currentIndex(), int(ui::AlertsPage::RulesSection));
        ui::AlertRulesEditor *editor = page->rulesEditor();
        QVERIFY(editor->isVisible());

        auto *percent = f.find<QSpinBox>(QStringLiteral("nearLimitPercent"));
        auto *seconds = f.find<QSpinBox>(QStringLiteral("nearLimitSeconds"));
        auto *days = f.find<QSpinBox>(QStringLiteral("renewalDays"));
        auto *renewal = f.find<QCheckBox>(QStringLiteral("renewalCheck"));
        auto *frozen = f.find<QCheckBox>(QStringLiteral("frozenCheck"));
        QPushButton *save = f.button(QStringLiteral("saveRules"));
        QTRY_COMPARE(f.text(QStringLiteral("rulesUpdated")),
                     QStringLiteral("These are the default rules; nobody has changed them yet."));
        QCOMPARE(percent->value(), 80);
        QCOMPARE(seconds->value(), 60);
        QCOMPARE(days->value(), 3);
        QVERIFY(percent->isEnabled() && renewal->isEnabled() && renewal->isChecked());
        // The controls allow only what the service accepts.
        QCOMPARE(percent->minimum(), 1);
        QCOMPARE(percent->maximum(), 100);
        QCOMPARE(seconds->minimum(), 0);
        QCOMPARE(seconds->maximum(), 3600);
        QCOMPARE(days->minimum(), 1);
        QCOMPARE(days->maximum(), 30);
        QVERIFY(save->isVisible());
        QVERIFY(!save->isEnabled()); // nothing changed yet
        QVERIFY(!f.find<QLabel>(QStringLiteral("rulesRoleNote"))->isVisible());
        QCOMPARE(f.text(QStringLiteral("nearLimitThreshold")),
                 QStringLiteral("With 10 lines that is 8 calls or more at once."));

        percent->setFocus();
        percent->selectAll();
        QTest::keyClicks(percent, QStringLiteral("90"));
        QCOMPARE(f.text(QStringLiteral("nearLimitThreshold")),
                 QStringLiteral("With 10 lines that is 9 calls or more at once."));
        seconds->setFocus();
        seconds->selectAll();
        QTest::keyClicks(seconds, QStringLiteral("120"));
        QTest::mouseClick(renewal, Qt::LeftButton);
        QVERIFY(!renewal->isChecked());
        QVERIFY(!days->isEnabled());
        QVERIFY(save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(editor->notice()->kind(), ui::Notice::Kind::Success);
        QVERIFY2(editor->notice()->text().startsWith(QStringLiteral("Saved.")),
                 qPrintable(editor->notice()->text()));
        QVERIFY(!save->isEnabled());

        // On the service, as saved.
        HttpClient http(server.url());
        const QString path = QStringLiteral("/subscription/%1/alert-rules").arg(a.subscriptionId);
        HttpResult r = http.get(path, a.adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("nearLimitPercent")).toInt(), 90);
        QCOMPARE(r.object().value(QLatin1String("nearLimitSeconds")).toInt(), 120);
        QVERIFY(r.object().value(QLatin1String("renewalWarningDays")).isNull());
        QCOMPARE(r.object().value(QLatin1String("onFrozen")).toBool(), true);
        QCOMPARE(r.object().value(QLatin1String("version")).toInt(), 1);
        QCOMPARE(r.object().value(QLatin1String("updatedBy")).toString(), a.adminEmail);
        QCOMPARE(r.header("ETag"), QByteArray("\"1\""));

        // A console started afresh reads them back.
        {
            ConsoleFixture g(server.url(), a.adminToken);
            QVERIFY(waitReady(g));
            g.window->showPage(ui::MainWindow::AlertsPageIndex);
            g.window->alertsPage()->showSection(ui::AlertsPage::RulesSection);
            QTRY_COMPARE(g.find<QSpinBox>(QStringLiteral("nearLimitPercent"))->value(), 90);
            QCOMPARE(g.find<QSpinBox>(QStringLiteral("nearLimitSeconds"))->value(), 120);
            QVERIFY(!g.find<QCheckBox>(QStringLiteral("renewalCheck"))->isChecked());
            QVERIFY(g.text(QStringLiteral("rulesUpdated")).contains(a.adminEmail));
            QCOMPARE(g.window->alertCenter()->rules().nearPercent(), 90);
        }

        // Someone else saves meanwhile: our Save meets 412, and the form shows theirs.
        r = http.send("PUT", path, a.adminToken, R"({"nearLimitPercent":70})",
                      {{"If-Match", "\"1\""}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("version")).toInt(), 2);
        QTest::mouseClick(frozen, Qt::LeftButton);
        QVERIFY(!frozen->isChecked());
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(editor->notice()->kind(), ui::Notice::Kind::Warning);
        QVERIFY2(editor->notice()->text().startsWith(
                     QStringLiteral("Someone else changed the rules while you were editing — "
                                    "reloaded.")),
                 qPrintable(editor->notice()->text()));
        QCOMPARE(percent->value(), 70);
        QVERIFY(frozen->isChecked());  // theirs: {} with 70 left onFrozen at its default
        QVERIFY(renewal->isChecked()); // and renewal back on
        QCOMPARE(f.window->alertCenter()->rules().version, 2);
        QVERIFY(!editor->isDirty());

        // A value the controls never allow: the service's 400 is shown, and nothing changes.
        AlertRules bad = editor->editedRules();
        bad.nearLimitPercent = 0;
        editor->submit(bad);
        QTRY_COMPARE(editor->notice()->kind(), ui::Notice::Kind::Error);
        QVERIFY2(editor->notice()->text().contains(
                     QStringLiteral("nearLimitPercent must be a whole number from 1 to 100")),
                 qPrintable(editor->notice()->text()));
        r = http.get(path, a.adminToken);
        QCOMPARE(r.object().value(QLatin1String("version")).toInt(), 2);
        QCOMPARE(r.object().value(QLatin1String("nearLimitPercent")).toInt(), 70);
        f.grab(QStringLiteral("alerts-rules"));
    }

    void viewerSeesEverythingReadOnly()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Alerts Viewer"), 500'00, 1);
        // A blocked episode before the viewer signs in.
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        server.clock().advance(1000);
        QVERIFY(http.post(QStringLiteral("/call"), a.adminToken, {}).status != 0);

        ConsoleFixture f(server.url(), a.viewerToken);
        QVERIFY(waitReady(f));
        QCOMPARE(f.session()->role(), Session::Role::Viewer);
        ui::MainWindow *w = f.window.get();
        w->showPage(ui::MainWindow::AlertsPageIndex);
        ui::AlertsPage *page = w->alertsPage();
        // The list, as everyone sees it.
        QTRY_COMPARE(page->alertsTable()->model()->rowCount(), 1);
        QCOMPARE(
            page->alertsTable()->model()->index(0, AlertListModel::StateColumn).data().toString(),
            QStringLiteral("Firing"));
        QTRY_COMPARE(w->alertsNavButton()->count(), 1);
        // Already firing when the viewer signed in: counted, but not news.
        QVERIFY(!w->alertBanner()->isShowing());

        // Rules: shown, every control off, and why.
        page->showSection(ui::AlertsPage::RulesSection);
        QVERIFY(page->rulesEditor()->isVisible());
        for (const char *name : {"nearLimitCheck", "blockedCheck", "renewalCheck", "frozenCheck"})
            QVERIFY2(!f.find<QCheckBox>(QLatin1String(name))->isEnabled(), name);
        for (const char *name : {"nearLimitPercent", "nearLimitSeconds", "renewalDays"})
            QVERIFY2(!f.find<QSpinBox>(QLatin1String(name))->isEnabled(), name);
        QCOMPARE(f.find<QSpinBox>(QStringLiteral("nearLimitPercent"))->value(), 80);
        QVERIFY(!f.button(QStringLiteral("saveRules"))->isVisible());
        auto *note = f.find<QLabel>(QStringLiteral("rulesRoleNote"));
        QVERIFY(note->isVisible());
        QVERIFY2(note->text().contains(QStringLiteral("only an admin of the organization can "
                                                      "change the alert rules")),
                 qPrintable(note->text()));
        // Webhooks are not for viewers.
        QVERIFY(!page->tabs()->isTabVisible(ui::AlertsPage::WebhooksSection));
        f.grab(QStringLiteral("alerts-viewer-rules"));
    }

    void supportReadsRulesAndWebhooks()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Alerts Support"), 500'00);
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/webhooks").arg(a.subscriptionId),
                           a.adminToken,
                           {{QStringLiteral("url"), QStringLiteral("https://hooks.example.com/a")},
                            {QStringLiteral("secret"), QStringLiteral("s3cret-s3cret-s3cret")}})
                     .status,
                 201);
        const QString support = server.createSupportToken();
        ConsoleFixture f(server.url(), support);
        QTRY_VERIFY(f.session()->state() == Session::State::SignedIn);
        f.session()->inspectSubscription(a.subscriptionId, QStringLiteral("Alerts Support"));
        QVERIFY(waitReady(f));
        QCOMPARE(f.session()->role(), Session::Role::Support);
        f.window->showPage(ui::MainWindow::AlertsPageIndex);
        ui::AlertsPage *page = f.window->alertsPage();
        QVERIFY(page->tabs()->isTabVisible(ui::AlertsPage::WebhooksSection));
        page->showSection(ui::AlertsPage::WebhooksSection);
        QTableView *table = page->webhooksView()->webhooksTable();
        QTRY_COMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, WebhookModel::UrlColumn).data().toString(),
                 QStringLiteral("https://hooks.example.com/a"));
        QCOMPARE(table->model()->index(0, WebhookModel::SecretColumn).data().toString(),
                 QStringLiteral("…cret"));
        QVERIFY(!f.button(QStringLiteral("addWebhook"))->isVisible());
        QVERIFY(!f.button(QStringLiteral("removeWebhook"))->isVisible());
        QVERIFY(f.find<QLabel>(QStringLiteral("webhooksRoleNote"))->isVisible());
        page->showSection(ui::AlertsPage::RulesSection);
        QVERIFY(!f.find<QCheckBox>(QStringLiteral("blockedCheck"))->isEnabled());
        QVERIFY(
            f.text(QStringLiteral("rulesRoleNote")).startsWith(QStringLiteral("Support staff")));
    }

    void adminManagesWebhooksAndSeesDeliveries()
    {
        // The receiver fails the first attempt, then takes the retry.
        WebhookReceiver receiver({503, 200});
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Alerts Hooks"), 500'00, 1);
        ConsoleFixture f(server.url(), a.adminToken);
        QVERIFY(waitReady(f));
        f.window->showPage(ui::MainWindow::AlertsPageIndex);
        ui::AlertsPage *page = f.window->alertsPage();
        page->showSection(ui::AlertsPage::WebhooksSection);
        ui::WebhooksView *view = page->webhooksView();
        QTRY_VERIFY(f.find<QLabel>(QStringLiteral("webhooksEmpty"))->isVisible());
        QVERIFY(!f.find<QLabel>(QStringLiteral("webhooksRoleNote"))->isVisible());

        QTest::mouseClick(f.button(QStringLiteral("addWebhook")), Qt::LeftButton);
        QPointer<QDialog> dialog = f.find<QDialog>(QStringLiteral("addWebhookDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("webhookUrl"));
        auto *secret = dialog->findChild<QLineEdit *>(QStringLiteral("webhookSecret"));
        auto *notice = dialog->findChild<ui::Notice *>(QStringLiteral("addWebhookNotice"));
        QPushButton *add = dialog->findChild<QPushButton *>(QStringLiteral("confirmAddWebhook"));
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        QVERIFY(!add->isEnabled());

        // The service's refusals, in its words; the dialog stays.
        QTest::keyClicks(url, QStringLiteral("ftp://example.com/hook"));
        QTest::keyClicks(secret, QStringLiteral("short"));
        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_COMPARE(notice->kind(), ui::Notice::Kind::Error);
        QVERIFY2(
            notice->text().contains(QStringLiteral("must be an absolute http:// or https:// URL")),
            qPrintable(notice->text()));
        url->clear();
        QTest::keyClicks(url, receiver.url());
        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_VERIFY(notice->text().contains(QStringLiteral("secret must be 16 to 256 characters")));
        QVERIFY(dialog->isVisible());
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("generateSecret")),
                          Qt::LeftButton);
        QCOMPARE(secret->text().size(), 32);
        QCOMPARE(secret->echoMode(), QLineEdit::Normal); // shown, to copy into the receiver
        const QString generated = secret->text();
        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_VERIFY(!dialog || !dialog->isVisible());

        QTableView *table = view->webhooksTable();
        QTRY_COMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, WebhookModel::UrlColumn).data().toString(),
                 receiver.url());
        QCOMPARE(table->model()->index(0, WebhookModel::SecretColumn).data().toString(),
                 QStringLiteral("…") + generated.right(4));
        QTRY_COMPARE(f.text(QStringLiteral("deliveriesTitle")),
                     QStringLiteral("Deliveries to ") + receiver.url());

        // An alert: its delivery reaches the receiver and shows in the log.
        HttpClient http(server.url());
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        server.clock().advance(1000);
        QVERIFY(http.post(QStringLiteral("/call"), a.adminToken, {}).status != 0);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 1, 10000);
        QCOMPARE(receiver.requests.first().headers.value("linedesk-event"),
                 QByteArray("alert.firing"));
        QVERIFY(receiver.requests.first().body.contains("\"kind\":\"blocked\""));
        QAbstractItemModel *deliveries = view->deliveriesTable()->model();
        auto cell = [deliveries](int column) { return deliveries->index(0, column).data(); };
        QTRY_VERIFY_WITH_TIMEOUT(deliveries->rowCount() == 1 &&
                                     cell(WebhookDeliveryModel::AttemptsColumn).toInt() == 1,
                                 10000);
        QCOMPARE(cell(WebhookDeliveryModel::StateColumn).toString(), QStringLiteral("Retrying"));
        QCOMPARE(cell(WebhookDeliveryModel::LastResultColumn).toString(),
                 QStringLiteral("HTTP 503"));
        QVERIFY(cell(WebhookDeliveryModel::DeliveredColumn)
                    .toString()
                    .startsWith(QStringLiteral("next try ")));
        QCOMPARE(cell(WebhookDeliveryModel::AlertColumn).toString(),
                 QStringLiteral("Calls blocked — firing"));
        // The retry is due 2 s later on the service's clock; the log follows by itself.
        server.clock().advance(3000);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(WebhookDeliveryModel::StateColumn).toString(),
                                  QStringLiteral("Delivered"), 10000);
        QCOMPARE(cell(WebhookDeliveryModel::AttemptsColumn).toInt(), 2);
        QCOMPARE(cell(WebhookDeliveryModel::LastResultColumn).toString(),
                 QStringLiteral("HTTP 200"));
        QVERIFY(cell(WebhookDeliveryModel::StateColumn).isValid());
        QVERIFY(deliveries->index(0, WebhookDeliveryModel::LastResultColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("HTTP 503")));
        f.grab(QStringLiteral("alerts-webhooks"));

        // Remove, after a confirmation.
        table->selectRow(0);
        QTest::mouseClick(f.button(QStringLiteral("removeWebhook")), Qt::LeftButton);
        auto *box = f.find<QMessageBox>(QStringLiteral("removeWebhookConfirm"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmRemoveWebhook")),
                          Qt::LeftButton);
        QTRY_COMPARE(table->model()->rowCount(), 0);
        QTRY_VERIFY(f.find<QLabel>(QStringLiteral("webhooksEmpty"))->isVisible());
        QVERIFY(f.find<ui::Notice>(QStringLiteral("webhooksNotice"))
                    ->text()
                    .startsWith(QStringLiteral("Removed the webhook")));
        const HttpResult list = http.get(
            QStringLiteral("/subscription/%1/webhooks").arg(a.subscriptionId), a.adminToken);
        QCOMPARE(list.object().value(QLatin1String("results")).toArray().size(), 0);
    }
};

QTEST_MAIN(TestAlertsConsole)
#include "tst_alertsconsole.moc"
