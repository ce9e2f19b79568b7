#include "apiassert.h"
#include "apierror.h"
#include "testserver.h"

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

using namespace linedesk::test;

namespace {

// Everything a change of lines writes, so "nothing changed" is checked everywhere at once.
QString ledgerState(TestServer &server, const QString &subscriptionId)
{
    QSqlQuery q = server.db().exec(
        QStringLiteral(
            "SELECT s.credits_cents, s.purchased_lines, s.version, s.status,"
            " (SELECT COUNT(*) FROM line_change WHERE subscription_id = s.id),"
            " (SELECT COUNT(*) FROM credit_movement WHERE subscription_id = s.id),"
            " (SELECT COUNT(*) FROM audit_entry WHERE subscription_id = s.id),"
            " (SELECT COUNT(*) FROM idempotency_record),"
            " (SELECT COUNT(*) FROM line_change), (SELECT COUNT(*) FROM credit_movement),"
            " (SELECT COUNT(*) FROM audit_entry), (SELECT COUNT(*) FROM subscription)"
            " FROM subscription s WHERE s.id = :id"),
        {{":id", subscriptionId}});
    if (!q.next())
        return QStringLiteral("missing");
    return QStringLiteral("credits=%1 purchased=%2 version=%3 status=%4 changes=%5 movements=%6"
                          " audit=%7 | idempotency=%8 all changes=%9 all movements=%10"
                          " all audit=%11 subscriptions=%12")
        .arg(q.value(0).toLongLong())
        .arg(q.value(1).toInt())
        .arg(q.value(2).toLongLong())
        .arg(q.value(3).toString())
        .arg(q.value(4).toInt())
        .arg(q.value(5).toInt())
        .arg(q.value(6).toInt())
        .arg(q.value(7).toInt())
        .arg(q.value(8).toInt())
        .arg(q.value(9).toInt())
        .arg(q.value(10).toInt())
        .arg(q.value(11).toInt());
}

QStringList tableNames(TestServer &server)
{
    return server.tableNames();
}

// Placeholders in the table below, expanded in the test (keeps megabytes out of the table).
const QByteArray kTenMegabytes = "<10 MB>";
const QByteArray kJustOverLimit = "<64 KiB + 1>";
const QByteArray kAtLimit = "<64 KiB>";
const QByteArray kAutoKey = "<new key>";
const QByteArray kNoHeader = "<none>";

} // namespace

