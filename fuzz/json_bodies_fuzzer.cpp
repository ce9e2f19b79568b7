// libFuzzer target: the checks of the API's JSON request bodies, each called on the raw body
// as its route calls it, with no service and no database. docs/fuzzing.md says how to run it.
//
// Every input is given to every check in kBodyChecks, so one corpus serves them all and a
// check added to the table keeps the corpus valid. A check either accepts the body (and
// then asserts what it accepted) or refuses it with ApiException, the API's 4xx answer. Any
// other exception (reported with the route, then abort), a crash or a sanitizer report is a
// bug.

#include "apiexception.h"
#include "callrequest.h"
#include "httpparser.h"
#include "requestbodies.h"

#include <QByteArray>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <typeinfo>

using namespace linedesk::server;

namespace {

void require(bool condition)
{
    if (!condition)
        __builtin_trap();
}

// The body a route's handler sees: what the service's own parser made of it.
QByteArray parsed(const QByteArray &body)
{
    HttpRequestParser::Limits limits;
    limits.maxBodyBytes = qMax<qint64>(body.size(), 1);
    HttpRequestParser parser(limits);
    const QByteArray head = "POST /fuzz HTTP/1.1\r\nHost: fuzz\r\nContent-Type: application/json"
                            "\r\nContent-Length: " +
                            QByteArray::number(body.size()) + "\r\n\r\n";
    require(parser.feed(head.constData(), head.size()) == head.size());
    parser.readBody(body.size());
    if (!body.isEmpty())
        require(parser.feed(body.constData(), body.size()) == body.size());
    require(parser.state() == HttpRequestParser::State::Done && parser.request().body() == body);
    return parser.request().body();
}

// One route's check of its body (server/requestbodies.h, server/callrequest.h). Adding a
// validator is one line here, and its source file in fuzz/CMakeLists.txt.
struct BodyCheck
{
    const char *route;
    void (*check)(const QByteArray &body);
};

const BodyCheck kBodyChecks[] = {
    {"POST and DELETE /subscription/{id}/concurrency",
     [](const QByteArray &b) {
         const int q = parseQuantityBody(parsed(b), false).quantity;
         require(q >= 1 && q <= 1000);
     }},
    {"POST /subscription/{id}/concurrency/preview",
     [](const QByteArray &b) {
         const int q = parseQuantityBody(parsed(b), true).quantity;
         require(q != 0 && std::abs(q) <= 1000);
     }},
    {"POST /call",
     [](const QByteArray &b) {
         const CallRequest r = CallRequest::parse(parsed(b));
         require(!r.canonicalBody.isEmpty());
     }},
    {"POST /call/{id}/end",
     [](const QByteArray &b) {
         const EndCallBody r = parseEndCallBody(parsed(b));
         require(r.reason.size() <= kMaxReasonLength * 2);
     }},
    {"POST /analytics",
     [](const QByteArray &b) {
         const QList<AnalyticsQuery> queries = parseAnalyticsBody(parsed(b));
         require(!queries.isEmpty() && queries.size() <= kMaxAnalyticsQueries);
         for (const AnalyticsQuery &q : queries)
             require(!q.operations.isEmpty() && q.operations.size() <= kMaxAnalyticsOperations);
     }},
    {"PUT /subscription/{id}/alert-rules",
     [](const QByteArray &b) {
         const AlertRulesBody r = parseAlertRulesBody(parsed(b));
         require(!r.nearLimitPercent || (*r.nearLimitPercent >= 1 && *r.nearLimitPercent <= 100));
         require(r.nearLimitSeconds >= 0 && r.nearLimitSeconds <= 3600);
         require(!r.renewalWarningDays ||
                 (*r.renewalWarningDays >= 1 && *r.renewalWarningDays <= 30));
     }},
    {"POST /subscription/{id}/webhooks",
     [](const QByteArray &b) {
         const WebhookBody r = parseWebhookBody(parsed(b), false);
         require(r.url.isValid() && (r.url.scheme() == QLatin1String("http") ||
                                     r.url.scheme() == QLatin1String("https")));
         require(r.secret.size() >= 16 && r.secret.size() <= 256);
         QHostAddress literal;
         require(!literal.setAddress(r.url.host()) || isPublicAddress(literal));
     }},
    {"Idempotency-Key",
     [](const QByteArray &b) {
         const QString key = CallRequest::parseIdempotencyKey(b);
         require(key.size() <= 255);
     }},
    {"If-Match",
     [](const QByteArray &b) {
         const IfMatch m = parseIfMatch(b);
         require(!m.any || m.present);
     }},
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const BodyCheck &c : kBodyChecks) {
        try {
            c.check(body);
        } catch (const ApiException &e) {
            // A refusal: a 4xx with a code and a message for the caller.
            const auto &error = e.error();
            require(error.statusCode >= 400 && error.statusCode <= 499);
            require(!error.code.isEmpty() && !error.message.isEmpty());
        } catch (const std::exception &e) {
            std::fprintf(stderr, "%s: threw %s: %s\n", c.route, typeid(e).name(), e.what());
            std::abort();
        } catch (...) {
            std::fprintf(stderr, "%s: threw something that is not a std::exception\n", c.route);
            std::abort();
        }
    }
    return 0;
}
