#include "historyview.h"

#include "subscriptionhistory.h"
#include "uikit.h"

#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

namespace linedesk::ui {

HistoryView::HistoryView(SubscriptionHistory *history, QWidget *parent)
    : QWidget(parent), m_history(history)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 12, 0, 0);
    layout->setSpacing(8);

    auto *changesTitle = makeLabel(tr("Line changes"), nullptr, this);
    changesTitle->setObjectName(QStringLiteral("sectionTitle"));
    layout->addWidget(changesTitle);
    m_changes = makeTable(history->lineChanges(), this);
    m_changes->setObjectName(QStringLiteral("lineChangesView"));
    m_changes->setAccessibleName(tr("Line changes"));
    auto *h = m_changes->horizontalHeader();
    h->resizeSection(0, 170);
    h->resizeSection(1, 230);
    h->resizeSection(2, 170);
    h->resizeSection(3, 170);
    layout->addWidget(m_changes, 1);

    layout->addSpacing(8);
    auto *auditTitle = makeLabel(tr("Audit trail"), nullptr, this);
    auditTitle->setObjectName(QStringLiteral("sectionTitle"));
    layout->addWidget(auditTitle);
    m_auditNote = makeLabel(QString(), "muted", this);
    m_auditNote->setObjectName(QStringLiteral("auditNote"));
    layout->addWidget(m_auditNote);
    m_audit = makeTable(history->auditTrail(), this);
    m_audit->setObjectName(QStringLiteral("auditView"));
    m_audit->setAccessibleName(tr("Audit trail"));
    auto *a = m_audit->horizontalHeader();
    a->resizeSection(0, 170);
    a->resizeSection(1, 230);
    a->resizeSection(2, 150);
    a->resizeSection(3, 330);
    layout->addWidget(m_audit, 1);

    connect(history, &SubscriptionHistory::loaded, this, &HistoryView::updateAuditNote);
    connect(history, &SubscriptionHistory::loadFailed, this, &HistoryView::updateAuditNote);
    updateAuditNote();
}

void HistoryView::updateAuditNote()
{
    const QString reason = m_history->auditUnavailableReason();
    m_auditNote->setText(reason);
    m_auditNote->setVisible(!reason.isEmpty());
    m_audit->setVisible(reason.isEmpty());
}

} // namespace linedesk::ui
