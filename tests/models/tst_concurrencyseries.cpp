#include "concurrencyseries.h"

#include <QRandomGenerator>
#include <QTest>

using linedesk::ConcurrencySample;
using linedesk::ConcurrencySeries;

// The chart's data reduction: whatever the window, every peak survives decimation.
class TestConcurrencySeries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decimationKeepsEveryPeak_data()
    {
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("columns");
        QTest::newRow("5 minutes of seconds on 1440 px") << 300 << 1440;
        QTest::newRow("24 hours of seconds on 1440 px") << 86400 << 1440;
        QTest::newRow("24 hours of seconds on 37 px") << 86400 << 37;
        QTest::newRow("7 days of seconds on 1000 px") << 7 * 86400 << 1000;
    }
    void decimationKeepsEveryPeak()
    {
        QFETCH(int, samples);
        QFETCH(int, columns);
        QRandomGenerator random(7);
        ConcurrencySeries series;
        QList<int> values;
        int active = 3;
        for (int i = 0; i < samples; ++i) {
            active = qBound(0, active + int(random.bounded(3)) - 1, 20);
            // Rare one-second spikes: exactly what plain sampling loses.
            const int v = random.bounded(5000) == 0 ? 50 + int(random.bounded(10)) : active;
            values << v;
            series.append({qint64(i) * 1000, v, v >= 20 ? 1 : 0, 20});
        }
        const qint64 to = qint64(samples) * 1000;
        const auto cols = series.decimate(0, to, columns);
        QCOMPARE(cols.size(), qsizetype(columns));
        // Reference: the maximum of the samples in force over each column, computed naively.
        for (const auto &c : cols) {
            int expectedMax = -1;
            int expectedBlocked = 0;
            for (int i = 0; i < samples; ++i) {
                const qint64 start = qint64(i) * 1000;
                const qint64 end = start + 1000;
                if (end > c.fromMs && start < c.toMs)
                    expectedMax = qMax(expectedMax, values.at(i));
                if (start >= c.fromMs && start < c.toMs && values.at(i) >= 20)
                    ++expectedBlocked;
            }
            QCOMPARE(c.maxActive, expectedMax);
            QCOMPARE(c.blocked, expectedBlocked);
        }
        // The global peak is in the output however narrow the chart.
        int peak = 0;
        for (const auto &c : cols)
            peak = qMax(peak, c.maxActive);
        QCOMPARE(peak, *std::max_element(values.cbegin(), values.cend()));
    }

    void flatStretchCarriesTheValueIn()
    {
        ConcurrencySeries series;
        series.append({0, 7, 0, 10});
        series.append({100'000, 2, 0, 11});
        const auto cols = series.decimate(10'000, 200'000, 19);
        QCOMPARE(cols.first().maxActive, 7);
        QCOMPARE(cols.first().limit, 10);
        QVERIFY(cols.first().known);
        QCOMPARE(cols.last().maxActive, 2);
        QCOMPARE(cols.last().limit, 11);
        // Before the first sample nothing is known.
        const auto before = series.decimate(-50'000, -10'000, 4);
        for (const auto &c : before)
            QVERIFY(!c.known);
    }

    void summaryIsTimeWeighted()
    {
        ConcurrencySeries series;
        series.append({0, 10, 0, 10});     // at the limit for 30 s
        series.append({30'000, 4, 3, 10}); // 4 active for 90 s, 3 blocked at 30 s
        const auto s = series.summarize(0, 120'000);
        QCOMPARE(s.peak, 10);
        QCOMPARE(s.msAtLimit, qint64(30'000));
        QCOMPARE(s.blocked, 3);
        QCOMPARE(s.coveredMs, qint64(120'000));
        QCOMPARE(s.average, (10.0 * 30 + 4.0 * 90) / 120.0);
    }

    void sameInstantKeepsThePeak()
    {
        ConcurrencySeries series;
        series.append({1000, 5, 0, 10});
        series.append({1000, 6, 0, 10});
        series.append({1000, 5, 0, 10});
        QCOMPARE(series.decimate(0, 2000, 1).first().maxActive, 6);
        QCOMPARE(series.valueAt(5000)->active, 5);
    }

    // A reconnect's snapshot (per-second maxima of the last five minutes) fills only what
    // the series has not seen: the points already drawn are never redrawn coarser.
    void resumingKeepsWhatWasSeen_data()
    {
        QTest::addColumn<QList<ConcurrencySample>>("seen");
        QTest::addColumn<QList<ConcurrencySample>>("snapshot");
        QTest::addColumn<QList<ConcurrencySample>>("expected");
        const QList<ConcurrencySample> snapshot{
            {1000, 2, 0, 10}, {2000, 5, 1, 10}, {3000, 5, 0, 10}, {4000, 3, 2, 10}};
        QTest::newRow("first snapshot: all of it")
            << QList<ConcurrencySample>() << snapshot << snapshot;
        QTest::newRow("lost within the snapshot's window: the gap after the last sample")
            << QList<ConcurrencySample>{{1000, 2, 0, 10}, {2250, 4, 0, 10}, {2600, 5, 1, 10}}
            << snapshot
            << QList<ConcurrencySample>{{1000, 2, 0, 10},
                                        {2250, 4, 0, 10},
                                        {2600, 5, 1, 10},
                                        {3000, 5, 0, 10},
                                        {4000, 3, 2, 10}};
        QTest::newRow("last sample on a second: that second is not taken twice")
            << QList<ConcurrencySample>{{3000, 5, 0, 10}} << snapshot
            << QList<ConcurrencySample>{{3000, 5, 0, 10}, {4000, 3, 2, 10}};
        QTest::newRow("lost longer than the snapshot's window: all of it after the old samples")
            << QList<ConcurrencySample>{{100, 1, 0, 10}, {400, 0, 0, 10}} << snapshot
            << QList<ConcurrencySample>{{100, 1, 0, 10},  {400, 0, 0, 10},  {1000, 2, 0, 10},
                                        {2000, 5, 1, 10}, {3000, 5, 0, 10}, {4000, 3, 2, 10}};
        QTest::newRow("nothing newer in the snapshot: unchanged")
            << QList<ConcurrencySample>{{4500, 1, 0, 10}} << snapshot
            << QList<ConcurrencySample>{{4500, 1, 0, 10}};
        QTest::newRow("empty snapshot: unchanged")
            << QList<ConcurrencySample>{{4500, 1, 0, 10}} << QList<ConcurrencySample>()
            << QList<ConcurrencySample>{{4500, 1, 0, 10}};
    }
    void resumingKeepsWhatWasSeen()
    {
        QFETCH(QList<ConcurrencySample>, seen);
        QFETCH(QList<ConcurrencySample>, snapshot);
        QFETCH(QList<ConcurrencySample>, expected);
        ConcurrencySeries series;
        for (const ConcurrencySample &s : seen)
            series.append(s);
        series.resumeWith(snapshot);
        QCOMPARE(series.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(series.at(i).tMs, expected.at(i).tMs);
            QCOMPARE(series.at(i).active, expected.at(i).active);
            QCOMPARE(series.at(i).blocked, expected.at(i).blocked);
            QCOMPARE(series.at(i).limit, expected.at(i).limit);
        }
    }

    void resumingAfterTrimming()
    {
        ConcurrencySeries series;
        for (int i = 0; i < 10'000; ++i)
            series.append({qint64(i) * 100, i % 5, 0, 10});
        series.trimBefore(900'000); // trimmed samples still held at the front
        series.resumeWith({{999'000, 7, 0, 10}, {1'000'000, 8, 0, 10}, {1'001'000, 9, 0, 10}});
        QCOMPARE(series.at(0).tMs, qint64(900'000));
        QCOMPARE(series.size(), qsizetype(1000 + 2));
        QCOMPARE(series.valueAt(999'950)->active, 9999 % 5);
        QCOMPARE(series.last().active, 9);
        QCOMPARE(series.valueAt(1'000'500)->active, 8);
    }

    void trimmingKeepsTheValueInForce()
    {
        ConcurrencySeries series;
        for (int i = 0; i < 20'000; ++i)
            series.append({qint64(i) * 1000, i % 7, 0, 10});
        series.trimBefore(15'500'000);
        QCOMPARE(series.at(0).tMs, qint64(15'500'000));
        QCOMPARE(series.size(), qsizetype(4500));
        QCOMPARE(series.valueAt(15'600'500)->active, 15'600 % 7);
        // Between two samples, the earlier one stays: it is the value in force.
        series.trimBefore(16'000'500);
        QCOMPARE(series.at(0).tMs, qint64(16'000'000));
        QCOMPARE(series.valueAt(16'000'500)->active, 16'000 % 7);
    }
};

QTEST_GUILESS_MAIN(TestConcurrencySeries)
#include "tst_concurrencyseries.moc"
