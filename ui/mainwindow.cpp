#include "mainwindow.h"

#include "alertbanner.h"
#include "alertcenter.h"
#include "alertlog.h"
#include "alertlook.h"
#include "alertnavbutton.h"
#include "alertnotifier.h"
#include "alertspage.h"
#include "billingpage.h"
#include "connectionbanner.h"
#include "console.h"
#include "linescard.h"
#include "livepage.h"
#include "orgbutton.h"
#include "overviewpage.h"
#include "session.h"
#include "settingsdialog.h"
#include "subscriptionspage.h"
#include "uikit.h"
#include "webhooklist.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCloseEvent>
#include <QLoggingCategory>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QStackedWidget>
#include <QSystemTrayIcon>
#include <QToolButton>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcWindow, "linedesk.ui.window")

namespace linedesk::ui {

static QIcon navIcon(const char *name)
{
    return QIcon(QStringLiteral(":/linedesk/icons/%1.svg").arg(QLatin1String(name)));
}

MainWindow::MainWindow(Console *console, QWidget *parent)
    : QMainWindow(parent), m_console(console),
      m_alertCenter(new AlertCenter(console->session(), console->liveFeed(), this)),
      m_alertLog(new AlertLog(console->session(), m_alertCenter, this)),
      m_webhookList(new WebhookList(console->session(), this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/linedesk/icons/app.svg")));
    setMinimumSize(960, 620);

    auto *central = new QWidget(this);
    auto *h = new QHBoxLayout(central);
    h->setContentsMargins(0, 0, 0, 0);
    h->setSpacing(0);

    // Sidebar
    auto *sidebar = new QFrame(central);
    // Not "sidebar": QFileDialog names its places list so, and our dark rules would reach it.
    sidebar->setObjectName(QStringLiteral("navSidebar"));
    sidebar->setFixedWidth(232);
    m_navLayout = new QVBoxLayout(sidebar);
    m_navLayout->setContentsMargins(14, 18, 14, 14);
    m_navLayout->setSpacing(4);
    auto *brandRow = new QHBoxLayout;
    auto *logo = new QLabel(sidebar);
    logo->setPixmap(QIcon(QStringLiteral(":/linedesk/icons/app.svg"))
                        .pixmap(QSize(22, 22), devicePixelRatioF()));
    auto *brand = new QLabel(tr("Linedesk"), sidebar);
    brand->setObjectName(QStringLiteral("brand"));
    brandRow->addWidget(logo);
    brandRow->addWidget(brand, 1);
    m_navLayout->addLayout(brandRow);
    m_navLayout->addSpacing(18);
    m_nav = new QButtonGroup(this);
    m_nav->setExclusive(true);
    m_navOverview = addNav(OverviewPageIndex, tr("Overview"), navIcon("overview"),
                           QStringLiteral("navOverview"));
    addNav(LivePageIndex, tr("Live"), navIcon("live"), QStringLiteral("navLive"));
    m_navAlerts = new AlertNavButton(sidebar);
    addNav(AlertsPageIndex, tr("Alerts"), alertlook::bellIcon(), QStringLiteral("navAlerts"),
           m_navAlerts);
    m_navBilling =
        addNav(BillingPageIndex, tr("Billing"), navIcon("billing"), QStringLiteral("navBilling"));
    m_navSubscriptions = addNav(SubscriptionsPageIndex, tr("Subscriptions"),
                                navIcon("subscriptions"), QStringLiteral("navSubscriptions"));
    m_navLayout->addStretch(1);
    auto *hint = new QLabel(sidebar);
    hint->setObjectName(QStringLiteral("sidebarHint"));
    hint->setWordWrap(true);
    m_navLayout->addWidget(hint);
    m_orgButton = new OrgButton(console, sidebar);
    m_navLayout->addWidget(m_orgButton);
    h->addWidget(sidebar);

    // Content
    auto *content = new QWidget(central);
    content->setObjectName(QStringLiteral("pageArea"));
    auto *v = new QVBoxLayout(content);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);
    m_banner = new ConnectionBanner(console, content);
    v->addWidget(m_banner);
    m_alertBanner = new AlertBanner(content);
    v->addWidget(m_alertBanner);
    m_pages = new QStackedWidget(content);
    v->addWidget(m_pages, 1);
    h->addWidget(content, 1);
    setCentralWidget(central);

    m_signedOut = new QWidget(m_pages);
    auto *so = m_signedOutLayout = new QVBoxLayout(m_signedOut);
    so->setContentsMargins(32, 60, 32, 32);
    so->setSpacing(12);
    auto *soTitle = makeLabel(tr("Welcome to Linedesk"), nullptr, m_signedOut);
    soTitle->setObjectName(QStringLiteral("pageTitle"));
    so->addWidget(soTitle);
    m_signedOutText = makeLabel(QString(), nullptr, m_signedOut);
    m_signedOutText->setObjectName(QStringLiteral("pageSubtitle"));
    m_signedOutText->setWordWrap(true);
    so->addWidget(m_signedOutText);
    m_signedOutButtons = new QWidget(m_signedOut);
    so->addWidget(m_signedOutButtons);
    so->addStretch(1);

    m_overview = new OverviewPage(console->session(), m_pages);
    m_live = new LivePage(console, m_pages);
    m_billing = new BillingPage(console->session(), console->history(), m_pages);
    m_subscriptions = new SubscriptionsPage(console->session(), m_pages);
    m_alerts =
        new AlertsPage(console->session(), m_alertCenter, m_alertLog, m_webhookList, m_pages);
    m_overview->setLiveFeed(console->liveFeed());
    m_billing->linesCard()->setLiveFeed(console->liveFeed());
    m_pages->addWidget(m_signedOut);
    m_pages->addWidget(m_overview);
    m_pages->addWidget(m_live);
    m_pages->addWidget(m_billing);
    m_pages->addWidget(m_subscriptions);
    m_pages->addWidget(m_alerts); // AlertsPageIndex, appended

    // Alerts: the tray where the desktop has one, the banner always, the count on the button.
    m_notifier = new AlertNotifier(m_alertCenter, m_alertBanner, this);
    m_notifier->setTrayAvailable(QSystemTrayIcon::isSystemTrayAvailable());
    connect(m_notifier, &AlertNotifier::openLiveRequested, this, &MainWindow::openAlertLive);
    connect(m_notifier, &AlertNotifier::showWindowRequested, this, &MainWindow::raiseWindow);
    connect(m_notifier, &AlertNotifier::quitRequested, this, [this] {
        close();
        QCoreApplication::quit();
    });
    connect(m_alertBanner, &AlertBanner::openLiveRequested, this, &MainWindow::openAlertLive);
    connect(m_alertBanner, &AlertBanner::openBillingRequested, this,
            [this](const AlertNotification &n) {
                switchToAlertOrg(n);
                showPage(BillingPageIndex);
                m_billing->showSection(BillingPage::OverviewSection);
            });
    connect(m_alertBanner, &AlertBanner::openAlertsRequested, this,
            [this](const AlertNotification &n) {
                switchToAlertOrg(n);
                showPage(AlertsPageIndex);
                m_alerts->showSection(AlertsPage::ListSection);
            });
    auto updateAlertCount = [this] {
        const int firing = m_alertCenter->firingCount();
        m_navAlerts->setCount(firing);
        m_navAlerts->setToolTip(
            firing > 0 ? tr("Alerts: %1 firing (Ctrl+%2)").arg(firing).arg(int(AlertsPageIndex))
                       : tr("Alerts (Ctrl+%1)").arg(int(AlertsPageIndex)));
    };
    connect(m_alertCenter, &AlertCenter::firingChanged, this, updateAlertCount);
    updateAlertCount();

    connect(m_nav, &QButtonGroup::idClicked, this, [this](int id) { showPage(Page(id)); });
    connect(m_orgButton, &OrgButton::billingRequested, this,
            [this] { showPage(BillingPageIndex); });
    connect(m_orgButton, &OrgButton::settingsRequested, this, &MainWindow::openSettings);
    connect(m_overview, &OverviewPage::manageLinesRequested, this, [this] {
        showPage(BillingPageIndex);
        m_billing->showSection(BillingPage::AddOnsSection);
    });
    connect(m_subscriptions, &SubscriptionsPage::inspectRequested, this, [this] {
        showPage(BillingPageIndex);
        m_billing->showSection(BillingPage::OverviewSection);
    });
    Session *session = console->session();
    connect(session, &Session::stateChanged, this, &MainWindow::sessionStateChanged);
    connect(session, &Session::currentOrgChanged, this, &MainWindow::updateTitle);
    connect(session, &Session::currentOrgChanged, this, &MainWindow::updateNav);
    connect(session, &Session::subscriptionChanged, this, &MainWindow::updateNav);
    connect(console, &Console::tokenNeeded, this, &MainWindow::openSettings, Qt::QueuedConnection);
    auto updateHint = [this, hint] {
        hint->setText(m_console->mode() == Console::Mode::Embedded
                          ? tr("Built-in demo service")
                          : tr("Server %1").arg(m_console->serverUrl().authority()));
    };
    connect(console, &Console::modeChanged, this, [this, updateHint] {
        updateHint();
        rebuildSignedOutPage();
    });
    connect(session, &Session::stateChanged, this, updateHint);
    if (console->embedded())
        connect(console->embedded(), &EmbeddedService::started, this,
                &MainWindow::rebuildSignedOutPage);

    // Keyboard: every page and the organization menu.
    const QList<QPair<QKeySequence, Page>> keys{
        {QKeySequence(Qt::CTRL | Qt::Key_1), OverviewPageIndex},
        {QKeySequence(Qt::CTRL | Qt::Key_2), LivePageIndex},
        {QKeySequence(Qt::CTRL | Qt::Key_3), BillingPageIndex},
        {QKeySequence(Qt::CTRL | Qt::Key_4), SubscriptionsPageIndex},
        {QKeySequence(Qt::CTRL | Qt::Key_5), AlertsPageIndex}};
    for (const auto &[key, page] : keys) {
        auto *sc = new QShortcut(key, this);
        connect(sc, &QShortcut::activated, this, [this, page = page] {
            if (QAbstractButton *b = m_nav->button(page); b && b->isVisible() && b->isEnabled())
                showPage(page);
        });
    }
    auto *orgKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this);
    connect(orgKey, &QShortcut::activated, m_orgButton, &OrgButton::showOrgMenu);
    auto *quitKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q), this);
    connect(quitKey, &QShortcut::activated, this, &QWidget::close);
    auto *settingsKey = new QShortcut(QKeySequence::Preferences, this);
    connect(settingsKey, &QShortcut::activated, this, &MainWindow::openSettings);
    auto *settingsKey2 = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma), this);
    connect(settingsKey2, &QShortcut::activated, this, &MainWindow::openSettings);

    restoreWindow();
    sessionStateChanged();
}

