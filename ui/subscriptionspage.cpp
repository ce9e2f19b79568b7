#include "subscriptionspage.h"

#include "apiclient.h"
#include "pagedcsvexport.h"
#include "session.h"
#include "subscriptiondetailview.h"
#include "subscriptionsearchmodel.h"
#include "uikit.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenu>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcSubscriptionsPage, "linedesk.ui.subscriptions", QtInfoMsg)

namespace linedesk::ui {

namespace {

// 170: room for the longer German captions at 1440 pixels; ElideMiddle keeps both ends.
constexpr int kMinNameWidth = 170;

// The list's table, with the colours of cells that need attention taken from style.qss
// (QTableView#subscriptionsView { qproperty-alertColor: …; qproperty-alertSelectedColor: …; }).
class SubscriptionsTable : public QTableView
{
    Q_OBJECT
    Q_PROPERTY(QColor alertColor MEMBER m_alertColor)
    Q_PROPERTY(QColor alertSelectedColor MEMBER m_alertSelectedColor)
public:
    using QTableView::QTableView;
    QColor alertColor() const { return m_alertColor; }
    QColor alertSelectedColor() const { return m_alertSelectedColor; }

private:
    QColor m_alertColor;
    QColor m_alertSelectedColor;
};

// Cells that need attention (frozen, at the limit, blocking, over 100 %) in the alert colour
// and bold; rows still on their way (placeholders: no id) muted.
class AlertDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(SubscriptionSearchModel::IdRole).toString().isEmpty()) {
            option->palette.setColor(QPalette::Text,
                                     option->palette.color(QPalette::PlaceholderText));
        } else if (index.data(SubscriptionSearchModel::AlertRole).toBool()) {
            if (const auto *table = qobject_cast<const SubscriptionsTable *>(option->widget)) {
                if (table->alertColor().isValid())
                    option->palette.setColor(QPalette::Text, table->alertColor());
                if (table->alertSelectedColor().isValid())
                    option->palette.setColor(QPalette::HighlightedText,
                                             table->alertSelectedColor());
            }
            option->font.setBold(true);
        }
    }
};

} // namespace

