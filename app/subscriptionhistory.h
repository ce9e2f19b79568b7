#pragma once

#include "apierror.h"
#include "audittrailmodel.h"
#include "linechangemodel.h"

#include <QObject>

namespace linedesk {

class Session;

// The History section's data: the current subscription's line changes and audit trail,
// loaded page by page from the service into their item models.
class SubscriptionHistory : public QObject
{
    Q_OBJECT
public:
    explicit SubscriptionHistory(Session *session, QObject *parent = nullptr);

    LineChangeModel *lineChanges() { return &m_changes; }
    AuditTrailModel *auditTrail() { return &m_audit; }
    bool isLoading() const { return m_loading > 0; }
    // Empty when the audit trail is readable; otherwise why it is not shown.
    QString auditUnavailableReason() const { return m_auditUnavailable; }

    void reload();

Q_SIGNALS:
    void loaded();
    void loadFailed(const linedesk::ApiError &error);

private:
    void fetchChanges(const QString &cursor);
    void fetchAudit(const QString &cursor);
    void settle();

    Session *m_session;
    LineChangeModel m_changes;
    AuditTrailModel m_audit;
    QString m_subscriptionId;
    QString m_auditUnavailable;
    qint64 m_loadedVersion = -1;
    int m_loading = 0;
    int m_generation = 0;
};

} // namespace linedesk
