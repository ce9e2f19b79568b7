#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace linedesk {
class SubscriptionHistory;
}

namespace linedesk::ui {

// Billing → History: line changes and the audit trail, newest first.
class HistoryView : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryView(SubscriptionHistory *history, QWidget *parent = nullptr);

    QTableView *lineChangesView() const { return m_changes; }
    QTableView *auditView() const { return m_audit; }

private:
    void updateAuditNote();

    SubscriptionHistory *m_history;
    QTableView *m_changes;
    QTableView *m_audit;
    QLabel *m_auditNote;
};

} // namespace linedesk::ui
