#pragma once

#include <QMainWindow>

class QButtonGroup;
class QLabel;
class QStackedWidget;
class QToolButton;
class QVBoxLayout;

namespace linedesk {
class AlertCenter;
class AlertLog;
class Console;
class WebhookList;
struct AlertNotification;
} // namespace linedesk

namespace linedesk::ui {

class AlertBanner;
class AlertNavButton;
class AlertNotifier;
class AlertsPage;
class BillingPage;
class ConnectionBanner;
class LivePage;
class OrgButton;
class OverviewPage;
class SubscriptionsPage;

// Navigation on the left (Overview, Live, Alerts, Billing, and Subscriptions for support), the
// organization button at the bottom left, the connection and alert banners on top, the pages.
// It also owns the console's alerts (AlertCenter) and their tray icon.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Page
    {
        SignedOutPage,
        OverviewPageIndex,
        LivePageIndex,
        BillingPageIndex,
        SubscriptionsPageIndex,
        AlertsPageIndex
    };

    explicit MainWindow(Console *console, QWidget *parent = nullptr);

    void showPage(Page page);
    // The sign-in buttons on the signed-out page (tests count them).
    QWidget *signedOutButtons() const { return m_signedOutButtons; }
    Page currentPage() const;
    OrgButton *orgButton() const { return m_orgButton; }
    BillingPage *billingPage() const { return m_billing; }
    LivePage *livePage() const { return m_live; }
    SubscriptionsPage *subscriptionsPage() const { return m_subscriptions; }
    ConnectionBanner *banner() const { return m_banner; }
    AlertsPage *alertsPage() const { return m_alerts; }
    AlertCenter *alertCenter() const { return m_alertCenter; }
    AlertBanner *alertBanner() const { return m_alertBanner; }
    AlertNotifier *alertNotifier() const { return m_notifier; }
    AlertNavButton *alertsNavButton() const { return m_navAlerts; }
    void openSettings();
    // Raises the window and opens the Live page of the alert's subscription, switching to its
    // organization first when it is another one of the user's.
    void openAlertLive(const AlertNotification &notification);
    void raiseWindow();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QToolButton *addNav(Page page, const QString &text, const QIcon &icon, const QString &name,
                        QToolButton *button = nullptr);
    void switchToAlertOrg(const AlertNotification &notification);
    void sessionStateChanged();
    void updateTitle();
    void rebuildSignedOutPage();
    // Whether the page has anything for the signed-in user (support without a subscription
    // open has no organization: no Overview, no Billing).
    bool pageAvailable(Page page) const;
    void updateNav();
    void restoreWindow();

    Console *m_console;
    QButtonGroup *m_nav;
    QToolButton *m_navSubscriptions = nullptr;
    QToolButton *m_navOverview = nullptr;
    QToolButton *m_navBilling = nullptr;
    QVBoxLayout *m_navLayout = nullptr;
    OrgButton *m_orgButton;
    ConnectionBanner *m_banner;
    QStackedWidget *m_pages;
    QWidget *m_signedOut;
    QLabel *m_signedOutText;
    QVBoxLayout *m_signedOutLayout;
    // Rebuilt as a whole: deleting a layout would leave its buttons behind.
    QWidget *m_signedOutButtons = nullptr;
    OverviewPage *m_overview;
    LivePage *m_live;
    BillingPage *m_billing;
    SubscriptionsPage *m_subscriptions;
    AlertCenter *m_alertCenter;
    AlertLog *m_alertLog;
    WebhookList *m_webhookList;
    AlertsPage *m_alerts;
    AlertBanner *m_alertBanner;
    AlertNotifier *m_notifier;
    AlertNavButton *m_navAlerts = nullptr;
    bool m_landed = false;
    // The page open when the window was last closed, to open again at the first sign-in.
    Page m_savedPage = OverviewPageIndex;
};

} // namespace linedesk::ui
