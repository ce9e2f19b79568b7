#pragma once

#include "linepreview.h"

#include <QDialog>

class QPushButton;

namespace linedesk::ui {

// States exactly what a line change will do, from the service's quote, before anything is
// charged: the new limit, the amount now and the dates it covers, the monthly charge after.
class ConfirmLineChangeDialog : public QDialog
{
    Q_OBJECT
public:
    ConfirmLineChangeDialog(const LinePreview &preview, const QString &orgName,
                            QWidget *parent = nullptr);

    QPushButton *confirmButton() const { return m_confirm; }
    // The summary as plain text (tests and accessibility).
    QString summaryText() const { return m_summary; }

    static QString title(const LinePreview &preview);
    static QString confirmText(const LinePreview &preview);

private:
    QPushButton *m_confirm;
    QString m_summary;
};

} // namespace linedesk::ui
