#include "linescard.h"

#include "capacityplanloader.h"
#include "capacityplantext.h"
#include "capacityplanview.h"
#include "confirmlinechangedialog.h"
#include "linechangeorder.h"
#include "linepreviewtext.h"
#include "livefeedclient.h"
#include "localeformat.h"
#include "session.h"
#include "uikit.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLoggingCategory>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcLinesCard, "linedesk.ui.lines")

namespace linedesk::ui {

namespace {

QFrame *tile(const QString &caption, QLabel *number, bool accent, QWidget *parent)
{
    auto *frame = new QFrame(parent);
    setCls(frame, "tile");
    frame->setProperty("accent", accent);
    auto *l = new QVBoxLayout(frame);
    l->setContentsMargins(18, 12, 18, 12);
    l->setSpacing(2);
    setCls(number, "bigNumber");
    number->setAlignment(Qt::AlignCenter);
    l->addWidget(number);
    auto *c = makeLabel(caption, "caption", frame);
    c->setAlignment(Qt::AlignCenter);
    l->addWidget(c);
    frame->setMinimumWidth(130);
    return frame;
}

} // namespace

LinesCard::LinesCard(Session *session, QWidget *parent)
    : QFrame(parent), m_session(session), m_order(new LineChangeOrder(session, this)),
      m_planLoader(new CapacityPlanLoader(session->api(), this))
{
    setObjectName(QStringLiteral("linesCard"));
    setCls(this, "card");
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 20);
    layout->setSpacing(12);

