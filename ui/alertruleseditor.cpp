#include "alertruleseditor.h"

#include "alertcenter.h"
#include "localeformat.h"
#include "session.h"
#include "uikit.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLoggingCategory>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcRulesEditor, "linedesk.ui.alertrules")

namespace linedesk::ui {

namespace {

QSpinBox *spin(int min, int max, const QString &suffix, const QString &name, QWidget *parent)
{
    auto *s = new QSpinBox(parent);
    s->setObjectName(name);
    s->setRange(min, max);
    s->setSuffix(suffix);
    s->setAccelerated(true);
    s->setMinimumWidth(88);
    // Typed, or stepped with the arrow keys and the wheel: the style sheet has no look for
    // a spin box's own buttons.
    s->setButtonSymbols(QAbstractSpinBox::NoButtons);
    s->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return s;
}

QCheckBox *check(const QString &text, const QString &name, QWidget *parent)
{
    auto *c = new QCheckBox(text, parent);
    c->setObjectName(name);
    QFont f = c->font();
    f.setBold(true);
    c->setFont(f);
    return c;
}

} // namespace

AlertRulesEditor::AlertRulesEditor(Session *session, AlertCenter *center, QWidget *parent)
    : QFrame(parent), m_session(session), m_center(center)
{
    setObjectName(QStringLiteral("alertRulesEditor"));
    setCls(this, "card");
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 20);
    layout->setSpacing(12);
    auto *title = makeLabel(tr("Alert rules"), nullptr, this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    layout->addWidget(title);
    auto *intro = makeLabel(tr("Each rule raises one alert per episode: it fires once, shows as a "
                               "notification and in the list, and resolves by itself when the "
                               "condition ends. Webhooks receive both."),
                            "muted", this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(24);
    grid->setVerticalSpacing(6);
    grid->setColumnStretch(1, 1);
    auto row = [&](int r, QCheckBox *box, QLayout *controls, QLabel *detail) {
        grid->addWidget(box, 2 * r, 0, Qt::AlignVCenter);
        grid->addLayout(controls, 2 * r, 1);
        if (detail) {
            detail->setWordWrap(true);
            grid->addWidget(detail, 2 * r + 1, 1);
        }
        if (r > 0)
            grid->setRowMinimumHeight(2 * r - 1, 30); // a gap after each rule's detail
    };
    auto text = [this](const QString &t) { return makeLabel(t, nullptr, this); };

    m_nearCheck = check(tr("&Near the limit"), QStringLiteral("nearLimitCheck"), this);
    m_nearPercent = spin(1, 100, tr(" %"), QStringLiteral("nearLimitPercent"), this);
    m_nearPercent->setAccessibleName(tr("Near-limit percent of the lines"));
    m_nearSeconds = spin(0, 3600, tr(" s"), QStringLiteral("nearLimitSeconds"), this);
    m_nearSeconds->setAccessibleName(tr("Near-limit duration in seconds"));
    m_nearSeconds->setSingleStep(10);
    auto *nearRow = new QHBoxLayout;
    nearRow->setSpacing(8);
    nearRow->addWidget(text(tr("when")));
    nearRow->addWidget(m_nearPercent);
    nearRow->addWidget(text(tr("of the lines are busy for")));
    nearRow->addWidget(m_nearSeconds);
    nearRow->addWidget(text(tr("or longer")));
    nearRow->addStretch(1);
    m_nearThreshold = makeLabel(QString(), "muted", this);
    m_nearThreshold->setObjectName(QStringLiteral("nearLimitThreshold"));
    row(0, m_nearCheck, nearRow, m_nearThreshold);

    m_blockedCheck = check(tr("Calls &blocked"), QStringLiteral("blockedCheck"), this);
    auto *blockedRow = new QHBoxLayout;
    blockedRow->addWidget(text(tr("when a call is refused because every line is busy")));
    blockedRow->addStretch(1);
    m_blockedDetail = makeLabel(QString(), "muted", this);
    m_blockedDetail->setObjectName(QStringLiteral("blockedDetail"));
    row(1, m_blockedCheck, blockedRow, m_blockedDetail);

    m_renewalCheck = check(tr("&Renewal at risk"), QStringLiteral("renewalCheck"), this);
    m_renewalDays = spin(1, 30, tr(" days"), QStringLiteral("renewalDays"), this);
    m_renewalDays->setAccessibleName(tr("Days before the renewal"));
    auto *renewalRow = new QHBoxLayout;
    renewalRow->setSpacing(8);
    renewalRow->addWidget(m_renewalDays);
    renewalRow->addWidget(text(tr("before a renewal the credits cannot pay for")));
    renewalRow->addStretch(1);
    m_renewalDetail = makeLabel(QString(), "muted", this);
    m_renewalDetail->setObjectName(QStringLiteral("renewalDetail"));
    row(2, m_renewalCheck, renewalRow, m_renewalDetail);

    m_frozenCheck = check(tr("Subscription &frozen"), QStringLiteral("frozenCheck"), this);
    auto *frozenRow = new QHBoxLayout;
    frozenRow->addWidget(text(tr("when the subscription is frozen for lack of credits")));
    frozenRow->addStretch(1);
    row(3, m_frozenCheck, frozenRow,
        makeLabel(tr("It resolves once credits are added and the subscription is active again."),
                  "muted", this));
    layout->addLayout(grid);

    m_roleNote = makeLabel(QString(), "roleNote", this);
    m_roleNote->setObjectName(QStringLiteral("rulesRoleNote"));
    m_roleNote->setWordWrap(true);
    layout->addWidget(m_roleNote);
    m_updated = makeLabel(QString(), "muted", this);
    m_updated->setObjectName(QStringLiteral("rulesUpdated"));
    m_updated->setWordWrap(true);
    layout->addWidget(m_updated);
    m_notice = new Notice(this);
    m_notice->setObjectName(QStringLiteral("rulesNotice"));
    layout->addWidget(m_notice);

    auto *buttons = new QHBoxLayout;
    m_defaults = makeButton(tr("Restore &defaults"), nullptr, this);
    m_defaults->setObjectName(QStringLiteral("defaultRules"));
    m_defaults->setToolTip(tr("Put the default rules in the form (nothing is saved yet)"));
    m_revert = makeButton(tr("Re&vert"), nullptr, this);
    m_revert->setObjectName(QStringLiteral("revertRules"));
    m_save = makeButton(tr("&Save rules"), "primary", this);
    m_save->setObjectName(QStringLiteral("saveRules"));
    buttons->addWidget(m_defaults);
    buttons->addStretch(1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    layout->addLayout(buttons);

    for (QCheckBox *c : {m_nearCheck, m_blockedCheck, m_renewalCheck, m_frozenCheck})
        connect(c, &QCheckBox::toggled, this, &AlertRulesEditor::updateState);
    for (QSpinBox *s : {m_nearPercent, m_nearSeconds, m_renewalDays})
        connect(s, &QSpinBox::valueChanged, this, &AlertRulesEditor::updateState);
    connect(m_defaults, &QPushButton::clicked, this, [this] {
        AlertRules defaults;
        defaults.subscriptionId = m_shown.subscriptionId;
        defaults.version = m_shown.version;
        defaults.blockedQuietSeconds = m_shown.blockedQuietSeconds;
        const AlertRules shown = m_shown;
        load(defaults);
        m_shown = shown; // still based on the version read: Save compares against it
        m_notice->hide();
        updateState();
    });
    connect(m_revert, &QPushButton::clicked, this, [this] {
        load(m_shown);
        m_notice->hide();
    });
    connect(m_save, &QPushButton::clicked, this, [this] { submit(editedRules()); });
    connect(center, &AlertCenter::rulesChanged, this, &AlertRulesEditor::rulesChanged);
    connect(center, &AlertCenter::rulesLoadFailed, this, [this](const ApiError &e) {
        m_notice->showMessage(Notice::Kind::Error,
                              tr("The alert rules could not be read: %1").arg(e.message));
    });
    connect(session, &Session::stateChanged, this, &AlertRulesEditor::updateState);
    connect(session, &Session::currentOrgChanged, this, &AlertRulesEditor::updateState);
    connect(session, &Session::subscriptionChanged, this, &AlertRulesEditor::updateState);
    load(center->rules());
}

void AlertRulesEditor::rulesChanged()
{
    const AlertRules &rules = m_center->rules();
    // Edits in progress survive a re-read of the same version of the same rules.
    if (isDirty() && rules.subscriptionId == m_shown.subscriptionId &&
        rules.version == m_shown.version)
        return;
    if (rules.subscriptionId != m_shown.subscriptionId)
        m_notice->hide();
    load(rules);
}

void AlertRulesEditor::load(const AlertRules &rules)
{
    m_loading = true;
    m_shown = rules;
    m_nearCheck->setChecked(rules.nearLimitPercent.has_value());
    m_nearPercent->setValue(rules.nearPercent());
    m_nearSeconds->setValue(rules.nearLimitSeconds);
    m_blockedCheck->setChecked(rules.onBlocked);
    m_renewalCheck->setChecked(rules.renewalWarningDays.has_value());
    m_renewalDays->setValue(
        rules.renewalWarningDays.value_or(AlertRules::DefaultRenewalWarningDays));
    m_frozenCheck->setChecked(rules.onFrozen);
    m_loading = false;
    if (!m_center->hasRules())
        m_updated->setText(tr("Reading the rules…"));
    else if (rules.updatedAt.isValid())
        m_updated->setText(tr("Last changed by %1 on %2 (version %3).")
                               .arg(rules.updatedBy.isEmpty() ? tr("an admin") : rules.updatedBy,
                                    format::dateTime(rules.updatedAt))
                               .arg(rules.version));
    else
        m_updated->setText(tr("These are the default rules; nobody has changed them yet."));
    updateState();
}

AlertRules AlertRulesEditor::editedRules() const
{
    AlertRules r = m_shown;
    r.nearLimitPercent =
        m_nearCheck->isChecked() ? std::optional<int>(m_nearPercent->value()) : std::nullopt;
    r.nearLimitSeconds = m_nearSeconds->value();
    r.onBlocked = m_blockedCheck->isChecked();
    r.renewalWarningDays =
        m_renewalCheck->isChecked() ? std::optional<int>(m_renewalDays->value()) : std::nullopt;
    r.onFrozen = m_frozenCheck->isChecked();
    return r;
}

bool AlertRulesEditor::isDirty() const
{
    return !editedRules().sameSettings(m_shown);
}

void AlertRulesEditor::updateState()
{
    if (m_loading)
        return;
    const bool admin = m_center->canEditRules();
    const bool ready = m_center->hasRules() && !m_saving;
    const bool editable = admin && ready;
    for (QWidget *w : std::initializer_list<QWidget *>{m_nearCheck, m_blockedCheck, m_renewalCheck,
                                                       m_frozenCheck})
        w->setEnabled(editable);
    m_nearPercent->setEnabled(editable && m_nearCheck->isChecked());
    m_nearSeconds->setEnabled(editable && m_nearCheck->isChecked());
    m_renewalDays->setEnabled(editable && m_renewalCheck->isChecked());
    const bool dirty = isDirty();
    m_save->setEnabled(editable && dirty);
    m_revert->setEnabled(editable && dirty);
    m_defaults->setEnabled(editable && !editedRules().sameSettings(AlertRules{}));
    m_save->setVisible(admin);
    m_revert->setVisible(admin);
    m_defaults->setVisible(admin);
    const QString reason = m_center->rulesReadOnlyReason();
    m_roleNote->setText(reason);
    m_roleNote->setVisible(!admin && m_session->state() == Session::State::SignedIn);

    // What the percent means at today's limit.
    const int limit =
        m_session->hasSubscription() ? m_session->subscription().concurrencyLimit() : 0;
    if (!m_nearCheck->isChecked())
        m_nearThreshold->setText(tr("Off: no near-limit alerts. The tray still turns amber at "
                                    "%1% of the lines.")
                                     .arg(AlertRules::DefaultNearLimitPercent));
    else if (limit > 0)
        m_nearThreshold->setText(
            tr("With %1 that is %2 or more at once.")
                .arg(format::lines(limit))
                .arg(AlertCenter::nearThreshold(limit, m_nearPercent->value()) == 1
                         ? tr("1 call")
                         : tr("%1 calls")
                               .arg(AlertCenter::nearThreshold(limit, m_nearPercent->value()))));
    else
        m_nearThreshold->clear();
    if (!m_session->hasSubscription())
        m_renewalDetail->clear();
    else if (m_session->subscription().concurrencyLimitPurchased == 0)
        m_renewalDetail->setText(tr("Only for purchased lines: none are bought now."));
    else
        m_renewalDetail->setText(
            tr("The next renewal, on %1, charges %2 for %3; the credits are %4.")
                .arg(format::date(m_session->subscription().currentPeriodEnd),
                     format::money(m_session->subscription().monthlyChargeCents()),
                     format::lines(m_session->subscription().concurrencyLimitPurchased),
                     format::money(m_session->subscription().credits.cents())));
    m_blockedDetail->setText(
        tr("One alert per episode; it resolves after %1 without a blocked call.")
            .arg(m_shown.blockedQuietSeconds % 60 == 0
                     ? tr("%1 min").arg(m_shown.blockedQuietSeconds / 60)
                     : tr("%1 s").arg(m_shown.blockedQuietSeconds)));
}

void AlertRulesEditor::submit(const AlertRules &rules)
{
    if (m_saving)
        return;
    m_saving = true;
    m_notice->showMessage(Notice::Kind::Info, tr("Saving the alert rules…"));
    updateState();
    const QString subscriptionId = m_shown.subscriptionId;
    qCDebug(lcRulesEditor) << "saving rules at version" << m_shown.version;
    m_center->saveRules(rules,
                        [self = QPointer(this), subscriptionId](const ApiResult<AlertRules> &r) {
                            if (self)
                                self->saveAnswered(r, subscriptionId);
                        });
}

void AlertRulesEditor::saveAnswered(const ApiResult<AlertRules> &r, const QString &subscriptionId)
{
    m_saving = false;
    if (subscriptionId != m_center->subscriptionId()) {
        // The user moved to another subscription meanwhile; its rules are on show now.
        updateState();
        return;
    }
    if (r.ok()) {
        load(*r.value);
        m_notice->showMessage(
            Notice::Kind::Success,
            tr("Saved. The new rules apply from now on (version %1).").arg(r.value->version));
        Q_EMIT saved(*r.value);
    } else if (r.error.statusCode == 412) {
        // The center reloads the rules; show them, whatever was typed.
        m_notice->showMessage(Notice::Kind::Warning,
                              tr("Someone else changed the rules while you were editing — "
                                 "reloaded. Your changes were not saved: make them again "
                                 "and save."));
        if (m_center->rules().subscriptionId == subscriptionId)
            load(m_center->rules());
    } else if (r.isNetworkError()) {
        m_notice->showMessage(
            Notice::Kind::Error,
            tr("Not saved: %1 Your changes are still here; try again.").arg(r.error.message));
    } else {
        m_notice->showMessage(Notice::Kind::Error, tr("Not saved: %1").arg(r.error.message));
    }
    updateState();
}

} // namespace linedesk::ui
