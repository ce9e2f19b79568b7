#include "orgbutton.h"

#include "console.h"
#include "session.h"

#include <QActionGroup>
#include <QMenu>

namespace linedesk::ui {

// A small grey heading: QMenu::addSection() draws only a line under a style sheet.
// A membership's role as the service spells it ("admin", "viewer") in the console's words.
static QString roleLabel(const QString &role)
{
    if (role == QLatin1String("admin"))
        return Session::roleName(Session::Role::Admin);
    if (role == QLatin1String("viewer"))
        return Session::roleName(Session::Role::Viewer);
    if (role == QLatin1String("support"))
        return Session::roleName(Session::Role::Support);
    return role;
}

static void addHeading(QMenu *menu, const QString &text)
{
    QAction *heading = menu->addAction(text);
    heading->setEnabled(false);
    QFont f = heading->font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    f.setBold(true);
    heading->setFont(f);
}

OrgButton::OrgButton(Console *console, QWidget *parent)
    : QToolButton(parent), m_console(console), m_menu(new QMenu(this))
{
    setObjectName(QStringLiteral("orgButton"));
    m_menu->setObjectName(QStringLiteral("orgMenu"));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setIcon(QIcon(QStringLiteral(":/linedesk/icons/org.svg")));
    setIconSize(QSize(22, 22));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    setAccessibleName(tr("Organization menu"));
    setToolTip(tr("Organization, Billing, Settings, sign out (Ctrl+Shift+O)"));
    // popup(), not exec(): the menu never runs a nested event loop.
    connect(this, &QToolButton::clicked, this, &OrgButton::showOrgMenu);
    Session *session = console->session();
    connect(session, &Session::currentOrgChanged, this, &OrgButton::updateText);
    connect(session, &Session::stateChanged, this, &OrgButton::updateText);
    updateText();
}

void OrgButton::updateText()
{
    Session *session = m_console->session();
    QString org = session->currentOrgName();
    if (session->state() != Session::State::SignedIn)
        org =
            session->state() == Session::State::SigningIn ? tr("Signing in…") : tr("Not signed in");
    else if (org.isEmpty())
        org = session->identity().support ? tr("Support") : tr("No organization");
    const QString who =
        session->state() == Session::State::SignedIn
            ? tr("%1 · %2").arg(Session::roleName(session->role()), session->identity().email)
            : QString();
    const QString elidedOrg = fontMetrics().elidedText(org, Qt::ElideRight, 150);
    const QString elidedWho = fontMetrics().elidedText(who, Qt::ElideRight, 150);
    setText(who.isEmpty() ? elidedOrg : elidedOrg + QLatin1Char('\n') + elidedWho);
    setAccessibleDescription(org + QLatin1Char(' ') + who);
}

void OrgButton::showOrgMenu()
{
    rebuildMenu();
    const QSize size = m_menu->sizeHint();
    m_menu->setMinimumWidth(width());
    m_menu->popup(mapToGlobal(QPoint(0, -size.height() - 4)));
}

void OrgButton::rebuildMenu()
{
    m_menu->clear();
    Session *session = m_console->session();
    const auto &memberships = session->identity().memberships;
    if (!memberships.isEmpty()) {
        addHeading(m_menu, tr("Switch organization"));
        auto *group = new QActionGroup(m_menu);
        for (const Membership &m : memberships) {
            QAction *a = m_menu->addAction(tr("%1  (%2)").arg(m.orgName, roleLabel(m.role)));
            a->setObjectName(QStringLiteral("switchOrg:") + m.orgId);
            a->setCheckable(true);
            a->setChecked(m.orgId == session->currentOrgId());
            group->addAction(a);
            const QString id = m.orgId;
            connect(a, &QAction::triggered, session, [session, id] { session->selectOrg(id); });
        }
        m_menu->addSeparator();
    }
    QAction *billing = m_menu->addAction(tr("&Billing"), this, &OrgButton::billingRequested);
    billing->setObjectName(QStringLiteral("menuBilling"));
    billing->setEnabled(session->hasSubscription() || !session->currentSubscriptionId().isEmpty());
    QAction *settings = m_menu->addAction(tr("&Settings…"), this, &OrgButton::settingsRequested);
    settings->setObjectName(QStringLiteral("menuSettings"));

    const auto demo = m_console->demoSignIns();
    if (!demo.isEmpty()) {
        m_menu->addSeparator();
        addHeading(m_menu, tr("Demo sign-ins"));
        for (const DemoSignIn &d : demo) {
            if (d.role == QLatin1String("admin") && d.orgId != demo.first().orgId)
                continue; // one admin is enough for the demo switch
            const QString label = d.role == QLatin1String("support")
                                      ? tr("Switch to demo support user (%1)").arg(d.email)
                                  : d.role == QLatin1String("viewer")
                                      ? tr("Switch to demo viewer (%1)").arg(d.email)
                                      : tr("Switch to demo admin (%1)").arg(d.email);
            QAction *a = m_menu->addAction(label);
            a->setObjectName(QStringLiteral("demoSignIn:") + d.role);
            a->setEnabled(d.email != session->identity().email);
            connect(a, &QAction::triggered, m_console,
                    [console = m_console, d] { console->signInAsDemo(d); });
        }
    }
    m_menu->addSeparator();
    QAction *signOut = m_menu->addAction(tr("Sign &out"), m_console, &Console::signOut);
    signOut->setObjectName(QStringLiteral("menuSignOut"));
    signOut->setEnabled(session->state() == Session::State::SignedIn);
}

} // namespace linedesk::ui
