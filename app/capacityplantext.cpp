#include "capacityplantext.h"

#include "localeformat.h"

#include <cmath>

namespace linedesk {

QString CapacityPlanText::percent(double share, const QLocale &locale)
{
    if (!std::isfinite(share) || share <= 0)
        return tr("%1 %").arg(locale.toString(0));
    const double pct = share * 100;
    if (pct < 0.001)
        return tr("< %1 %").arg(locale.toString(0.001, 'f', 3));
    if (pct >= 99.5)
        return tr("%1 %").arg(locale.toString(qRound(pct)));
    // Two significant digits: enough to tell 0.094 % from the 0.1 % target.
    return tr("%1 %").arg(locale.toString(pct, 'g', 2));
}

QString CapacityPlanText::windowName(CapacityPlanLoader::Window window)
{
    switch (window) {
    case CapacityPlanLoader::Window::Day:
        return tr("Last 24 hours");
    case CapacityPlanLoader::Window::Week:
        return tr("Last 7 days");
    case CapacityPlanLoader::Window::Month:
        return tr("Last 30 days");
    }
    return {};
}

QString CapacityPlanText::windowPhrase(CapacityPlanLoader::Window window)
{
    switch (window) {
    case CapacityPlanLoader::Window::Day:
        return tr("the last 24 hours");
    case CapacityPlanLoader::Window::Week:
        return tr("the last 7 days");
    case CapacityPlanLoader::Window::Month:
        return tr("the last 30 days");
    }
    return {};
}

QString CapacityPlanText::calls(qint64 n, const QLocale &locale)
{
    return n == 1 ? tr("1 call") : tr("%1 calls").arg(locale.toString(n));
}

QString CapacityPlanText::duration(double seconds, const QLocale &locale)
{
    const qint64 s = qMax<qint64>(0, qRound64(seconds));
    if (s < 60)
        return tr("%1 s").arg(locale.toString(s));
    if (s < 3600)
        return s % 60 == 0
                   ? tr("%1 min").arg(locale.toString(s / 60))
                   : tr("%1 min %2 s").arg(locale.toString(s / 60), locale.toString(s % 60));
    const qint64 m = qRound64(s / 60.0);
    return m % 60 == 0 ? tr("%1 h").arg(locale.toString(m / 60))
                       : tr("%1 h %2 min").arg(locale.toString(m / 60), locale.toString(m % 60));
}

QString CapacityPlanText::nothingToPlan(CapacityPlanLoader::Window window)
{
    return tr("No calls in %1: nothing to plan from yet.").arg(windowPhrase(window));
}

QString CapacityPlanText::forTotal(const CapacityPlan &plan, CapacityPlanLoader::Window window,
                                   int total, const QLocale &locale)
{
    if (plan.isEmpty())
        return nothingToPlan(window);
    const QString head = plan.blocked == 0
                             ? tr("%1: no calls blocked.").arg(windowName(window))
                             : tr("%1: %2 blocked.").arg(windowName(window), calls(plan.blocked));
    const std::optional<CapacityPlan::Option> o = plan.estimate(total);
    if (!o && !plan.options.isEmpty() && total > 0 && total < plan.options.first().lines)
        // Below the totals the service replayed: Erlang B holds for any total.
        return tr("%1 With %2: %3 at your busiest hour (Erlang B; the replay covers %4 and more)")
            .arg(head, format::lines(total),
                 percent(erlangB(plan.busyHour.offeredErlangs, total), locale),
                 format::lines(plan.options.first().lines));
    if (!o)
        return head;
    const QString with = total == plan.currentLines
                             ? tr("With your %1 now").arg(format::lines(total))
                             : tr("With %1").arg(format::lines(total));
    // The replay runs every total as "this many lines more or fewer than were in force at each
    // call": say so when the lines changed in the window or since.
    const bool sameLines =
        plan.linesInWindowMin == plan.currentLines && plan.linesInWindowMax == plan.currentLines;
    const QString count =
        o->replayBlockedCalls == 0 ? tr("none") : locale.toString(o->replayBlockedCalls);
    QString replay;
    if (total == plan.currentLines) {
        if (sameLines)
            replay = tr("%1, as happened").arg(count);
        else if (plan.linesInWindowMin == plan.linesInWindowMax)
            replay = tr("%1, as happened with the %2 you had then")
                         .arg(count, format::lines(plan.linesInWindowMin));
        else
            replay = tr("%1, as happened with the %2–%3 lines you had then")
                         .arg(count)
                         .arg(plan.linesInWindowMin)
                         .arg(plan.linesInWindowMax);
    } else {
        const QString about = o->replayBlockedCalls == 0 ? count : tr("about %1").arg(count);
        const int difference = total - plan.currentLines;
        if (sameLines)
            replay = tr("%1 (replay of your calls)").arg(about);
        else
            replay = (difference > 0
                          ? tr("%1 (replay of your calls with %2 more than you had at each)")
                          : tr("%1 (replay of your calls with %2 fewer than you had at each)"))
                         .arg(about, format::lines(std::abs(difference)));
    }
    return tr("%1 %2: %3, %4 at your busiest hour (Erlang B)")
        .arg(head, with, replay, percent(o->erlangBBlocking, locale));
}

QString CapacityPlanText::recommendation(const CapacityPlan &plan, const QLocale &locale)
{
    const int rec = plan.recommendedLines;
    const QString aim = tr("For at most %1 of calls blocked at your busiest hour (Erlang B)")
                            .arg(percent(plan.target, locale));
    QString text;
    if (rec == plan.currentLines)
        text = tr("%1: %2, what you have now.").arg(aim, format::lines(rec));
    else if (rec <= plan.includedLines)
        text = tr("%1: %2; your %3 included lines are enough, nothing to buy.")
                   .arg(aim, format::lines(rec))
                   .arg(plan.includedLines);
    else {
        const std::optional<CapacityPlan::Option> o = plan.estimate(rec);
        const int purchased = rec - plan.includedLines;
        const qint64 monthly = o ? o->monthlyChargeCents : qint64(purchased) * plan.linePriceCents;
        text = tr("%1: %2 (%3 included + %4 purchased), %5 per month.")
                   .arg(aim, format::lines(rec))
                   .arg(plan.includedLines)
                   .arg(purchased)
                   .arg(format::money(monthly, locale));
    }
    if (plan.blocked > 0 && plan.replayClearLines > 0)
        text += QLatin1Char(' ') + tr("The replay of your calls blocks none from %1 on.")
                                       .arg(format::lines(plan.replayClearLines));
    return text;
}

QString CapacityPlanText::limits()
{
    return tr("<p><b>What these figures assume</b></p>"
              "<ul style='margin-left:-20px'>"
              "<li><b>Replay:</b> your own calls in the window are played again against each "
              "total of lines, with their real start times and lengths. A call that was blocked "
              "has no length of its own, so it gets one drawn from your admitted calls.</li>"
              "<li><b>Erlang B:</b> the calls of your busiest hour are taken as random, "
              "independent arrivals with your mean call length. Traffic that comes in bursts "
              "is blocked more often than this says.</li>"
              "<li>Blocked callers are assumed not to try again. Callers who do try again add "
              "calls of their own.</li>"
              "<li>Dialer campaigns fill whatever lines they get: for them more lines mean more "
              "calls at the same time, not fewer blocked ones.</li>"
              "<li>The past is not a promise: a busier week needs more lines.</li>"
              "</ul>");
}

QString CapacityPlanText::failure(const ApiError &error)
{
    if (error.statusCode == 0)
        return tr("The service did not answer.");
    if (error.statusCode == 503 || error.code == QLatin1String("busy"))
        return tr("The service is busy working out other reports.");
    if (error.statusCode == 404)
        return tr("The service has no capacity plan for this subscription.");
    return error.message;
}

} // namespace linedesk
