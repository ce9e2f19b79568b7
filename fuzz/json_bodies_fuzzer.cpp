// libFuzzer target: the checks of the API's JSON request bodies, each called on the raw body
// as its route calls it, with no service and no database. docs/fuzzing.md says how to run it.
//
// Every input is given to every check in kBodyChecks, so one corpus serves them all and a
// check added to the table keeps the corpus valid. A check either accepts the body (and
// then asserts what it accepted) or refuses it with ApiException, the API's 4xx answer. Any
// other exception (reported with the route, then abort), a crash or a sanitizer report is a
// bug.

#include "apiexception.h"
#include "apiserver.h"
#include "httpparser.h"

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

// The request a route's handler sees for this body: POST with a Content-Length, parsed by
// the service's own parser (HttpRequest is made only by the parser).
HttpRequest requestWith(const QByteArray &body)
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
    return std::move(parser.request());
}

int quantity(const QByteArray &body, bool allowNegative)
{
    return ApiServer::parseQuantity(ApiServer::parseQuantityBody(requestWith(body)), allowNegative);
}

// One route's check of its body. Adding a validator is one line here, and its source file in
// fuzz/CMakeLists.txt; once server/requestbodies.h and server/callrequest.h land, e.g.
//   {"POST /call", [](const QByteArray &b) { CallRequest::parse(b); }},
//   {"POST /analytics", [](const QByteArray &b) { parseAnalyticsBody(b); }},
struct BodyCheck
{
    const char *route;
    void (*check)(const QByteArray &body);
};

const BodyCheck kBodyChecks[] = {
    {"POST and DELETE /subscription/{id}/concurrency",
     [](const QByteArray &b) {
         const int q = quantity(b, false);
         require(q >= 1 && q <= 1000);
     }},
    {"POST /subscription/{id}/concurrency/preview",
     [](const QByteArray &b) {
         const int q = quantity(b, true);
         require(q != 0 && std::abs(q) <= 1000);
     }},
    {"POST /call, POST /call/{id}/end (empty is {})",
     [](const QByteArray &b) { ApiServer::parseObjectBody(requestWith(b), true); }},
    {"POST /analytics (an object)",
     [](const QByteArray &b) { ApiServer::parseObjectBody(requestWith(b), false); }},
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
