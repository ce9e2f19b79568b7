#include "pgcluster.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QUrl>

#include <atomic>

namespace linedesk::test {

namespace {

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString clusterDir(QString *error)
{
    const QString dir = qEnvironmentVariable("LINEDESK_TEST_PG_DIR");
    if (dir.isEmpty())
        setError(error, QStringLiteral("LINEDESK_TEST_PG_DIR is not set: register the test with "
                                       "linedesk_add_test(... POSTGRES) and run it through ctest"));
    return dir;
}

} // namespace

QString PgCluster::baseUri(QString *error)
{
    const QString dir = clusterDir(error);
    if (dir.isEmpty())
        return {};
    QFile file(dir + QStringLiteral("/uri"));
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("no cluster in %1 (%2): did the pg_cluster_start "
                                       "fixture run?")
                            .arg(dir, file.errorString()));
        return {};
    }
    return QString::fromUtf8(file.readAll()).trimmed();
}

QString PgCluster::createDatabase(QString *error)
{
    const QString dir = clusterDir(error);
    if (dir.isEmpty())
        return {};
    const QString script = qEnvironmentVariable("LINEDESK_PG_CLUSTER_SCRIPT");
    if (script.isEmpty()) {
        setError(error, QStringLiteral("LINEDESK_PG_CLUSTER_SCRIPT is not set"));
        return {};
    }
    static std::atomic<int> counter{0};
    const QString name = QStringLiteral("t_%1_%2_%3")
                             .arg(QCoreApplication::applicationPid())
                             .arg(++counter)
                             .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    QProcess process;
    process.start(QStringLiteral("bash"), {script, QStringLiteral("createdb"), dir, name});
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        setError(error, QStringLiteral("scripts/pg-cluster createdb %1 did not finish: %2")
                            .arg(name, process.errorString()));
        return {};
    }
    const QString out = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0 ||
        !out.startsWith(QLatin1String("postgresql://"))) {
        setError(error, QStringLiteral("scripts/pg-cluster createdb %1 failed (exit %2): %3")
                            .arg(name)
                            .arg(process.exitCode())
                            .arg(QString::fromUtf8(process.readAllStandardError()).trimmed()));
        return {};
    }
    return out;
}

QSqlDatabase PgCluster::open(const QString &uri, const QString &connectionName, QString *error)
{
    const QUrl url(uri);
    if (!url.isValid() || (url.scheme() != QLatin1String("postgresql") &&
                           url.scheme() != QLatin1String("postgres"))) {
        setError(error, QStringLiteral("not a postgresql:// URI: %1").arg(uri));
        return {};
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setUserName(url.userName());
    db.setPassword(url.password());
    db.setDatabaseName(url.path().mid(1));
    if (!db.open())
        setError(error, QStringLiteral("cannot open %1: %2").arg(uri, db.lastError().text()));
    return db;
}

} // namespace linedesk::test
