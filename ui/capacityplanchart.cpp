#include "capacityplanchart.h"

#include "capacityplantext.h"
#include "localeformat.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <cmath>

namespace linedesk::ui {

namespace {

const QColor kBar(0x93, 0xc5, 0xfd);
const QColor kBarHover(0x60, 0xa5, 0xfa);
const QColor kBarText(0x1e, 0x40, 0xaf);
const QColor kErlang(0xc2, 0x41, 0x0c);
const QColor kNow(0x47, 0x55, 0x69);
const QColor kRecommended(0x15, 0x80, 0x3d);
const QColor kGrid(0xe2, 0xe8, 0xf0);
const QColor kAxisText(0x64, 0x74, 0x8b);
const QColor kText(0x1e, 0x29, 0x3b);

constexpr qreal kGap = 6;

qint64 niceStep(double raw)
{
    if (raw <= 1)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / magnitude;
    const double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return qMax<qint64>(1, qint64(std::llround(nice * magnitude)));
}

QFont smallFont(const QFont &base)
{
    QFont f = base;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

struct LegendItem
{
    enum Kind
    {
        Bar,
        Line,
        Dashed
    } kind;
    QString text;
    qreal width = 0;
};

QList<LegendItem> legendItems(const QFontMetricsF &fm, double target)
{
    QList<LegendItem> items{
        {LegendItem::Bar, CapacityPlanChart::tr("Calls blocked in the replay (left)")},
        {LegendItem::Line, CapacityPlanChart::tr("Erlang B at the busiest hour (right)")},
        {LegendItem::Dashed,
         CapacityPlanChart::tr("Target: %1").arg(CapacityPlanText::percent(target))},
    };
    for (LegendItem &i : items)
        i.width = 22 + fm.horizontalAdvance(i.text);
    return items;
}

// Rows of legend items that fit `width`.
QList<QList<LegendItem>> legendRows(const QFontMetricsF &fm, qreal width, double target)
{
    QList<QList<LegendItem>> rows(1);
    qreal used = 0;
    for (const LegendItem &item : legendItems(fm, target)) {
        if (!rows.last().isEmpty() && used + 18 + item.width > width) {
            rows.append(QList<LegendItem>());
            used = 0;
        }
        used += (rows.last().isEmpty() ? 0 : 18) + item.width;
        rows.last().append(item);
    }
    return rows;
}

void drawRotated(QPainter &p, const QPointF &centre, const QString &text, qreal angle)
{
    p.save();
    p.translate(centre);
    p.rotate(angle);
    const QFontMetricsF fm(p.font());
    const qreal w = fm.horizontalAdvance(text);
    p.drawText(QPointF(-w / 2, fm.ascent() / 2 - 1), text);
    p.restore();
}

} // namespace

CapacityPlanChart::CapacityPlanChart(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(tr("Blocked calls against total lines"));
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void CapacityPlanChart::setPlan(const std::optional<CapacityPlan> &plan)
{
    m_plan = plan;
    m_hover = -1;
    relayout();
    setAccessibleDescription(describe());
    update();
}

void CapacityPlanChart::setFaded(bool faded)
{
    if (faded == m_faded)
        return;
    m_faded = faded;
    update();
}

void CapacityPlanChart::setPlaceholder(const QString &text)
{
    m_placeholder = text;
    update();
}

QSize CapacityPlanChart::sizeHint() const
{
    return {560, 290};
}

QSize CapacityPlanChart::minimumSizeHint() const
{
    return {380, 230};
}

int CapacityPlanChart::barCount() const
{
    return m_layout.slot > 0 ? int(m_plan->options.size()) : 0;
}

qreal CapacityPlanChart::slotCentre(int index) const
{
    return m_layout.plot.left() + (index + 0.5) * m_layout.slot;
}

qreal CapacityPlanChart::yCount(double count) const
{
    const QRectF &r = m_layout.plot;
    return r.bottom() - r.height() * qBound(0.0, count / double(m_layout.countMax), 1.0);
}

qreal CapacityPlanChart::yShare(double share) const
{
    const QRectF &r = m_layout.plot;
    const double floor = std::pow(10.0, m_layout.decadeMin);
    const double v = std::log10(qBound(floor, share, 1.0));
    // decadeMin at the bottom, 0 (100 %) at the top.
    return r.bottom() - r.height() * (v - m_layout.decadeMin) / -double(m_layout.decadeMin);
}

QRectF CapacityPlanChart::barRect(int lines) const
{
    if (m_layout.slot <= 0)
        return {};
    const QList<CapacityPlan::Option> &options = m_plan->options;
    for (int i = 0; i < options.size(); ++i)
        if (options.at(i).lines == lines) {
            const qreal w = qMax<qreal>(2, m_layout.slot * 0.62);
            const qreal top = yCount(double(options.at(i).replayBlockedCalls));
            return QRectF(slotCentre(i) - w / 2, top, w, m_layout.plot.bottom() - top);
        }
    return {};
}

qreal CapacityPlanChart::markX(int lines) const
{
    if (m_layout.slot <= 0)
        return -1;
    for (const Mark &m : m_layout.marks)
        if (m.lines == lines)
            for (int i = 0; i < m_plan->options.size(); ++i)
                if (m_plan->options.at(i).lines == lines)
                    return slotCentre(i);
    return -1;
}

QString CapacityPlanChart::markText(int lines) const
{
    for (const Mark &m : m_layout.marks)
        if (m.lines == lines)
            return m.text;
    return {};
}

QString CapacityPlanChart::describe() const
{
    if (!m_plan || m_plan->isEmpty())
        return m_placeholder;
    QStringList parts;
    const QLocale locale;
    for (const CapacityPlan::Option &o : m_plan->options)
        parts << tr("%1: %2 blocked in the replay, %3 by Erlang B")
                     .arg(format::lines(o.lines), locale.toString(o.replayBlockedCalls),
                          CapacityPlanText::percent(o.erlangBBlocking, locale));
    return parts.join(QStringLiteral("; "));
}

void CapacityPlanChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void CapacityPlanChart::relayout()
{
    m_layout = Layout();
    if (!m_plan || m_plan->isEmpty() || m_plan->options.isEmpty())
        return;
    const QList<CapacityPlan::Option> &options = m_plan->options;
    const QFontMetricsF fm(smallFont(font()));
    const QLocale locale;
    Layout l;

    qint64 maxCount = 0;
    double minShare = m_plan->target > 0 ? m_plan->target : 0.01;
    for (const CapacityPlan::Option &o : options) {
        maxCount = qMax(maxCount, o.replayBlockedCalls);
        if (o.erlangBBlocking > 0)
            minShare = qMin(minShare, o.erlangBBlocking);
    }
    l.countStep = niceStep(maxCount / 4.0);
    l.countMax = maxCount == 0 ? 4 : ((maxCount + l.countStep - 1) / l.countStep) * l.countStep;
    // A decade below the smallest share drawn, at least 10 % – 100 %, at most down to 0.001 %.
    l.decadeMin = qBound(-5, int(std::floor(std::log10(minShare))), -1);

    qreal countLabels = 0;
    for (qint64 v = 0; v <= l.countMax; v += l.countStep)
        countLabels = qMax(countLabels, fm.horizontalAdvance(locale.toString(v)));
    qreal shareLabels = 0;
    for (int k = l.decadeMin; k <= 0; ++k)
        shareLabels =
            qMax(shareLabels, fm.horizontalAdvance(CapacityPlanText::percent(std::pow(10.0, k))));
    const qreal left = fm.height() + kGap + countLabels + kGap;
    const qreal right = kGap + shareLabels + kGap + fm.height();
    const qreal plotWidth = qMax<qreal>(40, width() - left - right);
    l.slot = plotWidth / options.size();

    // Today's and the recommended total, labelled above the plot; a second row when the
    // labels would overlap.
    const int current = m_plan->currentLines;
    const int recommended = m_plan->recommendedLines;
    auto indexOf = [&options](int lines) {
        for (int i = 0; i < options.size(); ++i)
            if (options.at(i).lines == lines)
                return i;
        return -1;
    };
    if (current == recommended) {
        l.marks.append(
            {current, tr("Now and recommended: %1").arg(current), kRecommended, false, {}});
    } else {
        l.marks.append({current, tr("Now: %1").arg(current), kNow, true, {}});
        l.marks.append(
            {recommended, tr("Recommended: %1").arg(recommended), kRecommended, false, {}});
    }
    const qreal rowHeight = fm.height() + 4;
    int rows = 0;
    QList<QRectF> placed;
    for (Mark &m : l.marks) {
        const int i = indexOf(m.lines);
        if (i < 0)
            continue;
        const qreal w = fm.horizontalAdvance(m.text) + 10;
        const qreal x = left + (i + 0.5) * l.slot;
        const qreal x0 = qBound<qreal>(0, x - w / 2, qMax<qreal>(0, width() - w));
        int row = 0;
        for (const QRectF &r : std::as_const(placed))
            if (r.left() < x0 + w + 6 && x0 < r.right() + 6)
                row = qMax(row, int(r.top()) + 1); // top holds the row while placing
        placed.append(QRectF(x0, row, w, rowHeight));
        m.labelRect = QRectF(x0, row, w, rowHeight);
        rows = qMax(rows, row + 1);
    }
    // Clear of the right axis' top label, which is centred on the plot's top edge.
    const qreal below = fm.height() / 2 + 6;
    const qreal top = 6 + rows * (rowHeight + 2) + below;
    for (Mark &m : l.marks)
        if (!m.labelRect.isNull()) // from row to y: row 0 sits just above the plot
            m.labelRect.moveTop(top - below - (int(m.labelRect.top()) + 1) * (rowHeight + 2) + 2);

    const int legendRowCount = int(legendRows(fm, width() - 12, m_plan->target).size());
    const qreal bottom =
        (fm.height() + 4) + (fm.height() + 4) + legendRowCount * (fm.height() + 6) + 4;
    l.plot = QRectF(left, top, plotWidth, qMax<qreal>(40, height() - top - bottom));

    qreal widest = 0;
    for (const CapacityPlan::Option &o : options)
        widest = qMax(widest, fm.horizontalAdvance(locale.toString(o.lines)));
    l.labelEvery = qMax(1, int(std::ceil((widest + 6) / l.slot)));
    m_layout = l;
}

int CapacityPlanChart::indexAt(const QPoint &pos) const
{
    if (m_layout.slot <= 0)
        return -1;
    const QRectF &r = m_layout.plot;
    if (pos.x() < r.left() || pos.x() >= r.right() || pos.y() < r.top() - 4 ||
        pos.y() > r.bottom() + 4)
        return -1;
    const int i = int((pos.x() - r.left()) / m_layout.slot);
    return i >= 0 && i < m_plan->options.size() ? i : -1;
}

void CapacityPlanChart::mouseMoveEvent(QMouseEvent *event)
{
    const int i = indexAt(event->position().toPoint());
    if (i != m_hover) {
        m_hover = i;
        update();
    }
    if (i < 0) {
        QToolTip::hideText();
        return;
    }
    const CapacityPlan::Option &o = m_plan->options.at(i);
    const QLocale locale;
    QString text =
        tr("<b>%1</b> (%2 purchased, %3 per month)<br>"
           "Blocked in the replay: %4<br>Erlang B at the busiest hour: %5")
            .arg(format::lines(o.lines))
            .arg(o.purchased)
            .arg(format::money(o.monthlyChargeCents, locale), locale.toString(o.replayBlockedCalls),
                 CapacityPlanText::percent(o.erlangBBlocking, locale));
    const QRect slot(int(m_layout.plot.left() + i * m_layout.slot), int(m_layout.plot.top()),
                     int(std::ceil(m_layout.slot)), int(m_layout.plot.height()));
    QToolTip::showText(event->globalPosition().toPoint(), text, this, slot);
}

void CapacityPlanChart::leaveEvent(QEvent *event)
{
    QWidget::leaveEvent(event);
    if (m_hover >= 0) {
        m_hover = -1;
        update();
    }
}

void CapacityPlanChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QFont small = smallFont(font());
    const QFontMetricsF fm(small);
    p.setFont(small);

    if (m_layout.slot <= 0) {
        p.setPen(kAxisText);
        p.setFont(font());
        p.drawText(rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap,
                   m_placeholder);
        return;
    }
    if (m_faded)
        p.setOpacity(0.35);

    const Layout &l = m_layout;
    const QRectF &r = l.plot;
    const QList<CapacityPlan::Option> &options = m_plan->options;
    const QLocale locale;

    // Left axis: calls, with a light grid.
    for (qint64 v = 0; v <= l.countMax; v += l.countStep) {
        const qreal y = yCount(double(v));
        p.setPen(QPen(kGrid, 1));
        p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
        p.setPen(kAxisText);
        const QString t = locale.toString(v);
        p.drawText(QPointF(r.left() - kGap - fm.horizontalAdvance(t), y + fm.ascent() / 2 - 1), t);
    }
    // Right axis: decades of the share blocked.
    p.setPen(QPen(kErlang, 1));
    p.drawLine(QPointF(r.right(), r.top()), QPointF(r.right(), r.bottom()));
    for (int k = l.decadeMin; k <= 0; ++k) {
        const qreal y = yShare(std::pow(10.0, k));
        p.setPen(QPen(kErlang, 1));
        p.drawLine(QPointF(r.right(), y), QPointF(r.right() + 4, y));
        p.drawText(QPointF(r.right() + kGap, y + fm.ascent() / 2 - 1),
                   CapacityPlanText::percent(std::pow(10.0, k), locale));
    }
    p.setPen(kAxisText);
    drawRotated(p, QPointF(fm.height() / 2 + 1, r.center().y()), tr("Calls blocked (replay)"), -90);
    p.setPen(kErlang);
    drawRotated(p, QPointF(width() - fm.height() / 2 - 1, r.center().y()),
                tr("Erlang B (log scale)"), 90);

    // Bars; over them today's and the recommended total (labelled above the plot); then each
    // bar's count where there is room.
    for (int i = 0; i < options.size(); ++i)
        p.fillRect(barRect(options.at(i).lines), i == m_hover ? kBarHover : kBar);
    for (const Mark &m : l.marks) {
        const qreal x = markX(m.lines);
        if (x < 0)
            continue;
        p.setPen(QPen(m.colour, m.dashed ? 1.5 : 2, m.dashed ? Qt::DashLine : Qt::SolidLine));
        p.drawLine(QPointF(x, m.labelRect.bottom()), QPointF(x, r.bottom()));
    }
    for (int i = 0; i < options.size(); ++i) {
        const qint64 n = options.at(i).replayBlockedCalls;
        const QString t = locale.toString(n);
        const qreal w = fm.horizontalAdvance(t);
        if (n <= 0 || w + 2 > l.slot)
            continue;
        const QRectF bar = barRect(options.at(i).lines);
        const QRectF box(slotCentre(i) - w / 2 - 2, bar.top() - fm.height() - 2, w + 4,
                         fm.height());
        p.fillRect(box, Qt::white);
        p.setPen(kBarText);
        p.drawText(box, Qt::AlignCenter, t);
    }
    // The axis line and the totals under it.
    p.setPen(QPen(kAxisText, 1));
    p.drawLine(QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()));
    for (int i = 0; i < options.size(); ++i) {
        const int lines = options.at(i).lines;
        const bool marked = markX(lines) >= 0;
        if (i % l.labelEvery != 0 && !marked)
            continue;
        QFont f = small;
        f.setBold(marked);
        p.setFont(f);
        const QString t = locale.toString(lines);
        const qreal w = QFontMetricsF(f).horizontalAdvance(t);
        p.setPen(marked ? kText : kAxisText);
        p.drawText(QPointF(slotCentre(i) - w / 2, r.bottom() + 4 + fm.ascent()), t);
    }
    p.setFont(small);
    p.setPen(kAxisText);
    const QString xTitle = tr("Total lines");
    p.drawText(QPointF(r.center().x() - fm.horizontalAdvance(xTitle) / 2,
                       r.bottom() + 4 + fm.height() + 4 + fm.ascent()),
               xTitle);

