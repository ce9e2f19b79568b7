#pragma once

#include <QList>
#include <QtGlobal>

namespace linedesk {

// One observation of a subscription's pool: from tMs on, `active` calls are in progress under
// `limit`; `blocked` attempts were refused since the previous sample.
struct ConcurrencySample
{
    qint64 tMs = 0;
    int active = 0;
    int blocked = 0;
    int limit = 0;
};

// A time-ordered series of samples (a step function), cheap to append to and to trim at the
// front, that reduces any window to one column per pixel while keeping every peak.
class ConcurrencySeries
{
public:
    // Appends in time order; a sample older than the last one is merged into the last.
    void append(const ConcurrencySample &sample);
    void clear();
    // Replaces everything with `samples` (sorted by time).
    void assign(QList<ConcurrencySample> samples);
    // After the live feed comes back, its snapshot (one sample per second, in time order):
    // the samples already here stay exactly as they are (finer than the snapshot's seconds);
    // only the snapshot's samples after the last of them are added (the time the feed was
    // lost, up to now). An empty series takes the whole snapshot.
    void resumeWith(const QList<ConcurrencySample> &snapshot);
    // Forgets samples before tMs, keeping the one in force at tMs.
    void trimBefore(qint64 tMs);

    qsizetype size() const { return m_samples.size() - m_head; }
    bool isEmpty() const { return size() == 0; }
    const ConcurrencySample &at(qsizetype i) const { return m_samples.at(m_head + i); }
    const ConcurrencySample &last() const { return m_samples.last(); }
    // Index of the first sample at or after tMs (size() if none).
    qsizetype lowerBound(qint64 tMs) const;
    // The sample in force at tMs (the last one at or before it), or nullptr.
    const ConcurrencySample *valueAt(qint64 tMs) const;

    struct Column
    {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        int maxActive = 0; // the most calls active at any moment of the column
        int minActive = 0;
        int blocked = 0;    // attempts blocked in the column
        int limit = 0;      // the highest limit in force in the column
        bool known = false; // false before the first sample
    };
    // Splits [fromMs, toMs) into `columns` equal columns: each keeps the maximum (and
    // minimum) of the step function over it, so no peak is lost however long the window.
    QList<Column> decimate(qint64 fromMs, qint64 toMs, int columns) const;

    struct Summary
    {
        int peak = 0;
        double average = 0;   // time-weighted
        qint64 msAtLimit = 0; // time with active >= limit
        int blocked = 0;
        qint64 coveredMs = 0; // time with data
    };
    Summary summarize(qint64 fromMs, qint64 toMs) const;

private:
    void compact();

    QList<ConcurrencySample> m_samples;
    qsizetype m_head = 0; // trimmed samples still at the front, dropped in batches
};

} // namespace linedesk
