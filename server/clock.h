#pragma once

#include <QDateTime>

#include <atomic>

namespace linedesk::server {

// The service's only source of time, injected so tests can move to a period's end.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// A clock that only moves when told; safe to set from a test thread while the service reads.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime &start) : m_ms(start.toMSecsSinceEpoch()) {}
    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_ms.load(), Qt::UTC); }
    void set(const QDateTime &t) { m_ms.store(t.toMSecsSinceEpoch()); }
    void advance(qint64 ms) { m_ms.fetch_add(ms); }

private:
    std::atomic<qint64> m_ms;
};

} // namespace linedesk::server
