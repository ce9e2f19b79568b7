#include "audittrailmodel.h"
#include "localeformat.h"

#include <QJsonArray>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace linedesk;

static AuditEntry entry(int n, const QString &action, const QJsonObject &before,
                        const QJsonObject &after)
{
    AuditEntry e;
    e.id = QStringLiteral("a%1").arg(n);
    e.subscriptionId = QStringLiteral("s1");
    e.at = QDateTime(QDate(2026, 3, 10), QTime(12, 0), Qt::UTC).addSecs(-n * 60);
    e.actor = QStringLiteral("admin@test.example");
    e.action = action;
    e.before = before;
    e.after = after;
    e.reason = QStringLiteral("bought 1 line");
    e.requestId = QStringLiteral("req_%1").arg(n);
    return e;
}

class TestAuditTrailModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    // Every action the service writes reads as words, not its code ("call.end" was shown raw).
    void describeAction_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("text");
        QTest::newRow("call ended by support") << "call.end"
                                               << "Call ended by support";
        QTest::newRow("lines bought") << "lines.purchase"
                                      << "Lines bought";
        QTest::newRow("lines removed") << "lines.remove"
                                       << "Lines removed";
        QTest::newRow("renewal") << "renewal.charge"
                                 << "Renewal charged";
        QTest::newRow("frozen") << "renewal.freeze"
                                << "Frozen at renewal";
        QTest::newRow("credits") << "credits.add"
                                 << "Credits added";
        QTest::newRow("created") << "subscription.create"
                                 << "Subscription created";
        QTest::newRow("call renamed") << "call.update"
                                      << "Call renamed by support";
        QTest::newRow("call data deleted") << "call.delete"
                                           << "Call data deleted";
        QTest::newRow("unknown: the code") << "x.y"
                                           << "x.y";
    }

    void describeAction()
    {
        QFETCH(QString, action);
        QFETCH(QString, text);
        QCOMPARE(AuditTrailModel::describeAction(action), text);
    }

    void describeChange_data()
    {
        QTest::addColumn<QJsonObject>("before");
        QTest::addColumn<QJsonObject>("after");
        QTest::addColumn<QString>("expected");
        QTest::newRow("buy 1 line")
            << QJsonObject{{"concurrencyLimit", 10},
                           {"concurrencyLimitPurchased", 0},
                           {"creditsCents", 50000},
                           {"version", 3}}
            << QJsonObject{{"concurrencyLimit", 11},
                           {"concurrencyLimitPurchased", 1},
                           {"creditsCents", 49667},
                           {"version", 4}}
            << QStringLiteral("Limit 10 → 11 · Purchased lines 0 → 1 · Credits $500.00 → $496.67");
        QTest::newRow("freeze") << QJsonObject{{"status", "active"}}
                                << QJsonObject{{"status", "frozen"}}
                                << QStringLiteral("Status active → frozen");
        QTest::newRow("created") << QJsonObject{}
                                 << QJsonObject{{"name", "Acme"}, {"includedLines", 10}}
                                 << QStringLiteral("Included lines — → 10 · Name — → Acme");
        QTest::newRow("unknown key shown as is") << QJsonObject{} << QJsonObject{{"colour", "blue"}}
                                                 << QStringLiteral("colour — → blue");
        // What the service writes for DELETE /call/{id} and support's PATCH /call/{id}.
        QTest::newRow("call data deleted")
            << QJsonObject{{"callId", "c-42"},
                           {"status", "ended"},
                           {"createdAt", "2026-03-10T12:00:00.000Z"}}
            << QJsonObject{{"callId", "c-42"}, {"deleted", true}}
            << QStringLiteral("Details erased, times still count · call c-42, started %1")
                   .arg(format::dateTime(QDateTime(QDate(2026, 3, 10), QTime(12, 0), Qt::UTC)));
        QTest::newRow("call renamed")
            << QJsonObject{{"callId", "c-42"}}
            << QJsonObject{{"callId", "c-42"}, {"fields", QJsonArray{"name"}}}
            << QStringLiteral("Name changed · call c-42");
        QTest::newRow("nothing") << QJsonObject{{"version", 1}} << QJsonObject{{"version", 2}}
                                 << QString();
    }
    void describeChange()
    {
        QFETCH(QJsonObject, before);
        QFETCH(QJsonObject, after);
        QFETCH(QString, expected);
        QCOMPARE(AuditTrailModel::describeChange(before, after), expected);
    }

    // The service's own English sentence is not shown: the console writes one from the
    // snapshots; what a person typed stays as it was.
    void describeReason()
    {
        AuditEntry bought =
            entry(1, QStringLiteral("lines.purchase"),
                  QJsonObject{{"concurrencyLimitPurchased", 2}, {"creditsCents", 50000}},
                  QJsonObject{{"concurrencyLimitPurchased", 5}, {"creditsCents", 49000}});
        const QString text = AuditTrailModel::describeReason(bought);
        QVERIFY2(text.startsWith(QStringLiteral("Bought 3 line")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("$10.00 charged")), qPrintable(text));
        QVERIFY(!text.contains(bought.reason));

        AuditEntry removed = bought;
        removed.action = QStringLiteral("lines.remove");
        std::swap(removed.before, removed.after);
        QVERIFY2(
            AuditTrailModel::describeReason(removed).contains(QStringLiteral("$10.00 refunded")),
            qPrintable(AuditTrailModel::describeReason(removed)));

        AuditEntry credits =
            entry(2, QStringLiteral("credits.add"), QJsonObject{{"creditsCents", 100}},
                  QJsonObject{{"creditsCents", 5100}});
        credits.reason = QStringLiteral("goodwill after outage");
        QCOMPARE(AuditTrailModel::describeReason(credits), credits.reason);

        AuditTrailModel model;
        model.setFirstPage({bought}, QString());
        QCOMPARE(model.index(0, AuditTrailModel::ReasonColumn).data().toString(), text);
        QCOMPARE(model.index(0, 0).data(AuditTrailModel::ReasonRole).toString(), bought.reason);
    }

    void pagesAndRoles()
    {
        AuditTrailModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy asked(&model, &AuditTrailModel::fetchMoreRequested);
        const QJsonObject b{{"concurrencyLimit", 10}}, a{{"concurrencyLimit", 11}};
        model.setFirstPage({entry(1, "lines.purchase", b, a)}, QStringLiteral("next"));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, AuditTrailModel::ActionColumn).data().toString(),
                 QStringLiteral("Lines bought"));
        QCOMPARE(model.index(0, AuditTrailModel::ChangeColumn).data().toString(),
                 QStringLiteral("Limit 10 → 11"));
        QCOMPARE(model.index(0, 0).data(AuditTrailModel::ActionRole).toString(),
                 QStringLiteral("lines.purchase"));
        QCOMPARE(model.index(0, 0).data(AuditTrailModel::AfterRole).toJsonObject(), a);
        QCOMPARE(model.index(0, 0).data(AuditTrailModel::RequestIdRole).toString(),
                 QStringLiteral("req_1"));
        // The tester asked for the next page at once, as a view would; one request at a time.
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).toString(), QStringLiteral("next"));
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(asked.count(), 1);
        model.appendPage({entry(2, "renewal.charge", {}, {}), entry(3, "custom.thing", {}, {})},
                         {});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 1);
        QCOMPARE(inserted.at(0).at(2).toInt(), 2);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.index(2, AuditTrailModel::ActionColumn).data().toString(),
                 QStringLiteral("custom.thing"));
        QVERIFY(!model.canFetchMore({}));
    }
};

QTEST_GUILESS_MAIN(TestAuditTrailModel)
#include "tst_audittrailmodel.moc"
