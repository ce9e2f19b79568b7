#include "alertnotifier.h"

#include "alertbanner.h"
#include "alertlook.h"

#include <QLoggingCategory>
#include <QMenu>
#include <QSystemTrayIcon>

Q_LOGGING_CATEGORY(lcNotifier, "linedesk.ui.alerts", QtInfoMsg)

namespace linedesk::ui {

AlertNotifier::AlertNotifier(AlertCenter *center, AlertBanner *banner, QObject *parent)
    : QObject(parent), m_center(center), m_banner(banner)
{
    connect(center, &AlertCenter::notificationRequested, this, &AlertNotifier::notify);
    connect(center, &AlertCenter::levelChanged, this, &AlertNotifier::updateTray);
    connect(center, &AlertCenter::numbersChanged, this, &AlertNotifier::updateTray);
    updateTray();
}

AlertNotifier::~AlertNotifier()
{
    delete m_tray;
    delete m_menu;
}

void AlertNotifier::setTrayAvailable(bool available)
{
    if (available == hasTray())
        return;
    if (!available) {
        delete m_tray;
        delete m_menu;
        m_statusAction = nullptr;
        return;
    }
    // The menu has no parent widget (a tray menu is a top-level popup); deleted with us.
    m_menu = new QMenu;
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_statusAction = m_menu->addAction(QString());
    m_statusAction->setEnabled(false);
    m_menu->addSeparator();
    QAction *show = m_menu->addAction(tr("&Show Linedesk"));
    show->setObjectName(QStringLiteral("trayShow"));
    connect(show, &QAction::triggered, this, &AlertNotifier::showWindowRequested);
    QAction *quit = m_menu->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("trayQuit"));
    connect(quit, &QAction::triggered, this, &AlertNotifier::quitRequested);

    m_tray = new QSystemTrayIcon(this);
    m_tray->setObjectName(QStringLiteral("trayIcon"));
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        qCDebug(lcNotifier) << "tray message clicked";
        Q_EMIT openLiveRequested(m_lastTrayMessage);
    });
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    Q_EMIT showWindowRequested();
            });
    updateTray();
    m_tray->show();
    qCInfo(lcNotifier) << "tray icon shown";
}

bool AlertNotifier::hasTray() const
{
    return !m_tray.isNull();
}

QSystemTrayIcon *AlertNotifier::trayIcon() const
{
    return m_tray;
}

QMenu *AlertNotifier::trayMenu() const
{
    return m_menu;
}

QString AlertNotifier::trayToolTip() const
{
    return m_center->tooltip();
}

void AlertNotifier::updateTray()
{
    m_level = m_center->level();
    if (!m_tray)
        return;
    m_tray->setIcon(alertlook::levelIcon(m_level));
    m_tray->setToolTip(trayToolTip());
    if (m_statusAction)
        m_statusAction->setText(trayToolTip());
}

void AlertNotifier::notify(const AlertNotification &n)
{
    m_banner->present(n);
    bool viaTray = false;
    if (m_tray) {
        QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Warning;
        int ms = 10000;
        switch (n.urgency) {
        case AlertNotification::Urgency::Critical:
            icon = QSystemTrayIcon::Critical;
            ms = 15000;
            break;
        case AlertNotification::Urgency::Warning:
            break;
        case AlertNotification::Urgency::Quiet:
            icon = QSystemTrayIcon::Information;
            ms = 4000;
            break;
        }
        m_lastTrayMessage = n;
        ++m_trayMessages;
        m_tray->showMessage(n.title(), n.text(), icon, ms);
        viaTray = true;
    }
    qCInfo(lcNotifier).noquote() << "notified" << n.title() << (viaTray ? "(tray)" : "");
    Q_EMIT notified(n, viaTray);
}

} // namespace linedesk::ui
