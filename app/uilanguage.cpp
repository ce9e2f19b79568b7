#include "uilanguage.h"

#include "apierrortext.h"
#include "logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace linedesk {

namespace {
const auto kLanguageKey = QStringLiteral("ui/language");

// The translators currently installed, so a second install() replaces them.
QList<QPointer<QTranslator>> &installed()
{
    static QList<QPointer<QTranslator>> list;
    return list;
}

QString &currentLanguage()
{
    static QString language = QStringLiteral("en");
    return language;
}
} // namespace

QString UiLanguage::saved()
{
    const QString v = QSettings().value(kLanguageKey).toString();
    return v == QLatin1String("en") || v == QLatin1String("de") ? v : QString();
}

void UiLanguage::save(const QString &choice)
{
    if (choice.isEmpty())
        QSettings().remove(kLanguageKey);
    else
        QSettings().setValue(kLanguageKey, choice);
}

QString UiLanguage::resolve(const QString &choice, const QStringList &uiLanguages)
{
    if (choice == QLatin1String("en") || choice == QLatin1String("de"))
        return choice;
    // The first language we have wins: "fr de en" gives German, "en_GB de" English.
    for (const QString &l : uiLanguages) {
        const QString code = l.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0);
        if (code == QLatin1String("de") || code == QLatin1String("en"))
            return code;
    }
    return QStringLiteral("en");
}

QLocale UiLanguage::localeFor(const QString &language, const QLocale &system)
{
    const QLocale::Language wanted =
        language == QLatin1String("de") ? QLocale::German : QLocale::English;
    if (system.language() == wanted)
        return system;
    return wanted == QLocale::German ? QLocale(QLocale::German, QLocale::Germany)
                                     : QLocale(QLocale::English, QLocale::UnitedStates);
}

QString UiLanguage::current()
{
    return currentLanguage();
}

QString UiLanguage::errorText(const QString &code, const QString &serviceMessage)
{
    if (currentLanguage() == QLatin1String("en"))
        return serviceMessage;
    const QString own = describeApiError(code);
    return own.isEmpty() ? serviceMessage : own;
}

bool UiLanguage::install(QCoreApplication *app, const QString &language)
{
    currentLanguage() = language;
    for (const QPointer<QTranslator> &t : installed()) {
        if (t) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }
    installed().clear();

    const QLocale locale = localeFor(language);
    QLocale::setDefault(locale);

    // Qt's own texts (dialog buttons, file dialogs); absent if the translations package is not
    // installed, then those few stay English.
    auto *qt = new QTranslator(app);
    if (language != QLatin1String("en") &&
        qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        installed().append(qt);
    } else {
        if (language != QLatin1String("en"))
            qCInfo(lcSettings) << "Qt's own translations for" << language << "not found in"
                               << QLibraryInfo::path(QLibraryInfo::TranslationsPath);
        delete qt;
    }

    // Ours, built into the program (English carries only the plural forms).
    auto *ours = new QTranslator(app);
    if (!ours->load(QStringLiteral(":/i18n/linedesk_%1.qm").arg(language))) {
        qCWarning(lcSettings) << "No translation built in for" << language;
        delete ours;
        return false;
    }
    QCoreApplication::installTranslator(ours);
    installed().append(ours);
    return true;
}

} // namespace linedesk
