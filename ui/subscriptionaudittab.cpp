#include "subscriptionaudittab.h"

#include "apiclient.h"
#include "audittrailmodel.h"
#include "subscriptioninspection.h"
#include "uikit.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace linedesk::ui {

SubscriptionAuditTab::SubscriptionAuditTab(ApiClient *api, SubscriptionInspection *inspection,
                                           Notice *notice, QWidget *parent)
    : QWidget(parent), m_api(api), m_inspection(inspection), m_notice(notice)
{
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 10, 0, 0);
    l->setSpacing(8);
    auto *bar = new QHBoxLayout;
    bar->addWidget(makeLabel(tr("Every change of money or lines, every call support ended or "
                                "renamed, and every call whose data was deleted, newest first."),
                             "muted", this),
                   1);
    auto *exportButton = makeButton(tr("Export audit &CSV…"), nullptr, this);
    exportButton->setObjectName(QStringLiteral("exportAuditCsv"));
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString suggested =
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
            QStringLiteral("/linedesk-audit-%1.csv").arg(m_inspection->subscriptionId());
        const QString path = QFileDialog::getSaveFileName(this, tr("Export audit trail"), suggested,
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportAudit(path);
    });
    bar->addWidget(exportButton);
    l->addLayout(bar);
    m_view = makeTable(m_inspection->auditTrail(), this, 28);
    m_view->setObjectName(QStringLiteral("detailAuditView"));
    // The change and the reason share what is left (both elide, and their tooltips hold the
    // whole text): a fixed-width reason left the change a sliver at 1280 px.
    auto *h = m_view->horizontalHeader();
    h->setStretchLastSection(false);
    h->resizeSection(AuditTrailModel::WhenColumn, 160);
    h->resizeSection(AuditTrailModel::ActorColumn, 190);
    h->resizeSection(AuditTrailModel::ActionColumn, 180);
    h->setSectionResizeMode(AuditTrailModel::ChangeColumn, QHeaderView::Stretch);
    h->setSectionResizeMode(AuditTrailModel::ReasonColumn, QHeaderView::Stretch);
    m_view->setTextElideMode(Qt::ElideMiddle);
    l->addWidget(m_view, 1);
}

void SubscriptionAuditTab::exportAudit(const QString &path)
{
    if (m_export)
        return;
    PagedCsvExport *job = PagedCsvExport::auditTrail(m_api, m_inspection->subscriptionId(), this);
    m_export = job;
    connect(job, &PagedCsvExport::finished, this, [this, job, path](bool ok) {
        if (ok)
            m_notice->showMessage(Notice::Kind::Success,
                                  tr("Wrote %1 to %2.")
                                      .arg(job->rowsWritten() == 1
                                               ? tr("1 audit entry")
                                               : tr("%1 audit entries").arg(job->rowsWritten()),
                                           path));
        else if (!job->error().isEmpty())
            m_notice->showMessage(Notice::Kind::Error,
                                  tr("The audit trail was not exported: %1").arg(job->error()));
        job->deleteLater();
    });
    if (!job->start(path)) {
        m_notice->showMessage(Notice::Kind::Error, job->error());
        job->deleteLater();
    }
}

} // namespace linedesk::ui
