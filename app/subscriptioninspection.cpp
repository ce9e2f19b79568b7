#include "subscriptioninspection.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcInspection, "linedesk.app.inspection", QtInfoMsg)

namespace linedesk {

SubscriptionInspection::SubscriptionInspection(ApiClient *api, QObject *parent)
    : QObject(parent), m_api(api)
{
    connect(&m_changes, &LineChangeModel::fetchMoreRequested, this,
            &SubscriptionInspection::fetchChanges);
    connect(&m_audit, &AuditTrailModel::fetchMoreRequested, this,
            &SubscriptionInspection::fetchAudit);
}

void SubscriptionInspection::open(const SubscriptionSummary &summary)
{
    open(summary.subscription.id);
    setSummary(summary);
}

void SubscriptionInspection::open(const QString &subscriptionId)
{
    close();
    m_id = subscriptionId;
    reload();
}

void SubscriptionInspection::close()
{
    ++m_generation;
    m_id.clear();
    m_summary = {};
    m_members.clear();
    m_membersLoaded = false;
    m_callsLoaded = false;
    m_callsInFlight = false;
    m_ending.clear();
    m_calls.setCalls({});
    m_changes.clear();
    m_audit.clear();
    Q_EMIT summaryChanged();
    Q_EMIT membersChanged();
    Q_EMIT callsChanged();
}

QString SubscriptionInspection::orgName(const QString &orgId) const
{
    for (const OrgMembers &m : m_members)
        if (m.org.id == orgId)
            return m.org.name;
    for (const SubscriptionSummary::Org &o : m_summary.orgs)
        if (o.id == orgId)
            return o.name;
    return orgId;
}

void SubscriptionInspection::setSummary(const SubscriptionSummary &summary)
{
    m_summary = summary;
    QHash<QString, QString> names;
    for (const SubscriptionSummary::Org &o : summary.orgs)
        names.insert(o.id, o.name);
    for (const OrgMembers &m : std::as_const(m_members))
        names.insert(m.org.id, m.org.name);
    m_calls.setOrgNames(names);
    Q_EMIT summaryChanged();
}

void SubscriptionInspection::reload()
{
    if (m_id.isEmpty())
        return;
    reloadSubscription();
    reloadCalls();
    reloadHistory();
    const int generation = m_generation;
    m_api->subscriptionMembers(this, m_id,
                               [this, generation](const ApiResult<QList<OrgMembers>> &r) {
                                   if (generation != m_generation)
                                       return;
                                   if (!r.ok()) {
                                       Q_EMIT loadFailed(r.error);
                                       return;
                                   }
                                   m_members = *r.value;
                                   m_membersLoaded = true;
                                   setSummary(m_summary); // org names for the calls
                                   Q_EMIT membersChanged();
                               });
}

void SubscriptionInspection::reloadSubscription()
{
    if (m_id.isEmpty())
        return;
    const int generation = m_generation;
    const QString id = m_id;
    // The list's row (with the 24-hour figures) for this id; the search matches ids exactly.
    SubscriptionQuery query;
    query.search = id;
    m_api->searchSubscriptions(
        this, query, {},
        [this, generation, id](const ApiResult<ApiPage<SubscriptionSummary>> &r) {
            if (generation != m_generation)
                return;
            if (!r.ok()) {
                // Fall back to the subscription alone (e.g. a service without the list).
                m_api->subscription(this, id, [this, generation](const ApiResult<Subscription> &s) {
                    if (generation != m_generation)
                        return;
                    if (!s.ok()) {
                        Q_EMIT loadFailed(s.error);
                        return;
                    }
                    SubscriptionSummary summary = m_summary;
                    summary.subscription = *s.value;
                    setSummary(summary);
                });
                return;
            }
            for (const SubscriptionSummary &s : r.value->results)
                if (s.subscription.id == id) {
                    setSummary(s);
                    return;
                }
            Q_EMIT loadFailed({404, QStringLiteral("Not Found"),
                               tr("The subscription %1 no longer exists.").arg(id),
                               QStringLiteral("subscription-not-found")});
        },
        10);
}

void SubscriptionInspection::reloadCalls()
{
    if (m_id.isEmpty() || m_callsInFlight)
        return;
    const int generation = m_generation;
    m_callsInFlight = true;
    m_api->activeCalls(this, m_id, [this, generation](const ApiResult<ActiveCalls> &r) {
        if (generation != m_generation)
            return;
        m_callsInFlight = false;
        if (!r.ok()) {
            Q_EMIT loadFailed(r.error);
            return;
        }
        QList<Call> calls = r.value->calls;
        // A call being ended stays out of the list even if this read was older than the end.
        calls.removeIf([this](const Call &c) { return m_ending.contains(c.id); });
        m_calls.setCalls(calls);
        m_leaseMs = r.value->leaseMs;
        m_callsLoaded = true;
        Q_EMIT callsChanged();
    });
}

void SubscriptionInspection::reloadHistory()
{
    if (m_id.isEmpty())
        return;
    fetchChanges({});
    fetchAudit({});
}

void SubscriptionInspection::fetchChanges(const QString &cursor)
{
    const int generation = m_generation;
    m_api->lineChanges(this, m_id, cursor,
                       [this, generation, cursor](const ApiResult<ApiPage<LineChange>> &r) {
                           if (generation != m_generation)
                               return;
                           if (!applyPage(m_changes, r, cursor.isEmpty()))
                               Q_EMIT loadFailed(r.error);
                           Q_EMIT historyChanged();
                       });
}

void SubscriptionInspection::fetchAudit(const QString &cursor)
{
    const int generation = m_generation;
    m_api->auditTrail(this, m_id, cursor,
                      [this, generation, cursor](const ApiResult<ApiPage<AuditEntry>> &r) {
                          if (generation != m_generation)
                              return;
                          if (!applyPage(m_audit, r, cursor.isEmpty()))
                              Q_EMIT loadFailed(r.error);
                          Q_EMIT historyChanged();
                      });
}

void SubscriptionInspection::endCall(const QString &callId, const QString &reason)
{
    if (m_id.isEmpty() || m_ending.contains(callId))
        return;
    const int generation = m_generation;
    m_ending.insert(callId);
    qCInfo(lcInspection).noquote() << "ending call" << callId << "of" << m_id;
    m_api->endCall(
        this, callId, reason.trimmed(), [this, generation, callId](const ApiResult<Call> &r) {
            if (generation != m_generation)
                return;
            m_ending.remove(callId);
            if (!r.ok()) {
                Q_EMIT endCallFailed(callId, r.error);
                return;
            }
            m_calls.removeCall(callId);
            // The pool has one slot more at once; the service's numbers follow.
            SubscriptionSummary s = m_summary;
            s.subscription.concurrencyCounter = qMax(0, s.subscription.concurrencyCounter - 1);
            setSummary(s);
            Q_EMIT callsChanged();
            Q_EMIT callEnded(callId);
            reloadSubscription();
            reloadCalls();
            fetchAudit({}); // the end is audited
        });
}

} // namespace linedesk
