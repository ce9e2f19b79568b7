#include "timeaxisticks.h"

#include <QDateTime>
#include <QSet>
#include <QTimeZone>

namespace linedesk {

namespace {

enum class Unit
{
    Second,
    Day,
    Month
};

struct Step
{
    Unit unit;
    int count;
};

// Steps of a round size; every second-step divides a day.
constexpr Step kSteps[] = {
    {Unit::Second, 1},     {Unit::Second, 2},    {Unit::Second, 5},     {Unit::Second, 10},
    {Unit::Second, 15},    {Unit::Second, 30},   {Unit::Second, 60},    {Unit::Second, 120},
    {Unit::Second, 300},   {Unit::Second, 600},  {Unit::Second, 900},   {Unit::Second, 1800},
    {Unit::Second, 3600},  {Unit::Second, 7200}, {Unit::Second, 10800}, {Unit::Second, 21600},
    {Unit::Second, 43200}, {Unit::Day, 1},       {Unit::Day, 2},        {Unit::Day, 7},
    {Unit::Day, 14},       {Unit::Month, 1},     {Unit::Month, 3},      {Unit::Month, 6},
    {Unit::Month, 12},
};

qint64 approximateMs(const Step &s)
{
    switch (s.unit) {
    case Unit::Second:
        return s.count * 1000LL;
    case Unit::Day:
        return s.count * 86'400'000LL;
    case Unit::Month:
        return s.count * 30LL * 86'400'000LL;
    }
    return 1000;
}

QString label(const QDateTime &t, const Step &step, const QLocale &locale)
{
    switch (step.unit) {
    case Unit::Second:
        if (step.count < 60)
            return locale.toString(t, QStringLiteral("HH:mm:ss"));
        if (t.time().msecsSinceStartOfDay() == 0)
            return locale.toString(t, QStringLiteral("MMM d"));
        return locale.toString(t, QStringLiteral("HH:mm"));
    case Unit::Day:
        return locale.toString(t, QStringLiteral("MMM d"));
    case Unit::Month:
        return locale.toString(t, step.count == 12 ? QStringLiteral("yyyy")
                                                   : QStringLiteral("MMM yyyy"));
    }
    return {};
}

QList<TimeTick> ticksFor(qint64 fromMs, qint64 toMs, const Step &step, int maxTicks,
                         const QLocale &locale)
{
    QList<TimeTick> ticks;
    QSet<QString> labels;
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(fromMs);
    qint64 lastMs = fromMs;
    // Appends the tick at local time `t`; false once past the end (or too many).
    auto add = [&](const QDateTime &t) {
        const qint64 ms = t.toMSecsSinceEpoch();
        if (ms > toMs)
            return false;
        if (ms > lastMs) { // a DST gap or fold can repeat or reorder a wall-clock time
            const QString text = label(t, step, locale);
            if (!labels.contains(text)) {
                labels.insert(text);
                ticks.append({ms, text});
                lastMs = ms;
            }
        }
        return ticks.size() <= maxTicks;
    };
    // Bounded: at most a few ticks more than maxTicks are ever looked at.
    const int guard = maxTicks * 4 + 16;
    switch (step.unit) {
    case Unit::Second: {
        QDate date = from.date();
        int second = from.time().msecsSinceStartOfDay() / 1000 / step.count * step.count;
        for (int i = 0; i < guard; ++i) {
            if (!add(QDateTime(date, QTime::fromMSecsSinceStartOfDay(second * 1000))))
                break;
            second += step.count;
            if (second >= 86400) {
                second -= 86400;
                date = date.addDays(1);
            }
        }
        break;
    }
    case Unit::Day: {
        // Day steps start on a day number divisible by the step; weeks on a Monday (Julian
        // day numbers of Mondays are multiples of 7), fortnights on every other one.
        QDate date = from.date();
        if (step.count >= 7)
            date = date.addDays(1 - date.dayOfWeek());
        const qint64 unit = step.count >= 7 ? 7 : 1;
        const qint64 every = step.count / unit;
        date = date.addDays(-(date.toJulianDay() / unit % every) * unit);
        for (int i = 0; i < guard; ++i) {
            if (!add(date.startOfDay()))
                break;
            date = date.addDays(step.count);
        }
        break;
    }
    case Unit::Month: {
        const int month = (from.date().month() - 1) / step.count * step.count + 1;
        QDate date(from.date().year(), month, 1);
        for (int i = 0; i < guard; ++i) {
            if (!add(date.startOfDay()))
                break;
            date = date.addMonths(step.count);
        }
        break;
    }
    }
    return ticks;
}

} // namespace

QList<TimeTick> timeAxisTicks(qint64 fromMs, qint64 toMs, int maxTicks, const QLocale &locale)
{
    if (toMs <= fromMs || maxTicks < 1)
        return {};
    const qint64 span = toMs - fromMs;
    for (const Step &step : kSteps) {
        if (span / approximateMs(step) > maxTicks)
            continue;
        QList<TimeTick> ticks = ticksFor(fromMs, toMs, step, maxTicks, locale);
        if (ticks.size() <= maxTicks)
            return ticks;
    }
    return ticksFor(fromMs, toMs, kSteps[std::size(kSteps) - 1], maxTicks, locale).mid(0, maxTicks);
}

} // namespace linedesk
