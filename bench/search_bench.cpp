// Support's search over many subscriptions: the first page of GET /subscription, as the
// console asks for it while a support user types, sorts and filters.
//
//   build/bench/bench_search DATABASE [subscriptions] [samples] [page size]
//   e.g. bench_search /tmp/inspector.db 100000 100 100
//        bench_search postgresql://linedesk@127.0.0.1:5432/linedesk 1000000 100 200
//
// DATABASE is a SQLite file or a PostgreSQL URI (server::Database::open). Seeds it up to
// `subscriptions` (linedesk-server admin seed's code) if it has fewer, starts the service
// in-process in its own thread, and times each request over HTTP on loopback with one
// keep-alive client (wall time: parse, query, JSON, network). Prints a table per category
// and the slowest requests.

#include "accounts.h"
#include "bulkseed.h"
#include "clock.h"
#include "database.h"
#include "servicethread.h"

#include "benchclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTextStream>
#include <QUrlQuery>

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

using namespace linedesk;
using bench::Client;
using bench::percentile;

namespace {

QTextStream out(stdout);

struct Stats
{
    QList<double> ms;
    qint64 rows = 0;
    int errors = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        out << "usage: bench_search DATABASE [subscriptions=100000] [samples=100] [page "
               "size=100]\n";
        return 2;
    }
    const QString path = server::Database::isPostgresUri(args.at(1))
                             ? args.at(1)
                             : QFileInfo(args.at(1)).absoluteFilePath();
    const QString shown = server::Database::displayName(path);
    const int wanted = args.size() > 2 ? args.at(2).toInt() : 100000;
    const int samples = args.size() > 3 ? args.at(3).toInt() : 100;
    const QString pageSize = args.size() > 4 ? args.at(4) : QStringLiteral("100");

