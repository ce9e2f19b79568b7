// Call admission throughput over HTTP on loopback: N keep-alive clients, each starting a call
// (POST /call) and ending it (POST /call/{id}/end) in a loop, beside the same server's rate on
// a trivial route (GET /health) with the same clients in the same run.
//
//   build/bench/bench_admission [seconds-per-run] [clients...]     e.g. bench_admission 5 1 8 32
//
// The service runs in-process in its own thread (as the console embeds it) on a fresh SQLite
// file; the clients are raw HTTP/1.1 over QTcpSocket in the main thread.

#include "accounts.h"
#include "database.h"
#include "servicethread.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <memory>
#include <vector>

using namespace linedesk;

namespace {

// One keep-alive connection running a closed loop of requests.
class Client : public QObject
{
public:
    enum class Mode
    {
        Health,
        Admission,
        // POST /call with an unknown call type: the same request as a start (headers, token,
        // body size) and the same path up to the admission's first database statement, then
        // a 400. An upper bound for any admission request: what is left when the database
        // step costs nothing.
        Rejected
    };
    Client(quint16 port, QByteArray token, Mode mode) : m_token(std::move(token)), m_mode(mode)
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { onData(); });
        connect(&m_socket, &QTcpSocket::connected, this, [this] {
            m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
            next();
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    void stop() { m_running = false; }
    qint64 requests = 0;
    qint64 pairs = 0;
    qint64 errors = 0;

private:
    void send(const QByteArray &method, const QByteArray &path, const QByteArray &body)
    {
        QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!m_token.isEmpty())
            r += "Authorization: Bearer " + m_token + "\r\n";
        r +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n\r\n" + body;
        m_socket.write(r);
        m_socket.flush();
    }
    void next()
    {
        if (!m_running)
            return;
        if (m_mode == Mode::Health)
            send("GET", "/health", {});
        else if (m_mode == Mode::Rejected)
            send("POST", "/call", "{\"type\":\"inboundPhoneCalX\"}");
        else if (m_callId.isEmpty())
            send("POST", "/call", "{\"type\":\"inboundPhoneCall\"}");
        else
            send("POST", "/call/" + m_callId + "/end", "{}");
    }
    void onData()
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
            ++requests;
            if (m_mode == Mode::Admission) {
                if (m_callId.isEmpty()) {
                    const QJsonObject call = QJsonDocument::fromJson(body).object();
                    if (status == "201" && call.value(QLatin1String("status")).toString() ==
                                               QLatin1String("in-progress"))
                        m_callId = call.value(QLatin1String("id")).toString().toLatin1();
                    else
                        ++errors;
                } else {
                    if (status == "200")
                        ++pairs;
                    else
                        ++errors;
                    m_callId.clear();
                }
            } else if (status != (m_mode == Mode::Rejected ? "400" : "200")) {
                ++errors;
            }
            next();
        }
    }

    QTcpSocket m_socket;
    QByteArray m_token;
    Mode m_mode;
    QByteArray m_buffer;
    QByteArray m_callId;
    bool m_running = true;
};

struct Result
{
    double requestsPerSecond = 0;
    double pairsPerSecond = 0;
    qint64 errors = 0;
    double serviceCpuUsPerRequest = 0; // the service thread's CPU time (user + kernel)
};

// The CPU time (ns) a thread of this process has run, from the kernel's scheduler
// statistics; -1 if unknown. Less sensitive to other load on the machine than a rate.
qint64 threadCpuNs(const QString &tid)
{
    QFile f(QStringLiteral("/proc/self/task/%1/schedstat").arg(tid));
    if (tid.isEmpty() || !f.open(QIODevice::ReadOnly))
        return -1;
    return f.readAll().split(' ').value(0).toLongLong();
}

// The service thread's id (QThread names it "linedesk-service"; the kernel keeps 15 bytes).
QString serviceThreadId()
{
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().startsWith("linedesk-servic"))
            return tid;
    }
    return {};
}

// Runs the event loop for `ms` (a benchmark's own main loop, not product code).
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