    auto *title = makeLabel(tr("Reserved concurrency (call lines)"), nullptr, this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    layout->addWidget(title);
    m_price = makeLabel(QString(), "muted", this);
    m_price->setWordWrap(true);
    layout->addWidget(m_price);

    // Included + Purchased = Total
    auto *equation = new QHBoxLayout;
    equation->setSpacing(12);
    m_included = new QLabel(this);
    m_included->setObjectName(QStringLiteral("includedLines"));
    m_purchased = new QLabel(this);
    m_purchased->setObjectName(QStringLiteral("purchasedLines"));
    m_total = new QLabel(this);
    m_total->setObjectName(QStringLiteral("totalLines"));
    equation->addWidget(tile(tr("Included"), m_included, false, this));
    equation->addWidget(makeLabel(QStringLiteral("+"), "operator", this));
    equation->addWidget(tile(tr("Purchased"), m_purchased, false, this));
    equation->addWidget(makeLabel(QStringLiteral("="), "operator", this));
    equation->addWidget(tile(tr("Concurrent calls"), m_total, true, this));
    equation->addSpacing(16);
    auto *activeBox = new QVBoxLayout;
    activeBox->setSpacing(6);
    activeBox->addWidget(makeLabel(tr("Active calls now"), "caption", this));
    m_active = makeLabel(QString(), "metric", this);
    m_active->setObjectName(QStringLiteral("activeCalls"));
    activeBox->addWidget(m_active);
    m_activeBar = new QProgressBar(this);
    m_activeBar->setTextVisible(false);
    m_activeBar->setFixedHeight(8);
    m_activeBar->setMinimumWidth(160);
    activeBox->addWidget(m_activeBar);
    equation->addLayout(activeBox, 1);
    layout->addLayout(equation);
    m_staleNote = makeLabel(QString(), "staleNote", this);
    m_staleNote->setObjectName(QStringLiteral("staleNote"));
    m_staleNote->hide();
    layout->addWidget(m_staleNote);

    auto *divider = new QFrame(this);
    divider->setFrameShape(QFrame::HLine);
    divider->setObjectName(QStringLiteral("cardDivider"));
    layout->addWidget(divider);

    // The stepper: the total the admin wants.
    auto *change = new QHBoxLayout;
    change->setSpacing(12);
    auto *changeLabel = makeLabel(tr("&Lines you want in total"), "fieldLabel", this);
    auto *minus = new QToolButton(this);
    minus->setObjectName(QStringLiteral("linesMinus"));
    minus->setText(QStringLiteral("\u2212"));
    minus->setToolTip(tr("One line fewer (Down arrow in the box)"));
    minus->setAccessibleName(tr("One line fewer"));
    minus->setAutoRepeat(true);
    auto *plus = new QToolButton(this);
    plus->setObjectName(QStringLiteral("linesPlus"));
    plus->setText(QStringLiteral("+"));
    plus->setToolTip(tr("One line more (Up arrow in the box)"));
    plus->setAccessibleName(tr("One line more"));
    plus->setAutoRepeat(true);
    for (QToolButton *b : {minus, plus}) {
        setCls(b, "stepper");
        b->setFocusPolicy(Qt::NoFocus); // the box itself takes Up/Down/PageUp/PageDown
        b->setCursor(Qt::PointingHandCursor);
    }
    m_spin = new QSpinBox(this);
    m_spin->setObjectName(QStringLiteral("linesSpin"));
    m_spin->setButtonSymbols(QAbstractSpinBox::NoButtons);
    m_spin->setAlignment(Qt::AlignCenter);
    connect(minus, &QToolButton::clicked, m_spin, &QSpinBox::stepDown);
    connect(plus, &QToolButton::clicked, m_spin, &QSpinBox::stepUp);
    m_minus = minus;
    m_plus = plus;
    m_spin->setAccelerated(true);
    m_spin->setKeyboardTracking(true);
    m_spin->setAccessibleName(tr("Total concurrency lines"));
    changeLabel->setBuddy(m_spin);
    // Enter in the box reviews the change (QAbstractSpinBox passes Enter on, and a card on a
    // page has no default button to take it).
    m_spin->installEventFilter(this);
    m_spinHint = makeLabel(QString(), "muted", this);
    m_spinHint->setObjectName(QStringLiteral("spinHint"));
    change->addWidget(changeLabel);
    change->addSpacing(4);
    auto *stepper = new QHBoxLayout;
    stepper->setSpacing(0);
    stepper->addWidget(minus);
    stepper->addWidget(m_spin);
    stepper->addWidget(plus);
    change->addLayout(stepper);
    change->addWidget(m_spinHint, 1);
    layout->addLayout(change);

    // What the total in the box would have meant for the last window's calls.
    auto *plan = new QHBoxLayout;
    plan->setSpacing(10);
    m_planLine = makeLabel(QString(), nullptr, this);
    m_planLine->setObjectName(QStringLiteral("planSentence"));
    m_planLine->setWordWrap(true);
    m_planLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_planLine->setAccessibleName(tr("What this total would have meant"));
    m_planLine->setToolTip(tr("Replay: your own calls played again against this many lines. "
                              "Erlang B: the share of calls blocked at your busiest hour if "
                              "calls came at random and blocked callers did not try again."));
    plan->addWidget(m_planLine, 1);
    m_planRetry = makeButton(tr("Try a&gain"), nullptr, this);
    m_planRetry->setObjectName(QStringLiteral("planSentenceRetry"));
    m_planRetry->hide();
    plan->addWidget(m_planRetry, 0, Qt::AlignVCenter);
    m_planButton = makeButton(tr("&Plan…"), nullptr, this);
    m_planButton->setObjectName(QStringLiteral("planButton"));
    m_planButton->setAccessibleName(tr("Plan lines from your calls"));
    m_planButton->setToolTip(tr("Blocked calls against total lines, each total's monthly charge "
                                "and a recommendation"));
    plan->addWidget(m_planButton, 0, Qt::AlignVCenter);
    layout->addLayout(plan);
    m_roleNote = makeLabel(QString(), "roleNote", this);
    m_roleNote->setObjectName(QStringLiteral("roleNote"));
    m_roleNote->setWordWrap(true);
    layout->addWidget(m_roleNote);

    // The service's quote.
    m_previewPanel = new QFrame(this);
    m_previewPanel->setObjectName(QStringLiteral("previewPanel"));
    auto *pl = new QVBoxLayout(m_previewPanel);
    pl->setContentsMargins(18, 14, 18, 14);
    pl->setSpacing(10);
    m_previewHeadline = new QLabel(m_previewPanel);
    m_previewHeadline->setObjectName(QStringLiteral("previewHeadline"));
    pl->addWidget(m_previewHeadline);
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(18);
    grid->setVerticalSpacing(6);
    m_chargeCaption = makeLabel(tr("Charged now"), "muted", m_previewPanel);
    m_chargeAmount = makeLabel(QString(), "amount", m_previewPanel);
    m_chargeAmount->setObjectName(QStringLiteral("previewAmount"));
    m_chargeDetail = makeLabel(QString(), "muted", m_previewPanel);
    m_chargeDetail->setObjectName(QStringLiteral("previewPeriod"));
    m_monthlyAmount = makeLabel(QString(), "amount", m_previewPanel);
    m_monthlyAmount->setObjectName(QStringLiteral("previewMonthly"));
    m_monthlyDetail = makeLabel(QString(), "muted", m_previewPanel);
    m_effect = makeLabel(tr("Immediately"), "amount", m_previewPanel);
    m_effect->setObjectName(QStringLiteral("previewEffect"));
    grid->addWidget(m_chargeCaption, 0, 0);
    grid->addWidget(m_chargeAmount, 0, 1, Qt::AlignRight);
    grid->addWidget(m_chargeDetail, 0, 2);
    grid->addWidget(makeLabel(tr("New monthly charge"), "muted", m_previewPanel), 1, 0);
    grid->addWidget(m_monthlyAmount, 1, 1, Qt::AlignRight);
    grid->addWidget(m_monthlyDetail, 1, 2);
    grid->addWidget(makeLabel(tr("Available"), "muted", m_previewPanel), 2, 0);
    grid->addWidget(m_effect, 2, 1, Qt::AlignRight);
    grid->addWidget(makeLabel(tr("as soon as you confirm; no restart, no waiting for renewal"),
                              "muted", m_previewPanel),
                    2, 2);
    grid->setColumnStretch(2, 1);
    pl->addLayout(grid);
    m_warnings = new Notice(m_previewPanel);
    m_warnings->setObjectName(QStringLiteral("previewWarnings"));
    pl->addWidget(m_warnings);
    m_refusal = new Notice(m_previewPanel);
    m_refusal->setObjectName(QStringLiteral("previewRefusal"));
    pl->addWidget(m_refusal);
    layout->addWidget(m_previewPanel);
    m_previewStatus = makeLabel(QString(), "muted", this);
    m_previewStatus->setObjectName(QStringLiteral("previewStatus"));
    layout->addWidget(m_previewStatus);

    // Actions and outcome.
    auto *actions = new QHBoxLayout;
    actions->addStretch(1);
    m_reset = makeButton(tr("&Undo changes"), nullptr, this);
    m_reset->setObjectName(QStringLiteral("resetButton"));
    m_submit = makeButton(tr("Review purchase…"), "primary", this);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_submit->setMinimumWidth(180);
    actions->addWidget(m_reset);
    actions->addWidget(m_submit);
    m_changeWidgets = {changeLabel, m_minus, m_spin, m_plus, m_spinHint, m_reset, m_submit};
    layout->addLayout(actions);
    m_result = new Notice(this);
    m_result->setObjectName(QStringLiteral("resultNotice"));
    m_retry = m_result->addButton(tr("&Try again"), QStringLiteral("retryButton"));
    m_reload = m_result->addButton(tr("&Reload"), QStringLiteral("reloadButton"));
    layout->addWidget(m_result);
    // Never squeeze the quote: the page scrolls instead.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_previewPanel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);

    connect(m_spin, &QSpinBox::valueChanged, this, &LinesCard::targetChanged);
    connect(m_reset, &QPushButton::clicked, this, [this] {
        m_result->hide();
        if (m_session->hasSubscription())
            m_spin->setValue(m_session->subscription().concurrencyLimit());
    });
    connect(m_submit, &QPushButton::clicked, this, &LinesCard::openConfirm);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_result->hide();
        m_order->retry();
    });
    connect(m_reload, &QPushButton::clicked, this, &LinesCard::reload);
    connect(m_order, &LineChangeOrder::previewChanged, this, &LinesCard::updatePreview);
    connect(m_order, &LineChangeOrder::statusChanged, this, &LinesCard::updateControls);
    connect(m_order, &LineChangeOrder::previewFailed, this, [this](const ApiError &e) {
        m_previewStatus->setText(tr("No quote: %1").arg(e.message));
        updateControls();
    });
    connect(m_order, &LineChangeOrder::succeeded, this,
            [this](const LineChangeOutcome &, bool replayed) { showSucceeded(replayed); });
    connect(m_order, &LineChangeOrder::failed, this, &LinesCard::showFailed);
    connect(m_order, &LineChangeOrder::quoteWentStale, this, &LinesCard::quoteWentStale);
    connect(m_order, &LineChangeOrder::previewChanged, this, &LinesCard::reopenConfirmIfReady);
    connect(m_order, &LineChangeOrder::statusChanged, this, &LinesCard::reopenConfirmIfReady);
    connect(m_planRetry, &QPushButton::clicked, m_planLoader, &CapacityPlanLoader::reload);
    connect(m_planButton, &QPushButton::clicked, this, &LinesCard::openPlan);
    connect(m_planLoader, &CapacityPlanLoader::stateChanged, this, &LinesCard::updatePlanLine);
    connect(m_planLoader, &CapacityPlanLoader::planChanged, this, &LinesCard::updatePlanLine);
    connect(m_session, &Session::subscriptionChanged, this, &LinesCard::subscriptionChanged);
    connect(m_session, &Session::subscriptionCurrentChanged, this, &LinesCard::subscriptionChanged);
    connect(m_session, &Session::currentOrgChanged, this, [this] {
        m_result->hide();
        m_order->reset();
        subscriptionChanged();
    });
    subscriptionChanged();
}

