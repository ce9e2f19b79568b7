#include "consoleoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace linedesk {

ConsoleOptions ConsoleOptions::parse(const QStringList &arguments, const QProcessEnvironment &env)
{
    ConsoleOptions o;
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "ConsoleOptions", "Linedesk: concurrency lines and billing for your voice-AI platform.\n"
                          "Without --server it runs its own service with demo data."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("ConsoleOptions", "Show this help."));
    const QCommandLineOption version(
        QStringList{QStringLiteral("v"), QStringLiteral("version")},
        QCoreApplication::translate("ConsoleOptions", "Show the version."));
    const QCommandLineOption server(
        QStringLiteral("server"),
        QCoreApplication::translate(
            "ConsoleOptions", "Connect to the linedesk-server at <url> (env LINEDESK_SERVER)."),
        QStringLiteral("url"));
    const QCommandLineOption token(
        QStringLiteral("token"),
        QCoreApplication::translate("ConsoleOptions", "Sign in with <token> (env LINEDESK_TOKEN)."),
        QStringLiteral("token"));
    const QCommandLineOption embedded(
        QStringLiteral("embedded"),
        QCoreApplication::translate("ConsoleOptions",
                                    "Use the built-in demo service even if a server is saved."));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        QCoreApplication::translate(
            "ConsoleOptions", "Folder of the built-in service's database (env LINEDESK_DATA_DIR)."),
        QStringLiteral("folder"));
    parser.addOptions({help, version, server, token, embedded, dataDir});
    o.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        o.error = parser.errorText();
        return o;
    }
    o.showHelp = parser.isSet(help);
    o.showVersion = parser.isSet(version);
    o.forceEmbedded = parser.isSet(embedded);

    const QString url =
        parser.isSet(server) ? parser.value(server) : env.value(QStringLiteral("LINEDESK_SERVER"));
    if (!url.isEmpty()) {
        o.serverUrl = QUrl::fromUserInput(url);
        if (!o.serverUrl.isValid() || o.serverUrl.host().isEmpty() ||
            (o.serverUrl.scheme() != QLatin1String("http") &&
             o.serverUrl.scheme() != QLatin1String("https")))
            o.error =
                QCoreApplication::translate("ConsoleOptions", "Not a server URL: %1").arg(url);
    }
    o.token =
        parser.isSet(token) ? parser.value(token) : env.value(QStringLiteral("LINEDESK_TOKEN"));
    o.dataDir = parser.isSet(dataDir) ? parser.value(dataDir)
                                      : env.value(QStringLiteral("LINEDESK_DATA_DIR"));
    const QString noKeychain = env.value(QStringLiteral("LINEDESK_NO_KEYCHAIN"));
    o.useSecretStore = noKeychain.isEmpty() || noKeychain == QLatin1String("0");
    if (o.forceEmbedded && !o.serverUrl.isEmpty())
        o.error = QCoreApplication::translate("ConsoleOptions",
                                              "--embedded and --server exclude each other.");
    return o;
}

} // namespace linedesk
