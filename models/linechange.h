#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>

namespace linedesk {

// One change of a subscription's purchased lines. Purchased lines always equal the sum of
// the quantities recorded here.
struct LineChange
{
    QString id;
    QString subscriptionId;
    QDateTime at;
    QString actor;    // the user's email, or "system" for renewal
    QString kind;     // purchase, removal, renewal-drop
    int quantity = 0; // positive: bought, negative: removed
    int purchasedBefore = 0;
    int purchasedAfter = 0;
    qint64 amountCents = 0; // charged (positive) or refunded (negative)
    QString idempotencyKey;
    QString requestId;

    QJsonObject toJson() const;
    static LineChange fromJson(const QJsonObject &o);
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::LineChange)