bool LinesCard::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_spin && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            m_spin->interpretText(); // the typed total, as valueChanged sees it
            reviewFromKeyboard();
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

void LinesCard::reviewFromKeyboard()
{
    if (m_submit->isEnabled()) {
        openConfirm();
        return;
    }
    // The quote for the typed total is on its way: open the review when it comes.
    m_reviewWhenQuoted = m_order->quantity() != 0 && m_session->canChangeLines() &&
                         m_order->status() == LineChangeOrder::Status::Previewing;
}

void LinesCard::setLiveFeed(LiveFeedClient *feed)
{
    m_feed = feed;
    connect(feed, &LiveFeedClient::numbersChanged, this, &LinesCard::updateActive);
    updateActive();
}

void LinesCard::updateActive()
{
    const bool current = m_session->hasSubscription() && m_session->isSubscriptionCurrent();
    if (!current) {
        // Never show an old count as if it were now.
        m_active->setText(tr("—"));
        m_activeBar->setValue(0);
        return;
    }
    const Subscription &s = m_session->subscription();
    const bool live = m_feed && m_feed->isLive();
    const int active = live ? m_feed->active() : s.concurrencyCounter;
    const int limit = live ? m_feed->limit() : s.concurrencyLimit();
    m_active->setText(tr("%1 of %2").arg(active).arg(limit));
    m_activeBar->setRange(0, qMax(1, limit));
    m_activeBar->setValue(qMin(active, limit));
    const bool full = active >= limit;
    if (m_activeBar->property("full").toBool() != full) {
        m_activeBar->setProperty("full", full);
        repolish(m_activeBar);
    }
}

