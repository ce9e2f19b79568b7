#include "livepage.h"

#include "apiclient.h"
#include "concurrencychart.h"
#include "console.h"
#include "embeddedservice.h"
#include "livefeedclient.h"
#include "session.h"
#include "uikit.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLoggingCategory>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QStandardPaths>
#include <QTextStream>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcLivePage, "linedesk.ui.live", QtInfoMsg)

namespace linedesk::ui {

namespace {

constexpr qint64 kSecond = 1000;
constexpr qint64 kDay = 86400 * kSecond;
// Live samples kept (at most 10 a second); older times come from the service's history.
constexpr qint64 kLiveKeptMs = 2 * kDay;
constexpr qsizetype kTrimEvery = 4096;
// Redraws at most this often while following live.
constexpr int kTickMs = 100;

QString isoTime(qint64 tMs)
{
    return QDateTime::fromMSecsSinceEpoch(tMs, Qt::UTC).toString(Qt::ISODate);
}

QString duration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return LivePage::tr("%1 s").arg(s);
    if (s < 3600)
        return LivePage::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return LivePage::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

} // namespace

LivePage::LivePage(Console *console, QWidget *parent)
    : QWidget(parent), m_console(console), m_session(console->session()),
      m_feed(console->liveFeed())
{
    setObjectName(QStringLiteral("livePage"));
    buildUi();

    connect(m_feed, &LiveFeedClient::stateChanged, this, &LivePage::feedStateChanged);
    connect(m_feed, &LiveFeedClient::numbersChanged, this, &LivePage::updateNumbers);
    connect(m_feed, &LiveFeedClient::snapshotReceived, this,
            [this](const QString &id, const Subscription &s, const QList<ConcurrencySample> &r) {
                if (id == m_subscriptionId)
                    onSnapshot(r, s);
            });
    connect(m_feed, &LiveFeedClient::sampleReceived, this,
            [this](const QString &id, const ConcurrencySample &sample) {
                if (id == m_subscriptionId)
                    onSample(sample);
            });
    connect(m_feed, &LiveFeedClient::limitChanged, this,
            [this](const QString &id, qint64 t, int limit, int included, int active,
                   const Subscription &) {
                if (id == m_subscriptionId)
                    onLimit(t, limit, included, active);
            });
    connect(m_session, &Session::subscriptionChanged, this, &LivePage::subscriptionSwitched);
    connect(m_session, &Session::currentOrgChanged, this, &LivePage::subscriptionSwitched);

    connect(m_chart, &ConcurrencyChart::userNavigated, this, &LivePage::paused);
    connect(m_chart, &ConcurrencyChart::hovered, this, &LivePage::showHover);
    connect(m_chart, &ConcurrencyChart::hoverLeft, this, &LivePage::clearHover);

    m_navigationSettled.setSingleShot(true);
    m_navigationSettled.setInterval(400);
    connect(&m_navigationSettled, &QTimer::timeout, this, &LivePage::navigationSettled);

    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &LivePage::tick);

    auto updateDemo = [this] {
        EmbeddedService *embedded = m_console->embedded();
        const bool show = m_console->mode() == Console::Mode::Embedded && embedded;
        m_demoBox->setVisible(show);
        if (show) {
            const QSignalBlocker block(m_demoSwitch);
            m_demoSwitch->setChecked(embedded->demoTraffic());
        }
    };
    connect(m_console, &Console::modeChanged, this, updateDemo);
    connect(m_session, &Session::stateChanged, this, updateDemo);
    updateDemo();

    clearHover();
    subscriptionSwitched();
    feedStateChanged();
}

LivePage::~LivePage() = default;

