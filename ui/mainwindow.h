#pragma once

#include <QMainWindow>

class QButtonGroup;
class QLabel;
class QStackedWidget;
class QToolButton;
class QVBoxLayout;

namespace linedesk {
class Console;
}

namespace linedesk::ui {

class BillingPage;
class ConnectionBanner;
class LivePage;
class OrgButton;
class OverviewPage;
class SubscriptionsPage;

// Navigation on the left (Overview, Live, Billing, and Subscriptions for support), the
// organization button at the bottom left, the connection banner on top, the pages.
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
        SubscriptionsPageIndex
    };

    explicit MainWindow(Console *console, QWidget *parent = nullptr);

    void showPage(Page page);
    Page currentPage() const;
    OrgButton *orgButton() const { return m_orgButton; }
    BillingPage *billingPage() const { return m_billing; }
    LivePage *livePage() const { return m_live; }
    SubscriptionsPage *subscriptionsPage() const { return m_subscriptions; }
    ConnectionBanner *banner() const { return m_banner; }
    void openSettings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QToolButton *addNav(Page page, const QString &text, const QString &icon, const QString &name);
    void sessionStateChanged();
    void updateTitle();
    void rebuildSignedOutPage();

    Console *m_console;
    QButtonGroup *m_nav;
    QToolButton *m_navSubscriptions = nullptr;
    QVBoxLayout *m_navLayout = nullptr;
    OrgButton *m_orgButton;
    ConnectionBanner *m_banner;
    QStackedWidget *m_pages;
    QWidget *m_signedOut;
    QLabel *m_signedOutText;
    QVBoxLayout *m_signedOutButtons;
    OverviewPage *m_overview;
    LivePage *m_live;
    BillingPage *m_billing;
    SubscriptionsPage *m_subscriptions;
    bool m_landed = false;
};

} // namespace linedesk::ui
