#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace linedesk {

// A table over a list the service pages newest first (keyset cursors). The model holds no
// network code: fetchMore() asks for the next page through fetchMoreRequested(), and the
// owner answers with appendPage() (or fetchFailed()).
class PagedTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    bool canFetchMore(const QModelIndex &parent) const override
    {
        return !parent.isValid() && !m_nextCursor.isEmpty() && !m_fetching;
    }
    void fetchMore(const QModelIndex &parent) override
    {
        if (!canFetchMore(parent))
            return;
        m_fetching = true;
        Q_EMIT fetchMoreRequested(m_nextCursor);
    }
    // The page request failed; fetchMore() may ask again.
    void fetchFailed() { m_fetching = false; }
    QString nextCursor() const { return m_nextCursor; }

Q_SIGNALS:
    void fetchMoreRequested(const QString &cursor);

protected:
    QString m_nextCursor;
    bool m_fetching = false;
};

// The rows of a PagedTableModel, of one value type.
template <typename T> class PagedRowsModel : public PagedTableModel
{
public:
    using PagedTableModel::PagedTableModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }

    // The first page: replaces everything.
    void setFirstPage(const QList<T> &rows, const QString &nextCursor)
    {
        beginResetModel();
        m_rows = rows;
        m_nextCursor = nextCursor;
        m_fetching = false;
        endResetModel();
    }
    // A following page: appended below (older entries).
    void appendPage(const QList<T> &rows, const QString &nextCursor)
    {
        m_fetching = false;
        m_nextCursor = nextCursor;
        if (rows.isEmpty())
            return;
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(rows.size()) - 1);
        m_rows.append(rows);
        endInsertRows();
    }
    void clear()
    {
        beginResetModel();
        m_rows.clear();
        m_nextCursor.clear();
        m_fetching = false;
        endResetModel();
    }
    const T &at(int row) const { return m_rows.at(row); }

protected:
    QList<T> m_rows;
};

} // namespace linedesk
