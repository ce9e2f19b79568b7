#include "apiclient.h"
#include "connectionmonitor.h"
#include "consoleoptions.h"
#include "embeddedservice.h"
#include "linechangeorder.h"
#include "session.h"
#include "subscriptionhistory.h"
#include "testserver.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace linedesk;
using namespace linedesk::test;

class TestSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void signInPicksOrgAndSubscription()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("One"), 500'00);
        const TestAccount b = server.createAccount(QStringLiteral("Two"), 100'00);
        // The first admin is also a viewer of the second organization.
        server.accounts().addMembership(b.orgId, server.accounts().userIdByEmail(a.adminEmail),
                                        QStringLiteral("viewer"));
        ApiClient api;
        api.setBaseUrl(server.url());
        api.setToken(a.adminToken);
        Session session(&api);
        QSignalSpy changed(&session, &Session::subscriptionChanged);
        QSignalSpy state(&session, &Session::stateChanged);
        session.signIn(a.orgId);
        QTRY_VERIFY(session.hasSubscription());
        QCOMPARE(state.count(), 2); // SigningIn, SignedIn
        QCOMPARE(session.currentOrgId(), a.orgId);
        QCOMPARE(session.role(), Session::Role::Admin);
        QVERIFY(session.canChangeLines());
        QVERIFY(session.isSubscriptionCurrent());
        QCOMPARE(session.subscription().id, a.subscriptionId);
        QCOMPARE(changed.count(), 2); // the new id (not loaded yet), then its first read

        changed.clear();
        session.selectOrg(b.orgId);
        QCOMPARE(session.currentSubscriptionId(), b.subscriptionId);
        QVERIFY(!session.hasSubscription()); // never the other org's numbers meanwhile
        QTRY_VERIFY(session.hasSubscription());
        QCOMPARE(changed.count(), 2);
        QCOMPARE(session.role(), Session::Role::Viewer);
        QVERIFY(!session.canChangeLines());
        QVERIFY(session.changeLinesDisabledReason().contains(QStringLiteral("viewer")));
    }

    void orderBuysAndTheSessionFollows()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Order"), 500'00);
        ApiClient api;
        api.setBaseUrl(server.url());
        api.setToken(a.adminToken);
        Session session(&api);
        SubscriptionHistory history(&session);
        session.signIn();
        QTRY_VERIFY(session.hasSubscription());
        QTRY_COMPARE(history.lineChanges()->rowCount(), 0);
        LineChangeOrder order(&session);
        order.setPreviewDelay(0);
        QSignalSpy previews(&order, &LineChangeOrder::previewChanged);
        order.setTargetLimit(11);
        QCOMPARE(order.quantity(), 1);
        QTRY_COMPARE(order.status(), LineChangeOrder::Status::Ready);
        QCOMPARE(order.preview()->limitAfter, 11);
        QSignalSpy changed(&session, &Session::subscriptionChanged);
        QSignalSpy succeeded(&order, &LineChangeOrder::succeeded);
        order.submit();
        QVERIFY(order.isBusy());
        order.submit(); // ignored while in flight
        QTRY_COMPARE(succeeded.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(session.subscription().concurrencyLimit(), 11);
        QVERIFY(order.pendingIdempotencyKey().isEmpty());
        QCOMPARE(server.countRows(QStringLiteral("line_change"), a.subscriptionId), 1);
        // The history follows the new version.
        QTRY_COMPARE(history.lineChanges()->rowCount(), 1);
    }

    void connectionLostAndBack()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Conn"), 500'00);
        ApiClient api;
        api.setBaseUrl(server.url());
        api.setToken(a.adminToken);
        api.setRetryPolicy(0, 0);
        Session session(&api);
        ConnectionMonitor monitor(&api);
        monitor.setBackoff(20, 100);
        session.signIn();
        QTRY_VERIFY(session.hasSubscription());
        QTRY_COMPARE(monitor.state(), ConnectionMonitor::State::Online);

        QSignalSpy states(&monitor, &ConnectionMonitor::stateChanged);
        QSignalSpy scheduled(&monitor, &ConnectionMonitor::retryScheduled);
        QSignalSpy current(&session, &Session::subscriptionCurrentChanged);
        server.service().stop();
        session.refreshSubscription();
        QTRY_COMPARE(monitor.state(), ConnectionMonitor::State::Offline);
        QVERIFY(!session.isSubscriptionCurrent());
        QCOMPARE(current.count(), 1);
        // Backoff: the delays grow.
        QTRY_VERIFY(scheduled.count() >= 3);
        QVERIFY(scheduled.at(1).at(0).toInt() > scheduled.at(0).at(0).toInt());

        QSignalSpy reconnected(&monitor, &ConnectionMonitor::reconnected);
        QString error;
        QVERIFY2(server.service().start(&error), qPrintable(error));
        api.setBaseUrl(server.url());
        QTRY_COMPARE(reconnected.count(), 1);
        QCOMPARE(monitor.state(), ConnectionMonitor::State::Online);
        session.refreshSubscription();
        QTRY_VERIFY(session.isSubscriptionCurrent());
    }

    void options()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("LINEDESK_SERVER"), QStringLiteral("http://env.example:8080"));
        env.insert(QStringLiteral("LINEDESK_TOKEN"), QStringLiteral("from-env"));
        env.insert(QStringLiteral("LINEDESK_NO_KEYCHAIN"), QStringLiteral("1"));
        ConsoleOptions o = ConsoleOptions::parse({QStringLiteral("linedesk")}, env);
        QCOMPARE(o.serverUrl, QUrl(QStringLiteral("http://env.example:8080")));
        QCOMPARE(o.token, QStringLiteral("from-env"));
        QVERIFY(!o.useSecretStore);
        o = ConsoleOptions::parse({QStringLiteral("linedesk"), QStringLiteral("--server"),
                                   QStringLiteral("https://cli.example"), QStringLiteral("--token"),
                                   QStringLiteral("cli")},
                                  env);
        QCOMPARE(o.serverUrl.host(), QStringLiteral("cli.example"));
        QCOMPARE(o.token, QStringLiteral("cli"));
        o = ConsoleOptions::parse({QStringLiteral("linedesk")}, QProcessEnvironment());
        QVERIFY(o.serverUrl.isEmpty());
        QVERIFY(o.useSecretStore);
        QVERIFY(o.error.isEmpty());
        o = ConsoleOptions::parse(
            {QStringLiteral("linedesk"), QStringLiteral("--server"), QStringLiteral("ftp://x")},
            QProcessEnvironment());
        QVERIFY(!o.error.isEmpty());
        o = ConsoleOptions::parse({QStringLiteral("linedesk"), QStringLiteral("--bogus")},
                                  QProcessEnvironment());
        QVERIFY(!o.error.isEmpty());
    }

    // No display: one line that says so and how to go on, instead of Qt's abort; nothing
    // when a display or a platform without one is there, or only help is asked for.
    void missingDisplay_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<bool>("missing");
        const QStringList bare{QStringLiteral("linedesk")};
        QTest::newRow("nothing") << bare << QStringList{} << true;
        QTest::newRow("empty DISPLAY") << bare << QStringList{QStringLiteral("DISPLAY=")} << true;
        QTest::newRow("X11") << bare << QStringList{QStringLiteral("DISPLAY=:99")} << false;
        QTest::newRow("Wayland") << bare << QStringList{QStringLiteral("WAYLAND_DISPLAY=wayland-0")}
                                 << false;
        QTest::newRow("offscreen")
            << bare << QStringList{QStringLiteral("QT_QPA_PLATFORM=offscreen")} << false;
        QTest::newRow("xcb asked, none") << bare
                                         << QStringList{QStringLiteral("QT_QPA_PLATFORM=xcb"),
                                                        QStringLiteral("WAYLAND_DISPLAY=w")}
                                         << true;
        QTest::newRow("wayland falls back to xcb")
            << bare
            << QStringList{QStringLiteral("QT_QPA_PLATFORM=wayland;xcb"),
                           QStringLiteral("DISPLAY=:1")}
            << false;
        QTest::newRow("-platform offscreen")
            << QStringList{QStringLiteral("linedesk"), QStringLiteral("-platform"),
                           QStringLiteral("offscreen")}
            << QStringList{} << false;
        QTest::newRow("-platform xcb wins over the environment")
            << QStringList{QStringLiteral("linedesk"), QStringLiteral("-platform"),
                           QStringLiteral("xcb")}
            << QStringList{QStringLiteral("QT_QPA_PLATFORM=offscreen")} << true;
        QTest::newRow("--help") << QStringList{QStringLiteral("linedesk"), QStringLiteral("--help")}
                                << QStringList{} << false;
        QTest::newRow("-v") << QStringList{QStringLiteral("linedesk"), QStringLiteral("-v")}
                            << QStringList{} << false;
    }

    void missingDisplay()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, environment);
        QFETCH(bool, missing);
        QProcessEnvironment env;
        for (const QString &kv : environment)
            env.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
        const QString line = ConsoleOptions::missingDisplay(arguments, env);
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
        QCOMPARE(!line.isEmpty(), missing);
        if (missing) {
            QVERIFY(!line.contains(QLatin1Char('\n')));
            QVERIFY(line.contains(QLatin1String("xvfb-run -a scripts/run")));
            QVERIFY(line.contains(QLatin1String("linedesk-server")));
        }
