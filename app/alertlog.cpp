#include "alertlog.h"

#include "alertcenter.h"
#include "session.h"

namespace linedesk {

AlertLog::AlertLog(Session *session, AlertCenter *center, QObject *parent)
    : QObject(parent), m_session(session), m_center(center)
{
    connect(&m_model, &AlertListModel::fetchMoreRequested, this, &AlertLog::fetch);
    connect(center, &AlertCenter::alertReceived, this, &AlertLog::alertArrived);
    auto follow = [this] {
        const QString id = m_session->state() == Session::State::SignedIn
                               ? m_session->currentSubscriptionId()
                               : QString();
        if (id != m_subscriptionId)
            reload();
    };
    connect(session, &Session::subscriptionChanged, this, follow);
    connect(session, &Session::stateChanged, this, follow);
}

void AlertLog::setQuery(const AlertQuery &query)
{
    if (query.state == m_query.state && query.kind == m_query.kind)
        return;
    m_query = query;
    reload();
}

void AlertLog::reload()
{
    ++m_generation;
    const bool wasLoading = isLoading();
    m_loading = 0;
    m_loaded = false;
    m_lastError.clear();
    m_subscriptionId = m_session->state() == Session::State::SignedIn
                           ? m_session->currentSubscriptionId()
                           : QString();
    if (m_subscriptionId.isEmpty()) {
        m_model.clear();
        if (wasLoading)
            Q_EMIT loadingChanged();
        return;
    }
    fetch({});
}

void AlertLog::loadMore()
{
    m_model.fetchMore({});
}

void AlertLog::fetch(const QString &cursor)
{
    const int generation = m_generation;
    if (m_loading++ == 0)
        Q_EMIT loadingChanged();
    m_session->api()->alerts(this, m_subscriptionId, m_query, cursor,
                             [this, generation, cursor](const ApiResult<ApiPage<Alert>> &r) {
                                 if (generation != m_generation)
                                     return;
                                 const bool first = cursor.isEmpty();
                                 if (applyPage(m_model, r, first)) {
                                     m_lastError.clear();
                                     m_loaded = m_loaded || first;
                                 } else {
                                     m_lastError = r.error.message;
                                 }
                                 if (--m_loading == 0)
                                     Q_EMIT loadingChanged();
                                 if (r.ok())
                                     Q_EMIT loaded();
                                 else
                                     Q_EMIT loadFailed(r.error);
                             });
}

void AlertLog::refresh()
{
    if (m_subscriptionId.isEmpty() || !m_loaded || isLoading()) {
        if (!m_subscriptionId.isEmpty() && !isLoading())
            reload();
        return;
    }
    const int generation = m_generation;
    m_session->api()->alerts(this, m_subscriptionId, m_query, {},
                             [this, generation](const ApiResult<ApiPage<Alert>> &r) {
                                 if (generation != m_generation || !r.ok())
                                     return;
                                 // Oldest first, so each lands above the rows it is newer than.
                                 const QList<Alert> &page = r.value->results;
                                 for (auto it = page.crbegin(); it != page.crend(); ++it)
                                     m_model.upsert(*it);
                             });
}

bool AlertLog::matches(const Alert &alert) const
{
    if (!m_query.state.isEmpty() && Alert::stateToString(alert.state) != m_query.state)
        return false;
    if (!m_query.kind.isEmpty() && alert.kindName != m_query.kind)
        return false;
    return true;
}

void AlertLog::alertArrived(const Alert &alert)
{
    if (m_subscriptionId.isEmpty() || alert.subscriptionId != m_subscriptionId)
        return;
    if (!matches(alert)) {
        // e.g. "firing only" and this one just resolved.
        m_model.remove(alert.id);
        return;
    }
    m_model.upsert(alert);
}

} // namespace linedesk
