#include "consolefixture.h"

#include "concurrencychart.h"
#include "livefeedclient.h"
#include "livepage.h"

#include <QCategoryAxis>
#include <QChartView>
#include <QCheckBox>
#include <QGraphicsTextItem>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QToolTip>

using namespace linedesk;
using namespace linedesk::test;

// The Live page on real widgets, fed by a real service's live feed.
class TestLivePage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareConsoleTests(); }

    void purchaseMovesTheLimitLine()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Live Buy"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        ui::LivePage *page = openLive(f);
        QVERIFY(page);
        QTRY_COMPARE(lastLimit(page), 10);
        QCOMPARE(page->chart()->limitLinePoints().last().y(), 10.0);

        HttpClient http(server.url());
        server.clock().advance(2000);
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 1}},
                           {{"Idempotency-Key", "live-buy-1"}})
                     .status,
                 201);
        // Within a second, without any poll: the feed's limit message.
        QTRY_COMPARE_WITH_TIMEOUT(lastLimit(page), 11, 1000);
        QCOMPARE(page->chart()->limitLinePoints().last().y(), 11.0);
        // The old limit stays where it was in force: the line steps up.
        bool sawTen = false;
        for (const QPointF &p : page->chart()->limitLinePoints())
            sawTen = sawTen || p.y() == 10.0;
        QVERIFY(sawTen);
        QTRY_COMPARE(page->chart()->lineChangeMarkCount(), 1);
        // The gauges follow the same feed.
        QTRY_COMPARE(f.text(QStringLiteral("activeCalls")), QStringLiteral("0 of 11"));
        QCOMPARE(f.find<QProgressBar>(QStringLiteral("overviewActiveGauge"))->maximum(), 11);
        f.grab(QStringLiteral("live-after-purchase"));
    }

    void blockedCallsAreMarked()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Live Block"), 500'00, 2);
        ConsoleFixture f(server.url(), a.adminToken);
        ui::LivePage *page = openLive(f);
        QVERIFY(page);
        HttpClient http(server.url());
        for (int i = 0; i < 2; ++i)
            QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        server.clock().advance(1000);
        QVERIFY(http.post(QStringLiteral("/call"), a.adminToken, {}).status != 0); // blocked
        QTRY_VERIFY(page->chart()->blockedMarkCount() >= 1);
        QTRY_COMPARE(f.text(QStringLiteral("summaryBlocked")), QStringLiteral("1"));
        QCOMPARE(f.text(QStringLiteral("summaryPeak")), QStringLiteral("2"));
        QCOMPARE(f.text(QStringLiteral("liveNumbers")), QStringLiteral("2 of 2 lines in use"));
        QCOMPARE(f.text(QStringLiteral("overviewActive")), QStringLiteral("2"));

        // Hover: the readout gives the column's time, calls, limit and blocked calls.
        QWidget *viewport = page->chart()->findChild<QChartView *>()->viewport();
        QTest::mouseMove(viewport, QPoint(viewport->width() * 4 / 5, viewport->height() / 2));
        QTRY_VERIFY2(f.text(QStringLiteral("hoverReadout")).contains(QStringLiteral("limit 2")),
                     qPrintable(f.text(QStringLiteral("hoverReadout"))));
        QVERIFY(f.text(QStringLiteral("hoverReadout")).contains(QStringLiteral("active")));
        // A guide marks the pointed column, and the numbers show beside the pointer.
        QVERIFY(page->chart()->hoverGuideVisible());
        QVERIFY(qAbs(page->chart()->hoverGuideX() - viewport->width() * 4 / 5) <= 3);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("of 2 lines")),
                 qPrintable(QToolTip::text()));
        // Live scrolling keeps the guide where the pointer is: once the window has scrolled
        // on (a redraw moves it and updates the guide in one go), the guide is still there.
        const qint64 hoveredTo = page->chart()->windowTo();
        QTRY_VERIFY(page->chart()->windowTo() > hoveredTo);
        QVERIFY(page->chart()->hoverGuideVisible());
        QVERIFY(qAbs(page->chart()->hoverGuideX() - viewport->width() * 4 / 5) <= 3);
        // Leaving the graph takes the guide, the tooltip and the readout away.
        QEvent leave(QEvent::Leave);
        QCoreApplication::sendEvent(viewport, &leave);
        QVERIFY(!page->chart()->hoverGuideVisible());
        QTRY_VERIFY(!QToolTip::isVisible());
        QVERIFY(f.text(QStringLiteral("hoverReadout")).startsWith(QStringLiteral("Point at")));
        // A remote service: no demo traffic switch.
        QVERIFY(!f.find<QCheckBox>(QStringLiteral("demoTrafficSwitch"))->isVisible());
    }

    void zoomPausesAndBackToLiveResumes()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Live Zoom"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        ui::LivePage *page = openLive(f);
        QVERIFY(page);
        QVERIFY(page->isFollowingLive());
        QPushButton *back = f.button(QStringLiteral("backToLive"));
        QVERIFY(!back->isVisible());

        auto *view = page->chart()->findChild<QChartView *>();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Plus);
        QVERIFY(!page->isFollowingLive());
        QVERIFY(back->isVisible());
        const qint64 span = page->chart()->windowTo() - page->chart()->windowFrom();
        QVERIFY(span < ui::LivePage::windowSpanMs(ui::LivePage::Window::FiveMinutes));
        // Paused: the window stays put, even when a call comes in on the feed a second later
        // and the page redraws for it (following live, that redraw moves the window to now).
        const qint64 to = page->chart()->windowTo();
        HttpClient http(server.url());
        server.clock().advance(1000);
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        QTRY_VERIFY(!page->series().isEmpty() && page->series().last().active == 1);
        const int ticks = page->ticks();
        QTRY_VERIFY(page->ticks() > ticks);
        QCOMPARE(page->chart()->windowTo(), to);
        QVERIFY(!page->isFollowingLive());

        QTest::mouseClick(back, Qt::LeftButton);
        QVERIFY(page->isFollowingLive());
        QVERIFY(!back->isVisible());
        QCOMPARE(page->chart()->windowTo() - page->chart()->windowFrom(),
                 ui::LivePage::windowSpanMs(ui::LivePage::Window::FiveMinutes));
        // Live again: the window scrolls.
        QTRY_VERIFY(page->chart()->windowTo() > to);

        // A longer window reads its history and keeps following.
        QTest::mouseClick(f.button(QStringLiteral("window24h")), Qt::LeftButton);
        QCOMPARE(page->window(), ui::LivePage::Window::OneDay);
        QTRY_VERIFY(!page->isLoadingHistory());
        QCOMPARE(page->chart()->windowTo() - page->chart()->windowFrom(),
                 ui::LivePage::windowSpanMs(ui::LivePage::Window::OneDay));
    }

    // The time axis is labelled at round local times (whole minutes in 5 min, whole hours
    // in 24 h), and the labels on the axis are those ticks.
    void timeAxisHasRoundTicks()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Live Axis"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        ui::LivePage *page = openLive(f);
        QVERIFY(page);
        auto *axis = qobject_cast<QCategoryAxis *>(
            page->chart()->findChild<QChartView *>()->chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(axis);
        auto check = [&](int wholeSeconds, const QString &pattern) {
            const QList<TimeTick> ticks = page->chart()->timeTicks();
            QVERIFY(ticks.size() >= 3);
            QStringList labels;
            for (const TimeTick &t : ticks) {
                const QDateTime at = QDateTime::fromMSecsSinceEpoch(t.ms);
                QVERIFY(t.ms > page->chart()->windowFrom() && t.ms <= page->chart()->windowTo());
                QCOMPARE(at.time().msecsSinceStartOfDay() % (wholeSeconds * 1000), 0);
                QVERIFY2(QRegularExpression(pattern).match(t.label).hasMatch(),
                         qPrintable(t.label));
                labels << t.label;
            }
            QCOMPARE(axis->categoriesLabels(), labels);
            // The first category starts at the window's start (as of the last repaint).
            QVERIFY(axis->startValue() < double(ticks.first().ms));
            QVERIFY(axis->startValue() > double(2 * ticks.at(0).ms - ticks.at(1).ms));
        };
        check(60, QStringLiteral("^\\d\\d:\\d\\d$"));
        QTest::mouseClick(f.button(QStringLiteral("window24h")), Qt::LeftButton);
        QTRY_VERIFY(!page->isLoadingHistory());
        check(3600, QStringLiteral("^(\\d\\d:00|\\S+ \\d+)$"));
        f.grab(QStringLiteral("live-24h-axis"));
    }

    // A long window comes from the service's history, with the limit in force at each hour
    // (rebuilt from the line changes), not today's limit drawn backwards.
    void historyKeepsTheOldLimit()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Live History"), 500'00);
        HttpClient http(server.url());
        server.clock().advance(3 * 3600 * 1000);
        QCOMPARE(http.post(QStringLiteral("/subscription/%1/concurrency").arg(a.subscriptionId),
                           a.adminToken, {{QStringLiteral("quantity"), 2}},
                           {{"Idempotency-Key", "history-buy"}})
                     .status,
                 201);
        server.clock().advance(2 * 3600 * 1000);
        ConsoleFixture f(server.url(), a.adminToken);
        ui::LivePage *page = openLive(f);
        QVERIFY(page);
        QTest::mouseClick(f.button(QStringLiteral("window7d")), Qt::LeftButton);
        QCOMPARE(page->window(), ui::LivePage::Window::SevenDays);
        QTRY_VERIFY(!page->isLoadingHistory());
        QTRY_COMPARE(page->chart()->lineChangeMarkCount(), 1);
        QSet<int> limits;
        for (const QPointF &p : page->chart()->limitLinePoints())
            limits.insert(int(p.y()));
        QVERIFY2(limits.contains(10) && limits.contains(12),
                 qPrintable(QString::number(limits.size())));
        QCOMPARE(lastLimit(page), 12);
    }

    void exportsCsv()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Live CSV"), 500'00, 1);
        ConsoleFixture f(server.url(), a.adminToken);
        ui::LivePage *page = openLive(f);
        QVERIFY(page);
        HttpClient http(server.url());
        server.clock().advance(1000);
        QCOMPARE(http.post(QStringLiteral("/call"), a.adminToken, {}).status, 201);
        server.clock().advance(1000);
        QVERIFY(http.post(QStringLiteral("/call"), a.adminToken, {}).status != 0); // blocked
        QTRY_COMPARE(f.text(QStringLiteral("summaryBlocked")), QStringLiteral("1"));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("live.csv"));
        QVERIFY(page->exportCsv(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines =
            QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 2);
        QCOMPARE(lines.first(), QStringLiteral("time,active,limit,blocked"));
        const QRegularExpression row(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,\d+,\d+,\d+$)"));
        int blocked = 0;
        bool sawFull = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            QVERIFY2(row.match(lines.at(i)).hasMatch(), qPrintable(lines.at(i)));
            const QStringList cols = lines.at(i).split(QLatin1Char(','));
            blocked += cols.at(3).toInt();
            sawFull =
                sawFull || (cols.at(1) == QLatin1String("1") && cols.at(2) == QLatin1String("1"));
        }
        QCOMPARE(blocked, 1);
        QVERIFY(sawFull);
        // The time is the service's (its clock is 2026-03-10).
        QVERIFY(lines.last().startsWith(QStringLiteral("2026-03-10T")));

        const QString png = dir.filePath(QStringLiteral("live.png"));
        QVERIFY(page->exportPng(png));
        QImage image(png);
        QVERIFY(!image.isNull() && image.width() > 100);
    }

    // Issue 15 §10: a first run shows what the product is for: the demo's seeded history on
    // the 1 h and 24 h windows at once, before any demo traffic (the service's clock stands).
    void demoShowsThePastDayAtOnce()
    {
        TestServer server(TestServer::defaultStart(), true);
        QString token;
        {
            QFile file(server.dir() + QStringLiteral("/demo-tokens.json"));
            QVERIFY(file.open(QIODevice::ReadOnly));
            for (const QJsonValue &t : QJsonDocument::fromJson(file.readAll()).array())
                if (token.isEmpty() &&
                    t[QLatin1String("role")].toString() == QLatin1String("admin"))
                    token = t[QLatin1String("token")].toString();
        }
        QVERIFY(!token.isEmpty());
        ConsoleFixture f(server.url(), token);
        ui::LivePage *page = openLive(f);
        QVERIFY(page);
        const qint64 now = server.clock().now().toMSecsSinceEpoch();
        for (const char *name : {"window1h", "window24h"}) {
            QTest::mouseClick(f.find<QPushButton>(QLatin1String(name)), Qt::LeftButton);
            QTRY_VERIFY(!page->isLoadingHistory());
            const qint64 span = page->chart()->windowTo() - page->chart()->windowFrom();
            // Calls all over the window, from its first tenth on.
            QTRY_VERIFY2(!page->series().isEmpty() &&
                             page->series().at(0).tMs <= now - span + span / 10,
                         name);
            int busy = 0;
            const auto columns = page->chart()->columns();
            for (const auto &c : columns)
                busy += c.known && c.maxActive > 0 ? 1 : 0;
            QVERIFY2(busy > columns.size() / 4, qPrintable(QStringLiteral("%1: %2 of %3 columns")
                                                               .arg(QLatin1String(name))
                                                               .arg(busy)
                                                               .arg(columns.size())));
            QVERIFY(f.text(QStringLiteral("summaryPeak")).toInt() > 0);
        }
    }

    // Issue 15 §5: support staff have no subscription of their own. The page says so (the
    // connection is fine), its window keeps moving, and an inspected subscription goes live.
    void supportSeesWhatApplies()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Live Support"), 100'00);
        ConsoleFixture f(server.url(), server.createSupportToken());
        QTRY_COMPARE(f.session()->state(), Session::State::SignedIn);
        f.window->showPage(ui::MainWindow::LivePageIndex);
        ui::LivePage *page = f.window->livePage();
        QTRY_COMPARE(f.text(QStringLiteral("liveState")), QStringLiteral("No subscription chosen"));
        QVERIFY(f.find<ui::Notice>(QStringLiteral("liveNotice"))->isVisible());
        const qint64 to = page->chart()->windowTo();
        QTRY_VERIFY(page->chart()->windowTo() > to);

        f.session()->inspectSubscription(a.subscriptionId, QStringLiteral("Live Support"));
        QTRY_VERIFY(f.console->liveFeed()->isLive());
        QTRY_COMPARE(f.text(QStringLiteral("liveState")), QStringLiteral("● LIVE"));
        QVERIFY(!f.find<ui::Notice>(QStringLiteral("liveNotice"))->isVisible());
        QTRY_COMPARE(lastLimit(page), 10);
    }

    // Issue 15 §4: small, as in the subscription detail, every label of the calls axis is
    // readable (it was "…"), at the heights a card gives it.
    void smallChartLabelsFit_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("legend");
        QTest::newRow("detail card, no legend") << QSize(440, 170) << false;
        QTest::newRow("detail card, legend") << QSize(440, 190) << true;
        QTest::newRow("very low") << QSize(360, 120) << false;
        QTest::newRow("live page") << QSize(1100, 400) << true;
    }
    void smallChartLabelsFit()
    {
        QFETCH(QSize, size);
        QFETCH(bool, legend);
        ConcurrencySeries series;
        const qint64 t = 1'700'000'000'000;
        for (int i = 0; i < 300; ++i)
            series.append({t + i * 1000, (i * 7) % 10, 0, 10}); // 0…14 by 2 was too many
        ui::ConcurrencyChart chart;
        chart.setSeries(&series);
        chart.setIncludedLines(10);
        chart.setWindow(t, t + 300'000);
        chart.resize(size);
        if (auto *view = chart.findChild<QChartView *>(); !legend)
            view->chart()->legend()->hide();
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.refresh();
        auto *view = chart.findChild<QChartView *>();
        // The axis settles once the chart has laid out its plot.
        QTRY_VERIFY(view->chart()->plotArea().height() > 0);
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        QStringList labels;
        for (QGraphicsItem *item : view->scene()->items()) {
            if (auto *text = dynamic_cast<QGraphicsTextItem *>(item); text && text->isVisible())
                labels << text->toPlainText();
        }
        QStringList numbers;
        for (const QString &l : labels) {
            QVERIFY2(!l.contains(QChar(0x2026)) && !l.contains(QLatin1String("...")),
                     qPrintable(labels.join(QLatin1Char('|'))));
            bool ok = false;
            l.toInt(&ok);
            if (ok)
                numbers << l;
        }
        QVERIFY2(numbers.size() >= 2, qPrintable(labels.join(QLatin1Char('|'))));
    }

    void lostFeedSaysSo()
    {
        TestServer server;
        const TestAccount a = server.createAccount(QStringLiteral("Live Lost"), 500'00);
        ConsoleFixture f(server.url(), a.adminToken);
        f.console->liveFeed()->setBackoff(50, 200);
        ui::LivePage *page = openLive(f);
        QVERIFY(page);
        QCOMPARE(f.text(QStringLiteral("liveNumbers")), QStringLiteral("0 of 10 lines in use"));
        server.service().stop();
        QTRY_COMPARE(f.console->liveFeed()->state(), LiveFeedClient::State::Lost);
        QVERIFY(f.text(QStringLiteral("liveState")).contains(QStringLiteral("LOST")));
        QCOMPARE(f.text(QStringLiteral("liveNumbers")), QStringLiteral("— active"));
        QVERIFY(f.find<ui::Notice>(QStringLiteral("liveNotice"))->isVisible());
        // The graph does not run on with the last numbers as if they were current: the feed's
        // clock moves on past the point where a live page scrolls (a pixel column's time, and
        // at least the 100 ms between ticks), and a tick comes after that.
        const qint64 to = page->chart()->windowTo();
        const qint64 column = qMax<qint64>(100, ui::LivePage::windowSpanMs(page->window()) /
                                                    qMax(1, page->chart()->width()));
        QTRY_VERIFY(f.console->liveFeed()->serverNowMs() > to + column);
        const int ticks = page->ticks();
        QTRY_VERIFY(page->ticks() > ticks);
        QCOMPARE(page->chart()->windowTo(), to);
        QCOMPARE(f.console->liveFeed()->state(), LiveFeedClient::State::Lost);
    }

private:
    static ui::LivePage *openLive(ConsoleFixture &f)
    {
        if (!QTest::qWaitFor([&f] { return f.signedInWithSubscription(); }, 10000))
            return nullptr;
        f.window->showPage(ui::MainWindow::LivePageIndex);
        ui::LivePage *page = f.window->livePage();
        if (!QTest::qWaitFor(
                [&f, page] {
                    return f.console->liveFeed()->isLive() && !page->chart()->columns().isEmpty() &&
                           lastLimit(page) > 0;
                },
                10000))
            return nullptr;
        return page;
    }

    static int lastLimit(ui::LivePage *page)
    {
        const auto &columns = page->chart()->columns();
        for (auto it = columns.crbegin(); it != columns.crend(); ++it)
            if (it->known)
                return it->limit;
        return 0;
    }
};

QTEST_MAIN(TestLivePage)
#include "tst_livepage.moc"