#else
        QVERIFY(line.isEmpty());
#endif
    }

    // The embedded service starts off the calling thread, seeds demo data once, and hands
    // out the demo sign-ins (from demo-tokens.json on later runs).
    void embeddedServiceStartsWithoutBlocking()
    {
        QTemporaryDir dir;
        QString firstAdmin;
        for (int run = 0; run < 2; ++run) {
            EmbeddedService service(dir.path());
            QSignalSpy started(&service, &EmbeddedService::started);
            service.start();
            QVERIFY(service.isStarting()); // start() returned before the service listens
            QVERIFY(started.wait(20000));
            QVERIFY(service.isRunning());
            QVERIFY(service.url().port() > 0);
            QVERIFY(service.signIns().size() >= 3);
            QCOMPARE(service.signIns().first().role, QStringLiteral("admin"));
            QCOMPARE(service.signIns().first().orgName, QStringLiteral("Acme Health Inbound"));
            if (run == 0)
                firstAdmin = service.signIns().first().token;
            else
                QCOMPARE(service.signIns().first().token, firstAdmin);
            ApiClient api;
            api.setBaseUrl(service.url());
            api.setToken(service.signIns().first().token);
            Session session(&api);
            session.signIn();
            QTRY_VERIFY(session.hasSubscription());
            QCOMPARE(session.subscription().concurrencyLimit(), 10);
        }
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