SubscriptionsPage::SubscriptionsPage(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session),
      m_model(new SubscriptionSearchModel(session->api(), this))
{
    setObjectName(QStringLiteral("subscriptionsPage"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    m_listPage = new QWidget(m_stack);
    auto *layout = new QVBoxLayout(m_listPage);
    layout->setContentsMargins(24, 20, 24, 14);
    layout->setSpacing(10);
    auto *title = makeLabel(tr("Subscriptions"), nullptr, m_listPage);
    title->setObjectName(QStringLiteral("pageTitle"));
    layout->addWidget(title);
    auto *subtitle =
        makeLabel(tr("Every subscription on the platform. Open one (Enter or double-click) for its "
                     "details, live use, calls and history; support can quote but never buy."),
                  nullptr, m_listPage);
    subtitle->setObjectName(QStringLiteral("pageSubtitle"));
    subtitle->setWordWrap(true);
    layout->addWidget(subtitle);

    auto *searchRow = new QHBoxLayout;
    searchRow->setSpacing(8);
    m_search = new QLineEdit(m_listPage);
    m_search->setObjectName(QStringLiteral("subscriptionSearch"));
    m_search->setPlaceholderText(
        tr("Search organization or subscription name or id, or a user's email"));
    m_search->setClearButtonEnabled(true);
    searchRow->addWidget(m_search, 1);
    m_type = new QComboBox(m_listPage);
    m_type->setObjectName(QStringLiteral("typeFilter"));
    m_type->setAccessibleName(tr("Plan type"));
    m_type->addItem(tr("All plan types"), QString());
    for (const QString &t : Subscription::types())
        m_type->addItem(SubscriptionSearchModel::typeName(t), t);
    searchRow->addWidget(m_type);
    layout->addLayout(searchRow);

    auto *filterRow = new QHBoxLayout;
    filterRow->setSpacing(16);
    m_atLimit = new QCheckBox(tr("At the &limit now"), m_listPage);
    m_atLimit->setObjectName(QStringLiteral("filterAtLimit"));
    m_atLimit->setToolTip(tr("Every line is in use right now"));
    m_blocking = new QCheckBox(tr("&Blocked calls in 24 h"), m_listPage);
    m_blocking->setObjectName(QStringLiteral("filterBlocking"));
    m_blocking->setToolTip(tr("At least one call was blocked at the limit in the last 24 hours"));
    m_frozen = new QCheckBox(tr("&Frozen"), m_listPage);
    m_frozen->setObjectName(QStringLiteral("filterFrozen"));
    m_frozen->setToolTip(tr("Credits did not cover the last renewal"));
    filterRow->addWidget(m_atLimit);
    filterRow->addWidget(m_blocking);
    filterRow->addWidget(m_frozen);
    filterRow->addStretch(1);
    m_copyId = makeButton(tr("Copy id"), nullptr, m_listPage);
    m_copyId->setObjectName(QStringLiteral("copyIdButton"));
    m_copyId->setToolTip(tr("Copy the selected subscription's id (Ctrl+C)"));
    m_copyId->setEnabled(false);
    filterRow->addWidget(m_copyId);
    m_export = makeButton(tr("Export &CSV…"), nullptr, m_listPage);
    m_export->setObjectName(QStringLiteral("exportSubscriptionsCsv"));
    m_export->setToolTip(tr("Every subscription matching the search and filters, not only "
                            "the rows loaded"));
    filterRow->addWidget(m_export);
    auto *refresh = makeButton(tr("Refresh"), nullptr, m_listPage);
    refresh->setObjectName(QStringLiteral("refreshSubscriptions"));
    refresh->setToolTip(tr("Ask the service again (F5)"));
    filterRow->addWidget(refresh);
    layout->addLayout(filterRow);

    m_notice = new Notice(m_listPage);
    m_notice->setObjectName(QStringLiteral("subscriptionsNotice"));
    QPushButton *retry = m_notice->addButton(tr("Try again"), QStringLiteral("retrySubscriptions"));
    retry->show();
    connect(retry, &QPushButton::clicked, m_model, &SubscriptionSearchModel::retry);
    layout->addWidget(m_notice);

    m_results = new QStackedWidget(m_listPage);
    m_view = new SubscriptionsTable(m_results);
    m_view->setObjectName(QStringLiteral("subscriptionsView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new AlertDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->verticalHeader()->hide();
    // Uniform rows: the view need not measure 100,000 of them.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(28);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(40);
    // The numbers are short; the name takes what is left (and never less than kMinNameWidth: a
    // list of "Redwood Legal 00…" rows all look alike). The id column shows its start and end
    // (elided in the middle), enough to tell ids apart; the tooltip and Copy id (Ctrl+C) give
    // the whole id.
    const int idWidth =
        m_view->fontMetrics().horizontalAdvance(QStringLiteral("000000000000")) + 16;
    const QList<QPair<int, int>> widths{{SubscriptionSearchModel::NameColumn, kMinNameWidth},
                                        {SubscriptionSearchModel::IdColumn, idWidth},
                                        {SubscriptionSearchModel::OrgsColumn, 120},
                                        {SubscriptionSearchModel::MatchedColumn, 220},
                                        {SubscriptionSearchModel::TypeColumn, 98},
                                        {SubscriptionSearchModel::StatusColumn, 64},
                                        {SubscriptionSearchModel::CreditsColumn, 86},
                                        {SubscriptionSearchModel::IncludedColumn, 48},
                                        {SubscriptionSearchModel::PurchasedColumn, 70},
                                        {SubscriptionSearchModel::LimitColumn, 52},
                                        {SubscriptionSearchModel::ActiveColumn, 62},
                                        {SubscriptionSearchModel::PeakColumn, 54},
                                        {SubscriptionSearchModel::BlockedColumn, 72},
                                        {SubscriptionSearchModel::UtilisationColumn, 56}};
    // German captions and statuses are longer ("Organisationen", "Eingefroren"): a column is
    // never narrower than its caption's longest line (set semi-bold by style.qss) or its status.
    QFont captionFont = header->font();
    captionFont.setWeight(QFont::DemiBold);
    const QFontMetrics caption(captionFont);
    // A frozen status is set in bold (its tone).
    QFont statusFont = m_view->font();
    statusFont.setBold(true);
    const QFontMetrics cell(statusFont);
    for (const auto &[column, width] : widths) {
        int fit = width;
        const QStringList lines =
            m_model->headerData(column, Qt::Horizontal).toString().split(QLatin1Char('\n'));
        for (const QString &line : lines)
            fit = qMax(fit, caption.horizontalAdvance(line) + 16);
        if (column == SubscriptionSearchModel::StatusColumn)
            for (const QString &status :
                 {SubscriptionSearchModel::tr("Frozen"), SubscriptionSearchModel::tr("Active")})
                fit = qMax(fit, cell.horizontalAdvance(status) + 16);
        header->resizeSection(column, fit);
    }
    // The name takes what the other columns leave, but never less than kMinNameWidth (a
    // stretched section would shrink to nothing when the matched emails show): fitNameColumn().
    m_view->viewport()->installEventFilter(this);
    // Names differ at their ends ("… 0012", "… 0013") as often as at their starts.
    m_view->setTextElideMode(Qt::ElideMiddle);
    // The matched emails only mean something while a search is on.
    m_view->setColumnHidden(SubscriptionSearchModel::MatchedColumn, true);
    // Sorting is the service's: the header's click becomes ?sort=. Name ascending first.
    header->setSortIndicator(SubscriptionSearchModel::NameColumn, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    // A column the service cannot sort by (the matched emails) keeps the indicator where it was.
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this, header](int section) {
        if (!SubscriptionSearchModel::isSortable(section))
            header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    });
    m_view->setTabKeyNavigation(false);
    m_results->addWidget(m_view);

    auto *empty = new QWidget(m_results);
    auto *el = new QVBoxLayout(empty);
    el->setContentsMargins(0, 48, 0, 0);
    el->setSpacing(12);
    m_emptyText = makeLabel(QString(), nullptr, empty);
    m_emptyText->setObjectName(QStringLiteral("subscriptionsEmpty"));
    m_emptyText->setAlignment(Qt::AlignHCenter);
    m_emptyText->setWordWrap(true);
    el->addWidget(m_emptyText);
    m_clear = makeButton(tr("Clear search and filters"), nullptr, empty);
    m_clear->setObjectName(QStringLiteral("clearSubscriptionFilters"));
    el->addWidget(m_clear, 0, Qt::AlignHCenter);
    el->addStretch(1);
    m_results->addWidget(empty);
    layout->addWidget(m_results, 1);

    m_status = makeLabel(QString(), "muted", m_listPage);
    m_status->setObjectName(QStringLiteral("subscriptionsStatus"));
    layout->addWidget(m_status);
    m_stack->addWidget(m_listPage);

    m_detail = new SubscriptionDetailView(session->api(), m_stack);
    m_stack->addWidget(m_detail);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, [this] { m_model->setSearch(m_search->text()); });
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        // Enter on an answered search with a single result opens it; else search now.
        if (!m_debounce.isActive() && m_model->query().search == m_search->text().trimmed() &&
            m_model->rowCount() == 1) {
            m_view->setCurrentIndex(m_model->index(0, 0));
            openRow(0);
            return;
        }
        m_debounce.stop();
        m_model->setSearch(m_search->text());
    });
    // Down from the search box goes into the results, as in a browser's address bar.
    m_search->installEventFilter(this);
    for (QCheckBox *box : {m_atLimit, m_blocking, m_frozen})
        connect(box, &QCheckBox::toggled, this, &SubscriptionsPage::applyFilters);
    connect(m_type, &QComboBox::currentIndexChanged, this, &SubscriptionsPage::applyFilters);
    connect(refresh, &QPushButton::clicked, this, &SubscriptionsPage::search);
    connect(m_export, &QPushButton::clicked, this, &SubscriptionsPage::chooseExportFile);
    connect(m_copyId, &QPushButton::clicked, this, &SubscriptionsPage::copyCurrentId);
    connect(m_clear, &QPushButton::clicked, this, &SubscriptionsPage::clearSearchAndFilters);
    connect(m_view, &QTableView::activated, this,
            [this](const QModelIndex &index) { openRow(index.row()); });
    connect(m_view, &QWidget::customContextMenuRequested, this,
            &SubscriptionsPage::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_copyId->setEnabled(current.isValid());
                // The model holds a window of pages; the current row's always stays.
                m_model->setKeptRow(current.isValid() ? current.row() : -1);
            });
    connect(m_model, &SubscriptionSearchModel::stateChanged, this, &SubscriptionsPage::updateState);
    connect(m_model, &SubscriptionSearchModel::modelReset, this, [this] {
        m_view->setColumnHidden(SubscriptionSearchModel::MatchedColumn,
                                m_model->query().search.isEmpty());
        fitNameColumn();
        m_copyId->setEnabled(false);
        m_openWhenLoaded = -1;
        m_view->scrollToTop();
    });
    // A row opened while it was a placeholder opens when its page arrives, unless the user
    // moved on to another row meanwhile.
    connect(m_model, &SubscriptionSearchModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int row = m_openWhenLoaded;
                if (row < topLeft.row() || row > bottomRight.row() || !m_model->isRowLoaded(row))
                    return;
                m_openWhenLoaded = -1;
                if (m_view->currentIndex().row() == row)
                    openRow(row);
            });

    auto *copy = new QShortcut(QKeySequence::Copy, m_view);
    copy->setContext(Qt::WidgetShortcut);
    connect(copy, &QShortcut::activated, this, &SubscriptionsPage::copyCurrentId);
    auto *f5 = new QShortcut(QKeySequence::Refresh, m_listPage);
    f5->setContext(Qt::WidgetWithChildrenShortcut);
    connect(f5, &QShortcut::activated, this, &SubscriptionsPage::search);
    auto *find = new QShortcut(QKeySequence::Find, m_listPage);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });

    connect(m_detail, &SubscriptionDetailView::backRequested, this, &SubscriptionsPage::showList);
    connect(m_detail, &SubscriptionDetailView::billingRequested, this,
            &SubscriptionsPage::inspectBilling);
    connect(m_detail, &SubscriptionDetailView::summaryUpdated, m_model,
            &SubscriptionSearchModel::updateSummary);
    // Signed out or another user: nothing of the last session's list stays.
    connect(session, &Session::stateChanged, this, [this](Session::State s) {
        if (s != Session::State::SignedIn) {
            m_detail->close();
            showList();
            m_started = false;
        }
    });
    updateState();
}

