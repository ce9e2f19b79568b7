#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>

namespace linedesk {

// Who changed money or lines, when, from what to what, why, from which request.
struct AuditEntry
{
    QString id;
    QString subscriptionId;
    QDateTime at;
    QString actor;
    QString action; // lines.purchase, lines.remove, renewal.charge, renewal.freeze, credits.add, …
    QJsonObject before;
    QJsonObject after;
    QString reason;
    QString requestId;

    QJsonObject toJson() const;
    static AuditEntry fromJson(const QJsonObject &o);
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::AuditEntry)
