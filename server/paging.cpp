#include "paging.h"

#include "apiexception.h"

#include <QJsonDocument>

namespace linedesk::server {

PageRequest PageRequest::fromQuery(const QUrlQuery &query)
{
    PageRequest r;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        const int limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000)
            throw ApiException(400, QStringLiteral("invalid-limit"),
                               QStringLiteral("limit must be a whole number from 1 to 1000"));
        r.limit = limit;
    }
    const QString cursor = query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
    if (!cursor.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(
            cursor.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        QJsonParseError error;
        const QJsonDocument doc =
            decoded ? QJsonDocument::fromJson(*decoded, &error) : QJsonDocument();
        if (!decoded || error.error != QJsonParseError::NoError || !doc.isArray() ||
            doc.array().isEmpty())
            throw ApiException(400, QStringLiteral("invalid-cursor"),
                               QStringLiteral("cursor is not one this service issued"));
        r.after = doc.array().toVariantList();
    }
    return r;
}

QString PageRequest::encodeCursor(const QVariantList &key)
{
    return QString::fromLatin1(
        QJsonDocument(QJsonArray::fromVariantList(key))
            .toJson(QJsonDocument::Compact)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QJsonObject Page::toJson() const
{
    return QJsonObject{
        {QStringLiteral("results"), results},
        {QStringLiteral("nextCursor"),
         nextCursor.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(nextCursor)},
    };
}

bool PageRequest::afterTimeAndId(qint64 *atMs, QString *id) const
{
    if (after.isEmpty())
        return false;
    bool ok = false;
    *atMs = after.size() == 2 ? after.at(0).toLongLong(&ok) : 0;
    if (!ok || after.at(1).typeId() != QMetaType::QString)
        throw ApiException(400, QStringLiteral("invalid-cursor"),
                           QStringLiteral("cursor is not one this service issued"));
    *id = after.at(1).toString();
    return true;
}

} // namespace linedesk::server
