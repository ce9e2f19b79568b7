#include "console.h"
#include "consoleoptions.h"
#include "mainwindow.h"
#include "uikit.h"
#include "uilanguage.h"

#include <QApplication>
#include <QLoggingCategory>

#include <cstdio>

int main(int argc, char *argv[])
{
    // Our debug output only when asked for (QT_LOGGING_RULES=linedesk.*.debug=true).
    QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.debug=false"));
    {
        // Without a display QApplication aborts with a page about plugins: say it in one line.
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            arguments.append(QString::fromLocal8Bit(argv[i]));
        const QString problem = linedesk::ConsoleOptions::missingDisplay(arguments);
        if (!problem.isEmpty()) {
            std::fputs(qPrintable(problem + QLatin1Char('\n')), stderr);
            return 2;
        }
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Linedesk"));
    QApplication::setApplicationName(QStringLiteral("linedesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("Linedesk"));
    QApplication::setApplicationVersion(QStringLiteral(LINEDESK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("com.linedesk.Linedesk"));

    // The language first (command line, else Settings, else the desktop's), then the
    // options again so their help text is in that language.
    const QString asked = linedesk::ConsoleOptions::parse(QApplication::arguments()).language;
    linedesk::UiLanguage::install(
        &app,
        linedesk::UiLanguage::resolve(asked.isEmpty() ? linedesk::UiLanguage::saved() : asked));
    const auto options = linedesk::ConsoleOptions::parse(QApplication::arguments());
    if (options.showHelp || options.showVersion || !options.error.isEmpty()) {
        const QString text =
            !options.error.isEmpty() ? options.error + QLatin1Char('\n') + options.helpText
            : options.showVersion    ? QStringLiteral("linedesk " LINEDESK_VERSION "\n")
                                     : options.helpText;
        std::fputs(qPrintable(text), options.error.isEmpty() ? stdout : stderr);
        return options.error.isEmpty() ? 0 : 2;
    }

    linedesk::ui::installStyle(app);
    linedesk::Console console(options);
    linedesk::ui::MainWindow window(&console);
    window.show();
    console.start();
    return app.exec();
}
