#pragma once

#include <QDateTime>
#include <QString>

namespace linedesk::server {

class Database;

// `linedesk-server admin seed`: adds N realistic subscriptions — organizations (some sharing a
// subscription), users, purchased lines with their line changes, credit movements and audit
// entries that add up, and a day of per-second call history with peaks and blocked calls —
// to a database, keeping what is already there. For tests and benchmarks at platform scale.
class BulkSeed
{
public:
    struct Result
    {
        int subscriptions = 0;
        int organizations = 0;
        int users = 0;
        qint64 historyRows = 0;
    };
    // One transaction per batch of 5,000 subscriptions; statements prepared once.
    static Result run(Database &db, int subscriptions, const QDateTime &now, quint64 seed = 1);
};

} // namespace linedesk::server
