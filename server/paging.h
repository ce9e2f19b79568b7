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
    // For lists ordered by (time in ms, text id): the cursor's key, or false on the first
    // page. Throws ApiException(400, invalid-cursor) when the cursor has another shape.
    bool afterTimeAndId(qint64 *atMs, QString *id) const;
};

struct Page
{
    QJsonArray results;
    QString nextCursor; // empty: no more

    QJsonObject toJson() const;
};

} // namespace linedesk::server
