#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QProgressBar;

namespace linedesk {
class LiveFeedClient;
class Session;
} // namespace linedesk

namespace linedesk::ui {

// The organization at a glance: limit, active calls, credits, plan.
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(Session *session, QWidget *parent = nullptr);
    // Active calls come from the live feed while it is live (else from the last read).
    void setLiveFeed(LiveFeedClient *feed);

Q_SIGNALS:
    void manageLinesRequested();

private:
    void update();

    Session *m_session;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_limit;
    QLabel *m_limitDetail;
    QLabel *m_active;
    QLabel *m_activeDetail;
    QProgressBar *m_activeGauge;
    LiveFeedClient *m_feed = nullptr;
    QLabel *m_credits;
    QLabel *m_creditsDetail;
    QLabel *m_monthly;
    QLabel *m_monthlyDetail;
    QLabel *m_staleNote;
    QPushButton *m_manage;
};

} // namespace linedesk::ui
