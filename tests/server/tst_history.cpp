#include "testserver.h"

#include "history.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QWebSocket>

using namespace linedesk;
using namespace linedesk::test;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

// One series per result key, in bucket order.
QList<double> column(const QJsonArray &answer, int query, const char *key)
{
    QList<double> values;
    const QJsonArray rows = answer.at(query).toObject().value(QLatin1String("result")).toArray();
    for (const QJsonValue &row : rows)
        values << row.toObject().value(QLatin1String(key)).toDouble(-1);
    return values;
}

} // namespace

// Concurrency history: per-second rows written by admission, rolled up per minute after
// 48 h, forgotten after 90 days, and read back through POST /analytics and the live
// snapshot. Every expected number is worked out by hand from a scripted day.
class TestHistory : public QObject
{
    Q_OBJECT

    // The script, at whole seconds after t0 on a subscription with 2 lines:
    //   +1 start c1 → 1      +2 start c2 → 2, c3 blocked      +4 end c1 → 1
    //   +5 start c4 → 2, c5 and c6 blocked                    +7 end c2 → 1, end c4 → 0
    //   +8 start c7 and end it in the same millisecond (a peak of 1 that lasts no time)
    // Per second (max, count at the end, blocked):
    //   0:(0,0,0) 1:(1,1,0) 2:(2,2,1) 3:(2,2,0) 4:(2,1,0) 5:(2,2,2) 6:(2,2,0) 7:(2,0,0)
    //   8:(1,0,0) 9…:(0,0,0)
    struct Scripted
    {
        TestAccount account;
        QDateTime t0;
    };
    Scripted runScript(TestServer &server, HttpClient &http)
    {
        Scripted s;
        s.account = server.createAccount(QStringLiteral("Scripted"), 100'00, 2);
        s.t0 = server.clock().now();
        const QString token = s.account.adminToken;
        auto at = [&](int seconds) { server.clock().set(s.t0.addSecs(seconds)); };
        auto start = [&] {
            return str(http.post(QStringLiteral("/call"), token, {}).object(), "id");
        };
        auto end = [&](const QString &id) {
            return http.post(QStringLiteral("/call/%1/end").arg(id), token, {}).status;
        };
        at(1);
        const QString c1 = start();
        at(2);
        const QString c2 = start();
        start(); // blocked
        at(4);
        end(c1);
        at(5);
        const QString c4 = start();
        start();
        start();
        at(7);
        end(c2);
        end(c4);
        at(8);
        end(start());
        at(30);
        return s;
    }

    QJsonArray analytics(HttpClient &http, const QString &token, const QString &subscriptionId,
                         const QDateTime &start, const QDateTime &end, const QString &step,
                         const QString &table = QStringLiteral("subscription"))
    {
        QJsonArray ops;
        if (table == QLatin1String("subscription")) {
            for (const char *op : {"max", "avg", "min"})
                ops.append(QJsonObject{{QStringLiteral("operation"), QLatin1String(op)},
                                       {QStringLiteral("column"), QStringLiteral("concurrency")}});
            ops.append(QJsonObject{{QStringLiteral("operation"), QStringLiteral("sum")},
                                   {QStringLiteral("column"), QStringLiteral("blocked")},
                                   {QStringLiteral("alias"), QStringLiteral("blockedCalls")}});
        } else {
            ops.append(QJsonObject{{QStringLiteral("operation"), QStringLiteral("count")},
                                   {QStringLiteral("column"), QStringLiteral("id")}});
            ops.append(QJsonObject{{QStringLiteral("operation"), QStringLiteral("sum")},
                                   {QStringLiteral("column"), QStringLiteral("blocked")}});
            for (const char *op : {"sum", "avg", "max", "min", "count"})
                ops.append(QJsonObject{{QStringLiteral("operation"), QLatin1String(op)},
                                       {QStringLiteral("column"), QStringLiteral("duration")},
                                       {QStringLiteral("alias"),
                                        QStringLiteral("%1Duration").arg(QLatin1String(op))}});
        }
        QJsonObject query{
            {QStringLiteral("name"), QStringLiteral("q")},
            {QStringLiteral("table"), table},
            {QStringLiteral("timeRange"), QJsonObject{{QStringLiteral("start"), iso(start)},
                                                      {QStringLiteral("end"), iso(end)},
                                                      {QStringLiteral("step"), step}}},
            {QStringLiteral("operations"), ops}};
        if (!subscriptionId.isEmpty())
            query.insert(QStringLiteral("subscriptionId"), subscriptionId);
        const HttpResult r = http.post(QStringLiteral("/analytics"), token,
                                       {{QStringLiteral("queries"), QJsonArray{query}}});
        if (r.status != 200)
            qWarning("analytics answered %d: %s", r.status, r.body.constData());
        return r.array();
    }

    static int rows(TestServer &server, const char *table, const QString &subscriptionId)
    {
        return server.countRows(QLatin1String(table), subscriptionId);
    }

private Q_SLOTS:
    void perSecondHistory()
    {
        TestServer server;
        HttpClient http(server.url());
        const Scripted s = runScript(server, http);
        const QJsonArray answer = analytics(http, s.account.adminToken, s.account.subscriptionId,
                                            s.t0, s.t0.addSecs(10), QStringLiteral("second"));
        QCOMPARE(answer.size(), 1);
        const QJsonArray result = answer.at(0).toObject().value(QLatin1String("result")).toArray();
        QCOMPARE(result.size(), 10);
        QCOMPARE(str(result.at(0).toObject(), "date"), iso(s.t0));
        QCOMPARE(str(result.at(9).toObject(), "date"), iso(s.t0.addSecs(9)));
        QCOMPARE(str(answer.at(0).toObject(), "name"), QStringLiteral("q"));
        QCOMPARE(column(answer, 0, "maxConcurrency"),
                 (QList<double>{0, 1, 2, 2, 2, 2, 2, 2, 1, 0}));
        QCOMPARE(column(answer, 0, "avgConcurrency"),
                 (QList<double>{0, 1, 2, 2, 1, 2, 2, 0, 0, 0}));
        QCOMPARE(column(answer, 0, "minConcurrency"),
                 (QList<double>{0, 1, 2, 2, 1, 2, 2, 0, 0, 0}));
        QCOMPARE(column(answer, 0, "blockedCalls"), (QList<double>{0, 0, 1, 0, 0, 2, 0, 0, 0, 0}));
        // Only seconds in which something happened are stored: 1, 2, 4, 5, 7, 8.
        QCOMPARE(rows(server, "concurrency_second", s.account.subscriptionId), 6);
    }

    void perMinuteAndWholeRange()
    {
        TestServer server;
        HttpClient http(server.url());
        const Scripted s = runScript(server, http);
        const QJsonArray minutes = analytics(http, s.account.adminToken, s.account.subscriptionId,
                                             s.t0, s.t0.addSecs(120), QStringLiteral("minute"));
        QCOMPARE(column(minutes, 0, "maxConcurrency"), (QList<double>{2, 0}));
        QCOMPARE(column(minutes, 0, "minConcurrency"), (QList<double>{0, 0}));
        QCOMPARE(column(minutes, 0, "blockedCalls"), (QList<double>{3, 0}));
        const QList<double> avg = column(minutes, 0, "avgConcurrency");
        QCOMPARE(avg.size(), 2);
        // Σ counts at each second's end = 1+2+2+1+2+2 = 10 call-seconds over 60 s.
        QVERIFY2(qAbs(avg.at(0) - 10.0 / 60) < 0.001, qPrintable(QString::number(avg.at(0))));
        QCOMPARE(avg.at(1), 0.0);

        // A range starting in the middle of the script carries the count in force then.
        const QJsonArray mid =
            analytics(http, s.account.adminToken, s.account.subscriptionId, s.t0.addSecs(3),
                      s.t0.addSecs(7), QStringLiteral("second"));
        QCOMPARE(column(mid, 0, "maxConcurrency"), (QList<double>{2, 2, 2, 2}));
        QCOMPARE(column(mid, 0, "avgConcurrency"), (QList<double>{2, 1, 2, 2}));
        QCOMPARE(column(mid, 0, "blockedCalls"), (QList<double>{0, 0, 2, 0}));

        // The caller's only subscription is the default; step hour over a partial hour.
        const QJsonArray hour = analytics(http, s.account.viewerToken, {}, s.t0, s.t0.addSecs(5400),
                                          QStringLiteral("hour"));
        QCOMPARE(column(hour, 0, "maxConcurrency"), (QList<double>{2, 0}));
        QCOMPARE(column(hour, 0, "blockedCalls"), (QList<double>{3, 0}));
        QCOMPARE(str(hour.at(0).toObject(), "subscriptionId"), s.account.subscriptionId);
    }

    void callTable()
    {
        TestServer server;
        HttpClient http(server.url());
        const Scripted s = runScript(server, http);
        const QJsonArray answer =
            analytics(http, s.account.adminToken, s.account.subscriptionId, s.t0, s.t0.addSecs(120),
                      QStringLiteral("minute"), QStringLiteral("call"));
        // 7 attempts, 3 blocked; ended calls c1 3 s, c2 5 s, c4 2 s, c7 0 s.
        QCOMPARE(column(answer, 0, "countId"), (QList<double>{7, 0}));
        QCOMPARE(column(answer, 0, "sumBlocked"), (QList<double>{3, 0}));
        QCOMPARE(column(answer, 0, "sumDuration"), (QList<double>{10, 0}));
        QCOMPARE(column(answer, 0, "avgDuration"), (QList<double>{2.5, 0}));
        QCOMPARE(column(answer, 0, "maxDuration"), (QList<double>{5, 0}));
        QCOMPARE(column(answer, 0, "minDuration"), (QList<double>{0, 0}));
        QCOMPARE(column(answer, 0, "countDuration"), (QList<double>{4, 0}));
    }

    // The limit in force at each moment is what history keeps, not today's limit.
    void limitInForceIsKept()
    {
        TestServer server;
        HttpClient http(server.url());
        const Scripted s = runScript(server, http); // clock at t0 + 30 s
        const QString sub = s.account.subscriptionId;
        const HttpResult buy =
            http.post(QStringLiteral("/subscription/%1/concurrency").arg(sub), s.account.adminToken,
                      {{QStringLiteral("quantity"), 1}}, {{"Idempotency-Key", "history-buy"}});
        QCOMPARE(buy.status, 201);
        server.clock().set(s.t0.addSecs(40));
        http.post(QStringLiteral("/call"), s.account.adminToken, {});
        server.clock().set(s.t0.addSecs(45));

        // Straight from the store: the old limit before the purchase, the new one from it.
        server::History history(server.db());
        const QList<server::UsageSegment> usage = server::History::bucket(
            history.usage(sub, s.t0.toSecsSinceEpoch(), s.t0.toSecsSinceEpoch() + 45),
            s.t0.toSecsSinceEpoch(), s.t0.toSecsSinceEpoch() + 45, 1);
        QCOMPARE(usage.size(), 45);
        for (int i = 0; i < 45; ++i) {
            QCOMPARE(usage.at(i).startSec, s.t0.toSecsSinceEpoch() + i);
            QCOMPARE(usage.at(i).limit, i < 30 ? 2 : 3);
            QCOMPARE(usage.at(i).maxActive,
                     i >= 40 ? 1 : (QList<int>{0, 1, 2, 2, 2, 2, 2, 2, 1}.value(i)));
        }

        // And through the live feed's snapshot: [t, active, blocked, limit] per second.
        QWebSocket socket;
        QSignalSpy connected(&socket, &QWebSocket::connected);
        QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
        QUrl url = server.url();
        url.setScheme(QStringLiteral("ws"));
        url.setPath(QStringLiteral("/live"));
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + s.account.viewerToken.toUtf8());
        socket.open(request);
        QVERIFY(connected.wait(10000));
        socket.sendTextMessage(
            QStringLiteral(R"({"type":"subscribe","subscriptionId":"%1"})").arg(sub));
        QVERIFY(messages.wait(10000));
        const QJsonObject snapshot =
            QJsonDocument::fromJson(messages.first().first().toString().toUtf8()).object();
        QCOMPARE(str(snapshot, "type"), QStringLiteral("snapshot"));
        const QJsonArray recent = snapshot.value(QLatin1String("recent")).toArray();
        QCOMPARE(recent.size(), 300);
        // The last entry is the current second (t0 + 45 s); t0 + k is at 299 - 45 + k.
        const qint64 t0Ms = s.t0.toMSecsSinceEpoch();
        QCOMPARE(recent.last().toArray().at(0).toInteger(), t0Ms + 45'000);
        for (int k = 0; k <= 45; ++k) {
            const QJsonArray e = recent.at(299 - 45 + k).toArray();
            QCOMPARE(e.size(), 4);
            QCOMPARE(e.at(0).toInteger(), t0Ms + k * 1000);
            QCOMPARE(e.at(3).toInt(), k < 30 ? 2 : 3);
        }
        QCOMPARE(recent.at(299 - 45 + 5).toArray().at(1).toInt(), 2);
        QCOMPARE(recent.at(299 - 45 + 5).toArray().at(2).toInt(), 2);
        QCOMPARE(recent.at(299 - 45 + 2).toArray().at(2).toInt(), 1);
        QCOMPARE(recent.at(299 - 45 + 40).toArray().at(1).toInt(), 1);
        // Before anything was recorded the limit was 2 as well, not today's 3.
        QCOMPARE(recent.at(0).toArray().at(1).toInt(), 0);
        QCOMPARE(recent.at(0).toArray().at(3).toInt(), 2);
    }

    // Seconds older than 48 h become minutes (max, min, avg, blocked); the service's job does
    // it; analytics over the rolled-up range answers the same maxima and blocked counts;
    // minutes older than 90 days are deleted.
    void rollUpAndRetention()
    {
        TestServer server;
        HttpClient http(server.url());
        const Scripted s = runScript(server, http);
        const QString sub = s.account.subscriptionId;
        QCOMPARE(rows(server, "concurrency_second", sub), 6);
        QCOMPARE(rows(server, "concurrency_minute", sub), 0);

        // 48 h 5 min after t0: the cutoff is t0 + 5 min; the script's minute and the four
        // quiet ones after it are rolled up by the service's job.
        server.clock().set(s.t0.addSecs(48 * 3600 + 300));
        QTRY_COMPARE_WITH_TIMEOUT(rows(server, "concurrency_second", sub), 0, 15000);
        QCOMPARE(rows(server, "concurrency_minute", sub), 5);
        QSqlQuery q = server.db().exec(
            QStringLiteral(
                "SELECT t, max_active, min_active, avg_active_milli, last_active, blocked,"
                " line_limit FROM concurrency_minute WHERE subscription_id = :s ORDER BY t"),
            {{":s", sub}});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), s.t0.toSecsSinceEpoch());
        QCOMPARE(q.value(1).toInt(), 2);
        QCOMPARE(q.value(2).toInt(), 0);
        QCOMPARE(q.value(3).toLongLong(), qint64(10'000 / 60)); // 10 call-seconds / 60 s
        QCOMPARE(q.value(4).toInt(), 0);
        QCOMPARE(q.value(5).toInt(), 3);
        QCOMPARE(q.value(6).toInt(), 2);
        for (int m = 1; m < 5; ++m) {
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toLongLong(), s.t0.toSecsSinceEpoch() + 60 * m);
            QCOMPARE(q.value(1).toInt(), 0);
            QCOMPARE(q.value(5).toInt(), 0);
        }
        QVERIFY(!q.next());

        // Analytics over the rolled-up range: minute, hour and day steps.
        const QJsonArray minutes = analytics(http, s.account.adminToken, sub, s.t0,
                                             s.t0.addSecs(120), QStringLiteral("minute"));
        QCOMPARE(column(minutes, 0, "maxConcurrency"), (QList<double>{2, 0}));
        QCOMPARE(column(minutes, 0, "blockedCalls"), (QList<double>{3, 0}));
        QVERIFY(qAbs(column(minutes, 0, "avgConcurrency").value(0) - 10.0 / 60) < 0.001);
        const QJsonArray hours = analytics(http, s.account.adminToken, sub, s.t0,
                                           s.t0.addSecs(3 * 3600), QStringLiteral("hour"));
        QCOMPARE(column(hours, 0, "maxConcurrency"), (QList<double>{2, 0, 0}));
        QCOMPARE(column(hours, 0, "blockedCalls"), (QList<double>{3, 0, 0}));
        QVERIFY(qAbs(column(hours, 0, "avgConcurrency").value(0) - 10.0 / 3600) < 0.001);
        const QDateTime midnight(s.t0.date(), QTime(0, 0), Qt::UTC);
        const QJsonArray days = analytics(http, s.account.adminToken, sub, midnight,
                                          midnight.addDays(3), QStringLiteral("day"));
        QCOMPARE(column(days, 0, "maxConcurrency"), (QList<double>{2, 0, 0}));
        QCOMPARE(column(days, 0, "blockedCalls"), (QList<double>{3, 0, 0}));
        QCOMPARE(
            str(days.at(0).toObject().value(QLatin1String("result")).toArray().at(1).toObject(),
                "date"),
            iso(midnight.addDays(1)));

        // 90 days and 2.5 minutes after t0: the minutes t0, +1 and +2 are older than 90 days.
        server.clock().set(s.t0.addDays(90).addSecs(150));
        QTRY_COMPARE_WITH_TIMEOUT(rows(server, "concurrency_minute", sub), 2, 15000);
        QSqlQuery left = server.db().exec(
            QStringLiteral("SELECT MIN(t) FROM concurrency_minute WHERE subscription_id = :s"),
            {{":s", sub}});
        QVERIFY(left.next());
        QCOMPARE(left.value(0).toLongLong(), s.t0.toSecsSinceEpoch() + 180);
        QCOMPARE(rows(server, "concurrency_second", sub), 0);
    }

