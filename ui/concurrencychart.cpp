#include "concurrencychart.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QFontMetrics>
#include <QGraphicsEllipseItem>
#include <QGraphicsLineItem>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>

namespace linedesk::ui {

namespace {

const QColor kActive(0x25, 0x63, 0xeb);
const QColor kLimit(0xdc, 0x26, 0x26);
const QColor kIncluded(0x94, 0xa3, 0xb8);
const QColor kBlocked(0xb9, 0x1c, 0x1c);
const QColor kChange(0x05, 0x96, 0x69);
constexpr int kLegendMinWidth = 600;

} // namespace

ConcurrencyChart::ConcurrencyChart(QWidget *parent) : QWidget(parent)
{
    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);

    m_active = new QLineSeries;
    m_active->setName(tr("Active calls"));
    m_active->setPen(QPen(kActive, 1.0));
    m_limit = new QLineSeries;
    m_limit->setName(tr("Limit"));
    m_limit->setPen(QPen(kLimit, 2.0));
    m_included = new QLineSeries;
    m_included->setName(tr("Included"));
    m_included->setPen(QPen(kIncluded, 1.2, Qt::DashLine));
    m_blocked = new QScatterSeries;
    m_blocked->setName(tr("Blocked calls"));
    m_blocked->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_blocked->setMarkerSize(7);
    m_blocked->setColor(kBlocked);
    m_blocked->setBorderColor(kBlocked);
    m_changes = new QScatterSeries;
    m_changes->setName(tr("Lines bought/removed"));
    m_changes->setMarkerSize(10);
    m_changes->setColor(kChange);
    m_changes->setBorderColor(Qt::white);

    m_axisX = new QCategoryAxis;
    m_axisX->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_axisY = new QValueAxis;
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    m_axisY->setTitleText(tr("Calls"));
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QXYSeries *s : {static_cast<QXYSeries *>(m_included), static_cast<QXYSeries *>(m_active),
                         static_cast<QXYSeries *>(m_limit), static_cast<QXYSeries *>(m_blocked),
                         static_cast<QXYSeries *>(m_changes)}) {
        m_chart->addSeries(s);
        s->attachAxis(m_axisX);
        s->attachAxis(m_axisY);
    }

    // The hover guide: drawn above the series, hidden until the pointer is over a column.
    m_guide = new QGraphicsLineItem(m_chart);
    m_guide->setPen(QPen(QColor(0x47, 0x55, 0x69), 1.0, Qt::DashLine));
    m_guide->setZValue(100);
    m_guide->hide();
    m_guideDot = new QGraphicsEllipseItem(-4, -4, 8, 8, m_chart);
    m_guideDot->setPen(QPen(Qt::white, 1.5));
    m_guideDot->setBrush(kActive);
    m_guideDot->setZValue(101);
    m_guideDot->hide();

    // The numbers that fit depend on the plot's height, known once the chart is laid out.
    connect(m_chart, &QChart::plotAreaChanged, this, &ConcurrencyChart::updateValueAxis,
            Qt::QueuedConnection);

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing, false);
    // Drawn on the page's white card: no frame or grey view background around the chart.
    // Opaque white, not transparent: a see-through view would repaint its parents each frame.
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setBackgroundBrush(Qt::white);
    m_chart->setBackgroundBrush(Qt::white);
    m_chart->setBackgroundPen(Qt::NoPen);
    m_view->setMouseTracking(true);
    m_view->viewport()->installEventFilter(this);
    m_view->setFocusPolicy(Qt::StrongFocus);
    m_view->installEventFilter(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    setWindow(now - 5 * 60 * 1000, now);
}

ConcurrencyChart::~ConcurrencyChart() = default;

void ConcurrencyChart::setSeries(const ConcurrencySeries *series)
{
    m_series = series;
}

void ConcurrencyChart::setIncludedLines(int included)
{
    m_includedLines = included;
}

void ConcurrencyChart::setLineChangeMarks(const QList<QPair<qint64, int>> &marks)
{
    m_lineChanges = marks;
}

