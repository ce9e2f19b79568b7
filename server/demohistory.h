#pragma once

#include <QList>
#include <QString>

namespace linedesk::server {

class Database;
class History;

// The demo's last week of calls, so that a first run's history graph, call list and capacity
// planner have something real to show. Arrivals are Poisson with a working-day profile; each
// one is admitted by the service's rule (active < the lines in force at that moment, read from
// the subscription's line changes) and written as the service writes a call that has ended:
// its row, its place in the subscription's activity sequence and its concurrency history.
class DemoCallHistory
{
public:
    static constexpr qint64 kWindowMs = 7LL * 24 * 3600 * 1000;

    struct Org
    {
        QString id;
        QString adminUserId; // who starts its calls
        int weight = 1;      // its share of the subscription's calls
        // Weights of inboundPhoneCall, outboundPhoneCall and webCall.
        int inbound = 1;
        int outbound = 0;
        int web = 0;
    };
    // A subscription's traffic at its busiest (working hours of a weekday, in its own time
    // zone); nights, evenings and weekends are shares of it.
    struct Traffic
    {
        double peakErlangs = 0;
        double meanHoldSeconds = 180;
        int utcOffsetHours = 0;
    };
    struct Subscription
    {
        QString id;
        Traffic traffic;
        QList<Org> orgs;
    };
    struct Summary
    {
        QString subscriptionId;
        qint64 calls = 0;
        qint64 blocked = 0;
        int peakActive = 0;
    };

    // Inside the caller's transaction, after the subscriptions' line changes are written:
    // calls that arrived in [nowMs − kWindowMs, nowMs) and all ended before nowMs, the same
    // for the same nowMs every time. Leaves each subscription's activity sequence at the last
    // value used and no call in progress, and rolls the history up as the service's job does.
    static QList<Summary> seed(Database &db, History &history,
                               const QList<Subscription> &subscriptions, qint64 nowMs,
                               qint64 leaseMs);
};

} // namespace linedesk::server
