#include "linechangeorder.h"

#include "logging.h"
#include "session.h"

namespace linedesk {

LineChangeOrder::LineChangeOrder(Session *session, QObject *parent)
    : QObject(parent), m_session(session)
{
    m_previewTimer.setSingleShot(true);
    m_previewTimer.setInterval(250);
    connect(&m_previewTimer, &QTimer::timeout, this, &LineChangeOrder::requestPreview);
    connect(session, &Session::subscriptionChanged, this, &LineChangeOrder::subscriptionChanged);
    connect(session, &Session::refreshFailed, this, &LineChangeOrder::refreshFailed);
}

void LineChangeOrder::setStatus(Status s)
{
    if (m_status == s)
        return;
    m_status = s;
    Q_EMIT statusChanged(s);
}

int LineChangeOrder::quantity() const
{
    if (!m_session->hasSubscription() || m_target <= 0)
        return 0;
    return m_target - m_session->subscription().concurrencyLimit();
}

void LineChangeOrder::setTargetLimit(int total)
{
    if (isBusy())
        return;
    const bool changed = total != m_target;
    m_target = total;
    if (changed || m_status == Status::Idle || m_status == Status::Succeeded) {
        if (m_preview) {
            m_preview.reset();
            Q_EMIT previewChanged();
        }
    }
    if (quantity() == 0) {
        ++m_previewSeq;
        m_previewTimer.stop();
        setStatus(Status::Idle);
        return;
    }
    setStatus(Status::Previewing);
    m_previewTimer.start();
}

void LineChangeOrder::reset()
{
    ++m_previewSeq;
    m_previewTimer.stop();
    m_preview.reset();
    m_pendingKey.clear();
    m_staleFrom = -1;
    m_target = m_session->hasSubscription() ? m_session->subscription().concurrencyLimit() : 0;
    setStatus(Status::Idle);
    Q_EMIT previewChanged();
}

void LineChangeOrder::subscriptionChanged()
{
    if (isBusy())
        return;
    if (m_staleFrom >= 0 && m_session->hasSubscription()) {
        // The service said the subscription changed under the confirmed quote: now that we
        // know how, say so and quote the same target total again.
        const int was = m_staleFrom;
        m_staleFrom = -1;
        m_preview.reset();
        Q_EMIT previewChanged();
        if (quantity() != 0) {
            setStatus(Status::Previewing);
            m_previewTimer.start();
        } else {
            setStatus(Status::Idle);
        }
        Q_EMIT quoteWentStale(was, m_session->subscription().concurrencyLimitPurchased);
        return;
    }
    // A different subscription, or the same one changed: the quote is no longer valid.
    if (m_preview &&
        (!m_session->hasSubscription() ||
         m_preview->purchasedBefore != m_session->subscription().concurrencyLimitPurchased)) {
        m_preview.reset();
        Q_EMIT previewChanged();
    }
    if (m_status == Status::Previewing || m_status == Status::Ready) {
        if (quantity() != 0)
            m_previewTimer.start();
        else
            setStatus(Status::Idle);
    }
}

void LineChangeOrder::refreshFailed()
{
    if (m_staleFrom < 0)
        return;
    // Could not read what changed: fall back to the service's refusal and "Reload".
    m_staleFrom = -1;
    setStatus(Status::Failed);
    Q_EMIT failed(m_error);
}

void LineChangeOrder::confirm(const LinePreview &confirmed)
{
    if (isBusy() || !m_session->hasSubscription())
        return;
    const int now = m_session->subscription().concurrencyLimitPurchased;
    const bool sameQuote = m_preview && m_preview->quantity == confirmed.quantity &&
                           m_preview->purchasedBefore == confirmed.purchasedBefore &&
                           m_preview->amountDueNowCents == confirmed.amountDueNowCents &&
                           m_preview->allowed;
    if (now != confirmed.purchasedBefore || !sameQuote || quantity() != confirmed.quantity) {
        qCInfo(lcSession).noquote()
            << "confirmed quote went stale: purchased" << confirmed.purchasedBefore << "->" << now;
        m_pendingKey.clear();
        if (m_status != Status::Previewing && quantity() != 0) {
            m_preview.reset();
            setStatus(Status::Previewing);
            m_previewTimer.start();
            Q_EMIT previewChanged();
        }
        Q_EMIT quoteWentStale(confirmed.purchasedBefore, now);
        return;
    }
    m_confirmedPurchased = confirmed.purchasedBefore;
    submit();
}

void LineChangeOrder::requestPreview()
{
    const int q = quantity();
    if (q == 0 || !m_session->hasSubscription())
        return;
    const int seq = ++m_previewSeq;
    const QString id = m_session->currentSubscriptionId();
    m_session->api()->previewLines(this, id, q, [this, seq, q](const ApiResult<LinePreview> &r) {
        if (seq != m_previewSeq || q != quantity() || m_status == Status::Submitting)
            return; // the admin moved on
        if (!r.ok()) {
            m_error = r.error;
            setStatus(Status::Failed);
            Q_EMIT previewFailed(r.error);
            return;
        }
        m_preview = *r.value;
        setStatus(Status::Ready);
        Q_EMIT previewChanged();
    });
}

void LineChangeOrder::submit()
{
    if (isBusy() || !m_session->hasSubscription() || !m_preview || !m_preview->allowed)
        return;
    const Subscription &s = m_session->subscription();
    const int q = m_preview->quantity;
    // A new intention gets a new key; the same one (after a network failure) keeps its key.
    if (m_pendingKey.isEmpty() || m_pendingSubscription != s.id || m_pendingQuantity != q ||
        m_pendingVersion != s.version) {
        m_pendingKey = ApiClient::newIdempotencyKey();
        m_pendingSubscription = s.id;
        m_pendingQuantity = q;
        m_pendingVersion = s.version;
    }
    send();
}

void LineChangeOrder::retry()
{
    if (!canRetry())
        return;
    send();
}

void LineChangeOrder::send()
{
    m_error = {};
    m_outcome.reset();
    setStatus(Status::Submitting);
    qCInfo(lcSession).noquote() << (m_pendingQuantity > 0 ? "buying" : "removing")
                                << qAbs(m_pendingQuantity) << "lines, key" << m_pendingKey;
    m_session->api()->changeLines(
        this, m_pendingSubscription, m_pendingQuantity, m_pendingKey, m_pendingVersion,
        [this](const ApiResult<LineChangeOutcome> &r) {
            if (!r.ok()) {
                m_error = r.error;
                const bool changed = r.error.code == QLatin1String("version-mismatch") ||
                                     r.error.code == QLatin1String("concurrent-change");
                if (changed && m_confirmedPurchased >= 0) {
                    // Nothing was charged; read the subscription,
                    // then tell the admin and quote again.
                    m_pendingKey.clear();
                    m_staleFrom = m_confirmedPurchased;
                    m_confirmedPurchased = -1;
                    m_preview.reset();
                    setStatus(Status::Previewing);
                    Q_EMIT previewChanged();
                    m_session->refreshSubscription();
                    return;
                }
                // The service answered: this key's request is settled.
                // Without an answer the charge may or may not have
                // happened, so the key stays for the retry.
                if (!r.isNetworkError())
                    m_pendingKey.clear();
                setStatus(Status::Failed);
                Q_EMIT failed(r.error);
                // Refused for a reason the quote can show (credits,
                // frozen, cap): quote again so the admin sees the
                // service's current answer. After 412: reload.
                if (!r.isNetworkError() && r.error.code != QLatin1String("version-mismatch"))
                    m_previewTimer.start();
                return;
            }
            m_pendingKey.clear();
            m_confirmedPurchased = -1;
            m_outcome = *r.value;
            m_replayed = r.replayed;
            m_preview.reset();
            m_target = r.value->subscription.concurrencyLimit();
            setStatus(Status::Succeeded);
            m_session->applySubscription(r.value->subscription);
            Q_EMIT previewChanged();
            Q_EMIT succeeded(*r.value, r.replayed);
        });
}

} // namespace linedesk