SubscriptionsPage::~SubscriptionsPage() = default;

void SubscriptionsPage::fitNameColumn()
{
    const QHeaderView *header = m_view->horizontalHeader();
    int others = 0;
    for (int c = 0; c < SubscriptionSearchModel::ColumnCount; ++c)
        if (c != SubscriptionSearchModel::NameColumn && !header->isSectionHidden(c))
            others += header->sectionSize(c);
    m_view->horizontalHeader()->resizeSection(
        SubscriptionSearchModel::NameColumn,
        qMax(kMinNameWidth, m_view->viewport()->width() - others));
}

bool SubscriptionsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fitNameColumn();
    if (watched == m_search && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Down && m_model->rowCount() > 0) {
        m_view->setFocus(Qt::TabFocusReason);
        if (!m_view->currentIndex().isValid())
            m_view->setCurrentIndex(m_model->index(0, 0));
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void SubscriptionsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The list is support's; the service refuses it to others anyway (403).
    if (!m_started && m_session->identity().support) {
        m_started = true;
        search();
    }
}

void SubscriptionsPage::search()
{
    m_debounce.stop();
    SubscriptionQuery q = m_model->query();
    q.search = m_search->text().trimmed();
    if (q == m_model->query())
        m_model->reload();
    else
        m_model->setQuery(q);
}

