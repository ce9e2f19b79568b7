#include "alertnavbutton.h"

#include "alertlook.h"

#include <QPainter>

namespace linedesk::ui {

AlertNavButton::AlertNavButton(QWidget *parent) : QToolButton(parent) {}

void AlertNavButton::setCount(int count)
{
    count = qMax(0, count);
    if (count == m_count)
        return;
    m_count = count;
    setAccessibleDescription(count > 0 ? tr("%1 alerts firing").arg(count) : QString());
    update();
}

QRect AlertNavButton::badgeRect() const
{
    if (m_count <= 0)
        return {};
    QFont f = font();
    f.setBold(true);
    const QFontMetrics fm(f);
    const QString text = m_count > 99 ? QStringLiteral("99+") : QString::number(m_count);
    const int h = fm.height() + 2;
    const int w = qMax(h, fm.horizontalAdvance(text) + 12);
    return QRect(width() - w - 10, (height() - h) / 2, w, h);
}

void AlertNavButton::paintEvent(QPaintEvent *event)
{
    QToolButton::paintEvent(event);
    const QRect r = badgeRect();
    if (r.isEmpty())
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(alertlook::badgeColor());
    p.drawRoundedRect(r, r.height() / 2.0, r.height() / 2.0);
    QFont f = font();
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(r, Qt::AlignCenter, m_count > 99 ? QStringLiteral("99+") : QString::number(m_count));
}

} // namespace linedesk::ui
