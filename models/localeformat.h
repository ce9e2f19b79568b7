#pragma once

#include <QDateTime>
#include <QLocale>
#include <QString>

namespace linedesk::format {

// US dollars from integer cents, laid out as the locale writes currency ("$1,234.50",
// "1.234,50 $"), without ever going through a floating-point amount.
QString money(qint64 cents, const QLocale &locale = QLocale());
// "Nov 25, 2026" / "25. Nov. 2026": the locale's long date without the weekday.
QString date(const QDateTime &t, const QLocale &locale = QLocale());
// Local date and time, the locale's short form.
QString dateTime(const QDateTime &t, const QLocale &locale = QLocale());
// "1 line" / "3 lines" ("1 Leitung" / "3 Leitungen"): needs the app's translations loaded.
QString lines(int n);

} // namespace linedesk::format
