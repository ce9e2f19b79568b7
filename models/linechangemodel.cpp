#include "linechangemodel.h"

#include "localeformat.h"

#include <QLocale>

namespace linedesk {

LineChangeModel::LineChangeModel(QObject *parent) : PagedRowsModel(parent) {}

int LineChangeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

static QString changeText(const LineChange &c)
{
    if (c.kind == QLatin1String("renewal-drop"))
        return LineChangeModel::tr("Dropped at renewal (%1)").arg(format::lines(-c.quantity));
    if (c.quantity > 0)
        return LineChangeModel::tr("Bought %1").arg(format::lines(c.quantity));
    return LineChangeModel::tr("Removed %1").arg(format::lines(-c.quantity));
}

QVariant LineChangeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LineChange &c = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case WhenColumn:
            return format::dateTime(c.at);
        case ActorColumn:
            return c.actor;
        case ChangeColumn:
            return changeText(c);
        case LinesColumn:
            return tr("%1 → %2 purchased").arg(c.purchasedBefore).arg(c.purchasedAfter);
        case AmountColumn:
            if (c.amountCents == 0)
                return tr("—");
            return c.amountCents > 0 ? tr("%1 charged").arg(format::money(c.amountCents))
                                     : tr("%1 refunded").arg(format::money(-c.amountCents));
        }
        return {};
    case Qt::ToolTipRole:
        return tr("Request %1").arg(c.requestId.isEmpty() ? tr("(none)") : c.requestId);
    case Qt::TextAlignmentRole:
        if (index.column() == AmountColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case IdRole:
        return c.id;
    case AtRole:
        return c.at;
    case ActorRole:
        return c.actor;
    case KindRole:
        return c.kind;
    case QuantityRole:
        return c.quantity;
    case PurchasedBeforeRole:
        return c.purchasedBefore;
    case PurchasedAfterRole:
        return c.purchasedAfter;
    case AmountCentsRole:
        return c.amountCents;
    case RequestIdRole:
        return c.requestId;
    case LineChangeRole:
        return QVariant::fromValue(c);
    }
    return {};
}

QVariant LineChangeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedRowsModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn:
        return tr("When");
    case ActorColumn:
        return tr("Who");
    case ChangeColumn:
        return tr("Change");
    case LinesColumn:
        return tr("Before → after");
    case AmountColumn:
        return tr("Amount");
    }
    return {};
}

QHash<int, QByteArray> LineChangeModel::roleNames() const
{
    QHash<int, QByteArray> names = PagedRowsModel::roleNames();
    names.insert({{IdRole, "id"},
                  {AtRole, "at"},
                  {ActorRole, "actor"},
                  {KindRole, "kind"},
                  {QuantityRole, "quantity"},
                  {PurchasedBeforeRole, "purchasedBefore"},
                  {PurchasedAfterRole, "purchasedAfter"},
                  {AmountCentsRole, "amountCents"},
                  {RequestIdRole, "requestId"},
                  {LineChangeRole, "lineChange"}});
    return names;
}

} // namespace linedesk
