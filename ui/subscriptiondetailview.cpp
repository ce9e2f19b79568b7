#include "subscriptiondetailview.h"

#include "apiclient.h"
#include "audittrailmodel.h"
#include "capacityplanloader.h"
#include "capacityplanview.h"
#include "concurrencychart.h"
#include "endcalldialog.h"
#include "linechangemodel.h"
#include "livefeedclient.h"
#include "localeformat.h"
#include "pagedcsvexport.h"
#include "subscriptionaudittab.h"
#include "subscriptioncallstab.h"
#include "subscriptioninspection.h"
#include "subscriptionlinechangestab.h"
#include "subscriptionmemberstab.h"
#include "subscriptionplantab.h"
#include "subscriptionpreviewtab.h"
#include "subscriptionsearchmodel.h"
#include "uikit.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QFileDialog>
#include <QGridLayout>
#include <QHeaderView>
#include <QLoggingCategory>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTabBar>
#include <QTableView>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcDetail, "linedesk.ui.subscription", QtInfoMsg)

namespace linedesk::ui {

namespace {

constexpr qint64 kLiveWindowMs = 5 * 60 * 1000;
constexpr int kCallsRefreshMs = 5000;

// A label's colour comes from style.qss (QLabel[tone="good"|"warn"|"bad"]), not from here.
void setTone(QLabel *label, const char *tone)
{
    if (label->property("tone").toByteArray() == tone)
        return;
    label->setProperty("tone", QByteArray(tone));
    label->style()->unpolish(label);
    label->style()->polish(label);
}

} // namespace

SubscriptionDetailView::SubscriptionDetailView(ApiClient *api, QWidget *parent)
    : QWidget(parent), m_api(api), m_inspection(new SubscriptionInspection(api, this)),
      m_feed(new LiveFeedClient(this)), m_planLoader(new CapacityPlanLoader(api, this))
{
    setObjectName(QStringLiteral("subscriptionDetail"));
    m_feed->setPaused(true); // follows only while shown
    buildUi();

    connect(m_inspection, &SubscriptionInspection::summaryChanged, this,
            &SubscriptionDetailView::updateSummary);
    connect(m_inspection, &SubscriptionInspection::callsChanged, this,
            &SubscriptionDetailView::updateCallsHeader);
    connect(m_inspection, &SubscriptionInspection::loadFailed, this, [this](const ApiError &e) {
        m_notice->showMessage(Notice::Kind::Warning,
                              tr("Some details could not be read: %1").arg(e.message));
    });
    connect(m_inspection, &SubscriptionInspection::callEnded, this, [this](const QString &id) {
        m_notice->showMessage(Notice::Kind::Success,
                              tr("Call %1 ended; its line is free. The reason is in the audit "
                                 "trail.")
                                  .arg(id));
    });
    connect(m_inspection, &SubscriptionInspection::endCallFailed, this,
            [this](const QString &id, const ApiError &e) {
                m_notice->showMessage(Notice::Kind::Error,
                                      tr("Call %1 was not ended: %2").arg(id, e.message));
                updateCallsHeader();
            });

    connect(m_feed, &LiveFeedClient::stateChanged, this, &SubscriptionDetailView::updateFeedState);
    connect(m_feed, &LiveFeedClient::numbersChanged, this,
            &SubscriptionDetailView::updateFeedState);
    connect(m_feed, &LiveFeedClient::snapshotReceived, this,
            [this](const QString &id, const Subscription &s, const QList<ConcurrencySample> &r) {
                if (id != subscriptionId())
                    return;
                QList<ConcurrencySample> samples = r;
                for (ConcurrencySample &sample : samples)
                    if (sample.limit <= 0)
                        sample.limit = s.concurrencyLimit();
                m_series.assign(std::move(samples));
                m_chart->setIncludedLines(s.concurrencyLimitIncluded);
                tick();
            });
    connect(m_feed, &LiveFeedClient::sampleReceived, this,
            [this](const QString &id, const ConcurrencySample &sample) {
                if (id != subscriptionId())
                    return;
                m_series.append(sample);
                m_series.trimBefore(sample.tMs - 2 * kLiveWindowMs);
                // Someone's call started or ended: the list of calls is out of date.
                if (sample.active != m_lastActive) {
                    m_lastActive = sample.active;
                    if (m_inspection->calls()->rowCount() != sample.active)
                        m_inspection->reloadCalls();
                }
            });
    connect(m_feed, &LiveFeedClient::limitChanged, this,
            [this](const QString &id, qint64 t, int limit, int included, int active,
                   const Subscription &) {
                if (id != subscriptionId())
                    return;
                m_series.append({t, active, 0, limit});
                m_chart->setIncludedLines(included);
                m_inspection->reloadSubscription();
                m_inspection->reloadHistory();
            });

    m_tick.setInterval(500);
    connect(&m_tick, &QTimer::timeout, this, &SubscriptionDetailView::tick);
    m_callsRefresh.setInterval(kCallsRefreshMs);
    connect(&m_callsRefresh, &QTimer::timeout, m_inspection, &SubscriptionInspection::reloadCalls);
}

SubscriptionDetailView::~SubscriptionDetailView() = default;

void SubscriptionDetailView::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 18, 32, 18);
    layout->setSpacing(10);

    // Header: back, name and status, then the actions.
    auto *header = new QHBoxLayout;
    header->setSpacing(10);
    auto *back = makeButton(tr("← Back"), nullptr, this);
    back->setObjectName(QStringLiteral("detailBack"));
    back->setToolTip(tr("Back to the list (Esc, Alt+Left)"));
    connect(back, &QPushButton::clicked, this, &SubscriptionDetailView::backRequested);
    header->addWidget(back, 0, Qt::AlignVCenter);
    m_title = makeLabel(QString(), nullptr, this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header->addWidget(m_title, 0, Qt::AlignVCenter);
    m_statusPill = makeLabel(QString(), nullptr, this);
    m_statusPill->setObjectName(QStringLiteral("detailStatus"));
    m_statusPill->setTextFormat(Qt::PlainText);
    header->addWidget(m_statusPill, 0, Qt::AlignVCenter);
    header->addStretch(1);
    auto *copy = makeButton(tr("Copy id"), nullptr, this);
    copy->setObjectName(QStringLiteral("detailCopyId"));
    connect(copy, &QPushButton::clicked, this, &SubscriptionDetailView::copyId);
    header->addWidget(copy);
    auto *billing = makeButton(tr("Open Billing view"), nullptr, this);
    billing->setObjectName(QStringLiteral("openBillingView"));
    billing->setToolTip(tr("The customer's Billing page for this subscription, read-only"));
    connect(billing, &QPushButton::clicked, this,
            [this] { Q_EMIT billingRequested(m_inspection->summary()); });
    header->addWidget(billing);
    auto *refresh = makeButton(tr("Refresh"), nullptr, this);
    refresh->setObjectName(QStringLiteral("detailRefresh"));
    refresh->setToolTip(tr("Read everything again (F5)"));
    connect(refresh, &QPushButton::clicked, this, &SubscriptionDetailView::reloadAll);
    header->addWidget(refresh);
    layout->addLayout(header);

    m_subtitle = makeLabel(QString(), "muted", this);
    m_subtitle->setObjectName(QStringLiteral("detailSubtitle"));
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setWordWrap(true);
    layout->addWidget(m_subtitle);

    m_notice = new Notice(this);
    m_notice->setObjectName(QStringLiteral("detailNotice"));
    layout->addWidget(m_notice);

    // Fields on the left, the live graph on the right.
    auto *top = new QHBoxLayout;
    top->setSpacing(12);
    auto *fieldsCard = makeCard(this);
    fieldsCard->setObjectName(QStringLiteral("detailFields"));
    auto *grid = new QGridLayout(fieldsCard);
    grid->setContentsMargins(18, 12, 18, 12);
    grid->setHorizontalSpacing(14);
    grid->setVerticalSpacing(5);
    const QList<QPair<const char *, QString>> fields{
        {"type", tr("Plan")},
        {"status", tr("Status")},
        {"credits", tr("Credits")},
        {"version", tr("Version")},
        {"concurrencyLimitIncluded", tr("Included lines")},
        {"concurrencyLimitPurchased", tr("Purchased lines")},
        {"concurrencyLimit", tr("Limit")},
        {"concurrencyCounter", tr("Active now")},
        {"peakCalls24h", tr("Peak, 24 h")},
        {"blockedCalls24h", tr("Blocked, 24 h")},
        {"utilisationPercent", tr("Utilisation, 24 h")},
        {"usageAt", tr("24 h figures at")},
        {"linePrice", tr("Price per line")},
        {"orgs", tr("Organizations")},
    };
    // Long values get a whole row.
    const QList<QPair<const char *, QString>> wide{
        {"period", tr("Current period")},
        {"monthlyCharge", tr("Monthly charge")},
        {"createdAt", tr("Created")},
        {"updatedAt", tr("Last changed")},
    };
    auto addField = [&](const char *key, const QString &caption, int row, int col, int span) {
        grid->addWidget(makeLabel(caption, "muted", fieldsCard), row, col);
        auto *value = makeLabel(QString(), nullptr, fieldsCard);
        value->setObjectName(QStringLiteral("field_") + QLatin1String(key));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        grid->addWidget(value, row, col + 1, 1, span);
        m_fields.insert(QLatin1String(key), value);
    };
    for (int i = 0; i < fields.size(); ++i)
        addField(fields.at(i).first, fields.at(i).second, i / 2, (i % 2) * 2, 1);
    const int firstWide = int(fields.size() + 1) / 2;
    for (int i = 0; i < wide.size(); ++i)
        addField(wide.at(i).first, wide.at(i).second, firstWide + i, 0, 3);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    top->addWidget(fieldsCard, 3);

    auto *liveCard = makeCard(this);
    auto *ll = new QVBoxLayout(liveCard);
    ll->setContentsMargins(16, 10, 16, 8);
    ll->setSpacing(4);
    auto *liveTop = new QHBoxLayout;
    m_feedState = makeLabel(QString(), "caption", liveCard);
    m_feedState->setObjectName(QStringLiteral("detailFeedState"));
    liveTop->addWidget(m_feedState);
    liveTop->addStretch(1);
    m_liveNumbers = makeLabel(QString(), nullptr, liveCard);
    m_liveNumbers->setObjectName(QStringLiteral("detailLiveNumbers"));
    liveTop->addWidget(m_liveNumbers);
    ll->addLayout(liveTop);
    m_chart = new ConcurrencyChart(liveCard);
    m_chart->setObjectName(QStringLiteral("detailChart"));
    m_chart->setSeries(&m_series);
    m_chart->setMinimumHeight(170);
    ll->addWidget(m_chart, 1);
    // A small chart: no legend (the caption below says what is what).
    if (auto *chartView = m_chart->findChild<QChartView *>())
        chartView->chart()->legend()->hide();
    auto *legend = makeLabel(tr("Last 5 minutes: active calls (blue) against the limit (red); "
                                "dashed: included lines"),
                             "muted", liveCard);
    legend->setObjectName(QStringLiteral("detailChartLegend"));
    legend->setWordWrap(true);
    ll->addWidget(legend);
    top->addWidget(liveCard, 2);
    layout->addLayout(top);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("detailTabs"));
    m_tabs->setDocumentMode(true);
    // Six tabs: where their titles do not fit (German at 1366 pixels) they are shortened
    // rather than hidden behind scroll arrows.
    m_tabs->tabBar()->setUsesScrollButtons(false);
    m_tabs->tabBar()->setElideMode(Qt::ElideRight);
    m_callsTab = new SubscriptionCallsTab(m_inspection, m_notice, m_tabs);
    m_tabs->addTab(m_callsTab, tr("Active &calls"));
    connect(m_callsTab, &SubscriptionCallsTab::countChanged, this, [this](int calls) {
        m_tabs->setTabText(CallsTab, tr("Active &calls (%1)").arg(calls));
    });
    m_membersTab = new SubscriptionMembersTab(m_inspection, m_tabs);
    m_tabs->addTab(m_membersTab, tr("&Organizations and users"));
    m_tabs->addTab(new SubscriptionLineChangesTab(m_inspection, m_tabs), tr("&Line changes"));
    m_auditTab = new SubscriptionAuditTab(m_api, m_inspection, m_notice, m_tabs);
    m_tabs->addTab(m_auditTab, tr("A&udit trail"));
    m_previewTab = new SubscriptionPreviewTab(m_api, m_inspection, m_tabs);
    m_tabs->addTab(m_previewTab, tr("&Preview a purchase"));
    m_planTab = new SubscriptionPlanTab(m_planLoader, m_tabs);
    m_tabs->addTab(m_planTab, tr("Capacity pla&n"));
    layout->addWidget(m_tabs, 1);
    // The plan is a report the service works out: asked for only when its tab is looked at.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == PlanTab)
            m_planLoader->load();
    });

    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &SubscriptionDetailView::backRequested);
    auto *altLeft = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Left), this);
    altLeft->setContext(Qt::WidgetWithChildrenShortcut);
    connect(altLeft, &QShortcut::activated, this, &SubscriptionDetailView::backRequested);
    auto *f5 = new QShortcut(QKeySequence::Refresh, this);
    f5->setContext(Qt::WidgetWithChildrenShortcut);
    connect(f5, &QShortcut::activated, this, &SubscriptionDetailView::reloadAll);
}

