#include "subscriptionpagecache.h"
#include "subscriptionsearchmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace linedesk;

// The page cache behind support's list, driven through its seam (the fetcher) by a page source
// written here: a list of N subscriptions, paged by an integer cursor, whose answers the test
// releases when it chooses. No server: the cases are the cache's own (order of answers,
// totals, eviction, short pages), which the real-server test (tst_subscriptionsearchmodel)
// reaches only with a 25,000-subscription service.
class TestSubscriptionPageCache : public QObject
{
    Q_OBJECT

    struct Request
    {
        SubscriptionQuery query;
        QString cursor;
        int limit = 0;
        SubscriptionPageCache::Answer done;
    };

    // N subscriptions "Sub 0000"…, `perPage` rows a page at most (the service's budget: fewer
    // than the limit, with a cursor that goes on), `total` sent on the first page.
    struct Source
    {
        int rows = 0;
        int perPage = 1000;
        int total = -1;
        bool capped = false;
        QList<Request> pending;

        SubscriptionPageCache::Fetcher fetcher()
        {
            return [this](QObject *, const SubscriptionQuery &q, const QString &cursor, int limit,
                          SubscriptionPageCache::Answer done) {
                pending.append({q, cursor, limit, std::move(done)});
            };
        }
        ApiResult<SubscriptionPageCache::Page> page(const QString &cursor, int limit) const
        {
            const int from = cursor.isEmpty() ? 0 : cursor.toInt();
            const int n = qMax(0, std::min({limit, perPage, rows - from}));
            SubscriptionPageCache::Page p;
            for (int i = from; i < from + n; ++i) {
                SubscriptionSummary s;
                s.subscription.id = QStringLiteral("id-%1").arg(i, 4, 10, QLatin1Char('0'));
                s.subscription.name = QStringLiteral("Sub %1").arg(i, 4, 10, QLatin1Char('0'));
                p.results << s;
            }
            if (from + n < rows)
                p.nextCursor = QString::number(from + n);
            if (cursor.isEmpty()) {
                p.total = total;
                p.totalCapped = capped;
            }
            return {p, {}};
        }
        // Answers the oldest request (or the one at `i`) with its page.
        void answer(int i = 0)
        {
            const Request r = pending.takeAt(i);
            r.done(page(r.cursor, r.limit));
        }
        void fail(int i = 0)
        {
            const Request r = pending.takeAt(i);
            ApiError e;
            e.statusCode = 503;
            e.message = QStringLiteral("unavailable");
            r.done({std::nullopt, e, false});
        }
        void answerAll()
        {
            while (!pending.isEmpty())
                answer();
        }
    };

    static QString nameAt(const SubscriptionPageCache &c, int row)
    {
        return c.at(row).subscription.name;
    }

private Q_SLOTS:
    void firstPageThenMoreWithTotal()
    {
        Source src;
        src.rows = 25;
        src.total = 25;
        SubscriptionPageCache cache(src.fetcher());
        cache.setPageSize(10);
        QSignalSpy resets(&cache, &SubscriptionPageCache::resetDone);
        QSignalSpy inserts(&cache, &SubscriptionPageCache::aboutToInsert);
        cache.reload();
        QVERIFY(cache.isLoading());
        QCOMPARE(src.pending.size(), 1);
        QCOMPARE(src.pending.first().limit, 10);
        QVERIFY(src.pending.first().cursor.isEmpty());
        src.answer();
        QCOMPARE(resets.size(), 1);
        QCOMPARE(cache.rowCount(), 10);
        QCOMPARE(cache.total(), 25);
        QVERIFY(!cache.totalCapped());
        QVERIFY(cache.hasMore());
        QVERIFY(cache.canFetchMore());
        cache.fetchMore();
        QVERIFY(cache.isFetchingMore());
        QVERIFY(!cache.canFetchMore()); // one page at a time
        QCOMPARE(src.pending.first().cursor, QStringLiteral("10"));
        src.answer();
        QCOMPARE(inserts.size(), 1);
        QCOMPARE(inserts.first(), (QList<QVariant>{10, 19}));
        QCOMPARE(cache.rowCount(), 20);
        QCOMPARE(cache.total(), 25); // the first page's, kept
        cache.fetchMore();
        src.answer();
        QCOMPARE(cache.rowCount(), 25);
        QVERIFY(!cache.hasMore());
        QVERIFY(!cache.canFetchMore());
        QCOMPARE(nameAt(cache, 24), QStringLiteral("Sub 0024"));
    }

