#include "serverprocess.h"
#include "testserver.h"

#include "call.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

using namespace linedesk;
using namespace linedesk::test;

// Crash consistency: clients buy and remove lines and start and end calls, every write with
// an Idempotency-Key (ends need none: a second end frees nothing), retrying the same key
// after every lost answer, while the real linedesk-server process is killed with SIGKILL at
// random moments and started again on the same database. After every restart, before any
// client reaches it, the database must hold every ledger invariant, and every change a
// client was told about (a 2xx answer) must be there exactly once; changes whose answer was
// lost at most once. At the end the clients finish what they started, and the same checks
// find every call ended and every line free again.

namespace {

constexpr int kSubscriptions = 2;
constexpr int kClientsPerSubscription = 2;
constexpr qint64 kCredits = 60'00;
constexpr int kIncluded = 1;

// One admin's requests, one at a time, in a random mix. A request whose answer is lost
// (the service was killed, or the client gave up on it on purpose) is sent again, same key
// and body, until an answer comes.
class LedgerClient : public QObject
{
public:
    enum class Kind
    {
        Buy,
        Remove,
        Start,
        End
    };

    struct Outcome // the answer a keyed request finally got
    {
        Kind kind = Kind::Buy;
        int status = 0;
        QString id; // line change id, or call id
        int quantity = 0;
        qint64 amountCents = 0;
        bool admitted = false;
    };

    LedgerClient(const QUrl *base, QString token, QString userId, QString subscriptionId,
                 QString orgId, QString name, quint32 seed)
        : userId(std::move(userId)), subscriptionId(std::move(subscriptionId)), m_base(base),
          m_token(std::move(token)), m_orgId(std::move(orgId)), m_name(std::move(name)),
          m_random(seed)
    {}

    void start() { next(); }
    // Starts nothing new; ends the calls it holds, then is idle.
    void finish()
    {
        m_finishing = true;
        if (!m_inFlight)
            next();
    }
    bool idle() const { return m_idle; }
    // The key whose answer has not come yet (empty: none).
    QByteArray pendingKey() const
    {
        return m_op && m_op->kind != Kind::End ? m_op->key : QByteArray();
    }

    const QString userId;
    const QString subscriptionId;
    QHash<QByteArray, Outcome> outcomes; // by key
    QSet<QString> endedCalls;            // ends answered 200
    QStringList holding;                 // admitted calls not yet ended
    int requests = 0;
    int lostAnswers = 0;
    int replays = 0;
    QStringList unexpected;

private:
    struct Op
    {
        Kind kind = Kind::Buy;
        QByteArray key;
        QByteArray body;
        QString callId; // End
        int quantity = 0;
    };

    void next()
    {
        m_inFlight = false;
        if (m_finishing && holding.isEmpty()) {
            m_idle = true;
            return;
        }
        Op op;
        const quint32 roll = m_random.bounded(100u);
        if (!holding.isEmpty() && (m_finishing || roll < 35)) {
            op.kind = Kind::End;
            op.callId = holding.at(int(m_random.bounded(quint32(holding.size()))));
        } else if (roll < 65) {
            op.kind = Kind::Start;
            static const char *types[] = {"inboundPhoneCall", "outboundPhoneCall", "webCall"};
            op.body = QJsonDocument(QJsonObject{{QStringLiteral("orgId"), m_orgId},
                                                {QStringLiteral("type"),
                                                 QLatin1String(types[m_random.bounded(3u)])}})
                          .toJson(QJsonDocument::Compact);
        } else {
            op.kind = roll < 85 ? Kind::Buy : Kind::Remove;
            op.quantity = 1 + int(m_random.bounded(3u));
            op.body = QJsonDocument(QJsonObject{{QStringLiteral("quantity"), op.quantity}})
                          .toJson(QJsonDocument::Compact);
        }
        if (op.kind != Kind::End)
            op.key = m_name.toLatin1() + '-' + QByteArray::number(++m_keys);
        m_op = op;
        send();
    }

