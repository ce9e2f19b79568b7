// ApiServer's checks of request bodies: pure functions of the bytes (no database, no
// caller), kept out of apiserver.cpp so that fuzz/json_bodies_fuzzer.cpp links them alone.
#include "apiserver.h"

#include "apiexception.h"

#include <QJsonDocument>

#include <cmath>

namespace linedesk::server {

namespace {

[[noreturn]] void badRequest(const QString &code, const QString &message)
{
    throw ApiException(400, code, message);
}

} // namespace

QJsonObject ApiServer::parseQuantityBody(const HttpRequest &request)
{
    const QJsonObject body = parseObjectBody(request, false,
                                             QStringLiteral("The body must be a JSON object like "
                                                            "{\"quantity\": 1}."));
    for (auto it = body.begin(); it != body.end(); ++it)
        if (it.key() != QLatin1String("quantity"))
            badRequest(QStringLiteral("unknown-field"),
                       QStringLiteral("Unknown field \"%1\": the body takes only \"quantity\".")
                           .arg(it.key().left(100)));
    return body;
}

int ApiServer::parseQuantity(const QJsonObject &body, bool allowNegative)
{
    const QJsonValue v = body.value(QLatin1String("quantity"));
    const QString range = allowNegative ? QStringLiteral("a whole number from -1000 to 1000, not 0")
                                        : QStringLiteral("a whole number from 1 to 1000");
    if (v.isUndefined())
        badRequest(QStringLiteral("missing-quantity"),
                   QStringLiteral("quantity is required: %1").arg(range));
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || std::isnan(d) || std::floor(d) != d || std::fabs(d) > 1000 || d == 0 ||
        (!allowNegative && d < 0))
        badRequest(QStringLiteral("invalid-quantity"),
                   QStringLiteral("quantity must be %1").arg(range));
    return int(d);
}

QJsonObject ApiServer::parseObjectBody(const HttpRequest &request, bool emptyIsObject,
                                       const QString &notAnObjectMessage)
{
    if (emptyIsObject && request.body().trimmed().isEmpty())
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError)
        badRequest(QStringLiteral("malformed-json"),
                   QStringLiteral("The body is not valid JSON (%1 at offset %2).")
                       .arg(error.errorString())
                       .arg(error.offset));
    if (!doc.isObject())
        badRequest(QStringLiteral("invalid-body"),
                   notAnObjectMessage.isEmpty() ? QStringLiteral("The body must be a JSON object.")
                                                : notAnObjectMessage);
    return doc.object();
}

} // namespace linedesk::server
