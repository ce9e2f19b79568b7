#include "trafficgenerator.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QRandomGenerator>

#include <cmath>
#include <numbers>

Q_LOGGING_CATEGORY(lcTraffic, "linedesk.server.traffic", QtInfoMsg)

namespace linedesk::server {

TrafficGenerator::TrafficGenerator(Config config, QObject *parent)
    : QObject(parent), m_config(std::move(config)),
      m_random(m_config.seed ? m_config.seed : QRandomGenerator::system()->generate64())
{
    m_arrival.setSingleShot(true);
    connect(&m_arrival, &QTimer::timeout, this, [this] {
        startCall();
        scheduleArrival();
    });
}

TrafficGenerator::~TrafficGenerator()
{
    m_running = false;
    // Replies still in flight are aborted with the network manager; none may call back.
    for (QNetworkReply *reply : m_network.findChildren<QNetworkReply *>())
        reply->disconnect(this);
}

QNetworkRequest TrafficGenerator::request(const QString &path) const
{
    QNetworkRequest r(m_config.server.resolved(QUrl(path)));
    r.setRawHeader("Authorization", "Bearer " + m_config.token.toUtf8());
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    r.setTransferTimeout(10'000);
    return r;
}

double TrafficGenerator::exponential(double mean)
{
    std::exponential_distribution<double> d(1.0 / mean);
    return d(m_random);
}

void TrafficGenerator::start()
{
    if (m_running || m_config.ratePerMinute <= 0)
        return;
    m_running = true;
    m_clock.start();
    scheduleArrival();
}

void TrafficGenerator::stop()
{
    m_running = false;
    m_arrival.stop();
    const QStringList ids = m_calls.keys();
    for (const QString &id : ids)
        endCall(id);
}

void TrafficGenerator::scheduleArrival()
{
    if (!m_running)
        return;
    // A non-homogeneous Poisson process: the current rate follows a slow sine, so the demo
    // has busy and quiet spells like a real day.
    const double phase =
        2 * std::numbers::pi * (m_clock.elapsed() / 1000.0) / m_config.periodSeconds;
    const double rate = m_config.ratePerMinute * (1 + m_config.modulation * std::sin(phase));
    const double meanGapMs = 60'000.0 / qMax(rate, 0.01);
    m_arrival.start(int(qBound(1.0, exponential(meanGapMs), 3'600'000.0)));
}

void TrafficGenerator::startCall()
{
    QJsonObject body{{QStringLiteral("type"), QStringLiteral("inboundPhoneCall")}};
    if (!m_config.orgId.isEmpty())
        body.insert(QStringLiteral("orgId"), m_config.orgId);
    ++m_stats.attempted;
    QNetworkReply *reply = m_network.post(request(QStringLiteral("/call")),
                                          QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject call = QJsonDocument::fromJson(reply->readAll()).object();
        if (status != 201) {
            ++m_stats.errors;
            qCDebug(lcTraffic) << "call start failed:" << status << reply->errorString();
            Q_EMIT statsChanged();
            return;
        }
        const QString id = call.value(QLatin1String("id")).toString();
        if (call.value(QLatin1String("status")).toString() != QLatin1String("in-progress")) {
            ++m_stats.blocked;
            Q_EMIT statsChanged();
            return;
        }
        ++m_stats.admitted;
        ++m_stats.active;
        if (!m_running) { // stopped meanwhile: don't hold the slot
            endCall(id);
            return;
        }
        const QDateTime created = QDateTime::fromString(
            call.value(QLatin1String("createdAt")).toString(), Qt::ISODateWithMs);
        const QDateTime lease = QDateTime::fromString(
            call.value(QLatin1String("leaseExpiresAt")).toString(), Qt::ISODateWithMs);
        const qint64 leaseMs =
            created.isValid() && lease.isValid() ? created.msecsTo(lease) : 120'000;
        ActiveCall active;
        active.end = new QTimer(this);
        active.end->setSingleShot(true);
        connect(active.end, &QTimer::timeout, this, [this, id] { endCall(id); });
        active.end->start(
            int(qBound(1.0, exponential(m_config.holdSeconds * 1000.0), 24.0 * 3600 * 1000)));
        active.heartbeat = new QTimer(this);
        connect(active.heartbeat, &QTimer::timeout, this, [this, id] { heartbeat(id); });
        active.heartbeat->start(int(qBound(qint64(200), leaseMs / 3, qint64(60000))));
        m_calls.insert(id, active);
        Q_EMIT statsChanged();
    });
}

void TrafficGenerator::heartbeat(const QString &id)
{
    QNetworkReply *reply =
        m_network.post(request(QStringLiteral("/call/%1/heartbeat").arg(id)), QByteArray("{}"));
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

void TrafficGenerator::endCall(const QString &id)
{
    const ActiveCall call = m_calls.take(id);
    delete call.end;
    delete call.heartbeat;
    QNetworkReply *reply =
        m_network.post(request(QStringLiteral("/call/%1/end").arg(id)), QByteArray("{}"));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            ++m_stats.ended;
        else
            ++m_stats.errors;
        m_stats.active = qMax(0, m_stats.active - 1);
        Q_EMIT statsChanged();
    });
}

} // namespace linedesk::server
