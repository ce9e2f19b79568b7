#include "alertcenter.h"
#include "alertlistmodel.h"
#include "apiclient.h"
#include "livefeedclient.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace linedesk;

namespace {

Alert alert(const QString &id, Alert::Kind kind, Alert::State state, int firedMinute,
            int updatedMinute = -1)
{
    const QDateTime base(QDate(2026, 3, 10), QTime(12, 0), Qt::UTC);
    Alert a;
    a.id = id;
    a.subscriptionId = QStringLiteral("sub-1");
    a.kind = kind;
    a.kindName = Alert::kindToString(kind);
    a.state = state;
    a.startedAt = base.addSecs(60 * firedMinute);
    a.firedAt = a.startedAt;
    a.updatedAt = base.addSecs(60 * (updatedMinute < 0 ? firedMinute : updatedMinute));
    if (state == Alert::State::Resolved)
        a.resolvedAt = a.updatedAt;
    a.figures = {{QStringLiteral("limit"), 10}, {QStringLiteral("blockedCalls"), 1}};
    return a;
}

} // namespace

// The alerts' decisions without widgets or a service: the level the tray shows, which feed
// messages deserve a notification, and the list's live upserts.
class TestAlertCenter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void level_data()
    {
        QTest::addColumn<int>("active");
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("percent");
        QTest::addColumn<bool>("blockedFiring");
        QTest::addColumn<int>("level");
        QTest::newRow("idle") << 0 << 10 << 80 << false << int(LimitLevel::Ok);
        QTest::newRow("7 of 10, 80 %") << 7 << 10 << 80 << false << int(LimitLevel::Ok);
        QTest::newRow("8 of 10, 80 %: near") << 8 << 10 << 80 << false << int(LimitLevel::Near);
        QTest::newRow("9 of 10") << 9 << 10 << 80 << false << int(LimitLevel::Near);
        QTest::newRow("10 of 10: at") << 10 << 10 << 80 << false << int(LimitLevel::AtLimit);
        QTest::newRow("over (limit lowered)")
            << 12 << 10 << 80 << false << int(LimitLevel::AtLimit);
        // ceil(80 % × 3) = 3: near only when every line is busy, and then it is "at".
        QTest::newRow("2 of 3, 80 %") << 2 << 3 << 80 << false << int(LimitLevel::Ok);
        QTest::newRow("3 of 3") << 3 << 3 << 80 << false << int(LimitLevel::AtLimit);
        // ceil(50 % × 5) = 3.
        QTest::newRow("3 of 5, 50 %") << 3 << 5 << 50 << false << int(LimitLevel::Near);
        QTest::newRow("2 of 5, 50 %") << 2 << 5 << 50 << false << int(LimitLevel::Ok);
        // At least one call: 1 % of 10 lines is 1 call, never 0.
        QTest::newRow("0 of 10, 1 %") << 0 << 10 << 1 << false << int(LimitLevel::Ok);
        QTest::newRow("1 of 10, 1 %") << 1 << 10 << 1 << false << int(LimitLevel::Near);
        QTest::newRow("blocked alert firing, use down")
            << 3 << 10 << 80 << true << int(LimitLevel::AtLimit);
        QTest::newRow("no numbers") << 0 << 0 << 80 << false << int(LimitLevel::Unknown);
        QTest::newRow("no numbers, blocked firing")
            << 0 << 0 << 80 << true << int(LimitLevel::AtLimit);
    }
    void level()
    {
        QFETCH(int, active);
        QFETCH(int, limit);
        QFETCH(int, percent);
        QFETCH(bool, blockedFiring);
        QFETCH(int, level);
        QCOMPARE(int(AlertCenter::levelFor(active, limit, percent, blockedFiring)), level);
    }

    void thresholdAndTooltip()
    {
        QCOMPARE(AlertCenter::nearThreshold(10, 80), 8);
        QCOMPARE(AlertCenter::nearThreshold(10, 81), 9);
        QCOMPARE(AlertCenter::nearThreshold(10, 100), 10);
        QCOMPARE(AlertCenter::nearThreshold(1000, 1), 10);
        QCOMPARE(AlertCenter::nearThreshold(7, 1), 1);
        QCOMPARE(AlertCenter::tooltipFor(LimitLevel::Ok, 8, 10),
                 QStringLiteral("Linedesk — 8 of 10 lines in use"));
        QCOMPARE(AlertCenter::tooltipFor(LimitLevel::Near, 8, 10),
                 QStringLiteral("Linedesk — 8 of 10 lines in use: near the limit"));
        QCOMPARE(AlertCenter::tooltipFor(LimitLevel::AtLimit, 1, 1),
                 QStringLiteral("Linedesk — 1 of 1 line in use: at the limit"));
        QCOMPARE(AlertCenter::tooltipFor(LimitLevel::AtLimit, 4, 10),
                 QStringLiteral("Linedesk — 4 of 10 lines in use: calls are being blocked"));
        QCOMPARE(AlertCenter::tooltipFor(LimitLevel::Unknown, 0, 0),
                 QStringLiteral("Linedesk — no live numbers"));
    }

    void urgency()
    {
        using U = AlertNotification::Urgency;
        QCOMPARE(AlertCenter::urgencyFor(alert("a", Alert::Kind::Blocked, Alert::State::Firing, 0)),
                 U::Critical);
        QCOMPARE(AlertCenter::urgencyFor(alert("a", Alert::Kind::Frozen, Alert::State::Firing, 0)),
                 U::Critical);
        QCOMPARE(
            AlertCenter::urgencyFor(alert("a", Alert::Kind::NearLimit, Alert::State::Firing, 0)),
            U::Warning);
        QCOMPARE(AlertCenter::urgencyFor(
                     alert("a", Alert::Kind::RenewalAtRisk, Alert::State::Firing, 0)),
                 U::Warning);
        QCOMPARE(
            AlertCenter::urgencyFor(alert("a", Alert::Kind::Blocked, Alert::State::Resolved, 0)),
            U::Quiet);
    }

    // Each fire and each resolve is told once; a fire arriving after its own resolve is stale.
    void notifiesEachChangeOnce()
    {
        ApiClient api;
        Session session(&api);
        LiveFeedClient feed;
        AlertCenter center(&session, &feed);
        QSignalSpy notifications(&center, &AlertCenter::notificationRequested);
        QSignalSpy received(&center, &AlertCenter::alertReceived);
        const QString other = QStringLiteral("sub-other"); // not the current subscription

        const Alert fired = alert("al-1", Alert::Kind::Blocked, Alert::State::Firing, 0);
        center.handleAlert(other, fired);
        QCOMPARE(notifications.count(), 1);
        auto n = notifications.at(0).at(0).value<AlertNotification>();
        QCOMPARE(n.alert.id, QStringLiteral("al-1"));
        QVERIFY(!n.currentSubscription);
        QCOMPARE(n.title(), QStringLiteral("Calls blocked"));
        QCOMPARE(n.text(), QStringLiteral("1 call blocked at 10 lines"));
        // Not the current subscription: not in its list, not counted as firing.
        QCOMPARE(received.count(), 0);
        QCOMPARE(center.firingCount(), 0);

        center.handleAlert(other, fired); // the same message again (e.g. two instances)
        QCOMPARE(notifications.count(), 1);

        const Alert resolved = alert("al-1", Alert::Kind::Blocked, Alert::State::Resolved, 0, 6);
        center.handleAlert(other, resolved);
        QCOMPARE(notifications.count(), 2);
        n = notifications.at(1).at(0).value<AlertNotification>();
        QCOMPARE(n.urgency, AlertNotification::Urgency::Quiet);
        QCOMPARE(n.title(), QStringLiteral("Calls blocked — resolved"));
        center.handleAlert(other, fired); // late
        center.handleAlert(other, resolved);
        QCOMPARE(notifications.count(), 2);

        // A new episode is a new alert.
        center.handleAlert(other, alert("al-2", Alert::Kind::Blocked, Alert::State::Firing, 10));
        QCOMPARE(notifications.count(), 3);
        // A resolve whose fire was never seen is still news (quietly).
        center.handleAlert(other, alert("al-3", Alert::Kind::NearLimit, Alert::State::Resolved, 3));
        QCOMPARE(notifications.count(), 4);
        // An alert without a state is not.
        Alert odd = alert("al-4", Alert::Kind::Frozen, Alert::State::Firing, 1);
        odd.state = Alert::State::Unknown;
        center.handleAlert(other, odd);
        QCOMPARE(notifications.count(), 4);
    }

    void listUpserts()
    {
        AlertListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        // Newest first, as the service pages them; more pages wait.
        model.setFirstPage({alert("al-3", Alert::Kind::NearLimit, Alert::State::Firing, 30),
                            alert("al-2", Alert::Kind::Blocked, Alert::State::Resolved, 20, 25)},
                           QStringLiteral("cursor-1"));
        model.fetchFailed(); // the tester asked for the next page; let it ask again later
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.firingCount(), 1);

        // A new fire: on top.
        QCOMPARE(model.upsert(alert("al-4", Alert::Kind::Blocked, Alert::State::Firing, 40)),
                 AlertListModel::Upsert::Inserted);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(model.index(0, 0).data(AlertListModel::IdRole).toString(), QStringLiteral("al-4"));
        QCOMPARE(model.firingCount(), 2);

        // Its resolve: the same row, changed in place.
        QCOMPARE(model.upsert(alert("al-4", Alert::Kind::Blocked, Alert::State::Resolved, 40, 46)),
                 AlertListModel::Upsert::Updated);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().column(), AlertListModel::ColumnCount - 1);
        QCOMPARE(model.index(0, AlertListModel::StateColumn).data().toString(),
                 QStringLiteral("Resolved"));
        QCOMPARE(model.index(0, 0).data(AlertListModel::FiringRole).toBool(), false);

        // A late fire does not undo the resolve.
        QCOMPARE(model.upsert(alert("al-4", Alert::Kind::Blocked, Alert::State::Firing, 40)),
                 AlertListModel::Upsert::Ignored);
        QCOMPARE(changed.count(), 1);

        // Between two loaded rows: in firedAt order.
        QCOMPARE(model.upsert(alert("al-5", Alert::Kind::Frozen, Alert::State::Firing, 25)),
                 AlertListModel::Upsert::Inserted);
        QCOMPARE(inserted.last().at(1).toInt(), 2);
        // Older than everything loaded while a page waits: left to that page.
        QCOMPARE(model.upsert(alert("al-1", Alert::Kind::Frozen, Alert::State::Firing, 5)),
                 AlertListModel::Upsert::Ignored);
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(model.rowCount(), 4);

        QVERIFY(model.remove(QStringLiteral("al-5")));
        QCOMPARE(removed.count(), 1);
        QVERIFY(!model.remove(QStringLiteral("al-5")));
        QCOMPARE(model.rowCount(), 3);

        // Display: the columns a user reads.
        const QModelIndex row = model.index(model.rowOf(QStringLiteral("al-2")), 0);
        QCOMPARE(row.siblingAtColumn(AlertListModel::AlertColumn).data().toString(),
                 QStringLiteral("Calls blocked"));
        QCOMPARE(row.siblingAtColumn(AlertListModel::DetailsColumn).data().toString(),
                 QStringLiteral("1 call blocked at 10 lines in this episode; none since then"));
        QCOMPARE(model.headerData(AlertListModel::DetailsColumn, Qt::Horizontal).toString(),
                 QStringLiteral("What happened"));
    }
};

QTEST_GUILESS_MAIN(TestAlertCenter)
#include "tst_alertcenter.moc"
