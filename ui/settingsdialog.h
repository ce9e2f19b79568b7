#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace linedesk {
class Console;
}

namespace linedesk::ui {

// Which service the console uses: the built-in demo service or a linedesk-server (URL and
// token; the token goes to the secret store, never to a config file), and the language.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(Console *console, QWidget *parent = nullptr);

    void accept() override;

private:
    void updateEnabled();

    Console *m_console;
    QRadioButton *m_embedded;
    QRadioButton *m_remote;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QLabel *m_tokenNote;
    QLabel *m_error;
    QComboBox *m_language;
    QLabel *m_languageNote;
};

} // namespace linedesk::ui