void LivePage::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->setSpacing(12);

    auto *header = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    auto *title = makeLabel(tr("Live"), nullptr, this);
    title->setObjectName(QStringLiteral("pageTitle"));
    titles->addWidget(title);
    auto *subtitle = makeLabel(tr("Active calls against the limit in force at each moment. "
                                  "Calls beyond the limit are blocked."),
                               nullptr, this);
    subtitle->setObjectName(QStringLiteral("pageSubtitle"));
    subtitle->setWordWrap(true);
    titles->addWidget(subtitle);
    header->addLayout(titles, 1);

    // The demo's generated calls, labelled as such, with an off switch.
    m_demoBox = new QWidget(this);
    auto *demo = new QHBoxLayout(m_demoBox);
    demo->setContentsMargins(0, 0, 0, 0);
    m_demoSwitch = new QCheckBox(tr("Demo traffic"), m_demoBox);
    m_demoSwitch->setObjectName(QStringLiteral("demoTrafficSwitch"));
    m_demoSwitch->setToolTip(tr("The built-in service places simulated calls so the graph has "
                                "something to show. Switch off to see only real calls."));
    demo->addWidget(m_demoSwitch);
    connect(m_demoSwitch, &QCheckBox::toggled, this, [this](bool on) {
        if (EmbeddedService *embedded = m_console->embedded())
            embedded->setDemoTraffic(on);
    });
    header->addWidget(m_demoBox, 0, Qt::AlignTop);
    layout->addLayout(header);

    m_notice = new Notice(this);
    m_notice->setObjectName(QStringLiteral("liveNotice"));
    m_notice->hide();
    layout->addWidget(m_notice);

    auto *card = makeCard(this);
    auto *cl = new QVBoxLayout(card);
    cl->setContentsMargins(20, 16, 20, 12);
    cl->setSpacing(10);

    auto *top = new QHBoxLayout;
    top->setSpacing(12);
    m_state = makeLabel(QString(), "caption", card);
    m_state->setObjectName(QStringLiteral("liveState"));
    top->addWidget(m_state);
    m_numbers = makeLabel(QString(), "metric", card);
    m_numbers->setObjectName(QStringLiteral("liveNumbers"));
    top->addWidget(m_numbers);
    top->addStretch(1);

    m_windows = new QButtonGroup(this);
    m_windows->setExclusive(true);
    const QList<QPair<Window, QString>> windows{{Window::FiveMinutes, tr("5 min")},
                                                {Window::OneHour, tr("1 h")},
                                                {Window::OneDay, tr("24 h")},
                                                {Window::SevenDays, tr("7 d")},
                                                {Window::ThirtyDays, tr("30 d")}};
    static const char *const names[] = {"window5m", "window1h", "window24h", "window7d",
                                        "window30d"};
    auto *segments = new QHBoxLayout;
    segments->setSpacing(0);
    for (const auto &[w, text] : windows) {
        auto *b = new QPushButton(text, card);
        b->setCheckable(true);
        b->setObjectName(QLatin1String(names[int(w)]));
        b->setProperty("segment", true);
        b->setToolTip(tr("Show the last %1").arg(text));
        m_windows->addButton(b, int(w));
        segments->addWidget(b);
    }
    m_windows->button(int(m_window))->setChecked(true);
    connect(m_windows, &QButtonGroup::idClicked, this, [this](int id) { setWindow(Window(id)); });
    top->addLayout(segments);

    m_backToLive = makeButton(tr("Back to live"), "primary", card);
    m_backToLive->setObjectName(QStringLiteral("backToLive"));
    m_backToLive->setToolTip(tr("Follow the newest calls again (End)"));
    m_backToLive->hide();
    connect(m_backToLive, &QPushButton::clicked, this, &LivePage::backToLive);
    top->addWidget(m_backToLive);
    cl->addLayout(top);

    m_chart = new ConcurrencyChart(card);
    m_chart->setObjectName(QStringLiteral("concurrencyChart"));
    m_chart->setMinimumHeight(280);
    m_chart->setSeries(&m_series);
    cl->addWidget(m_chart, 1);

    auto *bottom = new QHBoxLayout;
    m_readout = makeLabel(QString(), "muted", card);
    m_readout->setObjectName(QStringLiteral("hoverReadout"));
    m_readout->setTextFormat(Qt::PlainText);
    bottom->addWidget(m_readout, 1);
    auto *png = makeButton(tr("Export PNG…"), nullptr, card);
    png->setObjectName(QStringLiteral("exportPng"));
    connect(png, &QPushButton::clicked, this, &LivePage::choosePngFile);
    auto *csvButton = makeButton(tr("Export CSV…"), nullptr, card);
    csvButton->setObjectName(QStringLiteral("exportCsv"));
    connect(csvButton, &QPushButton::clicked, this, &LivePage::chooseCsvFile);
    bottom->addWidget(png);
    bottom->addWidget(csvButton);
    cl->addLayout(bottom);
    layout->addWidget(card, 1);

    // The window's summary.
    m_summaryCaption = makeLabel(QString(), "caption", this);
    m_summaryCaption->setObjectName(QStringLiteral("summaryCaption"));
    layout->addWidget(m_summaryCaption);
    auto *summary = new QHBoxLayout;
    summary->setSpacing(12);
    auto tile = [&](const QString &caption, QLabel *&value, const char *name) {
        auto *t = new QFrame(this);
        setCls(t, "tile");
        auto *tl = new QVBoxLayout(t);
        tl->setContentsMargins(14, 10, 14, 10);
        tl->setSpacing(2);
        tl->addWidget(makeLabel(caption, "caption", t));
        value = makeLabel(tr("—"), "metric", t);
        value->setObjectName(QLatin1String(name));
        tl->addWidget(value);
        summary->addWidget(t, 1);
    };
    tile(tr("Peak active calls"), m_peak, "summaryPeak");
    tile(tr("Average active calls"), m_average, "summaryAverage");
    tile(tr("Time at the limit"), m_atLimit, "summaryAtLimit");
    tile(tr("Blocked calls"), m_blocked, "summaryBlocked");
    layout->addLayout(summary);

    setStyleSheet(QStringLiteral(
        "QPushButton[segment=\"true\"] { border-radius: 0; padding: 4px 12px; min-width: 36px; }"
        "QPushButton[segment=\"true\"]:checked { background: #2563eb; color: white;"
        " border-color: #2563eb; font-weight: 600; }"));

    auto *end = new QShortcut(QKeySequence(Qt::Key_End), this);
    end->setContext(Qt::WidgetWithChildrenShortcut);
    connect(end, &QShortcut::activated, this, &LivePage::backToLive);
    setTabOrder(m_demoSwitch, m_windows->button(0));
}