void ConcurrencyChart::setWindow(qint64 fromMs, qint64 toMs)
{
    if (toMs <= fromMs)
        toMs = fromMs + 1000;
    m_fromMs = fromMs;
    m_toMs = toMs;
}

int ConcurrencyChart::plotWidthPixels() const
{
    const int w = int(m_chart->plotArea().width());
    return qBound(16, w > 0 ? w : width() - 60, 8192);
}

int ConcurrencyChart::plottedPointCount() const
{
    return int(m_active->count());
}

QList<QPointF> ConcurrencyChart::limitLinePoints() const
{
    return m_limit->points();
}

int ConcurrencyChart::blockedMarkCount() const
{
    return int(m_blocked->count());
}

int ConcurrencyChart::lineChangeMarkCount() const
{
    return int(m_changes->count());
}

QString ConcurrencyChart::columnTimeText(qint64 fromMs, qint64 toMs)
{
    const QLocale locale;
    const QDateTime a = QDateTime::fromMSecsSinceEpoch(fromMs);
    const QDateTime b = QDateTime::fromMSecsSinceEpoch(toMs);
    const QString format = toMs - fromMs < 60'000
                               ? QStringLiteral("HH:mm:ss")
                               //: QDateTime format of a chart column's time: month, day, hour
                               : tr("MMM d, HH:mm");
    return toMs - fromMs <= 1500
               ? locale.toString(a, format)
               : tr("%1 – %2").arg(locale.toString(a, format), locale.toString(b, format));
}

bool ConcurrencyChart::hoverGuideVisible() const
{
    return m_guide->isVisible();
}

qreal ConcurrencyChart::hoverGuideX() const
{
    return m_guide->line().x1();
}

void ConcurrencyChart::updateHover()
{
    const QRectF plot = m_chart->plotArea();
    if (!m_hoverPos || m_dragging || m_columns.isEmpty() || plot.width() <= 0) {
        clearHover();
        return;
    }
    const QPointF at = m_view->mapToScene(m_hoverPos->toPoint());
    const QPointF inChart = m_chart->mapFromScene(at);
    if (!plot.contains(inChart)) {
        clearHover();
        return;
    }
    const double anchor = qBound(0.0, (inChart.x() - plot.left()) / plot.width(), 1.0);
    const int index = qBound(0, int(anchor * m_columns.size()), int(m_columns.size()) - 1);
    const auto &c = m_columns.at(index);
    if (!c.known) {
        clearHover();
        return;
    }
    const QPointF point =
        m_chart->mapToPosition(QPointF((c.fromMs + c.toMs) / 2.0, c.maxActive), m_active);
    m_guide->setLine(point.x(), plot.top(), point.x(), plot.bottom());
    m_guideDot->setPos(point);
    m_guide->show();
    m_guideDot->show();
    // The numbers beside the pointer, where the eye is (the page may show them too).
    QToolTip::showText(m_view->viewport()->mapToGlobal(m_hoverPos->toPoint()),
                       tr("%1\n%2 active of %3 lines\n%4 blocked")
                           .arg(columnTimeText(c.fromMs, c.toMs))
                           .arg(c.maxActive)
                           .arg(c.limit)
                           .arg(c.blocked),
                       m_view->viewport());
    Q_EMIT hovered(c.fromMs, c.toMs, c.maxActive, c.limit, c.blocked);
}

void ConcurrencyChart::clearHover()
{
    const bool wasShown = m_guide->isVisible();
    m_guide->hide();
    m_guideDot->hide();
    if (wasShown) {
        QToolTip::hideText();
        Q_EMIT hoverLeft();
    }
}

