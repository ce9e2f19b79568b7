#pragma once

#include "money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QStringList>

namespace linedesk {

// The billing entity: one concurrency pool shared by the organizations that use it.
struct Subscription
{
    QString id;
    QString name;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString type;   // pay-as-you-go, startup, growth, scale, agency, enterprise
    QString status; // active, frozen
    Money credits;
    int concurrencyCounter = 0;
    int concurrencyLimitIncluded = 10;
    int concurrencyLimitPurchased = 0;
    QStringList orgIds;
    QDateTime currentPeriodStart;
    QDateTime currentPeriodEnd;
    qint64 linePriceCents = 0;
    qint64 version = 0;

    int concurrencyLimit() const { return concurrencyLimitIncluded + concurrencyLimitPurchased; }
    qint64 monthlyChargeCents() const { return linePriceCents * concurrencyLimitPurchased; }
    bool isFrozen() const { return status == QLatin1String("frozen"); }

    QJsonObject toJson() const;
    static Subscription fromJson(const QJsonObject &o);

    static const QStringList &types();
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::Subscription)
