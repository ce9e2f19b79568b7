#pragma once

#include "concurrencyseries.h"
#include "timeaxisticks.h"

#include <QWidget>

#include <optional>

class QChart;
class QChartView;
class QGraphicsEllipseItem;
class QGraphicsLineItem;
class QCategoryAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace linedesk::ui {

// Active calls against the limit over a time window, drawn with Qt Charts behind this one
// class (so Qt Charts, deprecated from Qt 6.10, can be swapped). The data is reduced to one
// column per pixel before Qt Charts sees it, keeping each column's maximum, so a 24-hour
// window of 1-second samples costs the same as five minutes and no peak is lost.
class ConcurrencyChart : public QWidget
{
    Q_OBJECT
public:
    explicit ConcurrencyChart(QWidget *parent = nullptr);
    ~ConcurrencyChart() override;

    // The data to show; not owned. Call refresh() after it changes.
    void setSeries(const ConcurrencySeries *series);
    void setIncludedLines(int included);
    // Marks where lines were bought (+) or removed (−): (time, new limit).
    void setLineChangeMarks(const QList<QPair<qint64, int>> &marks);

    void setWindow(qint64 fromMs, qint64 toMs);
    qint64 windowFrom() const { return m_fromMs; }
    qint64 windowTo() const { return m_toMs; }

    // Re-reduces the visible window and redraws.
    void refresh();

    // The decimated columns currently drawn (for hover, tests and export).
    const QList<ConcurrencySeries::Column> &columns() const { return m_columns; }
    // Number of points handed to Qt Charts for the active-calls line.
    int plottedPointCount() const;
    // What the limit step line and the mark series hold now (for tests).
    QList<QPointF> limitLinePoints() const;
    int blockedMarkCount() const;
    int lineChangeMarkCount() const;
    // Whether the hover guide (a vertical line and a dot on the active-calls line at the
    // pointed column) is shown, and at which x in the chart's coordinates (for tests).
    bool hoverGuideVisible() const;
    qreal hoverGuideX() const;
    // The time axis' labelled ticks now (round local times).
    const QList<TimeTick> &timeTicks() const { return m_ticks; }

    QImage toImage(const QSize &size = {});

    // A column's time for people: "09:26:47" for one second, "09:26:40 – 09:26:50" or
    // "Nov 25, 09:00 – Nov 25, 09:10" for wider columns; local time.
    static QString columnTimeText(qint64 fromMs, qint64 toMs);

Q_SIGNALS:
    // The user zoomed or panned: live scrolling should pause.
    void userNavigated();
    // Hover over a column: its time range, most active calls, limit and blocked attempts.
    void hovered(qint64 fromMs, qint64 toMs, int active, int limit, int blocked);
    void hoverLeft();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateValueAxis();
    int plotWidthPixels() const;
    void zoom(double factor, double anchor);
    void pan(qint64 deltaMs);
    // Points at the column under m_hoverPos (shows the guide, emits hovered), or clears it.
    void updateHover();
    void clearHover();

    const ConcurrencySeries *m_series = nullptr;
    QChart *m_chart = nullptr;
    QChartView *m_view = nullptr;
    QLineSeries *m_active = nullptr;
    QLineSeries *m_limit = nullptr;
    QLineSeries *m_included = nullptr;
    QScatterSeries *m_blocked = nullptr;
    QScatterSeries *m_changes = nullptr;
    // Time as ms since the epoch; labelled at round local times (a QDateTimeAxis divides
    // the window evenly, which puts its ticks at odd times like 09:08:53).
    QCategoryAxis *m_axisX = nullptr;
    QList<TimeTick> m_ticks;
    QValueAxis *m_axisY = nullptr;
    QList<ConcurrencySeries::Column> m_columns;
    QList<QPair<qint64, int>> m_lineChanges;
    int m_includedLines = 0;
    bool m_legendAutoHidden = false;
    int m_highest = 1; // the most calls or lines in the window, for the value axis
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    QGraphicsLineItem *m_guide = nullptr;
    QGraphicsEllipseItem *m_guideDot = nullptr;
    std::optional<QPointF> m_hoverPos; // in the view's viewport, while the pointer is over it
    QPoint m_dragStart;
    qint64 m_dragFrom = 0;
    bool m_dragging = false;
};

} // namespace linedesk::ui
