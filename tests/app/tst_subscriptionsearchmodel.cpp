#include "apiclient.h"
#include "bulkseed.h"
#include "csv.h"
#include "pagedcsvexport.h"
#include "subscriptionsearchmodel.h"
#include "testserver.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace linedesk;
using namespace linedesk::test;

// The lazy list of every subscription against a real service: pages, sort, filters, search,
// stale answers, the window of cached pages (placeholders, pages fetched again), short pages
// chained, and the whole-list CSV export.
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

    // A platform-sized service for the window and short pages: BulkSeed subscriptions, more
    // than one page's scan budget, with a rare mark ("¤") in the names of a few of them.
    std::unique_ptr<TestServer> m_big;
    QString m_bigSupport;
    int m_rare = 0; // subscriptions whose name holds "¤"
    static constexpr int kBig = 25000;

    std::unique_ptr<ApiClient> bigApi() const
    {
        auto api = std::make_unique<ApiClient>();
        api->setBaseUrl(m_big->url());
        api->setToken(m_bigSupport);
        api->setRetryPolicy(1, 10);
        api->setTransferTimeout(10000);
        return api;
    }

    // What a view scrolled to rows [first, last] does: it paints them.
    static void paint(const SubscriptionSearchModel &m, int first, int last)
    {
        for (int r = first; r <= last; ++r)
            m.index(r, 0).data();
    }

    // The view at the end: fetchMore() and wait for the page (and any chained short pages).
    static bool scrollToEnd(SubscriptionSearchModel &m)
    {
        if (!m.canFetchMore({}))
            return false;
        const int before = m.rowCount();
        m.fetchMore({});
        if (!QTest::qWaitFor([&] { return !m.isFetchingMore(); }, 20000))
            return false;
        paint(m, before, m.rowCount() - 1);
        return !m.hasError();
    }

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

        m_big = std::make_unique<TestServer>();
        QElapsedTimer seeding;
        seeding.start();
        // A few hundred realistic subscriptions (organizations, users, 24-hour figures), then
        // plain rows up to kBig in one statement: BulkSeed's whole history for 25,000 takes
        // minutes on a busy machine, and the list needs only the subscription rows.
        server::BulkSeed::run(m_big->db(), 300, m_big->clock().now(), 11);
        const qint64 now = m_big->clock().now().toMSecsSinceEpoch();
        m_big->db().exec(
            QStringLiteral(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count),"
                " w(k, word) AS (VALUES (0, 'Aurora'), (1, 'Beacon'), (2, 'Cedar'), (3, 'Falcon'),"
                "  (4, 'Granite'), (5, 'Harbor'), (6, 'Juniper'), (7, 'Maple'), (8, 'Orchid'),"
                "  (9, 'Pioneer'), (10, 'Silver'), (11, 'Willow'))"
                " INSERT INTO subscription (id, name, type, credits_cents, included_lines,"
                "  billing_anchor, period_start, period_end, created_at, updated_at)"
                " SELECT printf('00000000-0000-4000-8000-%012d', i),"
                "  w.word || ' Plain ' || printf('%06d', i),"
                "  CASE i % 6 WHEN 0 THEN 'pay-as-you-go' WHEN 1 THEN 'startup' WHEN 2 THEN"
                "  'growth' WHEN 3 THEN 'scale' WHEN 4 THEN 'agency' ELSE 'enterprise' END,"
                "  (i * 7919) % 1000000, 10, :now, :now, :end, :now, :now"
                " FROM n JOIN w ON w.k = (i * 5) % 12"),
            {{QStringLiteral(":count"), kBig - 300},
             {QStringLiteral(":now"), now},
             {QStringLiteral(":end"), now + 30 * 86'400'000LL}});
        // A rare mark in every 500th name, spread evenly over the name order, so every scan
        // budget of the service finds only a few of them.
        m_big->db().exec(QStringLiteral(
            "UPDATE subscription SET name = name || ' ¤' WHERE id IN (SELECT id FROM"
            " (SELECT id, row_number() OVER (ORDER BY lower(name), id) AS r FROM subscription)"
            " WHERE r % 500 = 250)"));
        QSqlQuery rare = m_big->db().exec(
            QStringLiteral("SELECT COUNT(*) FROM subscription WHERE name LIKE '%¤%'"));
        QVERIFY(rare.next());
        m_rare = rare.value(0).toInt();
        QCOMPARE(m_rare, kBig / 500);
        m_bigSupport = m_big->createSupportToken();
        qInfo("seeded %d subscriptions (%d rare) in %lld ms", kBig, m_rare, seeding.elapsed());
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
        QSignalSpy sent(m_api.get(), &ApiClient::requestSent);
        // Typing fast: three queries leave before the first answer arrives.
        model.setSearch(QStringLiteral("Sub"));
        model.setSearch(QStringLiteral("Sub 1"));
        model.setSearch(QStringLiteral("Zebra"));
        QCOMPARE(sent.count(), 3);
        QTRY_COMPARE(answered.count(), 1);
        // Every answer is in (the older ones too, in whatever order) and changed nothing.
        QTRY_COMPARE(m_api->requestsInFlight(), 0);
        QCOMPARE(sent.count(), 3);
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
        QSignalSpy sent(m_api.get(), &ApiClient::requestSent);
        model.fetchMore({});
        QVERIFY(model.isFetchingMore());
        model.setSearch(QStringLiteral("Quote"));
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(sent.count(), 2); // the following page, then the new search
        QTRY_COMPARE(answered.count(), 2);
        // The following page's answer is in too, and was dropped.
        QTRY_COMPARE(m_api->requestsInFlight(), 0);
        QCOMPARE(sent.count(), 2);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.at(0).subscription.id, m_quoted);
    }

    void windowHoldsAtMostTheCacheWhileScrolling()
    {
        // The tester pulls page after page (as a view kept at the end would) and checks every
        // signal; the "view" paints each new page. Only the cap's worth of rows is held.
        const auto api = bigApi();
        SubscriptionSearchModel model(api.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaxCachedRows(600);
        int most = 0;
        const auto watch = [&] { most = qMax(most, model.cachedRowCount()); };
        connect(&model, &QAbstractItemModel::rowsInserted, this,
                [&](const QModelIndex &, int first, int last) {
                    watch();
                    paint(model, first, last);
                });
        connect(&model, &QAbstractItemModel::dataChanged, this, watch);
        connect(&model, &QAbstractItemModel::modelReset, this, watch);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.setType(QStringLiteral("enterprise"));
        QVERIFY(QTest::qWaitFor(
            [&] { return model.hasLoaded() && !model.hasMore() && !model.isFetchingMore(); },
            60000));
        QVERIFY2(!model.hasError(), qPrintable(model.lastError().message));
        const int total = model.rowCount();
        QVERIFY2(total >= 3000, qPrintable(QString::number(total)));
        QVERIFY(most > 0);
        QVERIFY2(most <= 600, qPrintable(QString::number(most)));
        QCOMPARE(removed.count(), 0);
        int loaded = 0;
        for (int r = 0; r < total; ++r)
            loaded += model.isRowLoaded(r);
        QCOMPARE(loaded, model.cachedRowCount());
        QVERIFY(loaded <= 600);
        // Scrolling back up through the whole list, a screen at a time: pages come back in
        // place, the cap holds, and every row is the right type.
        for (int top = total - 25; top >= 0; top -= 800) {
            // Painted again on every change, as a view does (the tester asks for row 0 too).
            QVERIFY(QTest::qWaitFor(
                [&] {
                    paint(model, top, top + 24);
                    return model.isRowLoaded(top) && model.isRowLoaded(top + 24);
                },
                10000));
            QCOMPARE(model.at(top).subscription.type, QStringLiteral("enterprise"));
            QVERIFY(model.cachedRowCount() <= 600);
        }
        QCOMPARE(model.rowCount(), total);
        QVERIFY(most <= 600);
        QCOMPARE(removed.count(), 0);
    }

    void evictedRowsComeBackInPlace()
    {
        const auto api = bigApi();
        SubscriptionSearchModel model(api.get());
        model.setMaxCachedRows(400);
        model.setType(QStringLiteral("enterprise"));
        QTRY_VERIFY(model.hasLoaded() && !model.isFetchingMore());
        QCOMPARE(model.rowCount(), 200);
        QStringList firstPage;
        for (int r = 0; r < 200; ++r)
            firstPage << model.index(r, 0).data(SubscriptionSearchModel::IdRole).toString();
        QVERIFY(!firstPage.contains(QString()));
        for (int i = 0; i < 3; ++i)
            QVERIFY(scrollToEnd(model));
        QCOMPARE(model.rowCount(), 800);
        QCOMPARE(model.cachedRowCount(), 400); // the last two pages

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy sent(api.get(), &ApiClient::requestSent);
        // The user drags back to the top: placeholders first, nothing else changes.
        QVERIFY(!model.isRowLoaded(0));
        QCOMPARE(model.index(0, SubscriptionSearchModel::NameColumn).data().toString(),
                 QStringLiteral("…"));
        QCOMPARE(model.index(0, SubscriptionSearchModel::CreditsColumn).data().toString(),
                 QString());
        QVERIFY(model.index(0, 0).data(SubscriptionSearchModel::IdRole).toString().isEmpty());
        QVERIFY(!model.index(0, 0).data(SubscriptionSearchModel::SummaryRole).isValid());
        QCOMPARE(model.rowOf(firstPage.first()), -1);
        paint(model, 0, 24); // asked many times: one request
        paint(model, 0, 24);
        QTRY_VERIFY(model.isRowLoaded(0));
        // Every answer is in: exactly one request went, for that page, which came back in
        // place, once; to make room, a page far from the view went (a whole page, now
        // placeholders).
        QTRY_COMPARE(api->requestsInFlight(), 0);
        QCOMPARE(sent.count(), 1);
        int forFirstPage = 0;
        for (const QList<QVariant> &args : changed) {
            const QModelIndex from = args.at(0).value<QModelIndex>();
            const QModelIndex to = args.at(1).value<QModelIndex>();
            QCOMPARE(from.column(), 0);
            QCOMPARE(to.column(), SubscriptionSearchModel::ColumnCount - 1);
            QCOMPARE(from.row() % 200, 0);
            QCOMPARE(to.row(), from.row() + 199);
            if (from.row() == 0)
                ++forFirstPage;
            else
                QVERIFY(!model.isRowLoaded(from.row()));
        }
        QCOMPARE(forFirstPage, 1);
        QCOMPARE(changed.count(), 2); // the page dropped, the page back
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 800);
        QVERIFY(model.cachedRowCount() <= 400);
        for (int r = 0; r < 200; ++r)
            QCOMPARE(model.index(r, 0).data(SubscriptionSearchModel::IdRole).toString(),
                     firstPage.at(r));
        QCOMPARE(model.rowOf(firstPage.at(7)), 7);
    }

    void keptRowIsNeverDropped()
    {
        const auto api = bigApi();
        SubscriptionSearchModel model(api.get());
        model.setMaxCachedRows(400);
        model.setType(QStringLiteral("enterprise"));
        QTRY_VERIFY(model.hasLoaded() && !model.isFetchingMore());
        model.setKeptRow(150); // the selected row
        const QString selected = model.at(150).subscription.id;
        for (int i = 0; i < 5; ++i) {
            QVERIFY(scrollToEnd(model));
            QVERIFY(model.cachedRowCount() <= 400);
            QVERIFY(model.isRowLoaded(150));
        }
        QCOMPARE(model.rowOf(selected), 150);
        QCOMPARE(model.at(150).subscription.id, selected);
        QVERIFY(!model.isRowLoaded(200)); // its neighbours went
        // A new query lets go of it.
        QSignalSpy answered(&model, &SubscriptionSearchModel::queryAnswered);
        model.setType(QStringLiteral("startup"));
        QTRY_COMPARE(answered.count(), 1);
        QCOMPARE(model.keptRow(), -1);
    }

    void pageThatCameBackShorterKeepsItsRows()
    {
        // Rows went on the server while their page was out of the cache: the page is filled
        // from the top, its other rows say so, and the row count stays.
        SubscriptionSearchModel model(m_api.get());
        model.setPageSize(2);
        model.setMaxCachedRows(2);
        model.setType(QStringLiteral("enterprise")); // Sub 00, 05, 10, 15, 20: pages 2, 2, 1
        QTRY_VERIFY(model.hasLoaded());
        QVERIFY(scrollToEnd(model));
        QVERIFY(scrollToEnd(model));
        QCOMPARE(model.rowCount(), 5);
        QVERIFY(!model.hasMore());
        QCOMPARE(model.at(4).subscription.name, QStringLiteral("Sub 20"));
        // Back to the top: the first page comes back, the last one goes.
        paint(model, 0, 1);
        QTRY_VERIFY(model.isRowLoaded(0));
        QVERIFY(!model.isRowLoaded(4));

        const auto setType = [this](const QString &type) {
            m_server->db().exec(
                QStringLiteral("UPDATE subscription SET type = :t WHERE id = :id"),
                {{QStringLiteral(":t"), type}, {QStringLiteral(":id"), m_ids.at(20)}});
        };
        setType(QStringLiteral("growth"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        paint(model, 4, 4);
        QTRY_COMPARE(changed.count(), 2);
        setType(QStringLiteral("enterprise"));
        // Room for it first (the top page goes), then the page, in place.
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>(), model.index(4, 0));
        QCOMPARE(changed.at(1).at(1).value<QModelIndex>(),
                 model.index(4, SubscriptionSearchModel::ColumnCount - 1));
        QVERIFY(!model.isRowLoaded(4));
        QCOMPARE(model.index(4, 0).data().toString(), QStringLiteral("No longer in the list"));
        QVERIFY(model.index(4, 0).data(SubscriptionSearchModel::IdRole).toString().isEmpty());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        // A row that went is not asked for again and again, however often it is painted.
        QSignalSpy sent(m_api.get(), &ApiClient::requestSent);
        for (int i = 0; i < 3; ++i)
            paint(model, 4, 4);
        QCOMPARE(model.index(4, 0).data().toString(), QStringLiteral("No longer in the list"));
        // Then a placeholder is painted (with room for its page, so nothing else goes): the
        // next refetch asks for every page wanted by then, so once it is answered a request
        // for row 4's page would have gone with it.
        const int signalsBefore = int(changed.count());
        model.setMaxCachedRows(10);
        QVERIFY(!model.isRowLoaded(0));
        paint(model, 0, 1);
        QTRY_VERIFY(model.isRowLoaded(0));
        QTRY_COMPARE(m_api->requestsInFlight(), 0);
        QCOMPARE(sent.count(), 1); // the top page only
        QCOMPARE(int(changed.count()), signalsBefore + 1);
        QCOMPARE(changed.last().at(0).value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(model.index(4, 0).data().toString(), QStringLiteral("No longer in the list"));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
    }

    void shortPagesChainUntilAPageIsFull()
    {
        // A one-character search that matches rarely: the service walks a bounded part of the
        // name index per request and answers short (even empty) pages with a cursor.
        HttpClient http(m_big->url());
        const HttpResult direct =
            http.get(QStringLiteral("/subscription?search=%C2%A4&limit=1000"), m_bigSupport);
        QCOMPARE(direct.status, 200);
        const int firstWalk = int(direct.object().value(QLatin1String("results")).toArray().size());
        QVERIFY2(firstWalk < m_rare, "the first page should be short");
        QVERIFY(!direct.object().value(QLatin1String("nextCursor")).toString().isEmpty());

        const auto api = bigApi();
        SubscriptionSearchModel model(api.get());
        // One more than the first walk finds: the first page is short and must not stop there.
        model.setPageSize(firstWalk + 1);
        QSignalSpy answered(&model, &SubscriptionSearchModel::queryAnswered);
        model.setSearch(QStringLiteral("¤"));
        QTRY_COMPARE(answered.count(), 1);
        QVERIFY(QTest::qWaitFor([&] { return !model.isFetchingMore(); }, 20000));
        QVERIFY2(!model.hasError(), qPrintable(model.lastError().message));
        QVERIFY2(model.rowCount() >= model.pageSize() || !model.hasMore(),
                 qPrintable(QString::number(model.rowCount())));
        QVERIFY(model.rowCount() > firstWalk);
        // Each fetchMore() appends at least a page's worth, or reaches the end.
        int fetches = 0;
        while (model.hasMore()) {
            const int before = model.rowCount();
            QVERIFY(scrollToEnd(model));
            ++fetches;
            QVERIFY2(model.rowCount() - before >= model.pageSize() || !model.hasMore(),
                     qPrintable(QStringLiteral("%1 → %2").arg(before).arg(model.rowCount())));
            QVERIFY(fetches < 100);
        }
        QCOMPARE(model.rowCount(), m_rare);
        QSet<QString> ids;
        for (int r = 0; r < model.rowCount(); ++r) {
            QVERIFY(model.at(r).subscription.name.contains(QStringLiteral("¤")));
            ids.insert(model.at(r).subscription.id);
        }
        QCOMPARE(int(ids.size()), m_rare);
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(model.at(r - 1).subscription.name.toLower() <=
                    model.at(r).subscription.name.toLower());

        // A page size no scan fills: the first load alone chains to the end.
        SubscriptionSearchModel whole(api.get());
        whole.setPageSize(1000);
        whole.setSearch(QStringLiteral("¤"));
        QVERIFY(
            QTest::qWaitFor([&] { return whole.hasLoaded() && !whole.isFetchingMore(); }, 20000));
        QCOMPARE(whole.rowCount(), m_rare);
        QVERIFY(!whole.hasMore());
    }

    void chainStopsOnAnError()
    {
        const auto api = bigApi();
        SubscriptionSearchModel model(api.get());
        model.setPageSize(1000);
        QSignalSpy failed(&model, &SubscriptionSearchModel::loadFailed);
        // The first (short) page arrived; the service refuses the pages that follow.
        const QString other = m_big->createAccount(QStringLiteral("Not Support"), 0).adminToken;
        QSignalSpy sent(api.get(), &ApiClient::requestSent);
        bool answered = false;
        connect(&model, &SubscriptionSearchModel::queryAnswered, this, [&] {
            answered = true;
            api->setToken(other);
        });
        model.setSearch(QStringLiteral("¤"));
        QTRY_VERIFY(answered);
        QVERIFY(model.rowCount() > 0);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(model.lastError().statusCode, 403);
        QVERIFY(!model.isFetchingMore());
        QVERIFY(model.hasError());
        QVERIFY(!model.canFetchMore({}));
        // Nothing more is asked: the first page and the refused one went, and nothing is on
        // its way (a chained page would have been asked for at once, from the answer).
        QCOMPARE(api->requestsInFlight(), 0);
        QCOMPARE(sent.count(), 2);
        QCOMPARE(failed.count(), 1);
        QVERIFY(!model.isFetchingMore());
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
        // After each page the next one is on its way at once.
        QCOMPARE(m_api->requestsInFlight(), 1);
        job->cancel();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY(job->error().isEmpty());
        // That page's answer arrives and is dropped.
        QTRY_COMPARE(m_api->requestsInFlight(), 0);
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
