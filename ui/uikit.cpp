#include "uikit.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace linedesk::ui {

void setCls(QWidget *w, const char *cls)
{
    w->setProperty("cls", QString::fromLatin1(cls));
}

void repolish(QWidget *w)
{
    w->style()->unpolish(w);
    w->style()->polish(w);
    w->update();
}

QLabel *makeLabel(const QString &text, const char *cls, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    if (cls)
        setCls(label, cls);
    return label;
}

QFrame *makeCard(QWidget *parent)
{
    auto *frame = new QFrame(parent);
    setCls(frame, "card");
    return frame;
}

QHBoxLayout *makeTitleRow(const QString &title, QLabel **subtitle, QWidget *parent)
{
    auto *row = new QHBoxLayout;
    row->setSpacing(14);
    auto *label = makeLabel(title, nullptr, parent);
    label->setObjectName(QStringLiteral("pageTitle"));
    *subtitle = makeLabel(QString(), nullptr, parent);
    (*subtitle)->setObjectName(QStringLiteral("pageSubtitle"));
    row->addWidget(label);
    row->addWidget(*subtitle, 1, Qt::AlignBottom);
    return row;
}

QPushButton *makeButton(const QString &text, const char *cls, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    if (cls)
        setCls(button, cls);
    button->setCursor(Qt::PointingHandCursor);
    // Enter on a focused button presses it, on pages as in dialogs (Qt does that only
    // inside a QDialog unless asked).
    button->setAutoDefault(true);
    return button;
}

void setStale(QLabel *label, bool stale)
{
    if (label->property("stale").toBool() == stale)
        return;
    label->setProperty("stale", stale);
    repolish(label);
}

Notice::Notice(QWidget *parent) : QFrame(parent)
{
    setCls(this, "notice");
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(10);
    m_icon = new QLabel(this);
    m_icon->setFixedSize(20, 20);
    m_icon->setAlignment(Qt::AlignTop);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(QStringLiteral("noticeText"));
    m_buttons = new QHBoxLayout;
    m_buttons->setSpacing(8);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_buttons);
    hide();
}

void Notice::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    static const char *kinds[] = {"info", "success", "warning", "error"};
    static const char *icons[] = {":/linedesk/icons/check.svg", ":/linedesk/icons/check.svg",
                                  ":/linedesk/icons/warning.svg", ":/linedesk/icons/warning.svg"};
    setProperty("kind", QString::fromLatin1(kinds[int(kind)]));
    const qreal dpr = devicePixelRatioF();
    QPixmap pm = QIcon(QString::fromLatin1(icons[int(kind)])).pixmap(QSize(20, 20), dpr);
    m_icon->setPixmap(pm);
    m_icon->setVisible(kind != Kind::Info);
    m_text->setText(text);
    repolish(this);
    for (QLabel *l : findChildren<QLabel *>())
        repolish(l);
    setVisible(true);
}

QPushButton *Notice::addButton(const QString &text, const QString &objectName)
{
    auto *button = makeButton(text, nullptr, this);
    button->setObjectName(objectName);
    button->hide();
    m_buttons->addWidget(button, 0, Qt::AlignVCenter);
    return button;
}

} // namespace linedesk::ui

#include <QApplication>
#include <QFile>
#include <QStyleFactory>

static void initResources()
{
    Q_INIT_RESOURCE(linedesk);
}

namespace linedesk::ui {

void installStyle(QApplication &app)
{
    initResources();
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QFile qss(QStringLiteral(":/linedesk/style.qss"));
    if (qss.open(QIODevice::ReadOnly))
        app.setStyleSheet(QString::fromUtf8(qss.readAll()));
    app.setWindowIcon(QIcon(QStringLiteral(":/linedesk/icons/app.svg")));
}

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent, int rowHeight)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(rowHeight);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setTabKeyNavigation(false);
    return view;
}

} // namespace linedesk::ui
