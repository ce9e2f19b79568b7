#include "subscriptionlinechangestab.h"

#include "linechangemodel.h"
#include "subscriptioninspection.h"
#include "uikit.h"

#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

namespace linedesk::ui {

SubscriptionLineChangesTab::SubscriptionLineChangesTab(SubscriptionInspection *inspection,
                                                       QWidget *parent)
    : QWidget(parent)
{
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 10, 0, 0);
    l->setSpacing(8);
    m_view = makeTable(inspection->lineChanges(), this, 28);
    m_view->setObjectName(QStringLiteral("detailLineChangesView"));
    auto *h = m_view->horizontalHeader();
    h->resizeSection(LineChangeModel::WhenColumn, 150);
    h->resizeSection(LineChangeModel::ActorColumn, 220);
    h->resizeSection(LineChangeModel::ChangeColumn, 170);
    h->resizeSection(LineChangeModel::LinesColumn, 170);
    l->addWidget(m_view, 1);
}

} // namespace linedesk::ui
