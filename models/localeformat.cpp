#include "localeformat.h"

#include <QRegularExpression>

namespace linedesk::format {

QString money(qint64 cents, const QLocale &locale)
{
    const qint64 magnitude = cents < 0 ? -cents : cents;
    const qint64 fraction = magnitude % 100;
    const QString number = locale.toString(magnitude / 100) + locale.decimalPoint() +
                           (fraction < 10 ? locale.zeroDigit() : QString()) +
                           locale.toString(fraction);
    // The locale's currency pattern, taken from a sample amount (only the layout is used).
    const QString sample = locale.toString(1.0, 'f', 2);
    QString pattern = locale.toCurrencyString(1.0, QStringLiteral("$"), 2);
    const qsizetype at = pattern.indexOf(sample);
    // The C locale has no currency layout of its own; write dollars the US way.
    if (at < 0 || locale.language() == QLocale::C)
        pattern = QStringLiteral("$") + sample;

    pattern.replace(pattern.indexOf(sample), sample.size(), number);
    return cents < 0 ? locale.negativeSign() + pattern : pattern;
}

static QString mediumDateFormat(const QLocale &locale)
{
    QString f = locale.dateFormat(QLocale::LongFormat);
    static const QRegularExpression weekday(QStringLiteral("dddd[,.]?\\s*|\\s*[,.]?\\s*dddd"));
    f.remove(weekday);
    f.replace(QStringLiteral("MMMM"), QStringLiteral("MMM"));
    return f.trimmed();
}

QString date(const QDateTime &t, const QLocale &locale)
{
    if (!t.isValid())
        return QString();
    return locale.toString(t.toLocalTime().date(), mediumDateFormat(locale));
}

QString dateTime(const QDateTime &t, const QLocale &locale)
{
    if (!t.isValid())
        return QString();
    return locale.toString(t.toLocalTime().date(), mediumDateFormat(locale)) + QLatin1Char(' ') +
           locale.toString(t.toLocalTime().time(), QLocale::ShortFormat);
}

QString lines(int n)
{
    return n == 1 || n == -1 ? QStringLiteral("%1 line").arg(n) : QStringLiteral("%1 lines").arg(n);
}

} // namespace linedesk::format
