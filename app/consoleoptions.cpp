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
    const QCommandLineOption language(
        QStringLiteral("language"),
        QCoreApplication::translate("ConsoleOptions",
                                    "Show the console in <language>: en or de (env "
                                    "LINEDESK_LANGUAGE); without it, the choice in Settings."),
        QStringLiteral("language"));
    parser.addOptions({help, version, server, token, embedded, dataDir, language});
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
    o.language = parser.isSet(language) ? parser.value(language)
                                        : env.value(QStringLiteral("LINEDESK_LANGUAGE"));
    if (!o.language.isEmpty() && o.language != QLatin1String("en") &&
        o.language != QLatin1String("de"))
        o.error =
            QCoreApplication::translate("ConsoleOptions", "Unknown language: %1 (use en or de).")
                .arg(o.language);
    const QString noKeychain = env.value(QStringLiteral("LINEDESK_NO_KEYCHAIN"));
    o.useSecretStore = noKeychain.isEmpty() || noKeychain == QLatin1String("0");
    if (o.forceEmbedded && !o.serverUrl.isEmpty())
        o.error = QCoreApplication::translate("ConsoleOptions",
                                              "--embedded and --server exclude each other.");
    return o;
}

QString ConsoleOptions::missingDisplay(const QStringList &arguments, const QProcessEnvironment &env)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    QString platform = env.value(QStringLiteral("QT_QPA_PLATFORM"));
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("-h") || a == QLatin1String("--help") || a == QLatin1String("-v") ||
            a == QLatin1String("--version"))
            return {};
        if ((a == QLatin1String("-platform") || a == QLatin1String("--platform")) &&
            i + 1 < arguments.size())
            platform = arguments.at(i + 1);
    }
    // "xcb", "wayland", "wayland;xcb" (tried in turn), each perhaps with ":options".
    const bool x11 = !env.value(QStringLiteral("DISPLAY")).isEmpty();
    const bool wayland = !env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty();
    bool needed = platform.isEmpty() && !x11 && !wayland;
    if (!platform.isEmpty()) {
        needed = true;
        for (const QString &candidate : platform.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            const QString name = candidate.section(QLatin1Char(':'), 0, 0);
            // offscreen, vnc, eglfs, linuxfb, minimal: no display server to find
            const bool usable = name == QLatin1String("xcb")                ? x11
                                : name.startsWith(QLatin1String("wayland")) ? wayland
                                                                            : true;
            if (usable)
                needed = false;
        }
    }
    if (needed)
        return QCoreApplication::translate(
            "ConsoleOptions",
            "linedesk: no display to open a window on (no DISPLAY or WAYLAND_DISPLAY). Run it in a "
            "virtual one with `xvfb-run -a scripts/run` (or `xvfb-run -a "
            "linedesk`), or run the service alone: `linedesk-server --listen 127.0.0.1:8080 "
            "--database /tmp/linedesk.db --demo`.");
#else
    Q_UNUSED(arguments);
    Q_UNUSED(env);
#endif
    return {};
}

} // namespace linedesk
