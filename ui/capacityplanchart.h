#pragma once

#include "capacityplan.h"

#include <QWidget>

#include <optional>

namespace linedesk::ui {

// Blocked calls against total lines for a capacity plan: the replay's blocked calls as bars
// (left axis, calls), Erlang B's share blocked at the busiest hour as a line (right axis,
// logarithmic, so 5 %, 1 % and 0.1 % are equally far apart), the target as a dashed level,
// today's and the recommended total as vertical marks. Painted with QPainter: a couple of
// dozen bars need neither Qt Charts (deprecated from Qt 6.10) nor its scene.
class CapacityPlanChart : public QWidget
{
    Q_OBJECT
public:
    explicit CapacityPlanChart(QWidget *parent = nullptr);

    void setPlan(const std::optional<CapacityPlan> &plan);
    // Drawn faded: the plan shown is being replaced.
    void setFaded(bool faded);
    // Shown instead of the chart when there is no plan (or it has no calls).
    void setPlaceholder(const QString &text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // What is drawn, for tests and screen readers.
    int barCount() const;
    QRectF barRect(int lines) const;
    // The x of the vertical mark of a total, or a negative value when it is not marked.
    qreal markX(int lines) const;
    QString markText(int lines) const;
    // The figures in words ("12 lines: 3 blocked in the replay, 0.94 % by Erlang B; …").
    QString describe() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct Mark
    {
        int lines = 0;
        QString text;
        QColor colour;
        bool dashed = false;
        QRectF labelRect;
    };
    struct Layout
    {
        QRectF plot;
        qreal slot = 0;
        qint64 countMax = 1;
        qint64 countStep = 1;
        int decadeMin = -3; // the right axis runs from 10^decadeMin to 1 (100 %)
        QList<Mark> marks;
        int labelEvery = 1;
    };
    void relayout();
    qreal slotCentre(int index) const;
    qreal yCount(double count) const;
    qreal yShare(double share) const;
    int indexAt(const QPoint &pos) const;

    std::optional<CapacityPlan> m_plan;
    QString m_placeholder;
    bool m_faded = false;
    Layout m_layout;
    int m_hover = -1;
};

} // namespace linedesk::ui
