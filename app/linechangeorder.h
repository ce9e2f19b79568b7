#pragma once

#include "apiclient.h"
#include "linepreview.h"

#include <QObject>
#include <QTimer>

namespace linedesk {

class Session;

// The admin's intended change of concurrency lines for the session's subscription: the
// target total, the service's quote for it, and the purchase or removal itself.
//
// One idempotency key belongs to one intended change (subscription, quantity, version). It
// is kept after a network failure so that "Try again" repeats the same request and the
// service charges once; it is dropped once the service has answered.
class LineChangeOrder : public QObject
{
    Q_OBJECT
public:
    enum class Status
    {
        Idle,
        Previewing,
        Ready,
        Submitting,
        Succeeded,
        Failed
    };
    Q_ENUM(Status)

    explicit LineChangeOrder(Session *session, QObject *parent = nullptr);

    // Total lines the admin wants (included + purchased). The quote follows after a short pause.
    void setTargetLimit(int total);
    int targetLimit() const { return m_target; }
    // Lines to buy (> 0) or remove (< 0) from the subscription as last read.
    int quantity() const;

    Status status() const { return m_status; }
    bool isBusy() const { return m_status == Status::Submitting; }
    // The quote for the current quantity, if it has arrived.
    const std::optional<LinePreview> &preview() const { return m_preview; }
    const ApiError &lastError() const { return m_error; }
    const std::optional<LineChangeOutcome> &lastOutcome() const { return m_outcome; }
    bool lastWasReplayed() const { return m_replayed; }

    // Sends the change (the quote must be current and allowed).
    void submit();
    // Sends the change the admin confirmed, if `confirmed` is still the quote for the
    // subscription as it is now. If the subscription changed meanwhile (another purchase, a
    // removal), nothing is sent: quoteWentStale() says what changed and a new quote follows.
    // The same when the service answers that the subscription changed (412 / 409): the
    // subscription is read again first. The target total stays what the admin asked for.
    void confirm(const LinePreview &confirmed);
    // After a network failure: the same request again, with the same key.
    void retry();
    QString pendingIdempotencyKey() const { return m_pendingKey; }
    bool canRetry() const { return !m_pendingKey.isEmpty() && m_status == Status::Failed; }

    // The quote waits this long after the last change of the target (default 250 ms).
    void setPreviewDelay(int ms) { m_previewTimer.setInterval(ms); }
    void reset();

Q_SIGNALS:
    void statusChanged(linedesk::LineChangeOrder::Status status);
    void previewChanged();
    void previewFailed(const linedesk::ApiError &error);
    void succeeded(const linedesk::LineChangeOutcome &outcome, bool replayed);
    void failed(const linedesk::ApiError &error);
    // The confirmed quote was for `purchasedBefore` purchased lines; the subscription now has
    // `purchasedNow`. Nothing was charged; the quote for the same target total follows (or
    // none, when the subscription already has that total).
    void quoteWentStale(int purchasedBefore, int purchasedNow);

private:
    void setStatus(Status s);
    void requestPreview();
    void send();
    void subscriptionChanged();
    void refreshFailed();

    Session *m_session;
    QTimer m_previewTimer;
    int m_target = 0;
    int m_previewSeq = 0;
    std::optional<LinePreview> m_preview;
    Status m_status = Status::Idle;
    ApiError m_error;
    std::optional<LineChangeOutcome> m_outcome;
    bool m_replayed = false;

    // The request a retry repeats.
    QString m_pendingKey;
    QString m_pendingSubscription;
    int m_pendingQuantity = 0;
    qint64 m_pendingVersion = -1;
    // Purchased lines the confirmed quote was for; while >= 0 after a 412/409, the order
    // waits for the subscription's new state to tell the admin and quote again.
    int m_confirmedPurchased = -1;
    int m_staleFrom = -1;
};

} // namespace linedesk
