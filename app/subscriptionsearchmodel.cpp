#include "subscriptionsearchmodel.h"

#include "localeformat.h"

#include <QLoggingCategory>

#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcSearchModel, "linedesk.app.subscriptions", QtInfoMsg)

namespace linedesk {

namespace {

QString utcText(const QDateTime &t)
{
    // Readable in a spreadsheet and still sortable as text.
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

bool isNumeric(int column)
{
    return column >= SubscriptionSearchModel::CreditsColumn;
}

// A dropped page is asked for again once the view has not asked for a placeholder for this
// long (the user stopped scrolling), or at the latest after kRefetchMaxWaitMs of scrolling.
constexpr int kRefetchQuietMs = 50;
constexpr int kRefetchMaxWaitMs = 300;
// A page that failed is not asked for again sooner than this, whatever the view paints.
constexpr int kRefetchFailedPauseMs = 2000;

} // namespace

SubscriptionSearchModel::SubscriptionSearchModel(ApiClient *api, QObject *parent)
    : QAbstractTableModel(parent), m_api(api)
{
    m_clock.start();
    m_refetchTimer.setSingleShot(true);
    connect(&m_refetchTimer, &QTimer::timeout, this, &SubscriptionSearchModel::refetchWanted);
}

int SubscriptionSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

void SubscriptionSearchModel::setMaxCachedRows(int rows)
{
    m_maxCachedRows = qMax(1, rows);
    evict(-1);
}

int SubscriptionSearchModel::pageOf(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return -1;
    const auto it = std::upper_bound(m_pages.cbegin(), m_pages.cend(), row,
                                     [](int r, const Page &p) { return r < p.first; });
    return int(it - m_pages.cbegin()) - 1;
}

SubscriptionSearchModel::RowState
SubscriptionSearchModel::rowState(int row, const SubscriptionSummary **summary) const
{
    const int p = pageOf(row);
    if (p < 0)
        return RowState::Gone;
    const Page &page = m_pages.at(p);
    page.lastUse = ++m_useClock;
    if (!page.cached)
        return page.failedAt >= 0 && !page.inFlight ? RowState::Failed : RowState::Pending;
    const int offset = row - page.first;
    if (offset >= page.rows.size())
        return RowState::Gone;
    if (summary)
        *summary = &page.rows.at(offset);
    return RowState::Loaded;
}

bool SubscriptionSearchModel::isRowLoaded(int row) const
{
    return rowState(row, nullptr) == RowState::Loaded;
}

const SubscriptionSummary &SubscriptionSearchModel::at(int row) const
{
    static const SubscriptionSummary none;
    const SubscriptionSummary *summary = nullptr;
    return rowState(row, &summary) == RowState::Loaded ? *summary : none;
}

void SubscriptionSearchModel::want(int p) const
{
    const Page &page = m_pages.at(p);
    if (page.cached || page.inFlight || m_loading)
        return;
    const qint64 now = m_clock.elapsed();
    if (page.failedAt >= 0 && now - page.failedAt < kRefetchFailedPauseMs)
        return;
    m_wanted.insert(p);
    page.wantedAt = now;
    m_lastWantMs = now;
    if (!m_refetchTimer.isActive()) {
        m_firstWantMs = now;
        m_refetchTimer.start(kRefetchQuietMs);
    }
}

void SubscriptionSearchModel::refetchWanted()
{
    const qint64 now = m_clock.elapsed();
    const qint64 quiet = now - m_lastWantMs;
    if (quiet < kRefetchQuietMs && now - m_firstWantMs < kRefetchMaxWaitMs) {
        // Still scrolling: the pages passed over need not be fetched at all.
        m_refetchTimer.start(int(kRefetchQuietMs - quiet));
        return;
    }
    const QSet<int> wanted = std::exchange(m_wanted, {});
    if (m_loading)
        return;
    // Only what the view asked for in its last paints: a drag through fifty pages shows the
    // last one or two, and only those are fetched.
    for (int p : wanted)
        if (p < m_pages.size() && m_pages.at(p).wantedAt >= m_lastWantMs - kRefetchQuietMs)
            refetch(p);
}

int SubscriptionSearchModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SubscriptionSearchModel::typeName(const QString &type)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("pay-as-you-go"), tr("Pay as you go")},
        {QStringLiteral("startup"), tr("Startup")},
        {QStringLiteral("growth"), tr("Growth")},
        {QStringLiteral("scale"), tr("Scale")},
        {QStringLiteral("agency"), tr("Agency")},
        {QStringLiteral("enterprise"), tr("Enterprise")},
    };
    return names.value(type, type);
}

