#pragma once

#include "pagedcsvexport.h"
#include "subscriptionsummary.h"

#include <QPointer>
#include <QProgressDialog>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace linedesk {
class Session;
class SubscriptionSearchModel;
} // namespace linedesk

namespace linedesk::ui {

class Notice;
class SubscriptionDetailView;

// Support's page: every subscription on the platform, searched as you type, filtered and
// sorted by the service and loaded page by page as the list scrolls; a subscription opens in
// a detail view (Enter or double-click), and from there in the customer's Billing page.
class SubscriptionsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SubscriptionsPage(Session *session, QWidget *parent = nullptr);
    ~SubscriptionsPage() override;

    SubscriptionSearchModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    SubscriptionDetailView *detail() const { return m_detail; }
    bool isDetailOpen() const;
    QString statusText() const;

    // Loads the first page again (also what showing the page does the first time).
    void search();
    void openRow(int row);
    void openSubscription(const SubscriptionSummary &summary);
    void showList();
    // Copies the id of the current row.
    void copyCurrentId();
    // Writes every subscription matching the current query (all pages) to `path`, with a
    // progress dialog that can cancel.
    void exportCsv(const QString &path);
    QProgressDialog *exportProgress() const { return m_progress; }

Q_SIGNALS:
    // Show the customer's Billing page for the subscription now in the session (read-only).
    void inspectRequested();
    void exportFinished(bool ok);

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilters();
    void fitNameColumn();
    void updateState();
    void clearSearchAndFilters();
    void showContextMenu(const QPoint &pos);
    void inspectBilling(const SubscriptionSummary &summary);
    void chooseExportFile();

    Session *m_session;
    SubscriptionSearchModel *m_model;
    QStackedWidget *m_stack;
    QWidget *m_listPage;
    SubscriptionDetailView *m_detail;
    QLineEdit *m_search;
    QComboBox *m_type;
    QCheckBox *m_atLimit;
    QCheckBox *m_blocking;
    QCheckBox *m_frozen;
    QPushButton *m_copyId;
    QPushButton *m_export;
    Notice *m_notice;
    QStackedWidget *m_results;
    QTableView *m_view;
    QLabel *m_emptyText;
    QPushButton *m_clear;
    QLabel *m_status;
    QTimer m_debounce;
    QPointer<PagedCsvExport> m_exportJob;
    QPointer<QProgressDialog> m_progress;
    bool m_started = false;
    int m_openWhenLoaded = -1; // a placeholder row opened before its page came back
};

} // namespace linedesk::ui
