#pragma once

#include <QWidget>

class QLabel;

namespace linedesk {
class Session;
}

namespace linedesk::ui {

// The organization at a glance: limit, active calls, credits, plan.
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(Session *session, QWidget *parent = nullptr);

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
    QLabel *m_credits;
    QLabel *m_creditsDetail;
    QLabel *m_monthly;
    QLabel *m_monthlyDetail;
    QLabel *m_staleNote;
};

} // namespace linedesk::ui
