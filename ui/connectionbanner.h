#pragma once

#include <QFrame>
#include <QTimer>

class QLabel;
class QPushButton;

namespace linedesk {
class Console;
}

namespace linedesk::ui {

// Across the top of the window while the service cannot be reached (with the countdown to
// the next attempt), while the built-in service starts, or when signing in failed.
class ConnectionBanner : public QFrame
{
    Q_OBJECT
public:
    explicit ConnectionBanner(Console *console, QWidget *parent = nullptr);

    QString message() const;

private:
    void update();

    Console *m_console;
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_action;
    QTimer m_tick;
    QString m_embeddedError;
};

} // namespace linedesk::ui
