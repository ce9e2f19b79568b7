#pragma once

#include "apiclient.h"
#include "subscriptionsummary.h"

#include <QAbstractTableModel>

namespace linedesk {

// Support's list of every subscription on the platform, searched, filtered and sorted by the
// service and loaded lazily: the first page on a new query, then one keyset page (nextCursor)
// each time a view scrolls near the end and calls fetchMore(). Only what was scrolled to is
// held, so a platform of 100,000 subscriptions costs a page, not the whole list.
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
    const SubscriptionSummary &at(int row) const { return m_rows.at(row); }
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
    void request(const QString &cursor);

    ApiClient *m_api;
    QList<SubscriptionSummary> m_rows;
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
