#pragma once

// A real console (Console + MainWindow) signed in to a real service (TestServer) as one of
// its accounts, for widget tests that walk the flows as a user does.

#include "apiclient.h"
#include "billingpage.h"
#include "confirmlinechangedialog.h"
#include "connectionmonitor.h"
#include "console.h"
#include "linechangeorder.h"
#include "linescard.h"
#include "mainwindow.h"
#include "orgbutton.h"
#include "session.h"
#include "testserver.h"
#include "uikit.h"

#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>

#include <memory>

namespace linedesk::test {

inline void prepareConsoleTests()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("LinedeskTest"));
    QApplication::setApplicationName(QStringLiteral("linedesk-uitest"));
    QSettings().clear();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    qputenv("LINEDESK_NO_KEYCHAIN", "1");
    ui::installStyle(*qApp);
}

struct ConsoleFixture
{
    std::unique_ptr<Console> console;
    std::unique_ptr<ui::MainWindow> window;

    ConsoleFixture(const QUrl &url, const QString &token)
    {
        ConsoleOptions options;
        options.serverUrl = url;
        options.token = token;
        options.useSecretStore = false;
        console = std::make_unique<Console>(options);
        console->api()->setRetryPolicy(1, 20);
        console->api()->setTransferTimeout(5000);
        console->connection()->setBackoff(50, 200);
        window = std::make_unique<ui::MainWindow>(console.get());
        if (!QSettings().contains(QStringLiteral("window/geometry")))
            window->resize(1280, 800);
        window->show();
        console->start();
    }
    ~ConsoleFixture()
    {
        window.reset();
        console.reset();
    }

    Session *session() const { return console->session(); }
    ui::LinesCard *card() const { return window->billingPage()->linesCard(); }
    template <typename T> T *find(const QString &name) const
    {
        return window->findChild<T *>(name);
    }
    QString text(const QString &labelName) const
    {
        auto *l = find<QLabel>(labelName);
        return l ? l->text() : QStringLiteral("<no label %1>").arg(labelName);
    }
    bool signedInWithSubscription() const
    {
        return session()->state() == Session::State::SignedIn && session()->hasSubscription();
    }

    // Org button → menu → Billing → Add-ons tab, as a user clicks.
    bool openAddOns()
    {
        QTest::mouseClick(window->orgButton(), Qt::LeftButton);
        QMenu *menu = window->orgButton()->orgMenu();
        if (!QTest::qWaitFor([menu] { return menu->isVisible(); }, 3000))
            return false;
        QAction *billing = menu->findChild<QAction *>(QStringLiteral("menuBilling"));
        if (!billing || !billing->isEnabled())
            return false;
        QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(billing).center());
        if (!QTest::qWaitFor([this] { return !window->orgButton()->orgMenu()->isVisible(); }, 3000))
            return false;
        if (window->currentPage() != ui::MainWindow::BillingPageIndex)
            return false;
        QTabBar *bar = window->billingPage()->tabs()->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {},
                          bar->tabRect(ui::BillingPage::AddOnsSection).center());
        return window->billingPage()->tabs()->currentIndex() == ui::BillingPage::AddOnsSection;
    }

    // Types the total number of lines into the stepper.
    void typeLines(int total)
    {
        QSpinBox *spin = find<QSpinBox>(QStringLiteral("linesSpin"));
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, QString::number(total));
    }

    QPushButton *button(const QString &name) const { return find<QPushButton>(name); }

    ui::ConfirmLineChangeDialog *dialog() const { return card()->confirmDialog(); }

    void grab(const QString &name) const
    {
        const QString dir = qEnvironmentVariable("LINEDESK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(300); // screenshots only: let pending layout requests settle
        window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }
};

} // namespace linedesk::test
