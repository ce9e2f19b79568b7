#include "apiexception.h"
#include "callrequest.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace linedesk::server;

// POST /call's body and Idempotency-Key, read without a service: what is accepted, the code of
// what is not, and that any bytes at all end in one of the two.
class TestCallRequest : public QObject
{
    Q_OBJECT

    // The error code parse() refuses `body` with, or "" when it accepts it.
    static QString refusal(const QByteArray &body)
    {
        try {
            CallRequest::parse(body);
            return {};
        } catch (const ApiException &e) {
            return e.error().code;
        }
    }

private Q_SLOTS:
    void accepted_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("orgId");
        QTest::addColumn<QByteArray>("details");
        QTest::addColumn<QByteArray>("canonical");
        QTest::newRow("empty") << QByteArray() << "outboundPhoneCall" << QString()
                               << QByteArray("{}") << QByteArray("{}");
        QTest::newRow("blank") << QByteArray(" \r\n\t") << "outboundPhoneCall" << QString()
                               << QByteArray("{}") << QByteArray("{}");
        QTest::newRow("type and org") << QByteArray(R"({ "type": "webCall", "orgId": "o-1" })")
                                      << "webCall" << QStringLiteral("o-1") << QByteArray("{}")
                                      << QByteArray(R"({"orgId":"o-1","type":"webCall"})");
        QTest::newRow("empty orgId is none")
            << QByteArray(R"({"orgId":""})") << "outboundPhoneCall" << QString() << QByteArray("{}")
            << QByteArray(R"({"orgId":""})");
        QTest::newRow("kept fields, others ignored")
            << QByteArray(R"({"x":null,"customer":{"number":"+1"},"assistantId":"a","y":[1]})")
            << "outboundPhoneCall" << QString()
            << QByteArray(R"({"assistantId":"a","customer":{"number":"+1"}})")
            << QByteArray(R"({"assistantId":"a","customer":{"number":"+1"},"x":null,"y":[1]})");
    }
    void accepted()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, type);
        QFETCH(QString, orgId);
        QFETCH(QByteArray, details);
        QFETCH(QByteArray, canonical);
        const CallRequest r = CallRequest::parse(body);
        QCOMPARE(r.type, type);
        QCOMPARE(r.orgId, orgId);
        QCOMPARE(QJsonDocument(r.details).toJson(QJsonDocument::Compact), details);
        QCOMPARE(r.canonicalBody, canonical);
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("truncated") << QByteArray(R"({"type":)") << "malformed-json";
        QTest::newRow("NUL byte") << QByteArray("{\0}", 3) << "malformed-json";
        QTest::newRow("array") << QByteArray("[{}]") << "invalid-body";
        QTest::newRow("type null") << QByteArray(R"({"type":null})") << "invalid-call-type";
        QTest::newRow("type unknown") << QByteArray(R"({"type":"sip"})") << "invalid-call-type";
        QTest::newRow("type number") << QByteArray(R"({"type":1})") << "invalid-call-type";
        QTest::newRow("orgId null") << QByteArray(R"({"orgId":null})") << "invalid-org-id";
        QTest::newRow("orgId number") << QByteArray(R"({"orgId":1})") << "invalid-org-id";
        QTest::newRow("orgId array") << QByteArray(R"({"orgId":["o"]})") << "invalid-org-id";
        QTest::newRow("assistantId null")
            << QByteArray(R"({"assistantId":null})") << "invalid-field";
        QTest::newRow("name number") << QByteArray(R"({"name":2})") << "invalid-field";
        QTest::newRow("customer array") << QByteArray(R"({"customer":[]})") << "invalid-field";
        QTest::newRow("name with NUL") << QByteArray(R"({"name":"a\u0000b"})") << "invalid-field";
        QTest::newRow("name with right-to-left override")
            << QByteArray("{\"name\":\"invoice \xe2\x80\xae"
                          "fdp.exe\"}")
            << "invalid-field";
        QTest::newRow("name with a line break")
            << QByteArray(R"({"name":"two\nlines"})") << "invalid-field";
        QTest::newRow("customer name with ESC")
            << QByteArray("{\"customer\":{\"name\":\"\\u001b(31mred\"}}") << "invalid-field";
        QTest::newRow("name too long")
            << QByteArray("{\"name\":\"" + QByteArray(1001, 'n') + "\"}") << "invalid-field";
    }
    void refused()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        QCOMPARE(refusal(body), code);
    }

    void idempotencyKeys()
    {
        QCOMPARE(CallRequest::parseIdempotencyKey({}), QString());
        QCOMPARE(CallRequest::parseIdempotencyKey("  \t"), QString());
        QCOMPARE(CallRequest::parseIdempotencyKey(" k-1 "), QStringLiteral("k-1"));
        QCOMPARE(CallRequest::parseIdempotencyKey(QByteArray(255, '~')), QString(255, '~'));
        for (const QByteArray &bad : {QByteArray("a b"), QByteArray(256, 'k'),
                                      QByteArray("\xc3\xa9"), QByteArray("a\x7f")}) {
            try {
                CallRequest::parseIdempotencyKey(bad);
                QFAIL(bad.constData());
            } catch (const ApiException &e) {
                QCOMPARE(e.error().statusCode, 400);
                QCOMPARE(e.error().code, QStringLiteral("invalid-idempotency-key"));
            }
        }
    }

    // Mutated bodies (bytes flipped, cut, doubled): each is accepted or refused with a 400,
    // and what is accepted reads back the same from its canonical form.
    void anyBytesEndInAnAnswer()
    {
        const QByteArrayList seeds{
            R"({"type":"webCall","orgId":"o","customer":{"number":"+1"},"name":"n"})",
            R"({"assistantId":"a","phoneNumberId":"p","squadId":"s","metadata":[1,2.5,null]})",
            "{}", ""};
        QRandomGenerator random(12);
        int accepted = 0;
        for (int i = 0; i < 20000; ++i) {
            QByteArray body = seeds.at(int(random.bounded(quint32(seeds.size()))));
            const int edits = 1 + int(random.bounded(4u));
            for (int e = 0; e < edits && !body.isEmpty(); ++e) {
                const int at = int(random.bounded(quint32(body.size())));
                switch (random.bounded(4u)) {
                case 0:
                    body[at] = char(random.bounded(256u));
                    break;
                case 1:
                    body.truncate(at);
                    break;
                case 2:
                    body.insert(at, body.mid(at, int(random.bounded(8u))));
                    break;
                default:
                    body.remove(at, 1);
                }
            }
            try {
                const CallRequest r = CallRequest::parse(body);
                ++accepted;
                const CallRequest again = CallRequest::parse(r.canonicalBody);
                QCOMPARE(again.canonicalBody, r.canonicalBody);
                QCOMPARE(again.type, r.type);
                QCOMPARE(again.orgId, r.orgId);
                QCOMPARE(again.details, r.details);
            } catch (const ApiException &e) {
                QCOMPARE(e.error().statusCode, 400);
            }
        }
        QVERIFY(accepted > 0);
    }
};

QTEST_GUILESS_MAIN(TestCallRequest)
#include "tst_callrequest.moc"
