// The calls list at support's scale: GET /call with every filter over a million calls of
// 2,000 organizations, for an admin of a big organization, an admin of a small one and support.
//
//   build/bench/bench_calls DATABASE [calls=1000000] [samples=30] [only shapes containing]
//   e.g. bench_calls /tmp/calls.db
//        bench_calls postgresql://linedesk@127.0.0.1:5432/linedesk 1000000 30
//
// DATABASE is a SQLite file or a PostgreSQL URI. On first use it creates 1,994 subscriptions
// with 2,000 organizations (three big customers' subscriptions hold their big organization and
// two sister ones) and `calls` calls over 90 days, written straight into the table as the
// service would have left them (see seed()). Then it starts the service in-process and times
// each query shape over HTTP on loopback with one keep-alive client (wall time: parse, query,
// JSON, network), `samples` requests per shape with varying values, for each caller; and runs
// the same SQL as Admission::list() alone (Admission::listSql()), checks that it gives the
// same ids as the HTTP answer and as the plain flat query of before (listSqlMain()), and
// prints its plan: SQLite's EXPLAIN QUERY
// PLAN, PostgreSQL's EXPLAIN (ANALYZE, BUFFERS). A fourth argument keeps only the shapes whose
// name contains it. Results and what they showed: docs/benchmarks.md.

#include "accounts.h"
#include "admission.h"
#include "database.h"
#include "requestbodies.h"
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
#include <QSqlRecord>
#include <QTextStream>
#include <QThread>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <vector>

using namespace linedesk;
using bench::Client;
using bench::percentile;

namespace {

QTextStream out(stdout);

constexpr int kOrgs = 2000;
constexpr int kAssistants = 50; // per organization, plus one rare one (index 50)
constexpr int kPhoneNumbers = 20;
constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr qint64 kDays = 90;
constexpr int kSmallOrgCalls = 100; // the small organization: the first with about this many

// Organization k's share of the calls: three big customers (15 %, 12 %, 10 %), the rest
// falling off as 1/(k + 7) (org 3 ~ 11,800 calls per million, the last ~60).
std::vector<double> orgWeights()
{
    std::vector<double> w(kOrgs);
    w[0] = 0.15;
    w[1] = 0.12;
    w[2] = 0.10;
    double h = 0;
    for (int k = 3; k < kOrgs; ++k)
        h += 1.0 / (k + 7);
    for (int k = 3; k < kOrgs; ++k)
        w[size_t(k)] = 0.63 / (k + 7) / h;
    return w;
}

// The big customers' subscriptions hold orgs {0, 3, 4}, {1, 5, 6}, {2, 7, 8}; every other org
// has its own.
int subscriptionOf(int org)
{
    if (org < 3)
        return org;
    if (org < 9)
        return (org - 3) / 2;
    return org - 6;
}
constexpr int kSubscriptions = kOrgs - 6;

QString orgName(int k)
{
    return QStringLiteral("Calls bench org %1").arg(k, 4, 10, QLatin1Char('0'));
}
QString adminEmail(int k)
{
    return QStringLiteral("admin%1@calls-bench.example").arg(k, 4, 10, QLatin1Char('0'));
}
const QString kSupportEmail = QStringLiteral("support@calls-bench.example");

// The same id for the same org and index on every run and backend (assistants: kind 1, phone
// numbers: kind 2).
QString entityId(int kind, int org, int index)
{
    QRandomGenerator g(quint32(kind * 1'000'003 + org * 101 + index));
    QUuid u(g.generate(), ushort(g.generate()), ushort((g.generate() & 0x0fff) | 0x4000),
            uchar((g.generate() & 0x3f) | 0x80), uchar(g.generate()), uchar(g.generate()),
            uchar(g.generate()), uchar(g.generate()), uchar(g.generate()), uchar(g.generate()),
            uchar(g.generate()));
    return u.toString(QUuid::WithoutBraces);
}
QString assistantId(int org, int index)
{
    return entityId(1, org, index);
}
QString phoneNumberId(int org, int index)
{
    return entityId(2, org, index);
}

QString randomUuid(QRandomGenerator &g)
{
    QUuid u(g.generate(), ushort(g.generate()), ushort((g.generate() & 0x0fff) | 0x4000),
            uchar((g.generate() & 0x3f) | 0x80), uchar(g.generate()), uchar(g.generate()),
            uchar(g.generate()), uchar(g.generate()), uchar(g.generate()), uchar(g.generate()),
            uchar(g.generate()));
    return u.toString(QUuid::WithoutBraces);
}

// Arrival rate through the week, relative to the busiest hours (1.0).
double profile(qint64 ms)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    const int hour = t.time().hour();
    const bool weekend = t.date().dayOfWeek() >= 6;
    const double r = hour >= 9 && hour < 17 ? 1.0 : hour >= 7 && hour < 20 ? 0.55 : 0.12;
    return weekend ? r * 0.35 : r;
}

