#include "pgcluster.h"
#include "serverprocess.h"
#include "testserver.h"
#include "webhookreceiver.h"

#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>

using namespace linedesk;
using namespace linedesk::test;

// Several linedesk-server instances on one PostgreSQL database, as behind a load balancer:
// whichever instance each request reaches, PRODUCT.md's invariants hold — no overbooking,
// one charge per key, one renewal per period, an expired lease freed once (also when the
// instance that admitted the call was killed), a revoked token refused everywhere, live
// updates on every instance, and one migration of an empty database. Runs on PostgreSQL only
// (ctest -L postgres): SQLite's instances share one file on one machine, tst_concurrency.

namespace {

constexpr int kInstances = 3;

// The other instances of a TestServer's database, on its clock.
std::vector<std::unique_ptr<server::ServiceThread>> moreInstances(TestServer &first, int count,
                                                                  qint64 leaseMs = 0)
{
    std::vector<std::unique_ptr<server::ServiceThread>> out;
    for (int i = 0; i < count; ++i) {
        server::ServiceConfig config;
        config.address = QHostAddress::LocalHost;
        config.port = 0;
        config.databasePath = first.databasePath();
        config.demoTokensPath = first.dir() + QStringLiteral("/demo-tokens-%1.json").arg(i);
        config.renewalCheckIntervalMs = 50;
        config.clock = first.sharedClock();
        config.allowPrivateWebhooks = true;
        if (leaseMs > 0)
            config.leaseMs = leaseMs;
        out.push_back(std::make_unique<server::ServiceThread>(config));
        QString error;
        if (!out.back()->start(&error))
            qFatal("instance %d did not start: %s", i + 2, qPrintable(error));
    }
    return out;
}

int scalar(server::Database &db, const QString &sql, const QVariantMap &binds = {})
{
    QSqlQuery q = db.exec(sql, binds);
    return q.next() ? q.value(0).toInt() : -1;
}

// A client that starts a call at a random instance and ends it at another, `rounds` times,
// without waiting for anyone else.
class CallLoop : public QObject
{
public:
    CallLoop(QList<QUrl> instances, QString token, QString orgId, int rounds, quint32 seed)
        : m_instances(std::move(instances)), m_token(std::move(token)), m_orgId(std::move(orgId)),
          m_left(rounds), m_random(seed)
    {}
    void start() { next(); }
    bool done() const { return m_done; }

    int admitted = 0;
    int blocked = 0;
    int unexpected = 0;

private:
    QNetworkReply *post(const QString &path, const QJsonObject &body)
    {
        const QUrl base = m_instances.at(int(m_random.bounded(quint32(m_instances.size()))));
        QNetworkRequest request(base.resolved(QUrl(path)));
        request.setTransferTimeout(30000);
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        return m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    void next()
    {
        if (m_left-- == 0) {
            m_done = true;
            return;
        }
        QNetworkReply *reply = post(QStringLiteral("/call"), {{QStringLiteral("orgId"), m_orgId}});
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject call = QJsonDocument::fromJson(reply->readAll()).object();
            if (status != 201) {
                ++unexpected;
                next();
            } else if (call.value(QLatin1String("status")).toString() == QLatin1String("ended")) {
                ++blocked;
                next();
            } else {
                ++admitted;
                end(call.value(QLatin1String("id")).toString());
            }
        });
    }
    void end(const QString &id)
    {
        QNetworkReply *reply = post(QStringLiteral("/call/%1/end").arg(id), {});
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                ++unexpected;
            next();
        });
    }

    QList<QUrl> m_instances;
    QString m_token;
    QString m_orgId;
    int m_left;
    QRandomGenerator m_random;
    QNetworkAccessManager m_network;
    bool m_done = false;
};

} // namespace

