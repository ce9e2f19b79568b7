#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace linedesk {
class Session;
}

namespace linedesk::ui {

// Active calls against the limit, read from the subscription every few seconds while shown.
// (The live graph with blocked calls comes with the live feed.)
class LivePage : public QWidget
{
    Q_OBJECT
public:
    explicit LivePage(Session *session, QWidget *parent = nullptr);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void update();

    Session *m_session;
    QTimer m_poll;
    QLabel *m_numbers;
    QLabel *m_detail;
    QProgressBar *m_bar;
    QLabel *m_updated;
};

} // namespace linedesk::ui
