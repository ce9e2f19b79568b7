#include "cli.h"

#include "accounts.h"
#include "apiexception.h"
#include "bulkseed.h"
#include "clock.h"
#include "database.h"
#include "money.h"
#include "service.h"
#include "trafficgenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace linedesk::server {

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

const char *const kUsage =
    "Usage:\n"
    "  linedesk-server --database DB [--listen HOST:PORT] [--demo]\n"
    "  linedesk-server --config /etc/linedesk/server.conf   (the same options as NAME = VALUE)\n"
    "  linedesk-server admin COMMAND --database DB [options]\n"
    "DB: a SQLite file, or postgresql://user[:password]@host[:port]/dbname[?params]\n"
    "    (a password may also come from PGPASSWORD or ~/.pgpass); default $LINEDESK_DATABASE\n"
    "  linedesk-server simulate --server URL --token TOKEN --rate CALLS_PER_MINUTE\n"
    "                  --hold SECONDS [--org ID] [--duration SECONDS]\n"
    "\n"
    "Operator commands (each prints the new id, or the token, on standard output):\n"
    "  create-subscription --name NAME [--type TYPE] [--included N] [--credits 100.00]\n"
    "                      [--line-cap N]\n"
    "  create-org          --name NAME --subscription ID\n"
    "  create-user         --email EMAIL [--name NAME] [--org ID --role admin|viewer]\n"
    "                      [--support]\n"
    "  add-member          --email EMAIL --org ID --role admin|viewer\n"
    "  create-token        --email EMAIL [--label LABEL]   (shown once, stored as a hash)\n"
    "  revoke-token        --token TOKEN | --email EMAIL [--label LABEL]\n"
    "                      (that token, or the user's tokens [with that label]; every\n"
    "                      instance refuses them within a second)\n"
    "  add-credits         --subscription ID --amount 50.00 [--reason TEXT]\n"
    "  list                (subscriptions, organizations and users)\n"
    "  seed                --subscriptions N   (adds N realistic subscriptions with orgs,\n"
    "                      users, line changes and a day of call history; keeps the rest)\n"
    "\n"
    "Types: pay-as-you-go, startup, growth, scale, agency, enterprise.\n";

// --database, else LINEDESK_DATABASE: a SQLite file or a PostgreSQL URI.
QString databaseOption(const QCommandLineParser &parser)
{
    const QString given = parser.value(QStringLiteral("database"));
    return given.isEmpty() ? qEnvironmentVariable("LINEDESK_DATABASE") : given;
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    if (host == QLatin1String("localhost"))
        host = QStringLiteral("127.0.0.1");
    if (!address->setAddress(host))
        return false;
    *port = quint16(p);
    return true;
}

