#include "billingperiod.h"

namespace linedesk {

BillingPeriod BillingPeriod::at(const QDateTime &anchor, int index)
{
    const QDateTime utc = anchor.toUTC();
    return {index, utc.addMonths(index), utc.addMonths(index + 1)};
}

BillingPeriod BillingPeriod::containing(const QDateTime &anchor, const QDateTime &t)
{
    const QDateTime utc = anchor.toUTC();
    if (t <= utc)
        return at(utc, 0);
    const QDate a = utc.date();
    const QDate d = t.toUTC().date();
    int index = (d.year() - a.year()) * 12 + (d.month() - a.month());
    index = qMax(0, index - 1);
    BillingPeriod p = at(utc, index);
    while (!p.contains(t))
        p = at(utc, ++index);
    return p;
}

} // namespace linedesk
