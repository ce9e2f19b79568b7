#include "alertspage.h"

#include "alertcenter.h"
#include "alertlistmodel.h"
#include "alertlog.h"
#include "alertlook.h"
#include "alertruleseditor.h"
#include "localeformat.h"
#include "session.h"
#include "uikit.h"
#include "webhooklist.h"
#include "webhooksview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTabWidget>
#include <QVBoxLayout>

namespace linedesk::ui {

namespace {

// The look of a row: the kind's dot, and firing alerts set apart (tinted, State in bold red).
class AlertRowLook : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant data(const QModelIndex &index, int role) const override
    {
        const bool firing = QIdentityProxyModel::data(index, AlertListModel::FiringRole).toBool();
        switch (role) {
        case Qt::DecorationRole:
            if (index.column() == AlertListModel::AlertColumn)
                return alertlook::kindIcon(
                    Alert::Kind(QIdentityProxyModel::data(index, AlertListModel::KindRole).toInt()),
                    firing);
            break;
        case Qt::BackgroundRole:
            if (firing)
                return QBrush(alertlook::firingRowBackground());
            break;
        case Qt::ForegroundRole:
            if (firing && index.column() == AlertListModel::StateColumn)
                return QBrush(alertlook::firingText());
            break;
        case Qt::FontRole:
            if (firing && (index.column() == AlertListModel::StateColumn ||
                           index.column() == AlertListModel::AlertColumn)) {
                QFont f;
                f.setBold(true);
                return f;
            }
            break;
        default:
            break;
        }
        return QIdentityProxyModel::data(index, role);
    }
};

// Rows grown to a wrapped sentence keep the table's breathing room above and below it.
class PaddedRows : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        return QStyledItemDelegate::sizeHint(option, index) + QSize(0, 14);
    }
};

QPixmap dot(LimitLevel level, qreal dpr)
{
    return alertlook::levelIcon(level).pixmap(QSize(14, 14), dpr);
}

} // namespace

