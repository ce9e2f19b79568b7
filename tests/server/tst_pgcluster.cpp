#include "pgcluster.h"

#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using namespace linedesk::test;

// The harness itself: the `pg` fixture's throwaway PostgreSQL 15 cluster is real, each test
// gets a fresh database with pg_trgm, and what the service's PostgreSQL backend relies on
// between connections (LISTEN/NOTIFY, advisory locks) works across two of them.
class TestPgCluster : public QObject
{
    Q_OBJECT

    QString m_uri;

    // One value from a query that must succeed.
    static QVariant scalar(QSqlDatabase &db, const QString &sql)
    {
        QSqlQuery q(db);
        if (!q.exec(sql)) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return {};
        }
        if (!q.next()) {
            qWarning("%s: no row", qPrintable(sql));
            return {};
        }
        return q.value(0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
                 "Qt's PostgreSQL driver is missing (Debian package libqt6sql6-psql)");
        QString error;
        QVERIFY2(!PgCluster::baseUri(&error).isEmpty(), qPrintable(error));
        m_uri = PgCluster::createDatabase(&error);
        QVERIFY2(!m_uri.isEmpty(), qPrintable(error));
    }

    void cleanup()
    {
        for (const QString &name : QSqlDatabase::connectionNames())
            QSqlDatabase::removeDatabase(name);
    }

    void databasesAreFreshAndDistinct()
    {
        const QUrl url(m_uri);
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(url.port() > 0);
        QCOMPARE(url.userName(), QStringLiteral("linedesk"));
        QString error;
        const QString other = PgCluster::createDatabase(&error);
        QVERIFY2(!other.isEmpty(), qPrintable(error));
        QVERIFY(QUrl(other).path() != url.path());
        {
            QSqlDatabase db = PgCluster::open(m_uri, QStringLiteral("a"), &error);
            QVERIFY2(db.isOpen(), qPrintable(error));
            QCOMPARE(scalar(db, QStringLiteral("SELECT current_database()")).toString(),
                     url.path().mid(1));
            QCOMPARE(scalar(db, QStringLiteral("SELECT current_user")).toString(),
                     QStringLiteral("linedesk"));
            QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM pg_tables "
                                               "WHERE schemaname = 'public'"))
                         .toInt(),
                     0);
            // Only loopback: the server listens on 127.0.0.1 and nowhere else.
            QCOMPARE(scalar(db, QStringLiteral("SHOW listen_addresses")).toString(),
                     QStringLiteral("127.0.0.1"));
        }
    }

    void isPostgres15WithTrigrams()
    {
        QString error;
        QSqlDatabase db = PgCluster::open(m_uri, QStringLiteral("a"), &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        const QString version = scalar(db, QStringLiteral("SELECT version()")).toString();
        QVERIFY2(version.contains(QLatin1String("PostgreSQL 15")), qPrintable(version));

        QSqlQuery q(db);
        QVERIFY2(q.exec(QStringLiteral("SELECT extname FROM pg_extension")),
                 qPrintable(q.lastError().text()));
        QStringList extensions;
        while (q.next())
            extensions << q.value(0).toString();
        QVERIFY2(extensions.contains(QLatin1String("pg_trgm")),
                 qPrintable(extensions.join(QLatin1Char(','))));
        // And it works: similar words score high, unrelated ones low.
        QVERIFY(scalar(db, QStringLiteral("SELECT similarity('linedesk', 'linedisk')")).toDouble() >
                0.3);
        QVERIFY(scalar(db, QStringLiteral("SELECT similarity('linedesk', 'qqqq')")).toDouble() <
                0.1);
    }

    void listenNotifyAcrossConnections()
    {
        QString error;
        QSqlDatabase listener = PgCluster::open(m_uri, QStringLiteral("listener"), &error);
        QVERIFY2(listener.isOpen(), qPrintable(error));
        QSqlDatabase sender = PgCluster::open(m_uri, QStringLiteral("sender"), &error);
        QVERIFY2(sender.isOpen(), qPrintable(error));

        QVERIFY(listener.driver()->hasFeature(QSqlDriver::EventNotifications));
        QSignalSpy spy(listener.driver(), &QSqlDriver::notification);
        QVERIFY(spy.isValid());
        QVERIFY2(listener.driver()->subscribeToNotification(QStringLiteral("linedesk_calls")),
                 qPrintable(listener.driver()->lastError().text()));
        QVERIFY(listener.driver()->subscribedToNotifications().contains(
            QStringLiteral("linedesk_calls")));

        // A channel nobody listens on reaches nobody.
        QSqlQuery q(sender);
        QVERIFY2(q.exec(QStringLiteral("NOTIFY linedesk_other, 'x'")),
                 qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral("NOTIFY linedesk_calls, 'call 42 started'")),
                 qPrintable(q.lastError().text()));
        QVERIFY(spy.wait(10000));
        QCOMPARE(spy.count(), 1);
        const QList<QVariant> args = spy.takeFirst();
        QCOMPARE(args.at(0).toString(), QStringLiteral("linedesk_calls"));
        QCOMPARE(args.at(1).value<QSqlDriver::NotificationSource>(), QSqlDriver::OtherSource);
        QCOMPARE(args.at(2).toString(), QStringLiteral("call 42 started"));

        // After unsubscribing, nothing more arrives.
        QVERIFY(listener.driver()->unsubscribeFromNotification(QStringLiteral("linedesk_calls")));
        QVERIFY2(q.exec(QStringLiteral("NOTIFY linedesk_calls, 'late'")),
                 qPrintable(q.lastError().text()));
        QVERIFY(!spy.wait(500));
        QCOMPARE(spy.count(), 0);
    }

    void advisoryLockIsExclusiveAcrossConnections()
    {
        QString error;
        QSqlDatabase a = PgCluster::open(m_uri, QStringLiteral("a"), &error);
        QVERIFY2(a.isOpen(), qPrintable(error));
        QSqlDatabase b = PgCluster::open(m_uri, QStringLiteral("b"), &error);
        QVERIFY2(b.isOpen(), qPrintable(error));

        const QString take = QStringLiteral("SELECT pg_try_advisory_lock(424242)");
        const QString give = QStringLiteral("SELECT pg_advisory_unlock(424242)");
        QCOMPARE(scalar(a, take).toBool(), true);
        QCOMPARE(scalar(b, take).toBool(), false);
        // Session locks stack: the holder may take it again, the other still may not.
        QCOMPARE(scalar(a, take).toBool(), true);
        QCOMPARE(scalar(a, give).toBool(), true);
        QCOMPARE(scalar(b, take).toBool(), false);
        QCOMPARE(scalar(a, give).toBool(), true);
        QCOMPARE(scalar(b, take).toBool(), true);
        QCOMPARE(scalar(a, take).toBool(), false);
        // A closed connection gives its locks back (once its server process has ended).
        b.close();
        QTRY_COMPARE_WITH_TIMEOUT(scalar(a, take).toBool(), true, 10000);
    }
};

QTEST_GUILESS_MAIN(TestPgCluster)
#include "tst_pgcluster.moc"