void LinesCard::subscriptionChanged()
{
    const bool has = m_session->hasSubscription();
    const bool current = has && m_session->isSubscriptionCurrent();
    for (QLabel *l : {m_included, m_purchased, m_total, m_active})
        setStale(l, !current);
    if (!has) {
        for (QLabel *l : {m_included, m_purchased, m_total, m_active})
            l->setText(tr("—"));
        m_price->setText(tr("Loading the subscription…"));
        m_staleNote->hide();
        m_planSubscription.clear();
        m_planLoader->setSubscription(QString());
        updateControls();
        updatePlanLine();
        return;
    }
    const Subscription &s = m_session->subscription();
    m_included->setText(QString::number(s.concurrencyLimitIncluded));
    m_purchased->setText(QString::number(s.concurrencyLimitPurchased));
    m_total->setText(QString::number(s.concurrencyLimit()));
    m_price->setText(
        tr("Each line lets one more call run at the same time · %1 per line per month, "
           "prorated to %2 when bought now.")
            .arg(format::money(s.linePriceCents), format::date(s.currentPeriodEnd)));
    // The page says since when the numbers are old; here they are greyed.
    m_staleNote->hide();
    updateActive();

    const int limit = s.concurrencyLimit();
    m_spin->blockSignals(true);
    m_spin->setRange(s.concurrencyLimitIncluded, s.concurrencyLimitIncluded + 1000);
    if (m_order->status() == LineChangeOrder::Status::Idle ||
        m_order->status() == LineChangeOrder::Status::Succeeded || m_order->targetLimit() <= 0)
        m_spin->setValue(limit);
    m_spin->blockSignals(false);
    if (m_reloading) {
        m_reloading = false;
        m_order->setTargetLimit(m_spin->value());
    }
    updateControls();
    updatePreview();

    // One plan per subscription, window and target; asked again when the lines in force
    // change (its "now" and its options move with them).
    if (s.id != m_planSubscription) {
        m_planSubscription = s.id;
        m_planLimit = limit;
        m_planLoader->setSubscription(s.id);
        m_planLoader->load();
    } else if (limit != m_planLimit || planFailedForNow()) {
        m_planLimit = limit;
        m_planLoader->reload();
    }
    updatePlanLine();
}

