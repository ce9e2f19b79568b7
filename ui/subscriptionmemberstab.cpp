#include "subscriptionmemberstab.h"

#include "localeformat.h"
#include "subscriptioninspection.h"

#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace linedesk::ui {

SubscriptionMembersTab::SubscriptionMembersTab(SubscriptionInspection *inspection, QWidget *parent)
    : QWidget(parent), m_inspection(inspection)
{

    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 10, 0, 0);
    m_members = new QTreeWidget(this);
    m_members->setObjectName(QStringLiteral("membersView"));
    m_members->setColumnCount(3);
    m_members->setHeaderLabels({tr("Organization / user"), tr("Name"), tr("Role")});
    m_members->setRootIsDecorated(true);
    m_members->setAlternatingRowColors(true);
    m_members->setUniformRowHeights(true);
    m_members->header()->resizeSection(0, 340);
    m_members->header()->resizeSection(1, 220);
    l->addWidget(m_members, 1);
    connect(m_inspection, &SubscriptionInspection::membersChanged, this,
            &SubscriptionMembersTab::update);
}

void SubscriptionMembersTab::clear()
{
    m_members->clear();
}

void SubscriptionMembersTab::update()
{
    m_members->clear();
    for (const OrgMembers &m : m_inspection->members()) {
        auto *org = new QTreeWidgetItem(m_members);
        org->setText(0, m.org.name);
        org->setText(1, m.org.id);
        org->setText(2, m.users.size() == 1 ? tr("1 user") : tr("%1 users").arg(m.users.size()));
        QFont bold = org->font(0);
        bold.setBold(true);
        org->setFont(0, bold);
        org->setToolTip(
            0, tr("Organization %1, created %2").arg(m.org.id, format::dateTime(m.org.createdAt)));
        for (const OrgMembers::User &u : m.users) {
            auto *user = new QTreeWidgetItem(org);
            user->setText(0, u.email);
            user->setText(1, u.name);
            user->setText(2, u.role == QLatin1String("admin")    ? tr("Admin")
                             : u.role == QLatin1String("viewer") ? tr("Viewer")
                                                                 : u.role);
            user->setToolTip(0, u.id);
        }
    }
    m_members->expandAll();
}

} // namespace linedesk::ui
