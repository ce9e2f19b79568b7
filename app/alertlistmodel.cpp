#include "alertlistmodel.h"

#include "localeformat.h"

namespace linedesk {

AlertListModel::AlertListModel(QObject *parent) : PagedRowsModel<Alert>(parent) {}

int AlertListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Alert &a = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case AlertColumn:
            return a.title();
        case StateColumn:
            return a.stateText();
        case StartedColumn:
            return format::dateTime(a.startedAt);
        case FiredColumn:
            return format::dateTime(a.firedAt);
        case ResolvedColumn:
            return a.resolvedAt.isValid() ? format::dateTime(a.resolvedAt) : tr("—");
        case DetailsColumn:
            return a.sentence();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == DetailsColumn)
            return a.sentence();
        return a.headline();
    case Qt::AccessibleTextRole:
        return tr("%1, %2: %3").arg(a.title(), a.stateText(), a.sentence());
    case IdRole:
        return a.id;
    case KindRole:
        return int(a.kind);
    case FiringRole:
        return a.isFiring();
    case SentenceRole:
        return a.sentence();
    case AlertRole:
        return QVariant::fromValue(a);
    }
    return {};
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedRowsModel::headerData(section, orientation, role);
    switch (section) {
    case AlertColumn:
        return tr("Alert");
    case StateColumn:
        return tr("State");
    case StartedColumn:
        return tr("Started");
    case FiredColumn:
        return tr("Fired");
    case ResolvedColumn:
        return tr("Resolved");
    case DetailsColumn:
        return tr("What happened");
    }
    return {};
}

QHash<int, QByteArray> AlertListModel::roleNames() const
{
    QHash<int, QByteArray> names = PagedRowsModel::roleNames();
    names.insert(IdRole, "alertId");
    names.insert(KindRole, "kind");
    names.insert(FiringRole, "firing");
    names.insert(SentenceRole, "sentence");
    names.insert(AlertRole, "alert");
    return names;
}

int AlertListModel::rowOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id)
            return int(i);
    return -1;
}

AlertListModel::Upsert AlertListModel::upsert(const Alert &alert)
{
    if (const int row = rowOf(alert.id); row >= 0) {
        const Alert &old = m_rows.at(row);
        // A late message must not undo a newer state (a fire arriving after its resolve).
        if (old.updatedAt.isValid() && alert.updatedAt.isValid() && alert.updatedAt < old.updatedAt)
            return Upsert::Ignored;
        if (old.state == Alert::State::Resolved && alert.isFiring())
            return Upsert::Ignored;
        if (alert.updatedAt == old.updatedAt && alert.state == old.state &&
            alert.figures == old.figures)
            return Upsert::Ignored; // nothing new
        m_rows[row] = alert;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return Upsert::Updated;
    }
    int at = 0;
    while (at < m_rows.size() && m_rows.at(at).firedAt > alert.firedAt)
        ++at;
    if (at == m_rows.size() && !m_nextCursor.isEmpty())
        return Upsert::Ignored; // its page has not been read yet
    beginInsertRows({}, at, at);
    m_rows.insert(at, alert);
    endInsertRows();
    return Upsert::Inserted;
}

bool AlertListModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    return true;
}

int AlertListModel::firingCount() const
{
    return int(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Alert &a) { return a.isFiring(); }));
}

} // namespace linedesk
