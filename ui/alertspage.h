#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace linedesk {
class AlertCenter;
class AlertLog;
class Session;
class WebhookList;
} // namespace linedesk

namespace linedesk::ui {

class AlertRulesEditor;
class Notice;
class WebhooksView;

// Alerts: the current subscription's use against its limit as the tray shows it, then the
// sections Alerts (newest first, firing ones marked, live), Rules and Webhooks (admins and
// support).
class AlertsPage : public QWidget
{
    Q_OBJECT
public:
    enum Section
    {
        ListSection,
        RulesSection,
        WebhooksSection
    };

    AlertsPage(Session *session, AlertCenter *center, AlertLog *log, WebhookList *webhooks,
               QWidget *parent = nullptr);

    void showSection(Section section);
    QTabWidget *tabs() const { return m_tabs; }
    QTableView *alertsTable() const { return m_table; }
    AlertRulesEditor *rulesEditor() const { return m_rules; }
    WebhooksView *webhooksView() const { return m_webhooks; }
    bool isShowingEmptyState() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateHeader();
    void updateList();
    void updateTabs();
    void filterChanged();

    Session *m_session;
    AlertCenter *m_center;
    AlertLog *m_log;
    WebhookList *m_webhookList;
    QLabel *m_subtitle;
    QLabel *m_levelDot;
    QLabel *m_levelText;
    QLabel *m_firingText;
    QTabWidget *m_tabs;
    QComboBox *m_stateFilter;
    QComboBox *m_kindFilter;
    QPushButton *m_refresh;
    QStackedWidget *m_listStack;
    QTableView *m_table;
    QLabel *m_emptyTitle;
    QLabel *m_emptyText;
    Notice *m_listNotice;
    QLabel *m_countText;
    QPushButton *m_loadMore;
    AlertRulesEditor *m_rules;
    WebhooksView *m_webhooks;
    // While shown: the figures of firing alerts (a blocked count runs on) read again.
    QTimer m_refreshFiring;
};

} // namespace linedesk::ui