    void cappedTotalAndNoTotal()
    {
        Source src;
        src.rows = 30;
        src.total = 10000;
        src.capped = true;
        SubscriptionPageCache cache(src.fetcher());
        cache.reload();
        src.answer();
        QCOMPARE(cache.total(), 10000);
        QVERIFY(cache.totalCapped());
        // A new query whose first page has no total: none, not the old one.
        src.total = -1;
        src.capped = false;
        SubscriptionQuery q;
        q.search = QStringLiteral("x");
        cache.setQuery(q);
        src.answer();
        QCOMPARE(cache.total(), -1);
        QVERIFY(!cache.totalCapped());
    }

    void staleFirstPageIsDropped()
    {
        Source src;
        src.rows = 5;
        SubscriptionPageCache cache(src.fetcher());
        SubscriptionQuery a;
        a.search = QStringLiteral("a");
        SubscriptionQuery b;
        b.search = QStringLiteral("b");
        cache.setQuery(a);
        cache.setQuery(b);
        QCOMPARE(src.pending.size(), 2);
        QSignalSpy resets(&cache, &SubscriptionPageCache::resetDone);
        QSignalSpy answered(&cache, &SubscriptionPageCache::queryAnswered);
        src.answer(0); // "a" arrives late: dropped
        QCOMPARE(resets.size(), 0);
        QVERIFY(cache.isLoading());
        QCOMPARE(cache.rowCount(), 0);
        src.answer(0);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(answered.size(), 1);
        QCOMPARE(cache.query().search, QStringLiteral("b"));
        QCOMPARE(cache.rowCount(), 5);
        // The same query again does not ask again.
        cache.setQuery(b);
        QVERIFY(src.pending.isEmpty());
    }

    void staleFollowingPageIsDropped()
    {
        Source src;
        src.rows = 50;
        SubscriptionPageCache cache(src.fetcher());
        cache.setPageSize(10);
        cache.reload();
        src.answer();
        cache.fetchMore();
        QCOMPARE(src.pending.size(), 1);
        cache.reload(); // e.g. Refresh while the next page is on its way
        QSignalSpy inserts(&cache, &SubscriptionPageCache::aboutToInsert);
        src.answer(0); // the old query's next page
        QCOMPARE(inserts.size(), 0);
        QCOMPARE(cache.rowCount(), 10);
        src.answer(0);
        QCOMPARE(cache.rowCount(), 10);
        QVERIFY(!cache.isFetchingMore());
    }

    void shortPagesChainUntilAPageIsFull()
    {
        Source src;
        src.rows = 100;
        src.perPage = 3; // the service's budget: 3 rows an answer
        SubscriptionPageCache cache(src.fetcher());
        cache.setPageSize(10);
        cache.reload();
        src.answer();
        // A short first page with a cursor goes on at once.
        QVERIFY(cache.isFetchingMore());
        QCOMPARE(src.pending.size(), 1);
        int answers = 1;
        while (!src.pending.isEmpty()) {
            src.answer();
            ++answers;
        }
        QCOMPARE(answers, 4); // 3 + 3 + 3 + 3 ≥ 10
        QCOMPARE(cache.rowCount(), 12);
        QVERIFY(!cache.isFetchingMore());
        QVERIFY(cache.hasMore());
    }

