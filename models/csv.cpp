#include "csv.h"

namespace linedesk::csv {

QString field(const QString &value)
{
    bool quote = false;
    for (QChar c : value)
        if (c == QLatin1Char(',') || c == QLatin1Char('"') || c == QLatin1Char('\n') ||
            c == QLatin1Char('\r')) {
            quote = true;
            break;
        }
    QString text = value;
    if (!text.isEmpty() && QStringLiteral("=+-@").contains(text.front())) {
        // Negative numbers stay numbers; anything else that looks like a formula is text.
        bool number = false;
        text.toDouble(&number);
        if (!number) {
            text.prepend(QLatin1Char('\''));
            quote = true;
        }
    }
    if (!quote)
        return text;
    text.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString row(const QStringList &fields)
{
    QStringList out;
    out.reserve(fields.size());
    for (const QString &f : fields)
        out << field(f);
    return out.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

} // namespace linedesk::csv
