#include "capacityplan.h"

#include "jsonutil.h"

#include <QJsonArray>

#include <cmath>

namespace linedesk {

double erlangB(double erlangs, int lines)
{
    if (!(erlangs > 0))
        return 0;
    if (lines <= 0)
        return 1;
    double b = 1;
    for (int m = 1; m <= lines; ++m)
        b = erlangs * b / (m + erlangs * b);
    return b;
}

int erlangBLines(double erlangs, double target, int maxLines)
{
    if (!(erlangs > 0))
        return 1;
    double b = 1;
    for (int m = 1; m <= maxLines; ++m) {
        b = erlangs * b / (m + erlangs * b);
        if (b <= target)
            return m;
    }
    return maxLines;
}

const CapacityPlan::Option *CapacityPlan::option(int lines) const
{
    for (const Option &o : options)
        if (o.lines == lines)
            return &o;
    return nullptr;
}

std::optional<CapacityPlan::Option> CapacityPlan::estimate(int lines) const
{
    if (const Option *o = option(lines))
        return *o;
    if (options.isEmpty() || lines < options.first().lines || lines < 0 || optionsCut)
        return std::nullopt;
    // Above every option: the replay blocked nothing already at the last one.
    Option o;
    o.lines = lines;
    o.purchased = qMax(0, lines - includedLines);
    o.monthlyChargeCents = qint64(o.purchased) * linePriceCents;
    o.erlangBBlocking = erlangB(busyHour.offeredErlangs, lines);
    o.replayBlockedCalls = options.last().replayBlockedCalls;
    return o;
}

namespace {

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject CapacityPlan::toJson() const
{
    QJsonArray list;
    for (const Option &o : options)
        list.append(QJsonObject{
            {QStringLiteral("lines"), o.lines},
            {QStringLiteral("purchased"), o.purchased},
            {QStringLiteral("monthlyChargeCents"), o.monthlyChargeCents},
            {QStringLiteral("erlangBBlocking"), number(o.erlangBBlocking)},
            {QStringLiteral("replayBlockedCalls"), o.replayBlockedCalls},
        });
    const Option *rec = option(recommendedLines);
    const int recPurchased = qMax(0, recommendedLines - includedLines);
    return QJsonObject{
        {QStringLiteral("subscriptionId"), subscriptionId},
        {QStringLiteral("window"), QJsonObject{{QStringLiteral("from"), json::isoTime(from)},
                                               {QStringLiteral("to"), json::isoTime(to)}}},
        {QStringLiteral("target"), target},
        {QStringLiteral("calls"),
         QJsonObject{{QStringLiteral("attempts"), attempts},
                     {QStringLiteral("blocked"), blocked},
                     {QStringLiteral("admittedSamples"), admittedSamples}}},
        {QStringLiteral("busyHour"),
         QJsonObject{
             {QStringLiteral("start"), json::isoTime(busyHour.start)},
             {QStringLiteral("end"), json::isoTime(busyHour.end)},
             {QStringLiteral("attempts"), busyHour.attempts},
             {QStringLiteral("blocked"), busyHour.blocked},
             {QStringLiteral("meanHoldSeconds"), number(busyHour.meanHoldSeconds)},
             {QStringLiteral("offeredErlangs"), number(busyHour.offeredErlangs)},
             {QStringLiteral("carriedErlangs"), number(busyHour.carriedErlangs)},
         }},
        {QStringLiteral("current"),
         QJsonObject{{QStringLiteral("lines"), currentLines},
                     {QStringLiteral("includedLines"), includedLines},
                     {QStringLiteral("purchasedLines"), purchasedLines},
                     {QStringLiteral("blockedCalls"), currentBlockedCalls},
                     {QStringLiteral("linesInWindow"),
                      QJsonObject{{QStringLiteral("min"), linesInWindowMin},
                                  {QStringLiteral("max"), linesInWindowMax}}}}},
        {QStringLiteral("linePriceCents"), linePriceCents},
        {QStringLiteral("options"), list},
        {QStringLiteral("recommended"),
         QJsonObject{{QStringLiteral("target"), target},
                     {QStringLiteral("lines"), recommendedLines},
                     {QStringLiteral("purchased"), recPurchased},
                     {QStringLiteral("monthlyChargeCents"),
                      rec ? rec->monthlyChargeCents : qint64(recPurchased) * linePriceCents}}},
        {QStringLiteral("replayClearLines"), replayClearLines},
        {QStringLiteral("optionsCut"), optionsCut},
    };
}

CapacityPlan CapacityPlan::fromJson(const QJsonObject &o)
{
    CapacityPlan p;
    p.subscriptionId = o.value(QLatin1String("subscriptionId")).toString();
    const QJsonObject window = o.value(QLatin1String("window")).toObject();
    p.from = json::parseTime(window.value(QLatin1String("from")));
    p.to = json::parseTime(window.value(QLatin1String("to")));
    p.target = o.value(QLatin1String("target")).toDouble(0.01);
    const QJsonObject calls = o.value(QLatin1String("calls")).toObject();
    p.attempts = json::toInt64(calls.value(QLatin1String("attempts")));
    p.blocked = json::toInt64(calls.value(QLatin1String("blocked")));
    p.admittedSamples = json::toInt64(calls.value(QLatin1String("admittedSamples")));
    const QJsonObject bh = o.value(QLatin1String("busyHour")).toObject();
    p.busyHour.start = json::parseTime(bh.value(QLatin1String("start")));
    p.busyHour.end = json::parseTime(bh.value(QLatin1String("end")));
    p.busyHour.attempts = json::toInt64(bh.value(QLatin1String("attempts")));
    p.busyHour.blocked = json::toInt64(bh.value(QLatin1String("blocked")));
    p.busyHour.meanHoldSeconds = bh.value(QLatin1String("meanHoldSeconds")).toDouble();
    p.busyHour.offeredErlangs = bh.value(QLatin1String("offeredErlangs")).toDouble();
    p.busyHour.carriedErlangs = bh.value(QLatin1String("carriedErlangs")).toDouble();
    const QJsonObject current = o.value(QLatin1String("current")).toObject();
    p.currentLines = current.value(QLatin1String("lines")).toInt();
    p.includedLines = current.value(QLatin1String("includedLines")).toInt();
    p.purchasedLines = current.value(QLatin1String("purchasedLines")).toInt();
    p.currentBlockedCalls = json::toInt64(current.value(QLatin1String("blockedCalls")));
    const QJsonObject inWindow = current.value(QLatin1String("linesInWindow")).toObject();
    p.linesInWindowMin = inWindow.value(QLatin1String("min")).toInt(p.currentLines);
    p.linesInWindowMax = inWindow.value(QLatin1String("max")).toInt(p.currentLines);
    p.linePriceCents = json::toInt64(o.value(QLatin1String("linePriceCents")));
    for (const QJsonValue &v : o.value(QLatin1String("options")).toArray()) {
        const QJsonObject e = v.toObject();
        Option opt;
        opt.lines = e.value(QLatin1String("lines")).toInt();
        opt.purchased = e.value(QLatin1String("purchased")).toInt();
        opt.monthlyChargeCents = json::toInt64(e.value(QLatin1String("monthlyChargeCents")));
        opt.erlangBBlocking = e.value(QLatin1String("erlangBBlocking")).toDouble();
        opt.replayBlockedCalls = json::toInt64(e.value(QLatin1String("replayBlockedCalls")));
        p.options << opt;
    }
    p.recommendedLines =
        o.value(QLatin1String("recommended")).toObject().value(QLatin1String("lines")).toInt();
    p.replayClearLines = o.value(QLatin1String("replayClearLines")).toInt();
    p.optionsCut = o.value(QLatin1String("optionsCut")).toBool();
    return p;
}

} // namespace linedesk
