#pragma once

#include "auditentry.h"

#include "pagedtablemodel.h"

namespace linedesk {

// A subscription's audit trail, newest first, paged like LineChangeModel.
class AuditTrailModel : public PagedRowsModel<AuditEntry>
{
    Q_OBJECT
public:
    enum Column
    {
        WhenColumn,
        ActorColumn,
        ActionColumn,
        ChangeColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        AtRole,
        ActorRole,
        ActionRole,
        BeforeRole,
        AfterRole,
        ReasonRole,
        RequestIdRole,
        AuditEntryRole,
    };
    Q_ENUM(Role)

    explicit AuditTrailModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // "Purchased lines 0 → 1 · Credits $500.00 → $496.33": what differs between two snapshots.
    static QString describeChange(const QJsonObject &before, const QJsonObject &after);
    // "Lines bought" for "lines.purchase"; unknown actions are shown as they are.
    static QString describeAction(const QString &action);
    // The reason in the console's language: its own sentence for what the service did by itself
    // (lines bought or removed, renewals), the text a person typed otherwise.
    static QString describeReason(const AuditEntry &e);
};

} // namespace linedesk
