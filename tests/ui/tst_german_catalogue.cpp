#include "germancatalogue.h"

#include "apierrortext.h"
#include "localeformat.h"
#include "uilanguage.h"

#include <QApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace linedesk;
using namespace linedesk::test;

// The German catalogue is complete and matches the sources, and the console loads it for the
// language the user chose or the desktop's.
class TestGermanCatalogue : public QObject
{
    Q_OBJECT
private:
    static QString tsPath() { return sourceDir() + QStringLiteral("/translations/linedesk_de.ts"); }
    static QStringList markers(const QString &text)
    {
        static const QRegularExpression re(QStringLiteral("%L?(\\d+|n)"));
        QStringList found;
        for (auto it = re.globalMatch(text); it.hasNext();)
            found.append(it.next().captured(0).remove(QLatin1Char('L')));
        found.removeDuplicates();
        found.sort();
        return found;
    }

private Q_SLOTS:
    void everyEntryTranslated()
    {
        QString error;
        const QList<CatalogueEntry> entries = readCatalogue(tsPath(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(entries.size() > 500);
        for (const CatalogueEntry &e : entries) {
            const QString where = e.context + QStringLiteral(": ") + e.source;
            QVERIFY2(e.type.isEmpty(), qPrintable(e.type + QStringLiteral(" — ") + where));
            QCOMPARE(e.translations.size(), e.numerus ? 2 : 1); // German has two plural forms
            for (const QString &t : e.translations) {
                QVERIFY2(!t.isEmpty(), qPrintable(where));
                // Same placeholders: German may reorder %1 %2, never drop or add one.
                QVERIFY2(markers(t) == markers(e.source),
                         qPrintable(where + QStringLiteral(" → ") + t));
                // A shortcut letter stays a shortcut letter.
                static const QRegularExpression mnemonic(QStringLiteral("&[^&\\s]"));
                if (!e.source.contains(QLatin1Char('<')))
                    QVERIFY2(mnemonic.match(e.source).hasMatch() == mnemonic.match(t).hasMatch(),
                             qPrintable(where + QStringLiteral(" → ") + t));
            }
        }
    }

    // Every string in the sources is in the catalogue, and nothing else: lupdate run afresh
    // finds exactly the messages the committed file holds (translations/update.sh was run).
    void catalogueMatchesTheSources()
    {
        const QString lupdate = QStringLiteral(LINEDESK_LUPDATE);
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("fresh_de.ts"));
        QProcess p;
        p.setWorkingDirectory(sourceDir());
        p.start(lupdate, {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"),
                          QStringLiteral("none"), QStringLiteral("ui"), QStringLiteral("app"),
                          QStringLiteral("models"), QStringLiteral("-ts"), fresh});
        QVERIFY2(p.waitForFinished(120000), qPrintable(p.errorString()));
        QCOMPARE(p.exitCode(), 0);
        auto keys = [](const QList<CatalogueEntry> &entries) {
            QSet<QString> set;
            for (const CatalogueEntry &e : entries)
                set.insert(e.context + QLatin1Char('\x1f') + e.source + QLatin1Char('\x1f') +
                           e.comment);
            return set;
        };
        const QSet<QString> inSources = keys(readCatalogue(fresh));
        const QSet<QString> inCatalogue = keys(readCatalogue(tsPath()));
        QVERIFY(!inSources.isEmpty());
        QStringList missing = (inSources - inCatalogue).values();
        QStringList stale = (inCatalogue - inSources).values();
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in linedesk_de.ts (run "
                                                              "translations/update.sh): ") +
                                               missing.join(QStringLiteral(" | "))));
        QVERIFY2(stale.isEmpty(), qPrintable(QStringLiteral("no longer in the sources: ") +
                                             stale.join(QStringLiteral(" | "))));
    }

    void chosenLanguage_data()
    {
        QTest::addColumn<QString>("choice");
        QTest::addColumn<QStringList>("desktop");
        QTest::addColumn<QString>("expected");
        QTest::newRow("system German") << QString() << QStringList{"de-DE", "en-US"} << "de";
        QTest::newRow("system Austrian") << QString() << QStringList{"de-AT"} << "de";
        QTest::newRow("system French then German")
            << QString() << QStringList{"fr-FR", "de-DE"} << "de";
        QTest::newRow("system British") << QString() << QStringList{"en-GB", "de-DE"} << "en";
        QTest::newRow("system unknown") << QString() << QStringList{"fr-FR"} << "en";
        QTest::newRow("English over a German desktop")
            << QStringLiteral("en") << QStringList{"de-DE"} << "en";
        QTest::newRow("German over an English desktop")
            << QStringLiteral("de") << QStringList{"en-US"} << "de";
    }
    void chosenLanguage()
    {
        QFETCH(QString, choice);
        QFETCH(QStringList, desktop);
        QFETCH(QString, expected);
        QCOMPARE(UiLanguage::resolve(choice, desktop), expected);
    }

    // No German date inside an English sentence, and the other way round.
    void localeFollowsTheLanguage()
    {
        QCOMPARE(
            UiLanguage::localeFor(QStringLiteral("en"), QLocale(QStringLiteral("de_DE"))).name(),
            QStringLiteral("en_US"));
        QCOMPARE(
            UiLanguage::localeFor(QStringLiteral("de"), QLocale(QStringLiteral("en_US"))).name(),
            QStringLiteral("de_DE"));
        QCOMPARE(
            UiLanguage::localeFor(QStringLiteral("de"), QLocale(QStringLiteral("de_AT"))).name(),
            QStringLiteral("de_AT"));
        QCOMPARE(
            UiLanguage::localeFor(QStringLiteral("en"), QLocale(QStringLiteral("en_GB"))).name(),
            QStringLiteral("en_GB"));
    }

    void installedGermanAndBackToEnglish()
    {
        QVERIFY(UiLanguage::install(qApp, QStringLiteral("de")));
        QCOMPARE(QLocale().language(), QLocale::German);
        QCOMPARE(format::lines(1), QStringLiteral("1 Leitung"));
        QCOMPARE(format::lines(3), QStringLiteral("3 Leitungen"));
        QCOMPARE(format::money(10'00), QStringLiteral("10,00\u00a0$"));
        QVERIFY2(describeApiError(QStringLiteral("insufficient-credits"))
                     .startsWith(QStringLiteral("Nicht genug Guthaben")),
                 qPrintable(describeApiError(QStringLiteral("insufficient-credits"))));
        QVERIFY(describeApiError(QStringLiteral("no-such-code")).isEmpty());
        // A service error: the console's German words for a known code, the service's
        // message only for an unknown one.
        const QString service = QStringLiteral("Not enough credits: buying 5 lines costs $50.00");
        QCOMPARE(UiLanguage::errorText(QStringLiteral("insufficient-credits"), service),
                 describeApiError(QStringLiteral("insufficient-credits")));
        QCOMPARE(UiLanguage::errorText(QStringLiteral("no-such-code"), service), service);

        QVERIFY(UiLanguage::install(qApp, QStringLiteral("en")));
        QCOMPARE(QLocale().language(), QLocale::English);
        QCOMPARE(format::lines(1), QStringLiteral("1 line"));
        QCOMPARE(format::lines(3), QStringLiteral("3 lines"));
        QCOMPARE(format::money(10'00), QStringLiteral("$10.00"));
        QVERIFY(describeApiError(QStringLiteral("insufficient-credits"))
                    .startsWith(QStringLiteral("Not enough credits")));
        // In English the service's own, more detailed message stays.
        QCOMPARE(UiLanguage::errorText(QStringLiteral("insufficient-credits"), service), service);
    }

    // The real program with the desktop's variables: LANGUAGE first, then LC_ALL, LC_MESSAGES,
    // LANG (its --help text is translated like any window).
    void desktopEnvironmentHonoured_data()
    {
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<bool>("german");
        QTest::newRow("LANG=de_DE") << QStringList{"LANG=de_DE.UTF-8"} << true;
        QTest::newRow("LC_ALL=de_DE")
            << QStringList{"LANG=en_US.UTF-8", "LC_ALL=de_DE.UTF-8"} << true;
        QTest::newRow("LANGUAGE=de over LANG=en")
            << QStringList{"LANG=en_US.UTF-8", "LANGUAGE=de"} << true;
        QTest::newRow("LANGUAGE=en over LANG=de")
            << QStringList{"LANG=de_DE.UTF-8", "LANGUAGE=en"} << false;
        QTest::newRow("LANG=en_US") << QStringList{"LANG=en_US.UTF-8"} << false;
        QTest::newRow("--language over LANG")
            << QStringList{"LANG=en_US.UTF-8", "LINEDESK_LANGUAGE=de"} << true;
    }
    void desktopEnvironmentHonoured()
    {
        QFETCH(QStringList, env);
        QFETCH(bool, german);
        QTemporaryDir home;
        QProcess p;
        QStringList e{QStringLiteral("QT_QPA_PLATFORM=offscreen"),
                      QStringLiteral("HOME=") + home.path(),
                      QStringLiteral("XDG_CONFIG_HOME=") + home.path()};
        for (const QString &v : QProcess::systemEnvironment())
            if (v.startsWith(QLatin1String("PATH=")))
                e.append(v);
        p.setEnvironment(e + env);
        p.start(QStringLiteral(LINEDESK_BIN), {QStringLiteral("--help")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(out.contains(QStringLiteral("Diese Hilfe anzeigen.")), german);
        QCOMPARE(out.contains(QStringLiteral("Show this help.")), !german);
    }
};

QTEST_MAIN(TestGermanCatalogue)
#include "tst_german_catalogue.moc"