void SubscriptionsPage::applyFilters()
{
    SubscriptionQuery q = m_model->query();
    q.filters.clear();
    if (m_atLimit->isChecked())
        q.filters << QStringLiteral("at-limit");
    if (m_blocking->isChecked())
        q.filters << QStringLiteral("blocking");
    if (m_frozen->isChecked())
        q.filters << QStringLiteral("frozen");
    q.type = m_type->currentData().toString();
    m_model->setQuery(q);
}

void SubscriptionsPage::clearSearchAndFilters()
{
    const QSignalBlocker b1(m_search), b2(m_atLimit), b3(m_blocking), b4(m_frozen), b5(m_type);
    m_search->clear();
    m_atLimit->setChecked(false);
    m_blocking->setChecked(false);
    m_frozen->setChecked(false);
    m_type->setCurrentIndex(0);
    SubscriptionQuery q;
    q.sort = m_model->query().sort;
    m_model->setQuery(q);
}

QString SubscriptionsPage::statusText() const
{
    return m_status->text();
}

void SubscriptionsPage::updateState()
{
    const int rows = m_model->rowCount();
    const QLocale locale;
    const SubscriptionQuery q = m_model->query();
    const bool narrowed = !q.search.isEmpty() || !q.filters.isEmpty() || !q.type.isEmpty();

    if (m_model->hasError()) {
        const ApiError e = m_model->lastError();
        m_notice->showMessage(Notice::Kind::Error,
                              e.statusCode == 403
                                  ? tr("Only support staff can list every subscription.")
                                  : tr("The subscriptions could not be loaded: %1").arg(e.message));
    } else {
        m_notice->hide();
    }

    const bool empty = m_model->hasLoaded() && rows == 0 && !m_model->isLoading();
    if (empty && !m_model->hasError()) {
        m_emptyText->setText(
            narrowed ? (q.search.isEmpty() ? tr("No subscription matches these filters.")
                                           : tr("No subscription matches “%1” with these filters.")
                                                 .arg(q.search.toHtmlEscaped()))
                     : tr("There are no subscriptions on this platform yet."));
        m_clear->setVisible(narrowed);
    } else if (empty) {
        m_emptyText->setText(tr("Nothing to show until the list loads."));
        m_clear->setVisible(false);
    }
    m_results->setCurrentIndex(empty ? 1 : 0);

    QString text;
    if (m_model->isLoading())
        text = rows > 0 ? tr("Searching… (%1 shown from before)").arg(locale.toString(rows))
                        : tr("Searching…");
    else if (!m_model->hasLoaded())
        text = QString();
    else if (m_model->isFetchingMore() || m_model->hasMore()) {
        // "200 of 360 shown": the total when the service counted it, "10,000+" when capped.
        const int total = m_model->total();
        const QString of = m_model->totalCapped()
                               ? tr("%1+", "at least this many").arg(locale.toString(total))
                               : locale.toString(total);
        if (m_model->isFetchingMore())
            text = total >= 0 ? tr("%1 of %2 shown — loading more…").arg(locale.toString(rows), of)
                              : tr("%1 shown — loading more…").arg(locale.toString(rows));
        else
            text = total >= 0
                       ? tr("%1 of %2 shown — scroll for more").arg(locale.toString(rows), of)
                       : tr("%1 shown — scroll for more").arg(locale.toString(rows));
    } else if (rows > 0)
        text = rows == 1 ? tr("1 subscription — all shown")
                         : tr("%1 subscriptions — all shown").arg(locale.toString(rows));
    if (m_model->hasError() && m_model->hasLoaded() && rows > 0)
        text = tr("%1 shown — the next page failed").arg(locale.toString(rows));
    m_status->setText(text);
    m_export->setEnabled(!m_exportJob);
}