void MainWindow::restoreWindow()
{
    QSettings settings;
    const int page = settings.value(QStringLiteral("window/page"), int(OverviewPageIndex)).toInt();
    if (page > SignedOutPage && page <= AlertsPageIndex)
        m_savedPage = Page(page);
    const bool restored =
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    // The screen it was on may be gone (a laptop without its monitor): Qt moves the window
    // onto a screen that is there; if too little of it still shows, the default instead.
    bool onScreen = false;
    if (restored)
        for (const QScreen *s : QGuiApplication::screens()) {
            const QRect seen = s->availableGeometry().intersected(frameGeometry());
            if (seen.width() >= 200 && seen.height() >= 100)
                onScreen = true;
        }
    if (onScreen)
        return;
    // Fits a 1366 × 768 screen (with a panel) and leaves room around it on larger ones.
    const QScreen *s = screen() ? screen() : QGuiApplication::primaryScreen();
    const QRect room = s ? s->availableGeometry() : QRect(0, 0, 1366, 740);
    const QSize size = QSize(1280, 800).boundedTo(room.size() * 0.95).expandedTo(minimumSize());
    setWindowState(Qt::WindowNoState);
    resize(size);
    move(room.center() - QPoint(size.width() / 2, size.height() / 2));
}

QToolButton *MainWindow::addNav(Page page, const QString &text, const QIcon &icon,
                                const QString &name, QToolButton *button)
{
    auto *b = button ? button : new QToolButton(this);
    b->setObjectName(name);
    setCls(b, "nav");
    b->setText(text);
    b->setIcon(icon);
    b->setIconSize(QSize(18, 18));
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setCheckable(true);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    b->setFocusPolicy(Qt::StrongFocus);
    b->setCursor(Qt::PointingHandCursor);
    b->setToolTip(tr("%1 (Ctrl+%2)").arg(text).arg(int(page)));
    m_nav->addButton(b, page);
    m_navLayout->addWidget(b);
    return b;
}

