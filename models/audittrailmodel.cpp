#include "audittrailmodel.h"

#include "localeformat.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QSet>

namespace linedesk {

AuditTrailModel::AuditTrailModel(QObject *parent) : PagedRowsModel(parent) {}

int AuditTrailModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditTrailModel::describeAction(const QString &action)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("lines.purchase"), tr("Lines bought")},
        {QStringLiteral("lines.remove"), tr("Lines removed")},
        {QStringLiteral("renewal.charge"), tr("Renewal charged")},
        {QStringLiteral("renewal.freeze"), tr("Frozen at renewal")},
        {QStringLiteral("credits.add"), tr("Credits added")},
        {QStringLiteral("subscription.create"), tr("Subscription created")},
        {QStringLiteral("call.end"), tr("Call ended by support")},
        {QStringLiteral("call.update"), tr("Call renamed by support")},
        {QStringLiteral("call.delete"), tr("Call data deleted")},
    };
    return names.value(action, action);
}

static QString describeValue(const QString &key, const QJsonValue &v)
{
    if (v.isUndefined() || v.isNull())
        return AuditTrailModel::tr("—");
    if (key.endsWith(QLatin1String("Cents")))
        return format::money(v.toInteger());
    if (key == QLatin1String("status") && v.toString() == QLatin1String("active"))
        return AuditTrailModel::tr("active");
    if (key == QLatin1String("status") && v.toString() == QLatin1String("frozen"))
        return AuditTrailModel::tr("frozen");
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toInteger());
    if (v.isBool())
        return v.toBool() ? AuditTrailModel::tr("yes") : AuditTrailModel::tr("no");
    return AuditTrailModel::tr("(details)");
}

QString AuditTrailModel::describeChange(const QJsonObject &before, const QJsonObject &after)
{
    // A call's data deleted, or a call renamed: the service keeps which call and what, never
    // the erased or changed values themselves.
    const QString callId = after.value(QLatin1String("callId")).toString();
    if (!callId.isEmpty() && after.value(QLatin1String("deleted")).toBool()) {
        const QDateTime started = QDateTime::fromString(
            before.value(QLatin1String("createdAt")).toString(), Qt::ISODateWithMs);
        return started.isValid() ? tr("Details erased, times still count · call %1, started %2")
                                       .arg(callId, format::dateTime(started))
                                 : tr("Details erased, times still count · call %1").arg(callId);
    }
    if (!callId.isEmpty() && after.value(QLatin1String("fields")).isArray()) {
        QStringList fields;
        for (const QJsonValue &field : after.value(QLatin1String("fields")).toArray())
            fields << (field.toString() == QLatin1String("name") ? tr("Name") : field.toString());
        return tr("%2 changed · call %1").arg(callId, fields.join(QLatin1String(", ")));
    }
    static const QList<QPair<QString, QString>> known{
        {QStringLiteral("concurrencyLimit"), tr("Limit")},
        {QStringLiteral("concurrencyLimitPurchased"), tr("Purchased lines")},
        {QStringLiteral("concurrencyLimitIncluded"), tr("Included lines")},
        {QStringLiteral("creditsCents"), tr("Credits")},
        {QStringLiteral("status"), tr("Status")},
        // Written when a subscription is created, or a call ended by support.
        {QStringLiteral("includedLines"), tr("Included lines")},
        {QStringLiteral("lineCap"), tr("Self-serve line cap")},
        {QStringLiteral("name"), tr("Name")},
        {QStringLiteral("type"), tr("Plan")},
        {QStringLiteral("callId"), tr("Call")},
        {QStringLiteral("concurrencyCounter"), tr("Active calls")},
    };
    QStringList parts;
    QSet<QString> seen;
    for (const auto &[key, label] : known) {
        seen.insert(key);
        const QJsonValue b = before.value(key), a = after.value(key);
        if (b == a || (b.isUndefined() && a.isUndefined()))
            continue;
        parts << QStringLiteral("%1 %2 → %3")
                     .arg(label, describeValue(key, b), describeValue(key, a));
    }
    QStringList others = before.keys() + after.keys();
    others.removeDuplicates();
    for (const QString &key : others) {
        if (seen.contains(key) || key == QLatin1String("version"))
            continue;
        const QJsonValue b = before.value(key), a = after.value(key);
        if (b != a)
            parts << QStringLiteral("%1 %2 → %3")
                         .arg(key, describeValue(key, b), describeValue(key, a));
    }
    return parts.join(QStringLiteral(" · "));
}

