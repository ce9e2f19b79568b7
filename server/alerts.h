#pragma once

#include "caller.h"
#include "paging.h"
#include "requestbodies.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QSqlQuery;

namespace linedesk::server {

class Clock;
class Database;

// A subscription's alert rules as stored (no row: the defaults, version 0).
struct AlertRules
{
    AlertRulesBody rules;
    qint64 version = 0;
    qint64 updatedAtMs = 0; // 0: never edited
    QString updatedBy;      // the editor's email

    QJsonObject toJson(const QString &subscriptionId) const;
};

// Alerts in the database: the rules, the episodes (one firing alert per subscription and kind
// at most: the partial unique index alert_one_firing), and the webhook deliveries each state
// change puts in the outbox in the same transaction. Every write is its own transaction.
class AlertStore
{
public:
    AlertStore(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

    static constexpr qint64 kBlockedQuietMs = 300'000;      // a blocked episode's quiet end
    static constexpr qint64 kNearLimitMinClearMs = 30'000;  // near-limit clears no faster
    static constexpr qint64 kKeptMs = 90LL * 24 * 3600'000; // alerts kept after resolving

    AlertRules rules(const QString &subscriptionId);
    // Replaces the rules (If-Match compared with the stored version: 412 version-mismatch).
    AlertRules putRules(const Caller &caller, const QString &subscriptionId,
                        const AlertRulesBody &body, const IfMatch &ifMatch);

    Page list(const QString &subscriptionId, const AlertListQuery &query, const PageRequest &page);
    std::optional<QJsonObject> get(const QString &alertId);

    // Fires an episode of `kind`: returns the alert when this call fired it, nothing when one
    // is firing already (fired by this instance earlier or by another one).
    std::optional<QJsonObject> fire(const QString &subscriptionId, const QString &kind,
                                    qint64 startedAtMs, qint64 firedAtMs,
                                    const QJsonObject &figures);
    // Resolves the firing episode of `kind`, merging `figures` into its own; returns the alert
    // when this call resolved it.
    std::optional<QJsonObject> resolve(const QString &subscriptionId, const QString &kind,
                                       qint64 resolvedAtMs, const QJsonObject &figures = {});
    // Merges `figures` into the firing episode of `kind` (a running count, a peak).
    void updateFigures(const QString &subscriptionId, const QString &kind,
                       const QJsonObject &figures);
    // Firing alerts ({subscriptionId, kind, figures, startedAt}), for a monitor starting up.
    QList<QJsonObject> firing();

    // Forgets alerts resolved more than 90 days ago, with their deliveries. Returns how many.
    int purge(qint64 nowMs);

    static QString summary(const QString &kind, const QString &state, const QJsonObject &figures);

private:
    QJsonObject alertJson(const QSqlQuery &q) const;
    void enqueueDeliveries(const QJsonObject &alert, qint64 nowMs);

    Database &m_db;
    const Clock &m_clock;
};

// Watches every subscription's activity (this instance's and, through NOTIFY, the others')
// and its money, and turns the rules into episodes: fires each once, resolves it once.
// Lives in the service's thread; tick() runs with the service's jobs.
class AlertMonitor
{
public:
    AlertMonitor(Database &db, AlertStore &store, const Clock &clock);

    // Loads the firing alerts and the subscriptions with calls active, so an instance that
    // (re)starts carries on the episodes under way.
    void start();

    // A subscription's active count changed, or calls were blocked (`blocked` attempts).
    void activity(const QString &subscriptionId, int active, int blocked, int limit, qint64 seq);
    // Lines bought, removed or dropped: the limit, and the money, changed.
    void subscriptionChanged(const QString &subscriptionId);
    // The rules changed (here or on another instance).
    void rulesChanged(const QString &subscriptionId);
    // An alert changed state on another instance.
    void alertChanged(const QJsonObject &alert);

    // Time-driven transitions (near-limit held long enough, blocked quiet, …).
    void tick();
    // The money alerts of every subscription that may have one (renewal at risk, frozen).
    void scanMoney();

    // Called with each alert this instance fired or resolved, after its commit.
    std::function<void(const QJsonObject &alert)> onAlert;

private:
    struct Watch
    {
        int active = 0;
        int limit = 0;
        qint64 seq = -1;
        qint64 aboveSinceMs = -1; // use at/above the threshold since (-1: below)
        qint64 belowSinceMs = -1; // below since (-1: at/above)
        int peak = 0;
        bool nearFiring = false;
        bool blockedFiring = false;
        int blockedCalls = 0;
        qint64 lastBlockedMs = 0;
        bool blockedDirty = false;
        qint64 figuresWrittenMs = 0;
    };
    const AlertRulesBody &rulesFor(const QString &subscriptionId);
    Watch &watch(const QString &subscriptionId);
    void evaluateNear(const QString &subscriptionId, Watch &w, qint64 nowMs);
    void checkMoney(const QString &subscriptionId, qint64 nowMs, qint64 priceCents);
    qint64 linePriceCents();
    void emitAlert(const std::optional<QJsonObject> &alert);

    Database &m_db;
    AlertStore &m_store;
    const Clock &m_clock;
    QHash<QString, Watch> m_watches;
    QHash<QString, AlertRulesBody> m_rules;
};

} // namespace linedesk::server