// Invariant 5: bad input gets a clear error in the API's format and changes nothing.
class TestBadInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Info lines of every request would bury the failures; warnings still show.
        QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
        m_server = std::make_unique<TestServer>();
        m_http = std::make_unique<HttpClient>(m_server->url());
        m_account = m_server->createAccount(QStringLiteral("Input Checks"), 1000'00);
        m_support = m_server->createSupportToken();
        // Two purchased lines: a valid removal would succeed, so only the input can fail it.
        const HttpResult buy =
            m_http->post(path(QStringLiteral("buy")), m_account.adminToken,
                         {{QStringLiteral("quantity"), 2}}, {{"Idempotency-Key", "setup-buy"}});
        QCOMPARE(buy.status, 201);
        m_credits = m_server->creditsCents(m_account.subscriptionId);
        QCOMPARE(m_credits, 1000'00 - buy.object()
                                          .value(QLatin1String("change"))
                                          .toObject()
                                          .value(QLatin1String("amountCents"))
                                          .toInteger());
        m_tables = tableNames(*m_server);
    }

    void cleanupTestCase()
    {
        m_http.reset();
        m_server.reset();
    }

    void badChange_data()
    {
        QTest::addColumn<QString>("route"); // preview, buy, remove
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("idempotencyKey");
        QTest::addColumn<QByteArray>("ifMatch");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");

        const QString malformed = QStringLiteral("malformed-json");
        const QString quantity = QStringLiteral("invalid-quantity");
        struct Body
        {
            const char *name;
            QByteArray body;
            int status;
            QString code;
            bool previewToo;
        };
        const QList<Body> bodies{
            {"malformed JSON", "{\"quantity\": 1", 400, malformed, true},
            {"not JSON at all", "quantity=1", 400, malformed, true},
            {"empty body", "", 400, malformed, true},
            {"blank body", "   \n", 400, malformed, true},
            {"trailing garbage", R"({"quantity": 1} {"quantity": 2})", 400, malformed, true},
            {"invalid UTF-8", "{\"quantity\": 1, \"\xff\xfe\": 1}", 400, malformed, true},
            {"NaN literal", R"({"quantity": NaN})", 400, malformed, true},
            {"JSON array", "[1]", 400, QStringLiteral("invalid-body"), true},
            {"JSON array of an object", R"([{"quantity": 1}])", 400, QStringLiteral("invalid-body"),
             true},
            {"top-level number", "1", 400, malformed, true},
            {"top-level string", R"("1")", 400, malformed, true},
            {"empty object", "{}", 400, QStringLiteral("missing-quantity"), true},
            {"string \"1\"", R"({"quantity": "1"})", 400, quantity, true},
            {"float 1.5", R"({"quantity": 1.5})", 400, quantity, true},
            {"float 0.999", R"({"quantity": 0.999})", 400, quantity, true},
            {"negative", R"({"quantity": -1})", 400, quantity, false},
            {"negative beyond range", R"({"quantity": -1001})", 400, quantity, true},
            {"zero", R"({"quantity": 0})", 400, quantity, true},
            {"negative zero", R"({"quantity": -0})", 400, quantity, true},
            {"1001", R"({"quantity": 1001})", 400, quantity, true},
            {"1e9", R"({"quantity": 1e9})", 400, quantity, true},
            {"2^31", R"({"quantity": 2147483648})", 400, quantity, true},
            {"2^32 + 1", R"({"quantity": 4294967297})", 400, quantity, true},
            {"huge 1e300", R"({"quantity": 1e300})", 400, quantity, true},
            {"overflowing 1e400", R"({"quantity": 1e400})", 400, malformed, true},
            {"null", R"({"quantity": null})", 400, quantity, true},
            {"boolean", R"({"quantity": true})", 400, quantity, true},
            {"nested object", R"({"quantity": {"value": 1}})", 400, quantity, true},
            {"array value", R"({"quantity": [1]})", 400, quantity, true},
            {"unknown field beside quantity", R"({"quantity": 1, "price": 0})", 400,
             QStringLiteral("unknown-field"), true},
            {"only unknown fields", R"({"qty": 1})", 400, QStringLiteral("unknown-field"), true},
            {"unicode field name", R"({"quantity": 1, "Menge ✓": 1})", 400,
             QStringLiteral("unknown-field"), true},
            {"10 MB body", kTenMegabytes, 413, QStringLiteral("body-too-large"), true},
            {"64 KiB + 1 byte body", kJustOverLimit, 413, QStringLiteral("body-too-large"), true},
        };
        for (const Body &b : bodies) {
            for (const char *route : {"preview", "buy", "remove"}) {
                if (!b.previewToo && qstrcmp(route, "preview") == 0)
                    continue;
                QTest::addRow("%s: %s", route, b.name)
                    << QString::fromLatin1(route) << b.body << kAutoKey << QByteArray() << b.status
                    << b.code;
            }
        }
        // A removal quote is a preview with a negative quantity: valid, and changes nothing.
        QTest::newRow("preview: negative quotes a removal")
            << QStringLiteral("preview") << QByteArray(R"({"quantity": -1})") << kAutoKey
            << QByteArray() << 200 << QString();
        QTest::newRow("preview: 1000, the largest quantity")
            << QStringLiteral("preview") << QByteArray(R"({"quantity": 1000})") << kAutoKey
            << QByteArray() << 200 << QString();
        QTest::newRow("preview: -1000, the largest removal")
            << QStringLiteral("preview") << QByteArray(R"({"quantity": -1000})") << kAutoKey
            << QByteArray() << 200 << QString();
        QTest::newRow("preview: body exactly at the 64 KiB limit")
            << QStringLiteral("preview") << kAtLimit << kAutoKey << QByteArray() << 200
            << QString();

        // Headers of a change: Idempotency-Key and If-Match.
        const QByteArray one = R"({"quantity": 1})";
        struct Header
        {
            const char *name;
            QByteArray key;
            QByteArray ifMatch;
            int status;
            QString code;
        };
        const QList<Header> headers{
            {"no Idempotency-Key", kNoHeader, {}, 400, QStringLiteral("idempotency-key-required")},
            {"blank Idempotency-Key", "   ", {}, 400, QStringLiteral("idempotency-key-required")},
            {"Idempotency-Key of 256 characters",
             QByteArray(256, 'k'),
             {},
             400,
             QStringLiteral("invalid-idempotency-key")},
            {"non-ASCII Idempotency-Key",
             "cl\xc3\xa9-\xe2\x9c\x93",
             {},
             400,
             QStringLiteral("invalid-idempotency-key")},
            {"Idempotency-Key with a blank inside",
             "two words",
             {},
             400,
             QStringLiteral("invalid-idempotency-key")},
            {"SQL-looking Idempotency-Key with blanks",
             "1'; DROP TABLE subscription;--",
             {},
             400,
             QStringLiteral("invalid-idempotency-key")},
            // RFC 9110 §13.1.1: malformed is 400; a well-formed list with no match is 412.
            {"If-Match not a number", kAutoKey, "abc", 400, QStringLiteral("invalid-if-match")},
            {"If-Match bare version", kAutoKey, "2", 400, QStringLiteral("invalid-if-match")},
            {"If-Match opening quote only", kAutoKey, "\"12", 400,
             QStringLiteral("invalid-if-match")},
            {"If-Match closing quote only", kAutoKey, "12\"", 400,
             QStringLiteral("invalid-if-match")},
            {"If-Match SQL-looking", kAutoKey, "1 OR 1=1", 400, QStringLiteral("invalid-if-match")},
            {"If-Match * inside a list", kAutoKey, "*, \"2\"", 400,
             QStringLiteral("invalid-if-match")},
            {"If-Match lower-case weak prefix", kAutoKey, "w/\"2\"", 400,
             QStringLiteral("invalid-if-match")},
            {"If-Match blank inside a tag", kAutoKey, "\"1 2\"", 400,
             QStringLiteral("invalid-if-match")},
            {"If-Match quote inside a tag", kAutoKey, "\"1\"2\"", 400,
             QStringLiteral("invalid-if-match")},
            {"If-Match tags without a comma", kAutoKey, "\"998\" \"999\"", 400,
             QStringLiteral("invalid-if-match")},
            {"If-Match list ending in garbage", kAutoKey, "\"998\", x", 400,
             QStringLiteral("invalid-if-match")},
            {"If-Match stale version", kAutoKey, "\"999999\"", 412,
             QStringLiteral("version-mismatch")},
            {"If-Match opaque tag", kAutoKey, "\"stale-0\"", 412,
             QStringLiteral("version-mismatch")},
            {"If-Match weak opaque tag", kAutoKey, "W/\"x\"", 412,
             QStringLiteral("version-mismatch")},
            {"If-Match negative number", kAutoKey, "\"-1\"", 412,
             QStringLiteral("version-mismatch")},
            {"If-Match empty tag", kAutoKey, "\"\"", 412, QStringLiteral("version-mismatch")},
            {"If-Match leading zero", kAutoKey, "\"02\"", 412, QStringLiteral("version-mismatch")},
            {"If-Match of 19 digits", kAutoKey, "\"1234567890123456789\"", 412,
             QStringLiteral("version-mismatch")},
            {"If-Match of 30 digits", kAutoKey, "\"123456789012345678901234567890\"", 412,
             QStringLiteral("version-mismatch")},
            {"If-Match list without the version", kAutoKey, "\"998\", W/\"2\", \"999\"", 412,
             QStringLiteral("version-mismatch")},
            {"If-Match list of empty elements", kAutoKey, ", ,", 412,
             QStringLiteral("version-mismatch")},
        };
        for (const Header &h : headers)
            for (const char *route : {"buy", "remove"})
                QTest::addRow("%s: %s", route, h.name) << QString::fromLatin1(route) << one << h.key
                                                       << h.ifMatch << h.status << h.code;

        // Valid input the domain refuses: still an error in the format, still nothing changed.
        QTest::newRow("remove: more lines than purchased")
            << QStringLiteral("remove") << QByteArray(R"({"quantity": 3})") << kAutoKey
            << QByteArray() << 409 << QStringLiteral("not-enough-purchased-lines");
        QTest::newRow("buy: above the line cap")
            << QStringLiteral("buy") << QByteArray(R"({"quantity": 999})") << kAutoKey
            << QByteArray() << 409 << QStringLiteral("line-cap-exceeded");
        QTest::newRow("buy: more than the credits cover")
            << QStringLiteral("buy") << QByteArray(R"({"quantity": 998})") << kAutoKey
            << QByteArray() << 402 << QStringLiteral("insufficient-credits");
    }
    void badChange()
    {
        QFETCH(QString, route);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, idempotencyKey);
        QFETCH(QByteArray, ifMatch);
        QFETCH(int, status);
        QFETCH(QString, code);

        if (body == kTenMegabytes)
            body = "{\"quantity\": 1, \"pad\": \"" + QByteArray(10 * 1024 * 1024, 'x') + "\"}";
        else if (body == kJustOverLimit)
            body = R"({"quantity": 1})" + QByteArray(64 * 1024 + 1 - 15, ' ');
        else if (body == kAtLimit)
            body = R"({"quantity": 1})" + QByteArray(64 * 1024 - 15, ' ');
        QList<QPair<QByteArray, QByteArray>> headers;
        if (idempotencyKey == kAutoKey)
            headers.append({"Idempotency-Key", QUuid::createUuid().toByteArray()});
        else if (idempotencyKey != kNoHeader)
            headers.append({"Idempotency-Key", idempotencyKey});
        if (!ifMatch.isEmpty())
            headers.append({"If-Match", ifMatch});

        const QString before = ledgerState(*m_server, m_account.subscriptionId);
        const QByteArray method = route == QLatin1String("remove") ? "DELETE" : "POST";
        const HttpResult r = m_http->send(method, path(route), m_account.adminToken, body, headers);
        if (status >= 400) {
            verifyError(r, status, code);
        } else {
            QCOMPARE(r.status, status);
            QVERIFY(r.object().contains(QLatin1String("amountDueNowCents")));
        }
        QCOMPARE(ledgerState(*m_server, m_account.subscriptionId), before);
        QCOMPARE(m_server->purchasedLines(m_account.subscriptionId), 2);
        QCOMPARE(m_server->creditsCents(m_account.subscriptionId), m_credits);
    }

    // If-Match as RFC 9110 §13.1.1 reads it: "*" or a list of entity tags, compared strongly
    // with the current ETag ("<version>"). %1 is the current version.
    void ifMatchForms_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("status");
        QTest::newRow("quoted") << QStringLiteral("\"%1\"") << 201;
        QTest::newRow("padded") << QStringLiteral("  \"%1\"  ") << 201;
        QTest::newRow("any") << QStringLiteral("*") << 201;
        QTest::newRow("in a list") << QStringLiteral("\"stale-0\", \"%1\"") << 201;
        QTest::newRow("in a list with tabs and empty elements")
            << QStringLiteral("W/\"x\",\t,\"%1\" ,") << 201;
        QTest::newRow("weak and strong") << QStringLiteral("W/\"%1\", \"%1\"") << 201;
        QTest::newRow("weak never matches") << QStringLiteral("W/\"%1\"") << 412;
        QTest::newRow("the previous version") << QStringLiteral("\"%2\"") << 412;
        QTest::newRow("bare is not an entity tag") << QStringLiteral("%1") << 400;
    }
    void ifMatchForms()
    {
        QFETCH(QString, format);
        QFETCH(int, status);
        const TestAccount a = m_server->createAccount(QStringLiteral("ETag Checks"), 100'00);
        const QString p = QStringLiteral("/subscription/%1").arg(a.subscriptionId);
        // A first change, so that the version before it is a stale one.
        QCOMPARE(m_http
                     ->post(p + QStringLiteral("/concurrency"), a.adminToken,
                            {{QStringLiteral("quantity"), 1}}, {{"Idempotency-Key", "etag-0"}})
                     .status,
                 201);
        const HttpResult s = m_http->get(p, a.adminToken);
        QCOMPARE(s.status, 200);
        const qint64 version = s.object().value(QLatin1String("version")).toInteger();
        QCOMPARE(s.header("ETag"), '"' + QByteArray::number(version) + '"');
        const QString before = ledgerState(*m_server, a.subscriptionId);
        const QByteArray ifMatch = QString(format)
                                       .replace(QLatin1String("%1"), QString::number(version))
                                       .replace(QLatin1String("%2"), QString::number(version - 1))
                                       .toLatin1();
        const HttpResult buy = m_http->post(p + QStringLiteral("/concurrency"), a.adminToken,
                                            {{QStringLiteral("quantity"), 1}},
                                            {{"Idempotency-Key", "etag-1"}, {"If-Match", ifMatch}});
        if (status != 201) {
            verifyError(buy, status,
                        status == 412 ? QStringLiteral("version-mismatch")
                                      : QStringLiteral("invalid-if-match"));
            QCOMPARE(ledgerState(*m_server, a.subscriptionId), before);
            QCOMPARE(m_server->purchasedLines(a.subscriptionId), 1);
            return;
        }
        QCOMPARE(buy.status, 201);
        QCOMPARE(buy.header("ETag"), '"' + QByteArray::number(version + 1) + '"');
        // The old ETag is now stale; a replay of the change still answers (its key is the same).
        const HttpResult stale = m_http->post(
            p + QStringLiteral("/concurrency"), a.adminToken, {{QStringLiteral("quantity"), 1}},
            {{"Idempotency-Key", "etag-2"}, {"If-Match", '"' + QByteArray::number(version) + '"'}});
        verifyError(stale, 412, QStringLiteral("version-mismatch"));
        const HttpResult replay = m_http->post(
            p + QStringLiteral("/concurrency"), a.adminToken, {{QStringLiteral("quantity"), 1}},
            {{"Idempotency-Key", "etag-1"}, {"If-Match", ifMatch}});
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(m_server->purchasedLines(a.subscriptionId), 2);
    }

    // Support may preview; the same bad bodies are refused to support the same way.
    void supportPreviewRefusesBadBodies()
    {
        const QString before = ledgerState(*m_server, m_account.subscriptionId);
        verifyError(m_http->send("POST", path(QStringLiteral("preview")), m_support, "[1]"), 400,
                    QStringLiteral("invalid-body"));
        verifyError(m_http->send("POST", path(QStringLiteral("preview")), m_support,
                                 R"({"quantity": 1.5})"),
                    400, QStringLiteral("invalid-quantity"));
        QCOMPARE(ledgerState(*m_server, m_account.subscriptionId), before);
    }

    // SQL in ids, keys and searches is data: answered normally, and every table survives.
    void sqlLookingInputIsData_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("drop table") << QStringLiteral("1'; DROP TABLE subscription;--");
        QTest::newRow("or true") << QStringLiteral("' OR '1'='1");
        QTest::newRow("double-quoted") << QStringLiteral("x\" OR 1=1 --");
        QTest::newRow("union") << QStringLiteral("x' UNION SELECT token_hash FROM api_token --");
        QTest::newRow("percent wildcard") << QStringLiteral("%");
        QTest::newRow("underscore wildcard") << QStringLiteral("_");
        QTest::newRow("backslash escape") << QStringLiteral("\\");
        QTest::newRow("semicolon chain") << QStringLiteral("a;DELETE FROM line_change");
    }
    void sqlLookingInputIsData()
    {
        QFETCH(QString, text);
        const QString before = ledgerState(*m_server, m_account.subscriptionId);
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(text));
        const QString base = QStringLiteral("/subscription/") + encoded;
        verifyError(m_http->get(base, m_account.adminToken), 404,
                    QStringLiteral("subscription-not-found"));
        verifyError(m_http->get(base, m_support), 404, QStringLiteral("subscription-not-found"));
        verifyError(m_http->post(base + QStringLiteral("/concurrency/preview"), m_support,
                                 {{QStringLiteral("quantity"), 1}}),
                    404, QStringLiteral("subscription-not-found"));
        verifyError(m_http->post(base + QStringLiteral("/concurrency"), m_account.adminToken,
                                 {{QStringLiteral("quantity"), 1}}, {{"Idempotency-Key", "sql-1"}}),
                    404, QStringLiteral("subscription-not-found"));
        verifyError(m_http->send("DELETE", base + QStringLiteral("/concurrency"),
                                 m_account.adminToken, R"({"quantity": 1})",
                                 {{"Idempotency-Key", "sql-2"}}),
                    404, QStringLiteral("subscription-not-found"));
        verifyError(m_http->get(base + QStringLiteral("/audit"), m_support), 404,
                    QStringLiteral("subscription-not-found"));
        verifyError(m_http->get(QStringLiteral("/org/") + encoded, m_support), 404,
                    QStringLiteral("org-not-found"));

        // As a search it matches nothing (no name here contains these characters), and LIKE
        // wildcards are taken literally.
        HttpResult r = m_http->get(QStringLiteral("/subscription?search=") + encoded, m_support);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("results")).toArray().size(), 0);
        r = m_http->get(QStringLiteral("/org?search=") + encoded, m_support);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("results")).toArray().size(), 0);
        r = m_http->get(QStringLiteral("/org?search=") + encoded, m_account.adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("results")).toArray().size(), 0);

        QCOMPARE(tableNames(*m_server), m_tables);
        QCOMPARE(ledgerState(*m_server, m_account.subscriptionId), before);
    }

    // An Idempotency-Key may look like SQL as long as it is printable ASCII: it is stored and
    // replayed verbatim, and the tables it names are still there.
    void sqlLookingIdempotencyKeyIsStoredVerbatim()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Key Checks"), 100'00);
        const QByteArray key = "1';DROP/**/TABLE/**/subscription;--\"%_\\";
        const QString buyPath =
            QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId);
        const HttpResult first = m_http->post(
            buyPath, a.adminToken, {{QStringLiteral("quantity"), 1}}, {{"Idempotency-Key", key}});
        QCOMPARE(first.status, 201);
        QCOMPARE(first.object()
                     .value(QLatin1String("change"))
                     .toObject()
                     .value(QLatin1String("idempotencyKey"))
                     .toString(),
                 QString::fromLatin1(key));
        const HttpResult replay = m_http->post(
            buyPath, a.adminToken, {{QStringLiteral("quantity"), 1}}, {{"Idempotency-Key", key}});
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(replay.object(), first.object());
        QCOMPARE(m_server->purchasedLines(a.subscriptionId), 1);
        const HttpResult changes = m_http->get(buyPath + QStringLiteral("/changes"), a.adminToken);
        const QJsonArray results = changes.object().value(QLatin1String("results")).toArray();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.at(0).toObject().value(QLatin1String("idempotencyKey")).toString(),
                 QString::fromLatin1(key));
        QCOMPARE(tableNames(*m_server), m_tables);
        QCOMPARE(m_server->checkLedger(a.subscriptionId), QString());
    }

    void unicodeNamesRoundTrip_data()
    {
        QTest::addColumn<QString>("subscriptionName");
        QTest::addColumn<QString>("orgName");
        QTest::addColumn<QString>("userName");
        QTest::newRow("accents") << QStringLiteral("Café Ñandú Ölwerk")
                                 << QStringLiteral("Zoë & Søren ApS")
                                 << QStringLiteral("Zoë Ålander");
        QTest::newRow("CJK") << QStringLiteral("日本語の会社")
                             << QStringLiteral("東京 コールセンター")
                             << QStringLiteral("山田 太郎");
        QTest::newRow("right-to-left") << QStringLiteral("شركة الاتصالات")
                                       << QStringLiteral("מוקד שירות") << QStringLiteral("دانا");
        QTest::newRow("emoji outside the BMP")
            << QStringLiteral("Rocket 🚀 Calls") << QStringLiteral("Support 🎧 Team")
            << QStringLiteral("Ada 👩‍💻");
        QTest::newRow("quotes and markup")
            << QStringLiteral("O'Brien \"Quoted\" <b>Co</b>")
            << QStringLiteral("Back\\slash / Slash") << QStringLiteral("Tab\tName");
    }
    void unicodeNamesRoundTrip()
    {
        QFETCH(QString, subscriptionName);
        QFETCH(QString, orgName);
        QFETCH(QString, userName);
        auto &accounts = m_server->accounts();
        const QDateTime now = m_server->clock().now();
        linedesk::server::Accounts::NewSubscription n;
        n.name = subscriptionName;
        n.type = QStringLiteral("startup");
        n.creditsCents = 12'34;
        n.createdAt = now;
        const QString sub = accounts.createSubscription(n, QStringLiteral("test"));
        const QString org = accounts.createOrg(orgName, sub, now);
        const QString email =
            QStringLiteral("%1@unicode.example").arg(QUuid::createUuid().toString(QUuid::Id128));
        const QString user = accounts.createUser(email, userName, false, now);
        accounts.addMembership(org, user, QStringLiteral("admin"));
        const QString token = accounts.createToken(user, QStringLiteral("test"), now);

        HttpResult r = m_http->get(QStringLiteral("/subscription/") + sub, token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("name")).toString(), subscriptionName);
        QCOMPARE(r.object().value(QLatin1String("credits")).toString(), QStringLiteral("12.34"));
        r = m_http->get(QStringLiteral("/org/") + org, token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("name")).toString(), orgName);
        r = m_http->get(QStringLiteral("/org"), token);
        QCOMPARE(r.object()
                     .value(QLatin1String("results"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("name"))
                     .toString(),
                 orgName);
        r = m_http->get(QStringLiteral("/me"), token);
        QCOMPARE(r.object()
                     .value(QLatin1String("user"))
                     .toObject()
                     .value(QLatin1String("name"))
                     .toString(),
                 userName);
        QCOMPARE(r.object()
                     .value(QLatin1String("memberships"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("orgName"))
                     .toString(),
                 orgName);

        // Support finds it by a piece of its name, written as stored.
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("search"), subscriptionName.left(6));
        r = m_http->get(QStringLiteral("/subscription?") + query.toString(QUrl::FullyEncoded),
                        m_support);
        QCOMPARE(r.status, 200);
        bool found = false;
        for (const QJsonValue &v : r.object().value(QLatin1String("results")).toArray())
            found = found || v.toObject().value(QLatin1String("id")).toString() == sub;
        QVERIFY2(found, qPrintable(query.toString()));
    }

    // Case-insensitive search is promised for names; SQLite's lower() folds only ASCII.
    // Search folds ASCII case; non-ASCII letters must match as written, since SQLite's
    // lower() and LIKE fold ASCII only.
    void searchFoldsCaseBeyondAscii()
    {
        auto &accounts = m_server->accounts();
        linedesk::server::Accounts::NewSubscription n;
        n.name = QStringLiteral("ÉCOLE ÜBERALL");
        n.createdAt = m_server->clock().now();
        const QString sub = accounts.createSubscription(n, QStringLiteral("test"));
        auto search = [this](const QString &text) {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("search"), text);
            const HttpResult r = m_http->get(
                QStringLiteral("/subscription?") + query.toString(QUrl::FullyEncoded), m_support);
            QStringList ids;
            for (const QJsonValue &v : r.object().value(QLatin1String("results")).toArray())
                ids << v.toObject().value(QLatin1String("id")).toString();
            return ids;
        };
        QCOMPARE(search(QStringLiteral("ÉCOLE ÜBERALL")), QStringList{sub});
        QCOMPARE(search(QStringLiteral("Écol")), QStringList{sub});
        QCOMPARE(search(QStringLiteral("Überall")), QStringList{sub});
        QCOMPARE(search(QStringLiteral("Ü")), QStringList{sub});
        // Three characters or more go through the trigram index, which folds case by Unicode
        // rules; shorter searches are a LIKE scan, which folds ASCII only.
        QCOMPARE(search(QStringLiteral("école")), QStringList{sub});
        QCOMPARE(search(QStringLiteral("überall")), QStringList{sub});
    }

    void badPaging_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("code");
        auto cursor = [](const QByteArray &json) {
            return QString::fromLatin1(
                json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        const QList<std::pair<const char *, QString>> params{
            {"limit 0", QStringLiteral("limit=0")},
            {"limit 1001", QStringLiteral("limit=1001")},
            {"limit abc", QStringLiteral("limit=abc")},
            {"limit negative", QStringLiteral("limit=-5")},
            {"limit empty", QStringLiteral("limit=")},
            {"limit 1.5", QStringLiteral("limit=1.5")},
            {"limit overflowing int", QStringLiteral("limit=99999999999")},
            {"cursor not base64", QStringLiteral("cursor=%21%21%21")},
            {"cursor base64 of garbage", QStringLiteral("cursor=abc")},
            {"cursor of an object", QStringLiteral("cursor=") + cursor(R"({"a":1})")},
            {"cursor of an empty array", QStringLiteral("cursor=") + cursor("[]")},
            {"cursor of the wrong length", QStringLiteral("cursor=") + cursor(R"(["x"])")},
            {"cursor SQL-looking", QStringLiteral("cursor=%27%20OR%201%3D1")},
        };
        const QList<std::pair<const char *, const char *>> routes{
            {"GET /org", "/org"},
            {"GET /subscription", "/subscription"},
            {"GET changes", "/subscription/{sub}/concurrency/changes"},
            {"GET audit", "/subscription/{sub}/audit"},
        };
        for (const auto &[routeName, route] : routes)
            for (const auto &[paramName, query] : params)
                QTest::addRow("%s: %s", routeName, paramName)
                    << QString::fromLatin1(route) << query
                    << (query.startsWith(QLatin1String("limit"))
                            ? QStringLiteral("invalid-limit")
                            : QStringLiteral("invalid-cursor"));
        QTest::newRow("GET /subscription: unknown sort")
            << QStringLiteral("/subscription") << QStringLiteral("sort=password")
            << QStringLiteral("invalid-sort");
        QTest::newRow("GET /subscription: SQL in sort")
            << QStringLiteral("/subscription")
            << QStringLiteral("sort=name%3B%20DROP%20TABLE%20org")
            << QStringLiteral("invalid-sort");
        QTest::newRow("GET /subscription: unknown filter")
            << QStringLiteral("/subscription") << QStringLiteral("filter=cheap")
            << QStringLiteral("invalid-filter");
        QTest::newRow("GET /subscription: unknown type")
            << QStringLiteral("/subscription") << QStringLiteral("type=gold")
            << QStringLiteral("invalid-type");
        QTest::newRow("GET /subscription: cursor of another sort")
            << QStringLiteral("/subscription")
            << QStringLiteral("sort=credits&cursor=") + cursor(R"(["name","a","b"])")
            << QStringLiteral("invalid-cursor");
    }
    void badPaging()
    {
        QFETCH(QString, route);
        QFETCH(QString, query);
        QFETCH(QString, code);
        const QString before = ledgerState(*m_server, m_account.subscriptionId);
        route.replace(QLatin1String("{sub}"), m_account.subscriptionId);
        // Support may read every list route; an admin gets the same answer on theirs.
        verifyError(m_http->get(route + QLatin1Char('?') + query, m_support), 400, code);
        if (route != QLatin1String("/subscription"))
            verifyError(m_http->get(route + QLatin1Char('?') + query, m_account.adminToken), 400,
                        code);
        QCOMPARE(ledgerState(*m_server, m_account.subscriptionId), before);
    }

    void goodPagingStillWorks()
    {
        for (const QString &q : {QStringLiteral("limit=1"), QStringLiteral("limit=1000")}) {
            const HttpResult r =
                m_http->get(QStringLiteral("/subscription/%1/concurrency/changes?%2")
                                .arg(m_account.subscriptionId, q),
                            m_account.adminToken);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.object().value(QLatin1String("results")).toArray().size(), 1);
        }
    }

    // POST /analytics: a wrong type or an unknown value is refused, never read as "left out"
    // (a number as subscriptionId used to answer for the caller's own subscription).
    void badAnalytics_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("mentions"); // a word the message must hold

        const QByteArray table = R"("table":"subscription",)";
        const QByteArray range =
            R"("timeRange":{"start":"2026-03-10T00:00:00Z","end":"2026-03-10T06:00:00Z","step":"hour"},)";
        const QByteArray ops = R"("operations":[{"operation":"max","column":"concurrency"}])";
        const auto q = [](const QByteArray &inner) {
            return QByteArray(R"({"queries":[{)") + inner + "}]}";
        };
        const auto withOps = [&](const QByteArray &operations) {
            return q(table + range + R"("operations":[)" + operations + "]");
        };
        const auto withRange = [&](const QByteArray &timeRange) {
            return q(table + R"("timeRange":)" + timeRange + "," + ops);
        };
        const struct
        {
            const char *name;
            QByteArray body;
            const char *mentions;
        } rows[] = {
            {"subscriptionId a number", q(table + range + ops + R"(,"subscriptionId":1)"),
             "subscriptionId"},
            {"subscriptionId true", q(table + range + ops + R"(,"subscriptionId":true)"),
             "subscriptionId"},
            {"subscriptionId an object", q(table + range + ops + R"(,"subscriptionId":{})"),
             "subscriptionId"},
            {"subscriptionId an array", q(table + range + ops + R"(,"subscriptionId":["x"])"),
             "subscriptionId"},
            {"subscriptionId null", q(table + range + ops + R"(,"subscriptionId":null)"),
             "subscriptionId"},
            {"subscriptionId empty", q(table + range + ops + R"(,"subscriptionId":"")"),
             "subscriptionId"},
            {"groupBy unknown", q(table + range + ops + R"(,"groupBy":["zombie"])"), "zombie"},
            {"groupBy unknown string", q(table + range + ops + R"(,"groupBy":"zombie")"), "zombie"},
            {"groupBy a platform column", q(table + range + ops + R"(,"groupBy":["type"])"),
             "not supported"},
            {"groupBy a number", q(table + range + ops + R"(,"groupBy":5)"), "groupBy"},
            {"groupBy an object", q(table + range + ops + R"(,"groupBy":{"type":1})"), "groupBy"},
            {"groupBy null", q(table + range + ops + R"(,"groupBy":null)"), "groupBy"},
            {"groupBy of numbers", q(table + range + ops + R"(,"groupBy":[1])"), "groupBy"},
            {"groupByVariableValue", q(table + range + ops + R"(,"groupByVariableValue":[])"),
             "groupByVariableValue"},
            {"unknown field in the body",
             R"({"queries":[{"table":"subscription","operations":[{"operation":"max","column":"concurrency"}]}],"debug":true})",
             "debug"},
            {"unknown field in a query", q(table + range + ops + R"(,"opertions":[])"),
             "opertions"},
            {"table a number", q(R"("table":5,)" + range + ops), "table"},
            {"name a number", q(table + range + ops + R"(,"name":5)"), "name"},
            {"name of 101 characters",
             // (not a raw string: moc misreads one that ends in a quote)
             q(table + range + ops + ",\"name\":\"" + QByteArray(101, 'n') + "\""), "name"},
            {"timeRange a string", withRange(R"("yesterday")"), "timeRange"},
            {"timeRange a number", withRange("5"), "timeRange"},
            {"timeRange an array", withRange("[]"), "timeRange"},
            {"timeRange unknown field", withRange(R"({"from":"2026-03-10T00:00:00Z"})"), "from"},
            {"timeRange timezone elsewhere", withRange(R"({"timezone":"Europe/Berlin"})"),
             "timezone"},
            {"timeRange timezone a number", withRange(R"({"timezone":1})"), "timezone"},
            {"step a number", withRange(R"({"step":3600})"), "step"},
            {"step null", withRange(R"({"step":null})"), "step"},
            {"step empty", withRange(R"({"step":""})"), "step"},
            {"step capitalised", withRange(R"({"step":"Hour"})"), "step"},
            {"start a number", withRange(R"({"start":5,"end":"2026-03-10T06:00:00Z"})"),
             "timeRange"},
            {"end null", withRange(R"({"start":"2026-03-10T00:00:00Z","end":null})"), "timeRange"},
            {"operations a string", q(table + range + R"("operations":"max")"), "operations"},
            {"operation a number", withOps("5"), "operation"},
            {"operation null", withOps("null"), "operation"},
            {"operation unknown field", withOps(R"({"operation":"max","colum":"concurrency"})"),
             "colum"},
            {"operation name a number", withOps(R"({"operation":5,"column":"concurrency"})"),
             "operation"},
            {"column a number", withOps(R"({"operation":"max","column":5})"), "column"},
            {"column null", withOps(R"({"operation":"count","column":null})"), "column"},
            {"column empty", withOps(R"({"operation":"count","column":""})"), "column"},
            {"alias a number", withOps(R"({"operation":"max","column":"concurrency","alias":5})"),
             "alias"},
            {"alias empty", withOps(R"({"operation":"max","column":"concurrency","alias":""})"),
             "alias"},
            {"alias date", withOps(R"({"operation":"max","column":"concurrency","alias":"date"})"),
             "date"},
            {"two operations, one key",
             withOps(R"({"operation":"max","column":"concurrency"},)"
                     R"({"operation":"min","column":"concurrency","alias":"maxConcurrency"})"),
             "alias"},
        };
        for (const auto &row : rows)
            QTest::newRow(row.name) << row.body << QString::fromLatin1(row.mentions);
        QByteArray many;
        for (int i = 0; i < 21; ++i)
            many += (i ? "," : "") +
                    QByteArray(R"({"operation":"max","column":"concurrency","alias":"m)") +
                    QByteArray::number(i) + "\"}";
        QTest::newRow("21 operations") << withOps(many) << QStringLiteral("20");
    }
    void badAnalytics()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        const HttpResult r =
            m_http->send("POST", QStringLiteral("/analytics"), m_account.adminToken, body);
        verifyError(r, 400, QStringLiteral("invalid-analytics-query"));
        const QString message = r.object().value(QLatin1String("message")).toString();
        QVERIFY2(message.contains(mentions), qPrintable(message));
    }

    // Accepted as the platform sends them: an empty groupBy, the UTC time zone, and times
    // without a UTC offset, which are UTC (not the service's local time).
    void goodAnalyticsVariants()
    {
        const QByteArray body =
            R"({"queries":[{"name":"a","table":"subscription","groupBy":[],)"
            R"("timeRange":{"start":"2026-03-10T00:00:00","end":"2026-03-10T02:00:00.000+01:00",)"
            R"("step":"hour","timezone":"UTC"},)"
            R"("operations":[{"operation":"max","column":"concurrency"}]}]})";
        const HttpResult r =
            m_http->send("POST", QStringLiteral("/analytics"), m_account.adminToken, body);
        QCOMPARE(r.status, 200);
        const QJsonObject result = r.array().at(0).toObject();
        QCOMPARE(result.value(QLatin1String("subscriptionId")).toString(),
                 m_account.subscriptionId);
        const QJsonObject range = result.value(QLatin1String("timeRange")).toObject();
        QCOMPARE(range.value(QLatin1String("start")).toString(),
                 QStringLiteral("2026-03-10T00:00:00.000Z"));
        QCOMPARE(range.value(QLatin1String("end")).toString(),
                 QStringLiteral("2026-03-10T01:00:00.000Z"));
        QCOMPARE(result.value(QLatin1String("result")).toArray().size(), 1);
    }

    // GET /call: an unknown status, parameter or repeated parameter is refused (an unknown
    // status used to answer [], an unknown parameter was ignored).
    void badCallList_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("code");
        const QString time = QStringLiteral("2026-03-10T00:00:00Z");
        QTest::newRow("unknown status")
            << QStringLiteral("status=zombie") << QStringLiteral("invalid-status");
        QTest::newRow("empty status")
            << QStringLiteral("status=") << QStringLiteral("invalid-status");
        QTest::newRow("status in capitals")
            << QStringLiteral("status=ENDED") << QStringLiteral("invalid-status");
        QTest::newRow("status twice")
            << QStringLiteral("status=ended&status=zombie") << QStringLiteral("invalid-parameter");
        QTest::newRow("the same status twice")
            << QStringLiteral("status=ended&status=ended") << QStringLiteral("invalid-parameter");
        QTest::newRow("misspelt parameter")
            << QStringLiteral("statuss=ended") << QStringLiteral("unknown-parameter");
        QTest::newRow("platform parameter misspelt")
            << QStringLiteral("assistantID=a1") << QStringLiteral("unknown-parameter");
        QTest::newRow("empty assistantId")
            << QStringLiteral("assistantId=") << QStringLiteral("invalid-parameter");
        QTest::newRow("assistantId twice") << QStringLiteral("assistantId=a1&assistantId=a2")
                                           << QStringLiteral("invalid-parameter");
        QTest::newRow("empty id") << QStringLiteral("id=") << QStringLiteral("invalid-parameter");
        QTest::newRow("id of 201 characters")
            << QStringLiteral("id=") + QString(201, QLatin1Char('c'))
            << QStringLiteral("invalid-parameter");
        QTest::newRow("id with a NUL")
            << QStringLiteral("id=a%00b") << QStringLiteral("invalid-parameter");
        QTest::newRow("assistantId with a line break")
            << QStringLiteral("assistantId=a%0Ab") << QStringLiteral("invalid-parameter");
        QTest::newRow("orgId with a NUL")
            << QStringLiteral("orgId=%00") << QStringLiteral("invalid-parameter");
        QTest::newRow("empty phoneNumberId")
            << QStringLiteral("phoneNumberId=") << QStringLiteral("invalid-parameter");
        QTest::newRow("updatedAtGt not a time")
            << QStringLiteral("updatedAtGt=soon") << QStringLiteral("invalid-time");
        QTest::newRow("updatedAtLe empty")
            << QStringLiteral("updatedAtLe=") << QStringLiteral("invalid-time");
        QTest::newRow("updatedAtGe twice")
            << QStringLiteral("updatedAtGe=%1&updatedAtGe=%1").arg(time)
            << QStringLiteral("invalid-parameter");
        QTest::newRow("limit 0") << QStringLiteral("limit=0") << QStringLiteral("invalid-limit");
        QTest::newRow("limit 1001")
            << QStringLiteral("limit=1001") << QStringLiteral("invalid-limit");
        QTest::newRow("a cursor") << QStringLiteral("cursor=abc")
                                  << QStringLiteral("unknown-parameter");
        QTest::newRow("createdAtGe not a time")
            << QStringLiteral("createdAtGe=yesterday") << QStringLiteral("invalid-time");
        QTest::newRow("createdAtLe empty")
            << QStringLiteral("createdAtLe=") << QStringLiteral("invalid-time");
        QTest::newRow("createdAtGt twice")
            << QStringLiteral("createdAtGt=%1&createdAtGt=%1").arg(time)
            << QStringLiteral("invalid-parameter");
        QTest::newRow("limit twice")
            << QStringLiteral("limit=1&limit=2") << QStringLiteral("invalid-parameter");
        QTest::newRow("limit abc")
            << QStringLiteral("limit=abc") << QStringLiteral("invalid-limit");
        QTest::newRow("empty orgId")
            << QStringLiteral("orgId=") << QStringLiteral("invalid-parameter");
        QTest::newRow("empty subscriptionId")
            << QStringLiteral("subscriptionId=") << QStringLiteral("invalid-parameter");
    }
    void badCallList()
    {
        QFETCH(QString, query);
        QFETCH(QString, code);
        verifyError(m_http->get(QStringLiteral("/call?") + query, m_account.adminToken), 400, code);
        verifyError(m_http->get(QStringLiteral("/call?") + query, m_support), 400, code);
    }

    // A support agent's reason for ending a call is kept in the audit trail and shown to
    // people: controls and bidirectional formatting characters are refused, whoever sends
    // them, and so is a reason over 1000 characters. Nothing changes.
    void badEndReason_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("mentions");
        const auto with = [](char32_t c) {
            return QStringLiteral("stuck ") + QString::fromUcs4(&c, 1) + QStringLiteral(" call");
        };
        QTest::newRow("NUL") << with(0x00) << QStringLiteral("U+0000");
        QTest::newRow("SOH") << with(0x01) << QStringLiteral("U+0001");
        QTest::newRow("BEL") << with(0x07) << QStringLiteral("U+0007");
        QTest::newRow("ESC, a terminal colour")
            << QStringLiteral("\x1b[31mred") << QStringLiteral("U+001B");
        QTest::newRow("vertical tab") << with(0x0B) << QStringLiteral("U+000B");
        QTest::newRow("form feed") << with(0x0C) << QStringLiteral("U+000C");
        QTest::newRow("a lone CR") << with(0x0D) << QStringLiteral("U+000D");
        QTest::newRow("DEL") << with(0x7F) << QStringLiteral("U+007F");
        QTest::newRow("C1 NEL") << with(0x85) << QStringLiteral("U+0085");
        QTest::newRow("C1 CSI") << with(0x9B) << QStringLiteral("U+009B");
        QTest::newRow("C1 at the end, where trimming would drop it")
            << QStringLiteral("stuck") + QChar(0x85) << QStringLiteral("U+0085");
        QTest::newRow("control at the start")
            << QChar(0x01) + QStringLiteral("stuck") << QStringLiteral("character 1");
        for (const char32_t c : {0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066,
                                 0x2067, 0x2068, 0x2069, 0x061C}) {
            const QString code =
                QStringLiteral("U+%1").arg(uint(c), 4, 16, QLatin1Char('0')).toUpper();
            QTest::addRow("bidi %s", qPrintable(code)) << with(c) << code;
        }
        QTest::newRow("right-to-left override hiding a file name")
            << QStringLiteral("see invoice_") + QChar(0x202E) + QStringLiteral("fdp.exe")
            << QStringLiteral("right-to-left override");
        QTest::newRow("1001 characters")
            << QString(1001, QLatin1Char('x')) << QStringLiteral("1000");
        QTest::newRow("1001 characters outside the BMP")
            << QString(1001, QLatin1Char('x')).replace(0, 1, QStringLiteral("🚀"))
            << QStringLiteral("1000");
    }
    void badEndReason()
    {
        QFETCH(QString, reason);
        QFETCH(QString, mentions);
        const QString call = callInProgress();
        const QString endPath = QStringLiteral("/call/%1/end").arg(call);
        const QString before = ledgerState(*m_server, m_account.subscriptionId);
        for (const QString &token : {m_support, m_account.adminToken}) {
            const HttpResult r = m_http->post(endPath, token, {{QStringLiteral("reason"), reason}});
            verifyError(r, 400, QStringLiteral("invalid-reason"));
            const QString message = r.object().value(QLatin1String("message")).toString();
            QVERIFY2(message.contains(mentions), qPrintable(message));
        }
        QCOMPARE(m_http->get(QStringLiteral("/call/") + call, m_support)
                     .object()
                     .value(QLatin1String("status"))
                     .toString(),
                 QStringLiteral("in-progress"));
        QCOMPARE(ledgerState(*m_server, m_account.subscriptionId), before);
    }

    // Line breaks and tabs are text in a reason (the console's box has several lines), and
    // so are right-to-left scripts; a reason of exactly 1000 characters is kept whole.
    void goodEndReason_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::newRow("several lines, a tab, CR LF")
            << QStringLiteral("Stuck after the carrier outage\nTicket:\t#4812\r\nchecked twice");
        QTest::newRow("right-to-left script") << QStringLiteral("מוקד שירות: השיחה נתקעה");
        QTest::newRow("exactly 1000 characters") << QString(1000, QLatin1Char('r'));
    }
    void goodEndReason()
    {
        QFETCH(QString, reason);
        const QString call = callInProgress();
        const HttpResult r = m_http->post(
            QStringLiteral("/call/%1/end").arg(call), m_support,
            {{QStringLiteral("reason"), QStringLiteral(" ") + reason + QStringLiteral("\n")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QLatin1String("endedReason")).toString(),
                 QStringLiteral("ended-by-support"));
        QSqlQuery q = m_server->db().exec(
            QStringLiteral("SELECT reason FROM audit_entry WHERE request_id = :r"),
            {{":r", QString::fromLatin1(r.header("X-Request-Id"))}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), reason);
        m_callId.clear();
    }

    void tablesSurvive()
    {
        QCOMPARE(tableNames(*m_server), m_tables);
        QCOMPARE(m_server->checkLedger(m_account.subscriptionId), QString());
        QCOMPARE(m_server->purchasedLines(m_account.subscriptionId), 2);
        QCOMPARE(m_http->get(QStringLiteral("/health"), {}).status, 200);
    }

private:
    // A call of the test account in progress (started when there is none).
    QString callInProgress()
    {
        if (m_callId.isEmpty()) {
            const HttpResult r = m_http->post(QStringLiteral("/call"), m_account.adminToken, {});
            if (r.status == 201 && r.object().value(QLatin1String("status")).toString() ==
                                       QLatin1String("in-progress"))
                m_callId = r.object().value(QLatin1String("id")).toString();
        }
        return m_callId;
    }
    QString path(const QString &route) const
    {
        const QString base =
            QStringLiteral("/subscription/%1/concurrency").arg(m_account.subscriptionId);
        return route == QLatin1String("preview") ? base + QStringLiteral("/preview") : base;
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    TestAccount m_account;
    QString m_support;
    QStringList m_tables;
    qint64 m_credits = -1;
    QString m_callId;
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