bool MainWindow::pageAvailable(Page page) const
{
    const Session *session = m_console->session();
    if (session->state() != Session::State::SignedIn)
        return page == SignedOutPage;
    const bool support = session->identity().support;
    switch (page) {
    case SignedOutPage:
        return false;
    case SubscriptionsPageIndex:
        // The list of every subscription is support's alone (the service says 403 to others).
        return support;
    case OverviewPageIndex:
    case BillingPageIndex:
        // Support has no organization of its own: these show a subscription once one is
        // opened from the Subscriptions page.
        return !(support && session->role() == Session::Role::Support &&
                 session->currentSubscriptionId().isEmpty());
    case LivePageIndex:
    case AlertsPageIndex:
        return true;
    }
    return false;
}

void MainWindow::updateNav()
{
    const bool signedIn = m_console->session()->state() == Session::State::SignedIn;
    m_navSubscriptions->setVisible(pageAvailable(SubscriptionsPageIndex));
    m_navOverview->setVisible(!signedIn || pageAvailable(OverviewPageIndex));
    m_navBilling->setVisible(!signedIn || pageAvailable(BillingPageIndex));
    if (signedIn && !pageAvailable(currentPage()))
        showPage(currentPage());
}

void MainWindow::showPage(Page page)
{
    if (!pageAvailable(page)) {
        const Session *session = m_console->session();
        if (session->state() != Session::State::SignedIn)
            page = SignedOutPage;
        else if (pageAvailable(SubscriptionsPageIndex))
            page = SubscriptionsPageIndex;
        else
            page = OverviewPageIndex;
    }
    m_pages->setCurrentIndex(page);
    if (QAbstractButton *b = m_nav->button(page))
        b->setChecked(true);
    qCDebug(lcWindow) << "page" << page;
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pages->currentIndex());
}

