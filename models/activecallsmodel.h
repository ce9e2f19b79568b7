#pragma once

#include "call.h"

#include <QAbstractTableModel>
#include <QHash>

namespace linedesk {

// The calls holding a slot of one subscription now (GET /subscription/{id}/calls), oldest
// first, with their organization, age and last heartbeat. Ages are measured against now(),
// which the owner keeps on the service's clock.
class ActiveCallsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        OrgColumn,
        TypeColumn,
        StartedColumn,
        AgeColumn,
        HeartbeatColumn,
        LeaseColumn,
        IdColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        OrgIdRole,
        CallRole,
    };
    Q_ENUM(Role)

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Replaces the list, keeping rows that stay (no reset: the selection survives a refresh).
    void setCalls(const QList<Call> &calls);
    // Removes one call (ended); returns false if it is not listed.
    bool removeCall(const QString &callId);
    void setOrgNames(const QHash<QString, QString> &names);
    void setNow(qint64 nowMs);
    qint64 now() const { return m_nowMs; }
    const Call &at(int row) const { return m_calls.at(row); }
    int indexOf(const QString &callId) const;

    static QString typeName(const QString &type);
    // "42 s", "3 min 5 s", "2 h 10 min".
    static QString age(qint64 ms);

private:
    QList<Call> m_calls;
    QHash<QString, QString> m_orgNames;
    qint64 m_nowMs = 0;
};

} // namespace linedesk
