#pragma once

// What the HTTP benchmarks share: a blocking keep-alive client and percentiles.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QTcpSocket>

#include <algorithm>

namespace linedesk::bench {

// A blocking keep-alive HTTP/1.1 client: enough for GETs with a Content-Length answer.
class Client
{
public:
    Client(quint16 port, QByteArray token) : m_token(std::move(token))
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    // Returns the body; status in *status.
    QByteArray get(const QByteArray &pathAndQuery, int *status)
    {
        m_socket.write("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                       "Authorization: Bearer " + m_token + "\r\n\r\n");
        m_socket.flush();
        QByteArray buffer;
        qsizetype headerEnd = -1;
        qsizetype length = -1;
        for (;;) {
            if (headerEnd < 0) {
                headerEnd = buffer.indexOf("\r\n\r\n");
                if (headerEnd >= 0) {
                    const QByteArray head = buffer.left(headerEnd).toLower();
                    *status = head.mid(9, 3).toInt();
                    const qsizetype at = head.indexOf("content-length:");
                    length = head.mid(at + 15, head.indexOf("\r\n", at) - at - 15)
                                 .trimmed()
                                 .toLongLong();
                }
            }
            if (headerEnd >= 0 && buffer.size() >= headerEnd + 4 + length)
                return buffer.mid(headerEnd + 4, length);
            if (!m_socket.waitForReadyRead(60000))
                return {};
            buffer += m_socket.readAll();
        }
    }

private:
    QTcpSocket m_socket;
    QByteArray m_token;
};

inline double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    if (v.isEmpty())
        return 0;
    const qsizetype i = qMin(v.size() - 1, qsizetype(p * double(v.size() - 1) + 0.5));
    return v.at(i);
}

} // namespace linedesk::bench
