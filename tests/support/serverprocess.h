#pragma once

// Test support: linedesk-server as a real process (its own descriptor limit, kill -9, its
// memory and CPU time read from /proc), always ended with the test.

#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace linedesk::test {

class ServerProcess
{
public:
    // `program`: what start(arguments, error) runs (linedesk-server).
    explicit ServerProcess(QString program = {}) : m_program(std::move(program)) {}
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    // Starts `program` (linedesk-server) with `arguments` and waits for its "listening on"
    // line. `openFiles` > 0 lowers its descriptor limit (RLIMIT_NOFILE) to that.
    bool start(const QString &program, const QStringList &arguments, QString *error,
               int openFiles = 0);
    bool start(const QStringList &arguments, QString *error)
    {
        return start(m_program, arguments, error);
    }
    // SIGKILL: no shutdown of any kind; returns once the process is gone.
    void kill9();
    qint64 pid() const { return m_process.processId(); }
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    bool isRunning() const { return running(); }
    QByteArray standardError() { return m_process.readAllStandardError(); }

    // The process's resident memory (kB) and CPU time used so far (ms), from /proc.
    qint64 residentKb() const;
    qint64 cpuMs() const;

private:
    QString m_program;
    QProcess m_process;
    QUrl m_url;
};

} // namespace linedesk::test