bool SubscriptionsPage::isDetailOpen() const
{
    return m_stack->currentWidget() == m_detail;
}

void SubscriptionsPage::openRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    if (!m_model->isRowLoaded(row)) {
        // Its page was dropped from the model's window and is on its way (asking for the
        // row's data is what asks for the page).
        m_openWhenLoaded = row;
        m_model->index(row, 0).data();
        return;
    }
    m_openWhenLoaded = -1;
    openSubscription(m_model->at(row));
}

void SubscriptionsPage::openSubscription(const SubscriptionSummary &summary)
{
    qCDebug(lcSubscriptionsPage).noquote() << "open" << summary.subscription.id;
    m_detail->open(summary);
    m_stack->setCurrentWidget(m_detail);
    m_detail->setFocus();
}

void SubscriptionsPage::showList()
{
    m_stack->setCurrentWidget(m_listPage);
    m_view->setFocus();
}

void SubscriptionsPage::copyCurrentId()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const QString id = current.data(SubscriptionSearchModel::IdRole).toString();
    if (id.isEmpty()) {
        m_status->setText(tr("The row is still loading; copy again in a moment"));
        return;
    }
    QApplication::clipboard()->setText(id);
    m_status->setText(tr("Copied %1").arg(id));
}

void SubscriptionsPage::inspectBilling(const SubscriptionSummary &summary)
{
    // The existing inspect path: the session follows this subscription (support has no
    // membership, so the role stays Support and Billing is read-only), then Billing shows.
    const QString label =
        summary.orgs.isEmpty() ? summary.subscription.name : summary.orgs.first().name;
    m_session->inspectSubscription(summary.subscription.id, label);
    Q_EMIT inspectRequested();
}

