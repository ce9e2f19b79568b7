#include "apiexception.h"
#include "freetext.h"
#include "requestbodies.h"

#include <QTest>

#include <functional>

using namespace linedesk;
using namespace linedesk::server;

namespace {

// The code an input is refused with; empty when it is accepted.
QString refusal(const std::function<void()> &parse)
{
    try {
        parse();
    } catch (const ApiException &e) {
        if (e.error().statusCode != 400 || e.error().message.isEmpty())
            return QStringLiteral("status %1").arg(e.error().statusCode);
        return e.error().code;
    }
    return {};
}

} // namespace

// The request parsers on their own: no service, no database, no clock (what a fuzzer calls).
class TestRequestBodies : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ifMatch_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("code"); // empty: parsed
        QTest::addColumn<bool>("present");
        QTest::addColumn<bool>("any");
        QTest::addColumn<QList<qint64>>("versions"); // the candidates

        using V = QList<qint64>;
        QTest::newRow("absent") << QByteArray() << QString() << false << false << V{};
        QTest::newRow("blank") << QByteArray(" \t ") << QString() << false << false << V{};
        QTest::newRow("*") << QByteArray("*") << QString() << true << true << V{};
        QTest::newRow("* padded") << QByteArray("  *\t") << QString() << true << true << V{};
        QTest::newRow("one") << QByteArray("\"7\"") << QString() << true << false << V{7};
        QTest::newRow("zero") << QByteArray("\"0\"") << QString() << true << false << V{0};
        QTest::newRow("weak only") << QByteArray("W/\"7\"") << QString() << true << false << V{};
        QTest::newRow("list") << QByteArray("\"3\", W/\"4\",\"5\" ,\t\"x\"") << QString() << true
                              << false << V{3, 5};
        QTest::newRow("repeated") << QByteArray("\"3\", \"3\"") << QString() << true << false
                                  << V{3};
        QTest::newRow("empty elements")
            << QByteArray(",, \"9\" ,,") << QString() << true << false << V{9};
        QTest::newRow("only commas") << QByteArray(",") << QString() << true << false << V{};
        QTest::newRow("leading zero") << QByteArray("\"07\"") << QString() << true << false << V{};
        QTest::newRow("19 digits, too large for qint64")
            << QByteArray("\"9999999999999999999\"") << QString() << true << false << V{};
        QTest::newRow("largest qint64") << QByteArray("\"9223372036854775807\"") << QString()
                                        << true << false << V{9223372036854775807LL};
        QTest::newRow("obs-text") << QByteArray("\"caf\xc3\xa9\"") << QString() << true << false
                                  << V{};
        QTest::newRow("empty tag") << QByteArray("\"\"") << QString() << true << false << V{};

        const QString bad = QStringLiteral("invalid-if-match");
        for (const char *header :
             {"7", "W/7", "w/\"7\"", "\"7", "7\"", "\"7\" \"8\"", "\"7\",x", "*,\"7\"", "**",
              "\"a b\"", "\"a\x01\"", "\"a\x7f\"", "W/ \"7\"", "\"7\";q=1"})
            QTest::addRow("malformed %s", header)
                << QByteArray(header) << bad << false << false << V{};
    }
    void ifMatch()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, code);
        QFETCH(bool, present);
        QFETCH(bool, any);
        QFETCH(QList<qint64>, versions);
        IfMatch m;
        QCOMPARE(refusal([&] { m = parseIfMatch(header); }), code);
        if (!code.isEmpty())
            return;
        QCOMPARE(m.present, present);
        QCOMPARE(m.any, any);
        QCOMPARE(m.versions, versions);
        QCOMPARE(m.matches(7), !present || any || versions.contains(7));
    }

    void freeText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("multiline");
        QTest::addColumn<QString>("problem"); // a part of the description; empty: acceptable

        QTest::newRow("plain") << QStringLiteral("stuck call") << false << QString();
        QTest::newRow("right-to-left script")
            << QStringLiteral("שיחה תקועה, شركة") << false << QString();
        QTest::newRow("emoji") << QStringLiteral("🚀 🎧") << false << QString();
        QTest::newRow("zero-width joiner") << QStringLiteral("👩‍💻") << false << QString();
        QTest::newRow("LF in one line")
            << QStringLiteral("a\nb") << false << QStringLiteral("U+000A");
        QTest::newRow("LF, several lines") << QStringLiteral("a\nb") << true << QString();
        QTest::newRow("tab, several lines") << QStringLiteral("a\tb") << true << QString();
        QTest::newRow("CR LF, several lines") << QStringLiteral("a\r\nb") << true << QString();
        QTest::newRow("lone CR") << QStringLiteral("a\rb") << true << QStringLiteral("U+000D");
        QTest::newRow("CR at the end") << QStringLiteral("a\r") << true << QStringLiteral("U+000D");
        QTest::newRow("NUL") << QString(QChar(0)) << true << QStringLiteral("U+0000 (NUL)");
        QTest::newRow("DEL") << QStringLiteral("a\x7f") << true
                             << QStringLiteral("U+007F (DEL) at character 2");
        QTest::newRow("C1") << QString(QChar(0x9B)) << true << QStringLiteral("U+009B");
        QTest::newRow("after a surrogate pair")
            << QStringLiteral("🚀") + QChar(0x202E) << true
            << QStringLiteral("U+202E (right-to-left override) at character 2");
        QTest::newRow("ALM") << QString(QChar(0x061C)) << true
                             << QStringLiteral("arabic letter mark");
        QTest::newRow("unpaired high surrogate") << QString(QChar(0xD800)) + QStringLiteral("x")
                                                 << true << QStringLiteral("unpaired surrogate");
        QTest::newRow("unpaired low surrogate")
            << QString(QChar(0xDC00)) << true << QStringLiteral("unpaired surrogate");
    }
    void freeText()
    {
        QFETCH(QString, text);
        QFETCH(bool, multiline);
        QFETCH(QString, problem);
        const QString found = freetext::problem(text, multiline ? freetext::Lines::Multiple
                                                                : freetext::Lines::Single);
        if (problem.isEmpty())
            QCOMPARE(found, QString());
        else
            QVERIFY2(found.contains(problem), qPrintable(found));
    }

    void endCallBody_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << QString() << QString();
        QTest::newRow("{}") << QByteArray("{}") << QString() << QString();
        QTest::newRow("null") << QByteArray(R"({"reason":null})") << QString() << QString();
        QTest::newRow("trimmed") << QByteArray(R"({"reason":"  why \n"})") << QString()
                                 << QStringLiteral("why");
        QTest::newRow("a number") << QByteArray(R"({"reason":1})")
                                  << QStringLiteral("invalid-reason") << QString();
        QTest::newRow("escaped NUL") << QByteArray(R"({"reason":"a\u0000b"})")
                                     << QStringLiteral("invalid-reason") << QString();
        QTest::newRow("escaped RLO") << QByteArray(R"({"reason":"a\u202eb"})")
                                     << QStringLiteral("invalid-reason") << QString();
        QTest::newRow("not an object")
            << QByteArray("[]") << QStringLiteral("invalid-body") << QString();
        QTest::newRow("not JSON") << QByteArray("{") << QStringLiteral("malformed-json")
                                  << QString();
        QTest::newRow("1000 characters")
            << QByteArray(R"({"reason":")") + QByteArray(1000, 'x') + "\"}" << QString()
            << QString(1000, QLatin1Char('x'));
        QTest::newRow("1001 characters")
            << QByteArray(R"({"reason":")") + QByteArray(1001, 'x') + "\"}"
            << QStringLiteral("invalid-reason") << QString();
    }
    void endCallBody()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        QFETCH(QString, reason);
        EndCallBody b;
        QCOMPARE(refusal([&] { b = parseEndCallBody(body); }), code);
        if (code.isEmpty())
            QCOMPARE(b.reason, reason);
    }

    void quantityBody_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("allowNegative");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("quantity");
        QTest::newRow("1") << QByteArray(R"({"quantity":1})") << false << QString() << 1;
        QTest::newRow("1.0") << QByteArray(R"({"quantity":1.0})") << false << QString() << 1;
        QTest::newRow("-3 for a preview")
            << QByteArray(R"({"quantity":-3})") << true << QString() << -3;
        QTest::newRow("-3 to buy")
            << QByteArray(R"({"quantity":-3})") << false << QStringLiteral("invalid-quantity") << 0;
        QTest::newRow("missing") << QByteArray("{}") << false << QStringLiteral("missing-quantity")
                                 << 0;
        QTest::newRow("extra field") << QByteArray(R"({"quantity":1,"x":1})") << false
                                     << QStringLiteral("unknown-field") << 0;
        QTest::newRow("empty") << QByteArray() << false << QStringLiteral("malformed-json") << 0;
    }
    void quantityBody()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, allowNegative);
        QFETCH(QString, code);
        QFETCH(int, quantity);
        QuantityBody b;
        QCOMPARE(refusal([&] { b = parseQuantityBody(body, allowNegative); }), code);
        if (code.isEmpty()) {
            QCOMPARE(b.quantity, quantity);
            QCOMPARE(b.json.keys(), QStringList{QStringLiteral("quantity")});
        }
    }

    void analyticsBody()
    {
        const QByteArray body =
            R"({"queries":[{"name":"n","table":"call","subscriptionId":"s1",)"
            R"("timeRange":{"start":"2026-03-10T00:00:00+02:00","step":"week"},)"
            R"("operations":[{"operation":"count"},{"operation":"sum","column":"duration"},)"
            R"({"operation":"max","column":"blocked","alias":"anyBlocked"}]}]})";
        QList<AnalyticsQuery> queries;
        QCOMPARE(refusal([&] { queries = parseAnalyticsBody(body); }), QString());
        QCOMPARE(queries.size(), 1);
        const AnalyticsQuery &q = queries.first();
        QCOMPARE(q.name, QStringLiteral("n"));
        QCOMPARE(q.table, QStringLiteral("call"));
        QCOMPARE(q.subscriptionId, QStringLiteral("s1"));
        QCOMPARE(q.start, QDateTime(QDate(2026, 3, 9), QTime(22, 0), Qt::UTC));
        QVERIFY(!q.end.isValid());
        QCOMPARE(q.step, QStringLiteral("week"));
        QCOMPARE(q.operations.size(), 3);
        QCOMPARE(q.operations.at(0).key, QStringLiteral("count"));
        QCOMPARE(q.operations.at(1).key, QStringLiteral("sumDuration"));
        QCOMPARE(q.operations.at(2).key, QStringLiteral("anyBlocked"));
        QCOMPARE(refusal([] {
                     parseAnalyticsBody(R"({"queries":[{"table":"call",)"
                                        R"("subscriptionId":7,"operations":[)"
                                        R"({"operation":"count"}]}]})");
                 }),
                 QStringLiteral("invalid-analytics-query"));
    }

    void callListQuery()
    {
        CallListQuery q;
        QCOMPARE(refusal([&] {
                     q = parseCallListQuery(QUrlQuery(QStringLiteral(
                         "limit=5&status=ended&createdAtGe=2026-03-10T00:00:00Z&orgId=o1")));
                 }),
                 QString());
        QCOMPARE(q.limit, 5);
        QCOMPARE(q.status, QStringLiteral("ended"));
        QCOMPARE(q.orgId, QStringLiteral("o1"));
        QVERIFY(q.subscriptionId.isEmpty());
        QCOMPARE(q.createdAtGeMs,
                 std::optional<qint64>(
                     QDateTime(QDate(2026, 3, 10), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch()));
        QVERIFY(!q.createdAtGtMs);
        QCOMPARE(refusal([] { parseCallListQuery(QUrlQuery(QStringLiteral("status=zombie"))); }),
                 QStringLiteral("invalid-status"));
        QCOMPARE(refusal([] { parseCallListQuery(QUrlQuery(QStringLiteral("x=1"))); }),
                 QStringLiteral("unknown-parameter"));
        QCOMPARE(refusal([] { parseCallListQuery(QUrlQuery(QStringLiteral("limit=1&limit=1"))); }),
                 QStringLiteral("invalid-parameter"));
    }

    void apiTime_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("time"); // invalid: refused
        const QDateTime noon(QDate(2026, 3, 10), QTime(12, 0), Qt::UTC);
        QTest::newRow("Z") << QStringLiteral("2026-03-10T12:00:00Z") << noon;
        QTest::newRow("milliseconds")
            << QStringLiteral("2026-03-10T12:00:00.250Z") << noon.addMSecs(250);
        QTest::newRow("offset") << QStringLiteral("2026-03-10T13:00:00+01:00") << noon;
        QTest::newRow("no offset is UTC") << QStringLiteral("2026-03-10T12:00:00") << noon;
        QTest::newRow("date only is UTC midnight")
            << QStringLiteral("2026-03-10") << QDateTime(QDate(2026, 3, 10), QTime(0, 0), Qt::UTC);
        QTest::newRow("words") << QStringLiteral("yesterday") << QDateTime();
        QTest::newRow("empty") << QString() << QDateTime();
    }
    void apiTime()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, time);
        const auto t = parseApiTime(text);
        QCOMPARE(t.has_value(), time.isValid());
        if (t)
            QCOMPARE(*t, time);
    }
};

QTEST_GUILESS_MAIN(TestRequestBodies)
#include "tst_requestbodies.moc"
