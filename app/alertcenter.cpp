#include "alertcenter.h"

#include "livefeedclient.h"
#include "localeformat.h"
#include "session.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcConsoleAlerts, "linedesk.app.alerts", QtInfoMsg)

namespace linedesk {

namespace {

// At most this many other subscriptions are followed (one WebSocket each).
constexpr int kMaxOtherSubscriptions = 10;
// GET /alerts answers at most 500 a page; more firing at once is not a real case.
constexpr int kFiringPageSize = 500;

QString seenKey(const Alert &alert, Alert::State state)
{
    return alert.id + QLatin1Char('/') + Alert::stateToString(state);
}

// Newest first, as the service lists them.
void insertByFiredAt(QList<Alert> &list, const Alert &alert)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list.at(i).id == alert.id) {
            list[i] = alert;
            return;
        }
    }
    qsizetype at = 0;
    while (at < list.size() && list.at(at).firedAt > alert.firedAt)
        ++at;
    list.insert(at, alert);
}

bool removeById(QList<Alert> &list, const QString &id)
{
    return list.removeIf([&id](const Alert &a) { return a.id == id; }) > 0;
}

} // namespace

QString AlertNotification::title() const
{
    QString t = alert.state == Alert::State::Resolved
                    ? AlertCenter::tr("%1 — resolved").arg(alert.title())
                    : alert.title();
    if (!currentSubscription && !orgName.isEmpty())
        t = AlertCenter::tr("%1: %2").arg(orgName, t);
    return t;
}

AlertCenter::AlertCenter(Session *session, LiveFeedClient *feed, QObject *parent)
    : QObject(parent), m_session(session), m_feed(feed)
{
    connect(session, &Session::stateChanged, this, &AlertCenter::subscriptionMaybeChanged);
    connect(session, &Session::currentOrgChanged, this, &AlertCenter::subscriptionMaybeChanged);
    connect(session, &Session::subscriptionChanged, this, &AlertCenter::subscriptionMaybeChanged);
    connect(feed, &LiveFeedClient::numbersChanged, this, &AlertCenter::updateLevel);
    connect(feed, &LiveFeedClient::alertReceived, this, &AlertCenter::handleAlert);
    // Every (re)subscription: alerts may have fired or resolved while the feed was away.
    connect(feed, &LiveFeedClient::snapshotReceived, this, [this](const QString &id) {
        if (id == m_subscriptionId && !m_firingLoading)
            loadFiring();
    });
    subscriptionMaybeChanged();
}

AlertCenter::~AlertCenter() = default;

int AlertCenter::nearThreshold(int limit, int nearPercent)
{
    if (limit <= 0)
        return 1;
    const qint64 product = qint64(qBound(1, nearPercent, 100)) * limit;
    return qMax(1, int((product + 99) / 100));
}

LimitLevel AlertCenter::levelFor(int active, int limit, int nearPercent, bool blockedFiring)
{
    if (blockedFiring)
        return LimitLevel::AtLimit;
    if (limit <= 0)
        return LimitLevel::Unknown;
    if (active >= limit)
        return LimitLevel::AtLimit;
    if (active >= nearThreshold(limit, nearPercent))
        return LimitLevel::Near;
    return LimitLevel::Ok;
}

QString AlertCenter::levelText(LimitLevel level)
{
    switch (level) {
    case LimitLevel::Ok:
        return tr("below the limit");
    case LimitLevel::Near:
        return tr("near the limit");
    case LimitLevel::AtLimit:
        return tr("at the limit");
    case LimitLevel::Unknown:
        break;
    }
    return tr("no live numbers");
}

QString AlertCenter::tooltipFor(LimitLevel level, int active, int limit)
{
    if (limit <= 0)
        return level == LimitLevel::AtLimit ? tr("Linedesk — calls are being blocked")
                                            : tr("Linedesk — no live numbers");
    const QString use = tr("Linedesk — %1 of %2 in use").arg(active).arg(format::lines(limit));
    switch (level) {
    case LimitLevel::Near:
        return tr("%1: near the limit").arg(use);
    case LimitLevel::AtLimit:
        return active < limit ? tr("%1: calls are being blocked").arg(use)
                              : tr("%1: at the limit").arg(use);
    case LimitLevel::Ok:
    case LimitLevel::Unknown:
        break;
    }
    return use;
}

AlertNotification::Urgency AlertCenter::urgencyFor(const Alert &alert)
{
    if (alert.state != Alert::State::Firing)
        return AlertNotification::Urgency::Quiet;
    switch (alert.kind) {
    case Alert::Kind::Blocked:
    case Alert::Kind::Frozen:
        return AlertNotification::Urgency::Critical;
    case Alert::Kind::NearLimit:
    case Alert::Kind::RenewalAtRisk:
    case Alert::Kind::Unknown:
        break;
    }
    return AlertNotification::Urgency::Warning;
}

bool AlertCenter::canEditRules() const
{
    return m_session->role() == Session::Role::Admin;
}

