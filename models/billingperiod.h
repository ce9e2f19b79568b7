#pragma once

#include <QDateTime>

namespace linedesk {

// Monthly billing periods anchored on the subscription's start. Period n runs from
// anchor + n months to anchor + (n + 1) months (UTC); a day that a month lacks is clamped
// to its last day, and the next period returns to the anchor's day.
struct BillingPeriod
{
    int index = 0;
    QDateTime start;
    QDateTime end;

    qint64 lengthMs() const { return start.msecsTo(end); }
    bool contains(const QDateTime &t) const { return start <= t && t < end; }

    static BillingPeriod at(const QDateTime &anchor, int index);
    // The period containing t (the first one if t is before the anchor).
    static BillingPeriod containing(const QDateTime &anchor, const QDateTime &t);
};

} // namespace linedesk