QVariant SubscriptionSearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int column = index.column();
    const SubscriptionSummary *summary = nullptr;
    const RowState state = rowState(index.row(), &summary);
    m_lastAskedRow = index.row();
    if (state != RowState::Loaded) {
        if (state != RowState::Gone)
            want(pageOf(index.row()));
        switch (role) {
        case Qt::DisplayRole:
            if (column != NameColumn)
                return QString();
            if (state == RowState::Gone)
                return tr("No longer in the list");
            return state == RowState::Failed ? tr("Not loaded") : tr("…");
        case Qt::ToolTipRole:
            if (state == RowState::Gone)
                return tr("This subscription no longer matches; Refresh (F5) updates the list");
            if (state == RowState::Failed)
                return tr("The service did not answer; scroll again to retry");
            return tr("Loading…");
        case Qt::TextAlignmentRole:
            return QVariant::fromValue((isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft) |
                                       Qt::AlignVCenter);
        case AlertRole:
            return false;
        }
        return {};
    }
    const SubscriptionSummary &row = *summary;
    const Subscription &s = row.subscription;
    switch (role) {
    case IdRole:
        return s.id;
    case NameRole:
        return s.name;
    case OrgNamesRole:
        return row.orgNames();
    case SummaryRole:
        return QVariant::fromValue(row);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue((isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft) |
                                   Qt::AlignVCenter);
    case Qt::ToolTipRole:
        switch (column) {
        case NameColumn:
        case IdColumn:
            return tr("%1\n%2").arg(s.name, s.id);
        case OrgsColumn:
            return row.orgNames();
        case PeakColumn:
        case BlockedColumn:
        case UtilisationColumn:
            return row.usageAt.isValid()
                       ? tr("Last 24 hours, computed %1").arg(format::dateTime(row.usageAt))
                       : QVariant();
        case ActiveColumn:
            return tr("Calls holding a line now");
        }
        return {};
    case AlertRole:
        return ((column == StatusColumn && s.isFrozen()) ||
                (column == BlockedColumn && row.blockedCalls24h > 0) ||
                (column == ActiveColumn && s.concurrencyCounter >= s.concurrencyLimit()) ||
                (column == UtilisationColumn && row.utilisationPercent >= 100));
    case ValueRole:
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const bool raw = role == ValueRole;
    const QVariant noUsage = raw ? QVariant() : QVariant(tr("—"));
    switch (column) {
    case NameColumn:
        return s.name;
    case IdColumn:
        return s.id;
    case OrgsColumn:
        return row.orgNames();
    case TypeColumn:
        return raw ? s.type : typeName(s.type);
    case StatusColumn:
        return raw ? s.status : (s.isFrozen() ? tr("Frozen") : tr("Active"));
    case CreditsColumn:
        return raw ? QVariant(s.credits.cents()) : QVariant(format::money(s.credits.cents()));
    case IncludedColumn:
        return s.concurrencyLimitIncluded;
    case PurchasedColumn:
        return s.concurrencyLimitPurchased;
    case LimitColumn:
        return s.concurrencyLimit();
    case ActiveColumn:
        return s.concurrencyCounter;
    case PeakColumn:
        return row.hasUsage ? QVariant(row.peakCalls24h) : noUsage;
    case BlockedColumn:
        return row.hasUsage ? QVariant(row.blockedCalls24h) : noUsage;
    case UtilisationColumn:
        if (!row.hasUsage)
            return noUsage;
        return raw ? QVariant(row.utilisationPercent)
                   : QVariant(tr("%1%").arg(QLocale().toString(row.utilisationPercent)));
    }
    return {};
}