void SubscriptionDetailView::reloadAll()
{
    m_inspection->reload();
    // The plan only if it was looked at: it is a report the service works out.
    if (m_planLoader->state() != CapacityPlanLoader::State::Idle)
        m_planLoader->reload();
}

void SubscriptionDetailView::open(const SubscriptionSummary &summary)
{
    m_notice->hide();
    m_series.clear();
    m_lastActive = -1;
    m_previewTab->clear();
    m_membersTab->clear();
    m_planLoader->setSubscription(summary.subscription.id);
    m_tabs->setCurrentIndex(CallsTab);
    m_inspection->open(summary);
    m_chart->setIncludedLines(summary.subscription.concurrencyLimitIncluded);
    m_chart->setLineChangeMarks({});
    followFeed();
    tick();
}

void SubscriptionDetailView::close()
{
    m_inspection->close();
    m_planLoader->setSubscription(QString());
    followFeed();
}

QString SubscriptionDetailView::subscriptionId() const
{
    return m_inspection->subscriptionId();
}

QString SubscriptionDetailView::fieldText(const QString &key) const
{
    const QLabel *l = m_fields.value(key);
    return l ? l->text() : QString();
}

void SubscriptionDetailView::followFeed()
{
    const bool follow = isVisible() && !subscriptionId().isEmpty();
    if (follow) {
        m_feed->setServer(m_api->baseUrl(), m_api->token());
        m_feed->setSubscription(subscriptionId());
    }
    m_feed->setPaused(!follow);
    if (follow) {
        m_tick.start();
        m_callsRefresh.start();
    } else {
        m_tick.stop();
        m_callsRefresh.stop();
    }
    updateFeedState();
}

