#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>

namespace linedesk {

struct Organization
{
    QString id;
    QString name;
    QString subscriptionId;
    QDateTime createdAt;
    QDateTime updatedAt;

    QJsonObject toJson() const;
    static Organization fromJson(const QJsonObject &o);
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::Organization)