// Index of a draw from cumulative weights.
int draw(const std::vector<double> &cumulative, QRandomGenerator &g)
{
    const double x = g.generateDouble() * cumulative.back();
    return int(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
}

std::vector<double> cumulate(const std::vector<double> &w)
{
    std::vector<double> c(w.size());
    double s = 0;
    for (size_t i = 0; i < w.size(); ++i)
        c[i] = s += w[i];
    return c;
}

std::vector<double> zipf(int n)
{
    std::vector<double> w(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        w[size_t(i)] = 1.0 / (i + 1);
    return w;
}

QString sqlText(const QString &s)
{
    QString q = s;
    q.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

struct Seeded
{
    qint64 seconds = 0;
    qint64 calls = 0, inProgress = 0, deleted = 0, blocked = 0, renamed = 0;
};

// The accounts, then `count` calls created over the 90 days before now in creation order:
// each org's admin starts them; 60 % inbound, 30 % outbound phone calls, 10 % web calls (no
// phone number, no customer); an assistant (50 per org, 1/k popularity; one more, rare,
// on every 25,000th call of an org), a phone number (20 per org, 1/k), a customer number and,
// for 30 %, a name, kept in details and in the two columns as POST /call keeps them. 2 % were
// blocked (ended at their start); the others hold for an exponential 180 s (at least 5 s):
// those still holding at the seed's now are in progress (last heartbeat in the last 20 s, the
// lease far ahead so this service never ends them), the others ended (last heartbeat within
// 20 s of the end). updated_at: the end, the last heartbeat, a rename (1 % of ended calls,
// up to 7 days later) or a deletion (1 % of ended calls, up to 30 days later: details '{}',
// the two ids NULL, deleted_at set).
Seeded seed(server::Database &db, qint64 count, qint64 nowMs)
{
    QElapsedTimer timer;
    timer.start();
    Seeded result;
    const qint64 fromMs = nowMs - kDays * kDayMs;
    const QDateTime createdAt = QDateTime::fromMSecsSinceEpoch(fromMs - 10 * kDayMs, Qt::UTC);
    QStringList orgIds(kOrgs), userIds(kOrgs), subscriptionIds(kSubscriptions);
    QList<int> lines(kSubscriptions);
    {
        server::Database::Transaction tx(db);
        server::Accounts accounts(db);
        for (int s = 0; s < kSubscriptions; ++s) {
            server::Accounts::NewSubscription n;
            n.name = QStringLiteral("Calls bench %1").arg(s, 4, 10, QLatin1Char('0'));
            n.type = s < 3 ? QStringLiteral("enterprise") : QStringLiteral("startup");
            n.includedLines = lines[s] = s < 3 ? 200 : 10;
            n.creditsCents = 1000'00;
            n.createdAt = createdAt;
            subscriptionIds[s] = accounts.createSubscription(n, QStringLiteral("bench"));
        }
        for (int k = 0; k < kOrgs; ++k) {
            orgIds[k] =
                accounts.createOrg(orgName(k), subscriptionIds[subscriptionOf(k)], createdAt);
            userIds[k] = accounts.createUser(adminEmail(k), orgName(k) + QStringLiteral(" admin"),
                                             false, createdAt);
            accounts.addMembership(orgIds[k], userIds[k], QStringLiteral("admin"));
        }
        // The big customer's admin also sees its sister organizations.
        accounts.addMembership(orgIds[3], userIds[0], QStringLiteral("viewer"));
        accounts.addMembership(orgIds[4], userIds[0], QStringLiteral("viewer"));
        accounts.createUser(kSupportEmail, QStringLiteral("Support"), true, createdAt);
        tx.commit();
    }

    QRandomGenerator g(16);
    std::vector<qint64> times;
    times.reserve(size_t(count));
    while (qint64(times.size()) < count) {
        const qint64 t = fromMs + qint64(g.generateDouble() * double(nowMs - fromMs));
        if (g.generateDouble() <= profile(t))
            times.push_back(t);
    }
    std::sort(times.begin(), times.end());

    const std::vector<double> orgs = cumulate(orgWeights());
    const std::vector<double> assistants = cumulate(zipf(kAssistants));
    const std::vector<double> phones = cumulate(zipf(kPhoneNumbers));
    std::vector<qint64> perOrg(kOrgs, 0);
    const QString blockedReason =
        QStringLiteral("call.start.error-subscription-concurrency-limit-reached");
    const char *const reasons[] = {"customer-ended-call", "assistant-ended-call",
                                   "customer-ended-call", "assistant-ended-call", "lease-expired"};
    const char *const types[] = {"inboundPhoneCall", "outboundPhoneCall", "webCall"};
    const bool postgres = db.isPostgres();
    constexpr int kBatch = 1000;        // rows per INSERT on PostgreSQL
    constexpr int kTransaction = 50000; // rows per transaction
    QString values;                     // PostgreSQL: the batch's VALUES
    int inBatch = 0;
    const char *const columns =
        "INSERT INTO call (id, subscription_id, org_id, created_by, type, status, created_at,"
        " ended_at, ended_reason, last_heartbeat_at, lease_expires_at, blocked, limit_at_start,"
        " remaining_at_start, details, updated_at, assistant_id, phone_number_id, deleted_at)"
        " VALUES ";
    auto flush = [&] {
        if (inBatch == 0)
            return;
        db.exec(QLatin1String(columns) + values);
        values.clear();
        inBatch = 0;
    };
    std::unique_ptr<server::Database::Transaction> tx;
    for (qint64 i = 0; i < count; ++i) {
        if (i % kTransaction == 0) {
            if (tx) {
                flush();
                tx->commit();
                out << "  " << i << " calls\n";
                out.flush();
            }
            tx = std::make_unique<server::Database::Transaction>(db);
        }
        const qint64 created = times[size_t(i)];
        const int org = draw(orgs, g);
        const int sub = subscriptionOf(org);
        const int type = g.generateDouble() < 0.6 ? 0 : g.generateDouble() < 0.75 ? 1 : 2;
        const bool phone = type != 2;
        const int assistant =
            perOrg[size_t(org)]++ % 25000 == 12 ? kAssistants : draw(assistants, g);
        const QString assistantText = assistantId(org, assistant);
        const QString phoneText = phone ? phoneNumberId(org, draw(phones, g)) : QString();
        QJsonObject details{{QStringLiteral("assistantId"), assistantText}};
        if (phone) {
            details.insert(QStringLiteral("phoneNumberId"), phoneText);
            details.insert(QStringLiteral("customer"),
                           QJsonObject{{QStringLiteral("number"),
                                        QStringLiteral("+1555%1").arg(g.bounded(10'000'000), 7, 10,
                                                                      QLatin1Char('0'))}});
        }
        if (g.generateDouble() < 0.3)
            details.insert(QStringLiteral("name"),
                           QStringLiteral("Follow-up %1").arg(g.bounded(100000)));

        QString status = QStringLiteral("ended"), reason;
        qint64 ended = -1, heartbeat = -1, lease = -1, deletedAt = -1, updated = created;
        const bool blocked = g.generateDouble() < 0.02;
        const int limit = lines[sub];
        int remaining = 0;
        if (blocked) {
            ended = created;
            reason = blockedReason;
            ++result.blocked;
        } else {
            remaining = int(g.bounded(limit));
            const qint64 hold =
                std::max<qint64>(5000, qint64(-std::log(1.0 - g.generateDouble()) * 180'000));
            if (created + hold > nowMs) {
                status = QStringLiteral("in-progress");
                heartbeat = std::max(created, nowMs - qint64(g.bounded(20000)));
                lease = nowMs + 3650 * kDayMs;
                updated = heartbeat;
                ++result.inProgress;
            } else {
                ended = created + hold;
                heartbeat = std::max(created, ended - qint64(g.bounded(20000)));
                lease = heartbeat + 60'000;
                reason = QLatin1String(reasons[g.bounded(5)]);
                updated = ended;
                const double fate = g.generateDouble();
                if (fate < 0.01) { // renamed later
                    updated = ended + qint64(g.generateDouble() *
                                             double(std::min(7 * kDayMs, nowMs - ended)));
                    details.insert(QStringLiteral("name"),
                                   QStringLiteral("Renamed %1").arg(g.bounded(100000)));
                    ++result.renamed;
                } else if (fate < 0.02) { // its data deleted
                    deletedAt = ended + qint64(g.generateDouble() *
                                               double(std::min(30 * kDayMs, nowMs - ended)));
                    updated = deletedAt;
                    ++result.deleted;
                }
            }
        }
        const bool erased = deletedAt >= 0;
        const QString detailsText =
            erased ? QStringLiteral("{}")
                   : QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
        const QString id = randomUuid(g);
        if (postgres) {
            auto number = [](qint64 v) {
                return v < 0 ? QStringLiteral("NULL") : QString::number(v);
            };
            values += QStringLiteral("%1(%2, %3, %4, %5, '%6', '%7', %8, %9, %10, %11, %12, %13,"
                                     " %14, %15, %16, %17, %18, %19, %20)")
                          .arg(inBatch ? QStringLiteral(",") : QString(), sqlText(id),
                               sqlText(subscriptionIds[sub]), sqlText(orgIds[org]),
                               sqlText(userIds[org]), QLatin1String(types[type]), status,
                               QString::number(created), number(ended))
                          .arg(reason.isEmpty() ? QStringLiteral("NULL") : sqlText(reason),
                               number(heartbeat), number(lease), QString::number(blocked ? 1 : 0),
                               QString::number(limit), QString::number(remaining),
                               sqlText(detailsText), QString::number(updated))
                          .arg(erased ? QStringLiteral("NULL") : sqlText(assistantText),
                               erased || !phone ? QStringLiteral("NULL") : sqlText(phoneText),
                               number(deletedAt));
            if (++inBatch == kBatch)
                flush();
        } else {
            auto q = db.statement(
                "INSERT INTO call (id, subscription_id, org_id, created_by, type, status,"
                " created_at, ended_at, ended_reason, last_heartbeat_at, lease_expires_at, blocked,"
                " limit_at_start, remaining_at_start, details, updated_at, assistant_id,"
                " phone_number_id, deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
            auto nullable = [&q](int index, qint64 v) {
                if (v < 0)
                    q.bindNull(index);
                else
                    q.bind(index, v);
            };
            q.bind(1, id)
                .bind(2, subscriptionIds[sub])
                .bind(3, orgIds[org])
                .bind(4, userIds[org])
                .bind(5, QString::fromLatin1(types[type]))
                .bind(6, status)
                .bind(7, created);
            nullable(8, ended);
            if (reason.isEmpty())
                q.bindNull(9);
            else
                q.bind(9, reason);
            nullable(10, heartbeat);
            nullable(11, lease);
            q.bind(12, blocked ? 1 : 0)
                .bind(13, limit)
                .bind(14, remaining)
                .bind(15, detailsText)
                .bind(16, updated);
            if (erased)
                q.bindNull(17);
            else
                q.bind(17, assistantText);
            if (erased || !phone)
                q.bindNull(18);
            else
                q.bind(18, phoneText);
            nullable(19, deletedAt);
            q.run();
        }
        ++result.calls;
    }
    flush();
    if (tx)
        tx->commit();
    // The counters the calls in progress hold.
    db.exec(QStringLiteral("UPDATE subscription SET active_calls = (SELECT COUNT(*) FROM call c"
                           " WHERE c.subscription_id = subscription.id AND c.status ="
                           " 'in-progress') WHERE name LIKE 'Calls bench %'"));
    result.seconds = timer.elapsed() / 1000;
    return result;
}

// The call's columns in the order Admission's readRow() reads them.
#define CALL_COLUMNS                                                                               \
    "c.id, c.subscription_id, c.org_id, c.created_by, c.type, c.status, c.created_at,"             \
    " c.ended_at, c.ended_reason, c.last_heartbeat_at, c.lease_expires_at, c.blocked,"             \
    " c.limit_at_start, c.remaining_at_start, c.updated_at, c.details, c.deleted_at"

// Admission::list()'s SQL before the calls list was tuned (239669a, one flat query): the plain
// reference the service's answers are checked against, and what "main" means in
// docs/benchmarks.md's tables.
QString listSqlMain(const server::CallListQuery &query, const QString &userId, bool postgres,
                    QVariantMap *binds)
{
    QStringList where{QStringLiteral("c.deleted_at IS NULL")};
    auto bind = [binds](const QVariant &value) {
        const QString name = QStringLiteral(":b%1").arg(binds->size());
        binds->insert(name, value);
        return name;
    };
    const bool narrow = !postgres && (!query.id.isEmpty() || !query.assistantId.isEmpty() ||
                                      !query.phoneNumberId.isEmpty());
    if (!userId.isEmpty())
        where << QStringLiteral("%1c.org_id IN (SELECT org_id FROM membership WHERE user_id = %2)")
                     .arg(narrow ? QStringLiteral("+") : QString(), bind(userId));
    const std::tuple<const char *, const char *, const std::optional<qint64> *> times[] = {
        {"created_at", ">", &query.createdAtGtMs},  {"created_at", "<", &query.createdAtLtMs},
        {"created_at", ">=", &query.createdAtGeMs}, {"created_at", "<=", &query.createdAtLeMs},
        {"updated_at", ">", &query.updatedAtGtMs},  {"updated_at", "<", &query.updatedAtLtMs},
        {"updated_at", ">=", &query.updatedAtGeMs}, {"updated_at", "<=", &query.updatedAtLeMs},
    };
    for (const auto &[column, op, value] : times)
        if (*value)
            where << QStringLiteral("c.%1 %2 %3")
                         .arg(QLatin1String(column), QLatin1String(op), bind(**value));
    const std::pair<const char *, const QString *> equal[] = {
        {"c.id", &query.id},
        {"c.assistant_id", &query.assistantId},
        {"c.phone_number_id", &query.phoneNumberId},
        {"c.subscription_id", &query.subscriptionId},
        {"c.org_id", &query.orgId},
        {"c.status", &query.status},
    };
    for (const auto &[column, value] : equal)
        if (!value->isEmpty())
            where << QStringLiteral("%1 = %2").arg(QLatin1String(column), bind(*value));
    return QStringLiteral(
               "SELECT c.id, c.subscription_id, c.org_id, c.created_by, c.type, c.status,"
               " c.created_at, c.ended_at, c.ended_reason, c.last_heartbeat_at,"
               " c.lease_expires_at, c.blocked, c.limit_at_start, c.remaining_at_start,"
               " c.updated_at, c.details, c.deleted_at FROM call c WHERE %1"
               " ORDER BY c.created_at DESC, c.id DESC LIMIT %2")
        .arg(where.join(QLatin1String(" AND ")))
        .arg(query.limit);
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QUrlQuery urlQuery(const server::CallListQuery &q)
{
    QUrlQuery u;
    if (q.limit != 100)
        u.addQueryItem(QStringLiteral("limit"), QString::number(q.limit));
    const std::pair<const char *, const std::optional<qint64> *> times[] = {
        {"createdAtGt", &q.createdAtGtMs}, {"createdAtLt", &q.createdAtLtMs},
        {"createdAtGe", &q.createdAtGeMs}, {"createdAtLe", &q.createdAtLeMs},
        {"updatedAtGt", &q.updatedAtGtMs}, {"updatedAtLt", &q.updatedAtLtMs},
        {"updatedAtGe", &q.updatedAtGeMs}, {"updatedAtLe", &q.updatedAtLeMs},
    };
    for (const auto &[name, value] : times)
        if (*value)
            u.addQueryItem(QLatin1String(name), isoTime(**value));
    const std::pair<const char *, const QString *> equal[] = {
        {"id", &q.id},
        {"assistantId", &q.assistantId},
        {"phoneNumberId", &q.phoneNumberId},
        {"subscriptionId", &q.subscriptionId},
        {"orgId", &q.orgId},
        {"status", &q.status},
    };
    for (const auto &[name, value] : equal)
        if (!value->isEmpty())
            u.addQueryItem(QLatin1String(name), *value);
    return u;
}

// The plan of one query as the database prints it: SQLite's EXPLAIN QUERY PLAN as a tree,
// PostgreSQL's EXPLAIN (ANALYZE, BUFFERS).
QStringList explain(server::Database &db, const QString &sql, const QVariantMap &binds)
{
    QStringList lines;
    if (db.isPostgres()) {
        QSqlQuery q = db.exec(QStringLiteral("EXPLAIN (ANALYZE, BUFFERS) ") + sql, binds);
        while (q.next())
            lines << q.value(0).toString();
        return lines;
    }
    QSqlQuery q = db.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql, binds);
    std::map<int, int> depth; // node id → depth
    while (q.next()) {
        const int id = q.value(0).toInt();
        const int parent = q.value(1).toInt();
        const int d = parent == 0 ? 0 : depth[parent] + 1;
        depth[id] = d;
        lines << QString(d * 2, QLatin1Char(' ')) + q.value(3).toString();
    }
    return lines;
}

// The plan in one line: SQLite's plan lines joined; PostgreSQL's scan nodes.
QString planSummary(const QStringList &plan, bool postgres)
{
    QStringList parts;
    for (const QString &line : plan) {
        QString l = line.trimmed();
        if (postgres) {
            if (l.startsWith(QLatin1String("->")))
                l = l.mid(2).trimmed();
            if (!l.contains(QLatin1String("Scan")) && !l.startsWith(QLatin1String("Sort")) &&
                !l.startsWith(QLatin1String("Incremental Sort")))
                continue;
            l = l.left(l.indexOf(QLatin1String("  (")));
            const qsizetype rows = line.indexOf(QLatin1String("actual time="));
            if (rows >= 0) {
                const qsizetype r = line.indexOf(QLatin1String("rows="), rows);
                l +=
                    QStringLiteral(" [%1]").arg(line.mid(r, line.indexOf(QLatin1Char(' '), r) - r));
            }
        }
        parts << l;
    }
    return parts.join(QStringLiteral("; "));
}

struct Caller
{
    QString label;
    QByteArray token;
    QString userId; // empty: support
    int org = 0;    // the organization whose ids its filters use
    QString orgId, subscriptionId;
    QStringList ids; // calls it can see, at random
};

struct Shape
{
    QString name;
    std::function<server::CallListQuery(int sample)> query;
};

struct Result
{
    QString caller, shape;
    QList<double> http, sql;
    double rows = 0;
    QString plan;
    QStringList fullPlan;
    QString sqlText;
    bool mismatch = false;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        out << "usage: bench_calls DATABASE [calls=1000000] [samples=30] [only shapes "
               "containing]\n";
        return 2;
    }
    const QString path = server::Database::isPostgresUri(args.at(1))
                             ? args.at(1)
                             : QFileInfo(args.at(1)).absoluteFilePath();
    const QString shown = server::Database::displayName(path);
    const qint64 count = args.size() > 2 ? args.at(2).toLongLong() : 1'000'000;
    const int samples = args.size() > 3 ? args.at(3).toInt() : 30;
    const QString only = args.size() > 4 ? args.at(4) : QString(); // a shape name's part

    auto db = server::Database::open(path);
    {
        const int before = db->schemaVersion();
        QElapsedTimer t;
        t.start();
        const int after = db->migrate();
        if (before > 0 && after != before)
            out << "migrated " << shown << " from schema " << before << " to " << after << " in "
                << t.elapsed() / 1000.0 << " s\n";
    }
    const bool postgres = db->isPostgres();
    {
        QSqlQuery q = db->exec(QStringLiteral("SELECT COUNT(*) FROM org WHERE name = :n"),
                               {{":n", orgName(0)}});
        q.next();
        const bool seeded = q.value(0).toInt() > 0;
        q.finish(); // no read snapshot held while seeding: SQLite's checkpoints keep up
        if (!seeded) {
            out << "seeding " << count << " calls into " << shown << " …\n";
            out.flush();
            // The seed's now: the last weekday 15:00 UTC, so the calls in progress are a busy
            // hour's whenever it runs.
            QDateTime at = QDateTime::currentDateTimeUtc();
            at.setTime(QTime(15, 0));
            while (at > QDateTime::currentDateTimeUtc() || at.date().dayOfWeek() >= 6)
                at = at.addDays(-1);
            const qint64 nowMs = at.toMSecsSinceEpoch();
            const Seeded s = seed(*db, count, nowMs);
            out << "seeded in " << s.seconds << " s: " << s.calls << " calls, " << s.inProgress
                << " in progress, " << s.blocked << " blocked, " << s.renamed << " renamed, "
                << s.deleted << " deleted\n";
            if (!postgres)
                db->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            if (postgres) {
                // Fresh statistics and visibility map, as autovacuum would leave them.
                QElapsedTimer a;
                a.start();
                db->exec(QStringLiteral("VACUUM ANALYZE call"));
                db->exec(QStringLiteral("ANALYZE"));
                out << "VACUUM ANALYZE in " << a.elapsed() / 1000.0 << " s\n";
            }
        } else {
            out << "reusing the calls in " << shown << "\n";
        }
    }
    // The data's now: its latest change.
    qint64 nowMs = 0, total = 0;
    {
        QSqlQuery q = db->exec(QStringLiteral("SELECT MAX(updated_at) FROM call"));
        q.next();
        nowMs = q.value(0).toLongLong();
        QSqlQuery c = db->exec(QStringLiteral("SELECT COUNT(*) FROM call"));
        c.next();
        total = c.value(0).toLongLong();
    }
    qint64 bytes = 0;
    if (postgres) {
        QSqlQuery size = db->exec(QStringLiteral("SELECT pg_database_size(current_database())"));
        size.next();
        bytes = size.value(0).toLongLong();
    } else {
        for (const QString &suffix : {QString(), QStringLiteral("-wal")})
            bytes += QFileInfo(path + suffix).size();
    }
    out << shown << ": " << total << " calls, "
        << QString::number(double(bytes) / 1048576.0, 'f', 0) << " MiB; data's now "
        << isoTime(nowMs) << "\n";

    // The small organization: the first whose share gives about kSmallOrgCalls calls.
    int smallOrg = kOrgs - 1;
    {
        const std::vector<double> w = orgWeights();
        for (int k = 3; k < kOrgs; ++k)
            if (w[size_t(k)] * double(count) <= kSmallOrgCalls) {
                smallOrg = k;
                break;
            }
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    server::Accounts accounts(*db);
    auto lookup = [&](const QString &sql, const QVariantMap &binds) {
        QSqlQuery q = db->exec(sql, binds);
        return q.next() ? q.value(0).toString() : QString();
    };
    auto makeCaller = [&](const QString &label, const QString &email, int org) {
        Caller c;
        c.label = label;
        c.org = org;
        const QString userId = lookup(QStringLiteral("SELECT id FROM app_user WHERE email = :e"),
                                      {{QStringLiteral(":e"), email}});
        c.token = accounts.createToken(userId, QStringLiteral("bench"), now).toLatin1();
        if (email != kSupportEmail)
            c.userId = userId;
        c.orgId = lookup(QStringLiteral("SELECT id FROM org WHERE name = :n"),
                         {{QStringLiteral(":n"), orgName(org)}});
        c.subscriptionId = lookup(QStringLiteral("SELECT subscription_id FROM org WHERE id = :o"),
                                  {{QStringLiteral(":o"), c.orgId}});
        QSqlQuery q = db->exec(
            c.userId.isEmpty()
                ? QStringLiteral("SELECT id FROM call WHERE deleted_at IS NULL ORDER BY random()"
                                 " LIMIT :n")
                : QStringLiteral("SELECT id FROM call WHERE org_id IN (SELECT org_id FROM"
                                 " membership WHERE user_id = :u) AND deleted_at IS NULL ORDER BY"
                                 " random() LIMIT :n"),
            c.userId.isEmpty()
                ? QVariantMap{{QStringLiteral(":n"), samples}}
                : QVariantMap{{QStringLiteral(":u"), c.userId}, {QStringLiteral(":n"), samples}});
        while (q.next())
            c.ids << q.value(0).toString();
        QSqlQuery n = db->exec(QStringLiteral("SELECT COUNT(*) FROM call WHERE org_id IN (SELECT"
                                              " org_id FROM membership WHERE user_id = :u)"),
                               {{":u", userId}});
        n.next();
        out << label << ": " << (c.userId.isEmpty() ? total : n.value(0).toLongLong())
            << " calls visible; its org " << orgName(org) << " has ";
        QSqlQuery o = db->exec(QStringLiteral("SELECT COUNT(*) FROM call WHERE org_id = :o"),
                               {{":o", c.orgId}});
        o.next();
        out << o.value(0).toLongLong() << "\n";
        return c;
    };
    std::vector<Caller> callers;
    callers.push_back(makeCaller(QStringLiteral("admin of a big org"), adminEmail(0), 0));
    callers.push_back(
        makeCaller(QStringLiteral("admin of a small org"), adminEmail(smallOrg), smallOrg));
    callers.push_back(makeCaller(QStringLiteral("support"), kSupportEmail, 0));
    const QString smallOrgId = callers[1].orgId, smallSubscriptionId = callers[1].subscriptionId;
    const QString otherOrgId = lookup(QStringLiteral("SELECT id FROM org WHERE name = :n"),
                                      {{QStringLiteral(":n"), orgName(1)}});
    {
        QSqlQuery q = db->exec(QStringLiteral("SELECT COUNT(*) FROM call WHERE assistant_id = :a"),
                               {{":a", assistantId(0, kAssistants)}});
        q.next();
        out << "rare assistant of " << orgName(0) << ": " << q.value(0).toLongLong() << " calls\n";
    }
    out.flush();

    auto shapesFor = [&](const Caller &c) {
        static QRandomGenerator sampleRandom(7); // the same samples on every run
        QRandomGenerator *g = &sampleRandom;
        using Q = server::CallListQuery;
        const int org = c.org;
        std::vector<Shape> s;
        s.push_back({QStringLiteral("no filter"), [](int) { return Q{}; }});
        s.push_back({QStringLiteral("no filter, limit=1000"), [](int) {
                         Q q;
                         q.limit = 1000;
                         return q;
                     }});
        s.push_back({QStringLiteral("id"), [&c](int i) {
                         Q q;
                         q.id = c.ids.value(i % qMax(1, int(c.ids.size())));
                         return q;
                     }});
        s.push_back({QStringLiteral("assistantId (any of the org's 50)"), [org, g](int) {
                         Q q;
                         q.assistantId = assistantId(org, g->bounded(kAssistants));
                         return q;
                     }});
        s.push_back({QStringLiteral("phoneNumberId (any of the org's 20)"), [org, g](int) {
                         Q q;
                         q.phoneNumberId = phoneNumberId(org, g->bounded(kPhoneNumbers));
                         return q;
                     }});
        s.push_back({QStringLiteral("createdAtGt, last hour"), [nowMs](int) {
                         Q q;
                         q.createdAtGtMs = nowMs - 3600'000;
                         return q;
                     }});
        s.push_back({QStringLiteral("createdAtGt, last 30 days"), [nowMs](int) {
                         Q q;
                         q.createdAtGtMs = nowMs - 30 * kDayMs;
                         return q;
                     }});
        s.push_back({QStringLiteral("updatedAtGe, last 10 minutes"), [nowMs](int) {
                         Q q;
                         q.updatedAtGeMs = nowMs - 600'000;
                         return q;
                     }});
        s.push_back({QStringLiteral("updatedAtLt, 60 days ago"), [nowMs](int) {
                         Q q;
                         q.updatedAtLtMs = nowMs - 60 * kDayMs;
                         return q;
                     }});
        s.push_back({QStringLiteral("updatedAtGe/Lt 14–7 days ago"), [nowMs](int) {
                         Q q;
                         q.updatedAtGeMs = nowMs - 14 * kDayMs;
                         q.updatedAtLtMs = nowMs - 7 * kDayMs;
                         return q;
                     }});
        s.push_back(
            {QStringLiteral("createdAtGe/Lt 14–7 days ago + assistantId"), [nowMs, org, g](int) {
                 Q q;
                 q.createdAtGeMs = nowMs - 14 * kDayMs;
                 q.createdAtLtMs = nowMs - 7 * kDayMs;
                 q.assistantId = assistantId(org, g->bounded(kAssistants));
                 return q;
             }});
        s.push_back({QStringLiteral("status=in-progress"), [](int) {
                         Q q;
                         q.status = QStringLiteral("in-progress");
                         return q;
                     }});
        s.push_back({QStringLiteral("subscriptionId (its org's)"), [&c](int) {
                         Q q;
                         q.subscriptionId = c.subscriptionId;
                         return q;
                     }});
        s.push_back({QStringLiteral("orgId (its org)"), [&c](int) {
                         Q q;
                         q.orgId = c.orgId;
                         return q;
                     }});
        if (c.userId.isEmpty()) {
            s.push_back(
                {QStringLiteral("subscriptionId (a small one)"), [smallSubscriptionId](int) {
                     Q q;
                     q.subscriptionId = smallSubscriptionId;
                     return q;
                 }});
            s.push_back({QStringLiteral("orgId (a small one)"), [smallOrgId](int) {
                             Q q;
                             q.orgId = smallOrgId;
                             return q;
                         }});
        }
        s.push_back({QStringLiteral("rare assistant"), [org](int) {
                         Q q;
                         q.assistantId = assistantId(org, kAssistants);
                         return q;
                     }});
        s.push_back({QStringLiteral("nothing: unknown assistantId"), [g](int) {
                         Q q;
                         q.assistantId = randomUuid(*g);
                         return q;
                     }});
        s.push_back({QStringLiteral("nothing: in progress, created > 30 days ago"), [nowMs](int) {
                         Q q;
                         q.status = QStringLiteral("in-progress");
                         q.createdAtLtMs = nowMs - 30 * kDayMs;
                         return q;
                     }});
        s.push_back({QStringLiteral("nothing: ended, updated in the future"), [nowMs](int) {
                         Q q;
                         q.status = QStringLiteral("ended");
                         q.updatedAtGtMs = nowMs + kDayMs;
                         return q;
                     }});
        if (!c.userId.isEmpty()) {
            s.push_back({QStringLiteral("nothing: another (big) org's orgId"), [otherOrgId](int) {
                             Q q;
                             q.orgId = otherOrgId;
                             return q;
                         }});
            s.push_back(
                {QStringLiteral("nothing: another (big) org's busiest assistantId"), [](int) {
                     Q q;
                     q.assistantId = assistantId(1, 0);
                     return q;
                 }});
            s.push_back(
                {QStringLiteral("nothing: another (big) org's busiest phoneNumberId"), [](int) {
                     Q q;
                     q.phoneNumberId = phoneNumberId(1, 0);
                     return q;
                 }});
        }
        return s;
    };

    server::ServiceConfig config;
    config.port = 0;
    config.databasePath = path;
    server::ServiceThread service(config);
    QString error;
    if (!service.start(&error)) {
        out << "service failed: " << error << "\n";
        return 1;
    }
    // The service's first job runs catch up with what the seed left (a month's renewals of
    // every subscription, say): measured, they would stall the first requests.
    {
        QElapsedTimer wait;
        wait.start();
        while (service.completedJobRuns() < 3 && wait.elapsed() < 300'000)
            QThread::msleep(100);
        out << "service ready; its first " << service.completedJobRuns() << " job runs took "
            << wait.elapsed() / 1000.0 << " s\n";
    }
    std::vector<Result> results;
    for (const Caller &c : callers) {
        Client client(service.port(), c.token);
        const auto shapes = shapesFor(c);
        for (const Shape &shape : shapes) {
            if (!shape.name.contains(only))
                continue;
            Result r;
            r.caller = c.label;
            r.shape = shape.name;
            std::vector<server::CallListQuery> queries;
            for (int i = 0; i < samples; ++i)
                queries.push_back(shape.query(i));
            auto get = [&](const server::CallListQuery &q, int *status) {
                return client.get("/call?" + urlQuery(q).toString(QUrl::FullyEncoded).toLatin1(),
                                  status);
            };
            int status = 0;
            get(queries.front(), &status); // warm-up: the pages a running service has cached
            qint64 rows = 0;
            QStringList firstIds;
            for (int i = 0; i < samples; ++i) {
                QElapsedTimer t;
                t.start();
                const QByteArray body = get(queries[size_t(i)], &status);
                r.http << double(t.nsecsElapsed()) / 1e6;
                if (status != 200) {
                    out << c.label << ", " << shape.name << ": HTTP " << status << " "
                        << body.left(300) << "\n";
                    return 1;
                }
                const QJsonArray page = QJsonDocument::fromJson(body).array();
                rows += page.size();
                if (i == 0)
                    for (const QJsonValue &v : page)
                        firstIds << v.toObject().value(QLatin1String("id")).toString();
            }
            r.rows = double(rows) / samples;
            // The SQL alone (the same samples, at most 10), and the plan of the first.
            for (int i = 0; i < std::min(samples, 10); ++i) {
                QElapsedTimer t;
                t.start();
                QVariantMap binds;
                server::Caller caller;
                caller.userId = c.userId;
                caller.support = c.userId.isEmpty();
                const QString sql =
                    server::Admission::listSql(*db, caller, queries[size_t(i)], &binds);
                QStringList ids;
                if (!sql.isEmpty()) { // empty: the caller has no organization to read
                    QSqlQuery q = db->exec(sql, binds);
                    while (q.next())
                        ids << q.value(0).toString();
                }
                r.sql << double(t.nsecsElapsed()) / 1e6;
                if (i == 0) {
                    r.mismatch = ids != firstIds;
                    { // the same answer as the plain flat query's
                        QVariantMap mainBinds;
                        QSqlQuery m = db->exec(
                            listSqlMain(queries[0], c.userId, postgres, &mainBinds), mainBinds);
                        QStringList mainIds;
                        while (m.next())
                            mainIds << m.value(0).toString();
                        r.mismatch = r.mismatch || mainIds != firstIds;
                    }
                    if (!sql.isEmpty())
                        r.fullPlan = explain(*db, sql, binds);
                    r.plan = planSummary(r.fullPlan, postgres);
                    r.sqlText = sql;
                    for (auto it = binds.cbegin(); it != binds.cend(); ++it)
                        r.sqlText +=
                            QStringLiteral("\n    %1 = %2").arg(it.key(), it.value().toString());
                }
            }
            out << "  " << c.label << " | " << shape.name << " | p50 "
                << QString::number(percentile(r.http, 0.5), 'f', 1) << " | p95 "
                << QString::number(percentile(r.http, 0.95), 'f', 1) << " ms\n";
            out.flush();
            results.push_back(r);
        }
    }
    service.stop();

    const double goal = 50;
    int missed = 0;
    QString current;
    for (const Result &r : results) {
        if (r.caller != current) {
            current = r.caller;
            out << "\n### " << current << "\n\n"
                << "| shape | HTTP p50 ms | HTTP p95 ms | max ms | SQL alone p50 ms | rows | plan "
                   "|\n"
                << "|---|---|---|---|---|---|---|\n";
        }
        const double p95 = percentile(r.http, 0.95);
        if (p95 > goal)
            ++missed;
        out << "| " << r.shape
            << (r.mismatch ? QStringLiteral(" **(answers differ!)**") : QString()) << " | "
            << QString::number(percentile(r.http, 0.5), 'f', 1) << " | "
            << (p95 > goal ? QStringLiteral("**%1**").arg(p95, 0, 'f', 1)
                           : QString::number(p95, 'f', 1))
            << " | " << QString::number(percentile(r.http, 1.0), 'f', 1) << " | "
            << QString::number(percentile(r.sql, 0.5), 'f', 1) << " | "
            << QString::number(r.rows, 'f', 0) << " | " << r.plan << " |\n";
    }
    out << "\n"
        << missed << " of " << results.size() << " shapes over " << goal << " ms at p95 ("
        << samples << " samples each)\n";
    out << "\n## Plans (first sample of each shape; SQL alone includes list()'s own queries"
           " before it)\n";
    for (const Result &r : results) {
        out << "\n### " << r.caller << ": " << r.shape << "\n" << r.sqlText << "\n";
        for (const QString &line : r.fullPlan)
            out << "  " << line << "\n";
    }
    return 0;
}