// The options `serve` takes; a fresh set per parse, since a parser is used once.
QList<QCommandLineOption> serveOptions()
{
    const HttpLimits edge;
    return {
        {QStringLiteral("config"),
         QStringLiteral("Read options from FILE: a NAME = VALUE line per option, NAME without"
                        " the dashes, true or false for a switch, # starts a comment. An option"
                        " on the command line wins over the file."),
         QStringLiteral("FILE")},
        {QStringLiteral("listen"), QStringLiteral("Address and port to serve on."),
         QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8080")},
        {QStringLiteral("database"),
         QStringLiteral("SQLite file (created if missing) or postgresql:// URI;"
                        " default $LINEDESK_DATABASE."),
         QStringLiteral("DB")},
        {QStringLiteral("demo"),
         QStringLiteral("Seed demo data into an empty database and print its sign-ins.")},
        {QStringLiteral("demo-traffic"),
         QStringLiteral("Drive demo calls for the demo organizations (with --demo).")},
        {QStringLiteral("lease-seconds"),
         QStringLiteral("How long an admitted call holds its slot without a heartbeat."),
         QStringLiteral("SECONDS"), QStringLiteral("120")},
        {QStringLiteral("allow-private-webhooks"),
         QStringLiteral("Also deliver webhooks to loopback, private and link-local addresses "
                        "(refused by default).")},
        {QStringLiteral("max-connections"),
         QStringLiteral("Open connections at most (live feeds included); held below "
                        "the descriptor limit."),
         QStringLiteral("N"), QString::number(edge.maxConnections)},
        {QStringLiteral("max-connections-per-address"),
         QStringLiteral("Open connections at most from one client address (raise it "
                        "behind a proxy)."),
         QStringLiteral("N"), QString::number(edge.maxConnectionsPerAddress)},
        {QStringLiteral("idle-timeout"),
         QStringLiteral("Close a keep-alive connection idle this long."), QStringLiteral("SECONDS"),
         QString::number(edge.idleTimeoutMs / 1000.0)},
        {QStringLiteral("header-timeout"),
         QStringLiteral("Answer 408 to a request whose headers take longer."),
         QStringLiteral("SECONDS"), QString::number(edge.headerTimeoutMs / 1000.0)},
        {QStringLiteral("body-timeout"),
         QStringLiteral("Answer 408 to a request whose body takes longer."),
         QStringLiteral("SECONDS"), QString::number(edge.bodyTimeoutMs / 1000.0)},
    };
}

// The configuration file (--config) as command-line options: `name = value` lines with the
// options' own names, a switch as true or false. They go before the real command line, where
// a value given again wins (QCommandLineParser keeps the last). Empty with `error` set when
// the file cannot be read or a line is wrong.
QStringList configFileArguments(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot read the configuration file %1: %2")
                     .arg(path, file.errorString());
        return {};
    }
    QHash<QString, bool> isSwitch;
    for (const QCommandLineOption &option : serveOptions()) {
        if (option.names().constFirst() != QLatin1String("config"))
            isSwitch.insert(option.names().constFirst(), option.valueName().isEmpty());
    }
    QStringList arguments;
    QSet<QString> seen;
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        auto wrong = [&](const QString &why) {
            *error = QStringLiteral("%1:%2: %3").arg(path).arg(lineNumber).arg(why);
            return QStringList();
        };
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals < 0)
            return wrong(QStringLiteral("expected NAME = VALUE, got \"%1\"").arg(line));
        const QString name = line.left(equals).trimmed();
        const QString value = line.mid(equals + 1).trimmed();
        if (!isSwitch.contains(name))
            return wrong(QStringLiteral("unknown option \"%1\"").arg(name));
        if (seen.contains(name))
            return wrong(QStringLiteral("\"%1\" is set twice").arg(name));
        seen.insert(name);
        if (!isSwitch.value(name)) {
            arguments.append(QStringLiteral("--%1=%2").arg(name, value));
        } else if (value == QLatin1String("true")) {
            arguments.append(QStringLiteral("--") + name);
        } else if (value != QLatin1String("false")) {
            return wrong(QStringLiteral("\"%1\" is a switch: true or false").arg(name));
        }
    }
    return arguments;
}

