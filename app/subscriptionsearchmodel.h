#pragma once

#include "apiclient.h"
#include "subscriptionsummary.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QSet>
#include <QTimer>

namespace linedesk {

// Support's list of every subscription on the platform, searched, filtered and sorted by the
// service and loaded lazily: the first page on a new query, then keyset pages (nextCursor)
// each time a view scrolls near the end and calls fetchMore().
//
// The list is windowed so the console's memory stays flat however far the user scrolls: every
// page ever fetched is remembered by the cursor that fetched it and its row count (rowCount()
// is every row discovered), but at most maxCachedRows() rows are held. A row whose page was
// dropped shows a placeholder ("…", no id) and its page is asked for again with the same
// cursor once the view stops scrolling; the rows are replaced in place (dataChanged, never
// rows inserted or removed outside fetchMore() and a new query).
//
// The service bounds its work per page, so a rare search or filter answers short (even empty)
// pages with a cursor that goes on; fetchMore() then keeps asking until a page's worth of rows
// arrived or the list ended, so a view never sits on a short list with nothing happening.
//
// A new query (search text, filters, type or sort) supersedes every request in flight: their
// answers are dropped when they arrive. The rows of the previous query stay until the new
// first page replaces them, so typing does not flicker.
class SubscriptionSearchModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        IdColumn,
        OrgsColumn,
        TypeColumn,
        StatusColumn,
        CreditsColumn,
        IncludedColumn,
        PurchasedColumn,
        LimitColumn,
        ActiveColumn,
        PeakColumn,
        BlockedColumn,
        UtilisationColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        NameRole,
        OrgNamesRole,
        SummaryRole,
        // The raw value a column sorts by (number or string), e.g. for CSV.
        ValueRole,
        // True where a cell needs attention: frozen, at the limit now, blocked calls, ≥ 100 %.
        AlertRole,
    };
    Q_ENUM(Role)

    explicit SubscriptionSearchModel(ApiClient *api, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // Asks the service to sort by `column` (?sort=column or -column) and loads the first page.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Each setter starts a new query when the value changes (and a first query if none ran).
    void setSearch(const QString &text);
    void setFilters(const QStringList &filters);
    void setType(const QString &type);
    void setQuery(const SubscriptionQuery &query);
    SubscriptionQuery query() const { return m_query; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // The service's name for a column's sort (?sort=…), e.g. "concurrencyLimit".
    static QString sortKey(int column);

    // Rows per request (default 200; the service allows 1–1000).
    void setPageSize(int rows) { m_pageSize = qBound(1, rows, 1000); }
    int pageSize() const { return m_pageSize; }
    // At most this many rows are held (default 2,000: ten pages); the pages farthest from the
    // rows the view last asked for go first. The page just loaded and the kept row's page stay.
    void setMaxCachedRows(int rows);
    int maxCachedRows() const { return m_maxCachedRows; }
    int cachedRowCount() const { return m_cachedRows; }
    // The row (the view's current row) whose page is never dropped; -1 for none.
    void setKeptRow(int row) { m_keptRow = row; }
    int keptRow() const { return m_keptRow; }

    // Loads the first page of the current query again (e.g. "Refresh"). Also the first load.
    void reload();
    // After a failed page: asks for it again.
    void retry();

    bool isLoading() const { return m_loading; }       // a first page is on its way
    bool isFetchingMore() const { return m_fetching; } // a following page is on its way
    bool hasLoaded() const { return m_loaded; }        // the current query has answered
    bool hasMore() const { return !m_nextCursor.isEmpty(); }
    bool hasError() const { return m_failed; }
    ApiError lastError() const { return m_error; }
    // The row's subscription; an empty summary while the row is a placeholder.
    const SubscriptionSummary &at(int row) const;
    // False for a placeholder: its page was dropped from the cache and is asked for again.
    bool isRowLoaded(int row) const;
    // Among the rows held (-1 for a row whose page was dropped or never seen).
    int rowOf(const QString &subscriptionId) const;
    // Keeps a row current after the detail view read the subscription again.
    void updateSummary(const SubscriptionSummary &summary);

    // The columns as CSV fields, for exporting the whole list.
    static QStringList csvHeader();
    static QStringList csvFields(const SubscriptionSummary &s);
    static QString typeName(const QString &type);

Q_SIGNALS:
    // Any of isLoading(), isFetchingMore(), hasMore(), hasError(), rowCount() changed.
    void stateChanged();
    // The first page of a query arrived (the model was reset).
    void queryAnswered();
    void loadFailed(const linedesk::ApiError &error);

private:
    // A page as it was fetched: enough to fetch it again; its rows only while cached.
    struct Page
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
    enum class RowState
    {
        Loaded,
        Pending, // asked for again, or will be once the view stops scrolling
        Failed,  // the page did not come back; asked again on a later paint
        Gone,    // the page came back shorter: the row is no longer there
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
    RowState rowState(int row, const SubscriptionSummary **summary) const;
    void want(int page) const;

    ApiClient *m_api;
    QList<Page> m_pages;
    int m_rowCount = 0;
    int m_cachedRows = 0;
    int m_maxCachedRows = 2000;
    int m_keptRow = -1;
    int m_chainRows = 0; // rows the current fetchMore() appended so far
    // Pages the view asked for while they were placeholders, refetched when scrolling pauses.
    mutable QSet<int> m_wanted;
    mutable QTimer m_refetchTimer;
    mutable qint64 m_firstWantMs = -1;
    mutable qint64 m_lastWantMs = -1;
    mutable int m_lastAskedRow = 0;
    mutable quint64 m_useClock = 0;
    QElapsedTimer m_clock;
    SubscriptionQuery m_query;
    int m_sortColumn = NameColumn;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QString m_nextCursor;
    int m_pageSize = 200;
    int m_generation = 0; // answers for an earlier query are dropped
    bool m_loading = false;
    bool m_fetching = false;
    bool m_loaded = false;
    bool m_failed = false;
    bool m_failedFirstPage = false;
    ApiError m_error;
};

} // namespace linedesk
