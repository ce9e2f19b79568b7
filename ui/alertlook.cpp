#include "alertlook.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace linedesk::ui::alertlook {

QColor levelColor(LimitLevel level)
{
    switch (level) {
    case LimitLevel::Ok:
        return QColor(0x16, 0xa3, 0x4a);
    case LimitLevel::Near:
        return QColor(0xf5, 0x9e, 0x0b);
    case LimitLevel::AtLimit:
        return QColor(0xdc, 0x26, 0x26);
    case LimitLevel::Unknown:
        break;
    }
    return QColor(0x94, 0xa3, 0xb8);
}

static QPixmap circle(int size, const QColor &fill, bool filled)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal rim = qMax(1.0, size / 12.0);
    const QRectF r = QRectF(0, 0, size, size).adjusted(rim, rim, -rim, -rim);
    p.setPen(QPen(filled ? fill.darker(135) : fill, filled ? rim : rim * 1.6));
    p.setBrush(filled ? QBrush(fill) : QBrush(Qt::NoBrush));
    p.drawEllipse(r);
    return pm;
}

QIcon levelIcon(LimitLevel level)
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64})
        icon.addPixmap(circle(size, levelColor(level), true));
    return icon;
}

QColor kindColor(Alert::Kind kind)
{
    switch (kind) {
    case Alert::Kind::Blocked:
        return QColor(0xdc, 0x26, 0x26);
    case Alert::Kind::NearLimit:
        return QColor(0xd9, 0x77, 0x06);
    case Alert::Kind::RenewalAtRisk:
        return QColor(0x7c, 0x3a, 0xed);
    case Alert::Kind::Frozen:
        return QColor(0x02, 0x84, 0xc7);
    case Alert::Kind::Unknown:
        break;
    }
    return QColor(0x64, 0x74, 0x8b);
}

QIcon kindIcon(Alert::Kind kind, bool firing)
{
    QIcon icon;
    for (int size : {12, 16, 24, 32})
        icon.addPixmap(circle(size, kindColor(kind), firing));
    return icon;
}

QColor firingRowBackground()
{
    return QColor(0xfe, 0xf2, 0xf2);
}

QColor firingText()
{
    return QColor(0xb9, 0x1c, 0x1c);
}

QColor badgeColor()
{
    return QColor(0xdc, 0x26, 0x26);
}

QIcon bellIcon()
{
    QIcon icon;
    for (int size : {18, 36}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 24.0, size / 24.0);
        // The same 24-unit grid and 2-unit stroke as the navigation's SVG icons.
        p.setPen(QPen(QColor(0xcb, 0xd5, 0xe1), 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        QPainterPath bell;
        bell.moveTo(18, 8);
        bell.cubicTo(18, 4.7, 15.3, 2, 12, 2);
        bell.cubicTo(8.7, 2, 6, 4.7, 6, 8);
        bell.cubicTo(6, 15, 3, 17, 3, 17);
        bell.lineTo(21, 17);
        bell.cubicTo(21, 17, 18, 15, 18, 8);
        p.drawPath(bell);
        QPainterPath clapper;
        clapper.moveTo(13.73, 21);
        clapper.cubicTo(13.2, 21.9, 12.1, 22.3, 11.1, 21.9);
        clapper.cubicTo(10.8, 21.7, 10.5, 21.4, 10.27, 21);
        p.drawPath(clapper);
        icon.addPixmap(pm);
    }
    return icon;
}

} // namespace linedesk::ui::alertlook
