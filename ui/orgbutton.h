#pragma once

#include <QToolButton>

class QMenu;

namespace linedesk {
class Console;
}

namespace linedesk::ui {

// Bottom left of the window: the current organization's name and who is signed in. Its menu
// switches organization, opens Billing and Settings, switches demo user, and signs out.
class OrgButton : public QToolButton
{
    Q_OBJECT
public:
    explicit OrgButton(Console *console, QWidget *parent = nullptr);

    QMenu *orgMenu() const { return m_menu; }
    void showOrgMenu();

Q_SIGNALS:
    void billingRequested();
    void settingsRequested();

private:
    void updateText();
    void rebuildMenu();

    Console *m_console;
    QMenu *m_menu;
};

} // namespace linedesk::ui
