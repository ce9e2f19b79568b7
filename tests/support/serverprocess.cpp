#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <csignal>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace linedesk::test {

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

bool ServerProcess::start(const QString &program, const QStringList &arguments, QString *error,
                          int openFiles)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("linedesk.*.info=false"));
    m_process.setProcessEnvironment(env);
    m_process.setChildProcessModifier([openFiles] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (openFiles > 0) {
            rlimit rl{rlim_t(openFiles), rlim_t(openFiles)};
            ::setrlimit(RLIMIT_NOFILE, &rl);
        }
    });
    m_process.start(program, arguments);
    static const QRegularExpression listening(
        QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    QString out;
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        out += QString::fromUtf8(m_process.readAllStandardOutput());
        const auto m = listening.match(out);
        if (m.hasMatch()) {
            m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m.captured(1)));
            return true;
        }
        if (m_process.state() == QProcess::NotRunning) {
            *error = QString::fromUtf8(m_process.readAllStandardError());
            return false;
        }
        m_process.waitForReadyRead(200);
    }
    *error = QStringLiteral("no \"listening on\" line: ") + out;
    return false;
}

void ServerProcess::kill9()
{
    ::kill(pid_t(m_process.processId()), SIGKILL);
    m_process.waitForFinished(10000);
}

qint64 ServerProcess::residentKb() const
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

qint64 ServerProcess::cpuMs() const
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid()));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // After "(comm)": fields 3.. ; utime and stime are fields 14 and 15.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
    return ticks * 1000 / ::sysconf(_SC_CLK_TCK);
}

} // namespace linedesk::test