QVariant SubscriptionSearchModel::headerData(int section, Qt::Orientation orientation,
                                             int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue((isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft) |
                                   Qt::AlignVCenter);
    static const char *const names[] = {
        QT_TR_NOOP("Subscription"), QT_TR_NOOP("Id"),         QT_TR_NOOP("Organizations"),
        QT_TR_NOOP("Type"),         QT_TR_NOOP("Status"),     QT_TR_NOOP("Credits"),
        QT_TR_NOOP("Incl."),        QT_TR_NOOP("Bought"),     QT_TR_NOOP("Limit"),
        QT_TR_NOOP("Active"),       QT_TR_NOOP("Peak\n24 h"), QT_TR_NOOP("Blocked\n24 h"),
        QT_TR_NOOP("Use\n24 h")};
    static const char *const tips[] = {
        QT_TR_NOOP("Subscription name"),
        QT_TR_NOOP("Subscription id"),
        QT_TR_NOOP("Organizations sharing the subscription"),
        QT_TR_NOOP("Plan type"),
        QT_TR_NOOP("Active or frozen"),
        QT_TR_NOOP("Prepaid credits"),
        QT_TR_NOOP("Lines included in the plan"),
        QT_TR_NOOP("Lines purchased as an add-on"),
        QT_TR_NOOP("Concurrency limit: included + purchased"),
        QT_TR_NOOP("Calls active now"),
        QT_TR_NOOP("Most calls at once in the last 24 hours"),
        QT_TR_NOOP("Calls blocked at the limit in the last 24 hours"),
        QT_TR_NOOP("24-hour peak as a share of today's limit")};
    if (role == Qt::DisplayRole)
        return tr(names[section]);
    if (role == Qt::ToolTipRole)
        return tr(tips[section]) + tr(" — click to sort");
    return {};
}

QHash<int, QByteArray> SubscriptionSearchModel::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractTableModel::roleNames();
    roles.insert(IdRole, "subscriptionId");
    roles.insert(NameRole, "name");
    roles.insert(OrgNamesRole, "orgNames");
    roles.insert(SummaryRole, "summary");
    roles.insert(ValueRole, "value");
    roles.insert(AlertRole, "alert");
    return roles;
}

QString SubscriptionSearchModel::sortKey(int column)
{
    static const char *const keys[] = {"name",
                                       "id",
                                       "orgs",
                                       "type",
                                       "status",
                                       "credits",
                                       "concurrencyLimitIncluded",
                                       "concurrencyLimitPurchased",
                                       "concurrencyLimit",
                                       "concurrencyCounter",
                                       "peakCalls24h",
                                       "blockedCalls24h",
                                       "utilisationPercent"};
    static_assert(std::size(keys) == ColumnCount);
    return column >= 0 && column < ColumnCount ? QLatin1String(keys[column]) : QString();
}

bool SubscriptionSearchModel::canFetchMore(const QModelIndex &parent) const
{
    // Not while a new query is on its way (the cursor belongs to the old one), nor after a
    // failure (a view would otherwise ask again on every scroll): retry() clears that.
    return !parent.isValid() && !m_nextCursor.isEmpty() && !m_fetching && !m_loading && !m_failed;
}

void SubscriptionSearchModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    m_chainRows = 0;
    requestMore(m_nextCursor);
    Q_EMIT stateChanged();
}

void SubscriptionSearchModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    const bool asked = m_loaded || m_loading;
    if (column == m_sortColumn && order == m_sortOrder && asked)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    m_query.sort =
        (order == Qt::DescendingOrder ? QStringLiteral("-") : QString()) + sortKey(column);
    // A view calls sort() when sorting is switched on: remember the order, but the first
    // query waits until someone asks for the list (reload(), or a search or filter).
    if (asked)
        reload();
}

