#pragma once

#include "concurrencyseries.h"
#include "endcalldialog.h"
#include "pagedcsvexport.h"
#include "subscriptionsummary.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace linedesk {
class ApiClient;
class CapacityPlanLoader;
class LiveFeedClient;
class SubscriptionInspection;
} // namespace linedesk

namespace linedesk::ui {

class CapacityPlanView;
class ConcurrencyChart;
class Notice;
class SubscriptionAuditTab;
class SubscriptionCallsTab;
class SubscriptionMembersTab;
class SubscriptionPlanTab;
class SubscriptionPreviewTab;

// Support's view of one subscription (the header, fields and live graph; each tab is a class
// of its own): every field, a small live graph, the calls holding
// its lines now (with "End call…"), the organizations and their users, line changes, audit trail,
// a purchase quote to explain the cost, and the capacity plan the customer sees in Add-ons.
// Read-only: nothing here buys or removes lines.
class SubscriptionDetailView : public QWidget
{
    Q_OBJECT
public:
    enum Tab
    {
        CallsTab,
        MembersTab,
        ChangesTab,
        AuditTab,
        PreviewTab,
        PlanTab
    };

    explicit SubscriptionDetailView(ApiClient *api, QWidget *parent = nullptr);
    ~SubscriptionDetailView() override;

    void open(const SubscriptionSummary &summary);
    void close();
    QString subscriptionId() const;
    SubscriptionInspection *inspection() const { return m_inspection; }
    LiveFeedClient *liveFeed() const { return m_feed; }
    ConcurrencyChart *chart() const { return m_chart; }
    QTabWidget *tabs() const { return m_tabs; }
    QTableView *callsView() const;
    QTreeWidget *membersView() const;
    EndCallDialog *endCallDialog() const;
    CapacityPlanView *planView() const;
    CapacityPlanLoader *planLoader() const { return m_planLoader; }
    Notice *notice() const { return m_notice; }
    // The field shown for `key` (e.g. "credits", "concurrencyLimit"), for tests.
    QString fieldText(const QString &key) const;

    // Asks for a reason, then ends the selected call.
    void endSelectedCall();
    void copyId();
    // Writes the whole audit trail (every page) to `path`.
    void exportAudit(const QString &path);
    void preview(int quantity);

Q_SIGNALS:
    void backRequested();
    void billingRequested(const linedesk::SubscriptionSummary &summary);
    // The subscription was read again (the list can update its row).
    void summaryUpdated(const linedesk::SubscriptionSummary &summary);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildUi();
    void reloadAll();
    void updateSummary();
    void updateCallsHeader();
    void updateFeedState();
    void followFeed();
    void tick();

    ApiClient *m_api;
    SubscriptionInspection *m_inspection;
    LiveFeedClient *m_feed;
    ConcurrencySeries m_series;
    QTimer m_tick;
    QTimer m_callsRefresh;
    int m_lastActive = -1;

    QLabel *m_title = nullptr;
    QLabel *m_statusPill = nullptr;
    QLabel *m_subtitle = nullptr;
    Notice *m_notice = nullptr;
    QHash<QString, QLabel *> m_fields;
    ConcurrencyChart *m_chart = nullptr;
    QLabel *m_feedState = nullptr;
    QLabel *m_liveNumbers = nullptr;
    QTabWidget *m_tabs = nullptr;
    SubscriptionCallsTab *m_callsTab = nullptr;
    SubscriptionMembersTab *m_membersTab = nullptr;
    SubscriptionAuditTab *m_auditTab = nullptr;
    SubscriptionPreviewTab *m_previewTab = nullptr;
    CapacityPlanLoader *m_planLoader = nullptr;
    SubscriptionPlanTab *m_planTab = nullptr;
};

} // namespace linedesk::ui
