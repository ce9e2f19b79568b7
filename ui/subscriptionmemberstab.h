#pragma once

#include <QWidget>

class QTreeWidget;

namespace linedesk {
class SubscriptionInspection;
} // namespace linedesk

namespace linedesk::ui {

// The subscription detail's "Organizations and users" tab: each organization sharing the
// subscription with its users and their roles.
class SubscriptionMembersTab : public QWidget
{
    Q_OBJECT
public:
    explicit SubscriptionMembersTab(SubscriptionInspection *inspection, QWidget *parent = nullptr);

    QTreeWidget *view() const { return m_members; }
    void clear();

private:
    void update();

    SubscriptionInspection *m_inspection;
    QTreeWidget *m_members = nullptr;
};

} // namespace linedesk::ui
