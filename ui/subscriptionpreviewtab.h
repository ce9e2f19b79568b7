#pragma once

#include <QWidget>

class QLabel;
class QSpinBox;

namespace linedesk {
class ApiClient;
class SubscriptionInspection;
} // namespace linedesk

namespace linedesk::ui {

// The subscription detail's "Preview a purchase" tab: the service's quote for a change of
// lines, to explain its cost to the customer. Support never buys from here.
class SubscriptionPreviewTab : public QWidget
{
    Q_OBJECT
public:
    SubscriptionPreviewTab(ApiClient *api, SubscriptionInspection *inspection,
                           QWidget *parent = nullptr);

    // Asks the service for a quote of `quantity` lines (negative: removed) and shows it.
    void preview(int quantity);
    // Forgets the last quote (another subscription was opened).
    void clear();

private:
    ApiClient *m_api;
    SubscriptionInspection *m_inspection;
    QSpinBox *m_quantity = nullptr;
    QLabel *m_result = nullptr;
    int m_generation = 0; // a quote for an earlier request is dropped
};

} // namespace linedesk::ui