int serve(const QStringList &arguments)
{
    auto makeParser = [](QCommandLineParser &parser) {
        parser.setApplicationDescription(
            QStringLiteral(
                "Linedesk service: billing ledger and concurrency lines over HTTP.\n\n") +
            QString::fromLatin1(kUsage));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions(serveOptions());
    };
    QCommandLineParser commandLine;
    makeParser(commandLine);
    commandLine.process(arguments);
    QCommandLineParser parser;
    makeParser(parser);
    if (commandLine.isSet(QStringLiteral("config"))) {
        QString error;
        const QStringList fromFile =
            configFileArguments(commandLine.value(QStringLiteral("config")), &error);
        if (!error.isEmpty()) {
            err() << "linedesk-server: " << error << "\n";
            return 2;
        }
        parser.process(arguments.mid(0, 1) + fromFile + arguments.mid(1));
    } else {
        parser.process(arguments);
    }

    ServiceConfig config;
    if (!parseListen(parser.value(QStringLiteral("listen")), &config.address, &config.port)) {
        err() << "linedesk-server: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n";
        return 2;
    }
    config.databasePath = databaseOption(parser);
    if (config.databasePath.isEmpty()) {
        err() << "linedesk-server: --database (a SQLite file or a postgresql:// URI) or "
                 "LINEDESK_DATABASE is required (see --help)\n";
        return 2;
    }
    config.demo = parser.isSet(QStringLiteral("demo"));
    config.demoTraffic = parser.isSet(QStringLiteral("demo-traffic"));
    config.allowPrivateWebhooks = parser.isSet(QStringLiteral("allow-private-webhooks"));
    bool leaseOk = false;
    const int leaseSeconds = parser.value(QStringLiteral("lease-seconds")).toInt(&leaseOk);
    if (!leaseOk || leaseSeconds < 1 || leaseSeconds > 86400) {
        err() << "linedesk-server: --lease-seconds wants a whole number from 1 to 86400\n";
        return 2;
    }
    config.leaseMs = qint64(leaseSeconds) * 1000;
    for (const auto &[name, target] :
         {std::pair{"max-connections", &config.http.maxConnections},
          std::pair{"max-connections-per-address", &config.http.maxConnectionsPerAddress}}) {
        bool ok = false;
        const int n = parser.value(QLatin1String(name)).toInt(&ok);
        if (!ok || n < 1 || n > 1'000'000) {
            err() << "linedesk-server: --" << name << " wants a whole number from 1 to 1000000\n";
            return 2;
        }
        *target = n;
    }
    for (const auto &[name, target] : {std::pair{"idle-timeout", &config.http.idleTimeoutMs},
                                       std::pair{"header-timeout", &config.http.headerTimeoutMs},
                                       std::pair{"body-timeout", &config.http.bodyTimeoutMs}}) {
        bool ok = false;
        const double seconds = parser.value(QLatin1String(name)).toDouble(&ok);
        if (!ok || !(seconds >= 0.05 && seconds <= 3600)) {
            err() << "linedesk-server: --" << name << " wants seconds from 0.05 to 3600\n";
            return 2;
        }
        *target = int(seconds * 1000);
    }
    if (!Database::isPostgresUri(config.databasePath))
        QDir().mkpath(QFileInfo(config.databasePath).absolutePath());

    Service service(config);
    try {
        service.start();
    } catch (const DatabaseException &e) {
        err() << "linedesk-server: " << e.message() << "\n";
        return 1;
    } catch (const std::exception &e) {
        err() << "linedesk-server: " << e.what() << "\n";
        return 1;
    }
    out() << "linedesk-server listening on http://" << config.address.toString() << ":"
          << service.port() << " (database "
          << (Database::isPostgresUri(config.databasePath)
                  ? Database::displayName(config.databasePath)
                  : QFileInfo(config.databasePath).absoluteFilePath())
          << ")\n";
    if (!service.demoTokens().isEmpty()) {
        out() << "Demo sign-ins (also written to " << service.config().demoTokensPath << "):\n";
        for (const QJsonValue &v : service.demoTokens()) {
            const QJsonObject o = v.toObject();
            out() << "  " << o.value(QLatin1String("role")).toString().leftJustified(8) << " "
                  << o.value(QLatin1String("email")).toString().leftJustified(32) << " "
                  << o.value(QLatin1String("token")).toString() << "\n";
        }
    } else if (config.demo) {
        out() << "Demo data already present; its sign-ins are in "
              << service.config().demoTokensPath << "\n";
    }
    out().flush();
    return QCoreApplication::exec();
}

