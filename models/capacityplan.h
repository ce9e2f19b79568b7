#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace linedesk {

// Erlang B: the share of calls blocked when `erlangs` of random (Poisson) traffic is offered to
// `lines` lines and blocked callers do not retry. The stable recursion
// B(E, 0) = 1, B(E, m) = E·B(E, m−1) / (m + E·B(E, m−1)): no factorial, no power, no overflow
// at any number of lines. 0 for no traffic, 1 for no lines (with traffic).
double erlangB(double erlangs, int lines);
// The least number of lines (at least 1) at which erlangB(erlangs, lines) <= target
// (0 < target < 1); `maxLines` bounds the search (returned if even that is not enough).
int erlangBLines(double erlangs, double target, int maxLines = 1000000);

// GET /subscription/{id}/capacity-plan: what a number of lines would have meant for the
// subscription's own calls in a window (replayed), and what Erlang B says of its busiest hour.
struct CapacityPlan
{
    // One total of lines the plan looked at.
    struct Option
    {
        int lines = 0;
        int purchased = 0;             // lines above the included ones (0 below them)
        qint64 monthlyChargeCents = 0; // purchased × the line price
        double erlangBBlocking = 0;    // B(offered erlangs of the busy hour, lines)
        qint64 replayBlockedCalls = 0; // the window's calls, replayed against `lines`
    };

    QString subscriptionId;
    QDateTime from; // the window the plan looked at ([from, to))
    QDateTime to;
    double target = 0.01; // share of calls one accepts being blocked

    qint64 attempts = 0; // calls that arrived in the window
    qint64 blocked = 0;  // of them, blocked
    // Calls that were blocked get a duration drawn from the window's admitted calls.
    qint64 admittedSamples = 0;

    // The busiest 60 minutes of the window by call attempts (the whole window if shorter).
    struct BusyHour
    {
        QDateTime start;
        QDateTime end;
        qint64 attempts = 0;
        qint64 blocked = 0;
        double meanHoldSeconds = 0; // of the admitted calls that started in it
        double offeredErlangs = 0;  // attempts × mean hold ÷ its length in seconds
        double carriedErlangs = 0;  // the admitted calls' time in it ÷ its length
    } busyHour;

    int currentLines = 0; // in force now
    int includedLines = 0;
    int purchasedLines = 0;
    qint64 currentBlockedCalls = 0; // blocked in the window
    // The fewest and most lines any call of the window met (today's when it has none): the
    // replay runs each option at these plus (option − currentLines), so where they differ
    // from today's, an option's replay is "that many lines more or fewer than you had".
    int linesInWindowMin = 0;
    int linesInWindowMax = 0;
    qint64 linePriceCents = 0;

    QList<Option> options; // one per total, ascending
    // The service bounds a plan's work: true when the options stop before the recommendation
    // or the clear total (a flood of attempts); nothing is known above the last one then.
    bool optionsCut = false;
    int recommendedLines = 0; // least total with erlangBBlocking <= target
    int replayClearLines = 0; // least total at which the replay blocks nothing

    bool isEmpty() const { return attempts == 0; }
    const Option *option(int lines) const;
    // Options are computed for a range; outside it, the nearest one's figures hold only above
    // (more lines never block more): this gives them for `lines` if known.
    std::optional<Option> estimate(int lines) const;

    QJsonObject toJson() const;
    static CapacityPlan fromJson(const QJsonObject &o);
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::CapacityPlan)
