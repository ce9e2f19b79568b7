#pragma once

#include <QList>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

namespace linedesk::server {
class ServiceThread;
}

namespace linedesk {

// One of the demo's sign-ins (demo-tokens.json).
struct DemoSignIn
{
    QString email;
    QString role; // admin, viewer, support
    QString orgId;
    QString orgName;
    QString token;
};

// The whole Linedesk service inside the console, on 127.0.0.1 and a free port, with its
// SQLite file in the user's data folder and demo data on first run. It runs in its own
// thread; even its start-up (opening, migrating, seeding the database) happens off the UI
// thread, and started() or failed() reports the outcome.
class EmbeddedService : public QObject
{
    Q_OBJECT
public:
    explicit EmbeddedService(const QString &dataDir, QObject *parent = nullptr);
    ~EmbeddedService() override;

    // The data folder used when none is given: $LINEDESK_DATA_DIR, else AppDataLocation.
    static QString defaultDataDir();

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    bool isStarting() const { return m_starter != nullptr; }
    QUrl url() const { return m_url; }
    QString dataDir() const { return m_dataDir; }
    QString databasePath() const;
    const QList<DemoSignIn> &signIns() const { return m_signIns; }
    QString error() const { return m_error; }
    // The demo traffic generator (on by default unless LINEDESK_DEMO_TRAFFIC=0).
    bool demoTraffic() const { return m_demoTraffic; }
    void setDemoTraffic(bool on);

Q_SIGNALS:
    void started();
    void failed(const QString &error);

private:
    void starterFinished();

    QString m_dataDir;
    std::unique_ptr<server::ServiceThread> m_service;
    QThread *m_starter = nullptr;
    bool m_running = false;
    bool m_startOk = false; // written by the starter thread before it finishes
    QUrl m_url;
    QList<DemoSignIn> m_signIns;
    QString m_error;
    bool m_demoTraffic = true;
};

} // namespace linedesk