    void send()
    {
        m_inFlight = true;
        const Op &op = *m_op;
        QString path;
        QByteArray method = "POST";
        switch (op.kind) {
        case Kind::Buy:
        case Kind::Remove:
            path = QStringLiteral("/subscription/%1/concurrency").arg(subscriptionId);
            method = op.kind == Kind::Buy ? "POST" : "DELETE";
            break;
        case Kind::Start:
            path = QStringLiteral("/call");
            break;
        case Kind::End:
            path = QStringLiteral("/call/%1/end").arg(op.callId);
            break;
        }
        QNetworkRequest request(m_base->resolved(QUrl(path)));
        request.setTransferTimeout(20000);
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        if (!op.key.isEmpty())
            request.setRawHeader("Idempotency-Key", op.key);
        ++requests;
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, op.body);
        // Now and then the client stops waiting at once: the answer is lost while the
        // request may still be served, and the retry may overtake it.
        if (m_random.bounded(100u) < 15)
            QTimer::singleShot(int(m_random.bounded(4u)), reply, [reply] { reply->abort(); });
        connect(reply, &QNetworkReply::finished, this, [this, reply] { answered(reply); });
    }

    void answered(QNetworkReply *reply)
    {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // No whole answer: no status, or the connection failed or was given up (aborted)
        // on the way, perhaps after the status line.
        const int error = reply->error();
        if (status == 0 || (error > 0 && error < 100) || (error >= 300 && error < 400)) {
            ++lostAnswers;
            QTimer::singleShot(5 + int(m_random.bounded(30u)), this, [this] { send(); });
            return;
        }
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        if (reply->rawHeader("Idempotent-Replayed") == "true")
            ++replays;
        const Op op = *std::exchange(m_op, std::nullopt);
        Outcome outcome;
        outcome.kind = op.kind;
        outcome.status = status;
        outcome.quantity = op.kind == Kind::Remove ? -op.quantity : op.quantity;
        const auto odd = [&] {
            unexpected << QStringLiteral("%1 %2: %3 %4")
                              .arg(m_name, QString::fromLatin1(op.key), QString::number(status),
                                   QString::fromUtf8(
                                       QJsonDocument(body).toJson(QJsonDocument::Compact)));
        };
        switch (op.kind) {
        case Kind::Buy:
        case Kind::Remove:
            if (status == 200 || status == 201) {
                const QJsonObject change = body.value(QLatin1String("change")).toObject();
                outcome.id = change.value(QLatin1String("id")).toString();
                outcome.amountCents = change.value(QLatin1String("amountCents")).toInteger();
                if (outcome.id.isEmpty() ||
                    change.value(QLatin1String("quantity")).toInt() != outcome.quantity)
                    odd();
            } else if (status != 402 && status != 409) {
                odd(); // 402 insufficient-credits, 409 not-enough-purchased-lines
            }
            outcomes.insert(op.key, outcome);
            break;
        case Kind::Start:
            if (status == 201) {
                outcome.id = body.value(QLatin1String("id")).toString();
                outcome.admitted =
                    body.value(QLatin1String("status")).toString() == QLatin1String("in-progress");
                if (outcome.admitted)
                    holding << outcome.id;
            } else {
                odd();
            }
            outcomes.insert(op.key, outcome);
            break;
        case Kind::End:
            if (status == 200) {
                endedCalls.insert(op.callId);
                holding.removeAll(op.callId);
            } else {
                odd();
                holding.removeAll(op.callId);
            }
            break;
        }
        QTimer::singleShot(int(m_random.bounded(15u)), this, [this] { next(); });
    }

    const QUrl *m_base;
    QString m_token;
    QString m_orgId;
    QString m_name;
    QRandomGenerator m_random;
    QNetworkAccessManager m_network;
    std::optional<Op> m_op;
    int m_keys = 0;
    bool m_inFlight = false;
    bool m_finishing = false;
    bool m_idle = false;
};