void SubscriptionDetailView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    followFeed();
}

void SubscriptionDetailView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    // Nothing to watch while hidden (the page, or the console, is elsewhere).
    m_feed->setPaused(true);
    m_tick.stop();
    m_callsRefresh.stop();
}

void SubscriptionDetailView::tick()
{
    const qint64 now = m_feed->serverNowMs();
    m_inspection->calls()->setNow(now);
    if (!m_feed->isLive() && !m_series.isEmpty()) {
        const qint64 end = m_series.last().tMs;
        m_chart->setWindow(end - kLiveWindowMs, end);
    } else {
        m_chart->setWindow(now - kLiveWindowMs, now);
    }
    if (isVisible())
        m_chart->refresh();
}

void SubscriptionDetailView::updateFeedState()
{
    switch (m_feed->state()) {
    case LiveFeedClient::State::Live:
        m_feedState->setText(tr("● LIVE"));
        setTone(m_feedState, "good");
        m_liveNumbers->setText(
            tr("%1 of %2 lines in use").arg(m_feed->active()).arg(m_feed->limit()));
        return;
    case LiveFeedClient::State::Connecting:
        m_feedState->setText(tr("Connecting…"));
        break;
    case LiveFeedClient::State::Lost:
        m_feedState->setText(tr("○ FEED LOST — reconnecting"));
        break;
    case LiveFeedClient::State::Idle:
        m_feedState->setText(tr("Not following"));
        break;
    }
    setTone(m_feedState, "warn");
    m_liveNumbers->setText(tr("— active"));
}

