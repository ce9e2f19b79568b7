#include "consolefixture.h"

#include "connectionbanner.h"
#include "settingsdialog.h"
#include "tokenstore.h"

#include <QLineEdit>
#include <QRadioButton>

using namespace linedesk;
using namespace linedesk::test;

// Losing the service: a clear banner, reconnect with backoff, no old number shown as current.
class TestConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareConsoleTests(); }

    void bannerAndStaleNumbers()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Net"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        ui::ConnectionBanner *banner = f.window->banner();
        QVERIFY(!banner->isVisible());
        QCOMPARE(f.text(QStringLiteral("activeCalls")), QStringLiteral("0 of 10"));

        server.service().stop();
        f.session()->refreshSubscription();
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->message().contains(QStringLiteral("Connection to the service lost")),
                 qPrintable(banner->message()));
        QCOMPARE(f.console->connection()->state(), ConnectionMonitor::State::Offline);
        // No number shown as if it were current.
        QCOMPARE(f.text(QStringLiteral("activeCalls")), QStringLiteral("—"));
        QCOMPARE(f.find<QLabel>(QStringLiteral("totalLines"))->property("stale").toBool(), true);
        QCOMPARE(f.text(QStringLiteral("overviewActive")), QStringLiteral("—"));
        QVERIFY(!f.find<QSpinBox>(QStringLiteral("linesSpin"))->isEnabled());
        QVERIFY(!f.button(QStringLiteral("submitButton"))->isEnabled());
        f.grab(QStringLiteral("offline"));

        QString error;
        QVERIFY2(server.service().start(&error), qPrintable(error));
        f.console->api()->setBaseUrl(server.url());
        QTRY_VERIFY(!banner->isVisible());
        QTRY_COMPARE(f.text(QStringLiteral("activeCalls")), QStringLiteral("0 of 10"));
        QCOMPARE(f.find<QLabel>(QStringLiteral("totalLines"))->property("stale").toBool(), false);
        QVERIFY(f.find<QSpinBox>(QStringLiteral("linesSpin"))->isEnabled());
    }

    void badTokenSaysSo()
    {
        TestServer server;
        ConsoleFixture f(server.url(), QStringLiteral("wrong-token"));
        QTRY_COMPARE(f.session()->state(), Session::State::Failed);
        QTRY_VERIFY(f.window->banner()->isVisible());
        QVERIFY(f.window->banner()->message().contains(QStringLiteral("Could not sign in")));
        QCOMPARE(f.window->currentPage(), ui::MainWindow::SignedOutPage);
    }

    void settingsStateWhereTheTokenLives()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Set"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QCOMPARE(f.console->tokens()->backend(), TokenStore::Backend::MemoryOnly);
        f.window->openSettings();
        auto *dialog = f.window->findChild<ui::SettingsDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QRadioButton *>(QStringLiteral("useRemote"))->isChecked());
        QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("serverUrl"))->text(),
                 server.url().toString());
        QVERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("serverToken"))
                    ->text()
                    .isEmpty()); // never echoed back
        const QString note =
            dialog->findChild<QLabel *>(QStringLiteral("tokenStorageNote"))->text();
        QVERIFY2(note.contains(QStringLiteral("memory only")), qPrintable(note));
        // Connecting from the dialog: the URL is remembered, the token is not in the config file.
        dialog->findChild<QLineEdit *>(QStringLiteral("serverToken"))->setText(a.adminToken);
        dialog->accept();
        QTRY_VERIFY(f.signedInWithSubscription());
        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("connection/server")).toString(),
                 server.url().toString());
        for (const QString &key : settings.allKeys())
            QVERIFY2(!settings.value(key).toString().contains(a.adminToken), qPrintable(key));
        settings.remove(QStringLiteral("connection/server"));
    }

    void signOutAndBack()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Out"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QTest::mouseClick(f.window->orgButton(), Qt::LeftButton);
        QMenu *menu = f.window->orgButton()->orgMenu();
        QTRY_VERIFY(menu->isVisible());
        QAction *signOut = menu->findChild<QAction *>(QStringLiteral("menuSignOut"));
        QVERIFY(signOut);
        QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(signOut).center());
        QTRY_COMPARE(f.session()->state(), Session::State::SignedOut);
        QCOMPARE(f.window->currentPage(), ui::MainWindow::SignedOutPage);
        QVERIFY(f.console->api()->token().isEmpty());
        QVERIFY(f.find<QPushButton>(QStringLiteral("openSettings")));
    }

    void windowLayoutRemembered()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Win"), 500'00);
        {
            ConsoleFixture f(server.url(), a.adminToken);
            f.window->resize(1100, 700);
            QTRY_COMPARE(f.window->size(), QSize(1100, 700));
            f.window->close();
        }
        ConsoleFixture again(server.url(), a.adminToken);
        QCOMPARE(again.window->size(), QSize(1100, 700));
        QSettings().remove(QStringLiteral("window"));
    }
};

QTEST_MAIN(TestConnection)
#include "tst_connection.moc"