void LinesCard::targetChanged(int total)
{
    m_result->hide();
    m_reviewWhenQuoted = false;
    m_order->setTargetLimit(total);
    updateControls();
    updatePlanLine();
}

bool LinesCard::planFailedForNow() const
{
    // No answer, or a busy report queue: worth asking again once the service answers us.
    const ApiError &e = m_planLoader->error();
    return m_planLoader->state() == CapacityPlanLoader::State::Failed &&
           (e.statusCode == 0 || e.statusCode == 503);
}

void LinesCard::updatePlanLine()
{
    const bool has = m_session->hasSubscription();
    m_planButton->setEnabled(has);
    const CapacityPlanLoader::State state = m_planLoader->state();
    const bool failed = state == CapacityPlanLoader::State::Failed;
    m_planRetry->setVisible(failed);
    if (m_planLine->property("failed").toBool() != failed) {
        m_planLine->setProperty("failed", failed);
        repolish(m_planLine);
    }
    if (!has || state == CapacityPlanLoader::State::Idle)
        m_planLine->clear();
    else if (state == CapacityPlanLoader::State::Loading)
        m_planLine->setText(tr("Working out what more lines would have done…"));
    else if (failed)
        m_planLine->setText(tr("No plan from your calls: %1")
                                .arg(CapacityPlanText::failure(m_planLoader->error())));
    else if (const auto &plan = m_planLoader->plan())
        m_planLine->setText(
            CapacityPlanText::forTotal(*plan, m_planLoader->planWindow(), m_spin->value()));
    if (CapacityPlanView *view = planView())
        view->setUseAllowed(m_session->canChangeLines() && m_spin->isEnabled(), m_spin->minimum());
}

CapacityPlanView *LinesCard::planView() const
{
    return m_planDialog ? m_planDialog->findChild<CapacityPlanView *>() : nullptr;
}

