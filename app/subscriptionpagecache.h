#pragma once

#include "apiclient.h"
#include "subscriptionsummary.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace linedesk {

// The rows of support's subscription list as the service pages them, without columns or
// widgets: the first page on a new query, then keyset pages (nextCursor) on fetchMore(); how
// many match in all (when the service counted); a window of cached pages; stale answers
// dropped. SubscriptionSearchModel turns it into a table.
//
// The window keeps memory flat however far the user scrolls: every page ever fetched is
// remembered by the cursor that fetched it and its row count (rowCount() is every row
// discovered), but at most maxCachedRows() rows are held. A row whose page was dropped is
// Pending and its page is asked for again with the same cursor once the rows stop being asked
// for (the view stopped scrolling); the rows are replaced in place (rowsChanged, never rows
// inserted or removed outside fetchMore() and a new query).
//
// The service bounds its work per page, so a rare search or filter answers short (even empty)
// pages with a cursor that goes on; fetchMore() then keeps asking until a page's worth of rows
// arrived or the list ended.
//
// A new query supersedes every request in flight: their answers are dropped when they arrive.
// The rows of the previous query stay until the new first page replaces them.
class SubscriptionPageCache : public QObject
{
    Q_OBJECT
public:
    using Page = ApiPage<SubscriptionSummary>;
    using Answer = std::function<void(const ApiResult<Page> &)>;
    // Asks for one page of `query` from `cursor` (empty: the first) of at most `limit` rows and
    // calls `done` once, later, unless `context` was destroyed first. The seam the cache is
    // tested through; apiFetcher() is the real service's.
    using Fetcher = std::function<void(QObject *context, const SubscriptionQuery &query,
                                       const QString &cursor, int limit, Answer done)>;
    static Fetcher apiFetcher(ApiClient *api);

    enum class RowState
    {
        Loaded,
        Pending, // asked for again, or will be once the rows stop being asked for
        Failed,  // the page did not come back; asked again on a later look
        Gone,    // the page came back shorter: the row is no longer there
    };

    explicit SubscriptionPageCache(Fetcher fetcher, QObject *parent = nullptr);

    int rowCount() const { return m_rowCount; }
    // The row's state and, when Loaded, its summary. Counts as a use of its page (eviction).
    RowState lookup(int row, const SubscriptionSummary **summary = nullptr) const;
    // What a view painting `row` means: the rows near it are the ones to keep, and a dropped
    // page is fetched again once the asking pauses.
    void ask(int row) const;
    // The row's subscription; an empty summary unless it is Loaded.
    const SubscriptionSummary &at(int row) const;
    // Among the rows held (-1 for a row whose page was dropped or never seen).
    int rowOf(const QString &subscriptionId) const;
    // Replaces a held row by id (after the detail view read it again); false when not held.
    bool updateSummary(const SubscriptionSummary &summary, int *row = nullptr);

    // Starts a new query when it changed (and a first query if none ran).
    void setQuery(const SubscriptionQuery &query);
    // Sets the query the first load will ask, without asking (a view setting up its sort).
    void presetQuery(const SubscriptionQuery &query) { m_query = query; }
    // The current query was asked for (it is loading or answered).
    bool hasAsked() const { return m_loaded || m_loading; }
    SubscriptionQuery query() const { return m_query; }
    // Loads the first page of the current query again. Also the first load.
    void reload();
    // After a failed page: asks for it again.
    void retry();
    bool canFetchMore() const;
    void fetchMore();

    // Rows per request (default 200; the service allows 1–1000).
    void setPageSize(int rows) { m_pageSize = qBound(1, rows, 1000); }
    int pageSize() const { return m_pageSize; }
    // At most this many rows are held (default 2,000: ten pages); the pages farthest from the
    // row last asked for go first. The page just loaded and the kept row's page stay.
    void setMaxCachedRows(int rows);
    int maxCachedRows() const { return m_maxCachedRows; }
    int cachedRowCount() const { return m_cachedRows; }
    // The row (a view's current row) whose page is never dropped; -1 for none.
    void setKeptRow(int row) { m_keptRow = row; }
    int keptRow() const { return m_keptRow; }

    bool isLoading() const { return m_loading; }       // a first page is on its way
    bool isFetchingMore() const { return m_fetching; } // a following page is on its way
    bool hasLoaded() const { return m_loaded; }        // the current query has answered
    bool hasMore() const { return !m_nextCursor.isEmpty(); }
    bool hasError() const { return m_failed; }
    ApiError lastError() const { return m_error; }
    // How many match in all, when the service counted (-1: not counted); with totalCapped(),
    // at least that many.
    int total() const { return m_total; }
    bool totalCapped() const { return m_totalCapped; }

Q_SIGNALS:
    // Around replacing every row (a new first page, or a failed one).
    void aboutToReset();
    void resetDone();
    // Around appending rows [first, last].
    void aboutToInsert(int first, int last);
    void insertDone();
    // Rows [first, last] were dropped, came back, or were replaced in place.
    void rowsChanged(int first, int last);
    // Any of isLoading(), isFetchingMore(), hasMore(), hasError(), rowCount() changed.
    void stateChanged();
    // The first page of a query arrived (after resetDone()).
    void queryAnswered();
    void loadFailed(const linedesk::ApiError &error);

private:
    struct CachedPage
    {
        QString cursor;                  // empty for the first page
        int first = 0;                   // its first row
        int count = 0;                   // its rows, fixed once discovered
        int limit = 0;                   // the page size it was asked with
        QList<SubscriptionSummary> rows; // ≤ count: fewer when rows went on the server
        bool cached = false;
        bool inFlight = false;
        qint64 failedAt = -1; // ms on m_clock; not asked again for a while
        mutable quint64 lastUse = 0;
        mutable qint64 wantedAt = -1;
    };

    void requestFirst();
    void requestMore(const QString &cursor);
    void refetch(int page);
    void refetchWanted();
    void appendPage(const QString &cursor, int limit, const QList<SubscriptionSummary> &rows);
    // Drops pages until `incoming` more rows fit under the cap; never page `keep` nor the
    // kept row's.
    void evict(int keep, int incoming = 0);
    void clearPages();
    int pageOf(int row) const;
    void want(int page) const;

    Fetcher m_fetcher;
    QList<CachedPage> m_pages;
    int m_rowCount = 0;
    int m_cachedRows = 0;
    int m_maxCachedRows = 2000;
    int m_keptRow = -1;
    int m_chainRows = 0; // rows the current fetchMore() appended so far
    // Pages asked for while they were dropped, fetched again when the asking pauses.
    mutable QSet<int> m_wanted;
    mutable QTimer m_refetchTimer;
    mutable qint64 m_firstWantMs = -1;
    mutable qint64 m_lastWantMs = -1;
    mutable int m_lastAskedRow = 0;
    mutable quint64 m_useClock = 0;
    QElapsedTimer m_clock;
    SubscriptionQuery m_query;
    QString m_nextCursor;
    int m_pageSize = 200;
    int m_total = -1;
    bool m_totalCapped = false;
    int m_generation = 0; // answers for an earlier query are dropped
    bool m_loading = false;
    bool m_fetching = false;
    bool m_loaded = false;
    bool m_failed = false;
    bool m_failedFirstPage = false;
    ApiError m_error;
};

} // namespace linedesk
