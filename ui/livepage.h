#pragma once

#include "concurrencyseries.h"
#include "livehistory.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QCheckBox;
class QLabel;
class QPushButton;

namespace linedesk {
class Console;
class LiveFeedClient;
class Session;
struct Subscription;
struct UsageBucket;
struct LineChange;
} // namespace linedesk

namespace linedesk::ui {

class ConcurrencyChart;
class Notice;

// Active calls against the limit in force at each moment, live from the service's feed and,
// for longer windows, from its history (POST /analytics) — blocked calls and line changes
// marked. Live mode scrolls; zooming or panning pauses it until "Back to live".
class LivePage : public QWidget
{
    Q_OBJECT
public:
    enum class Window
    {
        FiveMinutes,
        OneHour,
        OneDay,
        SevenDays,
        ThirtyDays
    };
    Q_ENUM(Window)

    explicit LivePage(Console *console, QWidget *parent = nullptr);
    ~LivePage() override;

    ConcurrencyChart *chart() const { return m_chart; }
    const ConcurrencySeries &series() const { return m_data.series(); }
    const LiveHistory &data() const { return m_data; }
    Window window() const { return m_window; }
    void setWindow(Window window);
    static qint64 windowSpanMs(Window window);
    bool isFollowingLive() const { return m_following; }
    void backToLive();
    // True while the history for the current window is being read.
    bool isLoadingHistory() const { return m_historyLoading; }
    // How many times the redraw timer has fired (it runs while the page is shown); tests wait
    // for a tick instead of sleeping to see that the graph did not move.
    int ticks() const { return m_ticks; }

    // The samples in the visible window as CSV (time, active, limit, blocked).
    QString csv() const;
    bool exportCsv(const QString &path) const;
    bool exportPng(const QString &path) const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildUi();
    void feedStateChanged();
    void onSnapshot(const QList<ConcurrencySample> &recent, const Subscription &subscription);
    void onSample(const ConcurrencySample &sample);
    void onLimit(qint64 tMs, int limit, int included, int active);
    void subscriptionSwitched();
    void loadHistory();
    // Reads the history for [fromMs, toMs) at the finest step the service allows for it.
    void loadHistoryRange(qint64 fromMs, qint64 toMs);
    // After zooming or panning: reads what the new window needs if the history lacks it.
    void navigationSettled();
    static qint64 stepForSpan(qint64 spanMs);
    // Reads every line change of the subscription, page by page.
    void loadLineChanges();
    void fetchLineChanges(const QString &cursor, QList<LineChange> soFar, int generation);
    void historyLoaded(qint64 fromMs, qint64 toMs, qint64 stepMs,
                       const QList<UsageBucket> &buckets);
    // Reads the seconds of coarse buckets that reached the limit (for the time at the limit).
    void loadDetail();
    void dataChanged();
    void tick();
    void redraw();
    void updateSummary();
    void updateNumbers();
    void showHover(qint64 fromMs, qint64 toMs, int active, int limit, int blocked);
    void clearHover();
    void paused();
    void chooseCsvFile();
    void choosePngFile();

    Console *m_console;
    Session *m_session;
    LiveFeedClient *m_feed;

    ConcurrencyChart *m_chart = nullptr;
    QButtonGroup *m_windows = nullptr;
    QPushButton *m_backToLive = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_numbers = nullptr;
    QLabel *m_readout = nullptr;
    QLabel *m_peak = nullptr;
    QLabel *m_average = nullptr;
    QLabel *m_atLimit = nullptr;
    QLabel *m_blocked = nullptr;
    QLabel *m_summaryCaption = nullptr;
    QWidget *m_demoBox = nullptr;
    QCheckBox *m_demoSwitch = nullptr;
    Notice *m_notice = nullptr;

    Window m_window = Window::FiveMinutes;
    bool m_following = true;
    bool m_dirty = true;
    bool m_historyLoading = false;
    int m_historyGeneration = 0;
    QString m_subscriptionId;

    // The history, live samples and line changes, merged (all the logic lives there).
    LiveHistory m_data;
    QTimer m_navigationSettled;
    int m_lineChangesGeneration = 0;
    int m_detailGeneration = 0;
    int m_detailPending = 0;

    QTimer m_tick;
    int m_ticks = 0;
    qint64 m_lastDrawnNow = 0;
    qsizetype m_samplesSinceTrim = 0;
    QElapsedTimer m_sinceDraw;
};

} // namespace linedesk::ui