void ConcurrencyChart::refresh()
{
    const int columns = plotWidthPixels();
    m_columns = m_series ? m_series->decimate(m_fromMs, m_toMs, columns)
                         : QList<ConcurrencySeries::Column>();

    // Active calls: each column's maximum across the column, so a one-second peak in a
    // 30-day window still reaches its height.
    QList<QPointF> active;
    QList<QPointF> limit;
    QList<QPointF> blocked;
    active.reserve(m_columns.size());
    int highest = qMax(m_includedLines, 1);
    int lastLimit = -1;
    for (const auto &c : m_columns) {
        if (!c.known)
            continue;
        // One vertex per pixel column at the column's maximum: the line passes through every
        // peak, and Qt Charts gets no more points than there are pixels.
        active.append(QPointF((c.fromMs + c.toMs) / 2.0, c.maxActive));
        // The limit as a step line: only where it changes.
        if (c.limit != lastLimit) {
            if (lastLimit >= 0)
                limit.append(QPointF(c.fromMs, lastLimit));
            limit.append(QPointF(c.fromMs, c.limit));
            lastLimit = c.limit;
        }
        if (c.blocked > 0)
            blocked.append(QPointF((c.fromMs + c.toMs) / 2.0, c.limit));
        highest = qMax(highest, qMax(c.maxActive, c.limit));
    }
    if (lastLimit >= 0 && !m_columns.isEmpty())
        limit.append(QPointF(m_columns.last().toMs, lastLimit));
    QList<QPointF> changes;
    for (const auto &[t, l] : m_lineChanges)
        if (t >= m_fromMs && t <= m_toMs)
            changes.append(QPointF(t, l));

    m_active->replace(active);
    m_limit->replace(limit);
    m_blocked->replace(blocked);
    m_changes->replace(changes);
    m_included->replace({QPointF(m_fromMs, m_includedLines), QPointF(m_toMs, m_includedLines)});
    m_included->setVisible(m_includedLines > 0);

    m_axisX->setRange(double(m_fromMs), double(m_toMs));
    // A label every ~110 px at most ("Nov 25", "09:13:05" and room between them), none so
    // close to an end that its text would be cut off there. Rebuilt only when the set
    // changes: in live mode, when a tick scrolls in or out.
    const double msPerPixel = double(m_toMs - m_fromMs) / columns;
    const QList<TimeTick> ticks =
        timeAxisTicks(m_fromMs + qint64(20 * msPerPixel), m_toMs - qint64(30 * msPerPixel),
                      qMax(2, columns / 110));
    // The first category starts at the window's start: set while the axis is empty when
    // rebuilding (QCategoryAxis refuses a start past its first category's end).
    if (ticks != m_ticks) {
        for (const QString &label : m_axisX->categoriesLabels())
            m_axisX->remove(label);
        m_axisX->setStartValue(double(m_fromMs));
        m_ticks = ticks;
        for (const TimeTick &tick : std::as_const(m_ticks))
            m_axisX->append(tick.label, double(tick.ms));
    } else {
        m_axisX->setStartValue(double(m_fromMs)); // below the first tick, so accepted
    }
    m_highest = highest;
    updateValueAxis();
    // Live scrolling moves the data under a still pointer: keep the guide on what it points at.
    if (m_hoverPos)
        updateHover();
}

void ConcurrencyChart::updateValueAxis()
{
    // Headroom above the highest of calls and limit, and ticks on whole calls: the step is
    // 1, 2, 5, 10, 20 … so every labelled gridline sits exactly on its number. At most six
    // intervals, and no more than the plot's height holds labels for: Qt Charts draws a
    // label that has less height than its text as "…" (a small chart showed only those).
    const int wanted = int(std::ceil(m_highest * 1.15)) + 1;
    const qreal plotHeight =
        m_chart->plotArea().height() > 0 ? m_chart->plotArea().height() : qreal(height() - 60);
    const int labelHeight = QFontMetrics(m_axisY->labelsFont()).height();
    const int fits = qMax(1, int(plotHeight / (labelHeight * 1.5)));
    int step = 1;
    bool found = false;
    for (int magnitude = 1; !found && magnitude < 1'000'000'000 / 10; magnitude *= 10) {
        for (int m : {1, 2, 5}) {
            step = m * magnitude;
            if (wanted / step <= 6 && (wanted + step - 1) / step <= fits) {
                found = true;
                break;
            }
        }
    }
    const int top = (wanted + step - 1) / step * step;
    if (m_axisY->max() != top || m_axisY->min() != 0)
        m_axisY->setRange(0, top);
    if (m_axisY->tickCount() != top / step + 1)
        m_axisY->setTickCount(top / step + 1);
    // The axis title costs a low chart the room its numbers need.
    m_axisY->setTitleVisible(plotHeight >= 4 * labelHeight * 1.5);
}

