#include "webhooklist.h"

#include "session.h"

namespace linedesk {

WebhookList::WebhookList(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    connect(&m_deliveries, &WebhookDeliveryModel::fetchMoreRequested, this,
            &WebhookList::fetchDeliveries);
    auto follow = [this] {
        const QString id = m_session->state() == Session::State::SignedIn
                               ? m_session->currentSubscriptionId()
                               : QString();
        if (id != m_subscriptionId)
            reload();
    };
    connect(session, &Session::subscriptionChanged, this, follow);
    connect(session, &Session::stateChanged, this, follow);
    connect(session, &Session::currentOrgChanged, this, follow);
}

void WebhookList::reload()
{
    const int generation = ++m_generation;
    const QString before = m_subscriptionId;
    m_subscriptionId = m_session->state() == Session::State::SignedIn
                           ? m_session->currentSubscriptionId()
                           : QString();
    const Session::Role role = m_session->role();
    if (m_subscriptionId != before) {
        m_webhooks.setWebhooks({});
        showDeliveries({});
    }
    if (m_subscriptionId.isEmpty() ||
        (role != Session::Role::Admin && role != Session::Role::Support)) {
        m_webhooks.setWebhooks({});
        m_loading = false;
        return;
    }
    m_loading = true;
    m_session->api()->webhooks(
        this, m_subscriptionId, [this, generation](const ApiResult<QList<Webhook>> &r) {
            if (generation != m_generation)
                return;
            m_loading = false;
            if (!r.ok()) {
                m_lastError = r.error.message;
                Q_EMIT loadFailed(r.error);
                return;
            }
            m_lastError.clear();
            m_webhooks.setWebhooks(*r.value);
            if (!m_deliveriesOf.isEmpty() && m_webhooks.rowOf(m_deliveriesOf) < 0)
                showDeliveries({});
            Q_EMIT loaded();
        });
}

void WebhookList::add(const QString &url, const QString &secret,
                      std::function<void(const ApiResult<Webhook> &)> done)
{
    m_session->api()->addWebhook(this, m_subscriptionId, url, secret,
                                 [this, done = std::move(done)](const ApiResult<Webhook> &r) {
                                     if (r.ok())
                                         reload();
                                     done(r);
                                 });
}

void WebhookList::remove(const QString &webhookId,
                         std::function<void(const ApiResult<bool> &)> done)
{
    m_session->api()->removeWebhook(this, m_subscriptionId, webhookId,
                                    [this, done = std::move(done)](const ApiResult<bool> &r) {
                                        // 404: already gone (another admin); the list is
                                        // stale either way.
                                        if (r.ok() || r.error.statusCode == 404)
                                            reload();
                                        done(r);
                                    });
}

void WebhookList::showDeliveries(const QString &webhookId)
{
    ++m_deliveriesGeneration;
    m_deliveriesOf = webhookId;
    m_deliveries.clear();
    if (!webhookId.isEmpty())
        fetchDeliveries({});
}

void WebhookList::reloadDeliveries()
{
    if (m_deliveriesOf.isEmpty())
        return;
    ++m_deliveriesGeneration;
    fetchDeliveries({});
}

bool WebhookList::hasPendingDeliveries() const
{
    for (int row = 0; row < m_deliveries.rowCount(); ++row)
        if (m_deliveries.at(row).state == QLatin1String("pending"))
            return true;
    return false;
}

void WebhookList::fetchDeliveries(const QString &cursor)
{
    const int generation = m_deliveriesGeneration;
    m_session->api()->webhookDeliveries(
        this, m_subscriptionId, m_deliveriesOf, cursor,
        [this, generation, cursor](const ApiResult<ApiPage<WebhookDelivery>> &r) {
            if (generation != m_deliveriesGeneration)
                return;
            if (applyPage(m_deliveries, r, cursor.isEmpty()))
                Q_EMIT deliveriesLoaded();
            else
                Q_EMIT deliveriesFailed(r.error);
        });
}

} // namespace linedesk
