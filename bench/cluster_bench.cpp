// Call admission on one SQLite instance and on 1, 2 and 3 instances sharing one PostgreSQL,
// with the same clients, in one run (docs/benchmarks.md, "Admission on several instances").
//
//   build/bench/bench_cluster [seconds] [clients] [starts/s] [subscriptions]
//   e.g. bench_cluster 10 24 1000 1
//
// `subscriptions`: how many customers the clients' calls are spread over (client i calls for
// subscription i mod N): 1 puts every admission on one row, the hardest case for PostgreSQL's
// row lock; a platform has many.
//
// Each configuration runs real linedesk-server processes (--listen 127.0.0.1:0); the clients
// are raw keep-alive HTTP/1.1 connections in this process, client i talking to instance
// i mod N (as a round-robin balancer would spread them, without the balancer's own cost).
// PostgreSQL is a throwaway cluster (scripts/pg-cluster) with fsync on and
// synchronous_commit off — the durability of SQLite's WAL with synchronous=NORMAL, which the
// service uses: nothing corrupts on a crash, the last commits may be lost on power loss —
// and pg_stat_statements, which counts the statements (round trips) each request costs.
// A fresh database per configuration. Phases, each configuration in turn:
//
//   closed     every client loops POST /call → POST /call/{id}/end as fast as answers come
//              (a subscription that never blocks); pairs/s, latency, CPU per request;
//   starts     every client loops POST /call only, for 2 s: statements per admission;
//   open       starts scheduled at a fixed total rate (each followed at once by its end),
//              latency measured from when a start was due (so queueing counts);
//   overbook   every client starts calls on a subscription with 10 lines, holds each
//              admitted call 0–30 ms and ends it; afterwards the database's per-second
//              history must never show more active calls than the limit, nothing may be
//              left in progress, and the clients must never have held more than 10.

#include "accounts.h"
#include "apiexception.h"
#include "database.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

using namespace linedesk;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

// Runs the event loop for `ms` (a benchmark's own main loop, not product code).
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// utime + stime of one process, in ns (from /proc/PID/stat); 0 when it is gone.
qint64 processCpuNs(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    // Fields after the command (which may hold spaces) in parentheses.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
    return ticks * (1'000'000'000 / sysconf(_SC_CLK_TCK));
}

qint64 parentOf(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    return stat.mid(stat.lastIndexOf(')') + 2).split(' ').value(1).toLongLong();
}

// The postmaster and every process it started (the backends of the instances' connections).
qint64 postgresCpuNs(qint64 postmaster)
{
    if (postmaster <= 0)
        return 0;
    qint64 total = processCpuNs(postmaster);
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (ok && parentOf(pid) == postmaster)
            total += processCpuNs(pid);
    }
    return total;
}

double percentile(std::vector<qint64> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return double(v[i]) / 1e6; // ms
}

