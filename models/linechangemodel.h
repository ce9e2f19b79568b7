#pragma once

#include "linechange.h"

#include <QAbstractTableModel>
#include <QList>

namespace linedesk {

// A subscription's line changes, newest first, as the service pages them. The model holds
// no network code: fetchMore() asks for the next page through fetchMoreRequested(), and the
// owner answers with appendPage().
class LineChangeModel : public QAbstractTableModel
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

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // The first page: replaces everything.
    void setFirstPage(const QList<LineChange> &changes, const QString &nextCursor);
    // A following page: appended below (older entries).
    void appendPage(const QList<LineChange> &changes, const QString &nextCursor);
    // The page request failed; fetchMore() may ask again.
    void fetchFailed();
    void clear();

    const LineChange &at(int row) const { return m_rows.at(row); }
    QString nextCursor() const { return m_nextCursor; }

Q_SIGNALS:
    void fetchMoreRequested(const QString &cursor);

private:
    QList<LineChange> m_rows;
    QString m_nextCursor;
    bool m_fetching = false;
};

} // namespace linedesk
