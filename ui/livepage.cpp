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
    // Signing in with nothing to follow (support) changes what the state says.
    connect(m_session, &Session::stateChanged, this, &LivePage::feedStateChanged);
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
    m_chart->setSeries(&m_data.series());
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
    return LiveHistory::stepForSpan(spanMs);
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
    if (m_data.historyFromMs() > now - windowSpanMs(m_window) ||
        m_data.historyStepMs() != stepForSpan(windowSpanMs(m_window)))
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
    if (!m_data.hasHistory() && !m_historyLoading)
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
        m_data.setIncluded(m_session->subscription().concurrencyLimitIncluded);
        m_data.setCurrentLimit(m_session->subscription().concurrencyLimit());
        m_chart->setIncludedLines(m_data.included());
    }
    // Same subscription, maybe a new version: a line change reaches this page through the
    // feed's limit event, which reads the line changes again; nothing to read here.
    if (id == m_subscriptionId)
        return;
    m_subscriptionId = id;
    ++m_detailGeneration;
    m_detailPending = 0;
    const int included = m_data.included();
    const int limit = m_data.currentLimit();
    m_data.clear();
    m_data.setIncluded(included);
    m_data.setCurrentLimit(limit);
    m_chart->setLineChangeMarks({});
    if (!id.isEmpty()) {
        loadLineChanges();
        loadHistory();
    }
    feedStateChanged();
}

void LivePage::loadLineChanges()
{
    if (m_subscriptionId.isEmpty())
        return;
    fetchLineChanges(QString(), {}, ++m_lineChangesGeneration);
}

void LivePage::fetchLineChanges(const QString &cursor, QList<LineChange> soFar, int generation)
{
    const QString id = m_subscriptionId;
    m_session->api()->lineChanges(
        this, id, cursor,
        [this, id, generation,
         soFar = std::move(soFar)](const ApiResult<ApiPage<LineChange>> &r) mutable {
            if (generation != m_lineChangesGeneration || id != m_subscriptionId)
                return;
            if (!r.ok()) {
                qCInfo(lcLivePage).noquote() << "line changes not read:" << r.error.message;
                return;
            }
            soFar.append(r.value->results);
            // The limit at any moment of the longest window needs every change in it, and
            // the one before it: page on to the end of the list.
            if (!r.value->nextCursor.isEmpty()) {
                fetchLineChanges(r.value->nextCursor, std::move(soFar), generation);
                return;
            }
            m_data.setLineChanges(soFar);
            m_chart->setLineChangeMarks(m_data.lineChangeMarks());
            dataChanged();
            loadDetail();
        },
        200);
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
    const bool covered =
        from >= m_data.historyFromMs() && to <= m_data.historyToMs() + m_data.historyStepMs();
    // Finer buckets when zoomed in, where the service still has them (seconds: 48 h).
    const bool coarse = step < m_data.historyStepMs() &&
                        (step != kSecond || from >= m_feed->serverNowMs() - 2 * kDay);
    if ((!covered || coarse) && to > from)
        loadHistoryRange(from, to);
    else
        loadDetail();
}

void LivePage::loadHistoryRange(qint64 fromMs, qint64 toMs)
{
    if (m_subscriptionId.isEmpty())
        return;
    const qint64 stepMs = stepForSpan(toMs - fromMs);
    const QString step = LiveHistory::stepName(stepMs);
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
            historyLoaded(from, to, stepMs, *r.value);
        });
}

void LivePage::historyLoaded(qint64 fromMs, qint64 toMs, qint64 stepMs,
                             const QList<UsageBucket> &buckets)
{
    m_data.setHistory(fromMs, toMs, stepMs, buckets);
    if (m_feed->isLive())
        m_notice->hide();
    dataChanged();
    loadDetail();
}

void LivePage::loadDetail()
{
    if (m_subscriptionId.isEmpty() || m_detailPending > 0)
        return;
    const qint64 from = m_chart->windowFrom();
    const qint64 to = m_chart->windowTo();
    const QList<QPair<qint64, qint64>> wanted = m_data.detailWanted(from, to);
    const qint64 secondsKeptFrom = m_feed->serverNowMs() - 47 * 3600 * kSecond;
    const int generation = m_detailGeneration;
    const QString id = m_subscriptionId;
    for (const auto &[a, z] : wanted) {
        // The service keeps seconds for 48 hours, minutes after that.
        const qint64 stepMs = a >= secondsKeptFrom ? kSecond : 60 * kSecond;
        const qint64 start = a / stepMs * stepMs;
        const qint64 end = (z + stepMs - 1) / stepMs * stepMs;
        ++m_detailPending;
        m_session->api()->usageHistory(
            this, id, QDateTime::fromMSecsSinceEpoch(start, Qt::UTC),
            QDateTime::fromMSecsSinceEpoch(end, Qt::UTC), LiveHistory::stepName(stepMs),
            [this, generation, id, start, end, stepMs](const ApiResult<QList<UsageBucket>> &r) {
                if (generation != m_detailGeneration || id != m_subscriptionId)
                    return;
                --m_detailPending;
                if (!r.ok()) {
                    qCInfo(lcLivePage).noquote() << "detail not read:" << r.error.message;
                    return;
                }
                m_data.addDetail(start, end, stepMs, *r.value);
                m_dirty = true;
                updateSummary();
                if (m_detailPending == 0)
                    loadDetail(); // the window may have moved meanwhile
            });
    }
}

