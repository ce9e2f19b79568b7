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
    // `subscriptionName`: whose pool of lines changes; `sharingOrgs`: how many organizations
    // share it (all of them get the new limit). `note`: said first, e.g. why the quote is new.
    ConfirmLineChangeDialog(const LinePreview &preview, const QString &subscriptionName,
                            int sharingOrgs, const QString &note = {}, QWidget *parent = nullptr);

    QPushButton *confirmButton() const { return m_confirm; }
    // The summary as plain text (tests and accessibility).
    QString summaryText() const { return m_summary; }

    static QString title(const LinePreview &preview);
    static QString confirmText(const LinePreview &preview);
    static QString whoseLines(const QString &subscriptionName, int sharingOrgs);

private:
    QPushButton *m_confirm;
    QString m_summary;
};

} // namespace linedesk::ui