AlertsPage::AlertsPage(Session *session, AlertCenter *center, AlertLog *log, WebhookList *webhooks,
                       QWidget *parent)
    : QWidget(parent), m_session(session), m_center(center), m_log(log), m_webhookList(webhooks)
{
    setObjectName(QStringLiteral("alertsPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 20, 32, 16);
    layout->setSpacing(12);

    layout->addLayout(makeTitleRow(tr("Alerts"), &m_subtitle, this));

    // The use now, as the tray shows it.
    auto *status = makeCard(this);
    status->setObjectName(QStringLiteral("alertsStatus"));
    auto *sl = new QHBoxLayout(status);
    sl->setContentsMargins(20, 12, 20, 12);
    sl->setSpacing(10);
    m_levelDot = new QLabel(status);
    m_levelDot->setObjectName(QStringLiteral("alertsLevelDot"));
    m_levelDot->setFixedSize(14, 14);
    sl->addWidget(m_levelDot);
    m_levelText = makeLabel(QString(), nullptr, status);
    m_levelText->setObjectName(QStringLiteral("alertsLevel"));
    QFont strong = m_levelText->font();
    strong.setBold(true);
    m_levelText->setFont(strong);
    sl->addWidget(m_levelText);
    sl->addStretch(1);
    m_firingText = makeLabel(QString(), "muted", status);
    m_firingText->setObjectName(QStringLiteral("alertsFiring"));
    sl->addWidget(m_firingText);
    layout->addWidget(status);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("alertsTabs"));
    m_tabs->setDocumentMode(true);

    // The list
    auto *list = new QWidget(m_tabs);
    auto *ll = new QVBoxLayout(list);
    ll->setContentsMargins(0, 12, 0, 0);
    ll->setSpacing(8);
    auto *filters = new QHBoxLayout;
    filters->setSpacing(8);
    m_stateFilter = new QComboBox(list);
    m_stateFilter->setObjectName(QStringLiteral("alertsStateFilter"));
    m_stateFilter->setAccessibleName(tr("Show alerts in this state"));
    m_stateFilter->addItem(tr("Firing and resolved"), QString());
    m_stateFilter->addItem(tr("Firing"), QStringLiteral("firing"));
    m_stateFilter->addItem(tr("Resolved"), QStringLiteral("resolved"));
    m_kindFilter = new QComboBox(list);
    m_kindFilter->setObjectName(QStringLiteral("alertsKindFilter"));
    m_kindFilter->setAccessibleName(tr("Show alerts of this kind"));
    m_kindFilter->addItem(tr("Every kind"), QString());
    for (Alert::Kind k : {Alert::Kind::Blocked, Alert::Kind::NearLimit, Alert::Kind::RenewalAtRisk,
                          Alert::Kind::Frozen})
        m_kindFilter->addItem(alertlook::kindIcon(k, true), Alert::kindTitle(k),
                              Alert::kindToString(k));
    m_refresh = makeButton(tr("Refresh"), nullptr, list);
    m_refresh->setObjectName(QStringLiteral("refreshAlerts"));
    filters->addWidget(makeLabel(tr("Show"), nullptr, list));
    filters->addWidget(m_stateFilter);
    filters->addWidget(m_kindFilter);
    filters->addStretch(1);
    filters->addWidget(m_refresh);
    ll->addLayout(filters);

    m_listNotice = new Notice(list);
    m_listNotice->setObjectName(QStringLiteral("alertsNotice"));
    ll->addWidget(m_listNotice);

    m_listStack = new QStackedWidget(list);
    auto *look = new AlertRowLook(this);
    look->setSourceModel(log->model());
    m_table = makeTable(look, m_listStack, 34);
    m_table->setObjectName(QStringLiteral("alertsTable"));
    m_table->setAccessibleName(tr("Alerts, newest first"));
    m_table->setIconSize(QSize(12, 12));
    auto *h = m_table->horizontalHeader();
    h->resizeSection(AlertListModel::AlertColumn, 170);
    h->resizeSection(AlertListModel::StateColumn, 84);
    // Times on one line, as wide as the locale writes a long one.
    const int timeWidth = m_table->fontMetrics().horizontalAdvance(
                              format::dateTime(QDateTime(QDate(2026, 12, 28), QTime(23, 58, 58)))) +
                          24;
    for (int column : {AlertListModel::StartedColumn, AlertListModel::FiredColumn,
                       AlertListModel::ResolvedColumn})
        h->resizeSection(column, timeWidth);
    // The sentence wraps instead of being cut: a row grows to the lines it needs.
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideNone);
    m_table->setItemDelegate(new PaddedRows(m_table));
    m_table->verticalHeader()->setMinimumSectionSize(34);
    connect(h, &QHeaderView::sectionResized, this, [this](int column) {
        if (column == AlertListModel::DetailsColumn)
            m_table->resizeRowsToContents();
    });
    m_listStack->addWidget(m_table);
    // The empty state: a card as tall as its words, at the top.
    auto *emptyPage = new QWidget(m_listStack);
    auto *ep = new QVBoxLayout(emptyPage);
    ep->setContentsMargins(0, 0, 0, 0);
    auto *empty = makeCard(emptyPage);
    empty->setObjectName(QStringLiteral("alertsEmpty"));
    ep->addWidget(empty);
    ep->addStretch(1);
    auto *el = new QVBoxLayout(empty);
    el->setContentsMargins(28, 24, 28, 24);
    el->setSpacing(8);
    m_emptyTitle = makeLabel(QString(), nullptr, empty);
    m_emptyTitle->setObjectName(QStringLiteral("sectionTitle"));
    el->addWidget(m_emptyTitle);
    m_emptyText = makeLabel(QString(), "muted", empty);
    m_emptyText->setObjectName(QStringLiteral("alertsEmptyText"));
    m_emptyText->setWordWrap(true);
    el->addWidget(m_emptyText);
    auto *toRules = makeButton(tr("See the rules"), nullptr, empty);
    toRules->setObjectName(QStringLiteral("emptyToRules"));
    auto *row = new QHBoxLayout;
    row->addWidget(toRules);
    row->addStretch(1);
    el->addLayout(row);
    m_listStack->addWidget(emptyPage);
    ll->addWidget(m_listStack, 1);

    auto *more = new QHBoxLayout;
    m_countText = makeLabel(QString(), "muted", list);
    m_countText->setObjectName(QStringLiteral("alertsCount"));
    more->addWidget(m_countText, 1);
    m_loadMore = makeButton(tr("Load &more"), nullptr, list);
    m_loadMore->setObjectName(QStringLiteral("alertsLoadMore"));
    more->addWidget(m_loadMore);
    ll->addLayout(more);
    m_tabs->addTab(list, tr("&Alerts"));

    // Rules
    auto *rulesScroll = new QScrollArea(m_tabs);
    rulesScroll->setWidgetResizable(true);
    rulesScroll->setFrameShape(QFrame::NoFrame);
    auto *rulesArea = new QWidget(rulesScroll);
    rulesArea->setObjectName(QStringLiteral("pageArea"));
    auto *rl = new QVBoxLayout(rulesArea);
    rl->setContentsMargins(0, 12, 4, 0);
    m_rules = new AlertRulesEditor(session, center, rulesArea);
    rl->addWidget(m_rules);
    rl->addStretch(1);
    rulesScroll->setWidget(rulesArea);
    m_tabs->addTab(rulesScroll, tr("&Rules"));

    // Webhooks
    auto *hooksArea = new QWidget(m_tabs);
    hooksArea->setObjectName(QStringLiteral("pageArea"));
    auto *hl = new QVBoxLayout(hooksArea);
    hl->setContentsMargins(0, 12, 0, 0);
    m_webhooks = new WebhooksView(session, center, webhooks, hooksArea);
    hl->addWidget(m_webhooks, 1);
    m_tabs->addTab(hooksArea, tr("&Webhooks"));
    layout->addWidget(m_tabs, 1);

    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, &AlertsPage::filterChanged);
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this, &AlertsPage::filterChanged);
    connect(m_refresh, &QPushButton::clicked, this, [this] {
        m_log->reload();
        m_center->reload();
    });
    connect(m_loadMore, &QPushButton::clicked, log, &AlertLog::loadMore);
    connect(toRules, &QPushButton::clicked, this, [this] { showSection(RulesSection); });
    AlertListModel *model = log->model();
    connect(model, &QAbstractItemModel::modelReset, this, &AlertsPage::updateList);
    connect(model, &QAbstractItemModel::rowsInserted, this, &AlertsPage::updateList);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &AlertsPage::updateList);
    connect(model, &QAbstractItemModel::dataChanged, this, &AlertsPage::updateList);
    connect(log, &AlertLog::loadingChanged, this, &AlertsPage::updateList);
    connect(log, &AlertLog::loadFailed, this, [this](const ApiError &e) {
        m_listNotice->showMessage(Notice::Kind::Error,
                                  tr("The alerts could not be read: %1").arg(e.message));
        updateList();
    });
    connect(log, &AlertLog::loaded, this, [this] {
        if (m_listNotice->kind() == Notice::Kind::Error)
            m_listNotice->hide();
    });
    connect(center, &AlertCenter::numbersChanged, this, &AlertsPage::updateHeader);
    connect(center, &AlertCenter::levelChanged, this, &AlertsPage::updateHeader);
    connect(center, &AlertCenter::firingChanged, this, &AlertsPage::updateHeader);
    connect(session, &Session::currentOrgChanged, this, &AlertsPage::updateHeader);
    connect(session, &Session::subscriptionChanged, this, &AlertsPage::updateHeader);
    connect(session, &Session::stateChanged, this, &AlertsPage::updateTabs);
    connect(session, &Session::currentOrgChanged, this, &AlertsPage::updateTabs);
    m_refreshFiring.setInterval(20000);
    connect(&m_refreshFiring, &QTimer::timeout, this, [this] {
        if (m_center->firingCount() > 0)
            m_log->refresh();
    });
    updateHeader();
    updateList();
    updateTabs();
}

