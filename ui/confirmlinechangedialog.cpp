#include "confirmlinechangedialog.h"

#include "localeformat.h"
#include "uikit.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QPushButton>
#include <QVBoxLayout>

namespace linedesk::ui {

QString ConfirmLineChangeDialog::title(const LinePreview &p)
{
    const int n = qAbs(p.quantity);
    return p.quantity > 0 ? tr("Buy %n concurrency line(s)?", nullptr, n)
                          : tr("Remove %n concurrency line(s)?", nullptr, n);
}

QString ConfirmLineChangeDialog::confirmText(const LinePreview &p)
{
    const int n = qAbs(p.quantity);
    if (p.quantity > 0)
        return tr("Buy %1 · charge %2").arg(format::lines(n), format::money(p.amountDueNowCents));
    return tr("Remove %1 · refund %2").arg(format::lines(n), format::money(-p.amountDueNowCents));
}

QString ConfirmLineChangeDialog::whoseLines(const QString &subscriptionName, int sharingOrgs)
{
    // The lines belong to the subscription, not to the organization the admin is looking at.
    if (sharingOrgs > 1)
        return tr("For the subscription “%1”, whose lines %n organizations share: all of them get "
                  "the new limit. This takes effect as soon as you confirm.",
                  nullptr, sharingOrgs)
            .arg(subscriptionName);
    return tr("For the subscription “%1”. This takes effect as soon as you confirm.")
        .arg(subscriptionName);
}

ConfirmLineChangeDialog::ConfirmLineChangeDialog(const LinePreview &p,
                                                 const QString &subscriptionName, int sharingOrgs,
                                                 const QString &note, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("confirmLineChangeDialog"));
    setWindowTitle(p.quantity > 0 ? tr("Confirm purchase") : tr("Confirm removal"));
    setModal(true);
    setMinimumWidth(640);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 22, 24, 18);
    layout->setSpacing(14);
    auto *heading = makeLabel(title(p), nullptr, this);
    heading->setObjectName(QStringLiteral("dialogTitle"));
    layout->addWidget(heading);
    if (!note.isEmpty()) {
        auto *changed = new Notice(this);
        changed->setObjectName(QStringLiteral("confirmNote"));
        changed->showMessage(Notice::Kind::Warning, note.toHtmlEscaped());
        layout->addWidget(changed);
    }
    QString whose;
    if (!subscriptionName.isEmpty()) {
        whose = whoseLines(subscriptionName, sharingOrgs);
        auto *who = makeLabel(whose, "muted", this);
        who->setObjectName(QStringLiteral("confirmWhose"));
        who->setWordWrap(true);
        layout->addWidget(who);
    }

    auto *panel = new QFrame(this);
    panel->setObjectName(QStringLiteral("previewPanel"));
    auto *grid = new QGridLayout(panel);
    grid->setContentsMargins(16, 14, 16, 14);
    grid->setHorizontalSpacing(18);
    grid->setVerticalSpacing(10);
    int row = 0;
    QStringList plain;
    auto addRow = [&](const QString &caption, const QString &value, const QString &detail) {
        auto *c = makeLabel(caption, "muted", panel);
        auto *v = makeLabel(value, "amount", panel);
        v->setObjectName(QStringLiteral("confirmValue%1").arg(row));
        auto *d = makeLabel(detail, "muted", panel);
        d->setWordWrap(true);
        d->setMinimumWidth(330);
        grid->addWidget(c, row, 0, Qt::AlignLeft | Qt::AlignTop);
        grid->addWidget(v, row, 1, Qt::AlignRight | Qt::AlignTop);
        grid->addWidget(d, row, 2, Qt::AlignLeft | Qt::AlignTop);
        plain << caption + QLatin1String(": ") + value + QLatin1String(" — ") + detail;
        ++row;
    };
    addRow(tr("New limit"), tr("%1 calls").arg(p.limitAfter),
           tr("%1 included + %2 purchased, was %3. Available immediately.")
               .arg(p.includedLines)
               .arg(p.purchasedAfter)
               .arg(p.limitBefore));
    const QString period = tr("%1 – %2").arg(
        format::date(p.quotedAt.isValid() ? p.quotedAt : p.periodStart), format::date(p.periodEnd));
    if (p.amountDueNowCents >= 0)
        addRow(tr("Charged now"), format::money(p.amountDueNowCents),
               tr("From credits, prorated for %1.").arg(period));
    else
        addRow(tr("Refunded now"), format::money(-p.amountDueNowCents),
               tr("To credits, for the unused part of %1.").arg(period));
    addRow(tr("Monthly charge"), format::money(p.monthlyChargeAfterCents),
           tr("From %1 (now %2): %3 × %4.")
               .arg(format::date(p.periodEnd), format::money(p.monthlyChargeBeforeCents))
               .arg(p.purchasedAfter)
               .arg(format::money(p.linePriceCents)));
    addRow(tr("Credits"), format::money(p.creditsCents - p.amountDueNowCents),
           tr("Balance after this change (now %1).").arg(format::money(p.creditsCents)));
    grid->setColumnStretch(2, 1);
    layout->addWidget(panel);

    for (const QString &w : p.warnings) {
        auto *notice = new Notice(this);
        notice->showMessage(Notice::Kind::Warning, w);
        layout->addWidget(notice);
        plain << w;
    }
    if (!whose.isEmpty())
        plain.prepend(whose);
    if (!note.isEmpty())
        plain.prepend(note);
    m_summary = title(p) + QLatin1Char('\n') + plain.join(QLatin1Char('\n'));

    auto *buttons = new QDialogButtonBox(this);
    auto *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setIcon(QIcon());
    cancel->setCursor(Qt::PointingHandCursor);
    m_confirm = makeButton(confirmText(p), p.quantity > 0 ? "primary" : "danger", this);
    m_confirm->setObjectName(QStringLiteral("confirmButton"));
    buttons->addButton(m_confirm, QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addSpacing(4);
    layout->addWidget(buttons);
    // Enter confirms only when the confirm button has focus; Escape cancels.
    cancel->setAutoDefault(false);
    m_confirm->setDefault(true);
    m_confirm->setFocus();
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    adjustSize();
}

} // namespace linedesk::ui
