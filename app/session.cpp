#include "session.h"

#include "logging.h"

namespace linedesk {

Session::Session(ApiClient *api, QObject *parent) : QObject(parent), m_api(api) {}

void Session::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void Session::signIn(const QString &preferredOrgId)
{
    const int generation = ++m_generation;
    m_failure.clear();
    setState(State::SigningIn);
    m_api->me(this, [this, generation, preferredOrgId](const ApiResult<Identity> &r) {
        if (generation != m_generation)
            return;
        if (!r.ok()) {
            m_failure = r.error.message;
            qCWarning(lcSession).noquote() << "sign-in failed:" << r.error.message;
            setState(State::Failed);
            return;
        }
        m_identity = *r.value;
        qCInfo(lcSession).noquote() << "signed in as" << m_identity.email;
        const Membership *chosen = nullptr;
        for (const Membership &m : m_identity.memberships)
            if (m.orgId == preferredOrgId)
                chosen = &m;
        if (!chosen && !m_identity.memberships.isEmpty())
            chosen = &m_identity.memberships.first();
        if (chosen)
            setOrg(chosen->orgId, chosen->orgName, chosen->subscriptionId);
        else
            setOrg({}, {}, {});
        setState(State::SignedIn);
        refreshSubscription();
    });
}

void Session::signOut()
{
    ++m_generation;
    m_identity = {};
    setOrg({}, {}, {});
    setState(State::SignedOut);
}

void Session::selectOrg(const QString &orgId)
{
    for (const Membership &m : m_identity.memberships) {
        if (m.orgId == orgId) {
            setOrg(m.orgId, m.orgName, m.subscriptionId);
            refreshSubscription();
            return;
        }
    }
}

void Session::inspectSubscription(const QString &subscriptionId, const QString &label)
{
    setOrg({}, label, subscriptionId);
    refreshSubscription();
}

void Session::setOrg(const QString &orgId, const QString &orgName, const QString &subscriptionId)
{
    const bool changed =
        orgId != m_orgId || orgName != m_orgName || subscriptionId != m_subscriptionId;
    m_orgId = orgId;
    m_orgName = orgName;
    if (subscriptionId != m_subscriptionId) {
        ++m_generation;
        m_subscriptionId = subscriptionId;
        m_subscription.reset();
        m_readAt = {};
        Q_EMIT subscriptionChanged();
    }
    if (changed)
        Q_EMIT currentOrgChanged();
}

Session::Role Session::role() const
{
    if (m_state != State::SignedIn)
        return Role::None;
    for (const Membership &m : m_identity.memberships)
        if (m.orgId == m_orgId && !m_orgId.isEmpty())
            return m.role == QLatin1String("admin") ? Role::Admin : Role::Viewer;
    return m_identity.support ? Role::Support : Role::None;
}

QString Session::roleName(Role role)
{
    switch (role) {
    case Role::Admin:
        return tr("Admin");
    case Role::Viewer:
        return tr("Viewer");
    case Role::Support:
        return tr("Support");
    case Role::None:
        break;
    }
    return tr("Not signed in");
}

QString Session::changeLinesDisabledReason() const
{
    switch (role()) {
    case Role::Admin:
        return {};
    case Role::Viewer:
        return tr("You are a viewer of %1. Only an admin of the organization can buy or remove "
                  "lines.")
            .arg(m_orgName);
    case Role::Support:
        return tr("Support staff can preview line changes but never buy or remove lines.");
    case Role::None:
        break;
    }
    return tr("Sign in as an admin of the organization to buy or remove lines.");
}

void Session::setSubscriptionCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    Q_EMIT subscriptionCurrentChanged(current);
}

void Session::refreshSubscription()
{
    if (m_subscriptionId.isEmpty() || m_state != State::SignedIn)
        return;
    const int generation = m_generation;
    const QString id = m_subscriptionId;
    m_api->subscription(this, id, [this, generation, id](const ApiResult<Subscription> &r) {
        if (generation != m_generation || id != m_subscriptionId)
            return;
        if (!r.ok()) {
            if (r.isNetworkError())
                setSubscriptionCurrent(false);
            Q_EMIT refreshFailed(r.error);
            return;
        }
        applySubscription(*r.value);
    });
}

void Session::applySubscription(const Subscription &subscription)
{
    if (subscription.id != m_subscriptionId)
        return;
    // An older read arriving after a newer one (e.g. after a purchase) must not win.
    if (m_subscription && m_subscription->version > subscription.version)
        return;
    m_subscription = subscription;
    m_readAt = QDateTime::currentDateTimeUtc();
    setSubscriptionCurrent(true);
    Q_EMIT subscriptionChanged();
}

} // namespace linedesk
