#pragma once

#include "alert.h"
#include "apiclient.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

namespace linedesk {

class LiveFeedClient;
class Session;

// How close the current subscription is to its limit: the tray icon's look.
enum class LimitLevel
{
    Unknown, // no live numbers (not signed in, feed connecting or lost)
    Ok,
    Near,   // at or above the near-limit percent of the limit
    AtLimit // every line busy, or a calls-blocked alert firing
};

// One alert state change to show the user (tray message, in-window banner).
struct AlertNotification
{
    enum class Urgency
    {
        Quiet,   // a resolve: shown briefly
        Warning, // near the limit, renewal at risk
        Critical // calls blocked, subscription frozen
    };

    Alert alert;
    QString orgId;   // the organization to switch to when opened (empty: stay)
    QString orgName; // whose subscription it is
    bool currentSubscription = true;
    Urgency urgency = Urgency::Warning;

    // "Calls blocked" / "Calls blocked — resolved", with the organization when it is not the
    // current one ("Acme Outbound: calls blocked").
    QString title() const;
    QString text() const { return alert.sentence(); }
};

// The console's alerts minus their widgets: the current subscription's rules and firing
// alerts, the limit level the tray shows, and which alert messages from the live feed deserve
// a notification (each fire and resolve once; none for what was already firing at sign-in).
// It also follows the alerts of the user's other organizations' subscriptions, so a
// notification can take the user there.
class AlertCenter : public QObject
{
    Q_OBJECT
public:
    AlertCenter(Session *session, LiveFeedClient *feed, QObject *parent = nullptr);
    ~AlertCenter() override;

    // The decision, pure: near at or above ceil(nearPercent × limit / 100) calls (at least
    // one), at the limit when active ≥ limit or a blocked alert is firing; Unknown when the
    // limit is not known (≤ 0) and nothing is blocked.
    static LimitLevel levelFor(int active, int limit, int nearPercent, bool blockedFiring);
    static int nearThreshold(int limit, int nearPercent);
    // "Linedesk — 8 of 10 lines in use" (+ ": near the limit" / ": at the limit").
    static QString tooltipFor(LimitLevel level, int active, int limit);
    static QString levelText(LimitLevel level);
    static AlertNotification::Urgency urgencyFor(const Alert &alert);

    LimitLevel level() const { return m_level; }
    int active() const { return m_active; }
    int limit() const { return m_limit; }
    QString tooltip() const { return tooltipFor(m_level, m_active, m_limit); }

    QString subscriptionId() const { return m_subscriptionId; }
    bool hasRules() const { return m_rulesLoaded; }
    const AlertRules &rules() const { return m_rules; }
    bool canEditRules() const;
    // Why the rules are read-only, in plain words (empty for admins).
    QString rulesReadOnlyReason() const;
    bool canSeeWebhooks() const;
    bool canEditWebhooks() const;

    // The current subscription's firing alerts, newest first.
    const QList<Alert> &firing() const { return m_firing; }
    // The firing alerts of the current subscription were read at least once.
    bool hasFiringLoaded() const { return m_firingLoaded; }
    int firingCount() const { return int(m_firing.size()); }
    bool isBlockedFiring() const;

    // Reads the rules and the firing alerts of the current subscription again.
    void reload();
    // PUT with If-Match on the version last read. A 412 reloads the rules (rulesChanged()
    // shows the other change) before `done` gets the error.
    void saveRules(const AlertRules &rules,
                   std::function<void(const ApiResult<AlertRules> &)> done);
    // Whether to follow the other subscriptions of the user's organizations (default on).
    void setFollowOtherSubscriptions(bool follow);
    // The subscriptions followed besides the current one.
    QStringList otherSubscriptions() const { return m_others.keys(); }

    // One alert message of the live feed (public for tests).
    void handleAlert(const QString &subscriptionId, const Alert &alert);

Q_SIGNALS:
    void levelChanged(linedesk::LimitLevel level);
    // The numbers behind the level (and the tooltip) changed.
    void numbersChanged();
    void firingChanged();
    void rulesChanged();
    void rulesLoadFailed(const linedesk::ApiError &error);
    // Every alert message of the current subscription, fire or resolve (the list follows it).
    void alertReceived(const linedesk::Alert &alert);
    // A fire or resolve the user has not been told about.
    void notificationRequested(const linedesk::AlertNotification &notification);

private:
    void subscriptionMaybeChanged();
    void loadRules(std::function<void()> then = {});
    void loadFiring();
    void updateLevel();
    void followOthers();
    void setFiring(QList<Alert> firing);
    bool noteSeen(const Alert &alert);

    Session *m_session;
    LiveFeedClient *m_feed;
    QString m_subscriptionId;
    AlertRules m_rules;
    bool m_rulesLoaded = false;
    QList<Alert> m_firing;
    bool m_firingLoaded = false;
    bool m_firingLoading = false;
    LimitLevel m_level = LimitLevel::Unknown;
    int m_active = 0;
    int m_limit = 0;
    int m_generation = 0; // answers for an earlier subscription are dropped
    // "<id>/<state>" of every alert change already shown or already known.
    QSet<QString> m_seen;
    bool m_followOthers = true;
    QHash<QString, LiveFeedClient *> m_others; // subscription id → its own feed
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::AlertNotification)