qint64 LivePage::windowSpanMs(Window window)
{
    switch (window) {
    case Window::FiveMinutes:
        return 5 * 60 * kSecond;
    case Window::OneHour:
        return 3600 * kSecond;
    case Window::OneDay:
        return kDay;
    case Window::SevenDays:
        return 7 * kDay;
    case Window::ThirtyDays:
        return 30 * kDay;
    }
    return kDay;
}

qint64 LivePage::stepForSpan(qint64 spanMs)
{
    // Per second up to an hour (the service keeps seconds for 48 h), per minute up to two
    // days, else per hour; always the maximum of the bucket, so no peak is lost.
    if (spanMs <= 3600 * kSecond)
        return kSecond;
    if (spanMs <= 2 * kDay)
        return 60 * kSecond;
    return 3600 * kSecond;
}

void LivePage::setWindow(Window window)
{
    m_window = window;
    if (QAbstractButton *b = m_windows->button(int(window)))
        b->setChecked(true);
    m_following = true;
    m_backToLive->hide();
    loadHistory();
    m_dirty = true;
    redraw();
}

void LivePage::backToLive()
{
    m_following = true;
    m_backToLive->hide();
    const qint64 now = m_feed->serverNowMs();
    if (m_historyFromMs > now - windowSpanMs(m_window) ||
        m_historyStepMs != stepForSpan(windowSpanMs(m_window)))
        loadHistory();
    m_dirty = true;
    redraw();
}