QImage ConcurrencyChart::toImage(const QSize &size)
{
    const QSize s = size.isValid() ? size : m_view->size();
    QImage image(s * devicePixelRatioF(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatioF());
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    m_view->render(&painter, QRectF(QPointF(0, 0), s), m_view->rect());
    return image;
}

void ConcurrencyChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Too narrow for the legend's five entries, Qt Charts cuts them to "Lines bo…": a small
    // chart goes without (its card says what is what). A legend hidden by the chart's user
    // stays hidden.
    QLegend *legend = m_chart->legend();
    const bool narrow = width() < kLegendMinWidth;
    if (narrow && legend->isVisible()) {
        legend->hide();
        m_legendAutoHidden = true;
    } else if (!narrow && m_legendAutoHidden) {
        legend->show();
        m_legendAutoHidden = false;
    }
    refresh();
}

void ConcurrencyChart::zoom(double factor, double anchor)
{
    const qint64 span = m_toMs - m_fromMs;
    const qint64 newSpan = qBound<qint64>(10'000, qint64(span * factor), 400LL * 86400 * 1000);
    const qint64 at = m_fromMs + qint64(span * anchor);
    setWindow(at - qint64(newSpan * anchor), at - qint64(newSpan * anchor) + newSpan);
    refresh();
    Q_EMIT userNavigated();
}

void ConcurrencyChart::pan(qint64 deltaMs)
{
    setWindow(m_fromMs + deltaMs, m_toMs + deltaMs);
    refresh();
    Q_EMIT userNavigated();
}

bool ConcurrencyChart::eventFilter(QObject *watched, QEvent *event)
{
    const QRectF plot = m_chart->plotArea();
    auto anchorOf = [&plot](const QPointF &p) {
        return plot.width() > 0 ? qBound(0.0, (p.x() - plot.left()) / plot.width(), 1.0) : 0.5;
    };
    switch (event->type()) {
    case QEvent::Wheel: {
        auto *e = static_cast<QWheelEvent *>(event);
        const double steps = e->angleDelta().y() / 120.0;
        if (steps != 0)
            zoom(std::pow(0.8, steps), anchorOf(e->position()));
        return true;
    }
    case QEvent::MouseButtonPress: {
        auto *e = static_cast<QMouseEvent *>(event);
        if (e->button() == Qt::LeftButton) {
            m_dragging = true;
            m_dragStart = e->position().toPoint();
            m_dragFrom = m_fromMs;
            return true;
        }
        break;
    }
    case QEvent::MouseButtonRelease:
        m_dragging = false;
        break;
    case QEvent::MouseMove: {
        auto *e = static_cast<QMouseEvent *>(event);
        if (m_dragging && plot.width() > 0) {
            const qint64 span = m_toMs - m_fromMs;
            const qint64 delta =
                -qint64((e->position().x() - m_dragStart.x()) / plot.width() * span);
            setWindow(m_dragFrom + delta, m_dragFrom + delta + span);
            refresh();
            Q_EMIT userNavigated();
            return true;
        }
        m_hoverPos = e->position();
        updateHover();
        break;
    }
    case QEvent::Leave:
        m_hoverPos.reset();
        clearHover();
        break;
    case QEvent::KeyPress: {
        auto *e = static_cast<QKeyEvent *>(event);
        const qint64 span = m_toMs - m_fromMs;
        if (e->key() == Qt::Key_Plus || e->key() == Qt::Key_Equal) {
            zoom(0.5, 0.5);
            return true;
        }
        if (e->key() == Qt::Key_Minus) {
            zoom(2.0, 0.5);
            return true;
        }
        if (e->key() == Qt::Key_Left) {
            pan(-span / 10);
            return true;
        }
        if (e->key() == Qt::Key_Right) {
            pan(span / 10);
            return true;
        }
        break;
    }
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace linedesk::ui
