#include "demoseed.h"

#include "accounts.h"
#include "billing.h"
#include "clock.h"
#include "database.h"

#include <QCryptographicHash>
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
};

struct DemoSubscription
{
    const char *name;
    const char *type;
    int included;
    qint64 creditsCents;
    QList<DemoOrg> orgs;
    QList<QPair<int, int>> lineChanges; // (days before now, quantity)
};

} // namespace

QJsonArray DemoSeed::seedIfEmpty(Database &db, const Clock &clock, const QString &tokensPath)
{
    {
        QSqlQuery q = db.exec(QStringLiteral("SELECT COUNT(*) FROM subscription"));
        if (q.next() && q.value(0).toInt() > 0)
            return {};
    }
    const QList<DemoSubscription> demo{
        {"Acme Health",
         "growth",
         10,
         500'00,
         {{"Acme Health Inbound", "admin@acme-inbound.example", "Ana Ruiz"},
          {"Acme Health Outbound", "admin@acme-outbound.example", "Ben Okafor"}},
         // Lines bought for a campaign and handed back: a history, and 10 + 0 lines today.
         {{40, 3}, {20, 2}, {5, -5}}},
        {"Brightline Realty",
         "startup",
         10,
         120'00,
         {{"Brightline Realty", "admin@brightline.example", "Chloe Martin"}},
         {{30, 1}}},
        {"Cobalt Voice Agency",
         "agency",
         10,
         2000'00,
         {{"Cobalt Voice Agency", "admin@cobalt.example", "Dev Patel"}},
         {{42, 8}, {12, 4}}},
        {"Delta Logistics",
         "scale",
         10,
         850'00,
         {{"Delta Logistics", "admin@delta.example", "Eva Novak"}},
         {{35, 10}, {10, -4}}},
        {"Evergreen Clinics",
         "pay-as-you-go",
         10,
         35'00,
         {{"Evergreen Clinics", "admin@evergreen.example", "Farid Haddad"}},
         {}},
        {"Fjord Enterprise",
         "enterprise",
         50,
         10000'00,
         {{"Fjord Enterprise", "admin@fjord.example", "Greta Lind"}},
         {{44, 20}}},
        // Too few credits for its renewal: shows a frozen subscription.
        {"Granite Insurance",
         "pay-as-you-go",
         10,
         15'00,
         {{"Granite Insurance", "admin@granite.example", "Hugo Silva"}},
         {{40, 1}}},
    };

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
        Caller firstAdmin;
        for (const DemoOrg &o : s.orgs) {
            const QString orgId =
                accounts.createOrg(QString::fromUtf8(o.name), subscriptionId, n.createdAt);
            const QString email = QString::fromLatin1(o.adminEmail);
            const QString userId =
                accounts.createUser(email, QString::fromUtf8(o.adminName), false, n.createdAt);
            accounts.addMembership(orgId, userId, QStringLiteral("admin"));
            addToken(email, QStringLiteral("admin"), orgId, QString::fromUtf8(o.name), userId);
            if (firstAdmin.userId.isEmpty())
                firstAdmin = Caller{userId, email, QString::fromUtf8(o.adminName), false, {}};
            if (firstOrgId.isEmpty()) {
                firstOrgId = orgId;
                firstOrgName = QString::fromUtf8(o.name);
            }
        }
        for (const auto &[daysAgo, quantity] : s.lineChanges)
            planned.append({now.addDays(-daysAgo), subscriptionId, firstAdmin, quantity});
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
    qCInfo(lcDemo) << "seeded demo data:" << demo.size() << "subscriptions," << tokens.size()
                   << "sign-ins";
    return tokens;
}

} // namespace linedesk::server
