#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace linedesk::json {

// ISO-8601 UTC with milliseconds ("2026-11-25T09:00:00.123Z"), as the API writes every time;
// an empty string for an invalid time. The same text as
// t.toUTC().toString(Qt::ISODateWithMs), formatted by hand for years 1 to 9999: it runs for
// every time in every answer (four per call on the admission path), and Qt's general
// formatter cost ~4 % of the service's time there.
QString isoTime(const QDateTime &t);
inline QJsonValue isoTimeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(isoTime(t)) : QJsonValue(QJsonValue::Null);
}
inline QDateTime parseTime(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}
// Integers travel as JSON numbers (doubles); every count and cent amount we send is far
// below 2^53, so the conversion is exact.
inline qint64 toInt64(const QJsonValue &v)
{
    return v.toInteger();
}

} // namespace linedesk::json