int admin(const QStringList &arguments)
{
    // arguments: program, "admin", COMMAND, options…
    const QString command = arguments.size() > 2 ? arguments.at(2) : QString();
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(kUsage));
    parser.addHelpOption();
    const QList<QCommandLineOption> options{
        {QStringLiteral("database"),
         QStringLiteral("SQLite file or postgresql:// URI; default $LINEDESK_DATABASE."),
         QStringLiteral("DB")},
        {QStringLiteral("name"), QStringLiteral("Name."), QStringLiteral("NAME")},
        {QStringLiteral("type"), QStringLiteral("Subscription type."), QStringLiteral("TYPE"),
         QStringLiteral("pay-as-you-go")},
        {QStringLiteral("included"), QStringLiteral("Included lines."), QStringLiteral("N"),
         QStringLiteral("10")},
        {QStringLiteral("credits"), QStringLiteral("Starting credits, e.g. 100.00."),
         QStringLiteral("AMOUNT"), QStringLiteral("0")},
        {QStringLiteral("line-cap"), QStringLiteral("Self-serve cap on purchased lines."),
         QStringLiteral("N"), QStringLiteral("1000")},
        {QStringLiteral("subscription"), QStringLiteral("Subscription id."), QStringLiteral("ID")},
        {QStringLiteral("org"), QStringLiteral("Organization id."), QStringLiteral("ID")},
        {QStringLiteral("email"), QStringLiteral("User email."), QStringLiteral("EMAIL")},
        {QStringLiteral("role"), QStringLiteral("admin or viewer."), QStringLiteral("ROLE")},
        {QStringLiteral("support"), QStringLiteral("The user is support staff.")},
        {QStringLiteral("label"), QStringLiteral("Token label."), QStringLiteral("LABEL"),
         QStringLiteral("operator")},
        {QStringLiteral("amount"), QStringLiteral("Amount, e.g. 50.00."), QStringLiteral("AMOUNT")},
        {QStringLiteral("token"), QStringLiteral("A token (revoke-token)."),
         QStringLiteral("TOKEN")},
        {QStringLiteral("subscriptions"), QStringLiteral("How many subscriptions to seed."),
         QStringLiteral("N")},
        {QStringLiteral("reason"), QStringLiteral("Why (kept in the audit trail)."),
         QStringLiteral("TEXT"), QStringLiteral("operator top-up")},
    };
    parser.addOptions(options);
    // Drop "admin" and the command, but keep an option given in the command's place
    // ("admin --help").
    QStringList parseable = arguments;
    if (parseable.size() > 2)
        parseable.remove(1, command.startsWith(QLatin1Char('-')) ? 1 : 2);
    if (!parser.parse(parseable)) {
        err() << "linedesk-server admin: " << parser.errorText() << "\n\n" << kUsage;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")) || command.isEmpty() ||
        command.startsWith(QLatin1Char('-'))) {
        out() << kUsage;
        return command.isEmpty() || command.startsWith(QLatin1Char('-'))
                   ? (parser.isSet(QStringLiteral("help")) ? 0 : 2)
                   : 0;
    }
    const QString path = databaseOption(parser);
    if (path.isEmpty()) {
        err() << "linedesk-server admin " << command
              << ": --database (a SQLite file or a postgresql:// URI) or LINEDESK_DATABASE is "
                 "required\n";
        return 2;
    }
    auto required = [&parser, &command](const char *name) {
        const QString v = parser.value(QLatin1String(name));
        if (v.isEmpty())
            throw ApiException(400, QStringLiteral("missing-option"),
                               QStringLiteral("%1 needs --%2").arg(command, QLatin1String(name)));
        return v;
    };
    auto integer = [&parser](const char *name) {
        bool ok = false;
        const int v = parser.value(QLatin1String(name)).toInt(&ok);
        if (!ok)
            throw ApiException(
                400, QStringLiteral("invalid-number"),
                QStringLiteral("--%1 must be a whole number").arg(QLatin1String(name)));
        return v;
    };
    auto money = [&parser](const char *name) {
        const auto m = Money::parse(parser.value(QLatin1String(name)));
        if (!m)
            throw ApiException(
                400, QStringLiteral("invalid-amount"),
                QStringLiteral("--%1 must be an amount like 100.00").arg(QLatin1String(name)));
        return m->cents();
    };

    try {
        if (!Database::isPostgresUri(path))
            QDir().mkpath(QFileInfo(path).absolutePath());
        auto db = Database::open(path);
        db->migrate();
        Accounts accounts(*db);
        const QDateTime now = SystemClock().now();
        auto userByEmail = [&](const QString &email) {
            const QString id = accounts.userIdByEmail(email);
            if (id.isEmpty())
                throw ApiException(404, QStringLiteral("user-not-found"),
                                   QStringLiteral("no user with email %1").arg(email));
            return id;
        };
        if (command == QLatin1String("create-subscription")) {
            Accounts::NewSubscription n;
            n.name = required("name");
            n.type = parser.value(QStringLiteral("type"));
            n.includedLines = integer("included");
            n.creditsCents = money("credits");
            n.lineCap = integer("line-cap");
            n.createdAt = now;
            out() << accounts.createSubscription(n, QStringLiteral("operator")) << "\n";
        } else if (command == QLatin1String("create-org")) {
            out() << accounts.createOrg(required("name"), required("subscription"), now) << "\n";
        } else if (command == QLatin1String("create-user")) {
            const bool support = parser.isSet(QStringLiteral("support"));
            const QString org = parser.value(QStringLiteral("org"));
            if (support && !org.isEmpty())
                throw ApiException(400, QStringLiteral("invalid-options"),
                                   QStringLiteral("a support user belongs to no organization"));
            if (!org.isEmpty())
                required("role");
            Database::Transaction tx(*db);
            const QString id = accounts.createUser(
                required("email"), parser.value(QStringLiteral("name")), support, now);
            if (!org.isEmpty())
                accounts.addMembership(org, id, parser.value(QStringLiteral("role")));
            tx.commit();
            out() << id << "\n";
        } else if (command == QLatin1String("add-member")) {
            accounts.addMembership(required("org"), userByEmail(required("email")),
                                   required("role"));
            out() << "ok\n";
        } else if (command == QLatin1String("revoke-token")) {
            const QString token = parser.value(QStringLiteral("token"));
            const QString email = parser.value(QStringLiteral("email"));
            if (token.isEmpty() == email.isEmpty())
                throw ApiException(400, QStringLiteral("invalid-options"),
                                   QStringLiteral("revoke-token needs --token or --email"));
            const int revoked =
                token.isEmpty()
                    ? accounts.revokeUserTokens(userByEmail(email),
                                                parser.isSet(QStringLiteral("label"))
                                                    ? parser.value(QStringLiteral("label"))
                                                    : QString(),
                                                now)
                    : accounts.revokeToken(token, now);
            if (revoked == 0 && !token.isEmpty())
                throw ApiException(404, QStringLiteral("token-not-found"),
                                   QStringLiteral("no such token, or it was already revoked"));
            out() << "revoked " << revoked << (revoked == 1 ? " token\n" : " tokens\n");
        } else if (command == QLatin1String("create-token")) {
            out() << accounts.createToken(userByEmail(required("email")),
                                          parser.value(QStringLiteral("label")), now)
                  << "\n";
        } else if (command == QLatin1String("add-credits")) {
            accounts.addCredits(required("subscription"), money("amount"),
                                QStringLiteral("operator"), parser.value(QStringLiteral("reason")),
                                now);
            out() << "ok\n";
        } else if (command == QLatin1String("seed")) {
            const int n = integer("subscriptions");
            QElapsedTimer timer;
            timer.start();
            const BulkSeed::Result r = BulkSeed::run(*db, n, now);
            out() << "seeded " << r.subscriptions << " subscriptions, " << r.organizations
                  << " organizations, " << r.users << " users, " << r.historyRows
                  << " history rows in " << QString::number(timer.elapsed() / 1000.0, 'f', 1)
                  << " s\n";
        } else if (command == QLatin1String("list")) {
            QSqlQuery q = db->exec(QStringLiteral(
                "SELECT id, name, type, status, credits_cents, included_lines, purchased_lines"
                " FROM subscription ORDER BY name, id"));
            out() << "Subscriptions:\n";
            while (q.next())
                out() << "  " << q.value(0).toString() << "  " << q.value(1).toString() << " ("
                      << q.value(2).toString() << ", " << q.value(3).toString() << ", credits "
                      << Money::fromCents(q.value(4).toLongLong()).toDecimalString() << ", lines "
                      << q.value(5).toInt() << " + " << q.value(6).toInt() << ")\n";
            q = db->exec(
                QStringLiteral("SELECT id, name, subscription_id FROM org ORDER BY name, id"));
            out() << "Organizations:\n";
            while (q.next())
                out() << "  " << q.value(0).toString() << "  " << q.value(1).toString()
                      << " (subscription " << q.value(2).toString() << ")\n";
            q = db->exec(QStringLiteral(
                "SELECT u.email, u.support, m.org_id, m.role FROM app_user u LEFT JOIN membership m"
                " ON m.user_id = u.id ORDER BY u.email"));
            out() << "Users:\n";
            while (q.next())
                out() << "  " << q.value(0).toString() << "  "
                      << (q.value(1).toInt() ? QStringLiteral("support")
                                             : q.value(3).toString() + QStringLiteral(" of ") +
                                                   q.value(2).toString())
                      << "\n";
        } else {
            err() << "linedesk-server admin: unknown command \"" << command << "\"\n\n" << kUsage;
            return 2;
        }
    } catch (const ApiException &e) {
        err() << "linedesk-server admin " << command << ": " << e.error().message << "\n";
        return 1;
    } catch (const DatabaseException &e) {
        err() << "linedesk-server admin " << command << ": " << e.message() << "\n";
        return 1;
    }
    return 0;
}

} // namespace

