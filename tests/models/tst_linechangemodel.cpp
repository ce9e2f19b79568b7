#include "linechangemodel.h"
#include "localeformat.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace linedesk;

static LineChange change(int n, int quantity, int before, qint64 cents)
{
    LineChange c;
    c.id = QStringLiteral("c%1").arg(n);
    c.subscriptionId = QStringLiteral("s1");
    c.at = QDateTime(QDate(2026, 3, 10), QTime(12, 0), Qt::UTC).addDays(-n);
    c.actor = QStringLiteral("admin@test.example");
    c.kind = quantity > 0 ? QStringLiteral("purchase") : QStringLiteral("removal");
    c.quantity = quantity;
    c.purchasedBefore = before;
    c.purchasedAfter = before + quantity;
    c.amountCents = cents;
    c.requestId = QStringLiteral("req_%1").arg(n);
    return c;
}

class TestLineChangeModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void firstPageResetsOnce()
    {
        LineChangeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setFirstPage({change(1, 1, 0, 333), change(2, -5, 5, -3500)}, QStringLiteral("cur1"));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(LineChangeModel::ColumnCount));
        // The tester, like a view, asked for the next page at once: no second request until
        // that page (or its failure) arrives.
        QVERIFY(!model.canFetchMore({}));
        model.fetchFailed();
        QVERIFY(model.canFetchMore({}));
    }

    void rolesAndDisplay()
    {
        LineChangeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFirstPage({change(1, 1, 10, 333), change(2, -5, 5, -3500)}, {});
        const QModelIndex first = model.index(0, 0);
        QCOMPARE(first.data(LineChangeModel::IdRole).toString(), QStringLiteral("c1"));
        QCOMPARE(first.data(LineChangeModel::QuantityRole).toInt(), 1);
        QCOMPARE(first.data(LineChangeModel::PurchasedAfterRole).toInt(), 11);
        QCOMPARE(first.data(LineChangeModel::AmountCentsRole).toLongLong(), 333);
        QCOMPARE(first.data(LineChangeModel::ActorRole).toString(),
                 QStringLiteral("admin@test.example"));
        QCOMPARE(first.data(LineChangeModel::LineChangeRole).value<LineChange>().requestId,
                 QStringLiteral("req_1"));
        QCOMPARE(model.index(0, LineChangeModel::ChangeColumn).data().toString(),
                 QStringLiteral("Bought 1 line"));
        QCOMPARE(model.index(0, LineChangeModel::LinesColumn).data().toString(),
                 QStringLiteral("10 → 11 purchased"));
        QCOMPARE(model.index(0, LineChangeModel::AmountColumn).data().toString(),
                 QStringLiteral("$3.33 charged"));
        QCOMPARE(model.index(1, LineChangeModel::ChangeColumn).data().toString(),
                 QStringLiteral("Removed 5 lines"));
        QCOMPARE(model.index(1, LineChangeModel::AmountColumn).data().toString(),
                 QStringLiteral("$35.00 refunded"));
        QCOMPARE(model.headerData(LineChangeModel::ActorColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Who"));
        QVERIFY(model.roleNames().value(LineChangeModel::AmountCentsRole) == "amountCents");
        QVERIFY(!model.index(5, 0).data().isValid());
    }

    void fetchMoreAsksOnceAndAppends()
    {
        LineChangeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy asked(&model, &LineChangeModel::fetchMoreRequested);
        model.setFirstPage({change(1, 1, 0, 100), change(2, 1, 1, 100)},
                           QStringLiteral("cursor-2"));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.fetchMore({}); // a view scrolling to the end, or the tester, already asked
        QVERIFY(!model.canFetchMore({})); // one page request at a time
        model.fetchMore({});
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).toString(), QStringLiteral("cursor-2"));
        model.appendPage({change(3, 2, 0, 200), change(4, 1, 0, 50), change(5, 1, 0, 50)}, {});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 2);
        QCOMPARE(inserted.at(0).at(2).toInt(), 4);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 5);
        QVERIFY(!model.canFetchMore({})); // last page
        QCOMPARE(model.index(4, 0).data(LineChangeModel::IdRole).toString(), QStringLiteral("c5"));
    }

    void emptyPageAndFailure()
    {
        LineChangeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy asked(&model, &LineChangeModel::fetchMoreRequested);
        model.setFirstPage({change(1, 1, 0, 100)}, QStringLiteral("c"));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore({});
        model.fetchFailed();
        QCOMPARE(asked.count(), 1);
        QVERIFY(model.canFetchMore({})); // may ask again
        model.fetchMore({});
        QCOMPARE(asked.count(), 2);
        model.appendPage({}, {});
        QCOMPARE(inserted.count(), 0);
        QVERIFY(!model.canFetchMore({}));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.clear();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLineChangeModel)
#include "tst_linechangemodel.moc"
