// json::isoTime is formatted by hand; it must write exactly what Qt writes.
#include "jsonutil.h"

#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace linedesk;

class TestJsonUtil : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isoTimeMatchesQt_data()
    {
        QTest::addColumn<qint64>("ms");
        auto at = [](int y, int mo, int d, int h, int mi, int s, int ms) {
            return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC).toMSecsSinceEpoch();
        };
        QTest::newRow("epoch") << qint64(0);
        QTest::newRow("1 ms before epoch") << qint64(-1);
        QTest::newRow("1 ms after epoch") << qint64(1);
        QTest::newRow("now-ish") << at(2026, 11, 25, 9, 0, 0, 123);
        QTest::newRow("leap day 2024") << at(2024, 2, 29, 23, 59, 59, 999);
        QTest::newRow("not a leap day 2100") << at(2100, 3, 1, 0, 0, 0, 0);
        QTest::newRow("leap day 2000") << at(2000, 2, 29, 12, 30, 45, 5);
        QTest::newRow("end of 1969") << at(1969, 12, 31, 23, 59, 59, 999);
        QTest::newRow("1900-03-01") << at(1900, 3, 1, 0, 0, 0, 1);
        QTest::newRow("year 1 first ms") << at(1, 1, 1, 0, 0, 0, 0);
        QTest::newRow("year 9999 last ms") << at(9999, 12, 31, 23, 59, 59, 999);
        QTest::newRow("year 10000") << at(10000, 1, 1, 0, 0, 0, 0);
        QTest::newRow("year 0") << at(0, 6, 1, 0, 0, 0, 0);
        QTest::newRow("year -44") << at(-44, 3, 15, 12, 0, 0, 0);
        // Random times over the whole range the hand path covers, and around today.
        auto *random = QRandomGenerator::global();
        const qint64 first = at(1, 1, 1, 0, 0, 0, 0);
        const qint64 last = at(9999, 12, 31, 23, 59, 59, 999);
        for (int i = 0; i < 400; ++i)
            QTest::addRow("random %d", i) << random->bounded(first, last);
        const qint64 today = at(2026, 11, 25, 0, 0, 0, 0);
        for (int i = 0; i < 200; ++i)
            QTest::addRow("near today %d", i)
                << today + random->bounded(-qint64(400) * 86'400'000, qint64(400) * 86'400'000);
    }
    void isoTimeMatchesQt()
    {
        QFETCH(qint64, ms);
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        QCOMPARE(json::isoTime(t), t.toString(Qt::ISODateWithMs));
    }

    void isoTimeIsUtcWhateverTheZone()
    {
        const QDateTime utc(QDate(2026, 11, 25), QTime(9, 0, 0, 250), Qt::UTC);
        const QDateTime plusTwo = utc.toTimeZone(QTimeZone(2 * 3600));
        const QDateTime minusFiveThirty = utc.toOffsetFromUtc(-(5 * 3600 + 30 * 60));
        QCOMPARE(json::isoTime(plusTwo), QStringLiteral("2026-11-25T09:00:00.250Z"));
        QCOMPARE(json::isoTime(minusFiveThirty), QStringLiteral("2026-11-25T09:00:00.250Z"));
        QCOMPARE(json::isoTime(utc.toLocalTime()), QStringLiteral("2026-11-25T09:00:00.250Z"));
    }

    void invalidTimeIsEmptyAndNull()
    {
        QVERIFY(json::isoTime(QDateTime()).isEmpty());
        QVERIFY(json::isoTimeOrNull(QDateTime()).isNull());
        QCOMPARE(json::isoTimeOrNull(QDateTime::fromMSecsSinceEpoch(0, Qt::UTC)).toString(),
                 QStringLiteral("1970-01-01T00:00:00.000Z"));
    }

    void roundTripsThroughParseTime()
    {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(1'795'000'123'456, Qt::UTC);
        QCOMPARE(json::parseTime(json::isoTime(t)), t);
    }
};

QTEST_GUILESS_MAIN(TestJsonUtil)
#include "tst_jsonutil.moc"
