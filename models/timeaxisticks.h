#pragma once

#include <QList>
#include <QLocale>
#include <QString>

namespace linedesk {

// A labelled tick on a time axis: a round local time.
struct TimeTick
{
    qint64 ms = 0; // since the epoch
    QString label;
    bool operator==(const TimeTick &) const = default;
};

// The ticks of a time axis from fromMs to toMs (exclusive of fromMs, inclusive of toMs): at
// round local wall-clock times — whole seconds, minutes, hours, midnights, Mondays, firsts of
// the month — with the smallest step (1 s … 1 year) that gives at most maxTicks of them.
// Labels are unique: "HH:mm:ss" for steps under a minute, "HH:mm" under a day (the date at
// midnight), the date for day and week steps, month and year above. Local time, so DST days
// keep their ticks on the hour.
QList<TimeTick> timeAxisTicks(qint64 fromMs, qint64 toMs, int maxTicks,
                              const QLocale &locale = QLocale());

} // namespace linedesk
