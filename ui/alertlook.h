#pragma once

#include "alert.h"
#include "alertcenter.h"

#include <QColor>
#include <QIcon>

namespace linedesk::ui::alertlook {

// The alerts' colours and icons, drawn in code (no image files): the tray's circle, a dot
// per alert kind, the bell of the navigation. Kept here, in one place, like the chart's
// colours in ConcurrencyChart.

// Green below the limit, amber near it, red at it, grey without live numbers.
QColor levelColor(LimitLevel level);
// A filled circle in the level's colour with a darker rim (readable on light and dark
// panels), at the sizes a tray asks for.
QIcon levelIcon(LimitLevel level);
// Red blocked, amber near the limit, violet renewal at risk, blue frozen, slate otherwise.
QColor kindColor(Alert::Kind kind);
// A filled dot while firing, a ring once resolved.
QIcon kindIcon(Alert::Kind kind, bool firing);
// The background of a firing alert's row, and its text colour in the State column.
QColor firingRowBackground();
QColor firingText();
// The navigation's bell, in the sidebar's text colour.
QIcon bellIcon();
// The count badge on the navigation button.
QColor badgeColor();

} // namespace linedesk::ui::alertlook