void LivePage::paused()
{
    m_navigationSettled.start();
    if (m_following) {
        m_following = false;
        m_backToLive->show();
    }
    updateSummary();
}

void LivePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_tick.start();
    m_dirty = true;
    if (m_history.isEmpty() && !m_historyLoading)
        loadHistory();
    redraw();
}

void LivePage::hideEvent(QHideEvent *event)
{
    m_tick.stop();
    QWidget::hideEvent(event);
}

void LivePage::subscriptionSwitched()
{
    const QString id = m_session->hasSubscription() ? m_session->subscription().id : QString();
    if (m_session->hasSubscription()) {
        m_included = m_session->subscription().concurrencyLimitIncluded;
        m_currentLimit = m_session->subscription().concurrencyLimit();
        m_chart->setIncludedLines(m_included);
    }
    if (id == m_subscriptionId) {
        // Same subscription, maybe a new version: the line changes may have grown.
        if (!id.isEmpty() &&
            m_changes.size() != m_session->subscription().concurrencyLimitPurchased)
            loadLineChanges();
        return;
    }
    m_subscriptionId = id;
    m_live.clear();
    m_history.clear();
    m_historyAverages.clear();
    m_changes.clear();
    m_series.clear();
    m_chart->setLineChangeMarks({});
    if (!id.isEmpty()) {
        loadLineChanges();
        loadHistory();
    }
    m_dirty = true;
    redraw();
}

void LivePage::loadLineChanges()
{
    if (m_subscriptionId.isEmpty())
        return;
    const QString id = m_subscriptionId;
    m_session->api()->lineChanges(
        this, id, QString(),
        [this, id](const ApiResult<ApiPage<LineChange>> &r) {
            if (!r.ok() || id != m_subscriptionId)
                return;
            QList<LimitChange> changes;
            QList<QPair<qint64, int>> marks;
            for (const LineChange &c : r.value->results)
                changes.append({c.at.toMSecsSinceEpoch(), c.purchasedBefore, c.purchasedAfter});
            std::sort(changes.begin(), changes.end(),
                      [](const LimitChange &a, const LimitChange &b) { return a.tMs < b.tMs; });
            for (const LimitChange &c : changes)
                marks.append({c.tMs, m_included + c.after});
            m_changes = changes;
            m_chart->setLineChangeMarks(marks);
            // The history's limits come from these changes.
            rebuildSeries();
        },
        100);
}

int LivePage::limitAt(qint64 tMs) const
{
    if (m_changes.isEmpty())
        return m_currentLimit;
    const auto it = std::upper_bound(m_changes.cbegin(), m_changes.cend(), tMs,
                                     [](qint64 t, const LimitChange &c) { return t < c.tMs; });
    if (it == m_changes.cbegin())
        return m_included + m_changes.first().before;
    return m_included + std::prev(it)->after;
}

void LivePage::loadHistory()
{
    const qint64 now = m_feed->serverNowMs();
    loadHistoryRange(now - windowSpanMs(m_window), now);
}

void LivePage::navigationSettled()
{
    if (m_following || m_subscriptionId.isEmpty())
        return;
    const qint64 from = m_chart->windowFrom();
    const qint64 to = qMin(m_chart->windowTo(), m_feed->serverNowMs());
    const qint64 step = stepForSpan(m_chart->windowTo() - from);
    const bool covered = from >= m_historyFromMs && to <= m_historyToMs + m_historyStepMs;
    // Finer buckets when zoomed in, where the service still has them (seconds: 48 h).
    const bool coarse =
        step < m_historyStepMs && (step != kSecond || from >= m_feed->serverNowMs() - 2 * kDay);
    if ((!covered || coarse) && to > from)
        loadHistoryRange(from, to);
}

