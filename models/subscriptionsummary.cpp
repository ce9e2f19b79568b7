#include "subscriptionsummary.h"

#include "jsonutil.h"

#include <QJsonArray>

namespace linedesk {

namespace {

// Plan types and statuses repeat on every row: share one string each instead of one copy
// per row (a 100,000-row list would otherwise hold 200,000 small allocations for them).
QString shared(const QString &value)
{
    static const QStringList known = [] {
        QStringList list = Subscription::types();
        list << QStringLiteral("active") << QStringLiteral("frozen");
        return list;
    }();
    for (const QString &k : known)
        if (k == value)
            return k;
    return value;
}

} // namespace

QString SubscriptionSummary::orgNames() const
{
    QStringList names;
    names.reserve(orgs.size());
    for (const Org &o : orgs)
        names << (o.name.isEmpty() ? o.id : o.name);
    if (names.isEmpty())
        return subscription.orgIds.join(QStringLiteral(", "));
    return names.join(QStringLiteral(", "));
}

QJsonObject SubscriptionSummary::toJson() const
{
    QJsonObject o = subscription.toJson();
    QJsonArray list;
    for (const Org &org : orgs)
        list.append(
            QJsonObject{{QStringLiteral("id"), org.id}, {QStringLiteral("name"), org.name}});
    o.insert(QStringLiteral("orgs"), list);
    if (hasUsage) {
        o.insert(QStringLiteral("peakCalls24h"), peakCalls24h);
        o.insert(QStringLiteral("blockedCalls24h"), blockedCalls24h);
        o.insert(QStringLiteral("utilisationPercent"), utilisationPercent);
        o.insert(QStringLiteral("usageAt"), json::isoTimeOrNull(usageAt));
    }
    if (!matchedEmails.isEmpty())
        o.insert(QStringLiteral("matchedEmails"), QJsonArray::fromStringList(matchedEmails));
    return o;
}

SubscriptionSummary SubscriptionSummary::fromJson(const QJsonObject &o)
{
    SubscriptionSummary s;
    s.subscription = Subscription::fromJson(o);
    s.subscription.type = shared(s.subscription.type);
    s.subscription.status = shared(s.subscription.status);
    const QJsonArray orgs = o.value(QLatin1String("orgs")).toArray();
    s.orgs.reserve(orgs.size());
    for (const QJsonValue &v : orgs) {
        const QJsonObject org = v.toObject();
        s.orgs.append({org.value(QLatin1String("id")).toString(),
                       org.value(QLatin1String("name")).toString()});
    }
    s.hasUsage = o.contains(QLatin1String("peakCalls24h"));
    s.peakCalls24h = o.value(QLatin1String("peakCalls24h")).toInt();
    s.blockedCalls24h = o.value(QLatin1String("blockedCalls24h")).toInt();
    s.utilisationPercent = o.value(QLatin1String("utilisationPercent")).toInt();
    s.usageAt = json::parseTime(o.value(QLatin1String("usageAt")));
    for (const QJsonValue &v : o.value(QLatin1String("matchedEmails")).toArray())
        s.matchedEmails << v.toString();
    s.subscription.orgIds.squeeze();
    return s;
}

} // namespace linedesk
