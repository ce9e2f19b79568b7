#include "apiclient.h"
#include "csv.h"
#include "pagedcsvexport.h"
#include "subscriptionsearchmodel.h"
#include "testserver.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace linedesk;
using namespace linedesk::test;

// The lazy list of every subscription against a real service: pages, sort, filters, search,
// stale answers and the whole-list CSV export.
class TestSubscriptionSearchModel : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    QString m_support;
    QStringList m_ids; // in creation order: "Sub 00" … "Sub 24"
    QString m_zebra;   // "Zebra Logistics"
    QString m_quoted;  // a name that needs CSV quoting
    static constexpr int kPlain = 25;

    // Rows of the model by name.
    static QStringList names(const SubscriptionSearchModel &m)
    {
        QStringList list;
        for (int r = 0; r < m.rowCount(); ++r)
            list << m.index(r, 0).data(SubscriptionSearchModel::NameRole).toString();
        return list;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        for (int i = 0; i < kPlain; ++i)
            m_ids << m_server
                         ->createAccount(QStringLiteral("Sub %1").arg(i, 2, 10, QLatin1Char('0')),
                                         (i + 1) * 100'00, 10,
                                         i % 5 == 0 ? QStringLiteral("enterprise")
                                                    : QStringLiteral("growth"))
                         .subscriptionId;
        m_zebra = m_server->createAccount(QStringLiteral("Zebra Logistics"), 42'00).subscriptionId;
        m_quoted =
            m_server->createAccount(QStringLiteral("Quote \"Co\", Ltd"), 1'00).subscriptionId;
        // One frozen subscription.
        m_server->db().exec(
            QStringLiteral("UPDATE subscription SET status = 'frozen' WHERE id = :id"),
            QVariantMap{{QStringLiteral(":id"), m_ids.at(3)}});
        m_support = m_server->createSupportToken();
    }

    void init()
    {
        m_api = std::make_unique<ApiClient>();
        m_api->setBaseUrl(m_server->url());
        m_api->setToken(m_support);
        m_api->setRetryPolicy(1, 10);
        m_api->setTransferTimeout(5000);
    }

    void firstPageThenFetchMoreAppendsExactlyTheNextPage()
    {
        // No tester here: it calls fetchMore() after every change, as a view scrolled to the
        // end would; this test steps page by page itself.
        SubscriptionSearchModel model(m_api.get());
        model.setPageSize(10);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(!model.canFetchMore({}));
        model.reload();
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({})); // no cursor before the first answer
        QTRY_VERIFY(model.hasLoaded());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.columnCount(), int(SubscriptionSearchModel::ColumnCount));
        QVERIFY(model.hasMore());
        QVERIFY(model.canFetchMore({}));
        // Default sort: name, case-insensitive, ascending.
        QCOMPARE(names(model).first(), QStringLiteral("Quote \"Co\", Ltd"));
        QCOMPARE(names(model).at(1), QStringLiteral("Sub 00"));

        model.fetchMore({});
        QVERIFY(model.isFetchingMore());
        QVERIFY(!model.canFetchMore({})); // one page at a time
        model.fetchMore({});              // ignored while one is on its way
        QTRY_COMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 10);
        QCOMPARE(inserted.at(0).at(2).toInt(), 19);
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(names(model).at(10), QStringLiteral("Sub 09"));

        model.fetchMore({});
        QTRY_COMPARE(inserted.count(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 20);
        QCOMPARE(inserted.at(1).at(2).toInt(), 26);
        QCOMPARE(model.rowCount(), kPlain + 2);
        QVERIFY(!model.hasMore());
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(names(model).last(), QStringLiteral("Zebra Logistics"));
        QCOMPARE(reset.count(), 1);
        // Every id once.
        QSet<QString> ids;
        for (int r = 0; r < model.rowCount(); ++r)
            ids.insert(model.index(r, 0).data(SubscriptionSearchModel::IdRole).toString());
        QCOMPARE(ids.size(), kPlain + 2);
    }

    void testerPullsEveryPageThenResortsAndResearches()
    {
        SubscriptionSearchModel model(m_api.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(10);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.reload();
        QTRY_VERIFY(model.hasLoaded() && !model.hasMore() && !model.isFetchingMore());
        const int total = model.rowCount();
        QVERIFY(total >= kPlain + 2);
        QCOMPARE(reset.count(), 1);
        // Each fetchMore() appended exactly the next page below the rows before it.
        QCOMPARE(inserted.count(), (total - 1) / 10);
        for (int i = 0; i < inserted.count(); ++i) {
            QCOMPARE(inserted.at(i).at(1).toInt(), 10 * (i + 1));
            QCOMPARE(inserted.at(i).at(2).toInt(), qMin(10 * (i + 2), total) - 1);
        }
        QSet<QString> ids;
        for (int r = 0; r < total; ++r)
            ids.insert(model.at(r).subscription.id);
        QCOMPARE(int(ids.size()), total);

        // Re-sorting and re-searching while the tester watches.
        model.sort(SubscriptionSearchModel::CreditsColumn, Qt::DescendingOrder);
        QTRY_VERIFY(reset.count() == 2 && !model.hasMore() && !model.isFetchingMore());
        QCOMPARE(model.rowCount(), total);
        for (int r = 1; r < total; ++r)
            QVERIFY(model.at(r - 1).subscription.credits >= model.at(r).subscription.credits);
        model.setSearch(QStringLiteral("sub 1"));
        QTRY_VERIFY(reset.count() == 3 && !model.isLoading());
        QCOMPARE(model.rowCount(), 10); // Sub 10 … Sub 19
        QCOMPARE(model.at(0).subscription.name, QStringLiteral("Sub 19"));
        model.setSearch(QString());
        model.sort(SubscriptionSearchModel::NameColumn, Qt::AscendingOrder);
        QTRY_VERIFY(!model.isLoading() && !model.hasMore() && !model.isFetchingMore());
        QCOMPARE(model.rowCount(), total);
    }

    void columnsShowTheSummary()
    {
        SubscriptionSearchModel model(m_api.get());
        model.setSearch(QStringLiteral("Zebra"));
        QTRY_VERIFY(model.hasLoaded());
        QCOMPARE(model.rowCount(), 1);
        auto cell = [&](int column) { return model.index(0, column).data().toString(); };
        QCOMPARE(cell(SubscriptionSearchModel::NameColumn), QStringLiteral("Zebra Logistics"));
        QCOMPARE(cell(SubscriptionSearchModel::IdColumn), m_zebra);
        QCOMPARE(cell(SubscriptionSearchModel::OrgsColumn), QStringLiteral("Zebra Logistics Org"));
        QCOMPARE(cell(SubscriptionSearchModel::TypeColumn), QStringLiteral("Growth"));
        QCOMPARE(cell(SubscriptionSearchModel::StatusColumn), QStringLiteral("Active"));
        QCOMPARE(cell(SubscriptionSearchModel::CreditsColumn), QStringLiteral("$42.00"));
        QCOMPARE(cell(SubscriptionSearchModel::IncludedColumn), QStringLiteral("10"));
        QCOMPARE(cell(SubscriptionSearchModel::PurchasedColumn), QStringLiteral("0"));
        QCOMPARE(cell(SubscriptionSearchModel::LimitColumn), QStringLiteral("10"));
        QCOMPARE(cell(SubscriptionSearchModel::ActiveColumn), QStringLiteral("0"));
        // The service's 24-hour figures (new fields of GET /subscription).
        QVERIFY2(model.at(0).hasUsage, "GET /subscription sends no peakCalls24h yet");
        QCOMPARE(cell(SubscriptionSearchModel::PeakColumn), QStringLiteral("0"));
        QCOMPARE(cell(SubscriptionSearchModel::BlockedColumn), QStringLiteral("0"));
        QCOMPARE(cell(SubscriptionSearchModel::UtilisationColumn), QStringLiteral("0%"));
        QCOMPARE(model.index(0, SubscriptionSearchModel::CreditsColumn)
                     .data(Qt::TextAlignmentRole)
                     .value<Qt::Alignment>(),
                 Qt::AlignRight | Qt::AlignVCenter);
    }

    void sortIsTheServices_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("sort");
        QTest::addColumn<QString>("first");
        QTest::newRow("credits descending")
            << int(SubscriptionSearchModel::CreditsColumn) << int(Qt::DescendingOrder)
            << QStringLiteral("-credits") << QStringLiteral("Sub 24");
        QTest::newRow("credits ascending")
            << int(SubscriptionSearchModel::CreditsColumn) << int(Qt::AscendingOrder)
            << QStringLiteral("credits") << QStringLiteral("Quote \"Co\", Ltd");
        QTest::newRow("name descending")
            << int(SubscriptionSearchModel::NameColumn) << int(Qt::DescendingOrder)
            << QStringLiteral("-name") << QStringLiteral("Zebra Logistics");
        QTest::newRow("limit ascending")
            << int(SubscriptionSearchModel::LimitColumn) << int(Qt::AscendingOrder)
            << QStringLiteral("concurrencyLimit") << QString();
        QTest::newRow("utilisation descending")
            << int(SubscriptionSearchModel::UtilisationColumn) << int(Qt::DescendingOrder)
            << QStringLiteral("-utilisationPercent") << QString();
        QTest::newRow("orgs ascending")
            << int(SubscriptionSearchModel::OrgsColumn) << int(Qt::AscendingOrder)
            << QStringLiteral("orgs") << QStringLiteral("Quote \"Co\", Ltd");
    }
    void sortIsTheServices()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QString, sort);
        QFETCH(QString, first);
        SubscriptionSearchModel model(m_api.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(10);
        model.reload();
        QTRY_VERIFY(model.hasLoaded());
        QSignalSpy answered(&model, &SubscriptionSearchModel::queryAnswered);
        model.sort(column, Qt::SortOrder(order));
        QCOMPARE(model.query().sort, sort);
        QCOMPARE(model.sortColumn(), column);
        QTRY_COMPARE(answered.count(), 1);
        QVERIFY2(!model.hasError(), qPrintable(model.lastError().message));
        // The tester keeps fetching, as a view scrolled down would; the order holds across
        // pages (each cursor belongs to this sort).
        QTRY_VERIFY(!model.hasMore() && !model.isFetchingMore());
        QVERIFY2(!model.hasError(), qPrintable(model.lastError().message));
        QVERIFY(model.rowCount() >= kPlain + 2);
        if (!first.isEmpty())
            QCOMPARE(names(model).first(), first);
        if (column == SubscriptionSearchModel::CreditsColumn) {
            for (int r = 1; r < model.rowCount(); ++r) {
                const qint64 a = model.at(r - 1).subscription.credits.cents();
                const qint64 b = model.at(r).subscription.credits.cents();
                QVERIFY(order == Qt::AscendingOrder ? a <= b : a >= b);
            }
        }
    }

    void filtersAndTypeArePassedThrough_data()
    {
        QTest::addColumn<QStringList>("filters");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("rows");
        QTest::newRow("frozen") << QStringList{QStringLiteral("frozen")} << QString() << 1;
        QTest::newRow("enterprise") << QStringList() << QStringLiteral("enterprise") << 5;
        QTest::newRow("frozen enterprise")
            << QStringList{QStringLiteral("frozen")} << QStringLiteral("enterprise") << 0;
        QTest::newRow("at the limit") << QStringList{QStringLiteral("at-limit")} << QString() << 0;
        QTest::newRow("blocking") << QStringList{QStringLiteral("blocking")} << QString() << 0;
        QTest::newRow("frozen and blocking")
            << QStringList{QStringLiteral("frozen"), QStringLiteral("blocking")} << QString() << 0;
    }
    void filtersAndTypeArePassedThrough()
    {
        QFETCH(QStringList, filters);
        QFETCH(QString, type);
        QFETCH(int, rows);
        SubscriptionSearchModel model(m_api.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        SubscriptionQuery q;
        q.filters = filters;
        q.type = type;
        model.setQuery(q);
        QTRY_VERIFY(model.hasLoaded());
        QVERIFY2(!model.hasError(), qPrintable(model.lastError().message));
        QCOMPARE(model.rowCount(), rows);
        for (int r = 0; r < model.rowCount(); ++r) {
            if (filters.contains(QStringLiteral("frozen")))
                QVERIFY(model.at(r).subscription.isFrozen());
            if (!type.isEmpty())
                QCOMPARE(model.at(r).subscription.type, type);
        }
    }

    void searchMatchesOrgNamesIdsAndEmails()
    {
        SubscriptionSearchModel model(m_api.get());
        model.setSearch(QStringLiteral("ZEBRA logi"));
        QTRY_VERIFY(model.hasLoaded());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.at(0).subscription.id, m_zebra);
        QSignalSpy answered(&model, &SubscriptionSearchModel::queryAnswered);
        model.setSearch(m_ids.at(7));
        QTRY_COMPARE(answered.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.at(0).subscription.id, m_ids.at(7));
    }

    void staleAnswersAreIgnored()
    {
        SubscriptionSearchModel model(m_api.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy answered(&model, &SubscriptionSearchModel::queryAnswered);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        // Typing fast: three queries leave before the first answer arrives.
        model.setSearch(QStringLiteral("Sub"));
        model.setSearch(QStringLiteral("Sub 1"));
        model.setSearch(QStringLiteral("Zebra"));
        QTRY_COMPARE(answered.count(), 1);
        QTest::qWait(300); // the older answers arrive and must change nothing
        QCOMPARE(answered.count(), 1);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.at(0).subscription.id, m_zebra);
    }

    void staleFollowingPageIsIgnored()
    {
        // A following page that arrives after a new search is dropped too.
        SubscriptionSearchModel model(m_api.get());
        QSignalSpy answered(&model, &SubscriptionSearchModel::queryAnswered);
        model.setPageSize(5);
        model.setSearch(QStringLiteral("Sub"));
        QTRY_COMPARE(answered.count(), 1);
        QCOMPARE(model.rowCount(), 5);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore({});
        QVERIFY(model.isFetchingMore());
        model.setSearch(QStringLiteral("Quote"));
        QVERIFY(!model.canFetchMore({}));
        QTRY_COMPARE(answered.count(), 2);
        QTest::qWait(300);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.at(0).subscription.id, m_quoted);
    }

    void othersAreRefused()
    {
        m_api->setToken(m_server->createAccount(QStringLiteral("Not Support"), 0).adminToken);
        SubscriptionSearchModel model(m_api.get());
        QSignalSpy failed(&model, &SubscriptionSearchModel::loadFailed);
        model.reload();
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(model.hasError());
        QCOMPARE(model.lastError().statusCode, 403);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({}));
    }

    void exportWritesEveryMatchingRow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("subs.csv"));
        SubscriptionQuery q; // everything, by name
        PagedCsvExport *job = PagedCsvExport::subscriptions(m_api.get(), q, this, 10);
        QSignalSpy finished(job, &PagedCsvExport::finished);
        QVERIFY(job->start(path));
        QVERIFY(!QFile::exists(path)); // appears only when complete
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(job->error()));
        const int total = int(m_ids.size()) + 3; // + Zebra, Quote, "Not Support" (earlier test)
        QCOMPARE(job->rowsWritten(), total);
        QCOMPARE(job->pagesRead(), 3);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray data = file.readAll();
        QVERIFY(data.startsWith("\xEF\xBB\xBF"
                                "id,name,orgIds,orgNames,type,status,credits,"));
        QCOMPARE(data.count("\r\n"), total + 1);
        QVERIFY(data.contains((m_quoted + QStringLiteral(",\"Quote \"\"Co\"\", Ltd\",")).toUtf8()));
        QVERIFY(data.contains((m_zebra + QStringLiteral(",Zebra Logistics,")).toUtf8()));
        QVERIFY(data.contains(",2026-03-10 12:00:00,")); // readable UTC times
        delete job;
    }

    void exportCancelLeavesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("subs.csv"));
        PagedCsvExport *job = PagedCsvExport::subscriptions(m_api.get(), {}, this, 5);
        QSignalSpy finished(job, &PagedCsvExport::finished);
        QSignalSpy progress(job, &PagedCsvExport::progress);
        QVERIFY(job->start(path));
        QTRY_VERIFY(progress.count() >= 1);
        job->cancel();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY(job->error().isEmpty());
        QTest::qWait(200);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!QFile::exists(path));
        delete job;
    }

    void csvQuoting_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("abc");
        QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"")
                               << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
        QTest::newRow("formula") << QStringLiteral("=1+2") << QStringLiteral("\"'=1+2\"");
        QTest::newRow("negative number") << QStringLiteral("-3.50") << QStringLiteral("-3.50");
        QTest::newRow("empty") << QString() << QString();
    }
    void csvQuoting()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(csv::field(in), out);
    }
};

QTEST_GUILESS_MAIN(TestSubscriptionSearchModel)
#include "tst_subscriptionsearchmodel.moc"