void MainWindow::sessionStateChanged()
{
    Session *session = m_console->session();
    const bool signedIn = session->state() == Session::State::SignedIn;
    const bool support = signedIn && session->identity().support;
    for (QAbstractButton *b : m_nav->buttons())
        b->setEnabled(signedIn);
    updateNav();
    if (signedIn) {
        // The first time: the page open when the window was last closed. Support lands on
        // the subscription list; everyone else on their organization. showPage() falls back
        // when the page is not for this user.
        Page page = currentPage();
        if (!m_landed)
            page = m_savedPage;
        else if (page == SignedOutPage)
            page = OverviewPageIndex;
        if (support && session->identity().memberships.isEmpty() && page == SignedOutPage)
            page = SubscriptionsPageIndex;
        m_landed = true;
        showPage(page);
    } else {
        rebuildSignedOutPage();
        showPage(SignedOutPage);
        m_alertBanner->dismiss();
    }
    updateTitle();
}

void MainWindow::rebuildSignedOutPage()
{
    // A new container each time: deleting the old one deletes its buttons with it.
    auto *container = new QWidget(m_signedOut);
    container->setObjectName(QStringLiteral("signedOutButtons"));
    auto *buttons = new QVBoxLayout(container);
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->setSpacing(8);
    delete m_signedOutLayout->replaceWidget(m_signedOutButtons, container);
    // Later: this may run from one of its own buttons' clicked().
    m_signedOutButtons->hide();
    m_signedOutButtons->deleteLater();
    m_signedOutButtons = container;
    const auto state = m_console->session()->state();
    if (state == Session::State::SigningIn || m_console->isEmbeddedStarting()) {
        m_signedOutText->setText(tr("Connecting…"));
        return;
    }
    const auto demo = m_console->demoSignIns();
    if (!demo.isEmpty()) {
        m_signedOutText->setText(
            tr("You are signed out. The built-in demo service is running on this "
               "computer; choose a demo user, or connect to a Linedesk server in Settings."));
        for (const DemoSignIn &d : demo) {
            if (d.role == QLatin1String("admin") && d.orgId != demo.first().orgId)
                continue;
            auto *b = makeButton(tr("Sign in as %1 (%2)").arg(d.email, d.role),
                                 d.role == QLatin1String("admin") ? "primary" : nullptr, container);
            b->setObjectName(QStringLiteral("signInAs:") + d.role);
            connect(b, &QPushButton::clicked, m_console,
                    [console = m_console, d] { console->signInAsDemo(d); });
            auto *row = new QHBoxLayout;
            row->addWidget(b);
            row->addStretch(1);
            buttons->addLayout(row);
        }
    } else {
        m_signedOutText->setText(
            state == Session::State::Failed
                ? tr("Signing in failed: %1").arg(m_console->session()->failure())
                : tr("You are signed out. Connect to a Linedesk server in Settings."));
    }
    auto *settings = makeButton(tr("Connection &settings…"), nullptr, container);
    settings->setObjectName(QStringLiteral("openSettings"));
    connect(settings, &QPushButton::clicked, this, &MainWindow::openSettings);
    auto *row = new QHBoxLayout;
    row->addWidget(settings);
    row->addStretch(1);
    buttons->addLayout(row);
}

void MainWindow::updateTitle()
{
    const QString org = m_console->session()->currentOrgName();
    setWindowTitle(org.isEmpty() ? tr("Linedesk") : tr("%1 — Linedesk").arg(org));
}

void MainWindow::raiseWindow()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

void MainWindow::switchToAlertOrg(const AlertNotification &n)
{
    Session *session = m_console->session();
    if (n.orgId.isEmpty() || n.alert.subscriptionId.isEmpty() ||
        n.alert.subscriptionId == session->currentSubscriptionId())
        return;
    qCInfo(lcWindow).noquote() << "switching to" << n.orgName << "for its alert";
    session->selectOrg(n.orgId);
}

void MainWindow::openAlertLive(const AlertNotification &n)
{
    raiseWindow();
    switchToAlertOrg(n);
    showPage(LivePageIndex);
}

void MainWindow::openSettings()
{
    if (findChild<SettingsDialog *>())
        return;
    auto *dialog = new SettingsDialog(m_console, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (currentPage() != SignedOutPage)
        settings.setValue(QStringLiteral("window/page"), int(currentPage()));
    QMainWindow::closeEvent(event);
}

} // namespace linedesk::ui
