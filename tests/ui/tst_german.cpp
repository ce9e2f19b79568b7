#include "audittrailmodel.h"
#include "consolefixture.h"
#include "germancatalogue.h"

#include "localeformat.h"
#include "settingsdialog.h"
#include "uilanguage.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLibraryInfo>
#include <QRegularExpression>
#include <QSet>
#include <QTextDocumentFragment>

using namespace linedesk;
using namespace linedesk::test;

// An account admin buys a line with the console in German, on real widgets against a real
// service: every text on the way is German, money and dates are written the German way.
class TestGerman : public QObject
{
    Q_OBJECT

    // Words that occur in the English sources but in no German translation: seeing one on a
    // German screen means an English text was left.
    QSet<QString> m_englishOnly;

    static QStringList words(const QString &text)
    {
        static const QRegularExpression word(QStringLiteral("[A-Za-zÄÖÜäöüß]{3,}"));
        QStringList found;
        const QString plain =
            QTextDocumentFragment::fromHtml(text).toPlainText().remove(QLatin1Char('&'));
        for (auto it = word.globalMatch(plain); it.hasNext();)
            found.append(it.next().captured(0).toLower());
        return found;
    }

    // The English words on the visible labels and buttons under `root` (data such as names and
    // e-mail addresses aside: `allowed`).
    QStringList englishLeft(QWidget *root, const QSet<QString> &allowed) const
    {
        QStringList left;
        QList<QWidget *> widgets = root->findChildren<QWidget *>();
        widgets.prepend(root);
        for (QWidget *w : widgets) {
            if (!w->isVisible())
                continue;
            QString text;
            if (auto *label = qobject_cast<QLabel *>(w))
                text = label->text();
            else if (auto *button = qobject_cast<QAbstractButton *>(w))
                text = button->text();
            else
                continue;
            for (const QString &word : words(text))
                if (m_englishOnly.contains(word) && !allowed.contains(word))
                    left.append(
                        QStringLiteral("%1 (%2: “%3”)").arg(word, w->objectName(), text.left(80)));
        }
        return left;
    }

private Q_SLOTS:
    void initTestCase()
    {
        prepareConsoleTests();
        QVERIFY(UiLanguage::install(qApp, QStringLiteral("de")));
        QSet<QString> english, german;
        for (const CatalogueEntry &e :
             readCatalogue(sourceDir() + QStringLiteral("/translations/linedesk_de.ts"))) {
            for (const QString &w : words(e.source))
                english.insert(w);
            for (const QString &t : e.translations)
                for (const QString &w : words(t))
                    german.insert(w);
        }
        m_englishOnly = english - german;
        QVERIFY(m_englishOnly.contains(QStringLiteral("purchased")));
        QVERIFY(!m_englishOnly.contains(QStringLiteral("linedesk")));
    }

    // Sentences the console writes itself, in German: the confirmation's title and the audit
    // trail's reason for what the service did (its own English sentence is not shown).
    void sentencesInGerman()
    {
        LinePreview p;
        p.quantity = 3;
        QCOMPARE(ui::ConfirmLineChangeDialog::title(p),
                 QStringLiteral("3 Concurrency-Leitungen kaufen?"));
        p.quantity = -1;
        QCOMPARE(ui::ConfirmLineChangeDialog::title(p),
                 QStringLiteral("1 Concurrency-Leitung entfernen?"));
        AuditEntry e;
        e.action = QStringLiteral("lines.purchase");
        e.before = QJsonObject{{"concurrencyLimitPurchased", 2}, {"creditsCents", 50000}};
        e.after = QJsonObject{{"concurrencyLimitPurchased", 5}, {"creditsCents", 49000}};
        e.reason = QStringLiteral("bought 3 lines; charged $10.00 prorated to 2026-04-10");
        QCOMPARE(AuditTrailModel::describeReason(e),
                 QStringLiteral("3 Leitungen gekauft; 10,00\u00a0$ belastet, anteilig bis zum "
                                "Ende des Zeitraums."));
    }

    void adminBuysALineInGerman()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Acme Health"), 500'00);
        server.clock().advance(15LL * 24 * 3600 * 1000); // mid-period: a prorated charge
        const QSet<QString> data{QStringLiteral("acme"), QStringLiteral("health"),
                                 QStringLiteral("org")};

        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        QCOMPARE(f.window->billingPage()->tabs()->tabText(ui::BillingPage::AddOnsSection),
                 QStringLiteral("&Zusatzoptionen"));

        f.typeLines(11);
        QTRY_COMPARE(f.text(QStringLiteral("previewHeadline")),
                     QStringLiteral("10 inklusive + 1 gekauft = 11 gleichzeitige Anrufe"));
        QCOMPARE(f.text(QStringLiteral("previewMonthly")), QStringLiteral("10,00\u00a0$"));
        QCOMPARE(f.text(QStringLiteral("previewEffect")), QStringLiteral("Sofort"));
        // The period's end as German writes a date ("10. Apr. 2026"), never "Apr 10, 2026".
        const QString period = f.text(QStringLiteral("previewPeriod"));
        QVERIFY2(period.contains(QStringLiteral("10. Apr. 2026")), qPrintable(period));
        QPushButton *submit = f.button(QStringLiteral("submitButton"));
        QTRY_VERIFY(submit->isEnabled());
        QCOMPARE(submit->text(), QStringLiteral("1 Leitung kaufen…"));
        f.grab(QStringLiteral("german-addons-preview"));
        const QStringList onPage = englishLeft(f.window->billingPage(), data);
        QVERIFY2(onPage.isEmpty(), qPrintable(onPage.join(QStringLiteral("; "))));

