#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace linedesk {

// An exact amount of US dollars in integer cents. Never converted through a double.
class Money
{
public:
    constexpr Money() = default;
    static constexpr Money fromCents(qint64 cents) { return Money(cents); }

    // Parses "125.40", "-3", "0.5", "12.345" is rejected (more than two decimals).
    static std::optional<Money> parse(QStringView text);

    constexpr qint64 cents() const { return m_cents; }
    // "125.40", "-0.05": the platform's decimal-string form of credits.
    QString toDecimalString() const;

    // amountCents × numerator ÷ denominator, rounded half away from zero to the cent.
    // Used for proration: price × quantity × time left ÷ period length.
    static qint64 prorate(qint64 amountCents, qint64 numerator, qint64 denominator);

    friend constexpr bool operator==(Money, Money) = default;
    friend constexpr auto operator<=>(Money, Money) = default;
    constexpr Money operator+(Money o) const { return Money(m_cents + o.m_cents); }
    constexpr Money operator-(Money o) const { return Money(m_cents - o.m_cents); }

private:
    constexpr explicit Money(qint64 cents) : m_cents(cents) {}
    qint64 m_cents = 0;
};

} // namespace linedesk
