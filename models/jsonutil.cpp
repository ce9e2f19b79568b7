#include "jsonutil.h"

namespace linedesk::json {

namespace {

// Floor division for negative times (before 1970).
constexpr qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void put(char16_t *out, qint64 value, int digits)
{
    for (int i = digits - 1; i >= 0; --i) {
        out[i] = char16_t(u'0' + value % 10);
        value /= 10;
    }
}

} // namespace

QString isoTime(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    const qint64 ms = t.toMSecsSinceEpoch();
    const qint64 days = floorDiv(ms, 86'400'000);
    const qint64 msOfDay = ms - days * 86'400'000;
    // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date
    // algorithms"), proleptic Gregorian like QDate.
    const qint64 z = days + 719'468;
    const qint64 era = floorDiv(z, 146'097);
    const qint64 doe = z - era * 146'097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2);
    if (year < 1 || year > 9999)
        return t.toUTC().toString(Qt::ISODateWithMs); // Qt's rules for the rare rest
    char16_t text[24] = {};
    put(text, year, 4);
    text[4] = u'-';
    put(text + 5, month, 2);
    text[7] = u'-';
    put(text + 8, day, 2);
    text[10] = u'T';
    put(text + 11, msOfDay / 3'600'000, 2);
    text[13] = u':';
    put(text + 14, msOfDay / 60'000 % 60, 2);
    text[16] = u':';
    put(text + 17, msOfDay / 1000 % 60, 2);
    text[19] = u'.';
    put(text + 20, msOfDay % 1000, 3);
    text[23] = u'Z';
    return QString(reinterpret_cast<const QChar *>(text), 24);
}

} // namespace linedesk::json
