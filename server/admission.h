#pragma once

#include "call.h"
#include "caller.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>
#include <QVariantMap>

#include <functional>

namespace linedesk::server {

class Accounts;
struct CallRequest;
class Clock;
struct CallListQuery;
class Database;
struct UpdateCallBody;
class History;

// Call admission: a call is admitted when the subscription's active calls are below its
// limit, else blocked. The check and the increment are one conditional UPDATE, so no
// interleaving of clients or service instances can overbook. Admitted calls hold a lease
// that heartbeats renew; an expired lease ends the call and frees its slot.
class Admission
{
public:
    Admission(Database &db, const Clock &clock, Accounts &accounts, History &history,
              qint64 leaseMs)
        : m_db(db), m_clock(clock), m_accounts(accounts), m_history(history), m_leaseMs(leaseMs)
    {}

    qint64 leaseMs() const { return m_leaseMs; }

    // POST /call: the call, admitted or blocked (status 201), or with an idempotency key
    // that answered before, that first answer again (replayed) and nothing started. Throws
    // ApiException when the caller may not start calls for the org, or (422) when the key
    // answered another request.
    struct Started
    {
        int status = 201;
        QJsonObject body; // the Call
        bool replayed = false;
    };
    Started start(const Caller &caller, const CallRequest &request,
                  const QString &idempotencyKey = {});
    Call get(const Caller &caller, const QString &callId);
    // GET /call: the caller's calls (support: all), newest first, filtered as `query` says.
    QJsonArray list(const Caller &caller, const CallListQuery &query);
    // The SQL list() runs (it may read memberships and, on SQLite, count an update window
    // first), with its binds; empty when the caller can see no call at all. bench_calls runs
    // it alone for its timings and plans.
    static QString listSql(Database &db, const Caller &caller, const CallListQuery &query,
                           QVariantMap *binds);
    Call heartbeat(const Caller &caller, const QString &callId);
    // Ends the call (a second end changes nothing). Support must give a reason; audited.
    Call end(const Caller &caller, const QString &callId, const QString &reason);
    // PATCH /call/{id}: renames the call (the same roles as ending it; support gives a reason
    // and is audited). A deleted call is 404.
    Call update(const Caller &caller, const QString &callId, const UpdateCallBody &body);
    // DELETE /call/{id}: erases the calls' details (all of `callIds` or none), keeps their
    // rows for the counts, audits each; an in-progress call is refused (409).
    QList<Call> remove(const Caller &caller, const QStringList &callIds, const QString &reason);
    // Ends every call whose lease has expired. Returns how many.
    int expireLeases();
    // The active calls of one subscription, oldest first (for support's inspector).
    QJsonArray activeCalls(const QString &subscriptionId);

    // After a committed change: the subscription's active calls and limit after it, the
    // attempts it blocked (0 or 1) and its activity sequence (which orders changes made
    // through different instances).
    struct Activity
    {
        QString subscriptionId;
        int active = 0;
        int blocked = 0;
        int limit = 0;
        qint64 seq = 0;
    };
    std::function<void(const Activity &)> onActivity;

    struct Row; // one row of the call table

private:
    // The admission itself (SQLite: in a Transaction of its own, nested when the caller has
    // one); `activity` is what to announce once the caller has committed.
    Call admit(const Caller &caller, const CallRequest &request, Activity *activity);
    Row load(const QString &callId);
    // The call and the caller's role in its organization (empty when not a member).
    Row load(const QString &callId, const QString &userId, QString *role);
    Call toCall(const Row &row) const;
    enum class Change
    {
        End,
        Rename,
        Delete
    };
    // May the caller make this change to the call? Throws 404 (not a member), 403 or, for
    // support without a reason, 400; returns whether the caller acts as support (audited).
    bool authorize(const Caller &caller, const Row &row, const QString &role, const QString &reason,
                   Change change);
    // What ending a call left: its subscription's active calls and limit after it.
    struct Ended
    {
        QString subscriptionId;
        QVariant lastHeartbeatAt;
        int active = 0;
        int limit = 0;
        qint64 seq = 0;
    };
    // Ends an in-progress call (SQLite: inside a Transaction; PostgreSQL: one statement that
    // may run alone) and frees its slot; false if it had already ended.
    bool finish(const QString &callId, qint64 nowMs, const QString &reason, Ended *out);

    Database &m_db;
    const Clock &m_clock;
    Accounts &m_accounts;
    History &m_history;
    qint64 m_leaseMs;
};

} // namespace linedesk::server