    void failureStopsUntilRetry()
    {
        Source src;
        src.rows = 30;
        SubscriptionPageCache cache(src.fetcher());
        cache.setPageSize(10);
        QSignalSpy failed(&cache, &SubscriptionPageCache::loadFailed);
        cache.reload();
        src.answer();
        cache.fetchMore();
        src.fail();
        QCOMPARE(failed.size(), 1);
        QVERIFY(cache.hasError());
        QCOMPARE(cache.lastError().statusCode, 503);
        QVERIFY(!cache.canFetchMore());
        QCOMPARE(cache.rowCount(), 10); // the rows already shown stay
        cache.retry();
        QCOMPARE(src.pending.size(), 1);
        QCOMPARE(src.pending.first().cursor, QStringLiteral("10"));
        src.answer();
        QVERIFY(!cache.hasError());
        QCOMPARE(cache.rowCount(), 20);
    }

    void failedFirstPageClearsTheOldRows()
    {
        Source src;
        src.rows = 5;
        SubscriptionPageCache cache(src.fetcher());
        cache.reload();
        src.answer();
        QCOMPARE(cache.rowCount(), 5);
        cache.reload();
        QSignalSpy resets(&cache, &SubscriptionPageCache::resetDone);
        src.fail();
        QCOMPARE(resets.size(), 1);
        QCOMPARE(cache.rowCount(), 0);
        QVERIFY(cache.hasError());
        cache.retry(); // a failed first page: the whole query again
        QVERIFY(cache.isLoading());
        src.answer();
        QCOMPARE(cache.rowCount(), 5);
    }

    void evictsFarPagesAndFetchesThemAgainInPlace()
    {
        Source src;
        src.rows = 100;
        SubscriptionPageCache cache(src.fetcher());
        cache.setPageSize(10);
        cache.setMaxCachedRows(30);
        cache.reload();
        src.answer();
        for (int i = 0; i < 4; ++i) {
            cache.ask(cache.rowCount() - 1); // the view at the end
            cache.fetchMore();
            src.answer();
        }
        QCOMPARE(cache.rowCount(), 50);
        QCOMPARE(cache.cachedRowCount(), 30);
        // The pages farthest from the end went: rows 0-19.
        QCOMPARE(cache.lookup(0), SubscriptionPageCache::RowState::Pending);
        QCOMPARE(cache.lookup(19), SubscriptionPageCache::RowState::Pending);
        QCOMPARE(cache.lookup(20), SubscriptionPageCache::RowState::Loaded);
        QCOMPARE(cache.at(0).subscription.id, QString());

        // The view scrolls back to the top: page 0 is asked for again once the asking pauses,
        // with its own cursor, and its rows come back in place.
        QSignalSpy changed(&cache, &SubscriptionPageCache::rowsChanged);
        cache.ask(0);
        cache.ask(5);
        QTRY_COMPARE(src.pending.size(), 1);
        QVERIFY(src.pending.first().cursor.isEmpty());
        src.answer();
        QCOMPARE(cache.lookup(0), SubscriptionPageCache::RowState::Loaded);
        QCOMPARE(nameAt(cache, 0), QStringLiteral("Sub 0000"));
        QCOMPARE(cache.rowCount(), 50); // never rows inserted outside fetchMore()
        QVERIFY(cache.cachedRowCount() <= 30);
        // Room was made (a far page dropped), then the page came back.
        QVERIFY(changed.size() >= 2);
        QCOMPARE(changed.last(), (QList<QVariant>{0, 9}));
    }

    void keptRowIsNeverDropped()
    {
        Source src;
        src.rows = 100;
        SubscriptionPageCache cache(src.fetcher());
        cache.setPageSize(10);
        cache.setMaxCachedRows(20);
        cache.reload();
        src.answer();
        cache.setKeptRow(3);
        for (int i = 0; i < 5; ++i) {
            cache.ask(cache.rowCount() - 1);
            cache.fetchMore();
            src.answer();
        }
        QCOMPARE(cache.lookup(3), SubscriptionPageCache::RowState::Loaded);
        QCOMPARE(cache.lookup(15), SubscriptionPageCache::RowState::Pending);
        QCOMPARE(cache.cachedRowCount(), 20);
    }