int simulate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Drives calls through a linedesk-server's public API: Poisson arrivals, exponentially "
        "distributed holding times, heartbeats while a call lasts."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("server"), QStringLiteral("Service URL."), QStringLiteral("URL")},
        {QStringLiteral("token"), QStringLiteral("An org admin's token."), QStringLiteral("TOKEN")},
        {QStringLiteral("org"), QStringLiteral("Organization id (if the token has several)."),
         QStringLiteral("ID")},
        {QStringLiteral("rate"), QStringLiteral("Mean arrivals per minute."),
         QStringLiteral("CALLS_PER_MINUTE")},
        {QStringLiteral("hold"), QStringLiteral("Mean holding time."), QStringLiteral("SECONDS")},
        {QStringLiteral("duration"),
         QStringLiteral("Stop after this long (default: until interrupted)."),
         QStringLiteral("SECONDS"), QStringLiteral("0")},
        {QStringLiteral("seed"), QStringLiteral("Random seed, for a repeatable run."),
         QStringLiteral("N"), QStringLiteral("0")},
    });
    QStringList parseable = arguments;
    parseable.removeAt(1);
    parser.process(parseable);
    TrafficGenerator::Config config;
    config.server = QUrl(parser.value(QStringLiteral("server")));
    config.token = parser.value(QStringLiteral("token"));
    config.orgId = parser.value(QStringLiteral("org"));
    bool rateOk = false, holdOk = false, durationOk = false;
    config.ratePerMinute = parser.value(QStringLiteral("rate")).toDouble(&rateOk);
    config.holdSeconds = parser.value(QStringLiteral("hold")).toDouble(&holdOk);
    const double duration = parser.value(QStringLiteral("duration")).toDouble(&durationOk);
    config.seed = parser.value(QStringLiteral("seed")).toULongLong();
    if (!config.server.isValid() || config.server.scheme().isEmpty() || config.token.isEmpty() ||
        !rateOk || config.ratePerMinute <= 0 || config.ratePerMinute > 1e6 || !holdOk ||
        config.holdSeconds <= 0 || !durationOk || duration < 0) {
        err() << "linedesk-server simulate: needs --server URL --token TOKEN --rate N (> 0) "
                 "--hold SECONDS (> 0); see --help\n";
        return 2;
    }
    TrafficGenerator generator(config);
    auto report = [&generator] {
        const auto &s = generator.stats();
        out() << "attempted " << s.attempted << ", admitted " << s.admitted << ", blocked "
              << s.blocked << ", ended " << s.ended << ", active " << s.active << ", errors "
              << s.errors << "\n";
        out().flush();
    };
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, &generator, report);
    ticker.start(10'000);
    if (duration > 0) {
        QTimer::singleShot(int(duration * 1000), &generator, [&generator] {
            generator.stop();
            // Give the last ends a moment to reach the service.
            QTimer::singleShot(2000, qApp, &QCoreApplication::quit);
        });
    }
    generator.start();
    const int code = QCoreApplication::exec();
    report();
    return code;
}

int runCommandLine(const QStringList &arguments)
{
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("simulate"))
        return simulate(arguments);
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("admin"))
        return admin(arguments);
    return serve(arguments);
}

} // namespace linedesk::server