QString AlertCenter::rulesReadOnlyReason() const
{
    switch (m_session->role()) {
    case Session::Role::Admin:
        return {};
    case Session::Role::Viewer:
        return tr("You are a viewer of %1: only an admin of the organization can change the "
                  "alert rules.")
            .arg(m_session->currentOrgName());
    case Session::Role::Support:
        return tr("Support staff can read the alert rules; only an admin of the organization "
                  "can change them.");
    case Session::Role::None:
        break;
    }
    return tr("Only an admin of the organization can change the alert rules.");
}

bool AlertCenter::canSeeWebhooks() const
{
    const Session::Role role = m_session->role();
    return role == Session::Role::Admin || role == Session::Role::Support;
}

bool AlertCenter::canEditWebhooks() const
{
    return m_session->role() == Session::Role::Admin;
}

bool AlertCenter::isBlockedFiring() const
{
    return std::any_of(m_firing.cbegin(), m_firing.cend(),
                       [](const Alert &a) { return a.kind == Alert::Kind::Blocked; });
}

void AlertCenter::subscriptionMaybeChanged()
{
    const bool signedIn = m_session->state() == Session::State::SignedIn;
    const QString id = signedIn ? m_session->currentSubscriptionId() : QString();
    followOthers();
    if (id == m_subscriptionId)
        return;
    ++m_generation;
    m_subscriptionId = id;
    m_rules = AlertRules{};
    m_rules.subscriptionId = id;
    m_rulesLoaded = false;
    m_firingLoaded = false;
    m_firingLoading = false;
    const bool hadFiring = !m_firing.isEmpty();
    m_firing.clear();
    Q_EMIT rulesChanged();
    if (hadFiring)
        Q_EMIT firingChanged();
    updateLevel();
    reload();
}

void AlertCenter::reload()
{
    if (m_subscriptionId.isEmpty())
        return;
    loadRules();
    loadFiring();
}

void AlertCenter::loadRules(std::function<void()> then)
{
    const int generation = m_generation;
    m_session->api()->alertRules(
        this, m_subscriptionId,
        [this, generation, then = std::move(then)](const ApiResult<AlertRules> &r) {
            if (generation != m_generation)
                return;
            if (!r.ok()) {
                qCInfo(lcConsoleAlerts).noquote() << "alert rules not read:" << r.error.message;
                Q_EMIT rulesLoadFailed(r.error);
            } else {
                m_rules = *r.value;
                m_rulesLoaded = true;
                Q_EMIT rulesChanged();
                updateLevel();
            }
            if (then)
                then();
        });
}

void AlertCenter::saveRules(const AlertRules &rules,
                            std::function<void(const ApiResult<AlertRules> &)> done)
{
    const int generation = m_generation;
    const qint64 version = m_rulesLoaded ? m_rules.version : -1;
    m_session->api()->putAlertRules(
        this, m_subscriptionId, rules, version,
        [this, generation, done = std::move(done)](const ApiResult<AlertRules> &r) {
            if (generation != m_generation) {
                done(r); // for a subscription no longer shown: nothing to apply
                return;
            }
            if (r.ok()) {
                qCInfo(lcConsoleAlerts) << "alert rules saved, version" << r.value->version;
                m_rules = *r.value;
                m_rulesLoaded = true;
                Q_EMIT rulesChanged();
                updateLevel();
                done(r);
            } else if (r.error.statusCode == 412) {
                // Someone else saved first: read theirs, then tell the caller.
                loadRules([done, r] { done(r); });
            } else {
                done(r);
            }
        });
}

void AlertCenter::loadFiring()
{
    const int generation = m_generation;
    const QString id = m_subscriptionId;
    m_firingLoading = true;
    // Live messages that arrive while the request is out are applied on top of its answer.
    auto sinceRequest = std::make_shared<QList<Alert>>();
    auto recorder = connect(this, &AlertCenter::alertReceived, this,
                            [sinceRequest](const Alert &a) { sinceRequest->append(a); });
    m_session->api()->alerts(
        this, id, AlertQuery{QStringLiteral("firing"), {}}, {},
        [this, generation, recorder, sinceRequest](const ApiResult<ApiPage<Alert>> &r) {
            disconnect(recorder);
            if (generation != m_generation)
                return;
            m_firingLoading = false;
            if (!r.ok()) {
                qCInfo(lcConsoleAlerts).noquote() << "firing alerts not read:" << r.error.message;
                return;
            }
            QList<Alert> firing = r.value->results;
            for (const Alert &a : std::as_const(*sinceRequest)) {
                if (a.isFiring())
                    insertByFiredAt(firing, a);
                else
                    removeById(firing, a.id);
            }
            const bool first = !m_firingLoaded;
            m_firingLoaded = true;
            for (const Alert &a : std::as_const(firing)) {
                // Already firing when we first looked: known, not news. Fired while the feed
                // was away: news.
                if (noteSeen(a) && !first) {
                    AlertNotification n;
                    n.alert = a;
                    n.orgName = m_session->currentOrgName();
                    n.urgency = urgencyFor(a);
                    Q_EMIT notificationRequested(n);
                }
            }
            setFiring(std::move(firing));
        },
        kFiringPageSize);
}