        QTest::mouseClick(submit, Qt::LeftButton);
        QTRY_VERIFY(f.dialog() && f.dialog()->isVisible());
        const QString amount = f.text(QStringLiteral("previewAmount"));
        QVERIFY2(amount.endsWith(QStringLiteral("\u00a0$")) && amount.contains(QLatin1Char(',')),
                 qPrintable(amount));
        QCOMPARE(f.dialog()->windowTitle(), QStringLiteral("Kauf bestätigen"));
        QCOMPARE(f.dialog()->confirmButton()->text(),
                 QStringLiteral("1 Leitung kaufen · Belastung %1").arg(amount));
        // The dialog's own Cancel comes from Qt's catalogue (qt6-translations-l10n).
        auto *cancel = f.dialog()->findChild<QPushButton *>(QStringLiteral("cancelButton"));
        QVERIFY(cancel);
        if (QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) +
                          QStringLiteral("/qtbase_de.qm")))
            QCOMPARE(cancel->text().remove(QLatin1Char('&')), QStringLiteral("Abbrechen"));
        const QString summary = f.dialog()->summaryText();
        QVERIFY2(summary.contains(QStringLiteral("Sofort verfügbar")), qPrintable(summary));
        QCOMPARE(f.dialog()->windowTitle(), QStringLiteral("Kauf bestätigen"));
        if (const QString dir = qEnvironmentVariable("LINEDESK_SCREENSHOT_DIR"); !dir.isEmpty())
            f.dialog()->grab().save(dir + QStringLiteral("/german-confirm.png"));
        const QStringList inDialog = englishLeft(f.dialog(), data);
        QVERIFY2(inDialog.isEmpty(), qPrintable(inDialog.join(QStringLiteral("; "))));

        QTest::mouseClick(f.dialog()->confirmButton(), Qt::LeftButton);
        QTRY_COMPARE(f.text(QStringLiteral("totalLines")), QStringLiteral("11"));
        auto *result = f.find<ui::Notice>(QStringLiteral("resultNotice"));
        QTRY_VERIFY(result->isVisible());
        QVERIFY2(
            result->text().contains(QStringLiteral("Jetzt sind 11 gleichzeitige Anrufe möglich.")),
            qPrintable(result->text()));
        QVERIFY2(result->text().contains(QStringLiteral("1 Leitung gekauft")),
                 qPrintable(result->text()));
        QCOMPARE(server.purchasedLines(a.subscriptionId), 1);
        f.grab(QStringLiteral("german-addons-bought"));
        const QStringList after = englishLeft(f.window->billingPage(), data);
        QVERIFY2(after.isEmpty(), qPrintable(after.join(QStringLiteral("; "))));
    }

    // The service refuses in English; the console says it in German, from the error's code.
    void refusalInGerman()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Broke"), 1'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QVERIFY(f.openAddOns());
        f.typeLines(11);
        auto *refusal = f.find<ui::Notice>(QStringLiteral("previewRefusal"));
        QTRY_VERIFY(refusal->isVisible());
        QVERIFY2(refusal->text().startsWith(QStringLiteral("Nicht genug Guthaben")),
                 qPrintable(refusal->text()));
        QVERIFY(!f.button(QStringLiteral("submitButton"))->isEnabled());
        const QStringList left =
            englishLeft(f.window->billingPage(), {QStringLiteral("broke"), QStringLiteral("org")});
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral("; "))));
    }

    // Settings → Language: the choice is kept for the next start, and the dialog says so.
    void settingsChoosesTheLanguage()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Acme"), 10'00);
        ConsoleFixture f(server.url(), a.adminToken);
        QTRY_VERIFY(f.signedInWithSubscription());
        QCOMPARE(UiLanguage::saved(), QString());
        ui::SettingsDialog dialog(f.console.get(), f.window.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *choice = dialog.findChild<QComboBox *>(QStringLiteral("languageChoice"));
        QVERIFY(choice);
        QVERIFY2(choice->currentText().startsWith(QStringLiteral("Systemstandard")),
                 qPrintable(choice->currentText()));
        QCOMPARE(
            dialog.findChild<QLabel *>(QStringLiteral("languageNote"))->text(),
            QStringLiteral("Eine neue Sprache wird beim nächsten Start von Linedesk wirksam."));
        // The built-in service's folder is data, whatever words its path has.
        const QStringList pathWords = words(EmbeddedService::defaultDataDir());
        const QStringList left =
            englishLeft(&dialog, QSet<QString>(pathWords.begin(), pathWords.end()));
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral("; "))));
        choice->setCurrentIndex(choice->findText(QStringLiteral("English")));
        auto *buttons = dialog.findChild<QDialogButtonBox *>(QStringLiteral("settingsButtons"));
        QCOMPARE(buttons->button(QDialogButtonBox::Ok)->text(), QStringLiteral("Übernehmen"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(UiLanguage::saved(), QStringLiteral("en"));
        UiLanguage::save(QString());
        QCOMPARE(UiLanguage::saved(), QString());
    }
};

QTEST_MAIN(TestGerman)
#include "tst_german.moc"
