#pragma once

#include "subscription.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>

namespace linedesk {

// One row of support's subscription list (GET /subscription): the subscription itself, the
// organizations sharing it, and its last 24 hours of use. The 24-hour figures are computed by
// the service about once a minute (usageAt); concurrencyCounter is live.
struct SubscriptionSummary
{
    struct Org
    {
        QString id;
        QString name;
    };

    Subscription subscription;
    QList<Org> orgs;
    int peakCalls24h = 0;
    int blockedCalls24h = 0;
    // The 24-hour peak as a percentage of today's limit; above 100 after lines were removed.
    int utilisationPercent = 0;
    QDateTime usageAt;
    // False while the service does not send the 24-hour figures (an older service).
    bool hasUsage = false;
    // With a search: the members' emails that contain the text (whose email matched).
    QStringList matchedEmails;

    const QString &id() const { return subscription.id; }
    // "Acme Health, Acme Sales": the organizations' names, or their ids if names are missing.
    QString orgNames() const;

    QJsonObject toJson() const;
    static SubscriptionSummary fromJson(const QJsonObject &o);
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::SubscriptionSummary)
