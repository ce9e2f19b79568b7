#include "subscriptionspage.h"

#include "localeformat.h"
#include "session.h"
#include "uikit.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace linedesk::ui {

int SubscriptionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SubscriptionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SubscriptionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Subscription &s = m_rows.at(index.row());
    if (role == IdRole)
        return s.id;
    if (role == NameRole)
        return s.name;
    if (role == Qt::TextAlignmentRole && index.column() >= LinesColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return s.name;
    case PlanColumn:
        return s.type;
    case StatusColumn:
        return s.isFrozen() ? tr("Frozen") : tr("Active");
    case LinesColumn:
        return tr("%1 / %2 (%3 + %4)")
            .arg(s.concurrencyCounter)
            .arg(s.concurrencyLimit())
            .arg(s.concurrencyLimitIncluded)
            .arg(s.concurrencyLimitPurchased);
    case CreditsColumn:
        return format::money(s.credits.cents());
    }
    return {};
}

QVariant SubscriptionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole)
        return QVariant::fromValue((section >= LinesColumn ? Qt::AlignRight : Qt::AlignLeft) |
                                   Qt::AlignVCenter);
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *names[] = {QT_TR_NOOP("Subscription"), QT_TR_NOOP("Plan"),
                                  QT_TR_NOOP("Status"), QT_TR_NOOP("Active / limit"),
                                  QT_TR_NOOP("Credits")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

void SubscriptionListModel::setSubscriptions(const QList<Subscription> &list)
{
    beginResetModel();
    m_rows = list;
    endResetModel();
}

SubscriptionsPage::SubscriptionsPage(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("subscriptionsPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->setSpacing(14);
    auto *title = makeLabel(tr("Subscriptions"), nullptr, this);
    title->setObjectName(QStringLiteral("pageTitle"));
    layout->addWidget(title);
    auto *subtitle =
        makeLabel(tr("Every subscription on the platform. Open one to see its billing, "
                     "lines and history (read-only: support never buys)."),
                  nullptr, this);
    subtitle->setObjectName(QStringLiteral("pageSubtitle"));
    layout->addWidget(subtitle);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("subscriptionSearch"));
    m_search->setPlaceholderText(tr("Search by organization or subscription name or id"));
    m_search->setClearButtonEnabled(true);
    layout->addWidget(m_search);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("subscriptionsView"));
    m_view->setModel(&m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(30);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->resizeSection(0, 260);
    m_view->horizontalHeader()->resizeSection(1, 140);
    m_view->horizontalHeader()->resizeSection(3, 170);
    m_view->setTabKeyNavigation(false);
    layout->addWidget(m_view, 1);
    m_status = makeLabel(QString(), "muted", this);
    layout->addWidget(m_status);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &SubscriptionsPage::search);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &SubscriptionsPage::search);
    connect(m_view, &QTableView::activated, this, &SubscriptionsPage::open);
}

void SubscriptionsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    search();
}

void SubscriptionsPage::search()
{
    const int seq = ++m_seq;
    m_status->setText(tr("Searching…"));
    m_session->api()->searchSubscriptions(
        this, m_search->text().trimmed(), {},
        [this, seq](const ApiResult<ApiPage<Subscription>> &r) {
            if (seq != m_seq)
                return;
            if (!r.ok()) {
                m_status->setText(r.error.message);
                return;
            }
            m_model.setSubscriptions(r.value->results);
            m_status->setText(tr("%n subscription(s). Press Enter or double-click to open one.",
                                 nullptr, int(r.value->results.size())));
        });
}

void SubscriptionsPage::open(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    m_session->inspectSubscription(index.data(SubscriptionListModel::IdRole).toString(),
                                   index.data(SubscriptionListModel::NameRole).toString());
    Q_EMIT inspectRequested();
}

} // namespace linedesk::ui
