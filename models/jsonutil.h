#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace linedesk::json {

// ISO-8601 UTC with milliseconds, as the API writes every time.
inline QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}
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
