#include "callrequest.h"

#include "apiexception.h"
#include "freetext.h"
#include "requestbodies.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace linedesk::server {

namespace {

[[noreturn]] void badRequest(const QString &code, const QString &message)
{
    throw ApiException(400, code, message);
}

} // namespace

CallRequest CallRequest::parse(const QByteArray &body)
{
    CallRequest request;
    const QJsonObject object =
        parseJsonObject(body, /*emptyIsObject=*/true,
                        QStringLiteral("The body must be a JSON object (the platform's CreateCall "
                                       "body), e.g. {\"type\": \"inboundPhoneCall\"}."));

    static const QStringList types{QStringLiteral("inboundPhoneCall"),
                                   QStringLiteral("outboundPhoneCall"), QStringLiteral("webCall")};
    const auto type = object.constFind(QLatin1String("type"));
    if (type != object.constEnd()) {
        if (!type->isString() || !types.contains(type->toString()))
            badRequest(QStringLiteral("invalid-call-type"),
                       QStringLiteral("type must be inboundPhoneCall, outboundPhoneCall or "
                                      "webCall (or left out: outboundPhoneCall)"));
        request.type = type->toString();
    }

    const auto org = object.constFind(QLatin1String("orgId"));
    if (org != object.constEnd()) {
        if (!org->isString())
            badRequest(QStringLiteral("invalid-org-id"),
                       QStringLiteral("orgId must be a string (or left out)"));
        request.orgId = org->toString();
    }

    // Kept with the call; the platform types them, and so do we.
    for (const char *key : {"assistantId", "phoneNumberId", "name", "squadId", "customer"}) {
        const auto it = object.constFind(QLatin1String(key));
        if (it == object.constEnd())
            continue;
        const bool isCustomer = qstrcmp(key, "customer") == 0;
        if (isCustomer ? !it->isObject() : !it->isString())
            badRequest(QStringLiteral("invalid-field"),
                       QStringLiteral("%1 must be %2 (or left out)")
                           .arg(QLatin1String(key), isCustomer ? QStringLiteral("an object")
                                                               : QStringLiteral("a string")));
        // Free text others read later (the console, support): no characters that hide or
        // disguise what is shown.
        auto checkText = [key](const QString &where, const QString &text) {
            const QString problem = freetext::problem(text);
            if (!problem.isEmpty())
                badRequest(QStringLiteral("invalid-field"),
                           QStringLiteral("%1 holds a character that is not allowed: %2")
                               .arg(where, problem));
            // The three ids are what GET /call filters by, each behind an index (whose
            // entries PostgreSQL bounds at 2704 bytes): ids, not text, so 200 characters.
            const bool isId = QLatin1String(key).endsWith(QLatin1String("Id"));
            const int most = isId ? 200 : 1000;
            if (text.size() > most)
                badRequest(QStringLiteral("invalid-field"),
                           QStringLiteral("%1 is longer than %2 characters")
                               .arg(QLatin1String(key))
                               .arg(most));
        };
        if (isCustomer) {
            const QJsonObject customer = it->toObject();
            for (auto field = customer.begin(); field != customer.end(); ++field)
                if (field->isString())
                    checkText(QStringLiteral("customer.") + field.key().left(100),
                              field->toString());
        } else {
            checkText(QLatin1String(key), it->toString());
        }
        request.details.insert(QLatin1String(key), *it);
    }

    request.canonicalBody = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return request;
}

QString CallRequest::parseIdempotencyKey(const QByteArray &header)
{
    const QByteArray key = header.trimmed();
    if (key.isEmpty())
        return {};
    static const QRegularExpression validKey(QStringLiteral("^[\\x21-\\x7E]{1,255}$"));
    const QString text = QString::fromLatin1(key);
    if (!validKey.match(text).hasMatch())
        badRequest(QStringLiteral("invalid-idempotency-key"),
                   QStringLiteral("Idempotency-Key must be 1 to 255 printable ASCII characters."));
    return text;
}

} // namespace linedesk::server
