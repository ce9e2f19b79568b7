#pragma once

#include "activecallsmodel.h"
#include "apiclient.h"
#include "audittrailmodel.h"
#include "linechangemodel.h"
#include "subscriptionsummary.h"

#include <QObject>
#include <QSet>

namespace linedesk {

// Everything support reads about one subscription, for its detail view: the subscription
// with its 24-hour figures, the organizations sharing it and their users, the calls holding
// its lines now, its line changes and audit trail. Independent of Session: inspecting a
// subscription does not change whose console this is.
class SubscriptionInspection : public QObject
{
    Q_OBJECT
public:
    explicit SubscriptionInspection(ApiClient *api, QObject *parent = nullptr);

    // Starts with what the list already knows, then reads everything.
    void open(const SubscriptionSummary &summary);
    void open(const QString &subscriptionId);
    void close();
    QString subscriptionId() const { return m_id; }
    bool hasSummary() const { return !m_summary.subscription.id.isEmpty(); }
    const SubscriptionSummary &summary() const { return m_summary; }
    const QList<OrgMembers> &members() const { return m_members; }
    bool hasMembers() const { return m_membersLoaded; }
    QString orgName(const QString &orgId) const;

    ActiveCallsModel *calls() { return &m_calls; }
    LineChangeModel *lineChanges() { return &m_changes; }
    AuditTrailModel *auditTrail() { return &m_audit; }
    qint64 leaseMs() const { return m_leaseMs; }
    bool callsLoaded() const { return m_callsLoaded; }

    // Reads everything again.
    void reload();
    void reloadSubscription();
    void reloadCalls();
    void reloadHistory();

    // POST /call/{id}/end with support's reason. callEnded() or endCallFailed() follows.
    void endCall(const QString &callId, const QString &reason);
    bool isEnding(const QString &callId) const { return m_ending.contains(callId); }

Q_SIGNALS:
    void summaryChanged();
    void membersChanged();
    void callsChanged();
    void historyChanged();
    void loadFailed(const linedesk::ApiError &error);
    void callEnded(const QString &callId);
    void endCallFailed(const QString &callId, const linedesk::ApiError &error);

private:
    void setSummary(const SubscriptionSummary &summary);
    void fetchChanges(const QString &cursor);
    void fetchAudit(const QString &cursor);

    ApiClient *m_api;
    QString m_id;
    SubscriptionSummary m_summary;
    QList<OrgMembers> m_members;
    bool m_membersLoaded = false;
    ActiveCallsModel m_calls;
    LineChangeModel m_changes;
    AuditTrailModel m_audit;
    qint64 m_leaseMs = 0;
    bool m_callsLoaded = false;
    bool m_callsInFlight = false;
    QSet<QString> m_ending;
    int m_generation = 0; // answers about an earlier subscription are dropped
};

} // namespace linedesk
