#include "billingperiod.h"

#include <QTest>

using linedesk::BillingPeriod;

namespace {

QDateTime utc(int y, int m, int d, int h = 0, int min = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min, s, ms), Qt::UTC);
}

} // namespace

// Monthly periods anchored on the subscription's start: a day the month lacks is clamped to
// its last day and the next period returns to the anchor's day; periods are contiguous.
class TestBillingPeriod : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void at_data()
    {
        QTest::addColumn<QDateTime>("anchor");
        QTest::addColumn<int>("index");
        QTest::addColumn<QDateTime>("start");
        QTest::addColumn<QDateTime>("end");

        const QDateTime mid = utc(2026, 1, 15, 10);
        QTest::newRow("mid-month, first period") << mid << 0 << mid << utc(2026, 2, 15, 10);
        QTest::newRow("mid-month, second period")
            << mid << 1 << utc(2026, 2, 15, 10) << utc(2026, 3, 15, 10);
        QTest::newRow("mid-month, across the year end")
            << mid << 11 << utc(2026, 12, 15, 10) << utc(2027, 1, 15, 10);
        QTest::newRow("mid-month, ten years on")
            << mid << 120 << utc(2036, 1, 15, 10) << utc(2036, 2, 15, 10);

        const QDateTime jan31 = utc(2026, 1, 31, 12);
        QTest::newRow("31st, clamped to Feb 28") << jan31 << 0 << jan31 << utc(2026, 2, 28, 12);
        QTest::newRow("31st, back to Mar 31")
            << jan31 << 1 << utc(2026, 2, 28, 12) << utc(2026, 3, 31, 12);
        QTest::newRow("31st, clamped to Apr 30")
            << jan31 << 2 << utc(2026, 3, 31, 12) << utc(2026, 4, 30, 12);
        QTest::newRow("31st, back to May 31")
            << jan31 << 3 << utc(2026, 4, 30, 12) << utc(2026, 5, 31, 12);
        QTest::newRow("31st, Nov 30 to Dec 31")
            << jan31 << 10 << utc(2026, 11, 30, 12) << utc(2026, 12, 31, 12);
        QTest::newRow("31st, Dec 31 to Jan 31 across the year")
            << jan31 << 11 << utc(2026, 12, 31, 12) << utc(2027, 1, 31, 12);
        QTest::newRow("31st in a leap year, clamped to Feb 29")
            << utc(2028, 1, 31) << 0 << utc(2028, 1, 31) << utc(2028, 2, 29);
        QTest::newRow("31st, year 2000 is a leap year")
            << utc(2000, 1, 31) << 0 << utc(2000, 1, 31) << utc(2000, 2, 29);
        QTest::newRow("31st, year 2100 is not")
            << utc(2100, 1, 31) << 0 << utc(2100, 1, 31) << utc(2100, 2, 28);

        const QDateTime leap = utc(2024, 2, 29, 8, 30);
        QTest::newRow("Feb 29 anchor, first period")
            << leap << 0 << leap << utc(2024, 3, 29, 8, 30);
        QTest::newRow("Feb 29 anchor, into a common-year February")
            << leap << 11 << utc(2025, 1, 29, 8, 30) << utc(2025, 2, 28, 8, 30);
        QTest::newRow("Feb 29 anchor, out of a common-year February")
            << leap << 12 << utc(2025, 2, 28, 8, 30) << utc(2025, 3, 29, 8, 30);
        QTest::newRow("Feb 29 anchor, four years on")
            << leap << 48 << utc(2028, 2, 29, 8, 30) << utc(2028, 3, 29, 8, 30);

        const QDateTime jan29 = utc(2026, 1, 29);
        QTest::newRow("29th, common-year February") << jan29 << 0 << jan29 << utc(2026, 2, 28);
        QTest::newRow("29th, back to Mar 29") << jan29 << 1 << utc(2026, 2, 28) << utc(2026, 3, 29);
        QTest::newRow("29th, leap-year February")
            << utc(2028, 1, 29) << 1 << utc(2028, 2, 29) << utc(2028, 3, 29);

        const QDateTime lastMs = utc(2026, 12, 31, 23, 59, 59, 999);
        QTest::newRow("last millisecond of the year")
            << lastMs << 0 << lastMs << utc(2027, 1, 31, 23, 59, 59, 999);
        QTest::newRow("last millisecond of the year, February")
            << lastMs << 1 << utc(2027, 1, 31, 23, 59, 59, 999)
            << utc(2027, 2, 28, 23, 59, 59, 999);
        QTest::newRow("30th, Feb 28 of the next year")
            << utc(2026, 3, 30) << 11 << utc(2027, 2, 28) << utc(2027, 3, 30);

        // An anchor given in another zone counts in UTC: 23:30 at UTC-5 is 04:30 next day.
        QTest::newRow("anchor at UTC-5 on Jan 31")
            << QDateTime(QDate(2026, 1, 31), QTime(23, 30), Qt::OffsetFromUTC, -5 * 3600) << 0
            << utc(2026, 2, 1, 4, 30) << utc(2026, 3, 1, 4, 30);
    }
    void at()
    {
        QFETCH(QDateTime, anchor);
        QFETCH(int, index);
        QFETCH(QDateTime, start);
        QFETCH(QDateTime, end);
        const BillingPeriod p = BillingPeriod::at(anchor, index);
        QCOMPARE(p.index, index);
        QCOMPARE(p.start, start);
        QCOMPARE(p.end, end);
        QCOMPARE(p.start.timeSpec(), Qt::UTC);
        QCOMPARE(p.end.timeSpec(), Qt::UTC);
        QCOMPARE(p.lengthMs(), start.msecsTo(end));
        QVERIFY(p.contains(start));
        QVERIFY(p.contains(end.addMSecs(-1)));
        QVERIFY(!p.contains(end));
        QVERIFY(!p.contains(start.addMSecs(-1)));
    }

    void lengths_data()
    {
        QTest::addColumn<QDateTime>("anchor");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("days");
        QTest::newRow("January") << utc(2026, 1, 1) << 0 << 31;
        QTest::newRow("February 2026") << utc(2026, 1, 1) << 1 << 28;
        QTest::newRow("February 2028") << utc(2028, 1, 1) << 1 << 29;
        QTest::newRow("April") << utc(2026, 1, 1) << 3 << 30;
        QTest::newRow("Jan 31 to Feb 28") << utc(2026, 1, 31) << 0 << 28;
        QTest::newRow("Feb 28 to Mar 31") << utc(2026, 1, 31) << 1 << 31;
        QTest::newRow("Jan 30 to Feb 28") << utc(2026, 1, 30) << 0 << 29;
        QTest::newRow("Feb 28 to Mar 30") << utc(2026, 1, 30) << 1 << 30;
    }
    void lengths()
    {
        QFETCH(QDateTime, anchor);
        QFETCH(int, index);
        QFETCH(int, days);
        QCOMPARE(BillingPeriod::at(anchor, index).lengthMs(), qint64(days) * 86'400'000);
    }

    void containing_data()
    {
        QTest::addColumn<QDateTime>("anchor");
        QTest::addColumn<QDateTime>("t");
        QTest::addColumn<int>("index");

        const QDateTime mid = utc(2026, 1, 15, 10);
        QTest::newRow("at the anchor") << mid << mid << 0;
        QTest::newRow("before the anchor: the first period") << mid << utc(2025, 6, 1) << 0;
        QTest::newRow("1 ms after the anchor") << mid << mid.addMSecs(1) << 0;
        QTest::newRow("1 ms before the first end") << mid << utc(2026, 2, 15, 10).addMSecs(-1) << 0;
        QTest::newRow("at the first end: the next period") << mid << utc(2026, 2, 15, 10) << 1;
        QTest::newRow("earlier on the anchor's day of month") << mid << utc(2026, 3, 15, 9) << 1;
        QTest::newRow("next year, before the anchor time") << mid << utc(2027, 1, 15, 9, 59) << 11;
        QTest::newRow("next year, at the anchor time") << mid << utc(2027, 1, 15, 10) << 12;
        QTest::newRow("ten years on, before the anchor time") << mid << utc(2036, 1, 15) << 119;
        QTest::newRow("ten years on, at the anchor time") << mid << utc(2036, 1, 15, 10) << 120;

        const QDateTime jan31 = utc(2026, 1, 31, 12);
        QTest::newRow("31st: Feb 28 before noon")
            << jan31 << utc(2026, 2, 28, 11, 59, 59, 999) << 0;
        QTest::newRow("31st: Feb 28 noon") << jan31 << utc(2026, 2, 28, 12) << 1;
        QTest::newRow("31st: Mar 1") << jan31 << utc(2026, 3, 1) << 1;
        QTest::newRow("31st: Mar 31 before noon") << jan31 << utc(2026, 3, 31, 11) << 1;
        QTest::newRow("31st: Mar 31 noon") << jan31 << utc(2026, 3, 31, 12) << 2;
        QTest::newRow("31st: Apr 30 noon") << jan31 << utc(2026, 4, 30, 12) << 3;
        QTest::newRow("31st late: Mar 1 midnight")
            << utc(2026, 1, 31, 23, 59, 59) << utc(2026, 3, 1) << 1;

        const QDateTime leap = utc(2024, 2, 29);
        QTest::newRow("Feb 29 anchor: Feb 27 2025") << leap << utc(2025, 2, 27) << 11;
        QTest::newRow("Feb 29 anchor: Feb 28 2025") << leap << utc(2025, 2, 28) << 12;
        QTest::newRow("Feb 29 anchor: Mar 28 2025") << leap << utc(2025, 3, 28) << 12;
        QTest::newRow("Feb 29 anchor: Mar 29 2025") << leap << utc(2025, 3, 29) << 13;
        QTest::newRow("Feb 29 anchor: Feb 29 2028") << leap << utc(2028, 2, 29) << 48;

        const QDateTime dec31 = utc(2026, 12, 31, 23);
        QTest::newRow("year boundary: New Year's midnight") << dec31 << utc(2027, 1, 1) << 0;
        QTest::newRow("year boundary: Jan 31 23:00") << dec31 << utc(2027, 1, 31, 23) << 1;
        QTest::newRow("year boundary: Feb 28 23:00") << dec31 << utc(2027, 2, 28, 23) << 2;

        QTest::newRow("t given at UTC+9")
            << mid << QDateTime(QDate(2026, 2, 15), QTime(18, 59), Qt::OffsetFromUTC, 9 * 3600)
            << 0;
        QTest::newRow("t given at UTC+9, past the end")
            << mid << QDateTime(QDate(2026, 2, 15), QTime(19, 0), Qt::OffsetFromUTC, 9 * 3600) << 1;
    }
    void containing()
    {
        QFETCH(QDateTime, anchor);
        QFETCH(QDateTime, t);
        QFETCH(int, index);
        const BillingPeriod p = BillingPeriod::containing(anchor, t);
        QCOMPARE(p.index, index);
        const BillingPeriod expected = BillingPeriod::at(anchor, index);
        QCOMPARE(p.start, expected.start);
        QCOMPARE(p.end, expected.end);
        if (t >= anchor)
            QVERIFY(p.contains(t));
    }

    // Five years of periods for month-end anchors: no gap, no overlap, the anchor's day
    // clamped to each month, and containing() finds each period from its first and last ms.
    void contiguous_data()
    {
        QTest::addColumn<QDateTime>("anchor");
        QTest::newRow("Jan 31 2026") << utc(2026, 1, 31, 12);
        QTest::newRow("Jan 30 2026") << utc(2026, 1, 30, 0, 0, 0, 1);
        QTest::newRow("Jan 29 2027") << utc(2027, 1, 29, 6);
        QTest::newRow("Feb 29 2028") << utc(2028, 2, 29, 23, 59, 59, 999);
        QTest::newRow("Mar 31 2027") << utc(2027, 3, 31);
        QTest::newRow("Aug 31 2026") << utc(2026, 8, 31, 18);
        QTest::newRow("Dec 31 2026") << utc(2026, 12, 31, 23);
        QTest::newRow("Jan 1 2026") << utc(2026, 1, 1);
    }
    void contiguous()
    {
        QFETCH(QDateTime, anchor);
        BillingPeriod previous = BillingPeriod::at(anchor, 0);
        QCOMPARE(previous.start, anchor);
        for (int i = 1; i <= 60; ++i) {
            const BillingPeriod p = BillingPeriod::at(anchor, i);
            QCOMPARE(p.start, previous.end);
            QVERIFY2(p.end > p.start, qPrintable(QString::number(i)));
            QCOMPARE(p.start.time(), anchor.time());
            const QDate d = p.start.date();
            QCOMPARE(d.day(), qMin(anchor.date().day(), d.daysInMonth()));
            QCOMPARE(d, anchor.date().addMonths(i));
            QCOMPARE(BillingPeriod::containing(anchor, p.start).index, i);
            QCOMPARE(BillingPeriod::containing(anchor, p.end.addMSecs(-1)).index, i);
            QCOMPARE(BillingPeriod::containing(anchor, previous.end.addMSecs(-1)).index, i - 1);
            previous = p;
        }
    }
};

QTEST_GUILESS_MAIN(TestBillingPeriod)
#include "tst_billingperiod.moc"
