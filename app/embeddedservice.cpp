#include "embeddedservice.h"

#include "logging.h"
#include "servicethread.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace linedesk {

EmbeddedService::EmbeddedService(const QString &dataDir, QObject *parent)
    : QObject(parent), m_dataDir(dataDir.isEmpty() ? defaultDataDir() : dataDir)
{}

EmbeddedService::~EmbeddedService()
{
    stop();
}

QString EmbeddedService::defaultDataDir()
{
    const QString fromEnv = qEnvironmentVariable("LINEDESK_DATA_DIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString EmbeddedService::databasePath() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("linedesk.db"));
}

static DemoSignIn signInFromJson(const QJsonObject &o)
{
    return {o.value(QLatin1String("email")).toString(), o.value(QLatin1String("role")).toString(),
            o.value(QLatin1String("orgId")).toString(),
            o.value(QLatin1String("orgName")).toString(),
            o.value(QLatin1String("token")).toString()};
}

void EmbeddedService::start()
{
    if (m_running || m_starter)
        return;
    m_error.clear();
    if (!QDir().mkpath(m_dataDir)) {
        m_error = tr("Cannot create the data folder %1.").arg(m_dataDir);
        Q_EMIT failed(m_error);
        return;
    }
    server::ServiceConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.databasePath = databasePath();
    config.demo = true;
    // Demo calls, so that a first run shows lines in use (LINEDESK_DEMO_TRAFFIC=0: none).
    config.demoTraffic = qEnvironmentVariable("LINEDESK_DEMO_TRAFFIC") != QLatin1String("0");
    m_demoTraffic = config.demoTraffic;
    m_service = std::make_unique<server::ServiceThread>(config);
    qCInfo(lcEmbedded).noquote() << "starting the embedded service, database"
                                 << config.databasePath;
    // ServiceThread::start() blocks its caller until the service listens: let a short-lived
    // thread wait for it, not the UI.
    server::ServiceThread *service = m_service.get();
    m_starter = QThread::create([this, service] {
        QString error;
        m_startOk = service->start(&error);
        m_error = error;
    });
    m_starter->setObjectName(QStringLiteral("linedesk-service-start"));
    connect(m_starter, &QThread::finished, this, &EmbeddedService::starterFinished);
    m_starter->start();
}

void EmbeddedService::starterFinished()
{
    if (!m_starter || sender() != m_starter)
        return; // stopped meanwhile
    m_starter->deleteLater();
    m_starter = nullptr;
    if (!m_startOk) {
        qCWarning(lcEmbedded).noquote() << "embedded service failed:" << m_error;
        m_service.reset();
        Q_EMIT failed(m_error);
        return;
    }
    m_running = true;
    m_url = m_service->url();
    m_signIns.clear();
    QJsonArray tokens = m_service->demoTokens();
    if (tokens.isEmpty()) {
        // Seeded on an earlier run: the sign-ins were written beside the database.
        QFile file(QDir(m_dataDir).filePath(QStringLiteral("demo-tokens.json")));
        if (file.open(QIODevice::ReadOnly)) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
            if (error.error == QJsonParseError::NoError)
                tokens = doc.array();
            else
                qCWarning(lcEmbedded) << "demo-tokens.json:" << error.errorString();
        }
    }
    for (const QJsonValue &v : tokens)
        m_signIns.append(signInFromJson(v.toObject()));
    qCInfo(lcEmbedded).noquote() << "embedded service on" << m_url.toString() << "with"
                                 << m_signIns.size() << "demo sign-ins";
    Q_EMIT started();
}

void EmbeddedService::setDemoTraffic(bool on)
{
    m_demoTraffic = on;
    if (m_service && m_running)
        m_service->setDemoTraffic(on);
}

void EmbeddedService::stop()
{
    if (m_starter) {
        disconnect(m_starter, nullptr, this, nullptr);
        m_starter->wait();
        delete m_starter;
        m_starter = nullptr;
    }
    if (m_service)
        m_service->stop();
    m_service.reset();
    m_running = false;
    m_url.clear();
}

} // namespace linedesk
