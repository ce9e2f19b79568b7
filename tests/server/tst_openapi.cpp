#include "testserver.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <QWebSocket>

#include <algorithm>

using namespace linedesk::test;

namespace {

// One operation of docs/openapi.yaml: "METHOD /path/{id}" and its documented statuses.
struct Operation
{
    QString method; // upper case
    QString path;
    QSet<int> statuses;

    QString route() const { return method + QLatin1Char(' ') + path; }
};

QString sourceDir()
{
    return qEnvironmentVariable("LINEDESK_SOURCE_DIR");
}

QString openApiPath()
{
    return QDir(sourceDir()).filePath(QStringLiteral("docs/openapi.yaml"));
}

int indentOf(const QString &line)
{
    int n = 0;
    while (n < line.size() && line.at(n) == QLatin1Char(' '))
        ++n;
    return n;
}

// A small line-based reader of the `paths:` block: path keys at 2 spaces, method keys at
// 4 spaces, `responses:` at 6 and status keys at 8. Enough for the layout openapi.yaml
// keeps; no YAML library.
QList<Operation> readOperations(const QString &file, QString *error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot read %1: %2").arg(file, f.errorString());
        return {};
    }
    static const QRegularExpression pathKey(QStringLiteral("^  ['\"]?(/[^'\"]*?)['\"]?:\\s*$"));
    static const QRegularExpression methodKey(
        QStringLiteral("^    (get|put|post|delete|patch|head|options|trace):\\s*$"));
    static const QRegularExpression responsesKey(QStringLiteral("^      responses:\\s*$"));
    static const QRegularExpression statusKey(
        QStringLiteral("^        ['\"]?([1-5][0-9][0-9])['\"]?:"));

    QList<Operation> operations;
    bool inPaths = false;
    bool sawPaths = false;
    QString path;
    Operation *op = nullptr;
    bool inResponses = false;
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    for (const QString &raw : lines) {
        const QString line = raw.trimmed().isEmpty() ? QString() : raw;
        if (line.isEmpty() || line.trimmed().startsWith(QLatin1Char('#')))
            continue;
        const int indent = indentOf(line);
        if (indent == 0) {
            inPaths = line.startsWith(QLatin1String("paths:"));
            sawPaths = sawPaths || inPaths;
            op = nullptr;
            continue;
        }
        if (!inPaths)
            continue;
        if (indent <= 2) {
            const auto m = pathKey.match(line);
            path = m.hasMatch() ? m.captured(1) : QString();
            op = nullptr;
            continue;
        }
        if (indent <= 4) {
            const auto m = methodKey.match(line);
            if (m.hasMatch() && !path.isEmpty()) {
                operations.append({m.captured(1).toUpper(), path, {}});
                op = &operations.last();
            } else {
                op = nullptr; // description:, parameters:, … of the path item
            }
            inResponses = false;
            continue;
        }
        if (!op)
            continue;
        if (indent <= 6) {
            inResponses = responsesKey.match(line).hasMatch();
            continue;
        }
        if (inResponses && indent == 8) {
            const auto m = statusKey.match(line);
            if (m.hasMatch())
                op->statuses.insert(m.captured(1).toInt());
        }
    }
    if (!sawPaths)
        *error = QStringLiteral("%1 has no top-level paths: block").arg(file);
    return operations;
}

// From a position just at an opening '{' or '(', the index of its matching closer (string
// literals skipped), or -1.
qsizetype matchingClose(const QString &text, qsizetype open)
{
    const QChar opener = text.at(open);
    const QChar closer = opener == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char(')');
    int depth = 0;
    bool inString = false;
    for (qsizetype i = open; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            if (c == QLatin1Char('\\'))
                ++i;
            else if (c == QLatin1Char('"'))
                inString = false;
        } else if (c == QLatin1Char('"')) {
            inString = true;
        } else if (c == opener) {
            ++depth;
        } else if (c == closer && --depth == 0) {
            return i;
        }
    }
    return -1;
}

