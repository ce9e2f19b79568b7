#pragma once

#include "capacityplan.h"
#include "capacityplanloader.h"

#include <QCoreApplication>
#include <QLocale>
#include <QString>

namespace linedesk {

// The capacity plan in the console's words: the same sentence in Billing → Add-ons, the Plan
// view and support's detail, so what one says the other says too.
class CapacityPlanText
{
    Q_DECLARE_TR_FUNCTIONS(CapacityPlanText)
public:
    // A share of calls as a percentage with two significant digits ("5.2 %", "0.94 %",
    // "0.012 %", "47 %"); "0 %" for none and "< 0.001 %" below that.
    static QString percent(double share, const QLocale &locale = QLocale());
    // "Last 24 hours", "Last 7 days", "Last 30 days".
    static QString windowName(CapacityPlanLoader::Window window);
    // "the last 7 days" (inside a sentence).
    static QString windowPhrase(CapacityPlanLoader::Window window);
    // "47 calls", "1 call".
    static QString calls(qint64 n, const QLocale &locale = QLocale());
    // "2 min 5 s", "45 s", "1 h 3 min".
    static QString duration(double seconds, const QLocale &locale = QLocale());
    // "No calls in the last 7 days: nothing to plan from yet."
    static QString nothingToPlan(CapacityPlanLoader::Window window);
    // Lines of Add-ons: what `total` lines would have meant in the plan's window. "Last 7 days:
    // 47 calls blocked. With 12 lines: about 3 (replay of your calls), 0.9 % at your busiest
    // hour (Erlang B)". Below the first total the service replayed, Erlang B alone.
    static QString forTotal(const CapacityPlan &plan, CapacityPlanLoader::Window window, int total,
                            const QLocale &locale = QLocale());
    // The recommendation for the plan's target, with its monthly charge.
    static QString recommendation(const CapacityPlan &plan, const QLocale &locale = QLocale());
    // What the figures assume, in plain words (rich text paragraphs).
    static QString limits();
    // Why a plan could not be had, for people.
    static QString failure(const ApiError &error);
};

} // namespace linedesk
