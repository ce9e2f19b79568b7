#include "money.h"

#include <limits>

namespace linedesk {

__extension__ typedef __int128 Int128;

std::optional<Money> Money::parse(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 20)
        return std::nullopt;
    bool negative = false;
    if (text.front() == u'-' || text.front() == u'+') {
        negative = text.front() == u'-';
        text = text.mid(1);
    }
    const qsizetype dot = text.indexOf(u'.');
    const QStringView whole = dot < 0 ? text : text.left(dot);
    const QStringView frac = dot < 0 ? QStringView() : text.mid(dot + 1);
    if (whole.isEmpty() || frac.size() > 2 || (dot >= 0 && frac.isEmpty()))
        return std::nullopt;
    auto allDigits = [](QStringView s) {
        for (QChar c : s)
            if (c < u'0' || c > u'9')
                return false;
        return true;
    };
    if (!allDigits(whole) || !allDigits(frac) || whole.size() > 15)
        return std::nullopt;
    qint64 cents = whole.toLongLong() * 100;
    if (frac.size() == 1)
        cents += frac.toLongLong() * 10;
    else if (frac.size() == 2)
        cents += frac.toLongLong();
    return Money(negative ? -cents : cents);
}

QString Money::toDecimalString() const
{
    const qint64 absCents = m_cents < 0 ? -m_cents : m_cents;
    return QStringLiteral("%1%2.%3")
        .arg(m_cents < 0 ? QStringLiteral("-") : QString())
        .arg(absCents / 100)
        .arg(absCents % 100, 2, 10, QLatin1Char('0'));
}

qint64 Money::prorate(qint64 amountCents, qint64 numerator, qint64 denominator)
{
    Q_ASSERT(denominator > 0);
    // 128-bit intermediate: amount × numerator can exceed 64 bits for large inputs.
    const Int128 product = static_cast<Int128>(amountCents) * numerator;
    const bool negative = product < 0;
    const Int128 magnitude = negative ? -product : product;
    const Int128 rounded = (2 * magnitude + denominator) / (2 * static_cast<Int128>(denominator));
    return static_cast<qint64>(negative ? -rounded : rounded);
}

} // namespace linedesk