// Every error code the service's source can answer or print: ApiException(NNN, "code"),
// badRequest("code"), the notFound("what") helper ("what-not-found"), and the ApiError
// literals written directly by the HTTP layer (401, 405, 404 route, 500).
QSet<QString> errorCodesInSource(QStringList *problems)
{
    static const QRegularExpression literal(
        QStringLiteral("^QStringLiteral\\(\"([a-z0-9-]+)\"\\)$"));
    static const QRegularExpression apiException(QStringLiteral("\\bApiException\\("));
    static const QRegularExpression badRequest(QStringLiteral("badRequest\\(\\s*([^,]+),"));
    static const QRegularExpression notFound(
        QStringLiteral("notFound\\(\\s*QStringLiteral\\(\"([a-z0-9-]+)\"\\)"));
    static const QRegularExpression errorLiteral(
        QStringLiteral("(?:errorReply\\(\\s*|ApiError\\s*)\\{"));
    static const QRegularExpression lastCode(
        QStringLiteral("QStringLiteral\\(\"([a-z0-9-]+)\"\\)"));
    static const QRegularExpression codeLiteral(
        QStringLiteral("QStringLiteral\\(\"([a-z][a-z0-9-]*)\"\\)"));

    QSet<QString> codes;
    const QDir dir(QDir(sourceDir()).filePath(QStringLiteral("server")));
    const QStringList files = dir.entryList({QStringLiteral("*.cpp")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        *problems << QStringLiteral("no server/*.cpp under %1").arg(dir.path());
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
            *problems << QStringLiteral("cannot read %1").arg(f.fileName());
            continue;
        }
        const QString text = QString::fromUtf8(f.readAll());
        // ApiException(status, code, message): every code-like literal of the call (a
        // ternary may choose between two), except in the two helpers that forward a code,
        // badRequest(code, …) and notFound(what, …), whose call sites are read below.
        for (auto it = apiException.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            const qsizetype open = m.capturedEnd() - 1;
            const qsizetype close = matchingClose(text, open);
            if (close < 0) {
                *problems << QStringLiteral("%1: unbalanced ApiException( at offset %2")
                                 .arg(name)
                                 .arg(open);
                continue;
            }
            const QString call = text.mid(open, close - open + 1);
            static const QRegularExpression forwarded(QStringLiteral(
                "^\\(\\s*\\d{3}\\s*,\\s*(code|what \\+ QStringLiteral\\(\"-not-found\"\\))\\s*,"));
            if (forwarded.match(call).hasMatch())
                continue;
            bool found = false;
            for (auto c = codeLiteral.globalMatch(call); c.hasNext();) {
                codes.insert(c.next().captured(1));
                found = true;
            }
            if (!found)
                *problems << QStringLiteral("%1: %2: a code this test cannot read")
                                 .arg(name, QStringLiteral("ApiException") + call.left(120));
        }
        for (auto it = badRequest.globalMatch(text); it.hasNext();) {
            const QString arg = it.next().captured(1).trimmed();
            if (arg.startsWith(QLatin1String("const ")))
                continue; // the helper's own definition
            const auto code = literal.match(arg);
            if (code.hasMatch())
                codes.insert(code.captured(1));
            else
                *problems << QStringLiteral("%1: badRequest(%2): a code this test cannot read")
                                 .arg(name, arg);
        }
        for (auto it = notFound.globalMatch(text); it.hasNext();)
            codes.insert(it.next().captured(1) + QStringLiteral("-not-found"));
        for (auto it = errorLiteral.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            const qsizetype open = m.capturedEnd() - 1;
            const qsizetype close = matchingClose(text, open);
            if (close < 0) {
                *problems << QStringLiteral("%1: unbalanced ApiError literal").arg(name);
                continue;
            }
            QString code;
            for (auto c = lastCode.globalMatch(text.mid(open, close - open + 1)); c.hasNext();)
                code = c.next().captured(1);
            if (code.isEmpty())
                *problems << QStringLiteral("%1: ApiError literal without a code at offset %2")
                                 .arg(name)
                                 .arg(open);
            else
                codes.insert(code);
        }
    }
    return codes;
}

} // namespace

