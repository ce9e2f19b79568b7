#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>
#include <QVariantList>

namespace linedesk::server {

// ?limit= and ?cursor= of a list route. The cursor is opaque to clients: the sort key of
// the last row returned, so the next page starts after it (keyset paging, never OFFSET).
struct PageRequest
{
    int limit = 100;
    QVariantList after; // empty: first page

    // Throws ApiException(400) on a bad limit or cursor.
    static PageRequest fromQuery(const QUrlQuery &query);
    static QString encodeCursor(const QVariantList &key);
};

struct Page
{
    QJsonArray results;
    QString nextCursor; // empty: no more

    QJsonObject toJson() const;
};

} // namespace linedesk::server