void LivePage::dataChanged()
{
    m_dirty = true;
    redraw();
}

void LivePage::onSnapshot(const QList<ConcurrencySample> &recent, const Subscription &subscription)
{
    m_data.applySnapshot(recent, subscription, m_feed->serverNowMs() - kLiveKeptMs);
    m_chart->setIncludedLines(m_data.included());
    if (!m_data.hasHistory() && !m_historyLoading)
        loadHistory();
    dataChanged();
}

void LivePage::onSample(const ConcurrencySample &sample)
{
    m_data.appendSample(sample);
    if (++m_samplesSinceTrim >= kTrimEvery) {
        // A console left open for days must not grow without bound.
        m_samplesSinceTrim = 0;
        m_data.trimLiveBefore(sample.tMs - kLiveKeptMs);
    }
    m_dirty = true;
}

void LivePage::onLimit(qint64 tMs, int limit, int included, int active)
{
    m_data.applyLimitChange(tMs, limit, included, active);
    m_chart->setIncludedLines(included);
    // The new line change's mark and exact times come from the service's list.
    loadLineChanges();
    dataChanged(); // at once: an admin who just bought a line looks for it
}

void LivePage::feedStateChanged()
{
    // The state's colour comes from style.qss (QLabel#liveState[feed=…]).
    auto show = [this](const QString &text, const char *feed) {
        m_state->setText(text);
        if (m_state->property("feed").toString() != QLatin1String(feed)) {
            m_state->setProperty("feed", QLatin1String(feed));
            repolish(m_state);
        }
    };
    if (m_subscriptionId.isEmpty()) {
        // Support staff follow no subscription of their own until they pick one; the
        // connection is fine, there is only nothing to follow yet.
        show(tr("No subscription chosen"), "idle");
        if (m_session->state() == Session::State::SignedIn) {
            m_notice->showMessage(
                Notice::Kind::Info,
                m_session->role() == Session::Role::Support
                    ? tr("Open a subscription in Subscriptions and choose “Open Billing view” to "
                         "follow its calls here.")
                    : tr("This organization has no subscription to follow."));
            m_notice->show();
        }
    } else {
        switch (m_feed->state()) {
        case LiveFeedClient::State::Live:
            show(tr("● LIVE"), "live");
            m_notice->hide();
            break;
        case LiveFeedClient::State::Connecting:
            show(tr("Connecting…"), "connecting");
            m_notice->hide(); // what was said about having no subscription
            break;
        case LiveFeedClient::State::Lost:
            show(tr("○ FEED LOST"), "lost");
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
            show(tr("Not connected"), "idle");
            break;
        }
    }
    updateNumbers();
    m_dirty = true;
    redraw();
}

void LivePage::updateNumbers()
{
    const bool live = m_feed->isLive();
    m_numbers->setVisible(!m_subscriptionId.isEmpty()); // nothing to count yet
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
    // Only a lost feed stops the window (at the last data); otherwise time moves it.
    if (!m_following || m_feed->state() == LiveFeedClient::State::Lost) {
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
    } else if (m_following && m_feed->state() != LiveFeedClient::State::Lost) {
        // Connecting, or no subscription to follow: time goes on all the same.
        const qint64 now = m_feed->serverNowMs();
        m_chart->setWindow(now - windowSpanMs(m_window), now);
        m_lastDrawnNow = now;
    } else if (m_following && m_dirty && !series().isEmpty() &&
               m_chart->windowTo() - m_chart->windowFrom() != windowSpanMs(m_window)) {
        // The feed is lost: end the window at the last data, not at now.
        const qint64 end = series().last().tMs;
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
    const LiveHistory::Summary s = m_data.summarize(from, to);
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
    m_average->setText(QLocale().toString(s.average, 'f', 1));
    m_atLimit->setText(duration(s.msAtLimit));
    setStale(m_atLimit, !s.atLimitComplete);
    m_atLimit->setToolTip(s.atLimitComplete
                              ? tr("Time with every line in use, from the live feed and the "
                                   "service's history per second (per minute where it is "
                                   "older than two days).")
                              : tr("Still reading the seconds of the busiest hours; the "
                                   "figure grows until they are in."));
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
    return m_data.csv(m_chart->windowFrom(), m_chart->windowTo());
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
