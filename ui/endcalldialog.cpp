#include "endcalldialog.h"

#include "uikit.h"

#include <QDialogButtonBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace linedesk::ui {

EndCallDialog::EndCallDialog(const QString &callDescription, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("endCallDialog"));
    setWindowTitle(tr("End call"));
    setModal(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(22, 18, 22, 16);
    layout->setSpacing(10);
    auto *title = makeLabel(tr("End this call and free its line?"), nullptr, this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    layout->addWidget(title);
    auto *what = makeLabel(callDescription, nullptr, this);
    what->setObjectName(QStringLiteral("endCallDescription"));
    what->setWordWrap(true);
    what->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(what);
    layout->addWidget(
        makeLabel(tr("The call is ended at once for every organization on the subscription. "
                     "Your reason is kept in the audit trail with your name."),
                  "muted", this));
    auto *caption = makeLabel(tr("&Reason (required)"), "caption", this);
    layout->addWidget(caption);
    m_reason = new QPlainTextEdit(this);
    m_reason->setObjectName(QStringLiteral("endCallReason"));
    m_reason->setPlaceholderText(tr("e.g. Stuck after a carrier outage, ticket #4812"));
    m_reason->setTabChangesFocus(true);
    m_reason->setFixedHeight(72);
    caption->setBuddy(m_reason);
    layout->addWidget(m_reason);

    auto *buttons = new QDialogButtonBox(this);
    m_end = buttons->addButton(tr("End call"), QDialogButtonBox::AcceptRole);
    m_end->setObjectName(QStringLiteral("endCallConfirm"));
    setCls(m_end, "danger");
    m_end->setEnabled(false);
    m_end->setToolTip(tr("Give a reason first"));
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    // As every other Cancel: no platform icon (a red ✗ next to a red "End call" read as two
    // destructive buttons).
    cancel->setIcon(QIcon());
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!reason().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QPlainTextEdit::textChanged, this, [this] {
        const bool ok = !reason().isEmpty();
        m_end->setEnabled(ok);
        m_end->setToolTip(ok ? QString() : tr("Give a reason first"));
    });
    resize(460, sizeHint().height());
    m_reason->setFocus();
}

QString EndCallDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

} // namespace linedesk::ui