    // The target, then Erlang B.
    const qreal yTarget = yShare(m_plan->target);
    p.setPen(QPen(kErlang, 1, Qt::DashLine));
    p.drawLine(QPointF(r.left(), yTarget), QPointF(r.right(), yTarget));

    QPainterPath path;
    for (int i = 0; i < options.size(); ++i) {
        const QPointF pt(slotCentre(i), yShare(options.at(i).erlangBBlocking));
        if (i == 0)
            path.moveTo(pt);
        else
            path.lineTo(pt);
    }
    p.setPen(QPen(kErlang, 2));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    p.setBrush(Qt::white);
    p.setPen(QPen(kErlang, 1.5));
    for (int i = 0; i < options.size(); ++i)
        p.drawEllipse(QPointF(slotCentre(i), yShare(options.at(i).erlangBBlocking)), 3, 3);

    for (const Mark &m : l.marks) {
        const qreal x = markX(m.lines);
        if (x < 0)
            continue;
        p.setPen(QPen(m.colour, 1));
        p.setBrush(Qt::white);
        p.drawRoundedRect(m.labelRect, 4, 4);
        QFont f = small;
        f.setBold(true);
        p.setFont(f);
        p.setPen(m.colour);
        p.drawText(m.labelRect, Qt::AlignCenter, m.text);
        p.setFont(small);
    }

