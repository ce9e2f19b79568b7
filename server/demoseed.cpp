#include "demoseed.h"

#include "accounts.h"
#include "billing.h"
#include "clock.h"
#include "database.h"
#include "demohistory.h"
#include "history.h"
#include "service.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcDemo, "linedesk.server.demo", QtInfoMsg)

namespace linedesk::server {

namespace {

struct DemoOrg
{
    const char *name;
    const char *adminEmail;
    const char *adminName;
    // Its calls: its share of the subscription's, and the weights of inbound, outbound and
    // web calls among them.
    int weight = 1;
    int inbound = 1;
    int outbound = 0;
    int web = 0;
};

struct DemoSubscription
{
    const char *name;
    const char *type;
    int included;
    qint64 creditsCents;
    QList<DemoOrg> orgs;
    QList<QPair<int, int>> lineChanges; // (days before now, quantity)
    DemoCallHistory::Traffic traffic;   // the last week's calls (DemoCallHistory)
};

} // namespace

QJsonArray DemoSeed::seedIfEmpty(Database &db, const Clock &clock, const QString &tokensPath)
{
    {
        QSqlQuery q = db.exec(QStringLiteral("SELECT COUNT(*) FROM subscription"));
        if (q.next() && q.value(0).toInt() > 0)
            return {};
    }
    // The last week's traffic (peak erlangs on a weekday's working hours, mean holding time,
    // the customer's time zone) is sized so that most subscriptions stay well below their
    // lines, and two meet them at busy hours: their capacity plans ask for a few more.
    const QList<DemoSubscription> demo{
        {"Acme Health",
         "growth",
         10,
         500'00,
         {{"Acme Health Inbound", "admin@acme-inbound.example", "Ana Ruiz", 3, 85, 0, 15},
          {"Acme Health Outbound", "admin@acme-outbound.example", "Ben Okafor", 2, 0, 90, 10}},
         // Lines bought for a campaign and handed back: a history, and 10 + 0 lines today —
         // too few at busy hours since the 5 were removed.
         {{40, 3}, {20, 2}, {5, -5}},
         {5.0, 240, -5}},
        {"Brightline Realty",
         "startup",
         10,
         120'00,
         {{"Brightline Realty", "admin@brightline.example", "Chloe Martin", 1, 35, 55, 10}},
         {{30, 1}},
         // At its 11 lines on busy weekday hours.
         {5.4, 220, -8}},
        {"Cobalt Voice Agency",
         "agency",
         10,
         2000'00,
         {{"Cobalt Voice Agency", "admin@cobalt.example", "Dev Patel", 1, 40, 40, 20}},
         {{42, 8}, {12, 4}},
         {5.5, 240, 0}},
        {"Delta Logistics",
         "scale",
         10,
         850'00,
         {{"Delta Logistics", "admin@delta.example", "Eva Novak", 1, 35, 60, 5}},
         {{35, 10}, {10, -4}},
         {3.2, 260, 1}},
        {"Evergreen Clinics",
         "pay-as-you-go",
         10,
         35'00,
         {{"Evergreen Clinics", "admin@evergreen.example", "Farid Haddad", 1, 75, 20, 5}},
         {},
         {2.2, 200, -6}},
        // Far more lines than its traffic needs: a plan that suggests fewer.
        {"Fjord Enterprise",
         "enterprise",
         50,
         10000'00,
         {{"Fjord Enterprise", "admin@fjord.example", "Greta Lind", 1, 45, 25, 30}},
         {{44, 20}},
         {5.5, 270, 1}},
        // Too few credits for its renewal: shows a frozen subscription, with little traffic.
        {"Granite Insurance",
         "pay-as-you-go",
         10,
         15'00,
         {{"Granite Insurance", "admin@granite.example", "Hugo Silva", 1, 80, 20, 0}},
         {{40, 1}},
         {0.35, 200, -5}},
    };

    QElapsedTimer elapsed;
    elapsed.start();
    const QDateTime now = clock.now();
    // All of it or nothing: a failed seed leaves an empty database to seed again.
    Database::Transaction tx(db);
    ManualClock past(now.addDays(-45));
    Accounts accounts(db);
    Billing billing(db, past);
    QJsonArray tokens;
    auto addToken = [&](const QString &email, const QString &role, const QJsonValue &orgId,
                        const QString &orgName, const QString &userId) {
        tokens.append(QJsonObject{
            {QStringLiteral("email"), email},
            {QStringLiteral("role"), role},
            {QStringLiteral("orgId"), orgId},
            {QStringLiteral("orgName"), orgName},
            {QStringLiteral("token"), accounts.createToken(userId, QStringLiteral("demo"), now)},
        });
    };

    struct Planned
    {
        QDateTime at;
        QString subscriptionId;
        Caller admin;
        int quantity;
    };
    QList<Planned> planned;
    QList<DemoCallHistory::Subscription> traffic;
    QString firstOrgId;
    QString firstOrgName;
    int subscriptionIndex = 0;
    for (const DemoSubscription &s : demo) {
        Accounts::NewSubscription n;
        n.name = QString::fromUtf8(s.name);
        n.type = QString::fromLatin1(s.type);
        n.includedLines = s.included;
        n.creditsCents = s.creditsCents;
        // Stagger the anchors so renewals fall on different days.
        n.createdAt = now.addDays(-45 - 3 * subscriptionIndex++);
        const QString subscriptionId = accounts.createSubscription(n, QStringLiteral("demo-seed"));
        DemoCallHistory::Subscription week{subscriptionId, s.traffic, {}};
        Caller firstAdmin;
        for (const DemoOrg &o : s.orgs) {
            const QString orgId =
                accounts.createOrg(QString::fromUtf8(o.name), subscriptionId, n.createdAt);
            const QString email = QString::fromLatin1(o.adminEmail);
            const QString userId =
                accounts.createUser(email, QString::fromUtf8(o.adminName), false, n.createdAt);
            accounts.addMembership(orgId, userId, QStringLiteral("admin"));
            addToken(email, QStringLiteral("admin"), orgId, QString::fromUtf8(o.name), userId);
            week.orgs.append({orgId, userId, o.weight, o.inbound, o.outbound, o.web});
            if (firstAdmin.userId.isEmpty())
                firstAdmin = Caller{userId, email, QString::fromUtf8(o.adminName), false, {}};
            if (firstOrgId.isEmpty()) {
                firstOrgId = orgId;
                firstOrgName = QString::fromUtf8(o.name);
            }
        }
        for (const auto &[daysAgo, quantity] : s.lineChanges)
            planned.append({now.addDays(-daysAgo), subscriptionId, firstAdmin, quantity});
        traffic.append(week);
    }

    // A viewer in the first org, and a support user who sees every subscription.
    const QString viewerId = accounts.createUser(QStringLiteral("viewer@acme-inbound.example"),
                                                 QStringLiteral("Iris Chen"), false, now);
    accounts.addMembership(firstOrgId, viewerId, QStringLiteral("viewer"));
    addToken(QStringLiteral("viewer@acme-inbound.example"), QStringLiteral("viewer"), firstOrgId,
             firstOrgName, viewerId);
    const QString supportId = accounts.createUser(QStringLiteral("support@linedesk.example"),
                                                  QStringLiteral("Sam Rivera"), true, now);
    addToken(QStringLiteral("support@linedesk.example"), QStringLiteral("support"),
             QJsonValue(QJsonValue::Null), QString(), supportId);

    // Replay the line history in time order through the real billing code, renewing
    // periods as they end, so credits, lines, changes and audit agree exactly.
    std::sort(planned.begin(), planned.end(),
              [](const Planned &a, const Planned &b) { return a.at < b.at; });
    int n = 0;
    for (const Planned &p : planned) {
        past.set(p.at);
        billing.renewDue();
        Caller caller = p.admin;
        caller.requestId = QStringLiteral("demo-seed-%1").arg(++n);
        const QString key = caller.requestId;
        billing.changeLines(
            caller, p.subscriptionId, p.quantity, key, IfMatch{},
            QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex());
    }
    past.set(now);
    billing.renewDue();

    // Then the last week's calls, under the lines that history left in force at each moment.
    // Ended calls keep the lease of their last renewal: the service's default (the seed runs
    // before any configuration of it is known, and nothing reads it once a call has ended).
    History history(db);
    const QList<DemoCallHistory::Summary> calls = DemoCallHistory::seed(
        db, history, traffic, now.toMSecsSinceEpoch(), ServiceConfig().leaseMs);
    tx.commit();

    if (!tokensPath.isEmpty()) {
        QSaveFile file(tokensPath);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(QJsonDocument(tokens).toJson(QJsonDocument::Indented));
            file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            if (!file.commit())
                qCWarning(lcDemo) << "cannot write" << tokensPath;
        } else {
            qCWarning(lcDemo) << "cannot write" << tokensPath << file.errorString();
        }
    }
    qint64 callCount = 0;
    qint64 blocked = 0;
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const DemoCallHistory::Summary &c = calls.at(i);
        callCount += c.calls;
        blocked += c.blocked;
        qCDebug(lcDemo).noquote() << demo.at(i).name << "had" << c.calls << "calls," << c.blocked
                                  << "blocked, at most" << c.peakActive << "at once";
    }
    qCInfo(lcDemo).noquote() << QStringLiteral("seeded demo data: %1 subscriptions, %2 sign-ins, "
                                               "%3 calls of the last 7 days (%4 blocked) in %5 ms")
                                    .arg(demo.size())
                                    .arg(tokens.size())
                                    .arg(callCount)
                                    .arg(blocked)
                                    .arg(elapsed.elapsed());
    return tokens;
}

} // namespace linedesk::server
