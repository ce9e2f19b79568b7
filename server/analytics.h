#pragma once

#include "caller.h"

#include <QJsonArray>
#include <QJsonObject>

namespace linedesk::server {

class Accounts;
class Clock;
class Database;
class History;
struct AnalyticsQuery;

// POST /analytics: the platform's query shape answered from the concurrency history
// (table "subscription": concurrency max/min/avg, blocked sum/count/max) and from call
// records (table "call": count, blocked, duration in seconds).
class Analytics
{
public:
    Analytics(Database &db, Accounts &accounts, History &history, const Clock &clock)
        : m_db(db), m_accounts(accounts), m_history(history), m_clock(clock)
    {}

    static constexpr qint64 kMaxBuckets = 100'000; // per query
    // Per request: buckets × operations over every query (an answer of at most ~10 MB).
    static constexpr qint64 kMaxCells = 200'000;

    // Answers queries checked by parseAnalyticsBody() (requestbodies.h). Throws ApiException
    // for a time range that is still wrong once its defaults are filled in, or a
    // subscription the caller may not see.
    QJsonArray run(const Caller &caller, const QList<AnalyticsQuery> &queries);

private:
    struct Range
    {
        QDateTime start, end;     // the defaults filled in
        QList<qint64> boundaries; // the buckets' starts, seconds
    };
    Range rangeOf(const AnalyticsQuery &query) const;
    QJsonObject runQuery(const Caller &caller, const AnalyticsQuery &query, const Range &range);

    Database &m_db;
    Accounts &m_accounts;
    History &m_history;
    const Clock &m_clock;
};

} // namespace linedesk::server
