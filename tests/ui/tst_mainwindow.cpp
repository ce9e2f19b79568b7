#include "consolefixture.h"

#include "settingsdialog.h"

#include <QFile>
#include <QFileDialog>
#include <QGuiApplication>
#include <QRegularExpression>
#include <QScreen>
#include <QTemporaryDir>
#include <QToolButton>

using namespace linedesk;
using namespace linedesk::test;

// The main window itself: what it remembers between runs, the signed-out page, navigation.
class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareConsoleTests(); }
    void init() { QSettings().clear(); }

    // Issue 15, defect 11: each rebuild of the signed-out page used to leave the old buttons
    // behind (3 → 6 → 9 → 12).
    void signedOutButtonsDoNotPileUp()
    {
        TestServer server;
        ConsoleFixture f(server.url(), QStringLiteral("not-a-token"));
        QTRY_COMPARE(f.session()->state(), Session::State::Failed);
        QCOMPARE(f.window->currentPage(), ui::MainWindow::SignedOutPage);
        for (int round = 0; round < 4; ++round) {
            f.session()->signIn();
            QTRY_COMPARE(f.session()->state(), Session::State::Failed);
        }
        QTRY_COMPARE(f.window->findChildren<QPushButton *>(QStringLiteral("openSettings")).size(),
                     1);
        QPushButton *settings = f.button(QStringLiteral("openSettings"));
        QTRY_VERIFY(settings->isVisible());
        QCOMPARE(settings->parentWidget(), f.window->signedOutButtons());
        QCOMPARE(f.window->findChildren<QWidget *>(QStringLiteral("signedOutButtons")).size(), 1);
    }

    // Issue 15 §3: size, position and page come back at the next start.
    void remembersSizeAndPage()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Remember"), 500'00);
        QSize size(1100, 700);
        {
            ConsoleFixture f(server.url(), a.adminToken);
            QTRY_VERIFY(f.signedInWithSubscription());
            f.window->resize(size);
            QTRY_COMPARE(f.window->size(), size);
            size = f.window->size();
            QTest::mouseClick(f.find<QToolButton>(QStringLiteral("navBilling")), Qt::LeftButton);
            QCOMPARE(f.window->currentPage(), ui::MainWindow::BillingPageIndex);
            QVERIFY(f.window->close());
        }
        QVERIFY(QSettings().contains(QStringLiteral("window/geometry")));
        QCOMPARE(QSettings().value(QStringLiteral("window/page")).toInt(),
                 int(ui::MainWindow::BillingPageIndex));
        ConsoleFixture f(server.url(), a.adminToken);
        QCOMPARE(f.window->size(), size);
        QTRY_VERIFY(f.signedInWithSubscription());
        QTRY_COMPARE(f.window->currentPage(), ui::MainWindow::BillingPageIndex);
        QVERIFY(f.find<QToolButton>(QStringLiteral("navBilling"))->isChecked());
        // Keyboard focus on another item is not a second selection (issue 15, defect 9).
        f.find<QToolButton>(QStringLiteral("navLive"))->setFocus(Qt::TabFocusReason);
        f.grab(QStringLiteral("nav-focus"));
    }

    // A saved page the user may not open any more falls back to one they may.
    void rememberedPageNotForThisUser()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Fallback"), 500'00);
        QSettings().setValue(QStringLiteral("window/page"),
                             int(ui::MainWindow::SubscriptionsPageIndex));
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QCOMPARE(f.window->currentPage(), ui::MainWindow::OverviewPageIndex);
        QVERIFY(!f.find<QToolButton>(QStringLiteral("navSubscriptions"))->isVisible());
    }

    // Saved on a screen that is gone: the window comes back on one that is there.
    void savedScreenGone()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Gone"), 500'00);
        {
            ConsoleFixture f(server.url(), a.adminToken);
            f.window->move(20000, 20000);
            QVERIFY(f.window->close());
        }
        ConsoleFixture f(server.url(), a.adminToken);
        const QRect room = QGuiApplication::primaryScreen()->availableGeometry();
        QVERIFY2(room.intersects(f.window->frameGeometry()),
                 qPrintable(QStringLiteral("%1,%2").arg(f.window->x()).arg(f.window->y())));
        QVERIFY(f.window->width() >= f.window->minimumWidth());
    }

    // The navigation's object name is its own: QFileDialog calls its places list "sidebar",
    // and the console's dark sidebar rules must not reach it (issue 15, defect 7).
    void styleSheetDoesNotReachTheFileDialog()
    {
        TestServer server;
        ConsoleFixture f(server.url(), QStringLiteral("not-a-token"));
        QVERIFY(f.find<QFrame>(QStringLiteral("navSidebar")));
        const QString qss = qApp->styleSheet();
        QVERIFY(!qss.isEmpty());
        QVERIFY(!qss.contains(QRegularExpression(QStringLiteral("#sidebar\\b"))));
        QFileDialog dialog(f.window.get());
        dialog.setOption(QFileDialog::DontUseNativeDialog);
        dialog.show();
        QWidget *places = dialog.findChild<QWidget *>(QStringLiteral("sidebar"));
        QVERIFY(places);
        QTRY_VERIFY(places->isVisible());
        // Its text and its background are far apart (dark text on a dark background before).
        const QColor text = places->palette().color(QPalette::Text);
        const QColor base = places->palette().color(QPalette::Base);
        QVERIFY2(qAbs(text.lightness() - base.lightness()) > 100,
                 qPrintable(text.name() + QLatin1Char('/') + base.name()));
        if (const QString dir = qEnvironmentVariable("LINEDESK_SCREENSHOT_DIR"); !dir.isEmpty())
            dialog.grab().save(dir + QStringLiteral("/file-dialog.png"));
    }
};

// Offscreen's default screen (800 × 800) is smaller than the window's minimum size; give it
// the 1440 × 900 screen of the issue so that a remembered size is a size that fits.
int main(int argc, char **argv)
{
    QTemporaryDir dir;
    if (qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen")) {
        QFile config(dir.filePath(QStringLiteral("screens.json")));
        if (config.open(QIODevice::WriteOnly))
            config.write(R"({"screens": [{"name": "main", "x": 0, "y": 0, "width": 1440,
                            "height": 900, "logicalDpi": 96, "logicalBaseDpi": 96,
                            "dpr": 1}]})");
        config.close();
        qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.fileName().toLocal8Bit());
    }
    QApplication app(argc, argv);
    TestMainWindow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