class TestMultiInstance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestServer::postgresRequested(),
                 "several instances share a PostgreSQL database: run with "
                 "LINEDESK_TEST_BACKEND=postgres (ctest -L postgres)");
    }

    // Two instances see the same episodes (their own calls, and each other's by NOTIFY):
    // each fires once and resolves once, and its webhook is delivered once successfully,
    // through a failure, by whichever instance claims it.
    void alertEpisodesFireOnceAcrossInstances()
    {
        TestServer first(TestServer::defaultStart(), false, 86'400'000);
        auto others = moreInstances(first, 1, 86'400'000);
        const QList<QUrl> urls{first.url(), others.front()->url()};
        const TestAccount a = first.createAccount(QStringLiteral("Both"), 100'00, 4);
        HttpClient x(urls.at(0));
        HttpClient y(urls.at(1));
        QCOMPARE(x.send("PUT", QStringLiteral("/subscription/%1/alert-rules").arg(a.subscriptionId),
                        a.adminToken, R"({"nearLimitPercent": 75, "nearLimitSeconds": 10})")
                     .status,
                 200);
        WebhookReceiver receiver({500, 200});
        QCOMPARE(y.post(QStringLiteral("/subscription/%1/webhooks").arg(a.subscriptionId),
                        a.adminToken,
                        {{QStringLiteral("url"), receiver.url()},
                         {QStringLiteral("secret"), QStringLiteral("a-secret-of-16-chars")}})
                     .status,
                 201);
        // 3 of 4 lines (75 %) through both instances; then blocked calls through both.
        for (int i = 0; i < 4; ++i)
            QCOMPARE((i % 2 ? y : x).post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        for (int i = 0; i < 6; ++i) {
            const HttpResult r = (i % 2 ? x : y).post(QStringLiteral("/call"), a.adminToken, {});
            QVERIFY(!r.object().value(QLatin1String("endedReason")).toString().isEmpty());
        }
        const auto count = [&](const QString &kind, const QString &state) {
            return scalar(first.db(),
                          QStringLiteral("SELECT COUNT(*) FROM alert WHERE subscription_id = :s"
                                         " AND kind = :k AND (:st = '' OR state = :st)"),
                          {{QStringLiteral(":s"), a.subscriptionId},
                           {QStringLiteral(":k"), kind},
                           {QStringLiteral(":st"), state}});
        };
        QCOMPARE(count(QStringLiteral("blocked"), QString()), 1);
        // Let both instances tick well past the near-limit hold and the retry.
        const auto tick = [&](qint64 ms) {
            first.clock().advance(ms);
            const int a1 = first.service().completedJobRuns();
            const int b1 = others.front()->completedJobRuns();
            QTRY_VERIFY(first.service().completedJobRuns() >= a1 + 3 &&
                        others.front()->completedJobRuns() >= b1 + 3);
        };
        for (int i = 0; i < 6; ++i)
            tick(2'000);
        QCOMPARE(count(QStringLiteral("near-limit"), QStringLiteral("firing")), 1);
        QCOMPARE(count(QStringLiteral("blocked"), QString()), 1);
        QTRY_COMPARE(receiver.succeeded("alert.firing"), 2); // near-limit and blocked, once each
        for (int i = 0; i < 4; ++i)
            tick(2'000);
        QCOMPARE(receiver.succeeded("alert.firing"), 2);
        // Resolved once each: blocked after 300 s quiet, near-limit 10 s (at least 30) below.
        // 2 of 4 ends (one through each instance): below 75 %.
        const QJsonArray active =
            x.get(QStringLiteral("/subscription/%1/calls").arg(a.subscriptionId), a.adminToken)
                .object()
                .value(QLatin1String("results"))
                .toArray();
        QCOMPARE(active.size(), 4);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(
                (i ? x : y)
                    .post(QStringLiteral("/call/%1/end")
                              .arg(active.at(i).toObject().value(QLatin1String("id")).toString()),
                          a.adminToken, {})
                    .status,
                200);
        for (int i = 0; i < 4; ++i)
            tick(100'000);
        QTRY_COMPARE(receiver.succeeded("alert.resolved"), 2);
        for (int i = 0; i < 4; ++i)
            tick(2'000);
        QCOMPARE(count(QStringLiteral("blocked"), QStringLiteral("resolved")), 1);
        QCOMPARE(count(QStringLiteral("near-limit"), QStringLiteral("resolved")), 1);
        QCOMPARE(count(QStringLiteral("blocked"), QString()), 1);
        QCOMPARE(count(QStringLiteral("near-limit"), QString()), 1);
        QCOMPARE(receiver.succeeded(), 4);
        QCOMPARE(scalar(first.db(),
                        QStringLiteral("SELECT COUNT(*) FROM webhook_delivery d JOIN webhook w ON"
                                       " w.id = d.webhook_id WHERE w.subscription_id = :s AND"
                                       " d.state = 'delivered'"),
                        {{QStringLiteral(":s"), a.subscriptionId}}),
                 4);
    }

    // Two instances started at the same moment on an empty database: both come up, and the
    // schema is migrated once.
    void emptyDatabaseMigratesOnce()
    {
        QString error;
        const QString uri = PgCluster::createDatabase(&error);
        QVERIFY2(!uri.isEmpty(), qPrintable(error));
        auto clock = std::make_shared<server::ManualClock>(TestServer::defaultStart());
        QTemporaryDir dir;
        std::vector<std::unique_ptr<server::ServiceThread>> services;
        for (int i = 0; i < 2; ++i) {
            server::ServiceConfig config;
            config.port = 0;
            config.databasePath = uri;
            config.demoTokensPath = dir.filePath(QStringLiteral("tokens%1.json").arg(i));
            config.clock = clock;
            services.push_back(std::make_unique<server::ServiceThread>(config));
        }
        QAtomicInt started = 0;
        std::vector<std::unique_ptr<QThread>> starters;
        QStringList errors(2);
        for (int i = 0; i < 2; ++i)
            starters.emplace_back(QThread::create([&, i] {
                if (services.at(i)->start(&errors[i]))
                    started.fetchAndAddOrdered(1);
            }));
        for (auto &t : starters)
            t->start();
        for (auto &t : starters)
            QVERIFY(t->wait(60000));
        QVERIFY2(started.loadAcquire() == 2, qPrintable(errors.join(QLatin1String("; "))));
        auto db = server::Database::open(uri);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT COUNT(*) FROM schema_version")),
                 server::Database::latestVersion());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT COUNT(DISTINCT version) FROM schema_version")),
                 server::Database::latestVersion());
        for (auto &s : services)
            s->stop();
    }

    // 24 clients start and end calls through random instances against a 5-line limit: the
    // database never holds more calls in progress than the limit, in any sample.
    void admissionNeverOverbooks()
    {
        TestServer first;
        auto others = moreInstances(first, kInstances - 1);
        const TestAccount a = first.createAccount(QStringLiteral("Busy"), 100'00, 5);
        QList<QUrl> urls{first.url()};
        for (auto &o : others)
            urls << o->url();

        int samples = 0, overbooked = 0, maxInProgress = 0;
        QTimer sampler;
        QObject::connect(&sampler, &QTimer::timeout, [&] {
            QSqlQuery q = first.db().exec(
                QStringLiteral("SELECT s.active_calls, s.included_lines + s.purchased_lines,"
                               " (SELECT COUNT(*) FROM call c WHERE c.subscription_id = s.id"
                               " AND c.status = 'in-progress') FROM subscription s"
                               " WHERE s.id = :id"),
                {{":id", a.subscriptionId}});
            if (!q.next())
                return;
            ++samples;
            const int active = q.value(0).toInt(), limit = q.value(1).toInt(),
                      inProgress = q.value(2).toInt();
            maxInProgress = qMax(maxInProgress, inProgress);
            if (active > limit || inProgress > limit)
                ++overbooked;
        });
        sampler.start(5);

        std::vector<std::unique_ptr<CallLoop>> clients;
        for (int i = 0; i < 24; ++i)
            clients.push_back(
                std::make_unique<CallLoop>(urls, a.adminToken, a.orgId, 15, quint32(1000 + i)));
        for (auto &c : clients)
            c->start();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(clients.cbegin(), clients.cend(), [](const auto &c) { return c->done(); }),
            240000);
        sampler.stop();

        int admitted = 0, blocked = 0, unexpected = 0;
        for (const auto &c : clients) {
            admitted += c->admitted;
            blocked += c->blocked;
            unexpected += c->unexpected;
        }
        qInfo("%d admitted, %d blocked, %d samples, at most %d in progress", admitted, blocked,
              samples, maxInProgress);
        QCOMPARE(unexpected, 0);
        QCOMPARE(admitted + blocked, 24 * 15);
        QVERIFY(admitted > 0);
        QVERIFY(blocked > 0); // 24 clients on 5 lines: the limit was reached
        QVERIFY(samples > 10);
        QCOMPARE(overbooked, 0);
        QVERIFY(maxInProgress <= 5);
        // Everything ended: the counter is back at zero and matches the rows.
        QCOMPARE(scalar(first.db(),
                        QStringLiteral("SELECT active_calls FROM subscription WHERE id = :id"),
                        {{QStringLiteral(":id"), a.subscriptionId}}),
                 0);
        QCOMPARE(scalar(first.db(),
                        QStringLiteral("SELECT COUNT(*) FROM call WHERE status = 'in-progress'")),
                 0);
        QCOMPARE(scalar(first.db(), QStringLiteral("SELECT COUNT(*) FROM call WHERE blocked = 0")),
                 admitted);
    }

    // The same key sent to every instance at the same moment: one charge, one change, and
    // every answer is that change (the later ones wait and replay; never a 500 or a 409).
    void sameKeyOnEveryInstanceChargesOnce()
    {
        TestServer first;
        auto others = moreInstances(first, kInstances - 1);
        const TestAccount a = first.createAccount(QStringLiteral("Keys"), 1000'00);
        QList<QUrl> urls{first.url()};
        for (auto &o : others)
            urls << o->url();
        QNetworkAccessManager network;
        for (int round = 0; round < 5; ++round) {
            const QByteArray key = "multi-" + QByteArray::number(round);
            QList<HttpResult> results(urls.size() * 2);
            int done = 0;
            for (int i = 0; i < results.size(); ++i) {
                QNetworkRequest request(urls.at(i % urls.size())
                                            .resolved(QUrl(QStringLiteral("/subscription/%1/"
                                                                          "concurrency")
                                                               .arg(a.subscriptionId))));
                request.setRawHeader("Authorization", "Bearer " + a.adminToken.toUtf8());
                request.setHeader(QNetworkRequest::ContentTypeHeader,
                                  QByteArray("application/json"));
                request.setRawHeader("Idempotency-Key", key);
                QNetworkReply *reply = network.post(request, QByteArray(R"({"quantity":1})"));
                QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, i] {
                    reply->deleteLater();
                    results[i].status =
                        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    results[i].json = QJsonDocument::fromJson(reply->readAll());
                    ++done;
                });
            }
            QTRY_COMPARE_WITH_TIMEOUT(done, int(results.size()), 60000);
            QSet<QString> changeIds;
            for (const HttpResult &r : std::as_const(results)) {
                QCOMPARE(r.status, 201);
                changeIds.insert(r.object()
                                     .value(QLatin1String("change"))
                                     .toObject()
                                     .value(QLatin1String("id"))
                                     .toString());
            }
            QCOMPARE(changeIds.size(), 1);
        }
        QCOMPARE(first.purchasedLines(a.subscriptionId), 5);
        QCOMPARE(first.countRows(QStringLiteral("line_change"), a.subscriptionId), 5);
        QCOMPARE(first.checkLedger(a.subscriptionId), QString());
    }

    // Two instances delete the data of the same forty calls at once, named in opposite
    // orders: one deletion wins whole, the other is refused whole (404, or 409 when it had
    // read the calls before the first committed) — never a deadlock's 500, never half.
    void overlappingBulkDeletionsAcrossInstances()
    {
        TestServer first;
        auto others = moreInstances(first, 1);
        const TestAccount a = first.createAccount(QStringLiteral("Erase"), 0, 50);
        HttpClient http(first.url());
        const QList<QUrl> urls{first.url(), others.front()->url()};
        QNetworkAccessManager network;
        for (int round = 0; round < 3; ++round) {
            QStringList ids;
            for (int i = 0; i < 40; ++i) {
                const HttpResult started = http.post(QStringLiteral("/call"), a.adminToken,
                                                     {{QStringLiteral("name"), "n"}});
                QCOMPARE(started.status, 201);
                ids << started.object().value(QLatin1String("id")).toString();
                QCOMPARE(http.post(QStringLiteral("/call/%1/end").arg(ids.last()), a.adminToken, {})
                             .status,
                         200);
            }
            QStringList reversed = ids;
            std::reverse(reversed.begin(), reversed.end());
            QList<HttpResult> results(2);
            int done = 0;
            for (int i = 0; i < 2; ++i) {
                QNetworkRequest request(urls.at(i).resolved(QUrl(QStringLiteral("/call/x"))));
                request.setRawHeader("Authorization", "Bearer " + a.adminToken.toUtf8());
                request.setHeader(QNetworkRequest::ContentTypeHeader,
                                  QByteArray("application/json"));
                const QJsonObject body{
                    {QStringLiteral("ids"), QJsonArray::fromStringList(i ? reversed : ids)}};
                QNetworkReply *reply = network.sendCustomRequest(
                    request, "DELETE", QJsonDocument(body).toJson(QJsonDocument::Compact));
                QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, i] {
                    reply->deleteLater();
                    results[i].status =
                        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    results[i].json = QJsonDocument::fromJson(reply->readAll());
                    ++done;
                });
            }
            QTRY_COMPARE_WITH_TIMEOUT(done, 2, 60000);
            QList<int> statuses{results[0].status, results[1].status};
            std::sort(statuses.begin(), statuses.end());
            QVERIFY2(statuses[0] == 200 && (statuses[1] == 404 || statuses[1] == 409),
                     qPrintable(QStringLiteral("round %1: %2 %3 / %4 %5")
                                    .arg(round)
                                    .arg(results[0].status)
                                    .arg(QString::fromUtf8(results[0].json.toJson()).left(200))
                                    .arg(results[1].status)
                                    .arg(QString::fromUtf8(results[1].json.toJson()).left(200))));
            const HttpResult &won = results[0].status == 200 ? results[0] : results[1];
            QCOMPARE(won.array().size(), 40);
            QCOMPARE(won.array().first().toObject().value(QLatin1String("id")).toString(),
                     results[0].status == 200 ? ids.first() : reversed.first());
            QCOMPARE(scalar(first.db(),
                            QStringLiteral("SELECT COUNT(*) FROM audit_entry WHERE action ="
                                           " 'call.delete' AND subscription_id = :s"),
                            {{":s", a.subscriptionId}}),
                     40 * (round + 1));
            QCOMPARE(scalar(first.db(),
                            QStringLiteral("SELECT COUNT(*) FROM call WHERE subscription_id = :s"
                                           " AND deleted_at IS NULL"),
                            {{":s", a.subscriptionId}}),
                     0);
        }
    }

    // Every instance runs the renewal job each 50 ms; each period is renewed once.
    void renewalOnceWithEveryInstanceRunningIt()
    {
        const QDateTime start = TestServer::defaultStart();
        TestServer first(start);
        auto others = moreInstances(first, kInstances - 1);
        const TestAccount a = first.createAccount(QStringLiteral("Renews"), 1000'00);
        HttpClient http(first.url());
        const HttpResult bought = http.post(
            QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId), a.adminToken,
            {{QStringLiteral("quantity"), 3}}, {{"Idempotency-Key", "renewal-lines"}});
        QCOMPARE(bought.status, 201);
        const qint64 creditsAfterPurchase = first.creditsCents(a.subscriptionId);
        // Three periods at once: whoever takes the row renews all three, the others find
        // nothing left to do.
        first.clock().set(start.addMonths(3).addSecs(3600));
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(first.db(),
                   QStringLiteral("SELECT period_index FROM subscription WHERE id = :id"),
                   {{QStringLiteral(":id"), a.subscriptionId}}),
            3, 10000);
        QCOMPARE(scalar(first.db(),
                        QStringLiteral("SELECT COUNT(*) FROM credit_movement WHERE"
                                       " subscription_id = :id AND kind = 'renewal'"),
                        {{QStringLiteral(":id"), a.subscriptionId}}),
                 3);
        QCOMPARE(first.creditsCents(a.subscriptionId), creditsAfterPurchase - 3 * 3 * 1000);
        QCOMPARE(scalar(first.db(),
                        QStringLiteral("SELECT period_index FROM subscription WHERE id = :id"),
                        {{QStringLiteral(":id"), a.subscriptionId}}),
                 3);
        // One period more, after every instance's job has gone over the renewed row many
        // times: still one renewal per period.
        first.clock().set(start.addMonths(4).addSecs(3600));
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(first.db(),
                   QStringLiteral("SELECT period_index FROM subscription WHERE id = :id"),
                   {{QStringLiteral(":id"), a.subscriptionId}}),
            4, 10000);
        QCOMPARE(scalar(first.db(),
                        QStringLiteral("SELECT COUNT(*) FROM credit_movement WHERE"
                                       " subscription_id = :id AND kind = 'renewal'"),
                        {{QStringLiteral(":id"), a.subscriptionId}}),
                 4);
        QCOMPARE(first.creditsCents(a.subscriptionId), creditsAfterPurchase - 4 * 3 * 1000);
        QCOMPARE(first.checkLedger(a.subscriptionId), QString());
    }

    // An instance killed with calls in progress: the others end them when their leases
    // expire, once each, and the lines are free again.
    void killedInstanceSlotsFreedByTheOthers()
    {
        TestServer first; // only for the database and the accounts
        const TestAccount a = first.createAccount(QStringLiteral("Killed"), 100'00, 5);
        QStringList args{QStringLiteral("--listen"),        QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--database"),      first.databasePath(),
                         QStringLiteral("--lease-seconds"), QStringLiteral("2")};
        ServerProcess doomed, survivor;
        QString error;
        QVERIFY2(doomed.start(QStringLiteral(LINEDESK_SERVER_BIN), args, &error),
                 qPrintable(error));
        QVERIFY2(survivor.start(QStringLiteral(LINEDESK_SERVER_BIN), args, &error),
                 qPrintable(error));
        HttpClient toDoomed(doomed.url());
        QStringList calls;
        for (int i = 0; i < 4; ++i) {
            const HttpResult r = toDoomed.post(QStringLiteral("/call"), a.adminToken,
                                               {{QStringLiteral("orgId"), a.orgId}});
            QCOMPARE(r.status, 201);
            QCOMPARE(r.object().value(QLatin1String("status")).toString(),
                     QStringLiteral("in-progress"));
            calls << r.object().value(QLatin1String("id")).toString();
        }
        doomed.kill9();
        const QVariantMap sub{{QStringLiteral(":id"), a.subscriptionId}};
        QCOMPARE(scalar(first.db(),
                        QStringLiteral("SELECT active_calls FROM subscription WHERE id = :id"),
                        sub),
                 4);
        // The survivor's job ends them after the 2 s lease.
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(first.db(),
                   QStringLiteral("SELECT active_calls FROM subscription WHERE id = :id"), sub),
            0, 15000);
        QCOMPARE(scalar(first.db(),
                        QStringLiteral("SELECT COUNT(*) FROM call WHERE subscription_id = :id"
                                       " AND status = 'ended' AND ended_reason = 'lease-expired'"),
                        sub),
                 4);
        // And the lines are usable through the survivor.
        HttpClient toSurvivor(survivor.url());
        const HttpResult again = toSurvivor.post(QStringLiteral("/call"), a.adminToken,
                                                 {{QStringLiteral("orgId"), a.orgId}});
        QCOMPARE(again.status, 201);
        QCOMPARE(again.object().value(QLatin1String("status")).toString(),
                 QStringLiteral("in-progress"));
        QCOMPARE(scalar(first.db(),
                        QStringLiteral("SELECT active_calls FROM subscription WHERE id = :id"),
                        sub),
                 1);
    }

    // A token revoked by the CLI stops working on every instance within a second.
    void revokedTokenRefusedEverywhere()
    {
        TestServer first;
        auto others = moreInstances(first, kInstances - 1);
        const TestAccount a = first.createAccount(QStringLiteral("Revoked"), 100'00);
        std::vector<std::unique_ptr<HttpClient>> clients;
        clients.push_back(std::make_unique<HttpClient>(first.url()));
        for (auto &o : others)
            clients.push_back(std::make_unique<HttpClient>(o->url()));
        for (auto &c : clients)
            QCOMPARE(c->get(QStringLiteral("/me"), a.viewerToken).status, 200);
        QProcess cli;
        cli.start(QStringLiteral(LINEDESK_SERVER_BIN),
                  {QStringLiteral("admin"), QStringLiteral("revoke-token"),
                   QStringLiteral("--database"), first.databasePath(), QStringLiteral("--token"),
                   a.viewerToken});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QElapsedTimer since;
        since.start();
        for (auto &c : clients)
            QTRY_COMPARE_WITH_TIMEOUT(c->get(QStringLiteral("/me"), a.viewerToken).status, 401,
                                      1000);
        QVERIFY2(since.elapsed() <= 1500, qPrintable(QString::number(since.elapsed())));
        for (auto &c : clients)
            QCOMPARE(c->get(QStringLiteral("/me"), a.adminToken).status, 200);
    }

    // A purchase through one instance and calls through another reach a live client of a
    // third within a second.
    void liveUpdatesCrossInstances()
    {
        TestServer first;
        auto others = moreInstances(first, kInstances - 1);
        const TestAccount a = first.createAccount(QStringLiteral("Live"), 100'00);
        QUrl wsUrl = others.at(1)->url();
        wsUrl.setScheme(QStringLiteral("ws"));
        wsUrl.setPath(QStringLiteral("/live"));
        QNetworkRequest request(wsUrl);
        request.setRawHeader("Authorization", "Bearer " + a.viewerToken.toUtf8());
        QWebSocket socket;
        QList<QJsonObject> messages;
        QObject::connect(&socket, &QWebSocket::textMessageReceived, [&](const QString &text) {
            messages << QJsonDocument::fromJson(text.toUtf8()).object();
        });
        int connected = 0;
        QObject::connect(&socket, &QWebSocket::connected, [&] { ++connected; });
        socket.open(request);
        QTRY_COMPARE_WITH_TIMEOUT(connected, 1, 10000);
        socket.sendTextMessage(
            QStringLiteral(R"({"type":"subscribe","subscriptionId":"%1"})").arg(a.subscriptionId));
        auto count = [&](const char *type) {
            return int(
                std::count_if(messages.cbegin(), messages.cend(), [type](const QJsonObject &m) {
                    return m.value(QLatin1String("type")).toString() == QLatin1String(type);
                }));
        };
        QTRY_COMPARE_WITH_TIMEOUT(count("snapshot"), 1, 10000);

        HttpClient viaFirst(first.url());
        QElapsedTimer since;
        since.start();
        QCOMPARE(viaFirst
                     .post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 2}},
                           {{"Idempotency-Key", "live-buy"}})
                     .status,
                 201);
        QTRY_COMPARE_WITH_TIMEOUT(count("limit"), 1, 1000);
        const QJsonObject limit =
            *std::find_if(messages.cbegin(), messages.cend(), [](const QJsonObject &m) {
                return m.value(QLatin1String("type")).toString() == QLatin1String("limit");
            });
        QCOMPARE(limit.value(QLatin1String("limit")).toInt(), 12);

        HttpClient viaSecond(others.at(0)->url());
        const HttpResult call = viaSecond.post(QStringLiteral("/call"), a.adminToken,
                                               {{QStringLiteral("orgId"), a.orgId}});
        QCOMPARE(call.status, 201);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(messages.cbegin(), messages.cend(),
                                             [](const QJsonObject &m) {
                                                 return m.value(QLatin1String("type")).toString() ==
                                                            QLatin1String("sample") &&
                                                        m.value(QLatin1String("active")).toInt() ==
                                                            1;
                                             }),
                                 1000);
        qInfo("purchase and call seen on the third instance after %lld ms", since.elapsed());
    }

    // Starts and ends through every instance at once, a live client on one of them: its own
    // changes reach it at once and the others' later (NOTIFY), so they arrive out of order;
    // after each burst the feed's last sample still shows the true count (the activity
    // sequence puts them back in order), not an older one.
    void liveFeedSettlesOnTheTrueCount()
    {
        TestServer first;
        auto others = moreInstances(first, kInstances - 1);
        const TestAccount a = first.createAccount(QStringLiteral("Settle"), 100'00, 50);
        QList<QUrl> urls{first.url()};
        for (auto &o : others)
            urls << o->url();
        QUrl wsUrl = others.at(1)->url();
        wsUrl.setScheme(QStringLiteral("ws"));
        wsUrl.setPath(QStringLiteral("/live"));
        QNetworkRequest request(wsUrl);
        request.setRawHeader("Authorization", "Bearer " + a.viewerToken.toUtf8());
        QWebSocket socket;
        int lastActive = -1;
        bool snapshot = false;
        QObject::connect(&socket, &QWebSocket::textMessageReceived, [&](const QString &text) {
            const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
            const QString type = m.value(QLatin1String("type")).toString();
            if (type == QLatin1String("snapshot"))
                snapshot = true;
            else if (type == QLatin1String("sample") || type == QLatin1String("limit"))
                lastActive = m.value(QLatin1String("active")).toInt();
        });
        int connected = 0;
        QObject::connect(&socket, &QWebSocket::connected, [&] { ++connected; });
        socket.open(request);
        QTRY_COMPARE_WITH_TIMEOUT(connected, 1, 10000);
        socket.sendTextMessage(
            QStringLiteral(R"({"type":"subscribe","subscriptionId":"%1"})").arg(a.subscriptionId));
        QTRY_VERIFY_WITH_TIMEOUT(snapshot, 10000);

        HttpClient viaFirst(first.url());
        HttpClient viaThird(others.at(1)->url());
        QStringList held;
        for (int burst = 0; burst < 8; ++burst) {
            std::vector<std::unique_ptr<CallLoop>> clients;
            for (int i = 0; i < 6; ++i)
                clients.push_back(std::make_unique<CallLoop>(urls, a.adminToken, a.orgId, 4,
                                                             quint32(100 * burst + i)));
            for (auto &c : clients)
                c->start();
            // Calls left in progress too, through the live client's instance and another, so
            // the count to settle on is not always zero.
            for (HttpClient *via : {&viaFirst, &viaThird}) {
                const HttpResult call = via->post(QStringLiteral("/call"), a.adminToken,
                                                  {{QStringLiteral("orgId"), a.orgId}});
                QCOMPARE(call.status, 201);
                held << call.object().value(QLatin1String("id")).toString();
            }
            if (burst % 2 == 1) {
                QCOMPARE(viaThird
                             .post(QStringLiteral("/call/%1/end").arg(held.takeFirst()),
                                   a.adminToken, {})
                             .status,
                         200);
            }
            QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.cbegin(), clients.cend(),
                                                 [](const auto &c) { return c->done(); }),
                                     60000);
            for (const auto &c : clients)
                QCOMPARE(c->unexpected, 0);
            const int truth = scalar(
                first.db(), QStringLiteral("SELECT active_calls FROM subscription WHERE id = :id"),
                {{QStringLiteral(":id"), a.subscriptionId}});
            QCOMPARE(truth, int(held.size()));
            // Samples go out at most 10 per second: the last one is due within a second.
            QTRY_COMPARE_WITH_TIMEOUT(lastActive, truth, 2000);
        }
    }
};

QTEST_MAIN(TestMultiInstance)
#include "tst_multiinstance.moc"
