#include "subscriptioncallstab.h"

#include "activecallsmodel.h"
#include "localeformat.h"
#include "subscriptioninspection.h"
#include "uikit.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace linedesk::ui {

namespace {

// The call's age is right-aligned, the heartbeat next to it left-aligned: a gap keeps
// "7 s" and "7 s ago" from reading as one.
class AgeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem o = option;
        initStyleOption(&o, index);
        // The row's background across the whole cell, the text short of its right edge.
        const QString text = o.text;
        o.text.clear();
        QStyle *style = o.widget ? o.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &o, painter, o.widget);
        o.text = text;
        o.rect.adjust(0, 0, -kGap, 0);
        o.backgroundBrush = Qt::NoBrush;
        o.state &= ~QStyle::State_Selected;
        o.palette.setColor(QPalette::Text, option.state & QStyle::State_Selected
                                               ? option.palette.color(QPalette::HighlightedText)
                                               : option.palette.color(QPalette::Text));
        style->drawItemText(painter, o.rect, int(o.displayAlignment), o.palette, true, o.text,
                            QPalette::Text);
    }
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        return QStyledItemDelegate::sizeHint(option, index) + QSize(kGap, 0);
    }

private:
    static constexpr int kGap = 16;
};

} // namespace

SubscriptionCallsTab::SubscriptionCallsTab(SubscriptionInspection *inspection, Notice *notice,
                                           QWidget *parent)
    : QWidget(parent), m_inspection(inspection), m_notice(notice)
{

    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 10, 0, 0);
    l->setSpacing(8);
    auto *bar = new QHBoxLayout;
    m_note = makeLabel(QString(), "muted", this);
    m_note->setObjectName(QStringLiteral("callsNote"));
    m_note->setWordWrap(true);
    bar->addWidget(m_note, 1);
    m_endButton = makeButton(tr("&End call…"), nullptr, this);
    m_endButton->setObjectName(QStringLiteral("endCallButton"));
    m_endButton->setEnabled(false);
    m_endButton->setToolTip(tr("End the selected call and free its line (a reason is required)"));
    connect(m_endButton, &QPushButton::clicked, this, &SubscriptionCallsTab::endSelectedCall);
    bar->addWidget(m_endButton);
    l->addLayout(bar);
    m_view = makeTable(m_inspection->calls(), this, 28);
    m_view->setObjectName(QStringLiteral("activeCallsView"));
    m_view->setAccessibleName(tr("Active calls"));
    auto *h = m_view->horizontalHeader();
    h->resizeSection(ActiveCallsModel::OrgColumn, 180);
    h->resizeSection(ActiveCallsModel::TypeColumn, 120);
    h->resizeSection(ActiveCallsModel::StartedColumn, 170);
    h->resizeSection(ActiveCallsModel::AgeColumn, 100);
    m_view->setItemDelegateForColumn(ActiveCallsModel::AgeColumn, new AgeDelegate(m_view));
    h->resizeSection(ActiveCallsModel::HeartbeatColumn, 150);
    h->resizeSection(ActiveCallsModel::LeaseColumn, 130);
    // Longer captions and call types (German) widen their columns; English keeps the sizes above.
    QFont captionFont = h->font();
    captionFont.setWeight(QFont::DemiBold);
    const QFontMetrics caption(captionFont);
    for (int c = 0; c < ActiveCallsModel::IdColumn; ++c) {
        int fit = qMax(h->sectionSize(c),
                       caption.horizontalAdvance(
                           m_inspection->calls()->headerData(c, Qt::Horizontal).toString()) +
                           20);
        if (c == ActiveCallsModel::TypeColumn)
            for (const char *type : {"inboundPhoneCall", "outboundPhoneCall", "webCall"})
                fit = qMax(fit, m_view->fontMetrics().horizontalAdvance(
                                    ActiveCallsModel::typeName(QLatin1String(type))) +
                                    20);
        h->resizeSection(c, fit);
    }
    l->addWidget(m_view, 1);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SubscriptionCallsTab::updateState);
    connect(m_inspection->calls(), &QAbstractItemModel::rowsRemoved, this,
            &SubscriptionCallsTab::updateState);
}

void SubscriptionCallsTab::updateState()
{
    const int n = m_inspection->calls()->rowCount();
    Q_EMIT countChanged(n);
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const bool selected = m_view->selectionModel()->hasSelection() && current.isValid();
    m_endButton->setEnabled(
        selected && !m_inspection->isEnding(current.data(ActiveCallsModel::IdRole).toString()));
    if (!m_inspection->callsLoaded()) {
        m_note->setText(tr("Reading the calls…"));
        return;
    }
    m_note->setText(
        n == 0 ? tr("No call holds a line now.")
               : tr("%n call(s) hold a line now. A call whose heartbeats stop is released when "
                    "its lease (%1) runs out; End call… releases it at once.",
                    nullptr, n)
                     .arg(ActiveCallsModel::age(m_inspection->leaseMs())));
}

void SubscriptionCallsTab::endSelectedCall()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const Call call = m_inspection->calls()->at(current.row());
    const qint64 now = m_inspection->calls()->now();
    const QString description =
        tr("<b>%1</b> call of <b>%2</b>, started %3 (%4 ago), last heartbeat %5.<br>"
           "<small>Call id %6</small>")
            .arg(ActiveCallsModel::typeName(call.type).toHtmlEscaped(),
                 m_inspection->orgName(call.orgId).toHtmlEscaped(),
                 format::dateTime(call.createdAt),
                 ActiveCallsModel::age(now - call.createdAt.toMSecsSinceEpoch()),
                 call.lastHeartbeatAt.isValid()
                     ? tr("%1 ago").arg(
                           ActiveCallsModel::age(now - call.lastHeartbeatAt.toMSecsSinceEpoch()))
                     : tr("never"),
                 call.id);
    if (m_endDialog)
        m_endDialog->deleteLater();
    m_endDialog = new EndCallDialog(description, this);
    m_endDialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString id = call.id;
    connect(m_endDialog, &QDialog::accepted, this, [this, id, dialog = m_endDialog] {
        m_notice->showMessage(Notice::Kind::Info, tr("Ending call %1…").arg(id));
        m_inspection->endCall(id, dialog->reason());
        updateState();
    });
    m_endDialog->open();
}

} // namespace linedesk::ui
