#include "alert.h"
#include "jsonutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace linedesk;

namespace {

// JSON written with single quotes (none of the test data has an apostrophe).
QJsonObject object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json).replace('\'', '"'), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

QDateTime utc(int h, int m, int s = 0)
{
    return QDateTime(QDate(2026, 3, 10), QTime(h, m, s), Qt::UTC);
}

} // namespace

// Alert, AlertRules, Webhook and WebhookDelivery: their JSON as the contract writes it, what
// a malformed message leaves, and the sentences users read.
class TestAlert : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        // The sentences show local times; pin the zone so "2:05 PM" is what the test expects.
        qputenv("TZ", "UTC");
    }

    void parsesEveryKind_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("sentence");

        QTest::newRow("near-limit firing")
            << QByteArray(
                   "{'id':'al_1','subscriptionId':'sub_1','kind':'near-limit', "
                   "'state':'firing','startedAt':'2026-03-10T14:00:00.000Z', "
                   "'firedAt':'2026-03-10T14:01:00.000Z','resolvedAt':null, "
                   "'updatedAt':'2026-03-10T14:01:00.000Z','summary':'8 of 10 lines in use', "
                   "'figures':{'limit':10,'thresholdPercent':80,'thresholdCalls':8,'seconds':60, "
                   "'activeAtFire':8,'peakActive':9}}")
            << int(Alert::Kind::NearLimit) << int(Alert::State::Firing)
            << QStringLiteral("Near the limit")
            << QStringLiteral("8 of 10 lines in use for 1 min or more (alert at 80%: 8 calls); "
                              "peak 9");
        QTest::newRow("near-limit resolved")
            << QByteArray("{'id':'al_1','subscriptionId':'sub_1','kind':'near-limit', "
                          "'state':'resolved','startedAt':'2026-03-10T14:00:00.000Z', "
                          "'firedAt':'2026-03-10T14:01:00.000Z','resolvedAt':'2026-03-10T14:10:00."
                          "000Z', 'updatedAt':'2026-03-10T14:10:00.000Z','summary':'', "
                          "'figures':{'limit':10,'thresholdPercent':80,'thresholdCalls':8,'seconds'"
                          ":60, 'activeAtFire':8,'peakActive':10}}")
            << int(Alert::Kind::NearLimit) << int(Alert::State::Resolved)
            << QStringLiteral("Near the limit")
            << QStringLiteral("Use is back below 8 calls (80% of 10 lines); the peak was 10.");
        QTest::newRow("blocked firing, one call")
            << QByteArray("{'id':'al_2','subscriptionId':'sub_1','kind':'blocked', "
                          "'state':'firing','startedAt':'2026-03-10T14:05:00.000Z', "
                          "'firedAt':'2026-03-10T14:05:00.000Z','resolvedAt':null, "
                          "'updatedAt':'2026-03-10T14:05:00.000Z','summary':'1 call blocked', "
                          "'figures':{'limit':10,'blockedCalls':1,'lastBlockedAt':'2026-03-10T14:"
                          "05:00.000Z'}}")
            << int(Alert::Kind::Blocked) << int(Alert::State::Firing)
            << QStringLiteral("Calls blocked") << QStringLiteral("1 call blocked at 10 lines");
        QTest::newRow("blocked firing, several")
            << QByteArray("{'id':'al_2','subscriptionId':'sub_1','kind':'blocked', "
                          "'state':'firing','firedAt':'2026-03-10T14:05:00.000Z', "
                          "'figures':{'limit':1,'blockedCalls':3,'lastBlockedAt':'2026-03-10T14:07:"
                          "30.000Z'}}")
            << int(Alert::Kind::Blocked) << int(Alert::State::Firing)
            << QStringLiteral("Calls blocked")
            << QStringLiteral("3 calls blocked at 1 line, the last at 2:07 PM");
        QTest::newRow("blocked resolved")
            << QByteArray("{'id':'al_2','subscriptionId':'sub_1','kind':'blocked', "
                          "'state':'resolved','firedAt':'2026-03-10T14:05:00.000Z', "
                          "'resolvedAt':'2026-03-10T14:12:30.000Z', "
                          "'figures':{'limit':10,'blockedCalls':3,'lastBlockedAt':'2026-03-10T14:"
                          "07:30.000Z'}}")
            << int(Alert::Kind::Blocked) << int(Alert::State::Resolved)
            << QStringLiteral("Calls blocked")
            << QStringLiteral("3 calls blocked at 10 lines in this episode; none since 2:07 PM");
        QTest::newRow("renewal at risk (cents)")
            << QByteArray("{'id':'al_3','subscriptionId':'sub_1','kind':'renewal-at-risk', "
                          "'state':'firing','firedAt':'2026-03-10T14:05:00.000Z', "
                          "'figures':{'renewalAt':'2026-03-12T00:00:00.000Z','purchasedLines':5, "
                          "'chargeCents':5000,'charge':'50.00','creditsCents':2000,'credits':'20."
                          "00', 'shortfallCents':3000,'shortfall':'30.00','warningDays':3}}")
            << int(Alert::Kind::RenewalAtRisk) << int(Alert::State::Firing)
            << QStringLiteral("Renewal at risk")
            << QStringLiteral("The renewal on Mar 12, 2026 charges $50.00 for 5 lines purchased, "
                              "but the credits are $20.00: $30.00 short. Add credits or remove "
                              "lines before then.");
        QTest::newRow("renewal at risk (decimal strings only)")
            << QByteArray("{'id':'al_3','kind':'renewal-at-risk','state':'firing', "
                          "'figures':{'renewalAt':'2026-03-12T00:00:00.000Z','purchasedLines':1, "
                          "'charge':'10.00','credits':'2.50'}}")
            << int(Alert::Kind::RenewalAtRisk) << int(Alert::State::Firing)
            << QStringLiteral("Renewal at risk")
            << QStringLiteral("The renewal on Mar 12, 2026 charges $10.00 for 1 line purchased, "
                              "but the credits are $2.50: $7.50 short. Add credits or remove "
                              "lines before then.");
        QTest::newRow("renewal resolved")
            << QByteArray("{'id':'al_3','kind':'renewal-at-risk','state':'resolved', "
                          "'figures':{'renewalAt':'2026-03-12T00:00:00.000Z','purchasedLines':1, "
                          "'chargeCents':1000,'creditsCents':5000}}")
            << int(Alert::Kind::RenewalAtRisk) << int(Alert::State::Resolved)
            << QStringLiteral("Renewal at risk")
            << QStringLiteral("The renewal on Mar 12, 2026 is no longer at risk.");
        QTest::newRow("renewal resolved: covered")
            << QByteArray("{'id':'al_3','kind':'renewal-at-risk','state':'resolved','figures':{'"
                          "renewalAt':'2026-03-12T00:00:00.000Z','purchasedLines':1,'chargeCents':"
                          "1000,'creditsCents':5000,'outcome':'covered'}}")
            << int(Alert::Kind::RenewalAtRisk) << int(Alert::State::Resolved)
            << QStringLiteral("Renewal at risk")
            << QStringLiteral(
                   "The renewal on Mar 12, 2026 is covered now: the credits are $50.00.");
        QTest::newRow("renewal resolved: frozen")
            << QByteArray("{'id':'al_3','kind':'renewal-at-risk','state':'resolved','figures':{'"
                          "renewalAt':'2026-03-12T00:00:00.000Z','purchasedLines':1,'chargeCents':"
                          "1000,'creditsCents':5,'outcome':'frozen'}}")
            << int(Alert::Kind::RenewalAtRisk) << int(Alert::State::Resolved)
            << QStringLiteral("Renewal at risk")
            << QStringLiteral(
                   "The renewal on Mar 12, 2026 could not be paid: the subscription is frozen.");
        QTest::newRow("renewal resolved: renewed")
            << QByteArray("{'id':'al_3','kind':'renewal-at-risk','state':'resolved','figures':{'"
                          "renewalAt':'2026-03-12T00:00:00.000Z','purchasedLines':1,'chargeCents':"
                          "1000,'creditsCents':0,'outcome':'renewed'}}")
            << int(Alert::Kind::RenewalAtRisk) << int(Alert::State::Resolved)
            << QStringLiteral("Renewal at risk")
            << QStringLiteral("The renewal on Mar 12, 2026 was paid.");
        QTest::newRow("renewal resolved: rule off")
            << QByteArray("{'id':'al_3','kind':'renewal-at-risk','state':'resolved','figures':{'"
                          "renewalAt':'2026-03-12T00:00:00.000Z','purchasedLines':1,'chargeCents':"
                          "1000,'creditsCents':0,'outcome':'rule-off'}}")
            << int(Alert::Kind::RenewalAtRisk) << int(Alert::State::Resolved)
            << QStringLiteral("Renewal at risk")
            << QStringLiteral("The renewal warning was switched off.");
        QTest::newRow("frozen firing")
            << QByteArray(
                   "{'id':'al_4','kind':'frozen','state':'firing', "
                   "'figures':{'creditsCents':-300,'credits':'-3.00','concurrencyLimit':10}}")
            << int(Alert::Kind::Frozen) << int(Alert::State::Firing)
            << QStringLiteral("Subscription frozen")
            << QStringLiteral("The subscription is frozen with -$3.00 in credits; the limit is "
                              "10 lines and no lines can be bought until credits are added.");
        QTest::newRow("frozen resolved")
            << QByteArray("{'id':'al_4','kind':'frozen','state':'resolved', "
                          "'figures':{'creditsCents':12000,'concurrencyLimit':10}}")
            << int(Alert::Kind::Frozen) << int(Alert::State::Resolved)
            << QStringLiteral("Subscription frozen")
            << QStringLiteral("The subscription is active again (credits $120.00).");
        QTest::newRow("unknown kind: the service's summary")
            << QByteArray("{'id':'al_5','kind':'lease-expired','state':'firing', 'summary':'3 "
                          "leases expired','figures':{'n':3}}")
            << int(Alert::Kind::Unknown) << int(Alert::State::Firing)
            << QStringLiteral("lease-expired") << QStringLiteral("3 leases expired");
        QTest::newRow("known kind, figures missing: the summary")
            << QByteArray("{'id':'al_6','kind':'blocked','state':'firing', 'summary':'2 calls "
                          "blocked at 10 lines','figures':{}}")
            << int(Alert::Kind::Blocked) << int(Alert::State::Firing)
            << QStringLiteral("Calls blocked") << QStringLiteral("2 calls blocked at 10 lines");
    }

    void parsesEveryKind()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, kind);
        QFETCH(int, state);
        QFETCH(QString, title);
        QFETCH(QString, sentence);
        const Alert a = Alert::fromJson(object(json.constData()));
        QVERIFY(a.isValid());
        QCOMPARE(int(a.kind), kind);
        QCOMPARE(int(a.state), state);
        QCOMPARE(a.title(), title);
        QCOMPARE(a.sentence(), sentence);
        QCOMPARE(a.isFiring(), state == int(Alert::State::Firing));
        // The round trip keeps what was read.
        const Alert back = Alert::fromJson(a.toJson());
        QCOMPARE(back.id, a.id);
        QCOMPARE(back.kindName, a.kindName);
        QCOMPARE(int(back.state), int(a.state));
        QCOMPARE(back.firedAt, a.firedAt);
        QCOMPARE(back.resolvedAt, a.resolvedAt);
        QCOMPARE(back.figures, a.figures);
        QCOMPARE(back.sentence(), a.sentence());
    }

    void timesAndHeadline()
    {
        const Alert a = Alert::fromJson(object(
            "{'id':'al_2','subscriptionId':'sub_1', "
            "'kind':'blocked','state':'firing','startedAt':'2026-03-10T14:05:00.000Z', "
            "'firedAt':'2026-03-10T14:05:00.123Z','resolvedAt':null, "
            "'updatedAt':'2026-03-10T14:05:01.000Z','summary':'s', "
            "'figures':{'limit':2,'blockedCalls':1,'lastBlockedAt':'2026-03-10T14:05:00.000Z'}}"));
        QCOMPARE(a.id, QStringLiteral("al_2"));
        QCOMPARE(a.subscriptionId, QStringLiteral("sub_1"));
        QCOMPARE(a.startedAt, utc(14, 5));
        QCOMPARE(a.firedAt, utc(14, 5).addMSecs(123));
        QCOMPARE(a.firedAt.timeSpec(), Qt::UTC);
        QVERIFY(!a.resolvedAt.isValid());
        QCOMPARE(a.updatedAt, utc(14, 5, 1));
        QCOMPARE(a.headline(), QStringLiteral("Calls blocked: 1 call blocked at 2 lines"));
        QCOMPARE(a.stateText(), QStringLiteral("Firing"));
        QCOMPARE(a.toJson().value(QLatin1String("resolvedAt")), QJsonValue(QJsonValue::Null));
        QCOMPARE(a.toJson().value(QLatin1String("firedAt")).toString(),
                 QStringLiteral("2026-03-10T14:05:00.123Z"));

        Alert resolved = a;
        resolved.state = Alert::State::Resolved;
        resolved.resolvedAt = utc(14, 10);
        QVERIFY(resolved.headline().startsWith(QStringLiteral("Resolved — Calls blocked: ")));
        QCOMPARE(resolved.stateText(), QStringLiteral("Resolved"));
    }

    void badJsonIsTolerated_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("wrong types")
            << QByteArray("{'id':12,'kind':['blocked'],'state':true,'firedAt':17,'resolvedAt':{}, "
                          "'summary':null,'figures':'many'}");
        QTest::newRow("figures of the wrong types") << QByteArray(
            "{'id':'al_1','kind':'near-limit','state':'firing', "
            "'figures':{'limit':'10','thresholdPercent':80.5,'thresholdCalls':null}}");
        QTest::newRow("bad times")
            << QByteArray("{'id':'al_1','kind':'blocked','state':'resolved','firedAt':'yesterday', "
                          "'resolvedAt':'2026-13-45T99:00:00Z', "
                          "'figures':{'limit':10,'blockedCalls':2,'lastBlockedAt':'later'}}");
        QTest::newRow("unknown state")
            << QByteArray("{'id':'al_1','kind':'frozen','state':'smouldering','figures':{}}");
        QTest::newRow("huge numbers")
            << QByteArray("{'id':'al_1','kind':'blocked','state':'firing', "
                          "'figures':{'limit':1e300,'blockedCalls':-1e300}}");
    }

    void badJsonIsTolerated()
    {
        QFETCH(QByteArray, json);
        const Alert a = Alert::fromJson(object(json.constData()));
        // Whatever arrived, the console can still say something and never shows garbage.
        QVERIFY(!a.title().isEmpty());
        QVERIFY(!a.sentence().isEmpty());
        QVERIFY(!a.headline().isEmpty());
        QVERIFY(!a.stateText().isEmpty());
        QVERIFY(!a.sentence().contains(QLatin1Char('%')));
        if (!a.firedAt.isNull())
            QVERIFY(a.firedAt.isValid());
    }

    void wrongTypesLeaveDefaults()
    {
        const Alert a = Alert::fromJson(object("{'id':12,'kind':['blocked'],'state':true}"));
        QVERIFY(!a.isValid());
        QCOMPARE(int(a.kind), int(Alert::Kind::Unknown));
        QCOMPARE(int(a.state), int(Alert::State::Unknown));
        QVERIFY(!a.isFiring());
        QCOMPARE(a.title(), QStringLiteral("Alert"));
    }

    void rulesParse()
    {
        const AlertRules r = AlertRules::fromJson(
            object("{'subscriptionId':'sub_1', "
                   "'nearLimitPercent':90,'nearLimitSeconds':120,'onBlocked':false, "
                   "'renewalWarningDays':null,'onFrozen':true,'blockedQuietSeconds':300,'version':"
                   "4, 'updatedAt':'2026-03-10T12:00:00.000Z','updatedBy':'admin@test.example'}"));
        QCOMPARE(r.subscriptionId, QStringLiteral("sub_1"));
        QCOMPARE(r.nearLimitPercent, std::optional<int>(90));
        QCOMPARE(r.nearPercent(), 90);
        QCOMPARE(r.nearLimitSeconds, 120);
        QCOMPARE(r.onBlocked, false);
        QVERIFY(!r.renewalWarningDays.has_value());
        QCOMPARE(r.onFrozen, true);
        QCOMPARE(r.blockedQuietSeconds, 300);
        QCOMPARE(r.version, 4);
        QCOMPARE(r.updatedAt, utc(12, 0));
        QCOMPARE(r.updatedBy, QStringLiteral("admin@test.example"));

        // PUT sends exactly the five editable fields; null switches a rule off.
        const QJsonObject put = r.toPutJson();
        QCOMPARE(put.keys(),
                 (QStringList{QStringLiteral("nearLimitPercent"),
                              QStringLiteral("nearLimitSeconds"), QStringLiteral("onBlocked"),
                              QStringLiteral("onFrozen"), QStringLiteral("renewalWarningDays")}));
        QCOMPARE(put.value(QLatin1String("renewalWarningDays")), QJsonValue(QJsonValue::Null));
        QCOMPARE(put.value(QLatin1String("nearLimitPercent")).toInt(), 90);
        const AlertRules back = AlertRules::fromJson(r.toJson());
        QVERIFY(back.sameSettings(r));
        QCOMPARE(back.version, r.version);
        QCOMPARE(back.updatedAt, r.updatedAt);
        QCOMPARE(back.updatedBy, r.updatedBy);
    }

    void rulesDefaults()
    {
        // A subscription nobody edited (version 0, updatedAt null).
        const AlertRules r = AlertRules::fromJson(
            object("{'subscriptionId':'sub_1', "
                   "'nearLimitPercent':80,'nearLimitSeconds':60,'onBlocked':true, "
                   "'renewalWarningDays':3,'onFrozen':true,'blockedQuietSeconds':300,'version':0, "
                   "'updatedAt':null,'updatedBy':null}"));
        QVERIFY(r.sameSettings(AlertRules{}));
        QCOMPARE(r.version, 0);
        QVERIFY(!r.updatedAt.isValid());
        QVERIFY(r.updatedBy.isEmpty());
        // A missing or mistyped field keeps its default; null turns a rule off.
        const AlertRules odd =
            AlertRules::fromJson(object("{'nearLimitPercent':null,'nearLimitSeconds':'60','"
                                        "onBlocked':'yes', 'renewalWarningDays':2.5}"));
        QVERIFY(!odd.nearLimitPercent.has_value());
        QCOMPARE(odd.nearPercent(), AlertRules::DefaultNearLimitPercent);
        QCOMPARE(odd.nearLimitSeconds, AlertRules::DefaultNearLimitSeconds);
        QCOMPARE(odd.onBlocked, true);
        QCOMPARE(odd.renewalWarningDays, std::optional<int>(AlertRules::DefaultRenewalWarningDays));
        AlertRules changed;
        changed.onFrozen = false;
        QVERIFY(!changed.sameSettings(AlertRules{}));
        changed.onFrozen = true;
        changed.version = 7; // not a setting
        QVERIFY(changed.sameSettings(AlertRules{}));
    }

    void webhookAndDeliveries()
    {
        const Webhook w = Webhook::fromJson(
            object("{'id':'wh_1','subscriptionId':'sub_1', "
                   "'url':'https://hooks.example.com/x','secretHint':'…abcd', "
                   "'createdAt':'2026-03-10T12:00:00.000Z','createdBy':'admin@test.example'}"));
        QCOMPARE(w.id, QStringLiteral("wh_1"));
        QCOMPARE(w.url, QStringLiteral("https://hooks.example.com/x"));
        QCOMPARE(w.secretHint, QStringLiteral("…abcd"));
        QCOMPARE(w.createdAt, utc(12, 0));
        QCOMPARE(Webhook::fromJson(w.toJson()).createdBy, w.createdBy);

        const WebhookDelivery d = WebhookDelivery::fromJson(object(
            "{'id':'dl_1', "
            "'webhookId':'wh_1','alertId':'al_2','alertKind':'blocked','alertState':'firing', "
            "'state':'pending','createdAt':'2026-03-10T12:00:00.000Z','attempts':2, "
            "'nextAttemptAt':'2026-03-10T12:00:06.000Z','deliveredAt':null,'lastStatusCode':503, "
            "'lastError':null,'attemptLog':[ "
            "{'at':'2026-03-10T12:00:00.000Z','statusCode':null,'error':'connection "
            "refused','durationMs':3}, "
            "{'at':'2026-03-10T12:00:02.000Z','statusCode':503,'error':null,'durationMs':41}]}"));
        QCOMPARE(d.alertKind, Alert::Kind::Blocked);
        QCOMPARE(d.alertState, Alert::State::Firing);
        QCOMPARE(d.state, QStringLiteral("pending"));
        QCOMPARE(d.stateText(), QStringLiteral("Retrying"));
        QCOMPARE(d.attempts, 2);
        QCOMPARE(d.nextAttemptAt, utc(12, 0, 6));
        QVERIFY(!d.deliveredAt.isValid());
        QCOMPARE(d.lastStatusCode, std::optional<int>(503));
        QCOMPARE(d.lastResultText(), QStringLiteral("HTTP 503"));
        QCOMPARE(d.attemptLog.size(), 2);
        QVERIFY(!d.attemptLog.at(0).statusCode.has_value());
        QCOMPARE(d.attemptLog.at(0).error, QStringLiteral("connection refused"));
        QCOMPARE(d.attemptLog.at(1).durationMs, 41);
        const WebhookDelivery back = WebhookDelivery::fromJson(d.toJson());
        QCOMPARE(back.attemptLog.size(), 2);
        QCOMPARE(back.lastStatusCode, d.lastStatusCode);
        QCOMPARE(back.nextAttemptAt, d.nextAttemptAt);

        WebhookDelivery failed;
        failed.state = QStringLiteral("failed");
        failed.lastError = QStringLiteral("timeout");
        QCOMPARE(failed.stateText(), QStringLiteral("Failed"));
        QCOMPARE(failed.lastResultText(), QStringLiteral("timeout"));
        failed.lastStatusCode = 503;
        failed.lastError = QStringLiteral("HTTP 503"); // as the service words it
        QCOMPARE(failed.lastResultText(), QStringLiteral("HTTP 503"));
        failed.lastError = QStringLiteral("body too large");
        QCOMPARE(failed.lastResultText(), QStringLiteral("HTTP 503: body too large"));
        QCOMPARE(WebhookDelivery{}.lastResultText(), QStringLiteral("—"));
        // Garbage in the log is skipped, not fatal.
        const WebhookDelivery odd = WebhookDelivery::fromJson(
            object("{'id':'dl_2','attempts':'2','attemptLog':[1,'x',{'statusCode':200}]}"));
        QCOMPARE(odd.attempts, 0);
        QCOMPARE(odd.attemptLog.size(), 1);
        QCOMPARE(odd.attemptLog.at(0).statusCode, std::optional<int>(200));
    }
};

QTEST_GUILESS_MAIN(TestAlert)
#include "tst_alert.moc"