void SubscriptionDetailView::updateSummary()
{
    if (!m_inspection->hasSummary()) {
        m_title->setText(tr("Subscription"));
        m_subtitle->clear();
        m_statusPill->clear();
        setTone(m_statusPill, "");
        for (QLabel *l : std::as_const(m_fields))
            l->setText(tr("—"));
        return;
    }
    const SubscriptionSummary &row = m_inspection->summary();
    const Subscription &s = row.subscription;
    m_title->setText(s.name);
    m_statusPill->setText(s.isFrozen() ? tr("● Frozen") : tr("● Active"));
    setTone(m_statusPill, s.isFrozen() ? "bad" : "good");
    const int orgCount = int(qMax(row.orgs.size(), s.orgIds.size()));
    m_subtitle->setText(tr("Subscription id %1 · %n organization(s): %2", nullptr, orgCount)
                            .arg(s.id, row.orgNames()));
    const auto set = [this](const char *key, const QString &text) {
        if (QLabel *l = m_fields.value(QLatin1String(key)))
            l->setText(text);
    };
    const QLocale locale;
    set("type", SubscriptionSearchModel::typeName(s.type));
    set("status", s.isFrozen() ? tr("Frozen") : tr("Active"));
    set("credits", format::money(s.credits.cents()));
    set("version", QString::number(s.version));
    set("concurrencyLimitIncluded", locale.toString(s.concurrencyLimitIncluded));
    set("concurrencyLimitPurchased", locale.toString(s.concurrencyLimitPurchased));
    set("concurrencyLimit", locale.toString(s.concurrencyLimit()));
    set("concurrencyCounter", locale.toString(s.concurrencyCounter));
    const QString none = tr("—");
    set("peakCalls24h", row.hasUsage ? locale.toString(row.peakCalls24h) : none);
    set("blockedCalls24h", row.hasUsage ? locale.toString(row.blockedCalls24h) : none);
    set("utilisationPercent",
        row.hasUsage ? tr("%1%").arg(locale.toString(row.utilisationPercent)) : none);
    const bool today =
        row.usageAt.isValid() && row.usageAt.toLocalTime().date() == QDate::currentDate();
    set("usageAt", !row.usageAt.isValid() ? none
                   : today ? locale.toString(row.usageAt.toLocalTime().time(), QLocale::ShortFormat)
                           : format::dateTime(row.usageAt));
    set("period",
        tr("%1 – %2").arg(format::date(s.currentPeriodStart), format::date(s.currentPeriodEnd)));
    set("linePrice", tr("%1 / month").arg(format::money(s.linePriceCents)));
    set("monthlyCharge", tr("%1 (%2 × %3)")
                             .arg(format::money(s.monthlyChargeCents()))
                             .arg(s.concurrencyLimitPurchased)
                             .arg(format::money(s.linePriceCents)));
    set("orgs", locale.toString(qMax(row.orgs.size(), s.orgIds.size())));
    set("createdAt", format::dateTime(s.createdAt));
    set("updatedAt", format::dateTime(s.updatedAt));
    if (QLabel *l = m_fields.value(QStringLiteral("concurrencyCounter")))
        l->setToolTip(tr("As last read; the graph is live"));
    updateCallsHeader();
    Q_EMIT summaryUpdated(row);
}

void SubscriptionDetailView::updateCallsHeader()
{
    m_callsTab->updateState();
}

void SubscriptionDetailView::endSelectedCall()
{
    m_callsTab->endSelectedCall();
}

QTableView *SubscriptionDetailView::callsView() const
{
    return m_callsTab->view();
}

EndCallDialog *SubscriptionDetailView::endCallDialog() const
{
    return m_callsTab->endCallDialog();
}

void SubscriptionDetailView::copyId()
{
    if (subscriptionId().isEmpty())
        return;
    QApplication::clipboard()->setText(subscriptionId());
    m_notice->showMessage(Notice::Kind::Info,
                          tr("Copied the subscription id %1.").arg(subscriptionId()));
}

void SubscriptionDetailView::exportAudit(const QString &path)
{
    m_auditTab->exportAudit(path);
}

void SubscriptionDetailView::preview(int quantity)
{
    m_previewTab->preview(quantity);
}

QTreeWidget *SubscriptionDetailView::membersView() const
{
    return m_membersTab->view();
}

CapacityPlanView *SubscriptionDetailView::planView() const
{
    return m_planTab->view();
}

} // namespace linedesk::ui
