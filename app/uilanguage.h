#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace linedesk {

// The console's language: English or German, chosen in Settings ("System default" follows the
// desktop: LANGUAGE, LC_ALL, LC_MESSAGES, LANG). The choice takes effect at the next start.
class UiLanguage
{
public:
    // What Settings saves: "" (system default), "en" or "de".
    static QString saved();
    static void save(const QString &choice);

    // The language the console shows for a choice ("", "en", "de"), given the desktop's
    // preferred UI languages in order: "en" or "de".
    static QString resolve(const QString &choice,
                           const QStringList &uiLanguages = QLocale::system().uiLanguages());

    // The locale numbers, money and dates use: the system's if it speaks the language
    // (de_AT stays de_AT), else the language's own (so no German date in an English sentence).
    static QLocale localeFor(const QString &language, const QLocale &system = QLocale::system());

    // The language install() last loaded; "en" before any.
    static QString current();

    // What the console shows for a service error: the service's own (English, detailed)
    // message in English, the console's translated words for its code in any other language
    // (the service's message only for a code the console does not know).
    static QString errorText(const QString &code, const QString &serviceMessage);

    // Loads Qt's and our translations for `language` into `app` (replacing earlier ones) and
    // makes its locale the default. Returns false if our catalogue was missing.
    static bool install(QCoreApplication *app, const QString &language);
};

} // namespace linedesk