void LinesCard::openPlan()
{
    if (!m_session->hasSubscription())
        return;
    if (m_planDialog) {
        m_planDialog->raise();
        m_planDialog->activateWindow();
        return;
    }
    m_planLoader->load();
    auto *dialog = new QDialog(window());
    dialog->setObjectName(QStringLiteral("planDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Plan lines · %1")
                               .arg(m_session->currentOrgName().isEmpty()
                                        ? m_session->subscription().name
                                        : m_session->currentOrgName()));
    auto *l = new QVBoxLayout(dialog);
    l->setContentsMargins(24, 18, 24, 16);
    l->setSpacing(12);
    auto *title = makeLabel(tr("What more lines would have done"), nullptr, dialog);
    title->setObjectName(QStringLiteral("sectionTitle"));
    l->addWidget(title);
    auto *view = new CapacityPlanView(m_planLoader, dialog);
    // Scrolls when the screen is smaller than the view (1440 × 900 cut off its Close button).
    auto *scroll = new QScrollArea(dialog);
    scroll->setObjectName(QStringLiteral("planScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(view);
    scroll->viewport()->setAutoFillBackground(false);
    view->setAutoFillBackground(false);
    l->addWidget(scroll, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    buttons->setObjectName(QStringLiteral("planDialogButtons"));
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    l->addWidget(buttons);
    connect(view, &CapacityPlanView::useRequested, this, &LinesCard::usePlanTotal);
    m_planDialog = dialog;
    updatePlanLine();
    const QScreen *screen = window()->screen();
    const QRect room = screen ? screen->availableGeometry() : QRect(0, 0, 1280, 800);
    dialog->resize(qMin(1180, room.width() - 40), qMin(840, room.height() - 60));
    dialog->open();
}

void LinesCard::usePlanTotal(int total)
{
    if (!m_session->canChangeLines() || !m_spin->isEnabled())
        return;
    // Only the box: the quote follows, and buying goes through the review as always.
    m_spin->setValue(qBound(m_spin->minimum(), total, m_spin->maximum()));
    if (m_planDialog)
        m_planDialog->accept();
    m_spin->setFocus();
    m_spin->selectAll();
}

void LinesCard::updatePreview()
{
    const auto &p = m_order->preview();
    const int q = m_order->quantity();
    if (m_session->hasSubscription()) {
        const Subscription &s = m_session->subscription();
        const int purchased = qMax(0, s.concurrencyLimitPurchased + q);
        m_spinHint->setText(
            q == 0 ? tr("%1 included + %2 purchased · no change")
                         .arg(s.concurrencyLimitIncluded)
                         .arg(s.concurrencyLimitPurchased)
                   : (q > 0 ? tr("%1 included + %2 purchased · buy %n line(s)", nullptr, q)
                            : tr("%1 included + %2 purchased · remove %n line(s)", nullptr, -q))
                         .arg(s.concurrencyLimitIncluded)
                         .arg(purchased));
    }
    if (!p || q == 0) {
        m_previewPanel->setVisible(false);
        m_previewStatus->setText(q == 0 ? QString() : tr("Getting a quote from the service…"));
        m_previewStatus->setVisible(q != 0);
        return;
    }
    m_previewStatus->setVisible(false);
    m_previewPanel->setVisible(true);
    m_previewHeadline->setText(LinePreviewText::headline(*p));
    m_chargeCaption->setText(LinePreviewText::nowCaption(*p));
    m_chargeAmount->setText(LinePreviewText::nowAmount(*p));
    m_chargeDetail->setText(LinePreviewText::nowDetail(*p));
    m_monthlyAmount->setText(LinePreviewText::monthlyAmount(*p));
    m_monthlyDetail->setText(LinePreviewText::monthlyDetail(*p));
    if (p->warnings.isEmpty())
        m_warnings->hide();
    else
        m_warnings->showMessage(Notice::Kind::Warning, p->warnings.join(QStringLiteral("\n")));
    if (p->allowed)
        m_refusal->hide();
    else
        m_refusal->showMessage(Notice::Kind::Error, p->refusalMessage);
    updateControls();
}

void LinesCard::updateControls()
{
    const bool has = m_session->hasSubscription();
    const bool current = has && m_session->isSubscriptionCurrent();
    const bool busy = m_order->isBusy();
    const bool mayPreview = m_session->canPreviewLines();
    const bool mayChange = m_session->canChangeLines();
    const QString reason = m_session->changeLinesDisabledReason();
    m_roleNote->setText(reason.isEmpty() ? QString()
                                         : tr("<b>Buying and removing lines is off for you.</b> %1")
                                               .arg(reason.toHtmlEscaped()));
    m_roleNote->setVisible(!reason.isEmpty() && has);
    // A viewer sees the lines read-only: no stepper, no buy or remove.
    for (QWidget *w : std::as_const(m_changeWidgets))
        w->setVisible(mayPreview);
    m_spin->setEnabled(has && current && mayPreview && !busy);
    m_minus->setEnabled(m_spin->isEnabled() && m_spin->value() > m_spin->minimum());
    m_plus->setEnabled(m_spin->isEnabled() && m_spin->value() < m_spin->maximum());
    if (!mayPreview)
        m_spin->setToolTip(reason);
    const int q = m_order->quantity();
    const auto &p = m_order->preview();
    const bool ready =
        p && p->quantity == q && q != 0 && m_order->status() == LineChangeOrder::Status::Ready;
    m_submit->setEnabled(mayChange && current && !busy && ready && p->allowed);
    if (CapacityPlanView *view = planView())
        view->setUseAllowed(mayChange && m_spin->isEnabled(), m_spin->minimum());
    m_submit->setToolTip(mayChange ? QString() : reason);
    m_reset->setEnabled(has && !busy && q != 0);
    if (busy)
        m_submit->setText(q >= 0 ? tr("Buying…") : tr("Removing…"));
    else if (q < 0)
        m_submit->setText(tr("Remove %1…").arg(format::lines(-q)));
    else if (q > 0)
        m_submit->setText(tr("Buy %1…").arg(format::lines(q)));
    else
        m_submit->setText(tr("Review purchase…"));
}

void LinesCard::openConfirm()
{
    const auto &p = m_order->preview();
    if (!p || !p->allowed || m_dialog || !m_session->hasSubscription())
        return;
    const QString note = std::exchange(m_reconfirmNote, QString());
    const Subscription &s = m_session->subscription();
    m_dialog = new ConfirmLineChangeDialog(*p, s.name, int(s.orgIds.size()), note, window());
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this, [this, quote = *p] {
        m_result->hide();
        // Sends only if this quote is still the one for the subscription as it is now.
        m_order->confirm(quote);
        updateControls();
    });
    m_dialog->open();
}

void LinesCard::quoteWentStale(int purchasedBefore, int purchasedNow)
{
    if (!m_session->hasSubscription())
        return;
    const Subscription &s = m_session->subscription();
    const int target = m_order->targetLimit();
    QString text;
    if (m_order->quantity() == 0) {
        m_reconfirmNote.clear();
        text = tr("<b>This subscription changed while you were confirming</b>: it now has "
                  "%n purchased line(s) (was %1), so it already has the %2 lines you asked for "
                  "in total. Nothing was bought or charged.",
                  nullptr, purchasedNow)
                   .arg(purchasedBefore)
                   .arg(target);
        m_result->showMessage(Notice::Kind::Warning, text);
    } else {
        m_reconfirmNote =
            tr("This subscription changed while you were confirming: it now has %n purchased "
               "line(s) (was %1). Nothing was charged. Here is the new quote for %2 lines in "
               "total.",
               nullptr, purchasedNow)
                .arg(purchasedBefore)
                .arg(target);
        text = tr("<b>This subscription changed while you were confirming</b>: it now has "
                  "%n purchased line(s) (was %1). Nothing was charged; getting a new quote for "
                  "%2 lines in total…",
                  nullptr, purchasedNow)
                   .arg(purchasedBefore)
                   .arg(target);
        m_result->showMessage(Notice::Kind::Warning, text);
    }
    qCInfo(lcLinesCard) << "quote went stale for" << s.id << purchasedBefore << "->"
                        << purchasedNow;
    m_retry->hide();
    m_reload->hide();
    revealResult();
    updateControls();
    reopenConfirmIfReady();
}

void LinesCard::reopenConfirmIfReady()
{
    if (m_reviewWhenQuoted && !m_dialog) {
        if (m_order->status() == LineChangeOrder::Status::Ready) {
            m_reviewWhenQuoted = false;
            if (m_submit->isEnabled())
                QTimer::singleShot(0, this, &LinesCard::openConfirm);
        } else if (m_order->status() != LineChangeOrder::Status::Previewing) {
            m_reviewWhenQuoted = false;
        }
    }
    if (m_reconfirmNote.isEmpty() || m_dialog)
        return;
    const auto &p = m_order->preview();
    switch (m_order->status()) {
    case LineChangeOrder::Status::Ready:
        if (p && p->quantity == m_order->quantity() && p->allowed && m_session->canChangeLines()) {
            m_result->hide();
            // Queued: not from inside the order's own signal.
            QTimer::singleShot(0, this, &LinesCard::openConfirm);
        } else {
            m_reconfirmNote.clear(); // the card shows the refusal
        }
        break;
    case LineChangeOrder::Status::Previewing:
        break;
    default:
        m_reconfirmNote.clear();
        break;
    }
}

void LinesCard::showSucceeded(bool replayed)
{
    const auto &o = m_order->lastOutcome();
    if (!o)
        return;
    const LineChange &c = o->change;
    const Subscription &s = o->subscription;
    QString text;
    if (c.quantity > 0)
        text = tr("<b>Done: %1 concurrent calls available now.</b> Bought %2; charged %3 from "
                  "credits.")
                   .arg(s.concurrencyLimit())
                   .arg(format::lines(c.quantity), format::money(c.amountCents));
    else
        text = tr("<b>Done: %1 concurrent calls now.</b> Removed %2; refunded %3 to credits.")
                   .arg(s.concurrencyLimit())
                   .arg(format::lines(-c.quantity), format::money(-c.amountCents));
    if (replayed)
        text += tr(" (The service had already made this change; nothing was charged twice.)");
    m_retry->hide();
    m_reload->hide();
    m_result->showMessage(Notice::Kind::Success, text);
    revealResult();
    updateControls();
}

QString LinesCard::describeFailure(const ApiError &e) const
{
    const QString code = e.code;
    QString title;
    if (e.statusCode == 0)
        title = tr("The service did not answer");
    else if (code == QLatin1String("insufficient-credits"))
        title = tr("Not enough credits");
    else if (code == QLatin1String("subscription-frozen"))
        title = tr("The subscription is frozen");
    else if (code == QLatin1String("line-cap-exceeded"))
        title = tr("Over the self-serve line limit");
    else if (code == QLatin1String("not-enough-purchased-lines"))
        title = tr("Not that many purchased lines");
    else if (code == QLatin1String("version-mismatch") ||
             code == QLatin1String("concurrent-change"))
        title = tr("The lines were changed by someone else meanwhile");
    else if (code == QLatin1String("forbidden"))
        title = tr("Not allowed");
    else if (code == QLatin1String("idempotency-key-reused"))
        title = tr("This request was already used for a different change");
    else
        title = tr("The change was not made");
    QString body = e.message.toHtmlEscaped();
    if (e.statusCode == 0)
        body +=
            tr("<br>It is not known whether the change was made. <b>Try again</b> sends the very "
               "same request: if the first one arrived, nothing is charged twice.");
    else if (code == QLatin1String("version-mismatch") ||
             code == QLatin1String("concurrent-change"))
        body = tr(
            "Nothing was charged. Reload to see the current lines, then review the change again.");
    else
        body += tr("<br>Nothing was charged.");
    return QStringLiteral("<b>%1</b><br>%2").arg(title.toHtmlEscaped(), body);
}

void LinesCard::revealResult()
{
    // The outcome must be seen: scroll it into view once the layout has settled.
    QTimer::singleShot(0, this, [this] {
        for (QWidget *w = parentWidget(); w; w = w->parentWidget())
            if (auto *scroll = qobject_cast<QScrollArea *>(w)) {
                scroll->ensureWidgetVisible(m_result, 0, 16);
                break;
            }
    });
}

void LinesCard::showFailed(const ApiError &error)
{
    qCInfo(lcLinesCard).noquote() << "line change failed:" << error.statusCode << error.code;
    const bool network = error.statusCode == 0;
    const bool stale = error.code == QLatin1String("version-mismatch") ||
                       error.code == QLatin1String("concurrent-change");
    m_retry->setVisible(network && m_order->canRetry());
    m_reload->setVisible(stale);
    m_result->showMessage(Notice::Kind::Error, describeFailure(error));
    // A refusal means the service's numbers moved (credits, status): show them. After a 412
    // the admin chooses to reload.
    if (!network && !stale)
        m_session->refreshSubscription();
    revealResult();
    if (network)
        m_retry->setFocus();
    else if (stale)
        m_reload->setFocus();
    updateControls();
}

void LinesCard::reload()
{
    m_result->hide();
    m_reloading = true;
    m_order->reset();
    m_session->refreshSubscription();
}

} // namespace linedesk::ui