void SubscriptionsPage::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    const int row = index.row();
    const bool loaded = m_model->isRowLoaded(row);
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("subscriptionMenu"));
    // Read the row when chosen: a placeholder's page may have arrived while the menu was open.
    QAction *open = menu.addAction(tr("&Open"), this, [this, row] { openRow(row); });
    menu.setDefaultAction(open);
    QAction *copy = menu.addAction(tr("&Copy id"), this, &SubscriptionsPage::copyCurrentId);
    copy->setShortcut(QKeySequence::Copy);
    QAction *billing = menu.addAction(tr("Open &Billing view"), this, [this, row] {
        if (m_model->isRowLoaded(row))
            inspectBilling(m_model->at(row));
    });
    copy->setEnabled(loaded);
    billing->setEnabled(loaded);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void SubscriptionsPage::chooseExportFile()
{
    const QString suggested =
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
        QStringLiteral("/linedesk-subscriptions-%1.csv")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export subscriptions"), suggested,
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

void SubscriptionsPage::exportCsv(const QString &path)
{
    if (m_exportJob)
        return;
    PagedCsvExport *job = PagedCsvExport::subscriptions(m_session->api(), m_model->query(), this);
    m_exportJob = job;
    // The total is not known before the last page; the dialog counts rows as they come.
    auto *progress = new QProgressDialog(tr("Exporting subscriptions…"), tr("Cancel"), 0, 0, this);
    progress->setObjectName(QStringLiteral("exportProgress"));
    progress->setWindowTitle(tr("Export CSV"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(400);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    m_progress = progress;
    connect(progress, &QProgressDialog::canceled, job, &PagedCsvExport::cancel);
    connect(job, &PagedCsvExport::progress, progress, [progress](int rows) {
        progress->setLabelText(
            tr("Exporting subscriptions… %1 written").arg(QLocale().toString(rows)));
    });
    connect(job, &PagedCsvExport::finished, this, [this, job, progress, path](bool ok) {
        progress->close();
        progress->deleteLater();
        if (ok)
            m_notice->showMessage(
                Notice::Kind::Success,
                tr("Wrote %1 to %2.")
                    .arg(job->rowsWritten() == 1
                             ? tr("1 subscription")
                             : tr("%1 subscriptions").arg(QLocale().toString(job->rowsWritten())),
                         path));
        else if (!job->error().isEmpty())
            m_notice->showMessage(
                Notice::Kind::Error,
                tr("The export stopped: %1. Nothing was written.").arg(job->error()));
        else
            m_notice->showMessage(Notice::Kind::Info, tr("Export cancelled; nothing was written."));
        if (QPushButton *retry =
                m_notice->findChild<QPushButton *>(QStringLiteral("retrySubscriptions")))
            retry->setVisible(m_model->hasError());
        job->deleteLater();
        m_export->setEnabled(true);
        Q_EMIT exportFinished(ok);
    });
    m_export->setEnabled(false);
    if (!job->start(path)) {
        progress->deleteLater();
        m_notice->showMessage(Notice::Kind::Error, job->error());
        job->deleteLater();
        m_export->setEnabled(true);
        Q_EMIT exportFinished(false);
    }
}

} // namespace linedesk::ui

#include "subscriptionspage.moc"