void AlertsPage::showSection(Section section)
{
    if (m_tabs->isTabVisible(int(section)))
        m_tabs->setCurrentIndex(int(section));
}

void AlertsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_refreshFiring.start();
    // Fresh figures (a firing blocked alert counts on) and rules someone else may have changed.
    if (m_session->state() == Session::State::SignedIn) {
        if (m_log->hasLoaded())
            m_log->refresh(); // in place: the rows and the scroll position stay
        else if (!m_log->isLoading())
            m_log->reload();
        if (!m_rules->isDirty() && !m_rules->isSaving())
            m_center->reload();
        if (m_center->canSeeWebhooks())
            m_webhookList->reload();
    }
}

void AlertsPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refreshFiring.stop();
}

void AlertsPage::filterChanged()
{
    m_log->setQuery(AlertQuery{m_stateFilter->currentData().toString(),
                               m_kindFilter->currentData().toString()});
}

void AlertsPage::updateHeader()
{
    const QString org = m_session->currentOrgName();
    m_subtitle->setText(
        !m_session->hasSubscription()
            ? (org.isEmpty() ? tr("No organization selected") : org)
            : tr("%1 · subscription “%2”").arg(org, m_session->subscription().name));
    const LimitLevel level = m_center->level();
    m_levelDot->setPixmap(dot(level, devicePixelRatioF()));
    m_levelDot->setToolTip(AlertCenter::levelText(level));
    const int limit = m_center->limit();
    QString text;
    if (limit > 0)
        text = tr("%1 of %2 in use — %3")
                   .arg(m_center->active())
                   .arg(format::lines(limit), AlertCenter::levelText(level));
    else
        text = level == LimitLevel::AtLimit ? tr("Calls are being blocked")
                                            : tr("Waiting for live numbers…");
    if (limit > 0 && level == LimitLevel::AtLimit && m_center->active() < limit)
        text = tr("%1 of %2 in use — calls were blocked in the last minutes")
                   .arg(m_center->active())
                   .arg(format::lines(limit));
    m_levelText->setText(text);
    const int firing = m_center->firingCount();
    m_firingText->setText(firing == 0   ? tr("No alert firing")
                          : firing == 1 ? tr("1 alert firing")
                                        : tr("%1 alerts firing").arg(firing));
}