QString AuditTrailModel::describeReason(const AuditEntry &e)
{
    // The service writes an English sentence for the changes it makes itself; the console says
    // it in its own words from the snapshots. What a person typed (credits added, a call ended
    // by support) is shown as it was written.
    const QJsonValue purchasedBefore = e.before.value(QLatin1String("concurrencyLimitPurchased"));
    const QJsonValue purchasedAfter = e.after.value(QLatin1String("concurrencyLimitPurchased"));
    const QJsonValue creditsBefore = e.before.value(QLatin1String("creditsCents"));
    const QJsonValue creditsAfter = e.after.value(QLatin1String("creditsCents"));
    if (!purchasedBefore.isDouble() || !purchasedAfter.isDouble() || !creditsBefore.isDouble() ||
        !creditsAfter.isDouble())
        return e.reason;
    const int lines = qAbs(purchasedAfter.toInt() - purchasedBefore.toInt());
    const qint64 moved = qAbs(creditsBefore.toInteger() - creditsAfter.toInteger());
    if (e.action == QLatin1String("lines.purchase"))
        return tr("Bought %n line(s); %1 charged, prorated to the end of the period.", nullptr,
                  lines)
            .arg(format::money(moved));
    if (e.action == QLatin1String("lines.remove"))
        return tr("Removed %n line(s); %1 refunded for the rest of the period.", nullptr, lines)
            .arg(format::money(moved));
    if (e.action == QLatin1String("renewal.charge"))
        return tr("Renewed %n purchased line(s) for %1.", nullptr, purchasedBefore.toInt())
            .arg(format::money(moved));
    if (e.action == QLatin1String("renewal.freeze"))
        return tr("The credits (%1) could not cover the renewal of %n purchased line(s): frozen, "
                  "and the purchased lines dropped.",
                  nullptr, purchasedBefore.toInt())
            .arg(format::money(creditsBefore.toInteger()));
    return e.reason;
}

QVariant AuditTrailModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case WhenColumn:
            return format::dateTime(e.at);
        case ActorColumn:
            return e.actor;
        case ActionColumn:
            return describeAction(e.action);
        case ChangeColumn:
            return describeChange(e.before, e.after);
        case ReasonColumn:
            return describeReason(e);
        }
        return {};
    case Qt::ToolTipRole:
        // The full text of the long columns, which the table elides.
        if (index.column() == ChangeColumn)
            return describeChange(e.before, e.after);
        if (index.column() == ReasonColumn)
            return describeReason(e);
        return tr("%1 · request %2")
            .arg(e.action, e.requestId.isEmpty() ? tr("(none)") : e.requestId);
    case IdRole:
        return e.id;
    case AtRole:
        return e.at;
    case ActorRole:
        return e.actor;
    case ActionRole:
        return e.action;
    case BeforeRole:
        return e.before;
    case AfterRole:
        return e.after;
    case ReasonRole:
        return e.reason;
    case RequestIdRole:
        return e.requestId;
    case AuditEntryRole:
        return QVariant::fromValue(e);
    }
    return {};
}

QVariant AuditTrailModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedRowsModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn:
        return tr("When");
    case ActorColumn:
        return tr("Who");
    case ActionColumn:
        return tr("Action");
    case ChangeColumn:
        return tr("Before → after");
    case ReasonColumn:
        return tr("Reason");
    }
    return {};
}

QHash<int, QByteArray> AuditTrailModel::roleNames() const
{
    QHash<int, QByteArray> names = PagedRowsModel::roleNames();
    names.insert({{IdRole, "id"},
                  {AtRole, "at"},
                  {ActorRole, "actor"},
                  {ActionRole, "action"},
                  {BeforeRole, "before"},
                  {AfterRole, "after"},
                  {ReasonRole, "reason"},
                  {RequestIdRole, "requestId"},
                  {AuditEntryRole, "auditEntry"}});
    return names;
}

} // namespace linedesk