void AlertCenter::setFiring(QList<Alert> firing)
{
    const auto ids = [](const QList<Alert> &list) {
        QStringList out;
        for (const Alert &a : list)
            out << a.id + a.updatedAt.toString(Qt::ISODateWithMs);
        return out;
    };
    const bool changed = ids(firing) != ids(m_firing);
    m_firing = std::move(firing);
    if (changed)
        Q_EMIT firingChanged();
    updateLevel();
}

bool AlertCenter::noteSeen(const Alert &alert)
{
    if (alert.state == Alert::State::Unknown)
        return false;
    // A fire that arrives after its own resolve is stale.
    if (alert.isFiring() && m_seen.contains(seenKey(alert, Alert::State::Resolved)))
        return false;
    const QString key = seenKey(alert, alert.state);
    if (m_seen.contains(key))
        return false;
    m_seen.insert(key);
    if (alert.state == Alert::State::Resolved)
        m_seen.insert(seenKey(alert, Alert::State::Firing));
    return true;
}

void AlertCenter::handleAlert(const QString &subscriptionId, const Alert &alert)
{
    const bool current = !subscriptionId.isEmpty() && subscriptionId == m_subscriptionId;
    const bool stale = alert.isFiring() && m_seen.contains(seenKey(alert, Alert::State::Resolved));
    const bool isNew = noteSeen(alert);
    qCInfo(lcConsoleAlerts).noquote()
        << "alert" << alert.kindName << Alert::stateToString(alert.state) << alert.id << "of"
        << subscriptionId << (isNew ? "" : "(known)");
    if (current) {
        QList<Alert> firing = m_firing;
        if (alert.isFiring() && !stale)
            insertByFiredAt(firing, alert);
        else if (alert.state == Alert::State::Resolved)
            removeById(firing, alert.id);
        Q_EMIT alertReceived(alert);
        setFiring(std::move(firing));
    }
    if (!isNew)
        return;
    AlertNotification n;
    n.alert = alert;
    n.currentSubscription = current;
    n.urgency = urgencyFor(alert);
    if (current) {
        n.orgName = m_session->currentOrgName();
    } else {
        for (const Membership &m : m_session->identity().memberships) {
            if (m.subscriptionId == subscriptionId) {
                n.orgId = m.orgId;
                n.orgName = m.orgName;
                break;
            }
        }
    }
    Q_EMIT notificationRequested(n);
}

void AlertCenter::updateLevel()
{
    const bool live = m_feed->isLive() && !m_subscriptionId.isEmpty() &&
                      m_feed->subscriptionId() == m_subscriptionId;
    const int active = live ? m_feed->active() : 0;
    const int limit = live ? m_feed->limit() : 0;
    const LimitLevel level = levelFor(active, limit, m_rules.nearPercent(), isBlockedFiring());
    const bool numbers = active != m_active || limit != m_limit || level != m_level;
    m_active = active;
    m_limit = limit;
    if (level != m_level) {
        m_level = level;
        qCDebug(lcConsoleAlerts) << "level" << int(level) << active << "of" << limit;
        Q_EMIT levelChanged(level);
    }
    if (numbers)
        Q_EMIT numbersChanged();
}

void AlertCenter::setFollowOtherSubscriptions(bool follow)
{
    if (follow == m_followOthers)
        return;
    m_followOthers = follow;
    followOthers();
}

void AlertCenter::followOthers()
{
    QSet<QString> wanted;
    if (m_followOthers && m_session->state() == Session::State::SignedIn) {
        const QString current = m_session->currentSubscriptionId();
        for (const Membership &m : m_session->identity().memberships) {
            if (wanted.size() >= kMaxOtherSubscriptions)
                break;
            if (!m.subscriptionId.isEmpty() && m.subscriptionId != current)
                wanted.insert(m.subscriptionId);
        }
    }
    for (auto it = m_others.begin(); it != m_others.end();) {
        if (!wanted.contains(it.key())) {
            it.value()->disconnect(this);
            it.value()->deleteLater();
            it = m_others.erase(it);
        } else {
            ++it;
        }
    }
    ApiClient *api = m_session->api();
    for (const QString &id : std::as_const(wanted)) {
        LiveFeedClient *feed = m_others.value(id);
        if (!feed) {
            feed = new LiveFeedClient(this);
            connect(feed, &LiveFeedClient::alertReceived, this, &AlertCenter::handleAlert);
            m_others.insert(id, feed);
            qCDebug(lcConsoleAlerts).noquote() << "following the alerts of" << id;
        }
        feed->setServer(api->baseUrl(), api->token());
        feed->setSubscription(id);
    }
}

} // namespace linedesk
