#pragma once

#include "apierror.h"
#include "confirmlinechangedialog.h"

#include <QFrame>
#include <QPointer>

class QDialog;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace linedesk {
class CapacityPlanLoader;
class LineChangeOrder;
class LiveFeedClient;
class Session;
} // namespace linedesk

namespace linedesk::ui {

class CapacityPlanView;
class Notice;

// Billing → Add-ons: "Reserved concurrency (call lines)". Included + purchased = total, the
// active calls now, a stepper for the total the admin wants, the service's quote for it, and
// the purchase or removal behind a confirm dialog. Under the stepper, what the total in the box
// would have meant for the last window's calls (the capacity plan), and "Plan…" for the whole
// plan, whose "Use N lines" only sets the box: buying still goes through the review.
class LinesCard : public QFrame
{
    Q_OBJECT
public:
    explicit LinesCard(Session *session, QWidget *parent = nullptr);

    LineChangeOrder *order() const { return m_order; }
    ConfirmLineChangeDialog *confirmDialog() const { return m_dialog; }
    // "Active calls now" follows the live feed while it is live.
    void setLiveFeed(LiveFeedClient *feed);

    CapacityPlanLoader *planLoader() const { return m_planLoader; }
    // The "Plan…" dialog while it is open.
    QDialog *planDialog() const { return m_planDialog; }
    CapacityPlanView *planView() const;
    void openPlan();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void reviewFromKeyboard();
    void subscriptionChanged();
    void updateActive();
    void targetChanged(int total);
    void updatePreview();
    void updateControls();
    void openConfirm();
    void quoteWentStale(int purchasedBefore, int purchasedNow);
    void reopenConfirmIfReady();
    void showSucceeded(bool replayed);
    void showFailed(const ApiError &error);
    void reload();
    void revealResult();
    QString describeFailure(const ApiError &error) const;
    void updatePlanLine();
    bool planFailedForNow() const;
    void usePlanTotal(int total);

    Session *m_session;
    LineChangeOrder *m_order;
    bool m_reloading = false;

    QLabel *m_included;
    QLabel *m_purchased;
    QLabel *m_total;
    QLabel *m_active;
    QProgressBar *m_activeBar;
    LiveFeedClient *m_feed = nullptr;
    QLabel *m_staleNote;
    QLabel *m_price;

    QSpinBox *m_spin;
    QToolButton *m_minus;
    QToolButton *m_plus;
    QLabel *m_spinHint;
    QLabel *m_roleNote;
    // The stepper and the buy/remove buttons: not shown to who cannot change lines (viewer).
    QList<QWidget *> m_changeWidgets;

    QFrame *m_previewPanel;
    QLabel *m_previewHeadline;
    QLabel *m_chargeCaption;
    QLabel *m_chargeAmount;
    QLabel *m_chargeDetail;
    QLabel *m_monthlyAmount;
    QLabel *m_monthlyDetail;
    QLabel *m_effect;
    QLabel *m_previewStatus;
    Notice *m_warnings;
    Notice *m_refusal;

    QPushButton *m_submit;
    QPushButton *m_reset;
    Notice *m_result;
    QPushButton *m_retry;
    QPushButton *m_reload;
    QPointer<ConfirmLineChangeDialog> m_dialog;
    // Said at the top of the confirmation reopened with a new quote after the old one went
    // stale (empty: no reopening pending).
    QString m_reconfirmNote;
    // Enter pressed before the quote arrived: review it once it does.
    bool m_reviewWhenQuoted = false;

    CapacityPlanLoader *m_planLoader;
    QString m_planSubscription;
    int m_planLimit = -1; // the lines in force the plan was asked for
    QLabel *m_planLine;
    QPushButton *m_planRetry;
    QPushButton *m_planButton;
    QPointer<QDialog> m_planDialog;
};

} // namespace linedesk::ui
