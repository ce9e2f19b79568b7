#pragma once

#include <QFrame>
#include <QLabel>

class QAbstractItemModel;
class QHBoxLayout;
class QTableView;
class QPushButton;

namespace linedesk::ui {

// Small building blocks shared by the pages; their look lives in resources/style.qss and is
// chosen with the "cls" property.
void setCls(QWidget *w, const char *cls);
void repolish(QWidget *w);
QLabel *makeLabel(const QString &text, const char *cls, QWidget *parent = nullptr);
QFrame *makeCard(QWidget *parent = nullptr);
// A page's title row: the title, and beside it a subtitle label (set *subtitle) that the page
// fills in later (the organization, the subscription).
QHBoxLayout *makeTitleRow(const QString &title, QLabel **subtitle, QWidget *parent);
QPushButton *makeButton(const QString &text, const char *cls = nullptr, QWidget *parent = nullptr);
// A read-only list table: whole-row single selection, no grid, left-aligned headers.
QTableView *makeTable(QAbstractItemModel *model, QWidget *parent, int rowHeight = 30);
// Grey a number read before the connection was lost.
void setStale(QLabel *label, bool stale);

// A coloured box with an icon, a message in plain words and optional action buttons.
class Notice : public QFrame
{
    Q_OBJECT
public:
    enum class Kind
    {
        Info,
        Success,
        Warning,
        Error
    };
    explicit Notice(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    QString text() const { return m_text->text(); }
    Kind kind() const { return m_kind; }
    QLabel *textLabel() const { return m_text; }
    // Buttons are kept; show or hide them per message.
    QPushButton *addButton(const QString &text, const QString &objectName);

private:
    Kind m_kind = Kind::Info;
    QLabel *m_icon;
    QLabel *m_text;
    QHBoxLayout *m_buttons;
};

} // namespace linedesk::ui

class QApplication;
namespace linedesk::ui {
// Fusion plus the Linedesk style sheet and icons (call once per QApplication).
void installStyle(QApplication &app);
} // namespace linedesk::ui
