#include "money.h"

#include <QTest>

#include <limits>

using linedesk::Money;

// Money is exact: integer cents, parsed from and written as the platform's decimal strings,
// prorated with half-up (away from zero) rounding. Tested the way KMyMoney tests MyMoneyMoney.
class TestMoney : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("cents");

        // Accepted: digits, an optional sign, at most two decimals, surrounding blanks.
        QTest::newRow("two decimals") << QStringLiteral("125.40") << true << qint64(12540);
        QTest::newRow("one decimal") << QStringLiteral("125.4") << true << qint64(12540);
        QTest::newRow("whole negative") << QStringLiteral("-3") << true << qint64(-300);
        QTest::newRow("half a dollar") << QStringLiteral("0.5") << true << qint64(50);
        QTest::newRow("one cent") << QStringLiteral("0.01") << true << qint64(1);
        QTest::newRow("minus five cents") << QStringLiteral("-0.05") << true << qint64(-5);
        QTest::newRow("explicit plus") << QStringLiteral("+5.05") << true << qint64(505);
        QTest::newRow("zero") << QStringLiteral("0") << true << qint64(0);
        QTest::newRow("negative zero") << QStringLiteral("-0.00") << true << qint64(0);
        QTest::newRow("leading zeros") << QStringLiteral("007.10") << true << qint64(710);
        QTest::newRow("blanks around") << QStringLiteral(" 7 ") << true << qint64(700);
        QTest::newRow("tab and newline") << QStringLiteral("\t42.00\n") << true << qint64(4200);
        QTest::newRow("largest whole part (15 digits)")
            << QStringLiteral("999999999999999.99") << true << qint64(99999999999999999LL);
        QTest::newRow("largest negative")
            << QStringLiteral("-999999999999999.99") << true << qint64(-99999999999999999LL);

        // Refused: anything that is not plainly a decimal amount.
        QTest::newRow("no whole part") << QStringLiteral(".5") << false << qint64(0);
        QTest::newRow("negative no whole part") << QStringLiteral("-.5") << false << qint64(0);
        QTest::newRow("dot without decimals") << QStringLiteral("1.") << false << qint64(0);
        QTest::newRow("three decimals") << QStringLiteral("12.345") << false << qint64(0);
        QTest::newRow("three decimals of zero") << QStringLiteral("1.000") << false << qint64(0);
        QTest::newRow("exponent") << QStringLiteral("1e3") << false << qint64(0);
        QTest::newRow("huge exponent") << QStringLiteral("1e300") << false << qint64(0);
        QTest::newRow("letters") << QStringLiteral("abc") << false << qint64(0);
        QTest::newRow("empty") << QString() << false << qint64(0);
        QTest::newRow("blanks only") << QStringLiteral("   ") << false << qint64(0);
        QTest::newRow("sign only") << QStringLiteral("-") << false << qint64(0);
        QTest::newRow("double sign") << QStringLiteral("--1") << false << qint64(0);
        QTest::newRow("two dots") << QStringLiteral("12.3.4") << false << qint64(0);
        QTest::newRow("thousands separator") << QStringLiteral("1,000.00") << false << qint64(0);
        QTest::newRow("decimal comma") << QStringLiteral("12,50") << false << qint64(0);
        QTest::newRow("inner blank") << QStringLiteral("1 000") << false << qint64(0);
        QTest::newRow("currency sign") << QStringLiteral("$5") << false << qint64(0);
        QTest::newRow("hexadecimal") << QStringLiteral("0x10") << false << qint64(0);
        QTest::newRow("nan") << QStringLiteral("NaN") << false << qint64(0);
        QTest::newRow("infinity") << QStringLiteral("inf") << false << qint64(0);
        QTest::newRow("arabic-indic digits")
            << QStringLiteral("\u0661\u0662") << false << qint64(0);
        QTest::newRow("fullwidth digits") << QStringLiteral("\uff11\uff12") << false << qint64(0);
        QTest::newRow("16-digit whole part")
            << QStringLiteral("1000000000000000") << false << qint64(0);
        QTest::newRow("huge") << QStringLiteral("99999999999999999999999999") << false << qint64(0);
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, cents);
        const std::optional<Money> m = Money::parse(text);
        QCOMPARE(m.has_value(), valid);
        if (valid)
            QCOMPARE(m->cents(), cents);
    }

    void toDecimalString_data()
    {
        QTest::addColumn<qint64>("cents");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0.00");
        QTest::newRow("five cents") << qint64(5) << QStringLiteral("0.05");
        QTest::newRow("minus five cents") << qint64(-5) << QStringLiteral("-0.05");
        QTest::newRow("ninety-nine cents") << qint64(99) << QStringLiteral("0.99");
        QTest::newRow("one dollar") << qint64(100) << QStringLiteral("1.00");
        QTest::newRow("minus one dollar") << qint64(-100) << QStringLiteral("-1.00");
        QTest::newRow("credits") << qint64(12540) << QStringLiteral("125.40");
        QTest::newRow("minus three") << qint64(-300) << QStringLiteral("-3.00");
        QTest::newRow("ten thousand") << qint64(1000000) << QStringLiteral("10000.00");
        QTest::newRow("largest") << std::numeric_limits<qint64>::max()
                                 << QStringLiteral("92233720368547758.07");
        QTest::newRow("most negative but one")
            << -std::numeric_limits<qint64>::max() << QStringLiteral("-92233720368547758.07");
    }
    void toDecimalString()
    {
        QFETCH(qint64, cents);
        QFETCH(QString, text);
        QCOMPARE(Money::fromCents(cents).toDecimalString(), text);
    }

    // What the service writes, it (and the console) can read back.
    void roundTrip_data()
    {
        QTest::addColumn<qint64>("cents");
        for (qint64 c : {qint64(0), qint64(1), qint64(-1), qint64(10), qint64(-10), qint64(12345),
                         qint64(-12345), qint64(99999999999999999LL), qint64(-99999999999999999LL)})
            QTest::addRow("%lld", static_cast<long long>(c)) << c;
    }
    void roundTrip()
    {
        QFETCH(qint64, cents);
        const auto m = Money::parse(Money::fromCents(cents).toDecimalString());
        QVERIFY(m.has_value());
        QCOMPARE(m->cents(), cents);
    }

    void prorate_data()
    {
        QTest::addColumn<qint64>("amount");
        QTest::addColumn<qint64>("numerator");
        QTest::addColumn<qint64>("denominator");
        QTest::addColumn<qint64>("expected");
        const qint64 day = 86'400'000;

        QTest::newRow("whole period") << qint64(1000) << 30 * day << 30 * day << qint64(1000);
        QTest::newRow("nothing left") << qint64(1000) << qint64(0) << 30 * day << qint64(0);
        QTest::newRow("half") << qint64(1000) << qint64(1) << qint64(2) << qint64(500);
        QTest::newRow("21 of 31 days") << qint64(1000) << 21 * day << 31 * day << qint64(677);
        QTest::newRow("14 of 28 days") << qint64(1000) << 14 * day << 28 * day << qint64(500);
        QTest::newRow("9 days 5 hours of 28 days")
            << qint64(1000) << 9 * day + 5 * 3'600'000 << 28 * day << qint64(329);
        QTest::newRow("one ms short of the period")
            << qint64(1000) << 31 * day - 1 << 31 * day << qint64(1000);
        QTest::newRow("one ms of the period") << qint64(1000) << qint64(1) << 31 * day << qint64(0);

        // Exact halves round up (away from zero), never to even.
        QTest::newRow("0.5 -> 1") << qint64(1) << qint64(1) << qint64(2) << qint64(1);
        QTest::newRow("1.5 -> 2") << qint64(3) << qint64(1) << qint64(2) << qint64(2);
        QTest::newRow("2.5 -> 3 (not banker's 2)")
            << qint64(5) << qint64(1) << qint64(2) << qint64(3);
        QTest::newRow("0.4999 -> 0") << qint64(4999) << qint64(1) << qint64(10000) << qint64(0);
        QTest::newRow("0.5000 -> 1") << qint64(5000) << qint64(1) << qint64(10000) << qint64(1);
        QTest::newRow("0.5001 -> 1") << qint64(5001) << qint64(1) << qint64(10000) << qint64(1);
        QTest::newRow("333.33 -> 333") << qint64(1000) << qint64(1) << qint64(3) << qint64(333);
        QTest::newRow("666.67 -> 667") << qint64(2000) << qint64(1) << qint64(3) << qint64(667);
        QTest::newRow("0.33 -> 0") << qint64(1) << qint64(1) << qint64(3) << qint64(0);

        // Negative amounts (refunds) mirror positive ones.
        QTest::newRow("-0.5 -> -1") << qint64(-1) << qint64(1) << qint64(2) << qint64(-1);
        QTest::newRow("-2.5 -> -3") << qint64(-5) << qint64(1) << qint64(2) << qint64(-3);
        QTest::newRow("-333.33 -> -333") << qint64(-1000) << qint64(1) << qint64(3) << qint64(-333);
        QTest::newRow("-666.67 -> -667") << qint64(-2000) << qint64(1) << qint64(3) << qint64(-667);
        QTest::newRow("negative numerator") << qint64(5) << qint64(-1) << qint64(2) << qint64(-3);
        QTest::newRow("-21 of 31 days") << qint64(-1000) << 21 * day << 31 * day << qint64(-677);

        // Big values: the product needs more than 64 bits.
        QTest::newRow("10 billion dollars, 1 ms short")
            << qint64(1'000'000'000'000) << qint64(2'678'399'999) << qint64(2'678'400'000)
            << qint64(999'999'999'627);
        QTest::newRow("max / 2 rounds up") << std::numeric_limits<qint64>::max() << qint64(1)
                                           << qint64(2) << qint64(4611686018427387904LL);
        QTest::newRow("-max / 2 rounds away from zero")
            << -std::numeric_limits<qint64>::max() << qint64(1) << qint64(2)
            << qint64(-4611686018427387904LL);
        QTest::newRow("4e18 x 3e18 / 4e18")
            << qint64(4'000'000'000'000'000'000) << qint64(3'000'000'000'000'000'000)
            << qint64(4'000'000'000'000'000'000) << qint64(3'000'000'000'000'000'000);
        QTest::newRow("max x (max-1) / max")
            << std::numeric_limits<qint64>::max() << std::numeric_limits<qint64>::max() - 1
            << std::numeric_limits<qint64>::max() << std::numeric_limits<qint64>::max() - 1;
        QTest::newRow("1000 lines for a full 31-day period")
            << qint64(1000 * 1000) << 31 * day << 31 * day << qint64(1'000'000);
    }
    void prorate()
    {
        QFETCH(qint64, amount);
        QFETCH(qint64, numerator);
        QFETCH(qint64, denominator);
        QFETCH(qint64, expected);
        QCOMPARE(Money::prorate(amount, numerator, denominator), expected);
    }

    void arithmeticAndOrder()
    {
        const Money a = Money::fromCents(1050);
        const Money b = Money::fromCents(-250);
        QCOMPARE((a + b).cents(), qint64(800));
        QCOMPARE((a - b).cents(), qint64(1300));
        QCOMPARE((b - a).toDecimalString(), QStringLiteral("-13.00"));
        QVERIFY(b < a);
        QVERIFY(a == Money::parse(QStringLiteral("10.50")));
        QVERIFY(!(a == Money::fromCents(1051)));
        QCOMPARE(Money().cents(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
