#include "linepreview.h"

#include "jsonutil.h"

#include <QJsonArray>

namespace linedesk {

QJsonObject LinePreview::toJson() const
{
    return QJsonObject{
        {QStringLiteral("quantity"), quantity},
        {QStringLiteral("includedLines"), includedLines},
        {QStringLiteral("purchasedBefore"), purchasedBefore},
        {QStringLiteral("purchasedAfter"), purchasedAfter},
        {QStringLiteral("limitBefore"), limitBefore},
        {QStringLiteral("limitAfter"), limitAfter},
        {QStringLiteral("amountDueNowCents"), amountDueNowCents},
        {QStringLiteral("monthlyChargeBeforeCents"), monthlyChargeBeforeCents},
        {QStringLiteral("monthlyChargeAfterCents"), monthlyChargeAfterCents},
        {QStringLiteral("linePriceCents"), linePriceCents},
        {QStringLiteral("creditsCents"), creditsCents},
        {QStringLiteral("quotedAt"), json::isoTime(quotedAt)},
        {QStringLiteral("periodStart"), json::isoTime(periodStart)},
        {QStringLiteral("periodEnd"), json::isoTime(periodEnd)},
        {QStringLiteral("activeCalls"), activeCalls},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
        {QStringLiteral("allowed"), allowed},
        {QStringLiteral("refusalCode"),
         refusalCode.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(refusalCode)},
        {QStringLiteral("refusalMessage"),
         refusalMessage.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(refusalMessage)},
    };
}

LinePreview LinePreview::fromJson(const QJsonObject &o)
{
    LinePreview p;
    p.quantity = o.value(QLatin1String("quantity")).toInt();
    p.includedLines = o.value(QLatin1String("includedLines")).toInt();
    p.purchasedBefore = o.value(QLatin1String("purchasedBefore")).toInt();
    p.purchasedAfter = o.value(QLatin1String("purchasedAfter")).toInt();
    p.limitBefore = o.value(QLatin1String("limitBefore")).toInt();
    p.limitAfter = o.value(QLatin1String("limitAfter")).toInt();
    p.amountDueNowCents = json::toInt64(o.value(QLatin1String("amountDueNowCents")));
    p.monthlyChargeBeforeCents = json::toInt64(o.value(QLatin1String("monthlyChargeBeforeCents")));
    p.monthlyChargeAfterCents = json::toInt64(o.value(QLatin1String("monthlyChargeAfterCents")));
    p.linePriceCents = json::toInt64(o.value(QLatin1String("linePriceCents")));
    p.creditsCents = json::toInt64(o.value(QLatin1String("creditsCents")));
    p.quotedAt = json::parseTime(o.value(QLatin1String("quotedAt")));
    p.periodStart = json::parseTime(o.value(QLatin1String("periodStart")));
    p.periodEnd = json::parseTime(o.value(QLatin1String("periodEnd")));
    p.activeCalls = o.value(QLatin1String("activeCalls")).toInt();
    for (const QJsonValue &w : o.value(QLatin1String("warnings")).toArray())
        p.warnings << w.toString();
    p.allowed = o.value(QLatin1String("allowed")).toBool(true);
    p.refusalCode = o.value(QLatin1String("refusalCode")).toString();
    p.refusalMessage = o.value(QLatin1String("refusalMessage")).toString();
    return p;
}

} // namespace linedesk
