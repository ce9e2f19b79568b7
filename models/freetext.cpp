#include "freetext.h"

namespace linedesk::freetext {

namespace {

const char *bidiName(char32_t c)
{
    switch (c) {
    case 0x061C:
        return "arabic letter mark";
    case 0x200E:
        return "left-to-right mark";
    case 0x200F:
        return "right-to-left mark";
    case 0x202A:
        return "left-to-right embedding";
    case 0x202B:
        return "right-to-left embedding";
    case 0x202C:
        return "pop directional formatting";
    case 0x202D:
        return "left-to-right override";
    case 0x202E:
        return "right-to-left override";
    case 0x2066:
        return "left-to-right isolate";
    case 0x2067:
        return "right-to-left isolate";
    case 0x2068:
        return "first strong isolate";
    case 0x2069:
        return "pop directional isolate";
    default:
        return nullptr;
    }
}

QString codePoint(char32_t c)
{
    return QStringLiteral("U+%1").arg(uint(c), 4, 16, QLatin1Char('0')).toUpper();
}

// What is wrong with `c` (empty: nothing). `next` is the character after it (0 at the end).
QString describe(char32_t c, char32_t next, Lines lines)
{
    if (c == 0)
        return QStringLiteral("U+0000 (NUL)");
    if (c < 0x20) {
        if (lines == Lines::Multiple && (c == '\t' || c == '\n' || (c == '\r' && next == '\n')))
            return {};
        return codePoint(c) + QStringLiteral(" (a control character)");
    }
    if (c == 0x7F)
        return QStringLiteral("U+007F (DEL)");
    if (c >= 0x80 && c <= 0x9F)
        return codePoint(c) + QStringLiteral(" (a control character)");
    if (const char *name = bidiName(c))
        return codePoint(c) + QStringLiteral(" (") + QLatin1String(name) + QLatin1Char(')');
    return {};
}

} // namespace

QString problem(QStringView text, Lines lines)
{
    qsizetype character = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        ++character;
        const QChar u = text.at(i);
        char32_t c = u.unicode();
        if (u.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(u, text.at(i + 1));
            ++i;
        } else if (u.isSurrogate()) {
            return QStringLiteral("an unpaired surrogate %1 (not text) at character %2")
                .arg(codePoint(c))
                .arg(character);
        }
        const char32_t next = i + 1 < text.size() ? text.at(i + 1).unicode() : 0;
        const QString what = describe(c, next, lines);
        if (!what.isEmpty())
            return QStringLiteral("%1 at character %2").arg(what).arg(character);
    }
    return {};
}

qsizetype length(QStringView text)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        ++n;
    }
    return n;
}

} // namespace linedesk::freetext
