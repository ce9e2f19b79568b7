#pragma once

#include "endcalldialog.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace linedesk {
class SubscriptionInspection;
} // namespace linedesk

namespace linedesk::ui {

class Notice;

// The subscription detail's "Active calls" tab: the calls holding its lines now, and
// "End call…" (with a reason, for the audit trail) for one that is stuck.
class SubscriptionCallsTab : public QWidget
{
    Q_OBJECT
public:
    // Says "Ending call…" in `notice` (the detail view's).
    SubscriptionCallsTab(SubscriptionInspection *inspection, Notice *notice,
                         QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    EndCallDialog *endCallDialog() const { return m_endDialog; }
    // Asks for a reason, then ends the selected call.
    void endSelectedCall();
    // The note above the list and the End call button, after the calls or the selection changed.
    void updateState();

Q_SIGNALS:
    // How many calls hold a line now (after each updateState()).
    void countChanged(int calls);

private:
    SubscriptionInspection *m_inspection;
    Notice *m_notice;
    QTableView *m_view = nullptr;
    QLabel *m_note = nullptr;
    QPushButton *m_endButton = nullptr;
    QPointer<EndCallDialog> m_endDialog;
};

} // namespace linedesk::ui
