#include "subscriptionpagecache.h"

#include <QLoggingCategory>

#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcPageCache, "linedesk.app.subscriptions.cache", QtInfoMsg)

namespace linedesk {

namespace {

// A dropped page is asked for again once its rows have not been asked for for this long (the
// user stopped scrolling), or at the latest after kRefetchMaxWaitMs of scrolling.
constexpr int kRefetchQuietMs = 50;
constexpr int kRefetchMaxWaitMs = 300;
// A page that failed is not asked for again sooner than this, however often it is asked.
constexpr int kRefetchFailedPauseMs = 2000;

} // namespace

SubscriptionPageCache::Fetcher SubscriptionPageCache::apiFetcher(ApiClient *api)
{
    return [api](QObject *context, const SubscriptionQuery &query, const QString &cursor, int limit,
                 Answer done) {
        api->searchSubscriptions(context, query, cursor, std::move(done), limit);
    };
}

SubscriptionPageCache::SubscriptionPageCache(Fetcher fetcher, QObject *parent)
    : QObject(parent), m_fetcher(std::move(fetcher))
{
    m_clock.start();
    m_refetchTimer.setSingleShot(true);
    connect(&m_refetchTimer, &QTimer::timeout, this, &SubscriptionPageCache::refetchWanted);
}

void SubscriptionPageCache::setMaxCachedRows(int rows)
{
    m_maxCachedRows = qMax(1, rows);
    evict(-1);
}

int SubscriptionPageCache::pageOf(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return -1;
    const auto it = std::upper_bound(m_pages.cbegin(), m_pages.cend(), row,
                                     [](int r, const CachedPage &p) { return r < p.first; });
    return int(it - m_pages.cbegin()) - 1;
}

SubscriptionPageCache::RowState
SubscriptionPageCache::lookup(int row, const SubscriptionSummary **summary) const
{
    const int p = pageOf(row);
    if (p < 0)
        return RowState::Gone;
    const CachedPage &page = m_pages.at(p);
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

void SubscriptionPageCache::ask(int row) const
{
    const int p = pageOf(row);
    if (p < 0)
        return;
    m_lastAskedRow = row;
    if (!m_pages.at(p).cached)
        want(p);
}

const SubscriptionSummary &SubscriptionPageCache::at(int row) const
{
    static const SubscriptionSummary none;
    const SubscriptionSummary *summary = nullptr;
    return lookup(row, &summary) == RowState::Loaded ? *summary : none;
}

void SubscriptionPageCache::want(int p) const
{
    const CachedPage &page = m_pages.at(p);
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

void SubscriptionPageCache::refetchWanted()
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
    // Only what was asked for in the last moments: a drag through fifty pages shows the last
    // one or two, and only those are fetched.
    for (int p : wanted)
        if (p < m_pages.size() && m_pages.at(p).wantedAt >= m_lastWantMs - kRefetchQuietMs)
            refetch(p);
}

bool SubscriptionPageCache::canFetchMore() const
{
    // Not while a new query is on its way (the cursor belongs to the old one), nor after a
    // failure (a view would otherwise ask again on every scroll): retry() clears that.
    return !m_nextCursor.isEmpty() && !m_fetching && !m_loading && !m_failed;
}

void SubscriptionPageCache::fetchMore()
{
    if (!canFetchMore())
        return;
    m_fetching = true;
    m_chainRows = 0;
    requestMore(m_nextCursor);
    Q_EMIT stateChanged();
}

void SubscriptionPageCache::setQuery(const SubscriptionQuery &query)
{
    if (query == m_query && hasAsked())
        return;
    m_query = query;
    reload();
}

void SubscriptionPageCache::reload()
{
    ++m_generation;
    m_loading = true;
    m_fetching = false;
    m_failed = false;
    m_failedFirstPage = false;
    // Dropped pages of the old query are not fetched again: the new first page replaces them.
    m_wanted.clear();
    m_refetchTimer.stop();
    requestFirst();
    Q_EMIT stateChanged();
}

void SubscriptionPageCache::retry()
{
    if (!m_failed)
        return;
    if (m_failedFirstPage || m_rowCount == 0) {
        reload();
        return;
    }
    m_failed = false;
    fetchMore();
}

void SubscriptionPageCache::clearPages()
{
    m_pages.clear();
    m_total = -1;
    m_totalCapped = false;
    m_rowCount = 0;
    m_cachedRows = 0;
    m_keptRow = -1;
    m_nextCursor.clear();
    m_wanted.clear();
    m_refetchTimer.stop();
}

void SubscriptionPageCache::requestFirst()
{
    const int generation = m_generation;
    const int limit = m_pageSize;
    qCDebug(lcPageCache).noquote()
        << "query" << m_query.search << m_query.filters << m_query.type << m_query.sort;
    m_fetcher(this, m_query, QString(), limit, [this, generation, limit](const ApiResult<Page> &r) {
        if (generation != m_generation)
            return; // a newer query (or reload) superseded this one
        m_loading = false;
        m_loaded = true;
        if (!r.ok()) {
            qCInfo(lcPageCache).noquote() << "first page failed:" << r.error.message;
            m_error = r.error;
            m_failed = true;
            m_failedFirstPage = true;
            // The old query's rows would be answers to a question no longer asked.
            Q_EMIT aboutToReset();
            clearPages();
            Q_EMIT resetDone();
            Q_EMIT loadFailed(r.error);
            Q_EMIT stateChanged();
            return;
        }
        m_error = {};
        const QList<SubscriptionSummary> &rows = r.value->results;
        // A short first page with a cursor: the service stopped at its budget, not at
        // the end; go on at once, as fetchMore() would.
        m_chainRows = int(rows.size());
        const bool more = m_chainRows < limit && !r.value->nextCursor.isEmpty();
        m_fetching = more;
        Q_EMIT aboutToReset();
        clearPages();
        appendPage(QString(), limit, rows);
        m_nextCursor = r.value->nextCursor;
        m_total = r.value->total;
        m_totalCapped = r.value->totalCapped;
        Q_EMIT resetDone();
        Q_EMIT queryAnswered();
        if (more && m_fetching && generation == m_generation)
            requestMore(m_nextCursor);
        Q_EMIT stateChanged();
    });
}

void SubscriptionPageCache::requestMore(const QString &cursor)
{
    const int generation = m_generation;
    const int limit = m_pageSize;
    qCDebug(lcPageCache).noquote() << "next page" << cursor;
    m_fetcher(this, m_query, cursor, limit,
              [this, generation, limit, cursor](const ApiResult<Page> &r) {
                  if (generation != m_generation)
                      return;
                  if (!r.ok()) {
                      // Stops the chain: a failing service is not asked again until retry().
                      qCInfo(lcPageCache).noquote() << "page failed:" << r.error.message;
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
                      Q_EMIT aboutToInsert(m_rowCount, m_rowCount + int(rows.size()) - 1);
                      appendPage(cursor, limit, rows);
                      Q_EMIT insertDone();
                  }
                  if (more)
                      requestMore(m_nextCursor);
                  Q_EMIT stateChanged();
              });
}

void SubscriptionPageCache::appendPage(const QString &cursor, int limit,
                                       const QList<SubscriptionSummary> &rows)
{
    if (rows.isEmpty())
        return; // nothing to show, nothing to fetch again
    CachedPage page;
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

void SubscriptionPageCache::refetch(int p)
{
    CachedPage &page = m_pages[p];
    if (page.cached || page.inFlight)
        return;
    page.inFlight = true;
    const int generation = m_generation;
    qCDebug(lcPageCache).noquote()
        << "page again" << p << "rows" << page.first << "+" << page.count;
    m_fetcher(this, m_query, page.cursor, page.limit,
              [this, generation, p](const ApiResult<Page> &r) {
                  if (generation != m_generation)
                      return;
                  CachedPage &page = m_pages[p];
                  page.inFlight = false;
                  const int first = page.first;
                  const int last = page.first + page.count - 1;
                  if (!r.ok()) {
                      // Not the list's error: the rows already discovered stay, Failed, and a
                      // later look asks again (not sooner than a pause).
                      qCInfo(lcPageCache).noquote() << "page again failed:" << r.error.message;
                      page.failedAt = m_clock.elapsed();
                      Q_EMIT rowsChanged(first, last);
                      return;
                  }
                  page.failedAt = -1;
                  evict(p, page.count);
                  // Rows may have come or gone on the server meanwhile; the page keeps its
                  // slots (rowCount never changes here): the first `count` rows, Gone after.
                  CachedPage &again = m_pages[p];
                  again.rows = r.value->results.mid(0, again.count);
                  again.cached = true;
                  again.lastUse = ++m_useClock;
                  m_cachedRows += again.count;
                  Q_EMIT rowsChanged(first, last);
              });
}

void SubscriptionPageCache::evict(int keep, int incoming)
{
    const int keptPage = pageOf(m_keptRow);
    while (m_cachedRows + incoming > m_maxCachedRows) {
        // The page farthest from the row last asked for; of equals, the least recently used.
        int victim = -1;
        int victimDistance = -1;
        for (int p = 0; p < m_pages.size(); ++p) {
            const CachedPage &page = m_pages.at(p);
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
        CachedPage &page = m_pages[victim];
        page.rows = {};
        page.cached = false;
        m_cachedRows -= page.count;
        Q_EMIT rowsChanged(page.first, page.first + page.count - 1);
    }
}

int SubscriptionPageCache::rowOf(const QString &subscriptionId) const
{
    for (const CachedPage &page : m_pages)
        for (int i = 0; i < page.rows.size(); ++i)
            if (page.rows.at(i).subscription.id == subscriptionId)
                return page.first + i;
    return -1;
}

bool SubscriptionPageCache::updateSummary(const SubscriptionSummary &summary, int *rowOut)
{
    const int row = rowOf(summary.subscription.id);
    if (row < 0)
        return false; // not held: the page brings the new figures when it is fetched again
    CachedPage &page = m_pages[pageOf(row)];
    page.rows[row - page.first] = summary;
    if (rowOut)
        *rowOut = row;
    Q_EMIT rowsChanged(row, row);
    return true;
}

} // namespace linedesk
