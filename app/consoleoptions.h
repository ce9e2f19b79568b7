#pragma once

#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

namespace linedesk {

// How the console was asked to start: `linedesk [--server URL --token TOKEN]`, or
// LINEDESK_SERVER / LINEDESK_TOKEN; the command line wins over the environment.
struct ConsoleOptions
{
    QUrl serverUrl;             // empty: saved settings, else the embedded service
    QString token;              // empty: the secret store, else ask
    bool useSecretStore = true; // LINEDESK_NO_KEYCHAIN=1 turns it off (tests)
    QString dataDir;            // the embedded service's folder (LINEDESK_DATA_DIR)
    bool forceEmbedded = false; // --embedded: ignore a saved server
    QString language;           // --language en|de (env LINEDESK_LANGUAGE); empty: Settings

    bool showHelp = false;
    bool showVersion = false;
    QString helpText;
    QString error; // not empty: the arguments were wrong

    static ConsoleOptions
    parse(const QStringList &arguments,
          const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // Checked before the QApplication exists, which aborts without a display: on X11 and
    // Wayland systems, the one line that says there is none and how to go on; empty when
    // there is one, another platform was asked for (-platform, QT_QPA_PLATFORM), or the
    // arguments only ask for help or the version.
    static QString
    missingDisplay(const QStringList &arguments,
                   const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
};

} // namespace linedesk
