#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace linedesk {

// The service's error body: {"statusCode", "error", "message", "code"}.
struct ApiError
{
    int statusCode = 0;
    QString error;   // reason phrase, e.g. "Payment Required"
    QString message; // plain words for a person
    QString code;    // stable machine code, e.g. "insufficient-credits"

    QJsonObject toJson() const;
    static ApiError fromJson(const QJsonObject &o);
    static QString reasonPhrase(int statusCode);
};

} // namespace linedesk

Q_DECLARE_METATYPE(linedesk::ApiError)