void LivePage::loadHistoryRange(qint64 fromMs, qint64 toMs)
{
    if (m_subscriptionId.isEmpty())
        return;
    const qint64 stepMs = stepForSpan(toMs - fromMs);
    const QString step = stepMs == kSecond        ? QStringLiteral("second")
                         : stepMs == 60 * kSecond ? QStringLiteral("minute")
                                                  : QStringLiteral("hour");
    // Whole buckets, so an hour's maximum is an hour's.
    const qint64 to = (toMs / stepMs + 1) * stepMs;
    const qint64 from = (fromMs / stepMs - 1) * stepMs;
    const int generation = ++m_historyGeneration;
    m_historyLoading = true;
    const QString id = m_subscriptionId;
    m_session->api()->usageHistory(
        this, id, QDateTime::fromMSecsSinceEpoch(from, Qt::UTC),
        QDateTime::fromMSecsSinceEpoch(to, Qt::UTC), step,
        [this, generation, id, from, to, stepMs](const ApiResult<QList<UsageBucket>> &r) {
            if (generation != m_historyGeneration || id != m_subscriptionId)
                return;
            m_historyLoading = false;
            if (!r.ok()) {
                qCInfo(lcLivePage).noquote() << "history not loaded:" << r.error.message;
                m_notice->showMessage(
                    Notice::Kind::Warning,
                    tr("The history for this window could not be read: %1").arg(r.error.message));
                m_notice->show();
                return;
            }
            m_historyToMs = to;
            historyLoaded(from, stepMs, *r.value);
        });
}

void LivePage::historyLoaded(qint64 fromMs, qint64 stepMs, const QList<UsageBucket> &buckets)
{
    m_history.clear();
    m_historyAverages.clear();
    m_history.reserve(buckets.size());
    for (const UsageBucket &b : buckets) {
        m_history.append({b.tMs, b.maxActive, b.blocked, 0});
        m_historyAverages.append({b.tMs, b.avgActive});
    }
    m_historyStepMs = stepMs;
    m_historyFromMs = fromMs;
    if (m_feed->isLive())
        m_notice->hide();
    rebuildSeries();
}

void LivePage::rebuildSeries()
{
    // History first, up to where the live samples start; the live samples are finer.
    const qint64 liveFrom =
        m_live.isEmpty() ? std::numeric_limits<qint64>::max() : m_live.at(0).tMs;
    QList<ConcurrencySample> merged;
    merged.reserve(m_history.size() + m_live.size());
    for (ConcurrencySample s : std::as_const(m_history)) {
        if (s.tMs >= liveFrom)
            break;
        s.limit = limitAt(s.tMs);
        merged.append(s);
    }
    for (qsizetype i = 0; i < m_live.size(); ++i)
        merged.append(m_live.at(i));
    m_series.assign(std::move(merged));
    m_dirty = true;
    redraw();
}

void LivePage::onSnapshot(const QList<ConcurrencySample> &recent, const Subscription &subscription)
{
    m_included = subscription.concurrencyLimitIncluded;
    m_currentLimit = subscription.concurrencyLimit();
    m_chart->setIncludedLines(m_included);
    QList<ConcurrencySample> snapshot;
    snapshot.reserve(recent.size());
    for (ConcurrencySample s : recent) {
        if (s.limit <= 0)
            s.limit = limitAt(s.tMs);
        snapshot.append(s);
    }
    // After a reconnect (possibly to another instance behind a balancer) the points already
    // drawn stay as they were: the snapshot's per-second maxima would redraw them coarser.
    // It only fills the time after the last sample we saw.
    m_live.resumeWith(snapshot);
    m_live.trimBefore(m_feed->serverNowMs() - kLiveKeptMs);
    if (m_history.isEmpty() && !m_historyLoading)
        loadHistory();
    rebuildSeries();
}

void LivePage::onSample(const ConcurrencySample &sample)
{
    m_live.append(sample);
    m_series.append(sample);
    if (++m_samplesSinceTrim >= kTrimEvery) {
        // A console left open for days must not grow without bound.
        m_samplesSinceTrim = 0;
        const qsizetype before = m_live.size();
        m_live.trimBefore(sample.tMs - kLiveKeptMs);
        if (m_live.size() != before)
            rebuildSeries();
    }
    m_currentLimit = sample.limit;
    m_dirty = true;
}

