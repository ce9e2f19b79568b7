#pragma once

#include "alertcenter.h"

#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace linedesk::ui {

class AlertBanner;

// Puts the AlertCenter in front of the user: a tray icon (where the desktop has a tray)
// whose circle is green, amber or red with the use in its tooltip, a tray message for each
// new alert (clicking it opens that subscription's Live page), and always the in-window
// banner. Whether there is a tray is given, not looked up, so tests can take either path.
class AlertNotifier : public QObject
{
    Q_OBJECT
public:
    AlertNotifier(AlertCenter *center, AlertBanner *banner, QObject *parent = nullptr);
    ~AlertNotifier() override;

    // The main window passes QSystemTrayIcon::isSystemTrayAvailable().
    void setTrayAvailable(bool available);
    bool hasTray() const;
    QSystemTrayIcon *trayIcon() const;
    QMenu *trayMenu() const;
    // The level the tray icon shows (kept without a tray too).
    LimitLevel trayLevel() const { return m_level; }
    QString trayToolTip() const;
    // The last notification sent to the tray: the one a click on the message opens.
    const AlertNotification &lastTrayMessage() const { return m_lastTrayMessage; }
    int trayMessagesShown() const { return m_trayMessages; }

Q_SIGNALS:
    // The tray message (or the banner's Open Live) asks for that subscription's Live page.
    void openLiveRequested(const linedesk::AlertNotification &notification);
    void showWindowRequested();
    void quitRequested();
    // Every notification, as it is put in front of the user.
    void notified(const linedesk::AlertNotification &notification, bool viaTray);

private:
    void notify(const AlertNotification &notification);
    void updateTray();

    AlertCenter *m_center;
    AlertBanner *m_banner;
    QPointer<QSystemTrayIcon> m_tray;
    QPointer<QMenu> m_menu;
    QAction *m_statusAction = nullptr;
    LimitLevel m_level = LimitLevel::Unknown;
    AlertNotification m_lastTrayMessage;
    int m_trayMessages = 0;
};

} // namespace linedesk::ui
