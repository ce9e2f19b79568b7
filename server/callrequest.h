#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace linedesk::server {

// What POST /call asks for, read from its raw body without the database, so that a fuzz
// target can drive it. The body is the platform's CreateCall body: `type` and `orgId` are
// read, `assistantId`, `phoneNumberId`, `customer`, `name` and `squadId` are kept with the
// call, and any other field is accepted and ignored. A field it reads or keeps must have its
// type (a string; `customer` an object); null is not a value of any of them.
struct CallRequest
{
    QString type = QStringLiteral("outboundPhoneCall"); // inboundPhoneCall, outboundPhoneCall,
                                                        // webCall
    QString orgId;                                      // empty when the body names none
    QJsonObject details;                                // the kept fields, as given

    // The body as the service understood it: compact JSON with its keys sorted (an empty
    // body is {}). Two bodies that mean the same compare equal (key order, spacing).
    QByteArray canonicalBody;

    // Throws ApiException (400: malformed-json, invalid-body, invalid-call-type,
    // invalid-org-id, invalid-field) and nothing else.
    static CallRequest parse(const QByteArray &body);

    // The Idempotency-Key header's value: empty when absent, else 1 to 255 printable ASCII
    // characters once trimmed. Throws ApiException (400 invalid-idempotency-key).
    static QString parseIdempotencyKey(const QByteArray &header);
};

} // namespace linedesk::server