void SubscriptionSearchModel::setSearch(const QString &text)
{
    SubscriptionQuery q = m_query;
    q.search = text.trimmed();
    setQuery(q);
}

void SubscriptionSearchModel::setFilters(const QStringList &filters)
{
    SubscriptionQuery q = m_query;
    q.filters = filters;
    setQuery(q);
}

void SubscriptionSearchModel::setType(const QString &type)
{
    SubscriptionQuery q = m_query;
    q.type = type;
    setQuery(q);
}

void SubscriptionSearchModel::setQuery(const SubscriptionQuery &query)
{
    if (query == m_query && (m_loaded || m_loading))
        return;
    m_query = query;
    // Keep the header's indicator and our sort in step with a sort given in the query.
    const bool descending = query.sort.startsWith(QLatin1Char('-'));
    const QString key = descending ? query.sort.mid(1) : query.sort;
    for (int c = 0; c < ColumnCount; ++c)
        if (sortKey(c) == (key.isEmpty() ? QStringLiteral("name") : key)) {
            m_sortColumn = c;
            m_sortOrder = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
        }
    reload();
}

void SubscriptionSearchModel::reload()
{
    ++m_generation;
    m_loading = true;
    m_fetching = false;
    m_failed = false;
    m_failedFirstPage = false;
    // Placeholders of the old query are not fetched again: the new first page replaces them.
    m_wanted.clear();
    m_refetchTimer.stop();
    requestFirst();
    Q_EMIT stateChanged();
}

void SubscriptionSearchModel::retry()
{
    if (!m_failed)
        return;
    if (m_failedFirstPage || m_rowCount == 0) {
        reload();
        return;
    }
    m_failed = false;
    fetchMore({});
}

void SubscriptionSearchModel::clearPages()
{
    m_pages.clear();
    m_rowCount = 0;
    m_cachedRows = 0;
    m_keptRow = -1;
    m_nextCursor.clear();
    m_wanted.clear();
    m_refetchTimer.stop();
}

void SubscriptionSearchModel::requestFirst()
{
    const int generation = m_generation;
    const int limit = m_pageSize;
    qCDebug(lcSearchModel).noquote()
        << "query" << m_query.search << m_query.filters << m_query.type << m_query.sort;
    m_api->searchSubscriptions(
        this, m_query, QString(),
        [this, generation, limit](const ApiResult<ApiPage<SubscriptionSummary>> &r) {
            if (generation != m_generation)
                return; // a newer query (or reload) superseded this one
            m_loading = false;
            m_loaded = true;
            if (!r.ok()) {
                qCInfo(lcSearchModel).noquote() << "first page failed:" << r.error.message;
                m_error = r.error;
                m_failed = true;
                m_failedFirstPage = true;
                // The old query's rows would be answers to a question no longer asked.
                beginResetModel();
                clearPages();
                endResetModel();
                Q_EMIT loadFailed(r.error);
                Q_EMIT stateChanged();
                return;
            }
            m_error = {};
            const QList<SubscriptionSummary> &rows = r.value->results;
            // A short first page with a cursor: the service stopped at its budget, not at the
            // end; go on at once, as fetchMore() would.
            m_chainRows = int(rows.size());
            const bool more = m_chainRows < limit && !r.value->nextCursor.isEmpty();
            m_fetching = more;
            beginResetModel();
            clearPages();
            appendPage(QString(), limit, rows);
            m_nextCursor = r.value->nextCursor;
            endResetModel();
            Q_EMIT queryAnswered();
            if (more && m_fetching && generation == m_generation)
                requestMore(m_nextCursor);
            Q_EMIT stateChanged();
        },
        limit);
}

