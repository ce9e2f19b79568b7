#include "apiassert.h"
#include "inspector.h"
#include "testserver.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>

using namespace linedesk::test;
using linedesk::server::Accounts;

namespace {

const QString kMissingId = QStringLiteral("00000000-0000-4000-8000-000000000000");
// Nobody heartbeats here: admitted calls must outlive the jump past 24 hours.
constexpr qint64 kWeekMs = 7LL * 24 * 3600 * 1000;
const QString kStuckReason = QStringLiteral("customer reported stuck line");

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

qint64 msOf(const QJsonObject &o, const char *key)
{
    return QDateTime::fromString(str(o, key), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

QString enc(const QString &v)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(v));
}

QString jsonText(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
}

// SQLite's NOCASE: only A-Z fold, then the UTF-8 bytes compare.
QByteArray nocase(const QString &s)
{
    QByteArray b = s.toUtf8();
    for (char &c : b)
        if (c >= 'A' && c <= 'Z')
            c = char(c + ('a' - 'A'));
    return b;
}

QString asciiLower(const QString &s)
{
    QString r = s;
    for (QChar &c : r)
        if (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            c = QChar(c.unicode() + ('a' - 'A'));
    return r;
}

const QStringList &sortColumns()
{
    static const QStringList columns{"name",
                                     "id",
                                     "orgs",
                                     "createdAt",
                                     "updatedAt",
                                     "type",
                                     "status",
                                     "credits",
                                     "concurrencyCounter",
                                     "concurrencyLimitIncluded",
                                     "concurrencyLimitPurchased",
                                     "concurrencyLimit",
                                     "peakCalls24h",
                                     "blockedCalls24h",
                                     "utilisationPercent"};
    return columns;
}

template <typename T> int cmp3(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

struct User
{
    QString id, email, name, role;
};

struct Org
{
    QString id, name;
    QList<User> users; // by email
    QString adminToken, viewerToken;
};

// What the test did to one subscription: the reference every answer is checked against.
struct Sub
{
    QString id, name, type, status = QStringLiteral("active");
    QList<Org> orgs; // by name (NOCASE), then id
    qint64 credits = 0, createdAtMs = 0, updatedAtMs = 0;
    int active = 0, included = 0, purchased = 0, peak = 0, blocked = 0;
    QStringList activeCalls;

    int limit() const { return included + purchased; }
    int utilisation() const { return limit() > 0 ? peak * 100 / limit() : (peak > 0 ? 100 : 0); }
    QString orgNames() const
    {
        QStringList names;
        for (const Org &o : orgs)
            names << o.name;
        return names.join(QStringLiteral(", "));
    }
    QStringList searchable() const
    {
        QStringList texts{name, id};
        for (const Org &o : orgs) {
            texts << o.name << o.id;
            for (const User &u : o.users)
                texts << u.email;
        }
        return texts;
    }
    QStringList emails() const
    {
        QStringList list;
        for (const Org &o : orgs)
            for (const User &u : o.users)
                list << u.email;
        return list;
    }
    QString adminToken() const
    {
        for (const Org &o : orgs)
            if (!o.adminToken.isEmpty())
                return o.adminToken;
        return {};
    }
    void sortOrgs()
    {
        std::sort(orgs.begin(), orgs.end(), [](const Org &a, const Org &b) {
            const int c = cmp3(nocase(a.name), nocase(b.name));
            return c != 0 ? c < 0 : a.id < b.id;
        });
        for (Org &o : orgs)
            std::sort(o.users.begin(), o.users.end(),
                      [](const User &a, const User &b) { return a.email < b.email; });
    }
};

int compareColumn(const QString &column, const Sub &a, const Sub &b)
{
    if (column == QLatin1String("name"))
        return cmp3(nocase(a.name), nocase(b.name));
    if (column == QLatin1String("id"))
        return cmp3(a.id, b.id);
    if (column == QLatin1String("orgs"))
        return cmp3(nocase(a.orgNames()), nocase(b.orgNames()));
    if (column == QLatin1String("createdAt"))
        return cmp3(a.createdAtMs, b.createdAtMs);
    if (column == QLatin1String("updatedAt"))
        return cmp3(a.updatedAtMs, b.updatedAtMs);
    if (column == QLatin1String("type"))
        return cmp3(a.type, b.type);
    if (column == QLatin1String("status"))
        return cmp3(a.status, b.status);
    if (column == QLatin1String("credits"))
        return cmp3(a.credits, b.credits);
    if (column == QLatin1String("concurrencyCounter"))
        return cmp3(a.active, b.active);
    if (column == QLatin1String("concurrencyLimitIncluded"))
        return cmp3(a.included, b.included);
    if (column == QLatin1String("concurrencyLimitPurchased"))
        return cmp3(a.purchased, b.purchased);
    if (column == QLatin1String("concurrencyLimit"))
        return cmp3(a.limit(), b.limit());
    if (column == QLatin1String("peakCalls24h"))
        return cmp3(a.peak, b.peak);
    if (column == QLatin1String("blockedCalls24h"))
        return cmp3(a.blocked, b.blocked);
    if (column == QLatin1String("utilisationPercent"))
        return cmp3(a.utilisation(), b.utilisation());
    qFatal("no reference for sort column %s", qPrintable(column));
}

// < 0: a comes before b in this sort ("-" first: descending); ties by id the same way.
int compareInSort(const QString &sort, const Sub &a, const Sub &b)
{
    const bool descending = sort.startsWith(QLatin1Char('-'));
    const QString column =
        descending ? sort.mid(1) : (sort.isEmpty() ? QStringLiteral("name") : sort);
    int c = compareColumn(column, a, b);
    if (c == 0)
        c = cmp3(a.id, b.id);
    return descending ? -c : c;
}

QStringList referenceOrder(QList<Sub> rows, const QString &sort)
{
    std::sort(rows.begin(), rows.end(),
              [&](const Sub &a, const Sub &b) { return compareInSort(sort, a, b) < 0; });
    QStringList ids;
    for (const Sub &s : rows)
        ids << s.id;
    return ids;
}

// The documented search: trimmed, at most 200 characters; 3+ characters fold case by Unicode
// rules, 1 or 2 by ASCII only; every text is a plain substring (no wildcards).
bool matchesSearch(const Sub &s, const QString &search)
{
    const QString text = search.left(200).trimmed();
    if (text.isEmpty())
        return true;
    const bool trigram = text.toUcs4().size() >= 3;
    for (const QString &field : s.searchable()) {
        if (trigram ? field.toCaseFolded().contains(text.toCaseFolded())
                    : asciiLower(field).contains(asciiLower(text)))
            return true;
    }
    return false;
}

QStringList filtersOf(const QStringList &filterParams)
{
    QStringList names;
    for (const QString &param : filterParams)
        for (const QString &name : param.split(QLatin1Char(',')))
            if (!name.trimmed().isEmpty())
                names << name.trimmed();
    return names;
}

bool passesFilters(const Sub &s, const QStringList &filters, const QString &type)
{
    for (const QString &f : filters) {
        if (f == QLatin1String("at-limit") && !(s.active >= s.limit()))
            return false;
        if (f == QLatin1String("blocking") && !(s.blocked > 0))
            return false;
        if (f == QLatin1String("frozen") && s.status != QLatin1String("frozen"))
            return false;
    }
    return type.isEmpty() || s.type == type;
}

QString queryString(const QString &search, const QStringList &filterParams, const QString &type,
                    const QString &sort)
{
    QStringList items;
    if (!search.isEmpty())
        items << QStringLiteral("search=") + enc(search);
    for (const QString &f : filterParams)
        items << QStringLiteral("filter=") + enc(f);
    if (!type.isEmpty())
        items << QStringLiteral("type=") + enc(type);
    if (!sort.isEmpty())
        items << QStringLiteral("sort=") + enc(sort);
    return items.join(QLatin1Char('&'));
}

struct Walk
{
    QStringList ids;
    QList<QJsonObject> rows;
    QString error;
};

// Follows nextCursor to the end; every page but the last is full.
Walk walkPages(HttpClient &http, const QString &token, const QString &query, int limit)
{
    Walk w;
    QString cursor;
    for (int page = 0; page < 2000; ++page) {
        QString path = QStringLiteral("/subscription?limit=%1").arg(limit);
        if (!query.isEmpty())
            path += QLatin1Char('&') + query;
        if (!cursor.isEmpty())
            path += QStringLiteral("&cursor=") + enc(cursor);
        const HttpResult r = http.get(path, token);
        if (r.status != 200) {
            w.error = QStringLiteral("GET %1 answered %2: %3")
                          .arg(path)
                          .arg(r.status)
                          .arg(QString::fromUtf8(r.body));
            return w;
        }
        const QJsonArray results = r.object().value(QLatin1String("results")).toArray();
        const QJsonValue next = r.object().value(QLatin1String("nextCursor"));
        if (results.size() > limit || (next.isString() && results.size() != limit) ||
            !(next.isString() || next.isNull())) {
            w.error = QStringLiteral("page %1 of %2: %3 rows, nextCursor %4")
                          .arg(page)
                          .arg(query)
                          .arg(results.size())
                          .arg(jsonText(next));
            return w;
        }
        for (const QJsonValue &v : results) {
            w.rows << v.toObject();
            w.ids << str(v.toObject(), "id");
        }
        if (next.isNull())
            return w;
        cursor = next.toString();
    }
    w.error = QStringLiteral("no last page");
    return w;
}

// Every field of a summary against the reference; empty when all agree.
QString summaryMismatch(const QJsonObject &o, const Sub &s, const QDateTime &usageAt)
{
    QStringList diffs;
    auto check = [&](const char *key, const QJsonValue &expected) {
        if (o.value(QLatin1String(key)) != expected)
            diffs << QStringLiteral("%1: got %2, expected %3")
                         .arg(QLatin1String(key), jsonText(o.value(QLatin1String(key))),
                              jsonText(expected));
    };
    check("id", s.id);
    check("name", s.name);
    check("type", s.type);
    check("status", s.status);
    check("creditsCents", s.credits);
    check("concurrencyCounter", s.active);
    check("concurrencyLimitIncluded", s.included);
    check("concurrencyLimitPurchased", s.purchased);
    check("concurrencyLimit", s.limit());
    check("peakCalls24h", s.peak);
    check("blockedCalls24h", s.blocked);
    check("utilisationPercent", s.utilisation());
    QJsonArray orgs, orgIds;
    for (const Org &org : s.orgs) {
        orgs.append(
            QJsonObject{{QStringLiteral("id"), org.id}, {QStringLiteral("name"), org.name}});
        orgIds.append(org.id);
    }
    check("orgs", orgs);
    check("orgIds", orgIds);
    if (msOf(o, "createdAt") != s.createdAtMs)
        diffs << QStringLiteral("createdAt %1").arg(str(o, "createdAt"));
    if (msOf(o, "updatedAt") != s.updatedAtMs)
        diffs << QStringLiteral("updatedAt %1").arg(str(o, "updatedAt"));
    if (QDateTime::fromString(str(o, "usageAt"), Qt::ISODateWithMs) != usageAt)
        diffs << QStringLiteral("usageAt %1, expected %2")
                     .arg(jsonText(o.value(QLatin1String("usageAt"))),
                          usageAt.toString(Qt::ISODateWithMs));
    return diffs.isEmpty() ? QString()
                           : s.name + QStringLiteral(": ") + diffs.join(QStringLiteral("; "));
}

QString describeDifference(const QStringList &got, const QStringList &expected,
                           const QHash<QString, QString> &names)
{
    qsizetype i = 0;
    while (i < got.size() && i < expected.size() && got.at(i) == expected.at(i))
        ++i;
    auto at = [&](const QStringList &l) {
        return i < l.size() ? names.value(l.at(i), l.at(i)) : QStringLiteral("(end)");
    };
    return QStringLiteral("%1 rows, expected %2; first difference at %3: got \"%4\", expected "
                          "\"%5\"")
        .arg(got.size())
        .arg(expected.size())
        .arg(i)
        .arg(at(got), at(expected));
}

// --- the population: what each subscription is made of ---

struct OrgSpec
{
    QString name;
    QStringList emails; // the first is the org's admin, the others viewers
};

struct SubSpec
{
    QString name;
    QString type = QStringLiteral("growth");
    int included = 3;
    qint64 credits = 100'00;
    qint64 ageSecs = 0;
    QList<OrgSpec> orgs;
    int buy = 0;
    int calls = 0;       // attempts; those beyond the limit are blocked
    bool freeze = false; // the period ends 40 s after the start; credits cannot renew
};

class Population
{
public:
    Population(TestServer &server, HttpClient &http) : m_server(server), m_http(http) {}

    // Creates it through the operator paths, buys lines and starts calls over HTTP.
    Sub create(const SubSpec &spec)
    {
        Accounts &accounts = m_server.accounts();
        const QDateTime t0 = m_server.clock().now();
        Accounts::NewSubscription n;
        n.name = spec.name;
        n.type = spec.type;
        n.includedLines = spec.included;
        n.creditsCents = spec.credits;
        n.createdAt = spec.freeze ? t0.addMonths(-1).addSecs(40) : t0.addSecs(-spec.ageSecs);
        Sub s;
        s.id = accounts.createSubscription(n, QStringLiteral("test"));
        s.name = spec.name;
        s.type = spec.type;
        s.included = spec.included;
        for (const OrgSpec &os : spec.orgs) {
            Org org;
            org.name = os.name;
            org.id = accounts.createOrg(os.name, s.id, n.createdAt);
            for (int i = 0; i < os.emails.size(); ++i) {
                User u;
                u.email = os.emails.at(i);
                u.name = QStringLiteral("Person Qzx %1").arg(++m_users);
                u.role = i == 0 ? QStringLiteral("admin") : QStringLiteral("viewer");
                u.id = accounts.createUser(u.email, u.name, false, n.createdAt);
                accounts.addMembership(org.id, u.id, u.role);
                const QString token = accounts.createToken(u.id, QStringLiteral("test"), t0);
                (i == 0 ? org.adminToken : org.viewerToken) = token;
                org.users << u;
            }
            s.orgs << org;
        }
        s.sortOrgs();
        if (spec.buy > 0) {
            const HttpResult r = m_http.send(
                "POST", QStringLiteral("/subscription/%1/concurrency").arg(s.id), s.adminToken(),
                QJsonDocument(QJsonObject{{QStringLiteral("quantity"), spec.buy}})
                    .toJson(QJsonDocument::Compact),
                {{"Idempotency-Key", QByteArray("buy-") + s.id.toLatin1()}});
            if (r.status != 201)
                qFatal("buying lines for %s answered %d: %s", qPrintable(s.name), r.status,
                       r.body.constData());
            s.purchased = spec.buy;
        }
        // Calls go through each org's admin in turn.
        QStringList admins;
        for (const Org &o : s.orgs)
            if (!o.adminToken.isEmpty())
                admins << o.adminToken;
        for (int i = 0; i < spec.calls; ++i) {
            const HttpResult r =
                m_http.post(QStringLiteral("/call"), admins.at(i % admins.size()), QJsonObject{});
            const bool admitted = s.active < s.limit();
            if (r.status != 201 ||
                str(r.object(), "status") !=
                    (admitted ? QStringLiteral("in-progress") : QStringLiteral("ended")))
                qFatal("call %d of %s: %d %s", i, qPrintable(s.name), r.status, r.body.constData());
            if (admitted) {
                ++s.active;
                s.activeCalls << str(r.object(), "id");
            } else {
                ++s.blocked;
            }
        }
        s.peak = s.active;
        if (spec.freeze) {
            s.status = QStringLiteral("frozen");
            s.purchased = 0; // the freeze drops them
        }
        return s;
    }

private:
    TestServer &m_server;
    HttpClient &m_http;
    int m_users = 0;
};

QList<SubSpec> populationSpecs()
{
    auto one = [](const QString &org, const QStringList &emails) {
        return QList<OrgSpec>{{org, emails}};
    };
    QList<SubSpec> specs;
    auto add = [&](SubSpec s) { specs << s; };
    // Names chosen for search: case and Unicode variants, LIKE wildcards, quotes, substrings.
    add({"Alpha Dental", "growth", 2, 120'00, 3600,
         one("Alpha Dental Front Desk",
             {"reception@alphadental.example", "dr.lee@alphadental.example"}),
         0, 4});
    add({"alpha dental clinic", "startup", 3, 80'00, 7200,
         one("Clinic North", {"admin@clinic-north.example"}), 0, 3});
    add({"ALPHA", "scale", 0, 10'00, 0, one("Alpha Root", {"root@alpha-root.example"}), 0, 2});
    add({"Alphabet Soup Ltd", "agency", 4, 55'00, 86400, one("Soup Kitchen", {"chef@soup.example"}),
         1, 1});
    add({"Beta_Logistics", "growth", 2, 60'00, 0,
         one("Beta Logistics Ops", {"ops@beta-under.example"}), 0, 1});
    add({"Beta%Logistics", "growth", 2, 60'00, 0, one("Percent Ops", {"ops@beta-percent.example"}),
         0, 2});
    add({"BetaXLogistics", "growth", 2, 60'00, 0, one("X Ops", {"ops@beta-x.example"}), 0, 3});
    add({"100% Organic", "pay-as-you-go", 1, 5'00, 0, one("Organic Farm", {"farm@organic.example"}),
         0, 0});
    add({"O'Brien & Sons", "startup", 2, 30'00, 0,
         one("O'Brien Dispatch", {"paddy@obrien.example"}), 0, 1});
    add({"The \"Quoted\" Company", "enterprise", 5, 900'00, 0,
         one("Quote Desk", {"quotes@quoted.example"}), 0, 0});
    add({"Émile Café", "startup", 2, 40'00, 0, one("Café Floor", {"emile@cafe.example"}), 0, 2});
    add({"émile café annex", "startup", 2, 40'00, 0, one("Annex", {"annex@cafe.example"}), 0, 0});
    add({"Zürich Calls AG", "scale", 1, 75'00, 0, one("Zürich Desk", {"desk@zuerich.example"}), 1,
         1});
    add({"ZÜRICH CALLS GMBH", "scale", 3, 75'00, 0, one("GmbH Desk", {"desk@zuerich-gmbh.example"}),
         0, 4});
    add({"Ωmega Systems", "enterprise", 2, 20'00, 0, one("Omega West", {"west@omega.example"}), 0,
         1});
    add({"ωmega systems east", "enterprise", 2, 20'00, 0, one("Omega East", {"east@omega.example"}),
         0, 0});
    add({"東京コールセンター", "agency", 3, 300'00, 0, one("Tokyo Floor", {"tokyo@tokyo.example"}),
         0, 3});
    add({"😀Emoji Lines", "pay-as-you-go", 1, 1'00, 0, one("Smile Team", {"smile@emoji.example"}), 0,
         1});
    add({"Echo", "growth", 1, 50'00, 0, one("Echo One", {"one@echo.example"}), 0, 0});
    add({"ECHO", "growth", 1, 50'00, 0, one("Echo Two", {"two@echo.example"}), 0, 1});
    add({"echo", "growth", 1, 50'00, 0, one("Echo Three", {"three@echo.example"}), 0, 2});
    add({"a", "startup", 1, 0, 0, one("Single Letter Org", {"s@single.example"}), 0, 0});
    add({"ab", "startup", 1, 0, 0, one("Two Letters", {"t@two.example"}), 0, 0});
    add({"Ab", "startup", 1, 0, 0, one("Two Letters Upper", {"u@two.example"}), 0, 0});
    add({"_", "startup", 1, 0, 0, one("Underscore Org", {"under@score.example"}), 0, 0});
    add({"%", "startup", 1, 0, 0, one("Percent Org", {"per@cent.example"}), 0, 0});
    add({"Zeta",
         "agency",
         3,
         150'00,
         172800,
         {{"zeta north", {"north@zeta.example", "viewer2@zeta.example"}},
          {"Zeta South", {"south@zeta.example"}},
          {"zeta archive", {}}},
         0,
         2});
    add({"Shared Pool",
         "agency",
         2,
         150'00,
         172800,
         {{"Inbound Team", {"in@pool.example"}}, {"outbound team", {"out@pool.example"}}},
         0,
         3});
    add({"Orphan Subscription", "pay-as-you-go", 1, 0, 0, {}, 0, 0});
    add({"Müller Logistik", "growth", 2, 33'00, 0, one("Müller Lager", {"jörg@müller.example"}), 0,
         0});
    add({"Dent", "growth", 2, 12'00, 0, one("Dent Org", {"d@tooth.example"}), 0, 0});
    // Frozen by the renewal 40 s in: 3 calls on 1 + 2 lines, then the 2 lines are dropped.
    add({"Frostbite Frozen Co", "growth", 1, 5'00, 0, one("Frost Ops", {"ice@frostbite.example"}),
         2, 4, true});
    add({"Glacier Idle", "startup", 2, 3'00, 0, one("Glacier Ops", {"g@glacier.example"}), 1, 0,
         true});

    static const char *const words[] = {
        "Harbor",  "Granite", "Willow", "Summit",  "Copper", "Maple", "Falcon", "Cobalt",
        "Juniper", "Meadow",  "Orchid", "Pioneer", "Quartz", "Raven", "Sierra", "Timber"};
    static const char *const nouns[] = {"Freight", "Clinic", "Studio", "Motors", "Foods",
                                        "Legal",   "Realty", "Travel", "Labs"};
    const QStringList types = linedesk::Subscription::types();
    for (int i = 0; i < 62; ++i) {
        const QString word = QLatin1String(words[i % 16]);
        const QString noun = QLatin1String(nouns[(i * 7) % 9]);
        SubSpec s;
        s.name = QStringLiteral("%1 %2 %3").arg(word, noun).arg(i);
        if (i % 5 == 0)
            s.name = s.name.toUpper();
        else if (i % 5 == 1)
            s.name = s.name.toLower();
        s.type = types.at(i % types.size());
        s.included = i % 6;
        s.credits = (i % 9) * 1000 + (i % 4 == 0 ? 0 : 37 * i);
        s.ageSecs = (i % 8) * 86400 + (i % 3) * 3600; // ties on purpose
        const QString domain = QStringLiteral("%1-%2.example").arg(word, noun).toLower();
        const QString orgName =
            (i % 2 ? QStringLiteral("%1 Desk %2") : QStringLiteral("%1 desk %2")).arg(noun).arg(i);
        if (i % 11 == 3) {
            // no orgs
        } else if (i % 7 == 0) {
            s.orgs = {{orgName, {QStringLiteral("team%1@%2").arg(i).arg(domain)}},
                      {QStringLiteral("%1 Branch %2").arg(word).arg(i),
                       {QStringLiteral("branch%1@%2").arg(i).arg(domain),
                        QStringLiteral("lead%1@%2").arg(i).arg(domain)}}};
        } else {
            s.orgs = {{orgName, {QStringLiteral("team%1@%2").arg(i).arg(domain)}}};
        }
        if (!s.orgs.isEmpty()) {
            s.buy = i % 4 == 1 ? 1 : (i % 8 == 2 ? 2 : 0);
            if (s.buy > 0)
                s.credits += 50'00;
            const int limit = s.included + s.buy;
            const int plan[] = {0, limit, limit + 1, limit / 2, limit + 3};
            s.calls = plan[i % 5];
        }
        specs << s;
    }
    return specs;
}

} // namespace

// Issue 5, the service side: support's subscription inspector over real HTTP — who may use
// it, search/filter/sort against a reference computed here, keyset paging while rows change,
// the search index following org and member changes, members, and ending a stuck call.
class TestInspector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.info=false"));
        m_t0 = TestServer::defaultStart();
        m_server = std::make_unique<TestServer>(m_t0, false, kWeekMs);
        m_http = std::make_unique<HttpClient>(m_server->url());
        m_support = m_server->createSupportToken();

        Population population(*m_server, *m_http);
        for (const SubSpec &spec : populationSpecs())
            m_subs << population.create(spec);
        for (const Sub &s : m_subs)
            m_names.insert(s.id, s.name);

        // 5 s of the service's clock: no usage refresh yet (every 10 s), so the figures are
        // still those computed at the start.
        m_server->clock().set(m_t0.addSecs(5));
        // Two more completed runs of the service's jobs: the second began after the clock
        // moved, so it saw t0 + 5 s and (rightly) did not refresh.
        const int runs = m_server->service().completedJobRuns();
        QTRY_VERIFY_WITH_TIMEOUT(m_server->service().completedJobRuns() >= runs + 2, 10000);
        QVERIFY(usageAtIs(m_t0));
        const HttpResult early =
            m_http->get(QStringLiteral("/subscription?sort=-blockedCalls24h&limit=1"), m_support);
        QCOMPARE(early.object()
                     .value(QLatin1String("results"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("blockedCalls24h")),
                 QJsonValue(0));
        // Past the frozen ones' period end and the next refresh.
        m_usageAt = m_t0.addSecs(45);
        m_server->clock().set(m_usageAt);
        QTRY_COMPARE_WITH_TIMEOUT(frozenCount(), 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(usageAtIs(m_usageAt), 10000);

        // What the service decided by itself (credits after purchases, times), from its own
        // detail route; what the test decided must already agree.
        for (Sub &s : m_subs) {
            const HttpResult r = m_http->get(QStringLiteral("/subscription/") + s.id, m_support);
            QCOMPARE(r.status, 200);
            const QJsonObject o = r.object();
            QCOMPARE(str(o, "status"), s.status);
            QCOMPARE(o.value(QLatin1String("concurrencyCounter")).toInt(), s.active);
            QCOMPARE(o.value(QLatin1String("concurrencyLimitPurchased")).toInt(), s.purchased);
            QCOMPARE(o.value(QLatin1String("concurrencyLimitIncluded")).toInt(), s.included);
            s.credits = o.value(QLatin1String("creditsCents")).toInteger();
            s.createdAtMs = msOf(o, "createdAt");
            s.updatedAtMs = msOf(o, "updatedAt");
        }
    }

    void cleanupTestCase()
    {
        m_http.reset();
        m_server.reset();
    }

    // --- 1. authorisation ---

    void nonSupportTokensSeeNothingOfOtherTenants_data()
    {
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<bool>("admin");
        QTest::newRow("Alpha Dental admin") << QStringLiteral("Alpha Dental") << true;
        QTest::newRow("Alpha Dental viewer") << QStringLiteral("Alpha Dental") << false;
        QTest::newRow("Zeta (shared) admin of one org") << QStringLiteral("Zeta") << true;
        QTest::newRow("Zeta (shared) viewer of one org") << QStringLiteral("Zeta") << false;
    }

    void nonSupportTokensSeeNothingOfOtherTenants()
    {
        QFETCH(QString, tenant);
        QFETCH(bool, admin);
        const Sub &own = sub(tenant);
        const Sub &other = sub(tenant == QLatin1String("Zeta") ? QStringLiteral("Alpha Dental")
                                                               : QStringLiteral("Zeta"));
        const Org &org = own.orgs.at(own.orgs.size() == 1 ? 0 : 1); // Zeta: "zeta north"
        QCOMPARE(org.users.isEmpty(), false);
        const QString token = admin ? org.adminToken : org.viewerToken;
        QVERIFY(!token.isEmpty());
        QVERIFY(!other.activeCalls.isEmpty());
        const QString stateBefore = stateOf(other);

        QList<QPair<QString, HttpResult>> answers; // request, answer
        auto expect = [&](const QString &request, const HttpResult &r, int status,
                          const QString &code) {
            answers << qMakePair(request, r);
            verifyError(r, status, code);
        };
        auto get = [&](const QString &path, int status, const QString &code) {
            expect(path, m_http->get(path, token), status, code);
        };
        for (const QString &query :
             {QString(), QStringLiteral("?search=") + enc(other.name),
              QStringLiteral("?sort=-credits&limit=1"), QStringLiteral("?filter=blocking"),
              QStringLiteral("?sort=bogus"), QStringLiteral("?cursor=garbage"),
              QStringLiteral("?search=") + enc(other.id)}) {
            get(QStringLiteral("/subscription") + query, 403, QStringLiteral("forbidden"));
            if (QTest::currentTestFailed())
                return;
        }
        get(QStringLiteral("/subscription/%1/members").arg(own.id), 403,
            QStringLiteral("forbidden"));
        for (const QString &route :
             {QStringLiteral("/subscription/%1/members"), QStringLiteral("/subscription/%1/calls"),
              QStringLiteral("/subscription/%1/audit"), QStringLiteral("/subscription/%1"),
              QStringLiteral("/subscription/%1/concurrency/changes")}) {
            get(route.arg(other.id), 404, QStringLiteral("subscription-not-found"));
            get(route.arg(kMissingId), 404, QStringLiteral("subscription-not-found"));
        }
        const QString otherCall = other.activeCalls.first();
        const QString endPath = QStringLiteral("/call/%1/end").arg(otherCall);
        expect(endPath,
               m_http->post(endPath, token,
                            QJsonObject{{QStringLiteral("reason"), QStringLiteral("not mine")}}),
               404, QStringLiteral("call-not-found"));
        expect(endPath, m_http->post(endPath, token, QJsonObject{}), 404,
               QStringLiteral("call-not-found"));
        get(QStringLiteral("/call/%1").arg(otherCall), 404, QStringLiteral("call-not-found"));
        // The refused end freed nothing.
        QCOMPARE(stateOf(other), stateBefore);

        // What the token may see, seen without the other tenants in it.
        for (const QString &path :
             {QStringLiteral("/subscription/") + own.id,
              QStringLiteral("/subscription/%1/calls").arg(own.id), QStringLiteral("/org"),
              QStringLiteral("/call"), QStringLiteral("/me"),
              QStringLiteral("/subscription/%1/concurrency/changes").arg(own.id)}) {
            const HttpResult r = m_http->get(path, token);
            QVERIFY2(r.status == 200, qPrintable(path + QString::fromUtf8(r.body)));
            answers << qMakePair(path, r);
        }
        const QString auditPath = QStringLiteral("/subscription/%1/audit").arg(own.id);
        const HttpResult audit = m_http->get(auditPath, token);
        QCOMPARE(audit.status, admin ? 200 : 403);
        answers << qMakePair(auditPath, audit);

        // Nothing of another subscription, nor of the other orgs' members of a shared one.
        QStringList forbidden;
        const QString ownText = own.searchable().join(QLatin1Char('\n'));
        for (const Sub &s : std::as_const(m_subs)) {
            if (s.id == own.id) {
                for (const Org &o : s.orgs)
                    if (o.id != org.id)
                        for (const User &u : o.users)
                            forbidden << u.email;
                continue;
            }
            forbidden << s.id << s.emails();
            for (const Org &o : s.orgs) {
                forbidden << o.id;
                if (o.name.size() >= 8 && !ownText.contains(o.name))
                    forbidden << o.name;
            }
            if (s.name.size() >= 8 && !ownText.contains(s.name))
                forbidden << s.name;
        }
        QVERIFY(forbidden.size() > 200);
        for (const auto &[request, r] : std::as_const(answers)) {
            const QString body = QString::fromUtf8(r.body);
            for (const QString &secret : std::as_const(forbidden))
                QVERIFY2(!body.contains(secret) || QUrl::fromPercentEncoding(request.toUtf8())
                                                       .contains(secret), // an echo of the path
                         qPrintable(QStringLiteral("\"%1\" in the answer to %2: %3")
                                        .arg(secret, request, body.left(300))));
        }
    }

    void missingOrBadTokenIs401()
    {
        const Sub &s = sub(QStringLiteral("Zeta"));
        for (const QString &path :
             {QStringLiteral("/subscription"), QStringLiteral("/subscription?search=zeta"),
              QStringLiteral("/subscription/%1/members").arg(s.id),
              QStringLiteral("/subscription/%1/calls").arg(s.id)}) {
            verifyError(m_http->get(path, QString()), 401, QStringLiteral("unauthorized"));
            verifyError(m_http->get(path, QStringLiteral("not-a-token")), 401,
                        QStringLiteral("unauthorized"));
        }
        verifyError(m_http->post(QStringLiteral("/call/%1/end").arg(s.activeCalls.first()),
                                 QString(), QJsonObject{{"reason", "x"}}),
                    401, QStringLiteral("unauthorized"));
        QCOMPARE(stateOf(s), QStringLiteral("active=%1 inProgress=%1").arg(s.active));
    }

    // --- 2. search, filter, sort against the reference ---

    void summariesReportWhatHappened()
    {
        const Walk w = walkPages(*m_http, m_support, QString(), 1000);
        QVERIFY2(w.error.isEmpty(), qPrintable(w.error));
        QCOMPARE(w.ids.size(), m_subs.size());
        for (const QJsonObject &row : w.rows)
            QVERIFY2(rowMismatch(row).isEmpty(), qPrintable(rowMismatch(row)));
        // Spot checks of what the figures mean, independent of the reference's formulas.
        const QJsonObject frost = rowOf(w, QStringLiteral("Frostbite Frozen Co"));
        QCOMPARE(str(frost, "status"), QStringLiteral("frozen"));
        QCOMPARE(frost.value(QLatin1String("concurrencyCounter")).toInt(), 3);
        QCOMPARE(frost.value(QLatin1String("concurrencyLimit")).toInt(), 1);
        QCOMPARE(frost.value(QLatin1String("peakCalls24h")).toInt(), 3);
        QCOMPARE(frost.value(QLatin1String("blockedCalls24h")).toInt(), 1);
        QCOMPARE(frost.value(QLatin1String("utilisationPercent")).toInt(), 300);
        const QJsonObject alpha = rowOf(w, QStringLiteral("Alpha Dental"));
        QCOMPARE(alpha.value(QLatin1String("peakCalls24h")).toInt(), 2);
        QCOMPARE(alpha.value(QLatin1String("blockedCalls24h")).toInt(), 2);
        QCOMPARE(alpha.value(QLatin1String("utilisationPercent")).toInt(), 100);
        const QJsonObject zurich = rowOf(w, QStringLiteral("ZÜRICH CALLS GMBH"));
        QCOMPARE(zurich.value(QLatin1String("peakCalls24h")).toInt(), 3);
        QCOMPARE(zurich.value(QLatin1String("blockedCalls24h")).toInt(), 1);
        const QJsonObject tokyo = rowOf(w, QStringLiteral("東京コールセンター"));
        QCOMPARE(tokyo.value(QLatin1String("utilisationPercent")).toInt(), 100);
        const QJsonObject zeta = rowOf(w, QStringLiteral("Zeta"));
        QCOMPARE(zeta.value(QLatin1String("utilisationPercent")).toInt(), 66); // 2 of 3, floored
        QCOMPARE(zeta.value(QLatin1String("orgs")).toArray().at(0).toObject().value("name"),
                 QJsonValue(QStringLiteral("zeta archive")));
        const QJsonObject orphan = rowOf(w, QStringLiteral("Orphan Subscription"));
        QCOMPARE(orphan.value(QLatin1String("orgs")).toArray(), QJsonArray());
        const QJsonObject blockedOnly = rowOf(w, QStringLiteral("ALPHA")); // no lines at all
        QCOMPARE(blockedOnly.value(QLatin1String("peakCalls24h")).toInt(), 0);
        QCOMPARE(blockedOnly.value(QLatin1String("blockedCalls24h")).toInt(), 2);
        QCOMPARE(blockedOnly.value(QLatin1String("utilisationPercent")).toInt(), 0);
    }

    void searchAndFilterMatchReference_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("filters");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("sort");
        QTest::addColumn<QStringList>("names"); // when set: exactly these, written by hand
        QTest::addColumn<int>("atLeast");       // else: the reference finds at least this many
        if (m_subs.isEmpty()) // -datatags runs no initTestCase: the rows need the population
            return;

        const QStringList none;
        auto row = [&](const char *tag, const QString &search, const QStringList &names,
                       int atLeast = 1) {
            QTest::newRow(tag) << search << none << QString() << QString() << names << atLeast;
        };
        row("no search: everything", QString(), {}, int(m_subs.size()));
        row("only spaces: everything", QStringLiteral("   "), {}, int(m_subs.size()));
        row("1 char a", QStringLiteral("a"), {}, 40);
        row("1 char A", QStringLiteral("A"), {}, 40);
        row("2 chars ab", QStringLiteral("ab"), {}, 3);
        row("2 chars AB", QStringLiteral("AB"), {}, 3);
        row("2 chars xq: nothing", QStringLiteral("xq"), {}, 0);
        row("3 chars dEn", QStringLiteral("dEn"), {"Alpha Dental", "alpha dental clinic", "Dent"});
        row("substring of other names", QStringLiteral("Dent"),
            {"Alpha Dental", "alpha dental clinic", "Dent"});
        row("trimmed phrase", QStringLiteral("  Alpha Dental  "),
            {"Alpha Dental", "alpha dental clinic"});
        row("over 200 characters: the first 200, trimmed",
            QStringLiteral("alpha dental") + QString(250, QLatin1Char(' ')) + QStringLiteral("zzz"),
            {"Alpha Dental", "alpha dental clinic"});
        row("echo in any case", QStringLiteral("eCHo"), {"ECHO", "Echo", "echo"});
        row("underscore is literal (1 char)", QStringLiteral("_"), {"Beta_Logistics", "_"});
        row("underscore is literal (3 chars)", QStringLiteral("a_L"), {"Beta_Logistics"});
        row("percent is literal (1 char)", QStringLiteral("%"),
            {"%", "100% Organic", "Beta%Logistics"});
        row("percent is literal (2 chars)", QStringLiteral("%L"), {"Beta%Logistics"});
        row("percent is literal (3 chars)", QStringLiteral("a%l"), {"Beta%Logistics"});
        row("single quote", QStringLiteral("o'brien"), {"O'Brien & Sons"});
        row("double quotes", QStringLiteral("\"Quoted\""), {"The \"Quoted\" Company"});
        row("unicode fold, 3+ chars", QStringLiteral("ÉMILE"), {"Émile Café", "émile café annex"});
        row("non-ASCII not folded, 1 char É", QStringLiteral("É"), {"Émile Café"});
        row("non-ASCII, 1 char é", QStringLiteral("é"), {"Émile Café", "émile café annex"});
        row("ü: ASCII folding only under 3 chars", QStringLiteral("zü"), {"Zürich Calls AG"});
        row("ü: Unicode folding from 3 chars", QStringLiteral("ZÜRICH"),
            {"ZÜRICH CALLS GMBH", "Zürich Calls AG"});
        row("greek fold", QStringLiteral("ΩMEGA"), {"ωmega systems east", "Ωmega Systems"});
        row("greek, 1 char", QStringLiteral("Ω"), {"Ωmega Systems"});
        row("CJK, 2 chars", QStringLiteral("東京"), {"東京コールセンター"});
        row("CJK, 7 chars", QStringLiteral("コールセンター"), {"東京コールセンター"});
        row("emoji alone", QStringLiteral("😀"), {"😀Emoji Lines"});
        row("emoji and one letter (2 characters, 3 UTF-16 units)", QStringLiteral("😀E"),
            {"😀Emoji Lines"});
        row("emoji and a word", QStringLiteral("😀emoji"), {"😀Emoji Lines"});
        row("unicode email", QStringLiteral("JÖRG@MÜ"), {"Müller Logistik"});
        row("email fragment", QStringLiteral("@alphadental"), {"Alpha Dental"});
        row("email fragment, upper case", QStringLiteral("RECEPTION@ALPHA"), {"Alpha Dental"});
        row("email fragment of 3 subscriptions", QStringLiteral("ops@beta"),
            {"Beta%Logistics", "BetaXLogistics", "Beta_Logistics"});
        row("viewer's email", QStringLiteral("viewer2@zeta"), {"Zeta"});
        row("org without members", QStringLiteral("zeta archive"), {"Zeta"});
        row("second org of a shared subscription", QStringLiteral("OUTBOUND"), {"Shared Pool"});
        row("user names are not searched", QStringLiteral("Qzx"), {}, 0);
        row("nothing matches", QStringLiteral("zzzz-no-such"), {}, 0);

        const Sub &beta = sub(QStringLiteral("Beta_Logistics"));
        const Sub &zeta = sub(QStringLiteral("Zeta"));
        row("subscription id", beta.id, {"Beta_Logistics"});
        row("subscription id, upper case", beta.id.toUpper(), {"Beta_Logistics"});
        row("org id", zeta.orgs.at(2).id, {"Zeta"});
        row("org id fragment", zeta.orgs.at(2).id.left(13), {}, 1);
        row("id fragment, 2 chars", beta.id.left(2), {}, 1);

        auto filtered = [&](const char *tag, const QStringList &filters, const QString &type,
                            const QString &sort, const QStringList &names, int atLeast) {
            QTest::newRow(tag) << QString() << filters << type << sort << names << atLeast;
        };
        filtered("at-limit", {"at-limit"}, {}, {}, {}, 10);
        filtered("blocking", {"blocking"}, {}, {}, {}, 8);
        filtered("frozen", {"frozen"}, {}, {}, {"Frostbite Frozen Co", "Glacier Idle"}, 2);
        filtered("blocking,at-limit", {"blocking,at-limit"}, {}, {}, {}, 6);
        filtered("repeated filter params", {"blocking", "at-limit"}, {}, {}, {}, 6);
        filtered("spaces and a repeat", {" frozen , blocking", "frozen"}, {}, {},
                 {"Frostbite Frozen Co"}, 1);
        filtered("all three", {"at-limit,blocking,frozen"}, {}, QStringLiteral("-credits"),
                 {"Frostbite Frozen Co"}, 1);
        filtered("empty filter is no filter", {""}, {}, {}, {}, int(m_subs.size()));
        for (const QString &type : linedesk::Subscription::types())
            QTest::newRow(qPrintable(QStringLiteral("type ") + type))
                << QString() << none << type << QStringLiteral("-concurrencyCounter")
                << QStringList() << 3;
        filtered("type agency at-limit", {"at-limit"}, QStringLiteral("agency"),
                 QStringLiteral("orgs"), {}, 1);
        QTest::newRow("search, filter, type and sort")
            << QStringLiteral("e") << QStringList{"blocking"} << QStringLiteral("growth")
            << QStringLiteral("-utilisationPercent") << QStringList() << 2;
        QTest::newRow("search and at-limit by -name")
            << QStringLiteral("desk") << QStringList{"at-limit"} << QString()
            << QStringLiteral("-name") << QStringList() << 2;
    }

    void searchAndFilterMatchReference()
    {
        QFETCH(QString, search);
        QFETCH(QStringList, filters);
        QFETCH(QString, type);
        QFETCH(QString, sort);
        QFETCH(QStringList, names);
        QFETCH(int, atLeast);
        const QStringList expected = verifyWalk(search, filters, type, sort, 7);
        if (QTest::currentTestFailed())
            return;
        verifyFirstPageExtras(search, filters, type, sort, expected);
        if (QTest::currentTestFailed())
            return;
        if (!names.isEmpty() || atLeast == 0) {
            QStringList got;
            for (const QString &id : expected)
                got << m_names.value(id);
            got.sort();
            names.sort();
            QCOMPARE(got, names); // the reference agrees with the hand-written answer
        } else {
            QVERIFY2(expected.size() >= atLeast, qPrintable(QString::number(expected.size())));
        }
    }

    void everySortMatchesReference_data()
    {
        QTest::addColumn<QString>("sort");
        QTest::addColumn<int>("limit");
        for (const QString &c : sortColumns())
            for (const QString &sort : {c, QLatin1Char('-') + c})
                QTest::newRow(qPrintable(sort)) << sort << 7;
        QTest::newRow("name, pages of 1") << QStringLiteral("-name") << 1;
        QTest::newRow("credits, one page") << QStringLiteral("credits") << 1000;
        QTest::newRow("default sort") << QString() << 7;
    }

    void everySortMatchesReference()
    {
        QFETCH(QString, sort);
        QFETCH(int, limit);
        verifyWalk(QString(), {}, QString(), sort, limit);
    }

    // The sorts above are every sort the service offers, and each one orders this population
    // differently from its ids (so a column ignored by the service would show).
    void everySortAndFilterIsCovered()
    {
        QStringList offered = linedesk::server::Inspector::sortColumns();
        QStringList covered = sortColumns();
        offered.sort();
        covered.sort();
        QCOMPARE(offered, covered);
        QStringList filters = linedesk::server::Inspector::filterNames();
        filters.sort();
        QCOMPARE(filters, (QStringList{"at-limit", "blocking", "frozen"}));
        const QStringList byId = referenceOrder(m_subs, QStringLiteral("id"));
        for (const QString &c : sortColumns()) {
            if (c == QLatin1String("id"))
                continue;
            QVERIFY2(referenceOrder(m_subs, c) != byId, qPrintable(c));
            QVERIFY2(referenceOrder(m_subs, QLatin1Char('-') + c) !=
                         referenceOrder(m_subs, QLatin1Char('-') + QStringLiteral("id")),
                     qPrintable(c));
        }
    }

    // --- 3. bad queries ---

    void badQueriesAreRefused_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("code");
        if (m_subs.isEmpty()) // -datatags runs no initTestCase: the rows need the population
            return;
        const QString nameCursor = cursorFor(QStringLiteral("sort=name"));
        const QString creditsCursor = cursorFor(QStringLiteral("sort=credits"));
        const QString auditCursor = [&] {
            const Sub &s = sub(QStringLiteral("Zürich Calls AG")); // created, then bought
            const HttpResult r =
                m_http->get(QStringLiteral("/subscription/%1/audit?limit=1").arg(s.id), m_support);
            return str(r.object(), "nextCursor");
        }();
        auto forged = [](const QJsonArray &a) {
            return enc(QString::fromLatin1(
                QJsonDocument(a)
                    .toJson(QJsonDocument::Compact)
                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
        };
        QVERIFY(!nameCursor.isEmpty() && !creditsCursor.isEmpty() && !auditCursor.isEmpty());
        auto bad = [](const char *tag, const QString &query, const QString &code) {
            QTest::newRow(tag) << query << code;
        };
        bad("garbage cursor", QStringLiteral("cursor=%21%21garbage"),
            QStringLiteral("invalid-cursor"));
        bad("cursor not JSON", QStringLiteral("cursor=bm90IGpzb24"),
            QStringLiteral("invalid-cursor"));
        bad("cursor an object", QStringLiteral("cursor=e30"), QStringLiteral("invalid-cursor"));
        bad("cursor an empty array", QString("cursor=" + forged({})),
            QStringLiteral("invalid-cursor"));
        bad("name cursor, credits sort", QString("sort=credits&cursor=" + enc(nameCursor)),
            QStringLiteral("invalid-cursor"));
        bad("credits cursor, -credits sort", QString("sort=-credits&cursor=" + enc(creditsCursor)),
            QStringLiteral("invalid-cursor"));
        bad("credits cursor, default sort", QString("cursor=" + enc(creditsCursor)),
            QStringLiteral("invalid-cursor"));
        bad("audit trail cursor", QString("cursor=" + enc(auditCursor)),
            QStringLiteral("invalid-cursor"));
        bad("cursor without id", QString("cursor=" + forged({"name", "x", ""})),
            QStringLiteral("invalid-cursor"));
        bad("cursor of 2", QString("cursor=" + forged({"name", "x"})),
            QStringLiteral("invalid-cursor"));
        bad("cursor of 4", QString("cursor=" + forged({"name", "x", "y", "z"})),
            QStringLiteral("invalid-cursor"));
        bad("limit 0", QStringLiteral("limit=0"), QStringLiteral("invalid-limit"));
        bad("limit 1001", QStringLiteral("limit=1001"), QStringLiteral("invalid-limit"));
        bad("limit abc", QStringLiteral("limit=abc"), QStringLiteral("invalid-limit"));
        bad("unknown sort", QStringLiteral("sort=bogus"), QStringLiteral("invalid-sort"));
        bad("sort by a dash", QStringLiteral("sort=-"), QStringLiteral("invalid-sort"));
        bad("two dashes", QStringLiteral("sort=--name"), QStringLiteral("invalid-sort"));
        bad("sort is case-sensitive", QStringLiteral("sort=Name"), QStringLiteral("invalid-sort"));
        bad("sort with a space", QStringLiteral("sort=name%20"), QStringLiteral("invalid-sort"));
        bad("sort by a column not offered", QStringLiteral("sort=linePriceCents"),
            QStringLiteral("invalid-sort"));
        bad("unknown filter", QStringLiteral("filter=bogus"), QStringLiteral("invalid-filter"));
        bad("one bad in a list", QStringLiteral("filter=at-limit,bogus"),
            QStringLiteral("invalid-filter"));
        bad("filter case", QStringLiteral("filter=frozen&filter=Blocking"),
            QStringLiteral("invalid-filter"));
        bad("unknown type", QStringLiteral("type=free"), QStringLiteral("invalid-type"));
        bad("type case", QStringLiteral("type=Growth"), QStringLiteral("invalid-type"));
        bad("bad type with search", QStringLiteral("search=alpha&type=x"),
            QStringLiteral("invalid-type"));
    }

    void badQueriesAreRefused()
    {
        QFETCH(QString, query);
        QFETCH(QString, code);
        const QString before = databaseState();
        verifyError(m_http->get(QStringLiteral("/subscription?") + query, m_support), 400, code);
        QCOMPARE(databaseState(), before);
    }

    // A cursor continues its own order, also when the sort is the default one spelled out.
    void cursorContinuesItsOwnOrder()
    {
        const QStringList expected = referenceOrder(m_subs, QStringLiteral("name"));
        const HttpResult first = m_http->get(QStringLiteral("/subscription?limit=5"), m_support);
        QCOMPARE(first.status, 200);
        const QString cursor = str(first.object(), "nextCursor");
        const HttpResult next = m_http->get(
            QStringLiteral("/subscription?sort=name&limit=5&cursor=") + enc(cursor), m_support);
        QCOMPARE(next.status, 200);
        QStringList ids;
        for (const QJsonValue &v : next.object().value(QLatin1String("results")).toArray())
            ids << str(v.toObject(), "id");
        QCOMPARE(ids, expected.mid(5, 5));
    }

    // --- 5. members ---

    void membersListOrgsAndUsers_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("three orgs, one without users") << QStringLiteral("Zeta");
        QTest::newRow("two orgs") << QStringLiteral("Shared Pool");
        QTest::newRow("admin and viewer") << QStringLiteral("Alpha Dental");
        QTest::newRow("no orgs") << QStringLiteral("Orphan Subscription");
        QTest::newRow("unicode email") << QStringLiteral("Müller Logistik");
    }

    void membersListOrgsAndUsers()
    {
        QFETCH(QString, name);
        const Sub &s = sub(name);
        const HttpResult r =
            m_http->get(QStringLiteral("/subscription/%1/members").arg(s.id), m_support);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().keys(), QStringList{QStringLiteral("results")});
        const QJsonArray results = r.object().value(QLatin1String("results")).toArray();
        QCOMPARE(results.size(), s.orgs.size());
        for (int i = 0; i < s.orgs.size(); ++i) {
            const Org &org = s.orgs.at(i);
            const QJsonObject o = results.at(i).toObject();
            QCOMPARE(str(o, "id"), org.id);
            QCOMPARE(str(o, "name"), org.name);
            QCOMPARE(str(o, "subscriptionId"), s.id);
            QCOMPARE(msOf(o, "createdAt"), s.createdAtMs);
            const QJsonArray users = o.value(QLatin1String("users")).toArray();
            QCOMPARE(o.value(QLatin1String("users")).isArray(), true);
            QCOMPARE(users.size(), org.users.size());
            for (int j = 0; j < org.users.size(); ++j) {
                const QJsonObject u = users.at(j).toObject();
                const User &expected = org.users.at(j);
                QCOMPARE(u, (QJsonObject{{QStringLiteral("id"), expected.id},
                                         {QStringLiteral("email"), expected.email},
                                         {QStringLiteral("name"), expected.name},
                                         {QStringLiteral("role"), expected.role}}));
            }
        }
    }

    void membersOfUnknownSubscriptionIs404()
    {
        verifyError(
            m_http->get(QStringLiteral("/subscription/%1/members").arg(kMissingId), m_support), 404,
            QStringLiteral("subscription-not-found"));
        verifyError(m_http->get(QStringLiteral("/subscription/not-an-id/members"), m_support), 404,
                    QStringLiteral("subscription-not-found"));
    }

    // --- 3. keyset paging while rows change (a server of its own) ---

    void pagingHasNoDuplicatesOrGapsWhileRowsChange_data()
    {
        QTest::addColumn<QString>("sort");
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<bool>("strict"); // then no row may appear twice
        for (const char *sort :
             {"credits", "-credits", "concurrencyCounter", "-concurrencyCounter", "name", "-name"})
            for (quint32 seed : {1u, 2u})
                for (bool strict : {true, false})
                    QTest::newRow(qPrintable(QStringLiteral("%1 seed %2%3")
                                                 .arg(QLatin1String(sort))
                                                 .arg(seed)
                                                 .arg(strict ? " strict" : " any change")))
                        << QString::fromLatin1(sort) << seed << strict;
    }

    void pagingHasNoDuplicatesOrGapsWhileRowsChange()
    {
        QFETCH(QString, sort);
        QFETCH(quint32, seed);
        QFETCH(bool, strict);
        TestServer server(TestServer::defaultStart(), false, kWeekMs);
        HttpClient http(server.url());
        const QString support = server.createSupportToken();
        QRandomGenerator random(seed);
        static const char *const words[] = {"Kite", "lark", "Heron", "owl",   "Finch",
                                            "wren", "Crow", "Swan",  "egret", "Ibis"};
        auto randomName = [&] {
            return QStringLiteral("%1 %2")
                .arg(QLatin1String(words[random.bounded(10)]))
                .arg(random.bounded(5));
        };
        QHash<QString, Sub> rows; // the reference, kept in step with every change
        QHash<QString, QString> admins;
        auto insert = [&] {
            const TestAccount a = server.createAccount(randomName(), 100 * random.bounded(6), 50);
            Sub s;
            s.id = a.subscriptionId;
            s.name = server.accounts().subscription(s.id)->name;
            s.credits = server.creditsCents(s.id);
            rows.insert(s.id, s);
            admins.insert(s.id, a.adminToken);
            return s.id;
        };
        for (int i = 0; i < 24; ++i)
            insert();
        const QSet<QString> initial(rows.keyBegin(), rows.keyEnd());

        QSet<QString> changed;
        QSet<QString> mayRepeat; // moved from behind the cursor to ahead of it
        QHash<QString, int> seen;
        std::optional<Sub> cursorRow; // the last row returned, as it was then
        auto ahead = [&](const Sub &s) {
            return !cursorRow || compareInSort(sort, *cursorRow, s) < 0;
        };
        auto change = [&](const QString &id, const std::function<void(Sub &)> &apply) {
            Sub &s = rows[id];
            const bool wasAhead = ahead(s);
            apply(s);
            changed.insert(id);
            if (!wasAhead && ahead(s) && seen.value(id) > 0)
                mayRepeat.insert(id);
        };
        QString cursor;
        int pages = 0;
        for (;; ++pages) {
            QVERIFY(pages < 100);
            // The page the reference expects: the rows after the cursor, in order.
            QList<Sub> rest;
            for (const Sub &s : std::as_const(rows))
                if (ahead(s))
                    rest << s;
            const QStringList expected = referenceOrder(rest, sort).mid(0, 4);
            const HttpResult r = http.get(
                QStringLiteral("/subscription?limit=4&sort=%1%2")
                    .arg(enc(sort), cursor.isEmpty() ? QString() : "&cursor=" + enc(cursor)),
                support);
            QCOMPARE(r.status, 200);
            QStringList ids;
            for (const QJsonValue &v : r.object().value(QLatin1String("results")).toArray())
                ids << str(v.toObject(), "id");
            QCOMPARE(ids, expected);
            for (const QString &id : ids)
                ++seen[id];
            if (r.object().value(QLatin1String("nextCursor")).isNull())
                break;
            cursor = str(r.object(), "nextCursor");
            cursorRow = rows.value(ids.last());

            // Between pages: a new row, and changes to rows behind and ahead of the cursor.
            // Strict: no change moves a row already returned ahead of the cursor again.
            insert();
            const QStringList all = rows.keys();
            // Three changes per page; a change the strict walk must not make is redrawn.
            for (int k = 0, attempts = 0; k < 3 && attempts < 50; ++attempts) {
                const QString id = all.at(random.bounded(int(all.size())));
                Sub next = rows.value(id);
                const int kind = random.bounded(4);
                const qint64 credits = 100 * random.bounded(6);
                const qint64 topUp = 100 * (1 + random.bounded(2));
                const QString name = randomName();
                const bool endCall = !next.activeCalls.isEmpty() && random.bounded(2) == 0;
                if (kind == 0)
                    next.name = name;
                else if (kind == 1)
                    next.credits = credits;
                else if (kind == 2)
                    next.credits += topUp;
                else
                    next.active += endCall ? -1 : 1;
                if (strict && seen.value(id) > 0 && ahead(next))
                    continue;
                if (kind == 0) {
                    server.db().exec(QStringLiteral("UPDATE subscription SET name = :n WHERE"
                                                    " id = :id"),
                                     {{":n", name}, {":id", id}});
                } else if (kind == 1) {
                    server.db().exec(QStringLiteral("UPDATE subscription SET credits_cents = :c"
                                                    " WHERE id = :id"),
                                     {{":c", credits}, {":id", id}});
                } else if (kind == 2) {
                    server.accounts().addCredits(id, topUp, QStringLiteral("test"),
                                                 QStringLiteral("top-up"), server.clock().now());
                } else if (endCall) {
                    const HttpResult end =
                        http.post(QStringLiteral("/call/%1/end").arg(next.activeCalls.takeLast()),
                                  admins.value(id), QJsonObject{});
                    QCOMPARE(end.status, 200);
                } else {
                    const HttpResult call =
                        http.post(QStringLiteral("/call"), admins.value(id), QJsonObject{});
                    QCOMPARE(call.status, 201);
                    next.activeCalls << str(call.object(), "id");
                }
                change(id, [&](Sub &t) { t = next; });
                ++k;
            }
        }
        // Every row untouched for the whole walk exactly once; none twice unless it moved
        // from behind the cursor to ahead of it (keyset paging shows a row where it is now).
        int untouched = 0;
        for (const QString &id : initial) {
            if (changed.contains(id))
                continue;
            ++untouched;
            QVERIFY2(seen.value(id) == 1, qPrintable(id));
        }
        for (auto it = seen.cbegin(); it != seen.cend(); ++it)
            QVERIFY2(it.value() == 1 || mayRepeat.contains(it.key()), qPrintable(it.key()));
        QVERIFY2(untouched >= 5, qPrintable(QString::number(untouched)));
        QVERIFY2(changed.size() >= 6, qPrintable(QString::number(changed.size())));
        QVERIFY(pages >= 5);
        if (strict)
            QCOMPARE(mayRepeat.size(), 0);
    }

    // --- 4. the search index follows orgs, members and renames (a server of its own) ---

    void searchIndexFollowsChanges()
    {
        TestServer server;
        HttpClient http(server.url());
        const QString support = server.createSupportToken();
        auto &accounts = server.accounts();
        const QDateTime now = server.clock().now();
        const TestAccount kestrel = server.createAccount(QStringLiteral("Kestrel Holdings"), 0);
        const TestAccount plover = server.createAccount(QStringLiteral("Plover Partners"), 0);
        auto found = [&](const QString &search) {
            QStringList names;
            const HttpResult r =
                http.get(QStringLiteral("/subscription?limit=100&search=") + enc(search), support);
            if (r.status != 200)
                return QStringList{QStringLiteral("HTTP %1").arg(r.status)};
            for (const QJsonValue &v : r.object().value(QLatin1String("results")).toArray())
                names << str(v.toObject(), "name");
            names.sort();
            return names;
        };
        auto orgsOf = [&](const QString &id) {
            const HttpResult r =
                http.get(QStringLiteral("/subscription?search=") + enc(id), support);
            QStringList names;
            for (const QJsonValue &v : r.object()
                                           .value(QLatin1String("results"))
                                           .toArray()
                                           .at(0)
                                           .toObject()
                                           .value(QLatin1String("orgs"))
                                           .toArray())
                names << str(v.toObject(), "name");
            return names;
        };
        const QStringList kestrelOnly{QStringLiteral("Kestrel Holdings")};
        const QStringList ploverOnly{QStringLiteral("Plover Partners")};
        QCOMPARE(found(QStringLiteral("Kestrel Holdings Org")), kestrelOnly);
        QCOMPARE(found(QStringLiteral("harrier")), QStringList());

        // An org renamed (no API for it: SQL, as an operator would): new name at once, old gone.
        server.db().exec(QStringLiteral("UPDATE org SET name = 'Harrier Ops' WHERE id = :id"),
                         {{":id", kestrel.orgId}});
        QCOMPARE(found(QStringLiteral("harrier")), kestrelOnly);
        QCOMPARE(found(QStringLiteral("Kestrel Holdings Org")), QStringList());
        QCOMPARE(orgsOf(kestrel.subscriptionId), QStringList{QStringLiteral("Harrier Ops")});

        // An org added, a member with a new email added.
        accounts.createOrg(QStringLiteral("aardvark desk"), kestrel.subscriptionId, now);
        QCOMPARE(found(QStringLiteral("AARDVARK")), kestrelOnly);
        QCOMPARE(orgsOf(kestrel.subscriptionId),
                 (QStringList{QStringLiteral("aardvark desk"), QStringLiteral("Harrier Ops")}));
        const QString newcomer = accounts.createUser(QStringLiteral("newcomer@osprey.example"),
                                                     QStringLiteral("N"), false, now);
        QCOMPARE(found(QStringLiteral("@osprey")), QStringList());
        accounts.addMembership(kestrel.orgId, newcomer, QStringLiteral("viewer"));
        QCOMPARE(found(QStringLiteral("@osprey")), kestrelOnly);
        // The same user joins the other subscription too.
        accounts.addMembership(plover.orgId, newcomer, QStringLiteral("admin"));
        QCOMPARE(found(QStringLiteral("newcomer@")),
                 (QStringList{QStringLiteral("Kestrel Holdings"), ploverOnly.first()}));

        // The email changed, then the membership in Kestrel removed.
        server.db().exec(QStringLiteral("UPDATE app_user SET email = 'moved@merlin.example'"
                                        " WHERE id = :id"),
                         {{":id", newcomer}});
        QCOMPARE(found(QStringLiteral("@osprey")), QStringList());
        QCOMPARE(found(QStringLiteral("MERLIN")),
                 (QStringList{QStringLiteral("Kestrel Holdings"), ploverOnly.first()}));
        server.db().exec(
            QStringLiteral("DELETE FROM membership WHERE org_id = :o AND user_id = :u"),
            {{":o", kestrel.orgId}, {":u", newcomer}});
        QCOMPARE(found(QStringLiteral("merlin")), ploverOnly);

        // The org moved to the other subscription: found there only, both orgs lists follow.
        server.db().exec(QStringLiteral("UPDATE org SET subscription_id = :s WHERE id = :id"),
                         {{":s", plover.subscriptionId}, {":id", kestrel.orgId}});
        QCOMPARE(found(QStringLiteral("Harrier")), ploverOnly);
        QCOMPARE(found(kestrel.orgId), ploverOnly);
        QCOMPARE(orgsOf(kestrel.subscriptionId), QStringList{QStringLiteral("aardvark desk")});
        QCOMPARE(
            orgsOf(plover.subscriptionId),
            (QStringList{QStringLiteral("Harrier Ops"), QStringLiteral("Plover Partners Org")}));
        const HttpResult byOrgs =
            http.get(QStringLiteral("/subscription?sort=orgs&limit=10"), support);
        QCOMPARE(byOrgs.object()
                     .value(QLatin1String("results"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("name")),
                 QJsonValue(QStringLiteral("Kestrel Holdings"))); // "aardvark desk" first

        // The subscription renamed; the org deleted.
        server.db().exec(QStringLiteral("UPDATE subscription SET name = 'Peregrine Group' WHERE"
                                        " id = :id"),
                         {{":id", kestrel.subscriptionId}});
        QCOMPARE(found(QStringLiteral("peregrine")),
                 QStringList{QStringLiteral("Peregrine Group")});
        QCOMPARE(found(QStringLiteral("Kestrel")), QStringList());
        QCOMPARE(found(QStringLiteral("aardvark")), QStringList{QStringLiteral("Peregrine Group")});
        server.db().exec(QStringLiteral("DELETE FROM membership WHERE org_id = :id"),
                         {{":id", kestrel.orgId}});
        server.db().exec(QStringLiteral("DELETE FROM org WHERE id = :id"),
                         {{":id", kestrel.orgId}});
        QCOMPARE(found(QStringLiteral("harrier")), QStringList());
        QCOMPARE(orgsOf(plover.subscriptionId), QStringList{QStringLiteral("Plover Partners Org")});
        // Nothing is left behind in the work table of SQLite's triggers (PostgreSQL's
        // triggers re-index directly and have none).
        if (!server.isPostgres()) {
            QSqlQuery dirty =
                server.db().exec(QStringLiteral("SELECT COUNT(*) FROM subscription_search_dirty"));
            QVERIFY(dirty.next());
            QCOMPARE(dirty.value(0).toInt(), 0);
        }
    }

    // --- 6. support ends a stuck call (a server of its own) ---

    void supportEndsAStuckCall()
    {
        TestServer server;
        HttpClient http(server.url());
        const QString support = server.createSupportToken();
        const TestAccount a = server.createAccount(QStringLiteral("Stuck Lines Ltd"), 0, 2);
        const QString subPath = QStringLiteral("/subscription/") + a.subscriptionId;
        auto counter = [&] {
            return http.get(subPath, support)
                .object()
                .value(QLatin1String("concurrencyCounter"))
                .toInt(-1);
        };
        auto activeIds = [&] {
            QStringList ids;
            for (const QJsonValue &v : http.get(subPath + QStringLiteral("/calls"), support)
                                           .object()
                                           .value(QLatin1String("results"))
                                           .toArray())
                ids << str(v.toObject(), "id");
            ids.sort();
            return ids;
        };
        auto sorted = [](QStringList l) {
            l.sort();
            return l;
        };
        auto callEnds = [&] {
            int n = 0;
            for (const QJsonValue &v :
                 http.get(subPath + QStringLiteral("/audit?limit=1000"), support)
                     .object()
                     .value(QLatin1String("results"))
                     .toArray())
                n += str(v.toObject(), "action") == QLatin1String("call.end");
            return n;
        };
        // Two calls fill both lines; the client of the first then vanishes (no heartbeats).
        const HttpResult first = http.post(QStringLiteral("/call"), a.adminToken, QJsonObject{});
        const HttpResult second = http.post(QStringLiteral("/call"), a.adminToken, QJsonObject{});
        QCOMPARE(first.status, 201);
        QCOMPARE(second.status, 201);
        const QString stuck = str(first.object(), "id");
        const QString live = str(second.object(), "id");
        const HttpResult refused = http.post(QStringLiteral("/call"), a.adminToken, QJsonObject{});
        QCOMPARE(str(refused.object(), "status"), QStringLiteral("ended"));
        QCOMPARE(counter(), 2);

        // Without a reason support is refused, and nothing changes.
        const QString endPath = QStringLiteral("/call/%1/end").arg(stuck);
        verifyError(http.send("POST", endPath, support), 400, QStringLiteral("reason-required"));
        verifyError(http.post(endPath, support, QJsonObject{}), 400,
                    QStringLiteral("reason-required"));
        verifyError(http.post(endPath, support, QJsonObject{{"reason", "   "}}), 400,
                    QStringLiteral("reason-required"));
        verifyError(http.post(endPath, support, QJsonObject{{"reason", QJsonValue::Null}}), 400,
                    QStringLiteral("reason-required"));
        verifyError(http.post(endPath, support, QJsonObject{{"reason", 42}}), 400,
                    QStringLiteral("invalid-reason"));
        QCOMPARE(counter(), 2);
        QCOMPARE(activeIds(), sorted({stuck, live}));
        QCOMPARE(callEnds(), 0);

        const HttpResult ended =
            http.post(endPath, support, QJsonObject{{QStringLiteral("reason"), kStuckReason}});
        QCOMPARE(ended.status, 200);
        QCOMPARE(str(ended.object(), "id"), stuck);
        QCOMPARE(str(ended.object(), "status"), QStringLiteral("ended"));
        QCOMPARE(str(ended.object(), "endedReason"), QStringLiteral("ended-by-support"));
        const QByteArray requestId = ended.header("X-Request-Id");
        QVERIFY(!requestId.isEmpty());
        QCOMPARE(counter(), 1);
        QCOMPARE(activeIds(), QStringList{live});

        // The line is free again: a call that was just blocked is admitted.
        const HttpResult admitted = http.post(QStringLiteral("/call"), a.adminToken, QJsonObject{});
        QCOMPARE(admitted.status, 201);
        QCOMPARE(str(admitted.object(), "status"), QStringLiteral("in-progress"));
        QCOMPARE(counter(), 2);

        // Audited: action, reason, the support actor, the request.
        const HttpResult audit = http.get(subPath + QStringLiteral("/audit"), support);
        QCOMPARE(audit.status, 200);
        QJsonObject entry;
        for (const QJsonValue &v : audit.object().value(QLatin1String("results")).toArray())
            if (str(v.toObject(), "action") == QLatin1String("call.end"))
                entry = v.toObject();
        QCOMPARE(str(entry, "action"), QStringLiteral("call.end"));
        QCOMPARE(str(entry, "reason"), kStuckReason);
        QCOMPARE(str(entry, "actor"), QStringLiteral("support@test.example"));
        QCOMPARE(str(entry, "requestId").toUtf8(), requestId);
        QCOMPARE(str(entry, "subscriptionId"), a.subscriptionId);
        QCOMPARE(entry.value(QLatin1String("before")).toObject().value("callId"),
                 QJsonValue(stuck));
        QCOMPARE(entry.value(QLatin1String("before")).toObject().value("concurrencyCounter"),
                 QJsonValue(2));
        QCOMPARE(entry.value(QLatin1String("after")).toObject().value("concurrencyCounter"),
                 QJsonValue(1));
        QCOMPARE(entry.value(QLatin1String("after")).toObject().value("status"),
                 QJsonValue(QStringLiteral("ended")));

        // Ending it again (support, then the customer's admin) frees nothing twice.
        const HttpResult again = http.post(endPath, support, QJsonObject{{"reason", "retry"}});
        QCOMPARE(again.status, 200);
        QCOMPARE(str(again.object(), "status"), QStringLiteral("ended"));
        QCOMPARE(str(again.object(), "endedReason"), QStringLiteral("ended-by-support"));
        QCOMPARE(http.post(endPath, a.adminToken, QJsonObject{}).status, 200);
        QCOMPARE(counter(), 2);
        QCOMPARE(activeIds(), sorted({live, str(admitted.object(), "id")}));
        QCOMPARE(callEnds(), 1);
        const HttpResult full = http.post(QStringLiteral("/call"), a.adminToken, QJsonObject{});
        QCOMPARE(str(full.object(), "status"), QStringLiteral("ended")); // still 2 of 2
    }

    // --- 2, last: the 24-hour figures decay (moves the shared server's clock a day on) ---

    void figuresDecayAfterADay()
    {
        int blockedBefore = 0;
        for (const Sub &s : std::as_const(m_subs))
            blockedBefore += s.blocked;
        QVERIFY(blockedBefore > 10);
        m_usageAt = m_t0.addSecs(24 * 3600 + 120);
        m_server->clock().set(m_usageAt);
        QTRY_VERIFY_WITH_TIMEOUT(usageAtIs(m_usageAt), 10000);
        for (Sub &s : m_subs) {
            s.peak = s.active; // the calls still held count, nothing else from a day ago
            s.blocked = 0;
        }
        for (const char *sort : {"-peakCalls24h", "blockedCalls24h", "-utilisationPercent"})
            verifyWalk(QString(), {}, QString(), QString::fromLatin1(sort), 7);
        verifyWalk(QString(), {QStringLiteral("blocking")}, QString(), QString(), 7);
        verifyWalk(QString(), {QStringLiteral("at-limit")}, QString(),
                   QStringLiteral("-peakCalls24h"), 7);
        const Walk blocking = walkPages(*m_http, m_support, QStringLiteral("filter=blocking"), 10);
        QCOMPARE(blocking.ids, QStringList());
    }

private:
    const Sub &sub(const QString &name) const
    {
        for (const Sub &s : m_subs)
            if (s.name == name)
                return s;
        qFatal("no subscription %s", qPrintable(name));
    }

    // The reference row of an answer's row; empty when it names no known subscription.
    QString rowMismatch(const QJsonObject &row) const
    {
        for (const Sub &s : m_subs)
            if (s.id == str(row, "id"))
                return summaryMismatch(row, s, m_usageAt);
        return QStringLiteral("unknown row %1").arg(jsonText(row));
    }

    static QJsonObject rowOf(const Walk &w, const QString &name)
    {
        for (const QJsonObject &o : w.rows)
            if (str(o, "name") == name)
                return o;
        return {};
    }

    int frozenCount()
    {
        QSqlQuery q = m_server->db().exec(
            QStringLiteral("SELECT COUNT(*) FROM subscription WHERE status = 'frozen'"));
        return q.next() ? q.value(0).toInt() : -1;
    }

    bool usageAtIs(const QDateTime &t)
    {
        const HttpResult r = m_http->get(QStringLiteral("/subscription?limit=1"), m_support);
        const QJsonObject row =
            r.object().value(QLatin1String("results")).toArray().at(0).toObject();
        return QDateTime::fromString(str(row, "usageAt"), Qt::ISODateWithMs) == t;
    }

    QString stateOf(const Sub &s)
    {
        QSqlQuery q = m_server->db().exec(
            QStringLiteral("SELECT active_calls, (SELECT COUNT(*) FROM call WHERE"
                           " subscription_id = :id AND status = 'in-progress') FROM subscription"
                           " WHERE id = :id"),
            {{":id", s.id}});
        if (!q.next())
            return QStringLiteral("missing");
        return QStringLiteral("active=%1 inProgress=%2")
            .arg(q.value(0).toInt())
            .arg(q.value(1).toInt());
    }

    // Everything a refused query could have touched.
    QString databaseState()
    {
        QSqlQuery q = m_server->db().exec(QStringLiteral(
            "SELECT (SELECT COUNT(*) FROM subscription), (SELECT SUM(version) FROM subscription),"
            " (SELECT MAX(updated_at) FROM subscription), (SELECT COUNT(*) FROM audit_entry),"
            " (SELECT COUNT(*) FROM call), (SELECT SUM(active_calls) FROM subscription),"
            " (SELECT COUNT(*) FROM subscription_search)"));
        q.next();
        QStringList values;
        for (int i = 0; i < 7; ++i)
            values << q.value(i).toString();
        return values.join(QLatin1Char(' '));
    }

    QString cursorFor(const QString &query)
    {
        const HttpResult r =
            m_http->get(QStringLiteral("/subscription?limit=3&") + query, m_support);
        return str(r.object(), "nextCursor");
    }

    // Walks every page and compares the ids with the reference, and each row's fields.
    // The first page's total (SQLite; this population is small, so always counted) and, for a
    // search, each row's member emails that contain the text.
    void verifyFirstPageExtras(const QString &search, const QStringList &filterParams,
                               const QString &type, const QString &sort,
                               const QStringList &expected)
    {
        const QString path = QStringLiteral("/subscription?limit=7&") +
                             queryString(search, filterParams, type, sort);
        const HttpResult r = m_http->get(path, m_support);
        QCOMPARE(r.status, 200);
        const QJsonObject page = r.object();
        if (!m_server->isPostgres()) {
            QCOMPARE(page.value(QLatin1String("total")).toInt(-1), int(expected.size()));
            QCOMPARE(page.value(QLatin1String("totalCapped")).toBool(true), false);
        }
        const QString text = search.left(200).trimmed();
        bool wholeId = false;
        for (const Sub &s : std::as_const(m_subs)) {
            wholeId = wholeId || s.id.compare(text, Qt::CaseInsensitive) == 0;
            for (const Org &o : s.orgs)
                wholeId = wholeId || o.id.compare(text, Qt::CaseInsensitive) == 0;
        }
        const bool trigram = text.toUcs4().size() >= 3;
        for (const QJsonValue &v : page.value(QLatin1String("results")).toArray()) {
            const QJsonObject row = v.toObject();
            if (text.isEmpty() || wholeId) {
                QVERIFY(!row.contains(QLatin1String("matchedEmails")));
                continue;
            }
            QStringList want;
            for (const Sub &s : std::as_const(m_subs))
                if (s.id == str(row, "id"))
                    for (const QString &email : s.emails())
                        if (trigram ? email.toCaseFolded().contains(text.toCaseFolded())
                                    : asciiLower(email).contains(asciiLower(text)))
                            want << email;
            want.removeDuplicates();
            want.sort();
            QStringList got;
            for (const QJsonValue &e : row.value(QLatin1String("matchedEmails")).toArray())
                got << e.toString();
            got.sort();
            QCOMPARE(got, want);
        }
    }

    QStringList verifyWalk(const QString &search, const QStringList &filterParams,
                           const QString &type, const QString &sort, int limit)
    {
        const QStringList filters = filtersOf(filterParams);
        QList<Sub> rows;
        for (const Sub &s : std::as_const(m_subs))
            if (matchesSearch(s, search) && passesFilters(s, filters, type))
                rows << s;
        const QStringList expected = referenceOrder(rows, sort);
        const Walk w =
            walkPages(*m_http, m_support, queryString(search, filterParams, type, sort), limit);
        [&] {
            QVERIFY2(w.error.isEmpty(), qPrintable(w.error));
            QVERIFY2(w.ids == expected, qPrintable(describeDifference(w.ids, expected, m_names)));
            for (const QJsonObject &row : w.rows) {
                const QString diff = rowMismatch(row);
                QVERIFY2(diff.isEmpty(), qPrintable(diff));
            }
        }();
        return expected;
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_support;
    QDateTime m_t0;
    QDateTime m_usageAt;
    QList<Sub> m_subs;
    QHash<QString, QString> m_names;
};

QTEST_GUILESS_MAIN(TestInspector)
#include "tst_inspector.moc"
