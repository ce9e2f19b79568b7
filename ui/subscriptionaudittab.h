#pragma once

#include "pagedcsvexport.h"

#include <QPointer>
#include <QWidget>

class QTableView;

namespace linedesk {
class ApiClient;
class SubscriptionInspection;
} // namespace linedesk

namespace linedesk::ui {

class Notice;

// The subscription detail's "Audit trail" tab: every change of money or lines and every call
// ended by support, newest first, and its export as CSV (every page).
class SubscriptionAuditTab : public QWidget
{
    Q_OBJECT
public:
    // Tells how an export went in `notice` (the detail view's).
    SubscriptionAuditTab(ApiClient *api, SubscriptionInspection *inspection, Notice *notice,
                         QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    // Writes the whole audit trail (every page) to `path`.
    void exportAudit(const QString &path);

private:
    ApiClient *m_api;
    SubscriptionInspection *m_inspection;
    Notice *m_notice;
    QTableView *m_view = nullptr;
    QPointer<PagedCsvExport> m_export;
};

} // namespace linedesk::ui
