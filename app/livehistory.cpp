#include "livehistory.h"

#include <QDateTime>
#include <QTextStream>

#include <algorithm>
#include <limits>

namespace linedesk {

namespace {

constexpr qint64 kSecondMs = 1000;

QString isoTime(qint64 tMs)
{
    return QDateTime::fromMSecsSinceEpoch(tMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

bool sameSample(const ConcurrencySample &a, const ConcurrencySample &b)
{
    return a.tMs == b.tMs && a.active == b.active && a.blocked == b.blocked && a.limit == b.limit;
}

} // namespace

qint64 LiveHistory::stepForSpan(qint64 spanMs)
{
    if (spanMs <= 3600 * kSecondMs)
        return kSecondMs;
    if (spanMs <= 2 * 86400 * kSecondMs)
        return 60 * kSecondMs;
    return 3600 * kSecondMs;
}

QString LiveHistory::stepName(qint64 stepMs)
{
    return stepMs <= kSecondMs        ? QStringLiteral("second")
           : stepMs <= 60 * kSecondMs ? QStringLiteral("minute")
                                      : QStringLiteral("hour");
}

void LiveHistory::clear()
{
    m_included = 0;
    m_currentLimit = 0;
    m_history.clear();
    m_historyFromMs = m_historyToMs = 0;
    m_historyStepMs = kSecondMs;
    m_detail.clear();
    m_detailRanges.clear();
    m_changes.clear();
    m_live.clear();
    m_series.clear();
}

void LiveHistory::setHistory(qint64 fromMs, qint64 toMs, qint64 stepMs,
                             const QList<UsageBucket> &buckets)
{
    m_history.clear();
    m_history.reserve(buckets.size());
    for (const UsageBucket &b : buckets)
        m_history.append({b.tMs, stepMs, b.maxActive, b.avgActive, b.blocked});
    std::sort(m_history.begin(), m_history.end(),
              [](const Bucket &a, const Bucket &b) { return a.tMs < b.tMs; });
    m_historyFromMs = fromMs;
    m_historyToMs = toMs;
    m_historyStepMs = stepMs;
    rebuild();
}

void LiveHistory::addDetail(qint64 fromMs, qint64 toMs, qint64 stepMs,
                            const QList<UsageBucket> &buckets)
{
    if (toMs <= fromMs)
        return;
    // The new reading replaces whatever was read for the same time.
    m_detail.removeIf([&](const Bucket &b) { return b.tMs >= fromMs && b.tMs < toMs; });
    for (const UsageBucket &b : buckets)
        if (b.tMs >= fromMs && b.tMs < toMs)
            m_detail.append({b.tMs, stepMs, b.maxActive, b.avgActive, b.blocked});
    std::sort(m_detail.begin(), m_detail.end(),
              [](const Bucket &a, const Bucket &b) { return a.tMs < b.tMs; });
    m_detailRanges.append({fromMs, toMs});
    std::sort(m_detailRanges.begin(), m_detailRanges.end());
    QList<QPair<qint64, qint64>> merged;
    for (const auto &r : std::as_const(m_detailRanges)) {
        if (!merged.isEmpty() && r.first <= merged.last().second)
            merged.last().second = qMax(merged.last().second, r.second);
        else
            merged.append(r);
    }
    m_detailRanges = merged;
}

bool LiveHistory::detailCovers(qint64 fromMs, qint64 toMs) const
{
    qint64 t = fromMs;
    for (const auto &[a, b] : m_detailRanges) {
        if (a > t)
            break;
        t = qMax(t, b);
        if (t >= toMs)
            return true;
    }
    return t >= toMs;
}

QList<QPair<qint64, qint64>> LiveHistory::detailWanted(qint64 fromMs, qint64 toMs,
                                                       qint64 maxSpanMs) const
{
    QList<QPair<qint64, qint64>> wanted;
    if (m_historyStepMs <= kSecondMs)
        return wanted;
    const qint64 end = qMin(toMs, liveFromMs());
    for (const Bucket &b : m_history) {
        const qint64 a = qMax(fromMs, b.tMs);
        // Whole seconds, so the service's second buckets line up.
        const qint64 z = (qMin(end, b.tMs + b.stepMs) + kSecondMs - 1) / kSecondMs * kSecondMs;
        if (z <= a)
            continue;
        const int limit = lowestLimitIn(a, z);
        if (limit <= 0 || b.maxActive < limit || detailCovers(a, z))
            continue;
        if (!wanted.isEmpty() && wanted.last().second >= a && z - wanted.last().first <= maxSpanMs)
            wanted.last().second = z;
        else
            wanted.append({a, z});
    }
    // A single bucket longer than the span (never with hour buckets and 6 h) is cut up.
    QList<QPair<qint64, qint64>> out;
    for (const auto &[a, z] : std::as_const(wanted))
        for (qint64 t = a; t < z; t += maxSpanMs)
            out.append({t, qMin(z, t + maxSpanMs)});
    return out;
}

void LiveHistory::setLineChanges(const QList<LineChange> &changes)
{
    m_changes.clear();
    m_changes.reserve(changes.size());
    for (const LineChange &c : changes)
        m_changes.append({c.at.toMSecsSinceEpoch(), c.purchasedBefore, c.purchasedAfter});
    std::stable_sort(m_changes.begin(), m_changes.end(),
                     [](const LimitChange &a, const LimitChange &b) { return a.tMs < b.tMs; });
    // The history's limits come from these changes.
    rebuild();
}

QList<QPair<qint64, int>> LiveHistory::lineChangeMarks() const
{
    QList<QPair<qint64, int>> marks;
    marks.reserve(m_changes.size());
    for (const LimitChange &c : m_changes)
        marks.append({c.tMs, m_included + c.after});
    return marks;
}

int LiveHistory::limitAt(qint64 tMs) const
{
    if (m_changes.isEmpty())
        return m_currentLimit;
    const auto it = std::upper_bound(m_changes.cbegin(), m_changes.cend(), tMs,
                                     [](qint64 t, const LimitChange &c) { return t < c.tMs; });
    if (it == m_changes.cbegin())
        return m_included + m_changes.first().before;
    return m_included + std::prev(it)->after;
}

int LiveHistory::lowestLimitIn(qint64 fromMs, qint64 toMs) const
{
    int lowest = limitAt(fromMs);
    for (const LimitChange &c : m_changes)
        if (c.tMs > fromMs && c.tMs < toMs)
            lowest = qMin(lowest, m_included + c.after);
    return lowest;
}

void LiveHistory::applySnapshot(const QList<ConcurrencySample> &recent,
                                const Subscription &subscription, qint64 keepFromMs)
{
    m_included = subscription.concurrencyLimitIncluded;
    m_currentLimit = subscription.concurrencyLimit();
    QList<ConcurrencySample> snapshot;
    snapshot.reserve(recent.size());
    for (ConcurrencySample s : recent) {
        if (s.limit <= 0)
            s.limit = limitAt(s.tMs);
        snapshot.append(s);
    }
    // After a reconnect (possibly to another instance behind a balancer) the points already
    // drawn stay as they were: the snapshot's per-second maxima would redraw them coarser.
    m_live.resumeWith(snapshot);
    m_live.trimBefore(keepFromMs);
    rebuild();
}

void LiveHistory::appendSample(const ConcurrencySample &sample)
{
    if (!m_live.isEmpty() && sameSample(m_live.last(), sample))
        return; // delivered twice
    const bool first = m_live.isEmpty();
    m_live.append(sample);
    m_currentLimit = sample.limit;
    // A blocked attempt inside the history's last bucket changes what that bucket keeps.
    const bool inHistoryBucket = sample.blocked > 0 && !m_history.isEmpty() &&
                                 m_history.last().tMs + m_history.last().stepMs > sample.tMs;
    if (first || inHistoryBucket)
        rebuild(); // the history now stops where the live samples start
    else
        m_series.append(sample);
}

void LiveHistory::applyLimitChange(qint64 tMs, int limit, int included, int active)
{
    m_included = included;
    appendSample({tMs, active, 0, limit});
    m_currentLimit = limit;
}

bool LiveHistory::trimLiveBefore(qint64 tMs)
{
    const qsizetype before = m_live.size();
    m_live.trimBefore(tMs);
    if (m_live.size() == before)
        return false;
    rebuild();
    return true;
}

qint64 LiveHistory::liveFromMs() const
{
    return m_live.isEmpty() ? std::numeric_limits<qint64>::max() : m_live.at(0).tMs;
}

void LiveHistory::rebuild()
{
    // History first, up to where the live samples start; the live samples are finer.
    const qint64 liveFrom = liveFromMs();
    QList<ConcurrencySample> merged;
    merged.reserve(m_history.size() + m_live.size());
    for (const Bucket &b : std::as_const(m_history)) {
        if (b.tMs >= liveFrom)
            break;
        int blocked = b.blocked;
        if (b.tMs + b.stepMs > liveFrom) {
            // The bucket runs on into the live samples: their blocked attempts are in its sum
            // too, and they count there.
            blocked = qMax(0, blocked - m_live.summarize(liveFrom, b.tMs + b.stepMs).blocked);
        }
        merged.append({b.tMs, b.maxActive, blocked, limitAt(b.tMs)});
    }
    for (qsizetype i = 0; i < m_live.size(); ++i)
        merged.append(m_live.at(i));
    m_series.assign(std::move(merged));
}

qint64 LiveHistory::bucketsAtLimit(qint64 fromMs, qint64 toMs, bool &complete) const
{
    qint64 total = 0;
    for (const Bucket &b : m_history) {
        const qint64 a = qMax(fromMs, b.tMs);
        const qint64 z = qMin(toMs, b.tMs + b.stepMs);
        if (z <= a)
            continue;
        const int lowest = lowestLimitIn(a, z);
        if (lowest <= 0 || b.maxActive < lowest)
            continue; // never reached the limit: exactly none of it
        if (b.stepMs <= kSecondMs) {
            total += z - a;
            continue;
        }
        // A coarse bucket that reached the limit: its seconds say for how long.
        if (!detailCovers(a, z))
            complete = false;
        for (const Bucket &d : m_detail) {
            const qint64 da = qMax(a, d.tMs);
            const qint64 dz = qMin(z, d.tMs + d.stepMs);
            const int limit = limitAt(d.tMs);
            if (dz > da && limit > 0 && d.maxActive >= limit)
                total += dz - da;
        }
    }
    return total;
}

LiveHistory::Summary LiveHistory::summarize(qint64 fromMs, qint64 toMs) const
{
    Summary s;
    if (toMs <= fromMs)
        return s;
    const ConcurrencySeries::Summary merged = m_series.summarize(fromMs, toMs);
    s.peak = merged.peak;
    s.blocked = merged.blocked;
    s.coveredMs = merged.coveredMs;
    s.average = merged.average;

    const qint64 liveFrom = liveFromMs();
    const qint64 historyTo = qMin(toMs, liveFrom);
    const qint64 liveStart = qMax(fromMs, liveFrom);
    ConcurrencySeries::Summary live;
    if (liveStart < toMs)
        live = m_live.summarize(liveStart, toMs);

    // Time at the limit: the history's real intervals, then the live samples'.
    if (historyTo > fromMs)
        s.msAtLimit = bucketsAtLimit(fromMs, historyTo, s.atLimitComplete);
    s.msAtLimit += live.msAtLimit;

    if (m_historyStepMs > kSecondMs && !m_history.isEmpty()) {
        // Coarse history holds each bucket's maximum; its own averages are the honest ones.
        double weighted = 0;
        qint64 covered = 0;
        for (const Bucket &b : m_history) {
            const qint64 a = qMax(b.tMs, fromMs);
            const qint64 z = std::min({b.tMs + b.stepMs, toMs, liveFrom});
            if (z > a) {
                weighted += b.avgActive * double(z - a);
                covered += z - a;
            }
        }
        weighted += live.average * double(live.coveredMs);
        covered += live.coveredMs;
        if (covered > 0)
            s.average = weighted / double(covered);
    }
    return s;
}

QString LiveHistory::csv(qint64 fromMs, qint64 toMs) const
{
    QString out;
    QTextStream stream(&out);
    stream << "time,active,limit,blocked\n";
    qsizetype i = m_series.lowerBound(fromMs);
    if (const ConcurrencySample *first = m_series.valueAt(fromMs); first && first->tMs < fromMs)
        stream << isoTime(fromMs) << ',' << first->active << ',' << first->limit << ",0\n";
    for (; i < m_series.size() && m_series.at(i).tMs < toMs; ++i) {
        const ConcurrencySample &s = m_series.at(i);
        stream << isoTime(s.tMs) << ',' << s.active << ',' << s.limit << ',' << s.blocked << '\n';
    }
    return out;
}

} // namespace linedesk
