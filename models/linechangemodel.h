#pragma once

#include "linechange.h"

#include "pagedtablemodel.h"

namespace linedesk {

// A subscription's line changes, newest first, as the service pages them. The model holds
// no network code: fetchMore() asks for the next page through fetchMoreRequested(), and the
// owner answers with appendPage().
class LineChangeModel : public PagedRowsModel<LineChange>
{
    Q_OBJECT
public:
    enum Column
    {
        WhenColumn,
        ActorColumn,
        ChangeColumn,
        LinesColumn,
        AmountColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        AtRole,
        ActorRole,
        KindRole,
        QuantityRole,
        PurchasedBeforeRole,
        PurchasedAfterRole,
        AmountCentsRole,
        RequestIdRole,
        LineChangeRole,
    };
    Q_ENUM(Role)

    explicit LineChangeModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
};

} // namespace linedesk
