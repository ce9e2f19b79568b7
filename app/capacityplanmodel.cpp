#include "capacityplanmodel.h"

#include "capacityplantext.h"
#include "localeformat.h"

namespace linedesk {

CapacityPlanModel::CapacityPlanModel(QObject *parent) : QAbstractTableModel(parent) {}

void CapacityPlanModel::setPlan(const std::optional<CapacityPlan> &plan)
{
    beginResetModel();
    m_options = plan && !plan->isEmpty() ? plan->options : QList<CapacityPlan::Option>();
    m_current = plan ? plan->currentLines : 0;
    m_recommended = plan ? plan->recommendedLines : 0;
    endResetModel();
}

int CapacityPlanModel::rowOf(int lines) const
{
    for (int r = 0; r < m_options.size(); ++r)
        if (m_options.at(r).lines == lines)
            return r;
    return -1;
}

int CapacityPlanModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_options.size());
}

int CapacityPlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CapacityPlanModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const CapacityPlan::Option &o = m_options.at(index.row());
    const bool current = o.lines == m_current;
    const bool recommended = o.lines == m_recommended;
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LinesColumn:
            return locale.toString(o.lines);
        case PurchasedColumn:
            return locale.toString(o.purchased);
        case MonthlyChargeColumn:
            return format::money(o.monthlyChargeCents, locale);
        case ReplayBlockedColumn:
            return locale.toString(o.replayBlockedCalls);
        case ErlangBColumn:
            return CapacityPlanText::percent(o.erlangBBlocking, locale);
        case NoteColumn: {
            QStringList notes;
            if (current)
                notes << tr("now");
            if (recommended)
                notes << tr("recommended");
            return notes.join(QStringLiteral(" · "));
        }
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == NoteColumn ? QVariant(Qt::AlignCenter)
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::AccessibleTextRole:
        if (index.column() == LinesColumn)
            return current && recommended ? tr("%n line(s), now, recommended", nullptr, o.lines)
                   : current              ? tr("%n line(s), now", nullptr, o.lines)
                   : recommended          ? tr("%n line(s), recommended", nullptr, o.lines)
                                          : tr("%n line(s)", nullptr, o.lines);
        return data(index, Qt::DisplayRole);
    case LinesRole:
        return o.lines;
    case PurchasedRole:
        return o.purchased;
    case MonthlyChargeCentsRole:
        return o.monthlyChargeCents;
    case ReplayBlockedRole:
        return o.replayBlockedCalls;
    case ErlangBRole:
        return o.erlangBBlocking;
    case IsCurrentRole:
        return current;
    case IsRecommendedRole:
        return recommended;
    }
    return {};
}

QVariant CapacityPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == NoteColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                     : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ReplayBlockedColumn:
            return tr("Your window's calls, played again against this many lines");
        case ErlangBColumn:
            return tr("Share of calls blocked at your busiest hour if its calls came at random "
                      "(Erlang B)");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LinesColumn:
        return tr("Lines");
    case PurchasedColumn:
        return tr("Purchased");
    case MonthlyChargeColumn:
        return tr("Per month");
    case ReplayBlockedColumn:
        return tr("Blocked, replay");
    case ErlangBColumn:
        return tr("Erlang B");
    case NoteColumn:
        return QString();
    }
    return {};
}

QHash<int, QByteArray> CapacityPlanModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(LinesRole, "lines");
    names.insert(PurchasedRole, "purchased");
    names.insert(MonthlyChargeCentsRole, "monthlyChargeCents");
    names.insert(ReplayBlockedRole, "replayBlockedCalls");
    names.insert(ErlangBRole, "erlangBBlocking");
    names.insert(IsCurrentRole, "isCurrent");
    names.insert(IsRecommendedRole, "isRecommended");
    return names;
}

} // namespace linedesk
