#include "subscriptionplantab.h"

#include "capacityplanview.h"
#include "uikit.h"

#include <QVBoxLayout>

namespace linedesk::ui {

SubscriptionPlanTab::SubscriptionPlanTab(CapacityPlanLoader *loader, QWidget *parent)
    : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("pageArea"));
    auto *pl = new QVBoxLayout(page);
    pl->setContentsMargins(0, 10, 4, 4);
    auto *card = makeCard(page);
    auto *l = new QVBoxLayout(card);
    l->setContentsMargins(18, 14, 18, 14);
    l->setSpacing(10);
    auto *intro = makeLabel(tr("What the customer sees under Billing → Add-ons → Plan…: their "
                               "calls replayed against other totals of lines, and Erlang B for "
                               "their busiest hour. Read-only: only the customer's admin buys "
                               "lines."),
                            "muted", card);
    intro->setWordWrap(true);
    l->addWidget(intro);
    m_view = new CapacityPlanView(loader, card);
    m_view->setObjectName(QStringLiteral("detailPlanView"));
    m_view->setUseAllowed(false);
    l->addWidget(m_view, 1);
    pl->addWidget(card, 1);
    setWidget(page);
}

} // namespace linedesk::ui
