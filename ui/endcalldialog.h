#pragma once

#include <QDialog>

class QPlainTextEdit;
class QPushButton;

namespace linedesk::ui {

// Support ends a call stuck in a slot: the call is named, and a reason is required (it goes
// to the audit trail with the support user's name). "End call" stays off until one is given.
class EndCallDialog : public QDialog
{
    Q_OBJECT
public:
    EndCallDialog(const QString &callDescription, QWidget *parent = nullptr);

    QString reason() const;
    QPlainTextEdit *reasonEdit() const { return m_reason; }
    QPushButton *endButton() const { return m_end; }

private:
    QPlainTextEdit *m_reason;
    QPushButton *m_end;
};

} // namespace linedesk::ui
