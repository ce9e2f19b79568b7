#include "settingsdialog.h"

#include "apiclient.h"
#include "console.h"
#include "tokenstore.h"
#include "uikit.h"
#include "uilanguage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace linedesk::ui {

SettingsDialog::SettingsDialog(Console *console, QWidget *parent)
    : QDialog(parent), m_console(console)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    setMinimumWidth(560);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 18);
    layout->setSpacing(12);
    auto *title = makeLabel(tr("Connection"), nullptr, this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    layout->addWidget(title);

    m_embedded = new QRadioButton(tr("&Built-in demo service on this computer"), this);
    m_embedded->setObjectName(QStringLiteral("useEmbedded"));
    layout->addWidget(m_embedded);
    QString where =
        console->embedded() ? console->embedded()->dataDir() : EmbeddedService::defaultDataDir();
    auto *embeddedNote =
        makeLabel(tr("Runs the Linedesk service inside the console on 127.0.0.1, with "
                     "its database and demo data in %1.")
                      .arg(where),
                  "muted", this);
    embeddedNote->setWordWrap(true);
    embeddedNote->setContentsMargins(24, 0, 0, 0);
    layout->addWidget(embeddedNote);

    m_remote = new QRadioButton(tr("A &Linedesk server"), this);
    m_remote->setObjectName(QStringLiteral("useRemote"));
    layout->addWidget(m_remote);
    auto *form = new QFormLayout;
    form->setContentsMargins(24, 0, 0, 0);
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("serverUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://linedesk.example.com"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("serverToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("API token (leave empty to keep the stored one)"));
    form->addRow(tr("Server &URL"), m_url);
    form->addRow(tr("&Token"), m_token);
    layout->addLayout(form);
    m_tokenNote = makeLabel(console->tokens()->description(), "muted", this);
    m_tokenNote->setObjectName(QStringLiteral("tokenStorageNote"));
    m_tokenNote->setWordWrap(true);
    m_tokenNote->setContentsMargins(24, 0, 0, 0);
    layout->addWidget(m_tokenNote);
    m_error = makeLabel(QString(), nullptr, this);
    m_error->setStyleSheet(QStringLiteral("color: #b91c1c;"));
    m_error->hide();
    layout->addWidget(m_error);

    auto *languageTitle = makeLabel(tr("Language"), nullptr, this);
    languageTitle->setObjectName(QStringLiteral("sectionTitle"));
    layout->addSpacing(8);
    layout->addWidget(languageTitle);
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageChoice"));
    // Each language in its own name, so it can be found whatever is shown now.
    const QString systemLanguage = UiLanguage::resolve(QString()) == QLatin1String("de")
                                       ? QStringLiteral("Deutsch")
                                       : QStringLiteral("English");
    m_language->addItem(tr("System default (%1)").arg(systemLanguage), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(m_language->findData(UiLanguage::saved()));
    auto *languageForm = new QFormLayout;
    languageForm->addRow(tr("&Show Linedesk in"), m_language);
    layout->addLayout(languageForm);
    m_languageNote =
        makeLabel(tr("A new language takes effect when Linedesk starts again."), "muted", this);
    m_languageNote->setObjectName(QStringLiteral("languageNote"));
    m_languageNote->setWordWrap(true);
    layout->addWidget(m_languageNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("settingsButtons"));
    // Applies both: the connection and the language (for the next start).
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Apply"));
    for (QAbstractButton *b : buttons->buttons())
        b->setIcon(QIcon());
    setCls(buttons->button(QDialogButtonBox::Ok), "primary");
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    if (console->mode() == Console::Mode::Remote) {
        m_remote->setChecked(true);
        m_url->setText(console->serverUrl().toString());
    } else {
        m_embedded->setChecked(true);
    }
    connect(m_embedded, &QRadioButton::toggled, this, &SettingsDialog::updateEnabled);
    connect(console->tokens(), &TokenStore::backendChanged, this,
            [this] { m_tokenNote->setText(m_console->tokens()->description()); });
    updateEnabled();
}

void SettingsDialog::updateEnabled()
{
    const bool remote = m_remote->isChecked();
    m_url->setEnabled(remote);
    m_token->setEnabled(remote);
    m_tokenNote->setEnabled(remote);
}

void SettingsDialog::accept()
{
    UiLanguage::save(m_language->currentData().toString());
    if (m_embedded->isChecked()) {
        if (m_console->mode() != Console::Mode::Embedded)
            m_console->useEmbeddedService();
        QDialog::accept();
        return;
    }
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        m_error->setText(tr("Enter the server's address, e.g. https://linedesk.example.com:8080."));
        m_error->show();
        m_url->setFocus();
        return;
    }
    m_console->connectToServer(url, m_token->text().trimmed());
    QDialog::accept();
}

} // namespace linedesk::ui
