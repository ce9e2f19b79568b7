#pragma once

#include "alert.h"

#include "pagedtablemodel.h"

namespace linedesk {

// A subscription's alerts, newest first (by firedAt), paged from GET /alerts and kept current
// by the live feed's alert messages (upsert()).
class AlertListModel : public PagedRowsModel<Alert>
{
    Q_OBJECT
public:
    enum Column
    {
        AlertColumn, // the kind's title
        StateColumn,
        StartedColumn,
        FiredColumn,
        ResolvedColumn,
        DetailsColumn, // the figures as a sentence
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        KindRole,   // Alert::Kind as int
        FiringRole, // bool
        SentenceRole,
        AlertRole, // the Alert
    };
    Q_ENUM(Role)
    enum class Upsert
    {
        Inserted,
        Updated,
        Ignored // older than what the row has, or below the loaded pages
    };

    explicit AlertListModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // A fire or resolve from the feed: replaces the row with the same id (unless the row is
    // newer), or inserts a new alert where firedAt puts it. An alert older than every loaded
    // row while more pages wait is left to those pages.
    Upsert upsert(const Alert &alert);
    // Takes the row out (an alert that no longer matches the list's filter).
    bool remove(const QString &id);
    int rowOf(const QString &id) const;
    int firingCount() const;
};

} // namespace linedesk