    // History::rollUp called directly on the test's own connection: the same rows, and a
    // second roll-up changes nothing.
    void rollUpDirectly()
    {
        TestServer server;
        HttpClient http(server.url());
        const Scripted s = runScript(server, http);
        const QString sub = s.account.subscriptionId;
        server::History history(server.db());
        // A second younger than 48 h at the roll-up stays a second.
        server.clock().set(s.t0.addSecs(47 * 3600));
        const QString late =
            str(http.post(QStringLiteral("/call"), s.account.adminToken, {}).object(), "id");
        QCOMPARE(
            http.post(QStringLiteral("/call/%1/end").arg(late), s.account.adminToken, {}).status,
            200);
        QCOMPARE(rows(server, "concurrency_second", sub), 7);
        const qint64 now = s.t0.addSecs(48 * 3600 + 120).toMSecsSinceEpoch();
        QCOMPARE(history.rollUp(now), 6);
        QCOMPARE(rows(server, "concurrency_second", sub), 1);
        QCOMPARE(rows(server, "concurrency_minute", sub), 2);
        QCOMPARE(history.rollUp(now), 0);
        QCOMPARE(rows(server, "concurrency_minute", sub), 2);
        const QList<server::UsageSegment> usage =
            history.usage(sub, s.t0.toSecsSinceEpoch(), s.t0.toSecsSinceEpoch() + 180);
        QCOMPARE(usage.size(), 3); // two minutes, then the carried quiet minute
        QCOMPARE(usage.at(0).durationSec, 60);
        QCOMPARE(usage.at(0).maxActive, 2);
        QCOMPARE(usage.at(0).blocked, 3);
        QCOMPARE(usage.at(1).maxActive, 0);
        QCOMPARE(usage.at(2).startSec, s.t0.toSecsSinceEpoch() + 120);
        QCOMPARE(usage.at(2).durationSec, 60);
        QCOMPARE(usage.at(2).limit, 2);
    }

