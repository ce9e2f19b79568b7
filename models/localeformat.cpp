#include "localeformat.h"

#include <QCoreApplication>
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
    // A real plural: the English catalogue gives "1 line" / "2 lines", the German one
    // "1 Leitung" / "2 Leitungen". Without a catalogue (the service, a test without the
    // console's translations) Qt hands back the source, and English is written directly.
    const int count = n < 0 ? -n : n;
    QString text = QCoreApplication::translate("linedesk::format", "%n line(s)", nullptr, count);
    if (text == QStringLiteral("%1 line(s)").arg(count))
        text = count == 1 ? QStringLiteral("%1 line").arg(count)
                          : QStringLiteral("%1 lines").arg(count);
    return n < 0 ? QLocale().negativeSign() + text : text;
}

} // namespace linedesk::format
