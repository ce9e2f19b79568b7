#pragma once

#include "alertcenter.h"

#include <QTimer>
#include <QWidget>

class QPushButton;

namespace linedesk::ui {

class Notice;

// The in-window notification of a new alert, above the pages: "Calls blocked: 3 calls blocked
// at 10 lines" with Open Live (Open Billing for credit alerts), All alerts and Dismiss. Firing
// alerts stay until dismissed; a resolve shows briefly (and never hides a firing alert about
// something else).
class AlertBanner : public QWidget
{
    Q_OBJECT
public:
    explicit AlertBanner(QWidget *parent = nullptr);

    void present(const AlertNotification &notification);
    void dismiss();
    bool isShowing() const { return m_showing; }
    // The words shown (plain text).
    QString message() const;
    const AlertNotification &current() const { return m_current; }
    // Notifications presented since the banner was last dismissed.
    int pending() const { return m_pending; }
    Notice *notice() const { return m_notice; }
    // How long a resolve stays (default 10 s).
    void setQuietTimeout(int ms) { m_autoHide.setInterval(ms); }

Q_SIGNALS:
    void openLiveRequested(const linedesk::AlertNotification &notification);
    // Renewal at risk and frozen are about credits: their button opens Billing.
    void openBillingRequested(const linedesk::AlertNotification &notification);
    void openAlertsRequested(const linedesk::AlertNotification &notification);

private:
    Notice *m_notice;
    QPushButton *m_openLive;
    QPushButton *m_allAlerts;
    QPushButton *m_dismiss;
    QTimer m_autoHide;
    AlertNotification m_current;
    bool m_showing = false;
    int m_pending = 0;
};

} // namespace linedesk::ui
