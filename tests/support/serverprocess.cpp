#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QProcessEnvironment>
#include <QRegularExpression>

#ifdef Q_OS_UNIX
#include <csignal>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace linedesk::test {

ServerProcess::~ServerProcess()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

bool ServerProcess::start(const QStringList &arguments, QString *error)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("linedesk.*.info=false"));
    m_process.setProcessEnvironment(env);
#ifdef Q_OS_LINUX
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
    m_url.clear();
    m_process.start(m_program, arguments);
    static const QRegularExpression listening(
        QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    QString out;
    QDeadlineTimer deadline(30000);
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
    if (!isRunning())
        return;
#ifdef Q_OS_UNIX
    ::kill(pid_t(m_process.processId()), SIGKILL);
#else
    m_process.kill();
#endif
    m_process.waitForFinished(10000);
    // What it printed must not be taken for the next start's "listening on" line.
    m_process.readAllStandardOutput();
    m_process.readAllStandardError();
}

} // namespace linedesk::test
