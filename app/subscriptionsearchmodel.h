#pragma once

#include "apiclient.h"
#include "subscriptionpagecache.h"
#include "subscriptionsummary.h"

#include <QAbstractTableModel>

namespace linedesk {

// Support's list of every subscription on the platform as a table: the columns, their
// tooltips and alerts, and the service's sort order behind a header click. The rows, their
// paging, window and stale answers are a SubscriptionPageCache's (see there); a row whose page
// was dropped shows a placeholder ("…", no id) until it is back.
class SubscriptionSearchModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        IdColumn,
        OrgsColumn,
        // The member emails a search matched (empty without a search); not sortable.
        MatchedColumn,
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
    // Over any source of pages (tests).
    explicit SubscriptionSearchModel(SubscriptionPageCache::Fetcher fetcher,
                                     QObject *parent = nullptr);

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
    SubscriptionQuery query() const { return m_cache->query(); }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // The service's name for a column's sort (?sort=…), e.g. "concurrencyLimit"; empty for a
    // column it cannot sort by.
    static QString sortKey(int column);
    static bool isSortable(int column) { return !sortKey(column).isEmpty(); }

    // The rows behind the table.
    SubscriptionPageCache *cache() const { return m_cache; }
    void setPageSize(int rows) { m_cache->setPageSize(rows); }
    int pageSize() const { return m_cache->pageSize(); }
    void setMaxCachedRows(int rows) { m_cache->setMaxCachedRows(rows); }
    int maxCachedRows() const { return m_cache->maxCachedRows(); }
    int cachedRowCount() const { return m_cache->cachedRowCount(); }
    void setKeptRow(int row) { m_cache->setKeptRow(row); }
    int keptRow() const { return m_cache->keptRow(); }
    void reload() { m_cache->reload(); }
    void retry() { m_cache->retry(); }
    bool isLoading() const { return m_cache->isLoading(); }
    bool isFetchingMore() const { return m_cache->isFetchingMore(); }
    bool hasLoaded() const { return m_cache->hasLoaded(); }
    bool hasMore() const { return m_cache->hasMore(); }
    bool hasError() const { return m_cache->hasError(); }
    ApiError lastError() const { return m_cache->lastError(); }
    int total() const { return m_cache->total(); }
    bool totalCapped() const { return m_cache->totalCapped(); }
    const SubscriptionSummary &at(int row) const { return m_cache->at(row); }
    bool isRowLoaded(int row) const
    {
        return m_cache->lookup(row) == SubscriptionPageCache::RowState::Loaded;
    }
    int rowOf(const QString &subscriptionId) const { return m_cache->rowOf(subscriptionId); }
    // Keeps a row current after the detail view read the subscription again.
    void updateSummary(const SubscriptionSummary &summary) { m_cache->updateSummary(summary); }

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
    SubscriptionPageCache *m_cache;
    int m_sortColumn = NameColumn;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace linedesk
