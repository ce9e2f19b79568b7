// Console memory while scrolling support's subscription list: a real linedesk-server (its
// own process, so its memory is not counted) on a temporary SQLite file seeded with N
// subscriptions; the console's lazy SubscriptionSearchModel in a QTableView (offscreen),
// scrolled to the bottom again and again until `rows` rows are discovered. Reports the
// console's resident memory (VmRSS) before, after 1,000 and after `rows` rows, the rows the
// model's window holds, then how long a dropped page takes to show again after a jump back
// to the top.
//
//   build/bench/bench_console_memory [subscriptions=10000] [rows=10000]

#include "apiclient.h"
#include "subscriptionsearchmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace linedesk;

namespace {

qint64 rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

QString run(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(LINEDESK_SERVER_BIN), args);
    if (!p.waitForFinished(600000) || p.exitCode() != 0)
        qFatal("linedesk-server %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
               p.readAllStandardError().constData());
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

double loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().split(' ').first().toDouble() : -1;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("linedesk.*.debug=false"));
    const QStringList args = app.arguments();
    const int subscriptions = args.size() > 1 ? args.at(1).toInt() : 10000;
    const int target = args.size() > 2 ? args.at(2).toInt() : 10000;

    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("bench.db"));
    QElapsedTimer timer;
    timer.start();
    std::printf("seeding %d subscriptions… ", subscriptions);
    std::fflush(stdout);
    std::printf("%s\n",
                qPrintable(run({QStringLiteral("admin"), QStringLiteral("seed"),
                                QStringLiteral("--database"), db, QStringLiteral("--subscriptions"),
                                QString::number(subscriptions)})));
    run({QStringLiteral("admin"), QStringLiteral("create-user"), QStringLiteral("--database"), db,
         QStringLiteral("--email"), QStringLiteral("bench-support@example.com"),
         QStringLiteral("--support")});
    const QString token =
        run({QStringLiteral("admin"), QStringLiteral("create-token"), QStringLiteral("--database"),
             db, QStringLiteral("--email"), QStringLiteral("bench-support@example.com")});

    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(QStringLiteral(LINEDESK_SERVER_BIN),
                 {QStringLiteral("--database"), db, QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0")});
    QUrl url;
    static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)"));
    QByteArray out;
    while (!url.isValid() && server.waitForReadyRead(30000)) {
        out += server.readAll();
        if (const auto m = listening.match(QString::fromUtf8(out)); m.hasMatch())
            url = QUrl(m.captured(1));
    }
    if (!url.isValid())
        qFatal("server did not start: %s", out.constData());

    const qint64 before = rssKiB();
    ApiClient api;
    api.setBaseUrl(url);
    api.setToken(token);
    SubscriptionSearchModel model(&api);
    QTableView view;
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(28);
    view.setModel(&model);
    view.resize(1040, 640);
    view.show();
    const qint64 viewShown = rssKiB();

    QElapsedTimer load;
    load.start();
    model.reload();
    qint64 at1k = -1;
    qint64 atCap = -1; // once the model's window is full
    const int cap = model.maxCachedRows();
    qint64 firstPageMs = -1;
    qint64 ms1k = -1;
    while (model.rowCount() < target && (model.hasMore() || !model.hasLoaded())) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (model.hasError())
            qFatal("page failed: %s", qPrintable(model.lastError().message));
        if (firstPageMs < 0 && model.rowCount() > 0)
            firstPageMs = load.elapsed();
        if (at1k < 0 && model.rowCount() >= 1000) {
            at1k = rssKiB();
            ms1k = load.elapsed();
        }
        if (atCap < 0 && model.rowCount() >= cap)
            atCap = rssKiB();
        // The user drags the scroll bar to the end: the view asks the model for more.
        view.scrollToBottom();
    }
    const qint64 msAll = load.elapsed();
    QTest::qWait(200);
    const qint64 atAll = rssKiB();
    const int rows = model.rowCount();
    const int held = model.cachedRowCount();

    // The user drags the scroll bar back to the top: placeholders, then the page again.
    QElapsedTimer back;
    back.start();
    view.scrollToTop();
    const bool placeholder = !model.isRowLoaded(0);
    while (!model.isRowLoaded(0) && back.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const qint64 msBack = back.elapsed();
    QTest::qWait(200);
    const qint64 atTop = rssKiB();

    std::printf("load average %.2f, %d rows in %lld ms (first page %lld ms, 1,000 rows %lld ms)\n",
                loadAverage(), rows, msAll, firstPageMs, ms1k);
    std::printf("VmRSS: before %lld KiB, view shown %lld KiB, 1,000 rows %lld KiB, %d rows %lld "
                "KiB, back at the top %lld KiB\n",
                before, viewShown, at1k, rows, atAll, atTop);
    std::printf("rows held %d of %d (cap %d, VmRSS %lld KiB when reached); 1,000 → %d rows: "
                "%+lld KiB; %d → %d rows: %+lld KiB (%.0f bytes/row)\n",
                held, rows, cap, atCap, rows, atAll - at1k, cap, rows, atAll - atCap,
                (atAll - atCap) * 1024.0 / qMax(1, rows - cap));
    std::printf("back to the top: %s, row 0 shown again after %lld ms\n",
                placeholder ? "placeholders first" : "row 0 still held", msBack);
    server.terminate();
    server.waitForFinished(5000);
    return 0;
}
