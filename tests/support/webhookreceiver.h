#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>

namespace linedesk::test {

// A webhook receiver on 127.0.0.1: answers each POST with the next status of `script` (the
// last one repeats; 0 never answers) and records what came.
class WebhookReceiver
{
public:
    struct Request
    {
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        int answered = 0;
    };

    explicit WebhookReceiver(QList<int> script) : m_script(std::move(script))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] { read(s); });
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        if (!m_server.listen(QHostAddress::LocalHost, 0))
            qFatal("receiver cannot listen");
    }
    QString url(const QString &path = QStringLiteral("/hook")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    int succeeded(const QByteArray &event = {}) const
    {
        int n = 0;
        for (const Request &r : requests)
            n += r.answered >= 200 && r.answered < 300 &&
                 (event.isEmpty() || r.headers.value("linedesk-event") == event);
        return n;
    }

    QList<Request> requests;

private:
    void read(QTcpSocket *s)
    {
        QByteArray &buffer = m_buffers[s];
        buffer += s->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request r;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                r.headers.insert(line.left(colon).trimmed().toLower(),
                                 line.mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        r.body = buffer.mid(end + 4, length);
        buffer.clear();
        r.answered = m_script.value(requests.size(), m_script.last());
        requests.append(r);
        if (r.answered == 0)
            return; // 0: never answer (the socket stays open)
        s->write("HTTP/1.1 " + QByteArray::number(r.answered) +
                 " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        s->disconnectFromHost();
    }

    QTcpServer m_server;
    QList<int> m_script;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace linedesk::test
