// The capacity planner on a busy subscription: GET /subscription/{id}/capacity-plan over
// 30 days of at least a million calls, as the console asks for it from Billing → Add-ons.
//
//   build/bench/bench_capacity DATABASE [calls=1000000] [samples=7] [other calls=calls]
//   e.g. bench_capacity /tmp/capacity.db
//        bench_capacity postgresql://linedesk@127.0.0.1:5432/linedesk 1000000 5
//
// DATABASE is a SQLite file or a PostgreSQL URI. On first use it creates a subscription
// "Capacity bench" with 120 lines and `calls` call attempts over the last 30 days (a daily
// profile: busy working hours, quiet nights and weekends; holds of 120 s on average; admitted
// or blocked as the service does it, with its activity sequence), interleaved with `other
// calls` of a second subscription so the table is not one subscription's alone. Then it
// starts the service in-process and times the plan over HTTP on loopback (wall time:
// request, report thread, load, replay, JSON), and the load and the computation alone.

#include "accounts.h"
#include "capacityplanner.h"
#include "clock.h"
#include "database.h"
#include "servicethread.h"

#include "benchclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTextStream>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <queue>
#include <vector>

using namespace linedesk;
using bench::Client;
using bench::percentile;

namespace {

QTextStream out(stdout);

struct Account
{
    QString subscriptionId, orgId, userId;
    int lines = 0;
};

Account createAccount(server::Database &db, const QString &name, int lines, const QDateTime &at,
                      QString *token)
{
    server::Accounts accounts(db);
    server::Accounts::NewSubscription n;
    n.name = name;
    n.type = QStringLiteral("scale");
    n.includedLines = lines;
    n.creditsCents = 1000'00;
    n.createdAt = at;
    Account a;
    a.lines = lines;
    a.subscriptionId = accounts.createSubscription(n, QStringLiteral("bench"));
    a.orgId = accounts.createOrg(name, a.subscriptionId, at);
    a.userId = accounts.createUser(QStringLiteral("admin@%1.example").arg(a.subscriptionId), name,
                                   false, at);
    accounts.addMembership(a.orgId, a.userId, QStringLiteral("admin"));
    if (token)
        *token = accounts.createToken(a.userId, QStringLiteral("bench"), at);
    return a;
}

// Arrival rate through the week, relative to the busiest hours (1.0).
double profile(const QDateTime &t)
{
    const int hour = t.time().hour();
    const bool weekend = t.date().dayOfWeek() >= 6;
    double r = hour >= 9 && hour < 17 ? 1.0 : hour >= 7 && hour < 20 ? 0.55 : 0.12;
    return weekend ? r * 0.35 : r;
}

// One subscription's calls, admitted or blocked against its lines, with the activity
// sequence as the service records it.
struct SimCall
{
    qint64 startMs, endMs;
    qint64 startSeq, endSeq;
    int limit, remaining;
    bool blocked;
};

std::vector<SimCall> simulate(int count, int lines, qint64 fromMs, qint64 toMs, quint32 seed)
{
    QRandomGenerator rng(seed);
    // Thinning: a homogeneous process at the peak rate, kept with probability profile(t).
    double peakPerMs = 0, total = 0;
    for (qint64 t = fromMs; t < toMs; t += 3600'000)
        total += profile(QDateTime::fromMSecsSinceEpoch(t, Qt::UTC)) * 3600'000;
    peakPerMs = double(count) * 1.005 / total; // a Poisson count: aim a little above
    std::vector<SimCall> calls;
    calls.reserve(size_t(count) + 1000);
    std::priority_queue<std::pair<qint64, size_t>, std::vector<std::pair<qint64, size_t>>,
                        std::greater<>>
        ends;
    qint64 seq = 0;
    double t = double(fromMs);
    for (;;) {
        t += -std::log(1.0 - rng.generateDouble()) / peakPerMs;
        if (t >= double(toMs - 1))
            break;
        const qint64 now = qint64(t);
        if (rng.generateDouble() > profile(QDateTime::fromMSecsSinceEpoch(now, Qt::UTC)))
            continue;
        while (!ends.empty() && ends.top().first <= now) {
            calls[ends.top().second].endSeq = ++seq;
            ends.pop();
        }
        SimCall c{now, now, 0, -1, lines, 0, false};
        const qint64 active = qint64(ends.size());
        if (active < lines) {
            const qint64 hold = qint64(-std::log(1.0 - rng.generateDouble()) * 120'000);
            c.endMs = std::min(now + std::max<qint64>(hold, 1000), toMs - 1);
            c.startSeq = ++seq;
            c.remaining = int(lines - active - 1);
            ends.push({c.endMs, calls.size()});
        } else {
            c.blocked = true;
            c.startSeq = seq;
        }
        calls.push_back(c);
    }
    while (!ends.empty()) {
        calls[ends.top().second].endSeq = ++seq;
        ends.pop();
    }
    return calls;
}

void insertCalls(server::Database &db, const Account &a, const std::vector<SimCall> &calls,
                 const Account &b, const std::vector<SimCall> &others)
{
    server::Database::Transaction tx(db);
    size_t i = 0, j = 0;
    while (i < calls.size() || j < others.size()) {
        const bool mine =
            j >= others.size() || (i < calls.size() && calls[i].startMs <= others[j].startMs);
        const SimCall &c = mine ? calls[i++] : others[j++];
        const Account &who = mine ? a : b;
        auto q = db.statement(
            "INSERT INTO call (id, subscription_id, org_id, created_by, type, status,"
            " created_at, ended_at, ended_reason, last_heartbeat_at, lease_expires_at,"
            " blocked, limit_at_start, remaining_at_start, details, start_seq, end_seq,"
            " updated_at) VALUES (?1, ?2, ?3, ?4, 'inboundPhoneCall', 'ended', ?5, ?6, ?7, ?8,"
            " ?9, ?10, ?11, ?12, '{}', ?13, ?14, ?6)");
        q.bind(1, QUuid::createUuid().toString(QUuid::WithoutBraces))
            .bind(2, who.subscriptionId)
            .bind(3, who.orgId)
            .bind(4, who.userId)
            .bind(5, c.startMs)
            .bind(6, c.endMs)
            .bind(7, c.blocked
                         ? QStringLiteral("call.start.error-subscription-concurrency-limit-reached")
                         : QStringLiteral("customer-ended-call"));
        if (c.blocked)
            q.bindNull(8).bindNull(9).bindNull(14);
        else
            q.bind(8, c.startMs).bind(9, c.startMs + 120'000).bind(14, c.endSeq);
        q.bind(10, c.blocked ? 1 : 0).bind(11, c.limit).bind(12, c.remaining).bind(13, c.startSeq);
        q.run();
    }
    for (const Account *acc : {&a, &b}) {
        const auto &list = acc == &a ? calls : others;
        qint64 last = 0;
        for (const SimCall &c : list)
            last = std::max({last, c.startSeq, c.endSeq});
        db.exec(QStringLiteral("UPDATE subscription SET activity_seq = :s WHERE id = :id"),
                {{":s", last}, {":id", acc->subscriptionId}});
    }
    tx.commit();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        out << "usage: bench_capacity DATABASE [calls=1000000] [samples=7] [other calls]\n";
        return 2;
    }
    const QString path = server::Database::isPostgresUri(args.at(1))
                             ? args.at(1)
                             : QFileInfo(args.at(1)).absoluteFilePath();
    const int count = args.size() > 2 ? args.at(2).toInt() : 1'000'000;
    const int samples = args.size() > 3 ? args.at(3).toInt() : 7;
    const int otherCount = args.size() > 4 ? args.at(4).toInt() : count;
    const QString name = QStringLiteral("Capacity bench %1").arg(count);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 toMs = now.toMSecsSinceEpoch();
    const qint64 fromMs = toMs - 30LL * 24 * 3600 * 1000;
    QString subscriptionId;
    QByteArray token;
    {
        auto db = server::Database::open(path);
        db->migrate();
        QSqlQuery q = db->exec(QStringLiteral("SELECT s.id, (SELECT min(created_at) FROM call"
                                              " c WHERE c.subscription_id = s.id) FROM"
                                              " subscription s WHERE s.name = :n"),
                               {{":n", name}});
        if (q.next()) {
            // Reused: the calls stay where they were, so the window follows them.
            subscriptionId = q.value(0).toString();
            out << "reusing " << count << " calls of " << subscriptionId << "\n";
        } else {
            QElapsedTimer seedTimer;
            seedTimer.start();
            QString plain;
            const Account a = createAccount(*db, name, 120, now.addDays(-40), &plain);
            const Account b = createAccount(*db, name + QStringLiteral(" (others)"), 60,
                                            now.addDays(-40), nullptr);
            const auto calls = simulate(count, a.lines, fromMs, toMs, 1);
            const auto others = simulate(otherCount, b.lines, fromMs, toMs, 2);
            insertCalls(*db, a, calls, b, others);
            subscriptionId = a.subscriptionId;
            token = plain.toLatin1();
            qint64 blocked = 0;
            for (const SimCall &c : calls)
                blocked += c.blocked ? 1 : 0;
            out << "seeded " << calls.size() << " calls (" << blocked << " blocked) + "
                << others.size() << " others in " << seedTimer.elapsed() / 1000.0 << " s\n";
        }
        if (token.isEmpty()) {
            server::Accounts accounts(*db);
            QSqlQuery u = db->exec(QStringLiteral("SELECT m.user_id FROM membership m JOIN org o"
                                                  " ON o.id = m.org_id WHERE o.subscription_id"
                                                  " = :s"),
                                   {{":s", subscriptionId}});
            u.next();
            token = accounts.createToken(u.value(0).toString(), QStringLiteral("bench"), now)
                        .toLatin1();
        }
        if (db->isPostgres())
            db->exec(QStringLiteral("ANALYZE call"));
    }

    qint64 windowFrom = fromMs, windowTo = toMs;
    {
        auto db = server::Database::open(path);
        QSqlQuery q = db->exec(QStringLiteral("SELECT min(created_at), max(created_at) + 1 FROM"
                                              " call WHERE subscription_id = :s"),
                               {{":s", subscriptionId}});
        q.next();
        windowFrom = q.value(0).toLongLong();
        windowTo = std::max(windowFrom + 1, q.value(1).toLongLong());
        windowTo = std::min(windowTo, windowFrom + 30LL * 24 * 3600 * 1000);
    }
    const QString from =
        QDateTime::fromMSecsSinceEpoch(windowFrom, Qt::UTC).toString(Qt::ISODateWithMs);
    const QString to =
        QDateTime::fromMSecsSinceEpoch(windowTo, Qt::UTC).toString(Qt::ISODateWithMs);

    // The stages alone, in this thread, on a connection of its own.
    {
        auto db = server::Database::open(path);
        server::Accounts accounts(*db);
        server::SystemClock clock;
        server::CapacityPlanner planner(*db, accounts, clock, path);
        QList<double> loadMs, computeMs;
        CapacityPlan plan;
        for (int i = 0; i < samples; ++i) {
            QElapsedTimer t;
            t.start();
            const server::CapacityTrace trace = planner.load(subscriptionId, windowFrom, windowTo);
            loadMs << double(t.nsecsElapsed()) / 1e6;
            t.restart();
            server::CapacityPlanner::Settings s;
            s.subscriptionId = subscriptionId;
            s.fromMs = windowFrom;
            s.toMs = windowTo;
            s.includedLines = 120;
            s.linePriceCents = 1000;
            plan = server::CapacityPlanner::compute(trace, s);
            computeMs << double(t.nsecsElapsed()) / 1e6;
        }
        out << "window " << from << " – " << to << ": " << plan.attempts << " attempts, "
            << plan.blocked << " blocked; busy hour " << plan.busyHour.attempts
            << " attempts, mean hold " << plan.busyHour.meanHoldSeconds << " s, "
            << plan.busyHour.offeredErlangs << " E offered; " << plan.options.size() << " options ("
            << plan.options.first().lines << "–" << plan.options.last().lines << "), recommended "
            << plan.recommendedLines << ", replay clear at " << plan.replayClearLines << "\n";
        out << QStringLiteral("load    (ms): min %1  median %2  max %3\n")
                   .arg(percentile(loadMs, 0), 0, 'f', 1)
                   .arg(percentile(loadMs, 0.5), 0, 'f', 1)
                   .arg(percentile(loadMs, 1), 0, 'f', 1);
        out << QStringLiteral("compute (ms): min %1  median %2  max %3\n")
                   .arg(percentile(computeMs, 0), 0, 'f', 1)
                   .arg(percentile(computeMs, 0.5), 0, 'f', 1)
                   .arg(percentile(computeMs, 1), 0, 'f', 1);
    }

    server::ServiceConfig config;
    config.port = 0;
    config.databasePath = path;
    server::ServiceThread service(config);
    QString error;
    if (!service.start(&error)) {
        out << "service failed: " << error << "\n";
        return 1;
    }
    Client client(service.port(), token);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), from);
    query.addQueryItem(QStringLiteral("to"), to);
    const QByteArray target = "/subscription/" + subscriptionId.toLatin1() + "/capacity-plan?" +
                              query.toString(QUrl::FullyEncoded).toLatin1();
    QList<double> ms;
    qsizetype bytes = 0;
    for (int i = 0; i < samples; ++i) {
        int status = 0;
        QElapsedTimer t;
        t.start();
        const QByteArray body = client.get(target, &status);
        ms << double(t.nsecsElapsed()) / 1e6;
        bytes = body.size();
        if (status != 200) {
            out << "HTTP " << status << ": " << body.left(300) << "\n";
            return 1;
        }
    }
    out << QStringLiteral("GET capacity-plan over HTTP (ms, %1 samples, %2 bytes): min %3  "
                          "median %4  max %5\n")
               .arg(samples)
               .arg(bytes)
               .arg(percentile(ms, 0), 0, 'f', 1)
               .arg(percentile(ms, 0.5), 0, 'f', 1)
               .arg(percentile(ms, 1), 0, 'f', 1);
    return 0;
}