void LivePage::onLimit(qint64 tMs, int limit, int included, int active)
{
    const ConcurrencySample sample{tMs, active, 0, limit};
    m_live.append(sample);
    m_series.append(sample);
    m_currentLimit = limit;
    m_included = included;
    m_chart->setIncludedLines(included);
    // The new line change's mark and exact times come from the service's list.
    loadLineChanges();
    m_dirty = true;
    redraw(); // at once: an admin who just bought a line looks for it
}

void LivePage::feedStateChanged()
{
    switch (m_feed->state()) {
    case LiveFeedClient::State::Live:
        m_state->setText(tr("● LIVE"));
        m_state->setStyleSheet(QStringLiteral("color: #16a34a;"));
        m_notice->hide();
        break;
    case LiveFeedClient::State::Connecting:
        m_state->setText(tr("Connecting…"));
        m_state->setStyleSheet(QStringLiteral("color: #64748b;"));
        break;
    case LiveFeedClient::State::Lost:
        m_state->setText(tr("○ FEED LOST"));
        m_state->setStyleSheet(QStringLiteral("color: #b45309;"));
        m_notice->showMessage(
            Notice::Kind::Warning,
            tr("The live feed is lost; reconnecting. The graph stops at %1 and the numbers "
               "are not current.")
                .arg(QLocale().toString(
                    QDateTime::fromMSecsSinceEpoch(m_feed->serverNowMs()).toLocalTime().time(),
                    QLocale::LongFormat)));
        m_notice->show();
        break;
    case LiveFeedClient::State::Idle:
        m_state->setText(tr("Not connected"));
        m_state->setStyleSheet(QStringLiteral("color: #64748b;"));
        break;
    }
    updateNumbers();
    m_dirty = true;
    redraw();
}

void LivePage::updateNumbers()
{
    const bool live = m_feed->isLive();
    setStale(m_numbers, !live);
    if (!live) {
        m_numbers->setText(tr("— active"));
        return;
    }
    m_numbers->setText(tr("%1 of %2 lines in use").arg(m_feed->active()).arg(m_feed->limit()));
}

void LivePage::tick()
{
    ++m_ticks;
    if (!m_following || !m_feed->isLive()) {
        if (m_dirty)
            redraw();
        return;
    }
    // Scroll by at least one pixel column's time before redrawing, unless data arrived.
    const qint64 now = m_feed->serverNowMs();
    const qint64 perPixel = windowSpanMs(m_window) / qMax(1, m_chart->width());
    if (m_dirty || now - m_lastDrawnNow >= qMax<qint64>(kTickMs, perPixel))
        redraw();
}

void LivePage::redraw()
{
    if (m_following && m_feed->isLive()) {
        const qint64 now = m_feed->serverNowMs();
        m_chart->setWindow(now - windowSpanMs(m_window), now);
        m_lastDrawnNow = now;
    } else if (m_following && m_dirty && !m_series.isEmpty() &&
               m_chart->windowTo() - m_chart->windowFrom() != windowSpanMs(m_window)) {
        // Not live (lost or still connecting): end the window at the last data, not at now.
        const qint64 end = m_series.last().tMs;
        m_chart->setWindow(end - windowSpanMs(m_window), end);
    }
    if (!isVisible() && !m_dirty)
        return;
    m_chart->refresh();
    m_dirty = false;
    updateSummary();
}

