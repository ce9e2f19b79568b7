#include "linepreviewtext.h"

#include <QTest>

using namespace linedesk;

// The quote in the console's words, as Billing → Add-ons and support's preview both show it.
class TestLinePreviewText : public QObject
{
    Q_OBJECT

    static LinePreview quote(int quantity, qint64 dueCents)
    {
        LinePreview p;
        p.quantity = quantity;
        p.includedLines = 10;
        p.purchasedBefore = 2;
        p.purchasedAfter = 2 + quantity;
        p.limitBefore = 12;
        p.limitAfter = 12 + quantity;
        p.amountDueNowCents = dueCents;
        p.linePriceCents = 10'00;
        p.monthlyChargeBeforeCents = 20'00;
        p.monthlyChargeAfterCents = (2 + quantity) * 10'00;
        p.creditsCents = 500'00;
        p.periodStart = QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC);
        p.quotedAt = QDateTime(QDate(2026, 4, 16), QTime(12, 0), Qt::UTC);
        p.periodEnd = QDateTime(QDate(2026, 5, 1), QTime(0, 0), Qt::UTC);
        p.activeCalls = 3;
        return p;
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void phrases_data()
    {
        QTest::addColumn<int>("quantity");
        QTest::addColumn<qint64>("due");
        QTest::addColumn<QString>("headline");
        QTest::addColumn<QString>("caption");
        QTest::addColumn<QString>("amount");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<QString>("monthly");
        QTest::addColumn<QString>("monthlyDetail");
        QTest::newRow("buy 1 line mid-period")
            << 1 << qint64(5'33) << "10 included + 3 purchased = 13 concurrent calls"
            << "Charged now"
            << "$5.33"
            << "prorated for Apr 16, 2026 – May 1, 2026, from credits ($500.00 available)"
            << "$30.00"
            << "from May 1, 2026 (now $20.00)";
        QTest::newRow("remove 2 lines: a refund")
            << -2 << qint64(-10'66) << "10 included + 0 purchased = 10 concurrent calls"
            << "Refunded now"
            << "$10.66"
            << "to credits, for the unused part of Apr 16, 2026 – May 1, 2026"
            << "$0.00"
            << "from May 1, 2026 (now $20.00)";
        QTest::newRow("nothing due")
            << 1 << qint64(0) << "10 included + 3 purchased = 13 concurrent calls"
            << "Charged now"
            << "$0.00"
            << "prorated for Apr 16, 2026 – May 1, 2026, from credits "
               "($500.00 available)"
            << "$30.00"
            << "from May 1, 2026 (now $20.00)";
    }
    void phrases()
    {
        QFETCH(int, quantity);
        QFETCH(qint64, due);
        const LinePreview p = quote(quantity, due);
        QTEST(LinePreviewText::headline(p), "headline");
        QTEST(LinePreviewText::nowCaption(p), "caption");
        QTEST(LinePreviewText::nowAmount(p), "amount");
        QTEST(LinePreviewText::nowDetail(p), "detail");
        QTEST(LinePreviewText::monthlyAmount(p), "monthly");
        QTEST(LinePreviewText::monthlyDetail(p), "monthlyDetail");
    }

    void periodFallsBackToThePeriodStart()
    {
        LinePreview p = quote(1, 5'33);
        p.quotedAt = {};
        QCOMPARE(LinePreviewText::period(p), QStringLiteral("Apr 1, 2026 – May 1, 2026"));
    }

    void htmlSaysEverythingEscaped()
    {
        LinePreview p = quote(1, 5'33);
        p.allowed = false;
        p.refusalMessage = QStringLiteral("Not enough credits <for> this");
        p.warnings = {QStringLiteral("All 12 lines are busy & more")};
        const QString html = LinePreviewText::html(p);
        QVERIFY2(html.contains(QStringLiteral("10 included + 3 purchased = 13 concurrent calls")),
                 qPrintable(html));
        // "%n concurrent call(s)": the English plural comes with the translations.
        QVERIFY2(html.contains(QStringLiteral("(now 12 concurrent call")), qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral("Charged now: <b>$5.33</b>")), qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral("<b>$30.00</b> (3 × $10.00)")), qPrintable(html));
        QVERIFY(html.contains(QStringLiteral("Active calls now: 3.")));
        QVERIFY(html.contains(QStringLiteral("Not enough credits &lt;for&gt; this")));
        QVERIFY(html.contains(QStringLiteral("busy &amp; more")));
        QVERIFY2(!html.contains(QStringLiteral("color")), qPrintable(html));
        p.allowed = true;
        p.warnings.clear();
        QVERIFY(!LinePreviewText::html(p).contains(QStringLiteral("refuse")));
    }

    void amountFollowsTheLocale()
    {
        const LinePreview p = quote(1, 5'33);
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const QString amount = LinePreviewText::nowAmount(p);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY2(amount.contains(QStringLiteral("5,33")), qPrintable(amount));
    }
};

QTEST_GUILESS_MAIN(TestLinePreviewText)
#include "tst_linepreviewtext.moc"