void SubscriptionSearchModel::requestMore(const QString &cursor)
{
    const int generation = m_generation;
    const int limit = m_pageSize;
    qCDebug(lcSearchModel).noquote() << "next page" << cursor;
    m_api->searchSubscriptions(
        this, m_query, cursor,
        [this, generation, limit, cursor](const ApiResult<ApiPage<SubscriptionSummary>> &r) {
            if (generation != m_generation)
                return;
            if (!r.ok()) {
                // Stops the chain: a failing service is not asked again until retry().
                qCInfo(lcSearchModel).noquote() << "page failed:" << r.error.message;
                m_error = r.error;
                m_failed = true;
                m_failedFirstPage = false;
                m_fetching = false;
                Q_EMIT loadFailed(r.error);
                Q_EMIT stateChanged();
                return;
            }
            m_error = {};
            const QList<SubscriptionSummary> &rows = r.value->results;
            m_nextCursor = r.value->nextCursor;
            m_chainRows += int(rows.size());
            // Short pages (the service's work per page is bounded) chain until a page's
            // worth of rows came or the list ended; state first, as a view may call
            // fetchMore() from rowsInserted.
            const bool more = m_chainRows < limit && !m_nextCursor.isEmpty();
            m_fetching = more;
            if (!rows.isEmpty()) {
                // Room first, so the cap holds even while the rows are being inserted.
                evict(-1, int(rows.size()));
                beginInsertRows({}, m_rowCount, m_rowCount + int(rows.size()) - 1);
                appendPage(cursor, limit, rows);
                endInsertRows();
            }
            if (more)
                requestMore(m_nextCursor);
            Q_EMIT stateChanged();
        },
        limit);
}

void SubscriptionSearchModel::appendPage(const QString &cursor, int limit,
                                         const QList<SubscriptionSummary> &rows)
{
    if (rows.isEmpty())
        return; // nothing to show, nothing to fetch again
    Page page;
    page.cursor = cursor;
    page.first = m_rowCount;
    page.count = int(rows.size());
    page.limit = limit;
    page.rows = rows;
    page.cached = true;
    page.lastUse = ++m_useClock;
    m_rowCount += page.count;
    m_cachedRows += page.count;
    m_pages.append(std::move(page));
}

void SubscriptionSearchModel::refetch(int p)
{
    Page &page = m_pages[p];
    if (page.cached || page.inFlight)
        return;
    page.inFlight = true;
    const int generation = m_generation;
    qCDebug(lcSearchModel).noquote()
        << "page again" << p << "rows" << page.first << "+" << page.count;
    m_api->searchSubscriptions(
        this, m_query, page.cursor,
        [this, generation, p](const ApiResult<ApiPage<SubscriptionSummary>> &r) {
            if (generation != m_generation)
                return;
            Page &page = m_pages[p];
            page.inFlight = false;
            const QModelIndex first = index(page.first, 0);
            const QModelIndex last = index(page.first + page.count - 1, ColumnCount - 1);
            if (!r.ok()) {
                // Not the list's error: the rows already discovered stay, the placeholders
                // say so, and a later paint asks again (not sooner than a pause).
                qCInfo(lcSearchModel).noquote() << "page again failed:" << r.error.message;
                page.failedAt = m_clock.elapsed();
                Q_EMIT dataChanged(first, last);
                return;
            }
            page.failedAt = -1;
            evict(p, page.count);
            // Rows may have come or gone on the server meanwhile; the page keeps its slots
            // (rowCount never changes here): the first `count` rows, placeholders after.
            Page &again = m_pages[p];
            again.rows = r.value->results.mid(0, again.count);
            again.cached = true;
            again.lastUse = ++m_useClock;
            m_cachedRows += again.count;
            Q_EMIT dataChanged(first, last);
        },
        page.limit);
}

