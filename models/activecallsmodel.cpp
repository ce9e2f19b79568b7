#include "activecallsmodel.h"

#include "localeformat.h"

#include <QSet>

namespace linedesk {

int ActiveCallsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_calls.size());
}

int ActiveCallsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ActiveCallsModel::typeName(const QString &type)
{
    if (type == QLatin1String("inboundPhoneCall"))
        return tr("Inbound phone");
    if (type == QLatin1String("outboundPhoneCall"))
        return tr("Outbound phone");
    if (type == QLatin1String("webCall"))
        return tr("Web");
    return type;
}

QString ActiveCallsModel::age(qint64 ms)
{
    const qint64 s = qMax<qint64>(0, ms) / 1000;
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QVariant ActiveCallsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Call &c = m_calls.at(index.row());
    switch (role) {
    case IdRole:
        return c.id;
    case OrgIdRole:
        return c.orgId;
    case CallRole:
        return QVariant::fromValue(c);
    case Qt::ToolTipRole:
        if (index.column() == OrgColumn)
            return c.orgId;
        if (index.column() == HeartbeatColumn || index.column() == LeaseColumn ||
            index.column() == StartedColumn) {
            const QDateTime t = index.column() == StartedColumn     ? c.createdAt
                                : index.column() == HeartbeatColumn ? c.lastHeartbeatAt
                                                                    : c.leaseExpiresAt;
            return t.isValid() ? t.toString(Qt::ISODateWithMs) : QVariant();
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == AgeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case OrgColumn:
        return m_orgNames.value(c.orgId, c.orgId);
    case TypeColumn:
        return typeName(c.type);
    case StartedColumn:
        return format::dateTime(c.createdAt);
    case AgeColumn:
        return c.createdAt.isValid() ? age(m_nowMs - c.createdAt.toMSecsSinceEpoch()) : QString();
    case HeartbeatColumn:
        if (!c.lastHeartbeatAt.isValid())
            return tr("never");
        return tr("%1 ago").arg(age(m_nowMs - c.lastHeartbeatAt.toMSecsSinceEpoch()));
    case LeaseColumn:
        if (!c.leaseExpiresAt.isValid())
            return QString();
        return c.leaseExpiresAt.toMSecsSinceEpoch() >= m_nowMs
                   ? tr("in %1").arg(age(c.leaseExpiresAt.toMSecsSinceEpoch() - m_nowMs))
                   : tr("expired");
    case IdColumn:
        return c.id;
    }
    return {};
}

QVariant ActiveCallsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue((section == AgeColumn ? Qt::AlignRight : Qt::AlignLeft) |
                                   Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    static const char *const names[] = {
        QT_TR_NOOP("Organization"),   QT_TR_NOOP("Type"),  QT_TR_NOOP("Started"), QT_TR_NOOP("Age"),
        QT_TR_NOOP("Last heartbeat"), QT_TR_NOOP("Lease"), QT_TR_NOOP("Call id")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

int ActiveCallsModel::indexOf(const QString &callId) const
{
    for (int i = 0; i < m_calls.size(); ++i)
        if (m_calls.at(i).id == callId)
            return i;
    return -1;
}

void ActiveCallsModel::setCalls(const QList<Call> &calls)
{
    // Remove the calls that ended, update the ones still there, append the new ones: the
    // service lists oldest first, so new calls come last.
    QSet<QString> incoming;
    for (const Call &c : calls)
        incoming.insert(c.id);
    for (int i = int(m_calls.size()) - 1; i >= 0; --i) {
        if (!incoming.contains(m_calls.at(i).id)) {
            beginRemoveRows({}, i, i);
            m_calls.removeAt(i);
            endRemoveRows();
        }
    }
    QList<Call> added;
    for (const Call &c : calls) {
        const int row = indexOf(c.id);
        if (row < 0) {
            added.append(c);
            continue;
        }
        m_calls[row] = c;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (!added.isEmpty()) {
        const int first = int(m_calls.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_calls.append(added);
        endInsertRows();
    }
}

bool ActiveCallsModel::removeCall(const QString &callId)
{
    const int row = indexOf(callId);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_calls.removeAt(row);
    endRemoveRows();
    return true;
}

void ActiveCallsModel::setOrgNames(const QHash<QString, QString> &names)
{
    m_orgNames = names;
    if (!m_calls.isEmpty())
        Q_EMIT dataChanged(index(0, OrgColumn), index(int(m_calls.size()) - 1, OrgColumn));
}

void ActiveCallsModel::setNow(qint64 nowMs)
{
    if (nowMs == m_nowMs)
        return;
    m_nowMs = nowMs;
    if (!m_calls.isEmpty())
        Q_EMIT dataChanged(index(0, AgeColumn), index(int(m_calls.size()) - 1, LeaseColumn),
                           {Qt::DisplayRole});
}

} // namespace linedesk
