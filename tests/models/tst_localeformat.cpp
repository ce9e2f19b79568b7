#include "localeformat.h"

#include <QTest>

using namespace linedesk;

class TestLocaleFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void money_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<qint64>("cents");
        QTest::addColumn<QString>("expected");
        QTest::newRow("US thousands") << "en_US" << qint64(123450) << QStringLiteral("$1,234.50");
        QTest::newRow("US cents") << "en_US" << qint64(5) << QStringLiteral("$0.05");
        QTest::newRow("US refund") << "en_US" << qint64(-333) << QStringLiteral("-$3.33");
        QTest::newRow("C locale") << "C" << qint64(45597) << QStringLiteral("$455.97");
        QTest::newRow("German") << "de_DE" << qint64(123450) << QStringLiteral("1.234,50\u00a0$");
        QTest::newRow("huge exact")
            << "en_US" << qint64(900719925474099) << QStringLiteral("$9,007,199,254,740.99");
    }
    void money()
    {
        QFETCH(QString, locale);
        QFETCH(qint64, cents);
        QFETCH(QString, expected);
        QCOMPARE(format::money(cents, QLocale(locale)), expected);
    }
    void dateWithoutWeekday()
    {
        const QDateTime t(QDate(2026, 12, 10), QTime(12, 0), Qt::UTC);
        const QString us = format::date(t, QLocale(QStringLiteral("en_US")));
        QVERIFY2(us.contains(QStringLiteral("Dec")) && us.contains(QStringLiteral("2026")),
                 qPrintable(us));
        QVERIFY2(!us.contains(QStringLiteral("Thursday")), qPrintable(us));
        QCOMPARE(format::lines(1), QStringLiteral("1 line"));
        QCOMPARE(format::lines(3), QStringLiteral("3 lines"));
    }
};

QTEST_GUILESS_MAIN(TestLocaleFormat)
#include "tst_localeformat.moc"