    void pageThatComesBackShorterMarksRowsGone()
    {
        Source src;
        src.rows = 30;
        SubscriptionPageCache cache(src.fetcher());
        cache.setPageSize(10);
        cache.setMaxCachedRows(10);
        cache.reload();
        src.answer();
        cache.ask(9);
        cache.fetchMore();
        src.answer();
        QCOMPARE(cache.lookup(0), SubscriptionPageCache::RowState::Pending);
        src.rows = 4; // subscriptions went on the server meanwhile
        cache.ask(0);
        QTRY_COMPARE(src.pending.size(), 1);
        src.answer();
        QCOMPARE(cache.lookup(3), SubscriptionPageCache::RowState::Loaded);
        QCOMPARE(cache.lookup(4), SubscriptionPageCache::RowState::Gone);
        QCOMPARE(cache.rowCount(), 20);
    }

    void updateSummaryReplacesAHeldRow()
    {
        Source src;
        src.rows = 3;
        SubscriptionPageCache cache(src.fetcher());
        cache.reload();
        src.answer();
        SubscriptionSummary s = cache.at(1);
        s.subscription.name = QStringLiteral("Renamed");
        QSignalSpy changed(&cache, &SubscriptionPageCache::rowsChanged);
        QVERIFY(cache.updateSummary(s));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first(), (QList<QVariant>{1, 1}));
        QCOMPARE(nameAt(cache, 1), QStringLiteral("Renamed"));
        s.subscription.id = QStringLiteral("not-held");
        QVERIFY(!cache.updateSummary(s));
    }

    // The table over the cache: the model's signals follow the cache's exactly, under the
    // model tester.
    void modelFollowsTheCache()
    {
        Source src;
        src.rows = 25;
        src.total = 25;
        SubscriptionSearchModel model(src.fetcher());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(10);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.reload();
        src.answer();
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.total(), 25);
        QCOMPARE(model.index(0, SubscriptionSearchModel::NameColumn).data().toString(),
                 QStringLiteral("Sub 0000"));
        // The tester, like a view at the end of the list, asked for the next page.
        QCOMPARE(src.pending.size(), 1);
        QCOMPARE(src.pending.first().cursor, QStringLiteral("10"));
        src.answer();
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 10);
        QCOMPARE(inserted.first().at(2).toInt(), 19);
        // Sorting asks the service for a new first page; the page still on its way is dropped.
        model.sort(SubscriptionSearchModel::CreditsColumn, Qt::DescendingOrder);
        QCOMPARE(src.pending.last().query.sort, QStringLiteral("-credits"));
        QVERIFY(src.pending.last().cursor.isEmpty());
        src.answerAll();
        QCOMPARE(resets.size(), 2);
        QCOMPARE(model.rowCount(), 25);
        // The matched-email column cannot be sorted by: nothing is asked.
        model.sort(SubscriptionSearchModel::MatchedColumn, Qt::AscendingOrder);
        QVERIFY(src.pending.isEmpty());
        QCOMPARE(model.sortColumn(), int(SubscriptionSearchModel::CreditsColumn));
    }

    void matchedEmailsColumn()
    {
        Source src;
        SubscriptionSearchModel model(src.fetcher());
        model.setSearch(QStringLiteral("jane@"));
        SubscriptionPageCache::Page p;
        SubscriptionSummary s;
        s.subscription.id = QStringLiteral("s1");
        s.subscription.name = QStringLiteral("Acme");
        s.matchedEmails = {QStringLiteral("jane@acme.test"), QStringLiteral("jane@acme.example")};
        p.results << s;
        p.total = 1;
        src.pending.takeFirst().done({p, {}});
        const QModelIndex matched = model.index(0, SubscriptionSearchModel::MatchedColumn);
        QCOMPARE(matched.data().toString(), QStringLiteral("jane@acme.test, jane@acme.example"));
        QCOMPARE(matched.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("jane@acme.test\njane@acme.example"));
        QCOMPARE(
            model.headerData(SubscriptionSearchModel::MatchedColumn, Qt::Horizontal).toString(),
            QStringLiteral("Matched email"));
    }
};

QTEST_GUILESS_MAIN(TestSubscriptionPageCache)
#include "tst_subscriptionpagecache.moc"
