#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QStringList>

namespace linedesk {

// The service's quote for changing purchased lines by `quantity`; the change, made at the
// same moment, charges exactly amountDueNowCents.
struct LinePreview
{
    int quantity = 0;
    int includedLines = 0;
    int purchasedBefore = 0;
    int purchasedAfter = 0;
    int limitBefore = 0;
    int limitAfter = 0;
    qint64 amountDueNowCents = 0; // negative: refund
    qint64 monthlyChargeBeforeCents = 0;
    qint64 monthlyChargeAfterCents = 0;
    qint64 linePriceCents = 0;
    qint64 creditsCents = 0;
    QDateTime quotedAt;
    QDateTime periodStart;
    QDateTime periodEnd;
    int activeCalls = 0;
    QStringList warnings;
    // Whether the change would be accepted now; if not, the service's reason.
    bool allowed = true;
    QString refusalCode;
    QString refusalMessage;

    QJsonObject toJson() const;
    static LinePreview fromJson(const QJsonObject &o);
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::LinePreview)