void LivePage::updateSummary()
{
    const qint64 from = m_chart->windowFrom();
    const qint64 to = m_chart->windowTo();
    const ConcurrencySeries::Summary s = m_series.summarize(from, to);
    m_summaryCaption->setText(
        tr("%1 – %2").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(from).toLocalTime(),
                                             QLocale::ShortFormat),
                          QLocale().toString(QDateTime::fromMSecsSinceEpoch(to).toLocalTime(),
                                             QLocale::ShortFormat)));
    if (s.coveredMs <= 0) {
        for (QLabel *l : {m_peak, m_average, m_atLimit, m_blocked})
            l->setText(tr("—"));
        return;
    }
    m_peak->setText(QString::number(s.peak));
    double average = s.average;
    if (m_historyStepMs > kSecond && !m_historyAverages.isEmpty()) {
        // Coarse history holds each bucket's maximum; its own averages are the honest ones.
        double weighted = 0;
        qint64 covered = 0;
        const qint64 liveFrom = m_live.isEmpty() ? to : m_live.at(0).tMs;
        for (const auto &[t, avg] : std::as_const(m_historyAverages)) {
            const qint64 a = qMax(t, from);
            const qint64 b = std::min({t + m_historyStepMs, to, liveFrom});
            if (b > a) {
                weighted += avg * double(b - a);
                covered += b - a;
            }
        }
        if (liveFrom < to) {
            const auto live = m_series.summarize(qMax(from, liveFrom), to);
            weighted += live.average * double(live.coveredMs);
            covered += live.coveredMs;
        }
        if (covered > 0)
            average = weighted / double(covered);
    }
    m_average->setText(QLocale().toString(average, 'f', 1));
    m_atLimit->setText(duration(s.msAtLimit));
    m_atLimit->setToolTip(
        m_historyStepMs > kSecond
            ? tr("Older history is kept per %1: a bucket counts in full when "
                 "its busiest moment reached the limit.")
                  .arg(m_historyStepMs == 60 * kSecond ? tr("minute") : tr("hour"))
            : QString());
    m_blocked->setText(QString::number(s.blocked));
}

void LivePage::showHover(qint64 fromMs, qint64 toMs, int active, int limit, int blocked)
{
    m_readout->setText(tr("%1 · %2 active · limit %3 · %4 blocked")
                           .arg(ConcurrencyChart::columnTimeText(fromMs, toMs))
                           .arg(active)
                           .arg(limit)
                           .arg(blocked));
}

void LivePage::clearHover()
{
    m_readout->setText(tr("Point at the graph for details · wheel or +/− zooms · drag or ←/→ "
                          "pans · End returns to live"));
}

QString LivePage::csv() const
{
    const qint64 from = m_chart->windowFrom();
    const qint64 to = m_chart->windowTo();
    QString out;
    QTextStream stream(&out);
    stream << "time,active,limit,blocked\n";
    qsizetype i = m_series.lowerBound(from);
    if (const ConcurrencySample *first = m_series.valueAt(from); first && first->tMs < from)
        stream << isoTime(from) << ',' << first->active << ',' << first->limit << ",0\n";
    for (; i < m_series.size() && m_series.at(i).tMs < to; ++i) {
        const ConcurrencySample &s = m_series.at(i);
        stream << isoTime(s.tMs) << ',' << s.active << ',' << s.limit << ',' << s.blocked << '\n';
    }
    return out;
}

bool LivePage::exportCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    file.write(csv().toUtf8());
    return file.commit();
}

bool LivePage::exportPng(const QString &path) const
{
    return m_chart->toImage().save(path, "PNG");
}

void LivePage::chooseCsvFile()
{
    const QString suggested =
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
        QStringLiteral("/linedesk-concurrency-%1.csv")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export CSV"), suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (!exportCsv(path)) {
        m_notice->showMessage(Notice::Kind::Error, tr("Could not write %1.").arg(path));
        m_notice->show();
    }
}

void LivePage::choosePngFile()
{
    const QString suggested =
        QStandardPaths::writableLocation(QStandardPaths::PicturesLocation) +
        QStringLiteral("/linedesk-concurrency-%1.png")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export PNG"), suggested, tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!exportPng(path)) {
        m_notice->showMessage(Notice::Kind::Error, tr("Could not write %1.").arg(path));
        m_notice->show();
    }
}

} // namespace linedesk::ui
