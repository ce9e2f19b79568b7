#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace linedesk {
class AlertCenter;
class Session;
class WebhookList;
} // namespace linedesk

namespace linedesk::ui {

class Notice;

// Alerts → Webhooks: where the subscription's alerts are POSTed, and each webhook's delivery
// log. Admins add (URL and a masked secret) and remove (after a confirmation); support staff
// read; viewers never see it (the page hides its tab).
class WebhooksView : public QWidget
{
    Q_OBJECT
public:
    WebhooksView(Session *session, AlertCenter *center, WebhookList *list,
                 QWidget *parent = nullptr);

    QTableView *webhooksTable() const { return m_table; }
    QTableView *deliveriesTable() const { return m_deliveries; }
    // Opens the Add dialog (as the Add button does); it closes itself once the service
    // accepted the webhook.
    void addWebhook();
    // Asks for confirmation, then removes the selected webhook.
    void removeSelected();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateState();
    void selectionChanged();
    QString selectedId() const;

    Session *m_session;
    AlertCenter *m_center;
    WebhookList *m_list;
    QLabel *m_roleNote;
    QTableView *m_table;
    QLabel *m_empty;
    Notice *m_notice;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_refresh;
    QWidget *m_deliveriesCard;
    QLabel *m_deliveriesTitle;
    QTableView *m_deliveries;
    QPushButton *m_moreDeliveries;
    QPushButton *m_refreshDeliveries;
    // While shown: the log is read again while a delivery waits, and soon after an alert.
    QTimer m_poll;
};

} // namespace linedesk::ui
