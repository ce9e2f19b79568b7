#include "apierror.h"

namespace linedesk {

QJsonObject ApiError::toJson() const
{
    return QJsonObject{
        {QStringLiteral("statusCode"), statusCode},
        {QStringLiteral("error"), error.isEmpty() ? reasonPhrase(statusCode) : error},
        {QStringLiteral("message"), message},
        {QStringLiteral("code"), code},
    };
}

ApiError ApiError::fromJson(const QJsonObject &o)
{
    ApiError e;
    e.statusCode = o.value(QLatin1String("statusCode")).toInt();
    e.error = o.value(QLatin1String("error")).toString();
    e.message = o.value(QLatin1String("message")).toString();
    e.code = o.value(QLatin1String("code")).toString();
    return e;
}

QString ApiError::reasonPhrase(int statusCode)
{
    switch (statusCode) {
    case 200:
        return QStringLiteral("OK");
    case 201:
        return QStringLiteral("Created");
    case 202:
        return QStringLiteral("Accepted");
    case 204:
        return QStringLiteral("No Content");
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 402:
        return QStringLiteral("Payment Required");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 408:
        return QStringLiteral("Request Timeout");
    case 409:
        return QStringLiteral("Conflict");
    case 411:
        return QStringLiteral("Length Required");
    case 412:
        return QStringLiteral("Precondition Failed");
    case 413:
        return QStringLiteral("Payload Too Large");
    case 414:
        return QStringLiteral("URI Too Long");
    case 415:
        return QStringLiteral("Unsupported Media Type");
    case 417:
        return QStringLiteral("Expectation Failed");
    case 422:
        return QStringLiteral("Unprocessable Entity");
    case 428:
        return QStringLiteral("Precondition Required");
    case 426:
        return QStringLiteral("Upgrade Required");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 431:
        return QStringLiteral("Request Header Fields Too Large");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 501:
        return QStringLiteral("Not Implemented");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 505:
        return QStringLiteral("HTTP Version Not Supported");
    default:
        return QStringLiteral("Error");
    }
}

} // namespace linedesk
