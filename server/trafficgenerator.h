#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <random>

namespace linedesk::server {

// Drives calls through the public admission API: Poisson arrivals at `ratePerMinute`,
// exponentially distributed holding times with mean `holdSeconds`, heartbeats while a call
// lasts, and an end when its time is up. Used by `linedesk-server simulate` and by the demo.
class TrafficGenerator : public QObject
{
    Q_OBJECT
public:
    struct Config
    {
        QUrl server;
        QString token;
        QString orgId; // empty: the token's only org
        double ratePerMinute = 10;
        double holdSeconds = 60;
        double modulation = 0;      // 0..1: the rate swings ±modulation around its mean …
        double periodSeconds = 600; // … over this period, for realistic peaks
        quint64 seed = 0;           // 0: random
    };
    struct Stats
    {
        qint64 attempted = 0;
        qint64 admitted = 0;
        qint64 blocked = 0;
        qint64 ended = 0;
        qint64 errors = 0;
        int active = 0;
    };

    explicit TrafficGenerator(Config config, QObject *parent = nullptr);
    ~TrafficGenerator() override;

    void start();
    // Stops new arrivals and ends the calls in progress.
    void stop();
    bool isRunning() const { return m_running; }
    const Stats &stats() const { return m_stats; }
    const Config &config() const { return m_config; }

Q_SIGNALS:
    void statsChanged();

private:
    void scheduleArrival();
    void startCall();
    void endCall(const QString &id);
    void heartbeat(const QString &id);
    QNetworkRequest request(const QString &path) const;
    double exponential(double mean);

    Config m_config;
    QNetworkAccessManager m_network;
    QTimer m_arrival;
    QElapsedTimer m_clock;
    std::mt19937_64 m_random;
    struct ActiveCall
    {
        QTimer *end = nullptr;
        QTimer *heartbeat = nullptr;
    };
    QHash<QString, ActiveCall> m_calls;
    Stats m_stats;
    bool m_running = false;
};

} // namespace linedesk::server
