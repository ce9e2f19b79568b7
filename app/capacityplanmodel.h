#pragma once

#include "capacityplan.h"

#include <QAbstractTableModel>

#include <optional>

namespace linedesk {

// A capacity plan's options, one row per total of lines, ascending: what each would cost per
// month and how many calls it would have blocked (replay, Erlang B); today's total and the
// recommended one say so in their last column.
class CapacityPlanModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        LinesColumn,
        PurchasedColumn,
        MonthlyChargeColumn,
        ReplayBlockedColumn,
        ErlangBColumn,
        NoteColumn,
        ColumnCount
    };
    enum Role
    {
        LinesRole = Qt::UserRole + 1,
        PurchasedRole,
        MonthlyChargeCentsRole,
        ReplayBlockedRole,
        ErlangBRole,
        IsCurrentRole,
        IsRecommendedRole,
    };
    Q_ENUM(Role)

    explicit CapacityPlanModel(QObject *parent = nullptr);

    void setPlan(const std::optional<CapacityPlan> &plan);
    // The row of a total of lines, or -1.
    int rowOf(int lines) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<CapacityPlan::Option> m_options;
    int m_current = 0;
    int m_recommended = 0;
};

} // namespace linedesk