struct Account
{
    QString subscriptionId;
    QString orgId;
};

} // namespace

class TestCrashConsistency : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_db; // the database and its accounts; its own service stopped
    QList<Account> m_accounts;
    std::vector<std::unique_ptr<LedgerClient>> m_clients;
    int m_checkedChanges = 0;

    QSqlQuery query(const QString &sql, const QVariantMap &binds = {})
    {
        return m_db->db().exec(sql, binds);
    }

    // Every invariant, read from the database in one snapshot (a commit the killed process
    // sent may still land meanwhile on PostgreSQL); returns what does not hold.
    QStringList violations()
    {
        QSqlQuery(m_db->db().connection())
            .exec(m_db->isPostgres()
                      ? QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                      : QStringLiteral("BEGIN"));
        QStringList problems = readViolations();
        QSqlQuery(m_db->db().connection()).exec(QStringLiteral("COMMIT"));
        return problems;
    }

    QStringList readViolations()
    {
        QStringList problems;
        const auto fail = [&problems](const QString &what) { problems << what; };

        // Per subscription, each in one statement (one snapshot on both backends).
        for (const Account &a : std::as_const(m_accounts)) {
            const QString ledger = m_db->checkLedger(a.subscriptionId);
            if (!ledger.isEmpty())
                fail(a.subscriptionId + QStringLiteral(": ") + ledger);
            QSqlQuery q = query(
                QStringLiteral(
                    "SELECT s.credits_cents, s.purchased_lines, s.active_calls, s.status,"
                    " (SELECT COUNT(*) FROM call WHERE subscription_id = s.id"
                    "   AND status = 'in-progress'),"
                    " (SELECT COALESCE(SUM(amount_cents), 0) FROM line_change"
                    "   WHERE subscription_id = s.id),"
                    " (SELECT COALESCE(SUM(amount_cents), 0) FROM credit_movement"
                    "   WHERE subscription_id = s.id AND kind = 'opening'),"
                    " (SELECT COUNT(*) FROM credit_movement WHERE subscription_id = s.id"
                    "   AND (balance_after_cents < 0 OR kind NOT IN ('opening', 'line-purchase',"
                    "   'line-refund'))),"
                    " (SELECT COUNT(*) FROM line_change WHERE subscription_id = s.id"
                    "   AND (purchased_after < 0 OR kind NOT IN ('purchase', 'removal'))),"
                    " (SELECT COUNT(*) FROM call WHERE subscription_id = s.id AND blocked = 1"
                    "   AND (status <> 'ended' OR ended_reason IS NULL"
                    "   OR ended_reason <> :blocked))"
                    " FROM subscription s WHERE s.id = :id"),
                {{QStringLiteral(":id"), a.subscriptionId},
                 {QStringLiteral(":blocked"), Call::blockedReason()}});
            if (!q.next()) {
                fail(QStringLiteral("no subscription ") + a.subscriptionId);
                continue;
            }
            const qint64 credits = q.value(0).toLongLong();
            const int purchased = q.value(1).toInt();
            const int active = q.value(2).toInt();
            if (credits < 0 || purchased < 0 || active < 0)
                fail(QStringLiteral("%1: negative credits %2, lines %3 or active calls %4")
                         .arg(a.subscriptionId)
                         .arg(credits)
                         .arg(purchased)
                         .arg(active));
            if (q.value(3).toString() != QLatin1String("active"))
                fail(a.subscriptionId + QStringLiteral(" is ") + q.value(3).toString());
            if (active != q.value(4).toInt())
                fail(QStringLiteral("%1: active calls counter %2, calls in progress %3")
                         .arg(a.subscriptionId)
                         .arg(active)
                         .arg(q.value(4).toInt()));
            // Credits = initial - charges + refunds (no renewal falls due in this test).
            if (q.value(6).toLongLong() != kCredits ||
                credits != kCredits - q.value(5).toLongLong())
                fail(QStringLiteral("%1: credits %2, opening %3, initial %4 - line changes %5")
                         .arg(a.subscriptionId)
                         .arg(credits)
                         .arg(q.value(6).toLongLong())
                         .arg(kCredits)
                         .arg(q.value(5).toLongLong()));
            if (q.value(7).toInt() != 0)
                fail(a.subscriptionId + QStringLiteral(": unexpected credit movements"));
            if (q.value(8).toInt() != 0)
                fail(a.subscriptionId + QStringLiteral(": unexpected line changes"));
            if (q.value(9).toInt() != 0)
                fail(a.subscriptionId + QStringLiteral(": a blocked call holds a slot"));
        }

        // Each line change has its credit movement (when it moved money) and its audit entry,
        // from the same request, with the same numbers.
        {
            QSqlQuery q = query(QStringLiteral(
                "SELECT lc.id, lc.kind, lc.amount_cents, lc.purchased_before, lc.purchased_after,"
                " (SELECT COUNT(*) FROM credit_movement cm WHERE cm.reference = lc.id"
                "   AND cm.amount_cents = -lc.amount_cents AND cm.subscription_id ="
                "   lc.subscription_id),"
                " (SELECT COUNT(*) FROM credit_movement cm WHERE cm.reference = lc.id),"
                " (SELECT COUNT(*) FROM audit_entry ae WHERE ae.request_id = lc.request_id"
                "   AND ae.subscription_id = lc.subscription_id AND ae.action = CASE lc.kind"
                "   WHEN 'purchase' THEN 'lines.purchase' ELSE 'lines.remove' END),"
                " (SELECT MIN(ae.before_json) FROM audit_entry ae WHERE ae.request_id ="
                "   lc.request_id AND ae.subscription_id = lc.subscription_id),"
                " (SELECT MIN(ae.after_json) FROM audit_entry ae WHERE ae.request_id ="
                "   lc.request_id AND ae.subscription_id = lc.subscription_id)"
                " FROM line_change lc"));
            while (q.next()) {
                const QString id = q.value(0).toString();
                const qint64 amount = q.value(2).toLongLong();
                const int movements = q.value(6).toInt();
                if (movements != (amount != 0 ? 1 : 0) || q.value(5).toInt() != movements)
                    fail(QStringLiteral("line change %1 (%2 cents): %3 credit movements")
                             .arg(id)
                             .arg(amount)
                             .arg(movements));
                if (q.value(7).toInt() != 1) {
                    fail(QStringLiteral("line change %1: %2 audit entries")
                             .arg(id)
                             .arg(q.value(7).toInt()));
                    continue;
                }
                const QJsonObject before =
                    QJsonDocument::fromJson(q.value(8).toByteArray()).object();
                const QJsonObject after =
                    QJsonDocument::fromJson(q.value(9).toByteArray()).object();
                const auto lines = [](const QJsonObject &o) {
                    return o.value(QLatin1String("concurrencyLimitPurchased")).toInt(-1);
                };
                const auto cents = [](const QJsonObject &o) {
                    return o.value(QLatin1String("creditsCents")).toInteger(-1);
                };
                if (lines(before) != q.value(3).toInt() || lines(after) != q.value(4).toInt() ||
                    cents(before) - cents(after) != amount)
                    fail(QStringLiteral("line change %1 (%2 → %3, %4 cents) and its audit entry"
                                        " (%5 → %6, %7 → %8 cents) differ")
                             .arg(id)
                             .arg(q.value(3).toInt())
                             .arg(q.value(4).toInt())
                             .arg(amount)
                             .arg(lines(before))
                             .arg(lines(after))
                             .arg(cents(before))
                             .arg(cents(after)));
            }
            QSqlQuery audits =
                query(QStringLiteral("SELECT (SELECT COUNT(*) FROM audit_entry WHERE action IN"
                                     " ('lines.purchase', 'lines.remove')), (SELECT COUNT(*) FROM"
                                     " line_change), (SELECT COUNT(*) FROM audit_entry WHERE action"
                                     " NOT IN ('lines.purchase', 'lines.remove',"
                                     " 'subscription.create'))"));
            if (audits.next() && (audits.value(0).toInt() != audits.value(1).toInt() ||
                                  audits.value(2).toInt() != 0))
                fail(QStringLiteral("%1 line audit entries (and %2 others) for %3 line changes")
                         .arg(audits.value(0).toInt())
                         .arg(audits.value(2).toInt())
                         .arg(audits.value(1).toInt()));
        }

        // What the clients were told, against what is stored. Keys: a purchase's line
        // change carries its key; a call's key is in its idempotency record.
        QHash<QString, QHash<QByteArray, QStringList>> changesByKey; // user → key → ids
        {
            QSqlQuery q = query(
                QStringLiteral("SELECT actor_user_id, idempotency_key, id, quantity, amount_cents"
                               " FROM line_change"));
            while (q.next())
                changesByKey[q.value(0).toString()][q.value(1).toByteArray()]
                    << q.value(2).toString();
        }
        QHash<QString, QHash<QByteArray, QString>> callByKey; // user → key → call id
        int callRecords = 0;
        {
            QSqlQuery q = query(QStringLiteral(
                "SELECT user_id, idempotency_key, status, response_body FROM idempotency_record"));
            while (q.next()) {
                const QJsonObject body = QJsonDocument::fromJson(q.value(3).toByteArray()).object();
                if (body.contains(QLatin1String("subscriptionLimits"))) {
                    ++callRecords;
                    callByKey[q.value(0).toString()][q.value(1).toByteArray()] =
                        body.value(QLatin1String("id")).toString();
                } else {
                    // A purchase's record names the change it made.
                    const QString change = body.value(QLatin1String("change"))
                                               .toObject()
                                               .value(QLatin1String("id"))
                                               .toString();
                    const QStringList stored =
                        changesByKey.value(q.value(0).toString()).value(q.value(1).toByteArray());
                    if (stored != QStringList{change})
                        fail(
                            QStringLiteral("key %1: record names change %2, stored %3")
                                .arg(q.value(1).toString(), change, stored.join(QLatin1Char(','))));
                }
            }
        }
        QHash<QString, QString> callStatus;
        {
            QSqlQuery q = query(QStringLiteral("SELECT id, status FROM call"));
            while (q.next())
                callStatus.insert(q.value(0).toString(), q.value(1).toString());
        }
        // Every call was started with a key, so each has its record: a retry that started a
        // second call would leave one without.
        if (callRecords != callStatus.size())
            fail(QStringLiteral("%1 calls, %2 keyed starts recorded")
                     .arg(callStatus.size())
                     .arg(callRecords));

        m_checkedChanges = 0;
        QSet<QString> knownUsers;
        for (const auto &client : m_clients) {
            knownUsers.insert(client->userId);
            const auto changes = changesByKey.value(client->userId);
            const auto calls = callByKey.value(client->userId);
            for (auto it = changes.cbegin(); it != changes.cend(); ++it) {
                if (it.value().size() > 1)
                    fail(QStringLiteral("key %1 charged %2 times")
                             .arg(QString::fromLatin1(it.key()))
                             .arg(it.value().size()));
                if (!client->outcomes.contains(it.key()) && client->pendingKey() != it.key())
                    fail(QStringLiteral("a line change with a key never sent: ") +
                         QString::fromLatin1(it.key()));
            }
            for (auto it = client->outcomes.cbegin(); it != client->outcomes.cend(); ++it) {
                const LedgerClient::Outcome &o = it.value();
                const QString key = QString::fromLatin1(it.key());
                if (o.kind == LedgerClient::Kind::Start) {
                    const QString stored = calls.value(it.key());
                    if (o.status == 201 && (stored != o.id || !callStatus.contains(o.id)))
                        fail(QStringLiteral("start %1 answered call %2; stored %3")
                                 .arg(key, o.id, stored));
                    if (o.status != 201 && !stored.isEmpty())
                        fail(QStringLiteral("start %1 refused (%2) but started %3")
                                 .arg(key)
                                 .arg(o.status)
                                 .arg(stored));
                    ++m_checkedChanges;
                    continue;
                }
                const QStringList stored = changes.value(it.key());
                const bool ok = o.status == 200 || o.status == 201;
                if (ok && stored != QStringList{o.id})
                    fail(QStringLiteral("change %1 answered %2; stored %3")
                             .arg(key, o.id, stored.join(QLatin1Char(','))));
                if (!ok && !stored.isEmpty())
                    fail(QStringLiteral("change %1 refused (%2) but stored %3")
                             .arg(key)
                             .arg(o.status)
                             .arg(stored.join(QLatin1Char(','))));
                if (ok) {
                    QSqlQuery row =
                        query(QStringLiteral("SELECT quantity, amount_cents FROM line_change WHERE"
                                             " id = :id"),
                              {{QStringLiteral(":id"), o.id}});
                    if (!row.next() || row.value(0).toInt() != o.quantity ||
                        row.value(1).toLongLong() != o.amountCents)
                        fail(QStringLiteral("change %1 is not stored as answered").arg(o.id));
                }
                ++m_checkedChanges;
            }
            for (auto it = calls.cbegin(); it != calls.cend(); ++it)
                if (!client->outcomes.contains(it.key()) && client->pendingKey() != it.key())
                    fail(QStringLiteral("a call with a key never sent: ") +
                         QString::fromLatin1(it.key()));
            for (const QString &id : std::as_const(client->endedCalls)) {
                if (callStatus.value(id) != QLatin1String("ended"))
                    fail(QStringLiteral("call %1 ended (200) but is %2")
                             .arg(id, callStatus.value(id)));
                ++m_checkedChanges;
            }
        }
        for (auto it = changesByKey.cbegin(); it != changesByKey.cend(); ++it)
            if (!knownUsers.contains(it.key()))
                fail(QStringLiteral("line changes by an unknown user ") + it.key());
        return problems;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
    }

    void killedAndRestartedServerKeepsTheLedger()
    {
        // The database and its accounts, made through the test's own connection; the
        // TestServer's in-process service (on a test clock) must not touch it meanwhile.
        m_db = std::make_unique<TestServer>();
        m_db->service().stop();
        const QDateTime now = QDateTime::currentDateTimeUtc(); // the process's clock
        QUrl base;
        // The clients' and the kills' random choices (not the timing: a rerun differs).
        bool seeded = false;
        quint32 seed = qEnvironmentVariable("LINEDESK_CRASH_SEED").toUInt(&seeded);
        if (!seeded)
            seed = QRandomGenerator::global()->generate();
        qInfo("seed %u (LINEDESK_CRASH_SEED=%u repeats its random choices)", seed, seed);
        QRandomGenerator random(seed);
        for (int s = 0; s < kSubscriptions; ++s) {
            const TestAccount a = m_db->createAccount(QStringLiteral("Crash %1").arg(s), kCredits,
                                                      kIncluded, QStringLiteral("growth"), now);
            m_accounts.append({a.subscriptionId, a.orgId});
            for (int c = 0; c < kClientsPerSubscription; ++c) {
                const QString email = QStringLiteral("crash%1-%2@test.example").arg(s).arg(c);
                const QString user =
                    m_db->accounts().createUser(email, QStringLiteral("Crash admin"), false, now);
                m_db->accounts().addMembership(a.orgId, user, QStringLiteral("admin"));
                const QString token =
                    m_db->accounts().createToken(user, QStringLiteral("crash"), now);
                m_clients.push_back(std::make_unique<LedgerClient>(
                    &base, token, user, a.subscriptionId, a.orgId,
                    QStringLiteral("c%1%2").arg(s).arg(c), random.generate()));
            }
        }
        const QStringList before = violations();
        QVERIFY2(before.isEmpty(), qPrintable(before.join(QLatin1Char('\n'))));

        const QStringList args{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                               QStringLiteral("--database"), m_db->databasePath()};
        ServerProcess server(QStringLiteral(LINEDESK_SERVER_BIN));
        QString error;
        QVERIFY2(server.start(args, &error), qPrintable(error));
        base = server.url();

        QElapsedTimer elapsed;
        elapsed.start();
        for (auto &client : m_clients)
            client->start();
        constexpr int kKills = 24;
        int kills = 0;
        int requestsAtLastKill = 0;
        while (kills < kKills) {
            // Run a random while, but always long enough for some requests to be answered.
            const qint64 runMs = 80 + qint64(random.bounded(500u));
            QElapsedTimer running;
            running.start();
            int requests = 0;
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    requests = 0;
                    for (const auto &c : m_clients)
                        requests += c->requests;
                    return running.elapsed() >= runMs && requests > requestsAtLastKill + 8;
                }(),
                20000);
            requestsAtLastKill = requests;
            server.kill9();
            ++kills;
            // On another port, so that nothing sent to the killed process (a resend by Qt's
            // HTTP thread) reaches this one before the checks.
            QVERIFY2(server.start(args, &error), qPrintable(error));
            while (server.url() == base) {
                server.kill9();
                QVERIFY2(server.start(args, &error), qPrintable(error));
            }
            // Nothing has reached the new process yet: the clients' event loop has not run.
            const QStringList problems = violations();
            QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("after kill %1: ").arg(kills) +
                                                    problems.join(QStringLiteral("\n"))));
            base = server.url();
        }

        // The clients finish what they started; every answer comes.
        for (auto &client : m_clients)
            client->finish();
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(m_clients.cbegin(), m_clients.cend(),
                                             [](const auto &c) { return c->idle(); }),
                                 30000);
        server.kill9();
        const QStringList problems = violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("\n"))));

        int requests = 0, lost = 0, replays = 0, bought = 0, removed = 0, refused = 0, admitted = 0,
            blocked = 0, ends = 0;
        QStringList unexpected;
        for (const auto &c : m_clients) {
            requests += c->requests;
            lost += c->lostAnswers;
            replays += c->replays;
            ends += int(c->endedCalls.size());
            unexpected += c->unexpected;
            for (const LedgerClient::Outcome &o : c->outcomes) {
                if (o.kind == LedgerClient::Kind::Start)
                    (o.admitted ? admitted : blocked) += 1;
                else if (o.status >= 300)
                    ++refused;
                else
                    (o.quantity > 0 ? bought : removed) += 1;
            }
        }
        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(QLatin1Char('\n'))));
        // Every admitted call was ended, and nothing holds a line.
        QSqlQuery q = query(QStringLiteral("SELECT COALESCE(SUM(active_calls), -1) FROM"
                                           " subscription"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QCOMPARE(ends, admitted);
        // The run did what it is for: lost answers retried, replays, every kind of change.
        QVERIFY(lost > 0);
        QVERIFY(replays > 0);
        QVERIFY(bought > 0 && removed > 0 && admitted > 0 && blocked > 0);
        qInfo("%d kills (SIGKILL) in %lld ms; %d requests, %d answers lost and retried, %d "
              "replayed; %d changes checked after every restart and at the end: %d purchases, "
              "%d removals, %d refused, %d calls admitted (%d ended), %d blocked",
              kills, elapsed.elapsed(), requests, lost, replays, m_checkedChanges, bought, removed,
              refused, admitted, ends, blocked);
    }

    void cleanupTestCase()
    {
        m_clients.clear();
        m_db.reset();
    }
};

QTEST_GUILESS_MAIN(TestCrashConsistency)
#include "tst_crashconsistency.moc"
