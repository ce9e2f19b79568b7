// Time axis ticks at round local times (the Live page's chart).
#include "timeaxisticks.h"

#include <QDateTime>
#include <QSet>
#include <QTest>

using namespace linedesk;

namespace {

qint64 local(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s)).toMSecsSinceEpoch();
}

QStringList labels(const QList<TimeTick> &ticks)
{
    QStringList out;
    for (const TimeTick &t : ticks)
        out << t.label;
    return out;
}

} // namespace

class TestTimeAxisTicks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Central European time with its DST rules, as a POSIX TZ string (no tzdata needed):
        // DST ends 2026-10-25 03:00 → 02:00 and starts 2026-03-29 02:00 → 03:00.
        qputenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3");
        QCOMPARE(QDateTime(QDate(2026, 7, 1), QTime(12, 0)).offsetFromUtc(), 7200);
        QCOMPARE(QDateTime(QDate(2026, 12, 1), QTime(12, 0)).offsetFromUtc(), 3600);
    }

    void liveWindowsGetRoundTicks_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<QStringList>("expected");
        const qint64 now = local(2026, 11, 25, 9, 13, 3);
        QTest::newRow("5 min") << now - 5 * 60'000 << now
                               << QStringList{"09:09", "09:10", "09:11", "09:12", "09:13"};
        QTest::newRow("1 h") << now - 3'600'000 << now
                             << QStringList{"08:20", "08:30", "08:40", "08:50", "09:00", "09:10"};
        QTest::newRow("24 h") << now - 86'400'000 << now
                              << QStringList{"12:00",  "15:00", "18:00", "21:00",
                                             "Nov 25", "03:00", "06:00", "09:00"};
        QTest::newRow("7 d") << now - 7 * 86'400'000LL << now
                             << QStringList{"Nov 19", "Nov 20", "Nov 21", "Nov 22",
                                            "Nov 23", "Nov 24", "Nov 25"};
        // 2026-10-26 and 11-02, 09, 16, 23 are Mondays.
        QTest::newRow("30 d") << now - 30 * 86'400'000LL << now
                              << QStringList{"Nov 2", "Nov 9", "Nov 16", "Nov 23"};
        QTest::newRow("30 s") << now - 30'000 << now
                              << QStringList{"09:12:35", "09:12:40", "09:12:45",
                                             "09:12:50", "09:12:55", "09:13:00"};
        QTest::newRow("400 d") << now - 400 * 86'400'000LL << now
                               << QStringList{"Jan 2026", "Apr 2026", "Jul 2026", "Oct 2026"};
    }
    void liveWindowsGetRoundTicks()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(QStringList, expected);
        const QList<TimeTick> ticks = timeAxisTicks(from, to, 8, QLocale::c());
        QCOMPARE(labels(ticks), expected);
        for (const TimeTick &t : ticks) {
            QVERIFY(t.ms > from);
            QVERIFY(t.ms <= to);
            QCOMPARE(t.ms % 1000, 0);
        }
    }

    // Any window and width: ordered, inside the window, unique labels, never too many, and
    // evenly stepped on round local times.
    void invariantsHold()
    {
        const qint64 base = local(2026, 11, 25, 9, 13, 3);
        const qint64 spans[] = {10'000,
                                45'000,
                                3 * 60'000,
                                17 * 60'000,
                                5'400'000,
                                7 * 3'600'000,
                                86'400'000,
                                3 * 86'400'000LL,
                                10 * 86'400'000LL,
                                45 * 86'400'000LL,
                                200 * 86'400'000LL};
        for (qint64 span : spans) {
            for (int maxTicks : {2, 4, 7, 12}) {
                for (qint64 shift : {qint64(0), qint64(777), qint64(123'456'789)}) {
                    const qint64 to = base + shift;
                    const qint64 from = to - span;
                    const QList<TimeTick> ticks = timeAxisTicks(from, to, maxTicks, QLocale::c());
                    const QByteArray where = QByteArray::number(span) + " ms, " +
                                             QByteArray::number(maxTicks) + " ticks";
                    QVERIFY2(!ticks.isEmpty(), where);
                    QVERIFY2(ticks.size() <= maxTicks, where);
                    QSet<QString> seen;
                    for (qsizetype i = 0; i < ticks.size(); ++i) {
                        QVERIFY2(ticks.at(i).ms > from && ticks.at(i).ms <= to, where);
                        if (i > 0)
                            QVERIFY2(ticks.at(i).ms > ticks.at(i - 1).ms, where);
                        QVERIFY2(!seen.contains(ticks.at(i).label), where);
                        seen.insert(ticks.at(i).label);
                        // Round: whole seconds, and a local time of day that is a multiple
                        // of the step between the first two ticks (for steps under a day).
                        QCOMPARE(ticks.at(i).ms % 1000, 0);
                    }
                    if (ticks.size() >= 2 && ticks.at(1).ms - ticks.at(0).ms < 86'400'000) {
                        const qint64 step = ticks.at(1).ms - ticks.at(0).ms;
                        for (const TimeTick &t : ticks) {
                            const QTime time = QDateTime::fromMSecsSinceEpoch(t.ms).time();
                            QVERIFY2(time.msecsSinceStartOfDay() % step == 0, where);
                        }
                    }
                }
            }
        }
    }

    void daylightSavingDaysKeepTicksOnTheHour()
    {
        // 24 h across the end of DST (a 25-hour day) and across its start (23 hours).
        for (const qint64 to : {local(2026, 10, 25, 18, 0, 30), local(2026, 3, 29, 18, 0, 30)}) {
            const QList<TimeTick> ticks = timeAxisTicks(to - 86'400'000, to, 9, QLocale::c());
            QVERIFY(ticks.size() >= 7);
            for (const TimeTick &t : ticks) {
                const QTime time = QDateTime::fromMSecsSinceEpoch(t.ms).time();
                QCOMPARE(time.minute(), 0);
                QCOMPARE(time.second(), 0);
                QCOMPARE(time.hour() % 3, 0);
            }
        }
    }

    void emptyForEmptyWindows()
    {
        QVERIFY(timeAxisTicks(1000, 1000, 8).isEmpty());
        QVERIFY(timeAxisTicks(2000, 1000, 8).isEmpty());
        QVERIFY(timeAxisTicks(0, 60'000, 0).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTimeAxisTicks)
#include "tst_timeaxisticks.moc"
