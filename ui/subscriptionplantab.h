#pragma once

#include <QScrollArea>

namespace linedesk {
class CapacityPlanLoader;
} // namespace linedesk

namespace linedesk::ui {

class CapacityPlanView;

// The subscription detail's "Capacity plan" tab: the plan the customer sees under Billing →
// Add-ons → Plan…, read-only.
class SubscriptionPlanTab : public QScrollArea
{
    Q_OBJECT
public:
    explicit SubscriptionPlanTab(CapacityPlanLoader *loader, QWidget *parent = nullptr);

    CapacityPlanView *view() const { return m_view; }

private:
    CapacityPlanView *m_view = nullptr;
};

} // namespace linedesk::ui