    QByteArray token;
    QStringList orgNames, emails, ids;
    {
        auto db = server::Database::open(path);
        db->migrate();
        QSqlQuery count = db->exec(QStringLiteral("SELECT COUNT(*) FROM subscription"));
        count.next();
        const int have = count.value(0).toInt();
        count.finish();
        if (have < wanted) {
            out << "seeding " << wanted - have << " subscriptions into " << shown << " …\n";
            out.flush();
            QElapsedTimer t;
            t.start();
            const server::BulkSeed::Result seeded =
                server::BulkSeed::run(*db, wanted - have, QDateTime::currentDateTimeUtc());
            out << "seeded in " << t.elapsed() / 1000.0 << " s: " << seeded.subscriptions
                << " subscriptions, " << seeded.organizations << " organizations, " << seeded.users
                << " users, " << seeded.historyRows << " history rows\n";
            if (db->isPostgres()) {
                // Fresh statistics, as autovacuum would gather them a little later.
                QElapsedTimer a;
                a.start();
                db->exec(QStringLiteral("VACUUM ANALYZE"));
                out << "VACUUM ANALYZE in " << a.elapsed() / 1000.0 << " s\n";
            }
        }
        qint64 bytes = 0;
        if (db->isPostgres()) {
            QSqlQuery size =
                db->exec(QStringLiteral("SELECT pg_database_size(current_database())"));
            size.next();
            bytes = size.value(0).toLongLong();
        } else {
            for (const QString &suffix : {QString(), QStringLiteral("-wal")})
                bytes += QFileInfo(path + suffix).size();
        }
        out << shown << ": " << qMax(have, wanted) << " subscriptions, "
            << QString::number(double(bytes) / 1048576.0, 'f', 0) << " MiB\n";
        out.flush();
        server::Accounts accounts(*db);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString email =
            QStringLiteral("bench-support-%1@linedesk.test").arg(now.toMSecsSinceEpoch());
        token = accounts
                    .createToken(accounts.createUser(email, QStringLiteral("Bench"), true, now),
                                 QStringLiteral("bench"), now)
                    .toLatin1();
        // What a support user types: parts of real names and emails, whole ids. (PostgreSQL:
        // the same sample on every run of the same database, so attempts compare.)
        if (db->isPostgres())
            db->exec(QStringLiteral("SELECT setseed(0.42)")).finish();
        QSqlQuery q =
            db->exec(QStringLiteral("SELECT o.name, o.subscription_id, (SELECT u.email FROM "
                                    "membership m JOIN app_user u"
                                    " ON u.id = m.user_id WHERE m.org_id = o.id LIMIT 1) FROM org o"
                                    " ORDER BY random() LIMIT :n"),
                     {{":n", samples}});
        while (q.next()) {
            orgNames << q.value(0).toString();
            ids << q.value(1).toString();
            if (!q.value(2).isNull())
                emails << q.value(2).toString();
        }
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
    std::map<QString, Stats> stats;
    QStringList order;
    std::vector<std::pair<double, QString>> slowest; // every request: time, query
    auto run = [&](const QString &category, const QUrlQuery &query) {
        if (!order.contains(category))
            order << category;
        int status = 0;
        QElapsedTimer t;
        t.start();
        const QByteArray body =
            client.get("/subscription?" + query.toString(QUrl::FullyEncoded).toLatin1(), &status);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        Stats &s = stats[category];
        s.ms << ms;
        slowest.push_back({ms, query.toString(QUrl::FullyDecoded)});
        if (status != 200)
            ++s.errors;
        s.rows +=
            QJsonDocument::fromJson(body).object().value(QLatin1String("results")).toArray().size();
    };
    auto searchQuery = [&pageSize](const QString &text, const QString &sort = {},
                                   const QString &filter = {}) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("limit"), pageSize);
        if (!text.isEmpty())
            q.addQueryItem(QStringLiteral("search"), text);
        if (!sort.isEmpty())
            q.addQueryItem(QStringLiteral("sort"), sort);
        if (!filter.isEmpty())
            q.addQueryItem(QStringLiteral("filter"), filter);
        return q;
    };

    // Warm-up: the page cache, as a running service has it.
    for (int i = 0; i < 20; ++i)
        run(QStringLiteral("warm-up"), searchQuery(orgNames.value(i).left(4)));
    stats.erase(QStringLiteral("warm-up"));
    slowest.clear();
    order.removeAll(QStringLiteral("warm-up"));

    QRandomGenerator random(42);
    for (const QString &name : std::as_const(orgNames)) {
        // Every keystroke of typing part of an org name (from a word start, up to 10 chars).
        const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const QString word = words.at(random.bounded(int(words.size())));
        const QString typed = name.mid(name.indexOf(word)).left(10);
        for (int k = 1; k <= typed.size(); ++k)
            run(k < 3 ? QStringLiteral("typing an org name, 1–2 characters")
                      : QStringLiteral("typing an org name, 3–10 characters"),
                searchQuery(typed.left(k)));
    }
    for (const QString &email : std::as_const(emails))
        run(QStringLiteral("part of a user's email (6 characters)"),
            searchQuery(email.mid(random.bounded(qMax(1, int(email.indexOf('@')) - 3)), 6)));
    for (const QString &id : std::as_const(ids))
        run(QStringLiteral("a whole subscription id"), searchQuery(id));
    const QStringList columns = {
        QStringLiteral("name"),
        QStringLiteral("id"),
        QStringLiteral("orgs"),
        QStringLiteral("createdAt"),
        QStringLiteral("updatedAt"),
        QStringLiteral("type"),
        QStringLiteral("status"),
        QStringLiteral("credits"),
        QStringLiteral("concurrencyCounter"),
        QStringLiteral("concurrencyLimitIncluded"),
        QStringLiteral("concurrencyLimitPurchased"),
        QStringLiteral("concurrencyLimit"),
        QStringLiteral("peakCalls24h"),
        QStringLiteral("blockedCalls24h"),
        QStringLiteral("utilisationPercent"),
    };
    for (int i = 0; i < samples / 10 + 1; ++i)
        for (const QString &c : columns) {
            run(QStringLiteral("no search, sorted by any column (asc and desc)"),
                searchQuery({}, c));
            run(QStringLiteral("no search, sorted by any column (asc and desc)"),
                searchQuery({}, QLatin1Char('-') + c));
        }
    const QStringList filters = {QStringLiteral("at-limit"), QStringLiteral("blocking"),
                                 QStringLiteral("frozen"), QStringLiteral("blocking,at-limit")};
    for (int i = 0; i < samples / 10 + 1; ++i)
        for (const QString &f : filters)
            for (const QString &c : {QStringLiteral("name"), QStringLiteral("-peakCalls24h"),
                                     QStringLiteral("-blockedCalls24h")})
                run(QStringLiteral("a filter, sorted by name, peak or blocked"),
                    searchQuery({}, c, f));
    const QStringList types = {QStringLiteral("pay-as-you-go"), QStringLiteral("startup"),
                               QStringLiteral("growth"),        QStringLiteral("scale"),
                               QStringLiteral("agency"),        QStringLiteral("enterprise")};
    for (int i = 0; i < samples / 10 + 1; ++i)
        for (const QString &t : types)
            for (const QString &c : {QStringLiteral("name"), QStringLiteral("-peakCalls24h")}) {
                QUrlQuery q = searchQuery({}, c);
                q.addQueryItem(QStringLiteral("type"), t);
                run(QStringLiteral("a type, sorted by name or peak"), q);
            }
    for (const QString &name : std::as_const(orgNames))
        run(QStringLiteral("part of an org name, sorted by peak desc"),
            searchQuery(name.left(5), QStringLiteral("-peakCalls24h")));

    out << "\n| request (first page, limit " << pageSize
        << ") | n | p50 ms | p95 ms | max ms | rows/page |\n"
        << "|---|---|---|---|---|---|\n";
    QList<double> all;
    for (const QString &category : std::as_const(order)) {
        const Stats &s = stats[category];
        all += s.ms;
        out << "| " << category << " | " << s.ms.size() << " | "
            << QString::number(percentile(s.ms, 0.5), 'f', 1) << " | "
            << QString::number(percentile(s.ms, 0.95), 'f', 1) << " | "
            << QString::number(percentile(s.ms, 1.0), 'f', 1) << " | "
            << QString::number(double(s.rows) / qMax<qsizetype>(1, s.ms.size()), 'f', 0)
            << (s.errors ? QStringLiteral(" (%1 errors)").arg(s.errors) : QString()) << " |\n";
    }
    out << "| **all** | " << all.size() << " | " << QString::number(percentile(all, 0.5), 'f', 1)
        << " | " << QString::number(percentile(all, 0.95), 'f', 1) << " | "
        << QString::number(percentile(all, 1.0), 'f', 1) << " | |\n";
    // The slowest requests, each query once: where to look first.
    std::sort(slowest.begin(), slowest.end(), std::greater<>());
    out << "\nslowest requests:\n";
    QStringList shownQueries;
    for (const auto &[ms, query] : slowest) {
        if (shownQueries.contains(query))
            continue;
        shownQueries << query;
        out << "  " << QString::number(ms, 'f', 1) << " ms  " << query << "\n";
        if (shownQueries.size() == 15)
            break;
    }
    service.stop();
    return 0;
}
