#pragma once

// Test support: linedesk-server as a real process, for tests that kill it (kill -9) and
// start it again on the same database.

#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace linedesk::test {

class ServerProcess
{
public:
    explicit ServerProcess(QString program) : m_program(std::move(program)) {}
    // Killed (SIGKILL) with the test, and if the test itself dies (Linux).
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    // Starts the program with `arguments` (give --listen 127.0.0.1:0) and waits (at most
    // 30 s) for its "listening on http://127.0.0.1:PORT" line; false with *error otherwise.
    bool start(const QStringList &arguments, QString *error);
    // SIGKILL: no shutdown of any kind; returns once the process is gone.
    void kill9();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QUrl url() const { return m_url; }

private:
    QString m_program;
    QProcess m_process;
    QUrl m_url;
};

} // namespace linedesk::test
