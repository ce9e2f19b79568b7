#include "concurrencyseries.h"

#include <algorithm>
#include <limits>

namespace linedesk {

void ConcurrencySeries::append(const ConcurrencySample &sample)
{
    if (!isEmpty() && sample.tMs <= m_samples.last().tMs) {
        // Same instant or late: it describes the latest state, so it replaces the last value
        // and adds its blocked attempts.
        ConcurrencySample &last = m_samples.last();
        const int peak = qMax(last.active, sample.active);
        last.blocked += sample.blocked;
        last.active = sample.active;
        last.limit = sample.limit;
        if (sample.tMs == last.tMs && peak > sample.active) {
            // Keep a peak that happened within the same millisecond visible.
            ConcurrencySample after = last;
            last.active = peak;
            after.tMs += 1;
            after.blocked = 0;
            m_samples.append(after);
        }
        return;
    }
    m_samples.append(sample);
}

void ConcurrencySeries::clear()
{
    m_samples.clear();
    m_head = 0;
}

void ConcurrencySeries::assign(QList<ConcurrencySample> samples)
{
    m_samples = std::move(samples);
    m_head = 0;
}

void ConcurrencySeries::resumeWith(const QList<ConcurrencySample> &snapshot)
{
    const qint64 seenTo = isEmpty() ? std::numeric_limits<qint64>::min() : last().tMs;
    const auto from =
        std::upper_bound(snapshot.cbegin(), snapshot.cend(), seenTo,
                         [](qint64 t, const ConcurrencySample &s) { return t < s.tMs; });
    m_samples.reserve(m_samples.size() + (snapshot.cend() - from));
    for (auto it = from; it != snapshot.cend(); ++it)
        m_samples.append(*it);
}

qsizetype ConcurrencySeries::lowerBound(qint64 tMs) const
{
    const auto begin = m_samples.cbegin() + m_head;
    const auto it =
        std::lower_bound(begin, m_samples.cend(), tMs,
                         [](const ConcurrencySample &s, qint64 t) { return s.tMs < t; });
    return it - begin;
}

const ConcurrencySample *ConcurrencySeries::valueAt(qint64 tMs) const
{
    const qsizetype i = lowerBound(tMs + 1); // first after tMs
    return i == 0 ? nullptr : &at(i - 1);
}

void ConcurrencySeries::trimBefore(qint64 tMs)
{
    const qsizetype i = lowerBound(tMs);
    // Keep the sample in force at tMs: the one at tMs, or else the last one before it.
    const bool exact = i < size() && at(i).tMs == tMs;
    m_head += exact ? i : qMax<qsizetype>(0, i - 1);
    compact();
}

void ConcurrencySeries::compact()
{
    // Drop trimmed samples in batches so trimming one at a time stays O(1) amortised.
    if (m_head > 4096 && m_head * 2 > m_samples.size()) {
        m_samples.remove(0, m_head);
        m_head = 0;
    }
}

QList<ConcurrencySeries::Column> ConcurrencySeries::decimate(qint64 fromMs, qint64 toMs,
                                                             int columns) const
{
    QList<Column> out;
    if (columns <= 0 || toMs <= fromMs)
        return out;
    out.resize(columns);
    const double width = double(toMs - fromMs) / columns;
    for (int c = 0; c < columns; ++c) {
        out[c].fromMs = fromMs + qint64(c * width);
        out[c].toMs = c + 1 == columns ? toMs : fromMs + qint64((c + 1) * width);
        out[c].minActive = std::numeric_limits<int>::max();
    }
    qsizetype i = lowerBound(fromMs);
    const ConcurrencySample *current = i > 0 ? &at(i - 1) : nullptr;
    const qsizetype n = size();
    for (int c = 0; c < columns; ++c) {
        Column &col = out[c];
        // A sample exactly at the column's start replaces the value entering it.
        while (i < n && at(i).tMs <= col.fromMs) {
            current = &at(i);
            col.blocked += current->blocked;
            ++i;
        }
        // The value entering the column counts for it: a flat stretch is still a value.
        if (current) {
            col.known = true;
            col.maxActive = current->active;
            col.minActive = current->active;
            col.limit = current->limit;
        }
        while (i < n && at(i).tMs < col.toMs) {
            const ConcurrencySample &s = at(i);
            col.known = true;
            col.maxActive = qMax(col.maxActive, s.active);
            col.minActive = qMin(col.minActive, s.active);
            col.limit = qMax(col.limit, s.limit);
            col.blocked += s.blocked;
            current = &s;
            ++i;
        }
        if (!col.known)
            col.minActive = 0;
    }
    return out;
}

ConcurrencySeries::Summary ConcurrencySeries::summarize(qint64 fromMs, qint64 toMs) const
{
    Summary s;
    if (toMs <= fromMs)
        return s;
    qsizetype i = lowerBound(fromMs);
    const ConcurrencySample *current = i > 0 ? &at(i - 1) : nullptr;
    qint64 t = fromMs;
    double weighted = 0;
    auto account = [&](qint64 until) {
        if (!current || until <= t)
            return;
        const qint64 d = until - t;
        weighted += double(current->active) * double(d);
        s.coveredMs += d;
        s.peak = qMax(s.peak, current->active);
        if (current->limit > 0 && current->active >= current->limit)
            s.msAtLimit += d;
    };
    const qsizetype n = size();
    while (i < n && at(i).tMs < toMs) {
        account(at(i).tMs);
        t = qMax(t, at(i).tMs);
        current = &at(i);
        s.blocked += current->blocked;
        s.peak = qMax(s.peak, current->active);
        ++i;
    }
    account(toMs);
    s.average = s.coveredMs > 0 ? weighted / double(s.coveredMs) : 0;
    return s;
}

} // namespace linedesk
