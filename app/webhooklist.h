#pragma once

#include "apiclient.h"
#include "webhookmodels.h"

#include <QObject>

namespace linedesk {

class Session;

// The Webhooks section's data: the current subscription's webhooks and the deliveries of the
// one the user looks at. Admins add and remove; support reads; viewers see none (the service
// answers them 403).
class WebhookList : public QObject
{
    Q_OBJECT
public:
    explicit WebhookList(Session *session, QObject *parent = nullptr);

    WebhookModel *webhooks() { return &m_webhooks; }
    WebhookDeliveryModel *deliveries() { return &m_deliveries; }
    QString deliveriesWebhookId() const { return m_deliveriesOf; }
    bool isLoading() const { return m_loading; }
    QString lastError() const { return m_lastError; }

    void reload();
    // POST; the list is read again after a success.
    void add(const QString &url, const QString &secret,
             std::function<void(const ApiResult<Webhook> &)> done);
    // DELETE; the list is read again after a success.
    void remove(const QString &webhookId, std::function<void(const ApiResult<bool> &)> done);
    // The first page of one webhook's deliveries (empty id: none).
    void showDeliveries(const QString &webhookId);
    // The first page again, without emptying the list first (new deliveries, new attempts).
    void reloadDeliveries();
    // True while one of the deliveries shown waits for a (next) attempt.
    bool hasPendingDeliveries() const;

Q_SIGNALS:
    void loaded();
    void loadFailed(const linedesk::ApiError &error);
    void deliveriesLoaded();
    void deliveriesFailed(const linedesk::ApiError &error);

private:
    void fetchDeliveries(const QString &cursor);

    Session *m_session;
    WebhookModel m_webhooks;
    WebhookDeliveryModel m_deliveries;
    QString m_subscriptionId;
    QString m_deliveriesOf;
    QString m_lastError;
    bool m_loading = false;
    int m_generation = 0;
    int m_deliveriesGeneration = 0;
};

} // namespace linedesk