    // The legend, centred under the axis title.
    const auto rows = legendRows(fm, width() - 12, m_plan->target);
    qreal y = r.bottom() + 4 + 2 * (fm.height() + 4) + 2;
    for (const QList<LegendItem> &row : rows) {
        qreal total = 0;
        for (const LegendItem &item : row)
            total += item.width + (total > 0 ? 18 : 0);
        qreal x = (width() - total) / 2;
        const qreal mid = y + fm.height() / 2;
        for (const LegendItem &item : row) {
            switch (item.kind) {
            case LegendItem::Bar:
                p.fillRect(QRectF(x, mid - 5, 14, 10), kBar);
                break;
            case LegendItem::Line:
                p.setPen(QPen(kErlang, 2));
                p.drawLine(QPointF(x, mid), QPointF(x + 16, mid));
                p.setBrush(Qt::white);
                p.setPen(QPen(kErlang, 1.5));
                p.drawEllipse(QPointF(x + 8, mid), 3, 3);
                break;
            case LegendItem::Dashed:
                p.setPen(QPen(kErlang, 1, Qt::DashLine));
                p.drawLine(QPointF(x, mid), QPointF(x + 16, mid));
                break;
            }
            p.setPen(kAxisText);
            p.drawText(QPointF(x + 22, y + fm.ascent()), item.text);
            x += item.width + 18;
        }
        y += fm.height() + 6;
    }
}

} // namespace linedesk::ui