bool AlertsPage::isShowingEmptyState() const
{
    return m_listStack->currentIndex() == 1;
}

void AlertsPage::updateList()
{
    m_table->resizeRowsToContents();
    AlertListModel *model = m_log->model();
    const int rows = model->rowCount();
    const bool filtered = !m_log->query().state.isEmpty() || !m_log->query().kind.isEmpty();
    if (rows == 0 && m_log->hasLoaded()) {
        m_listStack->setCurrentIndex(1);
        if (filtered) {
            m_emptyTitle->setText(tr("No alerts match"));
            m_emptyText->setText(
                tr("None of this subscription's alerts of the last 90 days matches the filter "
                   "above. Choose “Firing and resolved” and “Every kind” to see them all."));
        } else {
            m_emptyTitle->setText(tr("No alerts yet"));
            m_emptyText->setText(tr(
                "Alerts appear here, newest first, when use stays near the limit, when calls are "
                "blocked because every line is busy, when a renewal is at risk and when the "
                "subscription is frozen — as the rules allow. Each one also shows as a "
                "notification, and resolves by itself when the condition ends. Resolved alerts "
                "are kept for 90 days."));
        }
    } else {
        m_listStack->setCurrentIndex(0);
    }
    m_loadMore->setVisible(m_log->canLoadMore());
    if (m_log->isLoading() && rows == 0)
        m_countText->setText(tr("Reading the alerts…"));
    else if (rows == 0)
        m_countText->clear();
    else
        m_countText->setText(m_log->canLoadMore()
                                 ? tr("The %1 newest shown; older ones below.").arg(rows)
                                 : (rows == 1 ? tr("1 alert") : tr("%1 alerts").arg(rows)));
}

void AlertsPage::updateTabs()
{
    // Viewers do not see webhooks at all (the service answers them 403).
    const bool hooks = m_center->canSeeWebhooks();
    m_tabs->setTabVisible(WebhooksSection, hooks);
    if (!hooks && m_tabs->currentIndex() == WebhooksSection)
        m_tabs->setCurrentIndex(ListSection);
}

} // namespace linedesk::ui
