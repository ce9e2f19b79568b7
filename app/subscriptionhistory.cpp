#include "subscriptionhistory.h"

#include "session.h"

namespace linedesk {

SubscriptionHistory::SubscriptionHistory(Session *session, QObject *parent)
    : QObject(parent), m_session(session)
{
    connect(&m_changes, &LineChangeModel::fetchMoreRequested, this,
            &SubscriptionHistory::fetchChanges);
    connect(&m_audit, &AuditTrailModel::fetchMoreRequested, this, &SubscriptionHistory::fetchAudit);
    // A new subscription, or a new version of it (lines bought or removed): new history.
    connect(session, &Session::subscriptionChanged, this, [this] {
        const QString id = m_session->currentSubscriptionId();
        const qint64 version =
            m_session->hasSubscription() ? m_session->subscription().version : -1;
        if (id != m_subscriptionId || (version >= 0 && version != m_loadedVersion))
            reload();
    });
}

void SubscriptionHistory::reload()
{
    ++m_generation;
    m_loading = 0;
    m_subscriptionId = m_session->currentSubscriptionId();
    m_loadedVersion = m_session->hasSubscription() ? m_session->subscription().version : -1;
    if (m_subscriptionId.isEmpty() || m_session->state() != Session::State::SignedIn) {
        m_changes.clear();
        m_audit.clear();
        return;
    }
    fetchChanges({});
    if (m_session->canReadAudit()) {
        m_auditUnavailable.clear();
        fetchAudit({});
    } else {
        m_audit.clear();
        m_auditUnavailable = tr("Only admins and support staff can read the audit trail.");
    }
}

void SubscriptionHistory::settle()
{
    if (--m_loading == 0)
        Q_EMIT loaded();
}

void SubscriptionHistory::fetchChanges(const QString &cursor)
{
    const int generation = m_generation;
    ++m_loading;
    m_session->api()->lineChanges(
        this, m_subscriptionId, cursor,
        [this, generation, cursor](const ApiResult<ApiPage<LineChange>> &r) {
            if (generation != m_generation)
                return;
            if (!applyPage(m_changes, r, cursor.isEmpty()))
                Q_EMIT loadFailed(r.error);
            settle();
        });
}

void SubscriptionHistory::fetchAudit(const QString &cursor)
{
    const int generation = m_generation;
    ++m_loading;
    m_session->api()->auditTrail(
        this, m_subscriptionId, cursor,
        [this, generation, cursor](const ApiResult<ApiPage<AuditEntry>> &r) {
            if (generation != m_generation)
                return;
            if (!applyPage(m_audit, r, cursor.isEmpty())) {
                if (r.error.statusCode == 403)
                    m_auditUnavailable = r.error.message;
                Q_EMIT loadFailed(r.error);
            }
            settle();
        });
}

} // namespace linedesk