// linedesk-server as a child process (killed with this process if it dies).
class Instance
{
public:
    ~Instance() { stop(); }
    bool start(const QString &database, QString *error)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("linedesk.*.info=false"));
        m_process.setProcessEnvironment(env);
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        // LINEDESK_BENCH_SERVER: another build's binary (e.g. main before a change).
        m_process.start(
            qEnvironmentVariable("LINEDESK_BENCH_SERVER", QStringLiteral(LINEDESK_SERVER_BIN)),
            {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
             QStringLiteral("--database"), database, QStringLiteral("--lease-seconds"),
             QStringLiteral("3600")});
        static const QRegularExpression listening(
            QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        QString text;
        QDeadlineTimer deadline(60000);
        while (!deadline.hasExpired()) {
            text += QString::fromUtf8(m_process.readAllStandardOutput());
            const auto m = listening.match(text);
            if (m.hasMatch()) {
                m_port = quint16(m.captured(1).toUInt());
                return true;
            }
            if (m_process.state() == QProcess::NotRunning) {
                *error = QString::fromUtf8(m_process.readAllStandardError());
                return false;
            }
            m_process.waitForReadyRead(200);
        }
        *error = QStringLiteral("no \"listening on\" line: ") + text;
        return false;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

struct Shared; // what the clients of one phase share

// One keep-alive connection to one instance.
class Client : public QObject
{
public:
    enum class Mode
    {
        Closed,   // start → end → start …
        Starts,   // start → start … (calls stay in progress)
        Open,     // starts taken from the shared schedule, each followed by its end
        Overbook, // start; if admitted hold 0–30 ms, then end
    };
    Client(quint16 port, QByteArray token, QByteArray orgId, Mode mode, Shared &shared,
           quint32 seed)
        : m_token(std::move(token)), m_orgId(std::move(orgId)), m_mode(mode), m_shared(shared),
          m_random(seed)
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { onData(); });
        connect(&m_socket, &QTcpSocket::connected, this, [this] {
            m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
            m_connected = true;
            next();
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    void stop() { m_running = false; }
    // Connected, not waiting for an answer, holding no call.
    bool idle() const { return m_connected && !m_busy && !m_holding && m_callId.isEmpty(); }
    void next();

    qint64 requests = 0;
    qint64 starts = 0;
    qint64 pairs = 0;
    qint64 blocked = 0;
    qint64 errors = 0;
    std::vector<qint64> startLatencyNs;
    std::vector<qint64> endLatencyNs;
    std::vector<qint64> latencyNs; // every request

private:
    void send(const QByteArray &path, const QByteArray &body)
    {
        QByteArray r = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                       m_token + "\r\nContent-Type: application/json\r\nContent-Length: " +
                       QByteArray::number(body.size()) + "\r\n\r\n" + body;
        m_busy = true;
        m_sentNs = m_clock.nsecsElapsed();
        m_socket.write(r);
        m_socket.flush();
    }
    void sendStart()
    {
        send("/call", "{\"type\":\"inboundPhoneCall\",\"orgId\":\"" + m_orgId + "\"}");
    }
    void sendEnd() { send("/call/" + m_callId + "/end", "{}"); }
    void onData();

    QTcpSocket m_socket;
    QByteArray m_token;
    QByteArray m_orgId;
    Mode m_mode;
    Shared &m_shared;
    QRandomGenerator m_random;
    QByteArray m_buffer;
    QByteArray m_callId;
    qint64 m_sentNs = 0;
    qint64 m_dueNs = -1; // Open: when the start being answered was due
    bool m_running = true;
    bool m_connected = false;
    bool m_busy = false;
    bool m_holding = false;

public:
    static QElapsedTimer m_clock;
};

QElapsedTimer Client::m_clock;

struct Shared
{
    std::deque<qint64> due; // Open: starts due (ns on Client::m_clock) not yet sent
    int held = 0;           // Overbook: calls the clients hold now
    int maxHeld = 0;
    bool measuring = false;
};

void Client::next()
{
    if (m_busy || m_holding)
        return;
    if (!m_callId.isEmpty()) {
        sendEnd(); // also once stopped: no call is left in progress
        return;
    }
    if (!m_running)
        return;
    switch (m_mode) {
    case Mode::Closed:
    case Mode::Starts:
    case Mode::Overbook:
        sendStart();
        break;
    case Mode::Open:
        if (m_shared.due.empty())
            return;
        m_dueNs = m_shared.due.front();
        m_shared.due.pop_front();
        sendStart();
        break;
    }
}

void Client::onData()
{
    m_buffer += m_socket.readAll();
    for (;;) {
        const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QByteArray head = m_buffer.left(headerEnd).toLower();
        const qsizetype cl = head.indexOf("content-length:");
        const qsizetype clEnd = head.indexOf("\r\n", cl);
        const int length = cl < 0 ? 0 : head.mid(cl + 15, clEnd - cl - 15).trimmed().toInt();
        if (m_buffer.size() < headerEnd + 4 + length)
            return;
        const QByteArray status = m_buffer.mid(9, 3);
        const QByteArray body = m_buffer.mid(headerEnd + 4, length);
        m_buffer.remove(0, headerEnd + 4 + length);
        const qint64 now = m_clock.nsecsElapsed();
        m_busy = false;
        ++requests;
        if (m_shared.measuring)
            latencyNs.push_back(now - m_sentNs);
        if (m_callId.isEmpty()) { // a start's answer
            ++starts;
            const QJsonObject call = QJsonDocument::fromJson(body).object();
            const QString callStatus = call.value(QLatin1String("status")).toString();
            if (m_shared.measuring)
                startLatencyNs.push_back(now - (m_dueNs >= 0 ? m_dueNs : m_sentNs));
            m_dueNs = -1;
            if (status != "201") {
                ++errors;
            } else if (callStatus == QLatin1String("in-progress")) {
                if (m_mode != Mode::Starts)
                    m_callId = call.value(QLatin1String("id")).toString().toLatin1();
                if (m_mode == Mode::Overbook) {
                    m_shared.maxHeld = std::max(m_shared.maxHeld, ++m_shared.held);
                    m_holding = true;
                    QTimer::singleShot(int(m_random.bounded(31)), this, [this] {
                        m_holding = false;
                        --m_shared.held;
                        next();
                    });
                }
            } else {
                ++blocked;
            }
        } else { // an end's answer
            if (m_shared.measuring)
                endLatencyNs.push_back(now - m_sentNs);
            if (status == "200")
                ++pairs;
            else
                ++errors;
            m_callId.clear();
        }
        next();
    }
}

struct Fixture
{
    QString database; // SQLite path or PostgreSQL URI
    QByteArray token;
    QList<QByteArray> openOrgs; // subscriptions that never block (client i: i mod N)
    QByteArray limitedOrg;      // 10 lines
    QString limitedSubscription;
};

// The same accounts in every database: one admin of `subscriptions` + 1 organizations.
Fixture seed(const QString &database, int subscriptions)
{
    Fixture f;
    f.database = database;
    auto db = server::Database::open(database);
    // LINEDESK_BENCH_SCHEMA: the schema version an older LINEDESK_BENCH_SERVER knows.
    db->migrate(qEnvironmentVariableIntValue("LINEDESK_BENCH_SCHEMA") > 0
                    ? qEnvironmentVariableIntValue("LINEDESK_BENCH_SCHEMA")
                    : -1);
    server::Accounts accounts(*db);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    server::Accounts::NewSubscription limited;
    limited.name = QStringLiteral("Bench limited");
    limited.includedLines = 10;
    limited.createdAt = now;
    f.limitedSubscription = accounts.createSubscription(limited, QStringLiteral("bench"));
    f.limitedOrg =
        accounts.createOrg(QStringLiteral("Limited Org"), f.limitedSubscription, now).toLatin1();
    const QString user = accounts.createUser(QStringLiteral("bench@example.com"),
                                             QStringLiteral("Bench"), false, now);
    for (int i = 0; i < subscriptions; ++i) {
        server::Accounts::NewSubscription open;
        open.name = QStringLiteral("Bench %1").arg(i + 1);
        open.includedLines = 100'000; // never blocks: every start is a real admission
        open.createdAt = now;
        const QString sub = accounts.createSubscription(open, QStringLiteral("bench"));
        f.openOrgs
            << accounts.createOrg(QStringLiteral("Bench Org %1").arg(i + 1), sub, now).toLatin1();
        accounts.addMembership(QString::fromLatin1(f.openOrgs.last()), user,
                               QStringLiteral("admin"));
    }
    accounts.addMembership(QString::fromLatin1(f.limitedOrg), user, QStringLiteral("admin"));
    f.token = accounts.createToken(user, QStringLiteral("bench"), now).toLatin1();
    return f;
}

struct Sample
{
    double seconds = 0;
    qint64 requests = 0;
    qint64 starts = 0;
    qint64 pairs = 0;
    qint64 blocked = 0;
    qint64 errors = 0;
    std::vector<qint64> latency, startLatency, endLatency;
    qint64 instanceCpuNs = 0;
    qint64 postgresCpuNs = 0;
    qint64 statements = -1;
    int maxHeld = 0;
};

class Run
{
public:
    Run(const Fixture &fixture, std::vector<std::unique_ptr<Instance>> &instances,
        qint64 postmaster, server::Database *stats)
        : m_fixture(fixture), m_instances(instances), m_postmaster(postmaster), m_stats(stats)
    {}

    // `seconds` measured after `warmupMs`; `rate` > 0: Open mode's starts per second.
    Sample phase(Client::Mode mode, int clients, int warmupMs, double seconds, double rate = 0)
    {
        Shared shared;
        std::vector<std::unique_ptr<Client>> pool;
        for (int i = 0; i < clients; ++i)
            pool.push_back(std::make_unique<Client>(
                m_instances[size_t(i) % m_instances.size()]->port(), m_fixture.token,
                mode == Client::Mode::Overbook
                    ? m_fixture.limitedOrg
                    : m_fixture.openOrgs.at(i % m_fixture.openOrgs.size()),
                mode, shared, quint32(1000 + i)));
        QTimer scheduler;
        qint64 scheduled = 0;
        qint64 scheduleStart = 0;
        if (mode == Client::Mode::Open) {
            scheduler.setTimerType(Qt::PreciseTimer);
            scheduleStart = Client::m_clock.nsecsElapsed();
            QObject::connect(&scheduler, &QTimer::timeout, [&] {
                const qint64 now = Client::m_clock.nsecsElapsed();
                const qint64 dueCount = qint64(double(now - scheduleStart) / 1e9 * rate);
                while (scheduled < dueCount)
                    shared.due.push_back(scheduleStart + qint64(double(++scheduled) * 1e9 / rate));
                for (auto &c : pool) {
                    if (shared.due.empty())
                        break;
                    if (c->idle())
                        c->next();
                }
            });
            scheduler.start(1);
        }
        spin(warmupMs);
        Sample s;
        auto totals = [&](Sample *into, bool take) {
            for (auto &c : pool) {
                into->requests += c->requests;
                into->starts += c->starts;
                into->pairs += c->pairs;
                into->blocked += c->blocked;
                into->errors += c->errors;
                if (take) {
                    into->latency.insert(into->latency.end(), c->latencyNs.begin(),
                                         c->latencyNs.end());
                    into->startLatency.insert(into->startLatency.end(), c->startLatencyNs.begin(),
                                              c->startLatencyNs.end());
                    into->endLatency.insert(into->endLatency.end(), c->endLatencyNs.begin(),
                                            c->endLatencyNs.end());
                }
            }
        };
        Sample before;
        totals(&before, false);
        const qint64 instanceCpu0 = instanceCpuNs();
        const qint64 postgresCpu0 = postgresCpuNs(m_postmaster);
        const qint64 statements0 = statementCount();
        shared.measuring = true;
        QElapsedTimer timer;
        timer.start();
        spin(int(seconds * 1000));
        shared.measuring = false;
        s.seconds = timer.nsecsElapsed() / 1e9;
        const qint64 statements1 = statementCount();
        s.instanceCpuNs = instanceCpuNs() - instanceCpu0;
        s.postgresCpuNs = postgresCpuNs(m_postmaster) - postgresCpu0;
        Sample after;
        totals(&after, true);
        s.requests = after.requests - before.requests;
        s.starts = after.starts - before.starts;
        s.pairs = after.pairs - before.pairs;
        s.blocked = after.blocked - before.blocked;
        s.errors = after.errors;
        s.latency = std::move(after.latency);
        s.startLatency = std::move(after.startLatency);
        s.endLatency = std::move(after.endLatency);
        if (statements0 >= 0 && statements1 >= 0)
            s.statements = statements1 - statements0 - 1; // less the count's own statement
        scheduler.stop();
        for (auto &c : pool)
            c->stop();
        // The last requests finish (held calls end) before the clients go away.
        QElapsedTimer drain;
        drain.start();
        while (drain.elapsed() < 5000 &&
               std::any_of(pool.begin(), pool.end(), [](auto &c) { return !c->idle(); }))
            spin(20);
        spin(100);
        s.maxHeld = shared.maxHeld;
        return s;
    }

private:
    qint64 instanceCpuNs() const
    {
        qint64 total = 0;
        for (auto &i : m_instances)
            total += processCpuNs(i->pid());
        return total;
    }
    qint64 statementCount()
    {
        if (!m_stats)
            return -1;
        QSqlQuery q = m_stats->exec(
            QStringLiteral("SELECT coalesce(sum(calls), 0)::BIGINT FROM pg_stat_statements"));
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    const Fixture &m_fixture;
    std::vector<std::unique_ptr<Instance>> &m_instances;
    qint64 m_postmaster;
    server::Database *m_stats;
};

QString ms(double v)
{
    return QString::number(v, 'f', v < 10 ? 2 : 1);
}

QString us(qint64 ns, qint64 n)
{
    return n > 0 ? QString::number(double(ns) / 1e3 / double(n), 'f', 0) : QStringLiteral("—");
}

QString perSecond(qint64 n, double seconds)
{
    return QString::number(qRound64(double(n) / seconds));
}

int runScript(const QStringList &arguments, const QProcessEnvironment &env, QString *output)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("bash"), arguments);
    p.waitForFinished(600000);
    *output = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        err << "bash " << arguments.join(QLatin1Char(' ')) << " failed:\n"
            << *output << "\n"
            << QString::fromUtf8(p.readAllStandardError()) << "\n";
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
    const double seconds = argc > 1 ? QByteArray(argv[1]).toDouble() : 10;
    const int clients = argc > 2 ? QByteArray(argv[2]).toInt() : 24;
    const double rate = argc > 3 ? QByteArray(argv[3]).toDouble() : 1000;
    const int subscriptions = argc > 4 ? qMax(1, QByteArray(argv[4]).toInt()) : 1;
    Client::m_clock.start();

    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/linedesk-bench-XXXXXX"));
    const QString script = QStringLiteral(LINEDESK_SOURCE_DIR "/scripts/pg-cluster");
    const QString pgDir = dir.filePath(QStringLiteral("pg"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LINEDESK_PG_CONF"),
               QStringLiteral("fsync = on\nfull_page_writes = on\nsynchronous_commit = off\n"
                              "shared_preload_libraries = 'pg_stat_statements'\n"
                              "pg_stat_statements.track = top\n"));
    QString uri;
    if (runScript({script, QStringLiteral("start"), pgDir}, env, &uri) != 0)
        return 1;
    struct StopCluster
    {
        QString script, dir;
        ~StopCluster()
        {
            QProcess::execute(QStringLiteral("bash"), {script, QStringLiteral("stop"), dir});
        }
    } stopCluster{script, pgDir};
    qint64 postmaster = 0;
    {
        QString runDir = pgDir;
        QFile rundir(pgDir + QStringLiteral("/rundir"));
        if (rundir.open(QIODevice::ReadOnly))
            runDir = QString::fromUtf8(rundir.readAll()).trimmed();
        QFile pidFile(runDir + QStringLiteral("/data/postmaster.pid"));
        if (pidFile.open(QIODevice::ReadOnly))
            postmaster = pidFile.readLine().trimmed().toLongLong();
    }

    struct Config
    {
        QString name;
        QString database;
        int instances;
    };
    std::vector<Config> configs{
        {QStringLiteral("SQLite, 1 instance"), dir.filePath(QStringLiteral("bench.db")), 1}};
    for (int n = 1; n <= 3; ++n) {
        QString dbUri;
        if (runScript({script, QStringLiteral("createdb"), pgDir, QStringLiteral("bench%1").arg(n)},
                      env, &dbUri) != 0)
            return 1;
        configs.push_back(
            {QStringLiteral("PostgreSQL, %1 instance%2").arg(n).arg(n > 1 ? "s" : ""), dbUri, n});
    }

    out << "bench_cluster: " << seconds << " s per phase, " << clients << " clients on "
        << subscriptions << " subscription(s), open loop at " << rate << " starts/s; "
        << QThread::idealThreadCount() << " cores\n\n";
    out << "configuration | closed: pairs/s | req/s | p50 ms | p99 ms | instance CPU µs/req | "
           "PostgreSQL CPU µs/req | statements/pair | starts: statements/start | open: starts/s "
           "| start p50 ms | start p99 ms | end p99 ms | overbook: starts | blocked | max held "
           "(limit 10) | history max active | seconds over limit | left in progress | errors\n";
    out << "---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---\n";
    out.flush();
    int failures = 0;
    for (const Config &config : configs) {
        Fixture fixture;
        try {
            fixture = seed(config.database, subscriptions);
        } catch (const server::ApiException &e) {
            err << config.name << ": seeding failed: " << e.error().message << "\n";
            return 1;
        }
        std::unique_ptr<server::Database> stats;
        if (server::Database::isPostgresUri(config.database)) {
            stats = server::Database::open(config.database);
            stats->exec(QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
        }
        std::vector<std::unique_ptr<Instance>> instances;
        for (int i = 0; i < config.instances; ++i) {
            instances.push_back(std::make_unique<Instance>());
            QString error;
            if (!instances.back()->start(config.database, &error)) {
                err << config.name << ": instance " << i + 1 << " did not start: " << error << "\n";
                return 1;
            }
        }
        Run run(fixture, instances, stats ? postmaster : 0, stats.get());
        const Sample closed = run.phase(Client::Mode::Closed, clients, 1000, seconds);
        const Sample starts = run.phase(Client::Mode::Starts, clients, 300, 2);
        const Sample open = run.phase(Client::Mode::Open, clients, 1000, seconds, rate);
        const Sample overbook = run.phase(Client::Mode::Overbook, clients, 300, seconds / 2);

        // What the database recorded for the 10-line subscription.
        auto check = server::Database::open(config.database);
        int historyMax = -1, secondsOver = -1, inProgress = -1, activeNow = -1;
        {
            QSqlQuery q = check->exec(
                QStringLiteral("SELECT coalesce(max(max_active), 0), count(*) FILTER (WHERE"
                               " max_active > line_limit) FROM concurrency_second WHERE"
                               " subscription_id = :s"),
                {{":s", fixture.limitedSubscription}});
            if (q.next()) {
                historyMax = q.value(0).toInt();
                secondsOver = q.value(1).toInt();
            }
        }
        {
            QSqlQuery q = check->exec(
                QStringLiteral("SELECT (SELECT count(*) FROM call WHERE subscription_id = :s AND"
                               " status = 'in-progress'), active_calls FROM subscription"
                               " WHERE id = :s"),
                {{":s", fixture.limitedSubscription}});
            if (q.next()) {
                inProgress = q.value(0).toInt();
                activeNow = q.value(1).toInt();
            }
        }
        check.reset();
        const qint64 errors = closed.errors + starts.errors + open.errors + overbook.errors;
        const bool overbooked = historyMax > 10 || secondsOver != 0 || overbook.maxHeld > 10 ||
                                inProgress != 0 || activeNow != 0;
        if (overbooked || errors > 0)
            ++failures;
        auto statementsPer = [](const Sample &s, qint64 n) {
            return s.statements >= 0 && n > 0
                       ? QString::number(double(s.statements) / double(n), 'f', 2)
                       : QStringLiteral("—");
        };
        out << config.name << " | " << perSecond(closed.pairs, closed.seconds) << " | "
            << perSecond(closed.requests, closed.seconds) << " | "
            << ms(percentile(closed.latency, 0.50)) << " | " << ms(percentile(closed.latency, 0.99))
            << " | " << us(closed.instanceCpuNs, closed.requests) << " | "
            << (stats ? us(closed.postgresCpuNs, closed.requests) : QStringLiteral("—")) << " | "
            << statementsPer(closed, closed.pairs) << " | " << statementsPer(starts, starts.starts)
            << " | " << perSecond(open.starts, open.seconds) << " | "
            << ms(percentile(open.startLatency, 0.50)) << " | "
            << ms(percentile(open.startLatency, 0.99)) << " | "
            << ms(percentile(open.endLatency, 0.99)) << " | " << overbook.starts << " | "
            << overbook.blocked << " | " << overbook.maxHeld << " | " << historyMax << " | "
            << secondsOver << " | " << inProgress << " (active_calls " << activeNow << ") | "
            << errors << "\n";
        out.flush();
        for (auto &i : instances)
            i->stop();
    }
    return failures == 0 ? 0 : 1;
}
