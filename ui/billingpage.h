#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;

namespace linedesk {
class Session;
class SubscriptionHistory;
} // namespace linedesk

namespace linedesk::ui {

class LinesCard;
class HistoryView;
class Notice;

// Billing: plan and status, credits, period and renewal, monthly charge; then the sections
// Overview, Add-ons (the concurrency lines) and History.
class BillingPage : public QWidget
{
    Q_OBJECT
public:
    enum Section
    {
        OverviewSection,
        AddOnsSection,
        HistorySection
    };

    BillingPage(Session *session, SubscriptionHistory *history, QWidget *parent = nullptr);

    void showSection(Section section);
    QTabWidget *tabs() const { return m_tabs; }
    LinesCard *linesCard() const { return m_lines; }
    HistoryView *historyView() const { return m_historyView; }

Q_SIGNALS:
    void manageLinesRequested();

private:
    void update();
    void updateManageButton();

    Session *m_session;
    QLabel *m_subtitle;
    QLabel *m_plan;
    QLabel *m_status;
    QLabel *m_credits;
    QLabel *m_period;
    QLabel *m_renewal;
    QLabel *m_monthly;
    QLabel *m_monthlyDetail;
    QLabel *m_staleNote;
    QLabel *m_overviewText;
    Notice *m_frozenNotice;
    QPushButton *m_manage;
    QTabWidget *m_tabs;
    LinesCard *m_lines;
    HistoryView *m_historyView;
};

} // namespace linedesk::ui