    void badQueries_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        const QByteArray range =
            R"("timeRange":{"start":"2026-03-10T00:00:00.000Z","end":"2026-03-11T00:00:00.000Z","step":"hour"})";
        const QByteArray ops = R"("operations":[{"operation":"max","column":"concurrency"}])";
        auto q = [&](const QByteArray &inner) {
            return QByteArray(R"({"queries":[{)") + inner + "}]}";
        };
        QTest::newRow("no queries") << QByteArray("{}") << "invalid-analytics-query";
        QTest::newRow("queries empty")
            << QByteArray(R"({"queries":[]})") << "invalid-analytics-query";
        QTest::newRow("queries not an array")
            << QByteArray(R"({"queries":{}})") << "invalid-analytics-query";
        QTest::newRow("query not an object")
            << QByteArray(R"({"queries":[1]})") << "invalid-analytics-query";
        QTest::newRow("unknown table")
            << q(R"("table":"org",)" + range + "," + ops) << "invalid-analytics-query";
        QTest::newRow("unknown step")
            << q(R"("table":"subscription","timeRange":{"start":"2026-03-10T00:00:00.000Z","end":"2026-03-11T00:00:00.000Z","step":"fortnight"},)" +
                 ops)
            << "invalid-analytics-query";
        QTest::newRow("start after end")
            << q(R"("table":"subscription","timeRange":{"start":"2026-03-12T00:00:00.000Z","end":"2026-03-11T00:00:00.000Z","step":"hour"},)" +
                 ops)
            << "invalid-analytics-query";
        QTest::newRow("start not a time")
            << q(R"("table":"subscription","timeRange":{"start":"yesterday","end":"2026-03-11T00:00:00.000Z","step":"hour"},)" +
                 ops)
            << "invalid-analytics-query";
        QTest::newRow("too many buckets")
            << q(R"("table":"subscription","timeRange":{"start":"2026-01-01T00:00:00.000Z","end":"2026-03-01T00:00:00.000Z","step":"second"},)" +
                 ops)
            << "invalid-analytics-query";
        QTest::newRow("no operations")
            << q(R"("table":"subscription",)" + range + R"(,"operations":[])")
            << "invalid-analytics-query";
        QTest::newRow("unknown operation")
            << q(R"("table":"subscription",)" + range +
                 R"(,"operations":[{"operation":"median","column":"concurrency"}])")
            << "invalid-analytics-query";
        QTest::newRow("unknown column")
            << q(R"("table":"subscription",)" + range +
                 R"(,"operations":[{"operation":"max","column":"cost"}])")
            << "invalid-analytics-query";
        QTest::newRow("sum of concurrency")
            << q(R"("table":"subscription",)" + range +
                 R"(,"operations":[{"operation":"sum","column":"concurrency"}])")
            << "invalid-analytics-query";
        QTest::newRow("call table, concurrency column")
            << q(R"("table":"call",)" + range +
                 R"(,"operations":[{"operation":"max","column":"concurrency"}])")
            << "invalid-analytics-query";
        QByteArray many = R"({"queries":[)";
        for (int i = 0; i < 21; ++i)
            many += (i ? "," : "") + QByteArray(R"({"table":"subscription",)") + range + "," + ops +
                    "}";
        many += "]}";
        QTest::newRow("21 queries") << many << "invalid-analytics-query";
        QTest::newRow("body not an object") << QByteArray("[]") << "invalid-body";
        QTest::newRow("malformed JSON") << QByteArray("{") << "malformed-json";
    }
    void badQueries()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Asks"), 0, 2);
        const HttpResult r = http.send("POST", QStringLiteral("/analytics"), a.adminToken, body);
        QCOMPARE(r.status, 400);
        QCOMPARE(str(r.object(), "code"), code);
        QVERIFY(!str(r.object(), "message").isEmpty());
    }

    void visibility()
    {
        TestServer server;
        HttpClient http(server.url());
        const TestAccount a = server.createAccount(QStringLiteral("Mine"), 0, 2);
        const TestAccount b = server.createAccount(QStringLiteral("Theirs"), 0, 2);
        const QDateTime now = server.clock().now();
        const auto ask = [&](const QString &token, const QString &subscriptionId) {
            QJsonObject query{{QStringLiteral("table"), QStringLiteral("subscription")},
                              {QStringLiteral("timeRange"),
                               QJsonObject{{QStringLiteral("start"), iso(now.addSecs(-3600))},
                                           {QStringLiteral("end"), iso(now)},
                                           {QStringLiteral("step"), QStringLiteral("hour")}}},
                              {QStringLiteral("operations"),
                               QJsonArray{QJsonObject{
                                   {QStringLiteral("operation"), QStringLiteral("max")},
                                   {QStringLiteral("column"), QStringLiteral("concurrency")}}}}};
            if (!subscriptionId.isEmpty())
                query.insert(QStringLiteral("subscriptionId"), subscriptionId);
            return http.post(QStringLiteral("/analytics"), token,
                             {{QStringLiteral("queries"), QJsonArray{query}}});
        };
        const HttpResult foreign = ask(a.adminToken, b.subscriptionId);
        QCOMPARE(foreign.status, 404);
        QCOMPARE(str(foreign.object(), "code"), QStringLiteral("subscription-not-found"));
        QCOMPARE(ask(a.viewerToken, b.subscriptionId).status, 404);
        QCOMPARE(ask(a.adminToken, QStringLiteral("nope")).status, 404);
        QCOMPARE(ask(a.viewerToken, a.subscriptionId).status, 200);
        const QString support = server.createSupportToken();
        QCOMPARE(ask(support, b.subscriptionId).status, 200);
        const HttpResult supportDefault = ask(support, {});
        QCOMPARE(supportDefault.status, 400);
        QCOMPARE(str(supportDefault.object(), "code"), QStringLiteral("invalid-analytics-query"));
        QCOMPARE(ask(QStringLiteral("bad-token"), a.subscriptionId).status, 401);
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
