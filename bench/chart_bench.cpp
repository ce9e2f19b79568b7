// Appending one sample and repainting a 24-hour window of 1-second data (86,400 points)
// 1440 px wide: a naive QLineSeries holding every point against ConcurrencyChart, which
// reduces the window to one column per pixel (keeping each column's maximum).
//
//   build/bench/bench_chart [frames]        (QT_QPA_PLATFORM=offscreen is set if unset)

#include "concurrencychart.h"
#include "concurrencyseries.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QRandomGenerator>
#include <QTextStream>
#include <QValueAxis>

#include <algorithm>
#include <cstdio>

namespace {

constexpr int kPoints = 86'400;
constexpr int kWidth = 1440;
constexpr int kHeight = 420;

struct Timing
{
    double median = 0;
    double p95 = 0;
    double mean = 0;
};

Timing summarize(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    Timing t;
    t.median = ms.at(ms.size() / 2);
    t.p95 = ms.at(qMin<qsizetype>(ms.size() - 1, qsizetype(ms.size() * 0.95)));
    double sum = 0;
    for (double v : ms)
        sum += v;
    t.mean = sum / double(ms.size());
    return t;
}

// A day of calls: a random walk between 0 and the limit, with bursts that hit it.
int nextActive(QRandomGenerator &random, int active, int limit)
{
    const int step = int(random.bounded(3)) - 1;
    return qBound(0, active + step + (random.bounded(500) == 0 ? 6 : 0), limit);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int frames = argc > 1 ? QByteArray(argv[1]).toInt() : 60;
    const qint64 start = QDateTime(QDate(2026, 11, 24), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const int limit = 12;

    QRandomGenerator random(42);
    QList<QPointF> points;
    linedesk::ConcurrencySeries series;
    int active = 5;
    for (int i = 0; i < kPoints; ++i) {
        active = nextActive(random, active, limit);
        const qint64 t = start + qint64(i) * 1000;
        points.append(QPointF(t, active));
        series.append({t, active, active == limit ? int(random.bounded(2)) : 0, limit});
    }

    // --- naive: every point in a QLineSeries ---
    QList<double> naive;
    {
        auto *chart = new QChart;
        chart->setAnimationOptions(QChart::NoAnimation);
        auto *line = new QLineSeries;
        line->replace(points);
        chart->addSeries(line);
        auto *x = new QDateTimeAxis;
        auto *y = new QValueAxis;
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        line->attachAxis(x);
        line->attachAxis(y);
        y->setRange(0, limit + 2);
        QChartView view(chart);
        view.resize(kWidth, kHeight);
        view.show();
        QCoreApplication::processEvents();
        qint64 t = start + qint64(kPoints) * 1000;
        const int naiveFrames = qMax(5, frames / 6); // each frame is slow
        for (int f = 0; f < naiveFrames; ++f, t += 1000) {
            QElapsedTimer timer;
            timer.start();
            active = nextActive(random, active, limit);
            line->remove(0);
            line->append(QPointF(t, active));
            x->setRange(QDateTime::fromMSecsSinceEpoch(t - qint64(kPoints) * 1000),
                        QDateTime::fromMSecsSinceEpoch(t));
            view.viewport()->repaint();
            naive.append(timer.nsecsElapsed() / 1e6);
        }
    }

    // --- ours: ConcurrencyChart over the same data ---
    QList<double> ours;
    int plotted = 0;
    {
        linedesk::ui::ConcurrencyChart chart;
        chart.setSeries(&series);
        chart.setIncludedLines(10);
        chart.resize(kWidth, kHeight);
        chart.show();
        QCoreApplication::processEvents();
        qint64 t = start + qint64(kPoints) * 1000;
        chart.setWindow(t - qint64(kPoints) * 1000, t);
        chart.refresh();
        QCoreApplication::processEvents();
        for (int f = 0; f < frames; ++f, t += 1000) {
            QElapsedTimer timer;
            timer.start();
            active = nextActive(random, active, limit);
            series.append({t, active, 0, limit});
            series.trimBefore(t - qint64(kPoints) * 1000);
            chart.setWindow(t - qint64(kPoints) * 1000, t);
            chart.refresh();
            chart.repaint();
            ours.append(timer.nsecsElapsed() / 1e6);
        }
        plotted = chart.plottedPointCount();
    }

    const Timing n = summarize(naive);
    const Timing o = summarize(ours);
    QTextStream out(stdout);
    out << "window: " << kPoints << " one-second samples, " << kWidth << " px wide\n";
    out << QStringLiteral("naive QLineSeries (%1 points): median %2 ms, p95 %3 ms over %4 frames\n")
               .arg(kPoints)
               .arg(n.median, 0, 'f', 2)
               .arg(n.p95, 0, 'f', 2)
               .arg(naive.size());
    out << QStringLiteral(
               "ConcurrencyChart (%1 points plotted): median %2 ms, p95 %3 ms over %4 frames\n")
               .arg(plotted)
               .arg(o.median, 0, 'f', 2)
               .arg(o.p95, 0, 'f', 2)
               .arg(ours.size());
    out << QStringLiteral("speed-up (median): %1x\n").arg(n.median / o.median, 0, 'f', 1);
    return 0;
}
