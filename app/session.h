#pragma once

#include "apiclient.h"
#include "identity.h"
#include "subscription.h"

#include <QDateTime>
#include <QObject>

namespace linedesk {

// Who is signed in, in which organization, and that organization's subscription as last
// read from the service. Every view reads the subscription from here, so a new limit shows
// everywhere at once when subscriptionChanged() fires.
class Session : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        SignedOut,
        SigningIn,
        SignedIn,
        Failed
    };
    Q_ENUM(State)
    enum class Role
    {
        None,
        Viewer,
        Admin,
        Support
    };
    Q_ENUM(Role)

    explicit Session(ApiClient *api, QObject *parent = nullptr);

    ApiClient *api() const { return m_api; }
    State state() const { return m_state; }
    QString failure() const { return m_failure; }
    const Identity &identity() const { return m_identity; }

    // GET /me, then the first organization (or the one named) and its subscription.
    void signIn(const QString &preferredOrgId = {});
    void signOut();

    QString currentOrgId() const { return m_orgId; }
    QString currentOrgName() const { return m_orgName; }
    QString currentSubscriptionId() const { return m_subscriptionId; }
    void selectOrg(const QString &orgId);
    // Support staff inspect any subscription; there is no membership behind it.
    void inspectSubscription(const QString &subscriptionId, const QString &label);

    Role role() const;
    static QString roleName(Role role);
    bool canChangeLines() const { return role() == Role::Admin; }
    bool canPreviewLines() const { return role() == Role::Admin || role() == Role::Support; }
    bool canReadAudit() const { return role() == Role::Admin || role() == Role::Support; }
    // Why the buy and remove controls are off, in plain words (empty when they are on).
    QString changeLinesDisabledReason() const;

    bool hasSubscription() const { return m_subscription.has_value(); }
    const Subscription &subscription() const { return *m_subscription; }
    QDateTime subscriptionReadAt() const { return m_readAt; }
    // False while the last read may be outdated (connection lost): views must not show it
    // as the current number.
    bool isSubscriptionCurrent() const { return m_current; }
    void setSubscriptionCurrent(bool current);

    void refreshSubscription();
    // A subscription the service just returned (e.g. after a purchase).
    void applySubscription(const Subscription &subscription);

Q_SIGNALS:
    void stateChanged(linedesk::Session::State state);
    void currentOrgChanged();
    void subscriptionChanged();
    void subscriptionCurrentChanged(bool current);
    void refreshFailed(const linedesk::ApiError &error);

private:
    void setState(State s);
    void setOrg(const QString &orgId, const QString &orgName, const QString &subscriptionId);

    ApiClient *m_api;
    State m_state = State::SignedOut;
    QString m_failure;
    Identity m_identity;
    QString m_orgId;
    QString m_orgName;
    QString m_subscriptionId;
    std::optional<Subscription> m_subscription;
    QDateTime m_readAt;
    bool m_current = false;
    int m_generation = 0; // answers for an earlier org or sign-in are dropped
};

} // namespace linedesk
