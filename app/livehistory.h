#pragma once

#include "apiclient.h"
#include "concurrencyseries.h"
#include "linechange.h"
#include "subscription.h"

#include <QList>
#include <QPair>
#include <QString>

namespace linedesk {

// What the Live page shows, without the widgets: the service's history for the window
// (POST /analytics buckets), the live feed's snapshot and events after it, and the line
// changes that set the limit in force at each moment. It merges them into one series for the
// chart and reduces any window to its summary and CSV.
//
// Time at the limit is taken from real intervals only: the live samples, and the service's
// per-second history. A coarse (minute or hour) bucket says only that the limit was reached
// somewhere in it, so for such buckets the page reads the seconds ("detail") and hands them
// in with addDetail(); until then the figure is marked incomplete.
class LiveHistory
{
public:
    struct LimitChange
    {
        qint64 tMs = 0;
        int before = 0; // purchased lines before
        int after = 0;
    };

    struct Summary
    {
        int peak = 0;
        double average = 0;   // time-weighted
        qint64 msAtLimit = 0; // from real intervals (see above)
        bool atLimitComplete = true;
        int blocked = 0;
        qint64 coveredMs = 0; // time with data
    };

    void clear();

    // The history's bucket for a window of spanMs: per second up to an hour (the service keeps
    // seconds for 48 h), per minute up to two days, else per hour.
    static qint64 stepForSpan(qint64 spanMs);
    static QString stepName(qint64 stepMs);

    void setIncluded(int included) { m_included = included; }
    int included() const { return m_included; }
    // The limit now (used where no line change says otherwise).
    void setCurrentLimit(int limit) { m_currentLimit = limit; }
    int currentLimit() const { return m_currentLimit; }

    // The service's buckets of stepMs for [fromMs, toMs), replacing the previous history.
    void setHistory(qint64 fromMs, qint64 toMs, qint64 stepMs, const QList<UsageBucket> &buckets);
    bool hasHistory() const { return m_historyToMs > m_historyFromMs; }
    qint64 historyFromMs() const { return m_historyFromMs; }
    qint64 historyToMs() const { return m_historyToMs; }
    qint64 historyStepMs() const { return m_historyStepMs; }

    // The ranges of coarse history in [fromMs, toMs) that reached the limit and whose seconds
    // are not read yet, merged and cut to at most maxSpanMs each (the service's query limit).
    QList<QPair<qint64, qint64>> detailWanted(qint64 fromMs, qint64 toMs,
                                              qint64 maxSpanMs = 6 * 3600 * 1000) const;
    // Per-second (or, where the service kept only minutes, per-minute) buckets for
    // [fromMs, toMs), used for the time at the limit.
    void addDetail(qint64 fromMs, qint64 toMs, qint64 stepMs, const QList<UsageBucket> &buckets);

    // All line changes of the subscription (any order).
    void setLineChanges(const QList<LineChange> &changes);
    const QList<LimitChange> &lineChanges() const { return m_changes; }
    // (time, limit after) of each line change, for the chart's marks.
    QList<QPair<qint64, int>> lineChangeMarks() const;
    // The limit in force at tMs.
    int limitAt(qint64 tMs) const;

    // The feed's snapshot (one sample a second, the last few minutes). Samples already seen
    // stay as they were; the snapshot fills only the time after the last one. Live samples
    // older than keepFromMs are forgotten.
    void applySnapshot(const QList<ConcurrencySample> &recent, const Subscription &subscription,
                       qint64 keepFromMs);
    // One live sample. The same event delivered twice counts once; a late one is folded into
    // the latest state.
    void appendSample(const ConcurrencySample &sample);
    void applyLimitChange(qint64 tMs, int limit, int included, int active);
    // Forgets live samples before tMs; true if any went.
    bool trimLiveBefore(qint64 tMs);
    const ConcurrencySeries &live() const { return m_live; }

    // History up to the first live sample, then the live samples.
    const ConcurrencySeries &series() const { return m_series; }

    Summary summarize(qint64 fromMs, qint64 toMs) const;
    // The series in [fromMs, toMs) as CSV: time (ISO 8601, UTC), active, limit, blocked.
    QString csv(qint64 fromMs, qint64 toMs) const;

private:
    void rebuild();
    qint64 liveFromMs() const;
    // Time at the limit in [fromMs, toMs) from buckets of stepMs; `complete` is cleared for
    // coarse buckets at the limit without detail.
    qint64 bucketsAtLimit(qint64 fromMs, qint64 toMs, bool &complete) const;
    // The lowest limit in force at any moment of [fromMs, toMs).
    int lowestLimitIn(qint64 fromMs, qint64 toMs) const;
    bool detailCovers(qint64 fromMs, qint64 toMs) const;

    struct Bucket
    {
        qint64 tMs;
        qint64 stepMs;
        int maxActive;
        double avgActive;
        int blocked;
    };

    int m_included = 0;
    int m_currentLimit = 0;
    QList<Bucket> m_history;
    qint64 m_historyFromMs = 0;
    qint64 m_historyToMs = 0;
    qint64 m_historyStepMs = 1000;
    // Fine buckets, by start time, read for coarse buckets at the limit.
    QList<Bucket> m_detail;
    QList<QPair<qint64, qint64>> m_detailRanges; // what was read, merged
    QList<LimitChange> m_changes;
    ConcurrencySeries m_live;
    ConcurrencySeries m_series;
};

} // namespace linedesk