Result run(quint16 port, const QByteArray &token, Client::Mode mode, int clients, int seconds,
           const QString &serviceTid)
{
    std::vector<std::unique_ptr<Client>> pool;
    for (int i = 0; i < clients; ++i)
        pool.push_back(std::make_unique<Client>(port, token, mode));
    // Warm up for half a second, then count.
    spin(500);
    qint64 r0 = 0, p0 = 0;
    for (auto &c : pool) {
        r0 += c->requests;
        p0 += c->pairs;
    }
    const qint64 cpu0 = threadCpuNs(serviceTid);
    QElapsedTimer timer;
    timer.start();
    spin(seconds * 1000);
    const double elapsed = timer.nsecsElapsed() / 1e9;
    const qint64 cpu1 = threadCpuNs(serviceTid);
    Result result;
    qint64 r1 = 0, p1 = 0;
    for (auto &c : pool) {
        r1 += c->requests;
        p1 += c->pairs;
        result.errors += c->errors;
        c->stop();
    }
    result.requestsPerSecond = (r1 - r0) / elapsed;
    result.pairsPerSecond = (p1 - p0) / elapsed;
    if (cpu0 >= 0 && cpu1 >= cpu0 && r1 > r0)
        result.serviceCpuUsPerRequest = (cpu1 - cpu0) / 1e3 / double(r1 - r0);
    // Let the clients' last requests finish so calls end before the next run.
    spin(300);
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
    const int seconds = argc > 1 ? QByteArray(argv[1]).toInt() : 5;
    QList<int> clientCounts;
    for (int i = 2; i < argc; ++i)
        clientCounts << QByteArray(argv[i]).toInt();
    if (clientCounts.isEmpty())
        clientCounts = {1, 8, 32};

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.db"));
    QByteArray token;
    {
        auto db = server::Database::openSqlite(path);
        db->migrate();
        server::Accounts accounts(*db);
        server::Accounts::NewSubscription s;
        s.name = QStringLiteral("Bench");
        s.includedLines = 100000; // never blocks: every start is a real admission
        s.createdAt = QDateTime::currentDateTimeUtc();
        const QString sub = accounts.createSubscription(s, QStringLiteral("bench"));
        const QString org = accounts.createOrg(QStringLiteral("Bench Org"), sub, s.createdAt);
        const QString user = accounts.createUser(QStringLiteral("bench@example.com"),
                                                 QStringLiteral("Bench"), false, s.createdAt);
        accounts.addMembership(org, user, QStringLiteral("admin"));
        token = accounts.createToken(user, QStringLiteral("bench"), s.createdAt).toLatin1();
    }
    server::ServiceConfig config;
    config.port = 0;
    config.databasePath = path;
    server::ServiceThread service(config);
    QString error;
    if (!service.start(&error)) {
        QTextStream(stderr) << "service did not start: " << error << "\n";
        return 1;
    }

    const QString serviceTid = serviceThreadId();
    QTextStream out(stdout);
    out << "clients | GET /health req/s | admission pairs/s (start+end) | admission req/s | "
           "pairs/s ÷ health req/s | req/s ÷ health req/s | rejected-before-database req/s | "
           "ceiling on pairs/s ÷ health req/s (½ × rejected ÷ health) | errors | service CPU "
           "µs/req health | service CPU µs/req rejected | service CPU µs/req admission | "
           "CPU per admission request ÷ CPU per rejected request\n";
    out << "---|---|---|---|---|---|---|---|---|---|---|---|---\n";
    auto ratio = [](double a, double b) { return QString::number(a / b, 'f', 2); };
    auto micros = [](const Result &r) { return QString::number(r.serviceCpuUsPerRequest, 'f', 0); };
    for (int clients : clientCounts) {
        const Result health =
            run(service.port(), token, Client::Mode::Health, clients, seconds, serviceTid);
        const Result rejected =
            run(service.port(), token, Client::Mode::Rejected, clients, seconds, serviceTid);
        const Result admission =
            run(service.port(), token, Client::Mode::Admission, clients, seconds, serviceTid);
        out << clients << " | " << qRound(health.requestsPerSecond) << " | "
            << qRound(admission.pairsPerSecond) << " | " << qRound(admission.requestsPerSecond)
            << " | " << ratio(admission.pairsPerSecond, health.requestsPerSecond) << " | "
            << ratio(admission.requestsPerSecond, health.requestsPerSecond) << " | "
            << qRound(rejected.requestsPerSecond) << " | "
            << ratio(rejected.requestsPerSecond / 2, health.requestsPerSecond) << " | "
            << (health.errors + rejected.errors + admission.errors) << " | " << micros(health)
            << " | " << micros(rejected) << " | " << micros(admission) << " | "
            << (rejected.serviceCpuUsPerRequest > 0
                    ? QString::number(admission.serviceCpuUsPerRequest /
                                          rejected.serviceCpuUsPerRequest,
                                      'f', 2)
                    : QStringLiteral("—"))
            << "\n";
        out.flush();
    }
    return 0;
}
