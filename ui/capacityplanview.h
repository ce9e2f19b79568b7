#pragma once

#include "capacityplanloader.h"

#include <QWidget>

class QBoxLayout;
class QButtonGroup;
class QLabel;
class QPushButton;
class QTableView;

namespace linedesk {
class CapacityPlanModel;
} // namespace linedesk

namespace linedesk::ui {

class CapacityPlanChart;
class Notice;

// The capacity plan of one subscription: window (24 h, 7 d, 30 d) and target (5 %, 1 %,
// 0.1 %) choices, the recommendation, blocked calls against total lines (chart and table,
// with each total's monthly charge), the busiest hour and what the figures assume. The same
// widget is Add-ons' "Plan…" dialog and a tab of support's subscription detail; only Add-ons
// lets an admin take the recommendation ("Use N lines"), and buying still goes through the
// lines card's review.
class CapacityPlanView : public QWidget
{
    Q_OBJECT
public:
    explicit CapacityPlanView(CapacityPlanLoader *loader, QWidget *parent = nullptr);

    // Offers "Use N lines" (N: the recommendation, at least `minimumTotal`), or hides it.
    void setUseAllowed(bool allowed, int minimumTotal = 0);
    // The total "Use N lines" would set, or 0 when there is none to use.
    int useTotal() const;

    CapacityPlanLoader *loader() const { return m_loader; }
    CapacityPlanModel *model() const { return m_model; }
    CapacityPlanChart *chart() const { return m_chart; }
    QTableView *optionsView() const { return m_table; }
    QPushButton *useButton() const { return m_use; }

Q_SIGNALS:
    // The admin took the recommendation: set the lines box to `total`.
    void useRequested(int total);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void refresh();
    // Chart and table side by side where there is room, else the table under the chart.
    void arrangeFigures();
    void updateChoices();
    void updateUseButton();

    CapacityPlanLoader *m_loader;
    CapacityPlanModel *m_model;
    QButtonGroup *m_windows;
    QButtonGroup *m_targets;
    QLabel *m_status;
    Notice *m_error;
    QLabel *m_empty;
    QWidget *m_content;
    QLabel *m_summary;
    QLabel *m_recommendation;
    QPushButton *m_use;
    QBoxLayout *m_figures;
    CapacityPlanChart *m_chart;
    QTableView *m_table;
    QLabel *m_busyHour;
    QLabel *m_limits;
    bool m_useAllowed = false;
    int m_minimumTotal = 0;
};

} // namespace linedesk::ui