void SubscriptionSearchModel::evict(int keep, int incoming)
{
    const int keptPage = pageOf(m_keptRow);
    while (m_cachedRows + incoming > m_maxCachedRows) {
        // The page farthest from the rows the view last asked for; of equals, the least
        // recently used.
        int victim = -1;
        int victimDistance = -1;
        for (int p = 0; p < m_pages.size(); ++p) {
            const Page &page = m_pages.at(p);
            if (!page.cached || p == keep || p == keptPage)
                continue;
            const int distance = m_lastAskedRow < page.first
                                     ? page.first - m_lastAskedRow
                                     : qMax(0, m_lastAskedRow - (page.first + page.count - 1));
            if (distance > victimDistance ||
                (distance == victimDistance && page.lastUse < m_pages.at(victim).lastUse)) {
                victim = p;
                victimDistance = distance;
            }
        }
        if (victim < 0)
            return;
        Page &page = m_pages[victim];
        page.rows = {};
        page.cached = false;
        m_cachedRows -= page.count;
        Q_EMIT dataChanged(index(page.first, 0),
                           index(page.first + page.count - 1, ColumnCount - 1));
    }
}

int SubscriptionSearchModel::rowOf(const QString &subscriptionId) const
{
    for (const Page &page : m_pages)
        for (int i = 0; i < page.rows.size(); ++i)
            if (page.rows.at(i).subscription.id == subscriptionId)
                return page.first + i;
    return -1;
}

void SubscriptionSearchModel::updateSummary(const SubscriptionSummary &summary)
{
    const int row = rowOf(summary.subscription.id);
    if (row < 0)
        return; // not held: the page brings the new figures when it is fetched again
    Page &page = m_pages[pageOf(row)];
    page.rows[row - page.first] = summary;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QStringList SubscriptionSearchModel::csvHeader()
{
    return {QStringLiteral("id"),
            QStringLiteral("name"),
            QStringLiteral("orgIds"),
            QStringLiteral("orgNames"),
            QStringLiteral("type"),
            QStringLiteral("status"),
            QStringLiteral("credits"),
            QStringLiteral("concurrencyLimitIncluded"),
            QStringLiteral("concurrencyLimitPurchased"),
            QStringLiteral("concurrencyLimit"),
            QStringLiteral("activeNow"),
            QStringLiteral("peakCalls24h"),
            QStringLiteral("blockedCalls24h"),
            QStringLiteral("utilisationPercent"),
            QStringLiteral("currentPeriodStart (UTC)"),
            QStringLiteral("currentPeriodEnd (UTC)"),
            QStringLiteral("linePrice"),
            QStringLiteral("monthlyCharge"),
            QStringLiteral("createdAt (UTC)"),
            QStringLiteral("updatedAt (UTC)"),
            QStringLiteral("version"),
            QStringLiteral("usageAt (UTC)")};
}

QStringList SubscriptionSearchModel::csvFields(const SubscriptionSummary &row)
{
    const Subscription &s = row.subscription;
    QStringList orgIds, orgNames;
    for (const SubscriptionSummary::Org &o : row.orgs) {
        orgIds << o.id;
        orgNames << o.name;
    }
    if (orgIds.isEmpty())
        orgIds = s.orgIds;
    const auto usage = [&row](int n) { return row.hasUsage ? QString::number(n) : QString(); };
    // Several organizations in one cell, separated by "; " (the cell is quoted if needed).
    return {s.id,
            s.name,
            orgIds.join(QStringLiteral("; ")),
            orgNames.join(QStringLiteral("; ")),
            s.type,
            s.status,
            s.credits.toDecimalString(),
            QString::number(s.concurrencyLimitIncluded),
            QString::number(s.concurrencyLimitPurchased),
            QString::number(s.concurrencyLimit()),
            QString::number(s.concurrencyCounter),
            usage(row.peakCalls24h),
            usage(row.blockedCalls24h),
            usage(row.utilisationPercent),
            utcText(s.currentPeriodStart),
            utcText(s.currentPeriodEnd),
            Money::fromCents(s.linePriceCents).toDecimalString(),
            Money::fromCents(s.monthlyChargeCents()).toDecimalString(),
            utcText(s.createdAt),
            utcText(s.updatedAt),
            QString::number(s.version),
            utcText(row.usageAt)};
}

} // namespace linedesk