// docs/openapi.yaml against the service: the documented routes are exactly the routes the
// service has, each of them answers, and every error code in the source is documented.
class TestOpenApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (sourceDir().isEmpty())
            QFAIL(
                "LINEDESK_SOURCE_DIR is not set (run through ctest, or set it to the source tree)");
        QString error;
        m_operations = readOperations(openApiPath(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(!m_operations.isEmpty(),
                 "no operations found in the paths: block of openapi.yaml");
        m_server = std::make_unique<TestServer>();
        m_account = m_server->createAccount(QStringLiteral("OpenAPI"), 1000'00, 50);
        m_supportToken = m_server->createSupportToken();
    }

    void cleanupTestCase() { m_server.reset(); }

    void documentedRoutesAreExactlyTheImplementedOnes()
    {
        QStringList documented;
        for (const Operation &op : m_operations)
            documented << op.route();
        const QSet<QString> documentedSet(documented.begin(), documented.end());
        QCOMPARE(documentedSet.size(), documented.size()); // no route documented twice

        const QStringList implemented = m_server->service().routeList();
        QVERIFY(!implemented.isEmpty());
        const QSet<QString> implementedSet(implemented.begin(), implemented.end());

        QStringList undocumented = (implementedSet - documentedSet).values();
        QStringList missing = (documentedSet - implementedSet).values();
        undocumented.sort();
        missing.sort();
        QVERIFY2(undocumented.isEmpty() && missing.isEmpty(),
                 qPrintable(QStringLiteral("implemented but not in docs/openapi.yaml: [%1]; in "
                                           "docs/openapi.yaml but not implemented: [%2]")
                                .arg(undocumented.join(QStringLiteral(", ")),
                                     missing.join(QStringLiteral(", ")))));
    }

    void everyDocumentedRouteAnswers_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QList<int>>("statuses");
        for (const Operation &op : m_operations) {
            QList<int> statuses = op.statuses.values();
            std::sort(statuses.begin(), statuses.end());
            QTest::newRow(qPrintable(op.route())) << op.method << op.path << statuses;
        }
    }

    // Called like a client would (support token; an admin token where only admins may act),
    // with real ids: the route exists (no 404 route-not-found, no 405), succeeds, answers a
    // status documented for it, and carries X-Request-Id.
    void everyDocumentedRouteAnswers()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QList<int>, statuses);
        QVERIFY2(!statuses.isEmpty(), "no responses documented");

        HttpClient http(m_server->url());
        const bool changesLines =
            path.endsWith(QLatin1String("/concurrency")) &&
            (method == QLatin1String("POST") || method == QLatin1String("DELETE"));
        // What only the subscription's admins may do: change lines, alert rules, webhooks.
        const bool adminOnly =
            changesLines ||
            (path.endsWith(QLatin1String("/alert-rules")) && method == QLatin1String("PUT")) ||
            (path.contains(QLatin1String("/webhooks")) && method != QLatin1String("GET"));
        const QString token = adminOnly ? m_account.adminToken : m_supportToken;
        const QString url = concretePath(path);
        QVERIFY2(!url.isEmpty(), qPrintable(QStringLiteral("no test id for %1").arg(path)));

        const QByteArray body = requestBody(method, path);
        QList<QPair<QByteArray, QByteArray>> headers;
        if (path.contains(QLatin1String("/concurrency")))
            headers.append(
                {"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)});
        if (method == QLatin1String("DELETE") && changesLines &&
            m_server->purchasedLines(m_account.subscriptionId) < 1) {
            const HttpResult buy = http.send(
                "POST", url, m_account.adminToken, body,
                {{"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}});
            QCOMPARE(buy.status, 201);
        }

        // Only a finished call's data can be deleted (an in-progress one is 409).
        if (method == QLatin1String("DELETE") && path == QLatin1String("/call/{id}")) {
            const HttpResult ended =
                http.send("POST", url + QStringLiteral("/end"), token,
                          requestBody("POST", QStringLiteral("/call/{id}/end")));
            QCOMPARE(ended.status, 200);
        }

        const HttpResult r = http.send(method.toLatin1(), url, token, body, headers);
        const QString code = r.object().value(QLatin1String("code")).toString();
        const QString what = QStringLiteral("%1 %2 answered %3 %4 %5")
                                 .arg(method, url)
                                 .arg(r.status)
                                 .arg(code, QString::fromUtf8(r.body.left(300)));
        QVERIFY2(r.status != 0, qPrintable(r.networkError));
        QVERIFY2(code != QLatin1String("route-not-found"), qPrintable(what));
        QVERIFY2(r.status != 405, qPrintable(what));
        QVERIFY2(statuses.contains(r.status),
                 qPrintable(what + QStringLiteral(" (not documented)")));
        if (statuses.contains(101)) // a WebSocket route: a plain request is told to upgrade
            QVERIFY2(r.status == 426, qPrintable(what));
        else
            QVERIFY2(r.status >= 200 && r.status < 300, qPrintable(what));
        QVERIFY2(!r.header("X-Request-Id").isEmpty(),
                 qPrintable(what + QStringLiteral(" without X-Request-Id")));
    }

    // A documented path with a method it does not document answers 405, and Allow lists
    // exactly the documented methods.
    void otherMethodsAreRefusedWithTheDocumentedAllow()
    {
        QHash<QString, QSet<QString>> methodsByPath;
        for (const Operation &op : m_operations)
            methodsByPath[op.path].insert(op.method);
        HttpClient http(m_server->url());
        for (auto it = methodsByPath.cbegin(); it != methodsByPath.cend(); ++it) {
            QString other;
            for (const char *m : {"PATCH", "PUT", "DELETE", "POST", "GET"})
                if (!it.value().contains(QLatin1String(m))) {
                    other = QLatin1String(m);
                    break;
                }
            QVERIFY(!other.isEmpty());
            const HttpResult r =
                http.send(other.toLatin1(), concretePath(it.key()), m_supportToken);
            const QString what =
                QStringLiteral("%1 %2 answered %3").arg(other, it.key()).arg(r.status);
            QVERIFY2(r.status == 405, qPrintable(what));
            QCOMPARE(r.object().value(QLatin1String("code")).toString(),
                     QStringLiteral("method-not-allowed"));
            QSet<QString> allow;
            for (const QByteArray &m : r.header("Allow").split(','))
                allow.insert(QString::fromLatin1(m.trimmed()));
            QCOMPARE(allow, it.value());
        }
    }

    // The documented WebSocket route really upgrades with the bearer token, and answers a
    // subscribe with the documented snapshot.
    void liveFeedUpgradesWithTheBearerToken()
    {
        QUrl url = m_server->url();
        url.setScheme(QStringLiteral("ws"));
        url.setPath(QStringLiteral("/live"));
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + m_supportToken.toUtf8());
        QWebSocket socket;
        QSignalSpy connected(&socket, &QWebSocket::connected);
        QSignalSpy received(&socket, &QWebSocket::textMessageReceived);
        socket.open(request);
        QVERIFY2(connected.wait(10000), qPrintable(socket.errorString()));
        socket.sendTextMessage(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("subscribe")},
                                      {QStringLiteral("subscriptionId"), m_account.subscriptionId}})
                .toJson(QJsonDocument::Compact)));
        QVERIFY(received.wait(10000));
        const QJsonObject snapshot =
            QJsonDocument::fromJson(received.first().first().toString().toUtf8()).object();
        QCOMPARE(snapshot.value(QLatin1String("type")).toString(), QStringLiteral("snapshot"));
        QCOMPARE(snapshot.value(QLatin1String("subscriptionId")).toString(),
                 m_account.subscriptionId);
        QVERIFY(snapshot.value(QLatin1String("subscription")).isObject());
        QVERIFY(snapshot.value(QLatin1String("recent")).isArray());
        socket.close();
    }

    void everyErrorCodeInTheSourceIsDocumented()
    {
        QStringList problems;
        const QSet<QString> codes = errorCodesInSource(&problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        // The scan itself works: codes from each of the ways the source writes them.
        for (const char *known :
             {"insufficient-credits", "subscription-frozen", "invalid-quantity",
              "idempotency-key-required", "org-not-found", "unauthorized", "method-not-allowed",
              "route-not-found", "internal-error", "invalid-limit"})
            QVERIFY2(codes.contains(QLatin1String(known)), known);

        QFile f(openApiPath());
        QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
        const QString yaml = QString::fromUtf8(f.readAll());
        QStringList undocumented;
        for (const QString &code : codes) {
            const QRegularExpression word(QStringLiteral("(?<![A-Za-z0-9-])%1(?![A-Za-z0-9-])")
                                              .arg(QRegularExpression::escape(code)));
            if (!word.match(yaml).hasMatch())
                undocumented << code;
        }
        undocumented.sort();
        QVERIFY2(undocumented.isEmpty(),
                 qPrintable(QStringLiteral(
                                "error codes in server/*.cpp missing from docs/openapi.yaml: ") +
                            undocumented.join(QStringLiteral(", "))));
    }

private:
    // The documented path with {id} replaced by a real id of the test account (for a call,
    // a new in-progress call started by the support user).
    QString concretePath(QString path)
    {
        if (!path.contains(QLatin1String("{id}")))
            return path;
        if (path.contains(QLatin1String("{webhookId}"))) {
            const QString hook = addWebhook();
            if (hook.isEmpty())
                return {};
            path.replace(QLatin1String("{webhookId}"), hook);
        }
        QString id;
        if (path.startsWith(QLatin1String("/org/")))
            id = m_account.orgId;
        else if (path.startsWith(QLatin1String("/subscription/")))
            id = m_account.subscriptionId;
        else if (path.startsWith(QLatin1String("/call/")))
            id = startCall();
        if (id.isEmpty())
            return {};
        return path.replace(QLatin1String("{id}"), id);
    }

    // A new webhook of the test account (a fresh URL each time), by its admin.
    QString addWebhook()
    {
        HttpClient http(m_server->url());
        const HttpResult r = http.send(
            "POST", QStringLiteral("/subscription/%1/webhooks").arg(m_account.subscriptionId),
            m_account.adminToken,
            requestBody("POST", QStringLiteral("/subscription/{id}/webhooks")));
        return r.status == 201 ? r.object().value(QLatin1String("id")).toString() : QString();
    }

    QString startCall()
    {
        HttpClient http(m_server->url());
        const HttpResult r = http.send("POST", QStringLiteral("/call"), m_supportToken,
                                       requestBody("POST", QStringLiteral("/call")));
        return r.status == 201 ? r.object().value(QLatin1String("id")).toString() : QString();
    }

    // A valid body for each documented route that takes one.
    QByteArray requestBody(const QString &method, const QString &path) const
    {
        if (method != QLatin1String("POST") && method != QLatin1String("DELETE") &&
            method != QLatin1String("PUT") && method != QLatin1String("PATCH"))
            return {};
        QJsonObject body;
        if (path.startsWith(QLatin1String("/subscription/{id}/concurrency")))
            body = {{QStringLiteral("quantity"), 1}};
        else if (path == QLatin1String("/call"))
            body = {{QStringLiteral("orgId"), m_account.orgId},
                    {QStringLiteral("type"), QStringLiteral("webCall")}};
        else if (path == QLatin1String("/subscription/{id}/alert-rules"))
            body = {{QStringLiteral("nearLimitPercent"), 85}};
        else if (path == QLatin1String("/subscription/{id}/webhooks"))
            body = {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/hook/") +
                                                QUuid::createUuid().toString(QUuid::WithoutBraces)},
                    {QStringLiteral("secret"), QStringLiteral("tst_openapi-secret-16")}};
        else if (path == QLatin1String("/call/{id}") && method == QLatin1String("PATCH"))
            body = {{QStringLiteral("name"), QStringLiteral("Renamed by tst_openapi")},
                    {QStringLiteral("reason"), QStringLiteral("tst_openapi")}};
        else if (path == QLatin1String("/call/{id}/end") || path == QLatin1String("/call/{id}"))
            body = {{QStringLiteral("reason"), QStringLiteral("tst_openapi")}};
        else if (path == QLatin1String("/analytics"))
            body = {{QStringLiteral("queries"),
                     QJsonArray{QJsonObject{
                         {QStringLiteral("table"), QStringLiteral("subscription")},
                         {QStringLiteral("subscriptionId"), m_account.subscriptionId},
                         {QStringLiteral("operations"),
                          QJsonArray{QJsonObject{
                              {QStringLiteral("operation"), QStringLiteral("max")},
                              {QStringLiteral("column"), QStringLiteral("concurrency")}}}}}}}};
        return QJsonDocument(body).toJson(QJsonDocument::Compact);
    }

    QList<Operation> m_operations;
    std::unique_ptr<TestServer> m_server;
    TestAccount m_account;
    QString m_supportToken;
};

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
