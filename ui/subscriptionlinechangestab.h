#pragma once

#include <QWidget>

class QTableView;

namespace linedesk {
class SubscriptionInspection;
} // namespace linedesk

namespace linedesk::ui {

// The subscription detail's "Line changes" tab: every purchase and removal of lines.
class SubscriptionLineChangesTab : public QWidget
{
    Q_OBJECT
public:
    explicit SubscriptionLineChangesTab(SubscriptionInspection *inspection,
                                        QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }

private:
    QTableView *m_view = nullptr;
};

} // namespace linedesk::ui
