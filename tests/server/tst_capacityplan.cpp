#include "testserver.h"

#include "capacityplan.h"
#include "capacityplanner.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <queue>

using namespace linedesk;
using namespace linedesk::server;
using namespace linedesk::test;

namespace {

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// Replay figures per total, from an answer: {lines: replayBlockedCalls}.
QMap<int, qint64> replayByLines(const CapacityPlan &plan)
{
    QMap<int, qint64> m;
    for (const CapacityPlan::Option &o : plan.options)
        m.insert(o.lines, o.replayBlockedCalls);
    return m;
}

// A made-up subscription's calls, admitted or blocked the way the service does it (one line
// per call, a limit that changes now and then), with the activity sequence recorded as the
// service records it. Times advance in whole seconds, so many events share a millisecond:
// only the sequence tells their order.
struct Simulated
{
    CapacityTrace trace;
    qint64 blocked = 0;
    int finalLimit = 0;
    qint64 fromMs = 0, toMs = 0;
};

Simulated simulate(quint32 seed, int events)
{
    QRandomGenerator rng(seed);
    Simulated s;
    const qint64 t0 = 1'700'000'000'000;
    s.fromMs = t0;
    qint64 now = t0 - 5000;
    qint64 seq = 0;
    int limit = 1 + int(rng.bounded(5));
    std::vector<size_t> active; // indexes into calls, or carried (offset by 1 << 30)
    std::vector<CapacityTrace::Call> carried;
    // A few calls admitted before the window: they hold lines at its start.
    for (int i = 0; i < 2 && i < limit; ++i) {
        CapacityTrace::Call c;
        c.startMs = now;
        c.startSeq = ++seq;
        c.limit = limit;
        carried.push_back(c);
        active.push_back((size_t(1) << 30) + carried.size() - 1);
    }
    now = t0;
    for (int i = 0; i < events; ++i) {
        now += 1000 * qint64(rng.bounded(2)); // half the events share the previous one's ms
        const quint32 what = rng.bounded(10);
        if (what == 0) {
            limit = 1 + int(rng.bounded(6)); // a purchase or a removal
        } else if (what <= 4 && !active.empty()) {
            const size_t k = rng.bounded(quint32(active.size()));
            const size_t idx = active[k];
            active.erase(active.begin() + qint64(k));
            CapacityTrace::Call &c =
                idx >= (size_t(1) << 30) ? carried[idx - (size_t(1) << 30)] : s.trace.calls[idx];
            c.endMs = now;
            c.endSeq = ++seq;
        } else {
            CapacityTrace::Call c;
            c.startMs = now;
            c.limit = limit;
            c.seed = rng.generate64();
            if (qint64(active.size()) < limit) {
                c.startSeq = ++seq;
                s.trace.calls.push_back(c);
                active.push_back(s.trace.calls.size() - 1);
            } else {
                c.blocked = true;
                c.endMs = c.startMs;
                c.startSeq = seq; // what it saw
                s.trace.calls.push_back(c);
                ++s.blocked;
            }
        }
    }
    s.trace.carried = carried;
    s.finalLimit = limit;
    s.toMs = now + 1000;
    return s;
}

// The replay as plainly as it can be written (a heap of drawn ends, one pass per total), to
// check the planner's faster one against: every arrival, in the order of the sequence, meets
// its limit plus `delta`; a blocked call, if let in, holds a line for the duration drawn for
// it from the admitted calls that ended (in arrival order) by its seed.
qint64 referenceReplay(const Simulated &sim, int delta)
{
    const auto &calls = sim.trace.calls;
    std::vector<qint64> holds;
    for (const CapacityTrace::Call &c : calls)
        if (!c.blocked && c.endMs != CapacityTrace::kOpen)
            holds.push_back(c.endMs - c.startMs);
    struct Event
    {
        qint64 seq;
        int minor;
        qint64 index; // >= 0 arrival; < 0 end of ~index (carried after the calls)
    };
    std::vector<Event> events;
    const qint64 n = qint64(calls.size());
    for (qint64 i = 0; i < n; ++i) {
        const CapacityTrace::Call &c = calls[size_t(i)];
        events.push_back({c.startSeq, c.blocked ? 1 : 0, i});
        if (!c.blocked && c.endSeq >= 0)
            events.push_back({c.endSeq, 0, ~i});
    }
    for (qint64 j = 0; j < qint64(sim.trace.carried.size()); ++j)
        if (sim.trace.carried[size_t(j)].endSeq >= 0)
            events.push_back({sim.trace.carried[size_t(j)].endSeq, 0, ~(n + j)});
    std::stable_sort(events.begin(), events.end(), [](const Event &a, const Event &b) {
        return a.seq != b.seq ? a.seq < b.seq : a.minor < b.minor;
    });
    std::vector<bool> in(size_t(n), false);
    std::priority_queue<qint64, std::vector<qint64>, std::greater<>> drawn;
    qint64 active = qint64(sim.trace.carried.size());
    qint64 blocked = 0;
    for (const Event &e : events) {
        if (e.index >= 0) {
            const CapacityTrace::Call &c = calls[size_t(e.index)];
            while (!drawn.empty() && drawn.top() <= c.startMs) {
                drawn.pop();
                --active;
            }
            if (active < c.limit + delta) {
                in[size_t(e.index)] = true;
                ++active;
                if (c.blocked)
                    drawn.push(c.startMs + (holds.empty() ? 0 : holds[c.seed % holds.size()]));
            } else {
                ++blocked;
            }
        } else if (~e.index >= n || in[size_t(~e.index)]) {
            --active;
        }
    }
    return blocked;
}

} // namespace

// The capacity planner: Erlang B against published values, the replay of a subscription's
// own calls (exact at today's totals, never more blocked with more lines), and
// GET /subscription/{id}/capacity-plan on a real service with an injected clock.
class TestCapacityPlan : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;

    HttpResult plan(const QString &subscriptionId, const QString &token,
                    const QList<QPair<QString, QString>> &params = {})
    {
        QUrlQuery q;
        for (const auto &[k, v] : params)
            q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
        QString path = QStringLiteral("/subscription/%1/capacity-plan").arg(subscriptionId);
        if (!params.isEmpty())
            path += QLatin1Char('?') + q.toString(QUrl::FullyEncoded);
        return m_http->get(path, token);
    }

    QString startCall(const QString &token)
    {
        const HttpResult r = m_http->post(QStringLiteral("/call"), token, {});
        if (r.status != 201)
            qWarning("POST /call answered %d: %s", r.status, r.body.constData());
        return str(r.object(), "id");
    }
    bool isBlocked(const QString &callId, const QString &token)
    {
        return m_http->get(QStringLiteral("/call/%1").arg(callId), token)
                   .object()
                   .value(QLatin1String("status"))
                   .toString() == QLatin1String("ended");
    }
    int endCall(const QString &callId, const QString &token)
    {
        return m_http->post(QStringLiteral("/call/%1/end").arg(callId), token, {}).status;
    }
    int buyLines(const QString &subscriptionId, const QString &token, int quantity)
    {
        return m_http
            ->post(QStringLiteral("/subscription/%1/concurrency").arg(subscriptionId), token,
                   {{QStringLiteral("quantity"), quantity}},
                   {{"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}})
            .status;
    }

private Q_SLOTS:
    void init()
    {
        // The model's own tests need no service.
        static const QSet<QByteArray> pure{"erlangBPublished",     "erlangBHugeTotals",
                                           "recommendedLines",     "replayExactAndMonotone",
                                           "sameMillisecondTrace", "floodIsBounded"};
        if (pure.contains(QTest::currentTestFunction()))
            return;
        m_server = std::make_unique<TestServer>();
        m_http = std::make_unique<HttpClient>(m_server->url());
    }
    void cleanup()
    {
        m_http.reset();
        m_server.reset();
    }

    void erlangBPublished_data()
    {
        QTest::addColumn<double>("erlangs");
        QTest::addColumn<int>("lines");
        QTest::addColumn<double>("blocking");
        // Erlang B tables (e.g. ITU-T E.521's use of them; any traffic table agrees).
        QTest::newRow("30 lines, 25 E: 5.26 %") << 25.0 << 30 << 0.05260;
        QTest::newRow("10 lines, 5 E: 1.84 %") << 5.0 << 10 << 0.018385;
        QTest::newRow("1 line, 0.5 E: 1/3") << 0.5 << 1 << 1.0 / 3;
        QTest::newRow("2 lines, 2 E: 40 %") << 2.0 << 2 << 0.4;
        QTest::newRow("100 lines, 80 E: 0.40 %") << 80.0 << 100 << 0.0039920;
        QTest::newRow("1000 lines, 1000 E: 2.48 %") << 1000.0 << 1000 << 0.024812;
        QTest::newRow("5000 lines, 5000 E: 1.12 %") << 5000.0 << 5000 << 0.011199;
        QTest::newRow("2100 lines, 2000 E: 0.075 %") << 2000.0 << 2100 << 0.00075387;
        QTest::newRow("no traffic") << 0.0 << 10 << 0.0;
        QTest::newRow("no lines") << 3.0 << 0 << 1.0;
    }
    void erlangBPublished()
    {
        QFETCH(double, erlangs);
        QFETCH(int, lines);
        QFETCH(double, blocking);
        const double b = erlangB(erlangs, lines);
        QVERIFY2(std::abs(b - blocking) <= std::max(1e-12, blocking * 2e-4),
                 qPrintable(QStringLiteral("B(%1, %2) = %3, expected %4")
                                .arg(erlangs)
                                .arg(lines)
                                .arg(b, 0, 'g', 10)
                                .arg(blocking, 0, 'g', 10)));
    }

    void erlangBHugeTotals()
    {
        // No factorial, no power: finite, within (0, 1) and falling with every line, at any
        // size (100! already overflows a double).
        double previous = 1;
        for (int lines : {10, 100, 1000, 10000, 50000, 100000}) {
            const double b = erlangB(90000, lines);
            QVERIFY(std::isfinite(b));
            QVERIFY(b > 0 && b < previous);
            previous = b;
        }
        QVERIFY(erlangB(90000, 100000) < 1e-6);
    }

    void recommendedLines_data()
    {
        QTest::addColumn<double>("erlangs");
        QTest::addColumn<double>("target");
        QTest::addColumn<int>("lines");
        QTest::newRow("25 E at 5 %") << 25.0 << 0.05 << 31;
        QTest::newRow("25 E at 1 %") << 25.0 << 0.01 << 36;
        QTest::newRow("25 E at 0.1 %") << 25.0 << 0.001 << 41;
        QTest::newRow("5 E at 1 %") << 5.0 << 0.01 << 11;
        QTest::newRow("5 E at 5 %") << 5.0 << 0.05 << 9;
        QTest::newRow("1.5 E at 1 %") << 1.5 << 0.01 << 6;
        QTest::newRow("1000 E at 1 %") << 1000.0 << 0.01 << 1029;
        QTest::newRow("no traffic: one line") << 0.0 << 0.01 << 1;
    }
    void recommendedLines()
    {
        QFETCH(double, erlangs);
        QFETCH(double, target);
        QFETCH(int, lines);
        QCOMPARE(erlangBLines(erlangs, target), lines);
        QVERIFY(erlangB(erlangs, lines) <= target);
        if (lines > 1)
            QVERIFY(erlangB(erlangs, lines - 1) > target);
    }

    // Random traces, built as the service admits calls (limit changes and same-millisecond
    // events included): at today's totals the replay blocks exactly the calls that were
    // blocked, more lines never block more, and the clear total is the least that blocks none.
    void replayExactAndMonotone()
    {
        for (quint32 seed = 1; seed <= 200; ++seed) {
            const Simulated sim = simulate(seed, 40 + int(seed % 7) * 30);
            CapacityPlanner::Settings settings;
            settings.fromMs = sim.fromMs;
            settings.toMs = sim.toMs;
            settings.includedLines = std::min(2, sim.finalLimit);
            settings.purchasedLines = sim.finalLimit - settings.includedLines;
            settings.linePriceCents = 1000;
            const CapacityPlan plan = CapacityPlanner::compute(sim.trace, settings);
            const QString where = QStringLiteral("seed %1").arg(seed);
            QCOMPARE(plan.currentBlockedCalls, sim.blocked);
            const CapacityPlan::Option *today = plan.option(sim.finalLimit);
            QVERIFY2(today, qPrintable(where));
            QVERIFY2(today->replayBlockedCalls == sim.blocked,
                     qPrintable(where + QStringLiteral(": replay %1, real %2")
                                            .arg(today->replayBlockedCalls)
                                            .arg(sim.blocked)));
            for (qsizetype i = 1; i < plan.options.size(); ++i)
                QVERIFY2(plan.options[i].replayBlockedCalls <=
                             plan.options[i - 1].replayBlockedCalls,
                         qPrintable(where));
            QVERIFY2(plan.options.last().lines >= plan.replayClearLines, qPrintable(where));
            QVERIFY2(plan.options.last().lines >= plan.recommendedLines, qPrintable(where));
            if (const auto *clear = plan.option(plan.replayClearLines))
                QCOMPARE(clear->replayBlockedCalls, 0);
            if (const auto *below = plan.option(plan.replayClearLines - 1))
                QVERIFY2(below->replayBlockedCalls > 0, qPrintable(where));
            QCOMPARE(plan.options.first().lines, std::max(1, sim.finalLimit - 5));
            for (const CapacityPlan::Option &o : plan.options) {
                const qint64 expected = referenceReplay(sim, o.lines - sim.finalLimit);
                QVERIFY2(o.replayBlockedCalls == expected,
                         qPrintable(where + QStringLiteral(", %1 lines: replay %2, reference %3")
                                                .arg(o.lines)
                                                .arg(o.replayBlockedCalls)
                                                .arg(expected)));
            }
        }
    }

    // A flood (5,000 attempts in 5 s on 10 lines, hour-long calls) would ask for thousands of
    // totals: the plan stops at 1,000 and says so.
    void floodIsBounded()
    {
        CapacityTrace t;
        qint64 seq = 0;
        for (int i = 0; i < 5000; ++i) {
            CapacityTrace::Call c;
            c.startMs = 1'000'000 + i;
            c.limit = 10;
            c.seed = quint64(i) * 7919;
            if (i < 10) {
                c.endMs = c.startMs + 3'600'000;
                c.startSeq = ++seq;
            } else {
                c.blocked = true;
                c.endMs = c.startMs;
                c.startSeq = seq;
            }
            t.calls.push_back(c);
        }
        for (auto &c : t.calls)
            if (!c.blocked)
                c.endSeq = ++seq;
        CapacityPlanner::Settings s{{}, 0, 5'000'000, 0.01, 10, 0, 1000};
        const CapacityPlan plan = CapacityPlanner::compute(t, s);
        QCOMPARE(plan.replayClearLines, 5000);
        QVERIFY(plan.recommendedLines > 1000);
        QVERIFY(plan.optionsCut);
        QCOMPARE(plan.options.size(), CapacityPlanner::kMaxOptions);
        QCOMPARE(plan.options.first().lines, 5);
        QCOMPARE(plan.option(10)->replayBlockedCalls, 4990);
        QCOMPARE(plan.option(1004)->replayBlockedCalls, 3996);
        QVERIFY(!plan.estimate(1005)); // nothing known above the last option
        QVERIFY(CapacityPlan::fromJson(plan.toJson()).optionsCut);
    }

    // The sequence, not the clock, orders what happened in one millisecond.
    void sameMillisecondTrace()
    {
        CapacityTrace t;
        auto call = [&](qint64 startSeq, qint64 endSeq, bool blocked) {
            CapacityTrace::Call c;
            c.startMs = 1000;
            c.endMs = blocked ? 1000 : (endSeq < 0 ? CapacityTrace::kOpen : 1000);
            c.startSeq = startSeq;
            c.endSeq = endSeq;
            c.limit = 2;
            c.blocked = blocked;
            t.calls.push_back(c);
        };
        // A starts (1), B starts (2), C is blocked at 2, A ends (3), D starts (4): one ms.
        call(1, 3, false);
        call(2, -1, false);
        call(2, -1, true);
        call(4, -1, false);
        CapacityPlanner::Settings s{{}, 0, 2000, 0.01, 2, 0, 1000};
        const CapacityPlan plan = CapacityPlanner::compute(t, s);
        QCOMPARE(plan.option(2)->replayBlockedCalls, 1);
        QCOMPARE(plan.option(1)->replayBlockedCalls, 2); // B and C; D after A ends
        QCOMPARE(plan.replayClearLines, 3);
    }

    // Worked out by hand. 2 lines included, every admitted call lasts 10 s (so the duration a
    // blocked call is given is 10 s whatever its id), times in seconds after t0:
    //   0 A, 1 B, 2 C blocked, 3 D blocked, 10 A ends, 11 B ends, 12 E, 22 E ends,
    //   30 one line bought (3), 31 F, 32 G, 33 H, 34 I blocked, 41–43 F, G, H end.
    // Replays (limit before/after the purchase, plus the option's difference):
    //   1 line (0/1): A–E blocked, F in, G–I blocked: 8.  2 (1/2): B, C, D, H, I: 5.
    //   3 (2/3): C, D, I, as it happened: 3.  4 (3/4): only D (C was let in and holds until
    //   12): 1.  5 and more: 0.  Busy hour = the whole minute: 9 attempts, mean hold 10 s,
    //   1.5 E offered, 1.0 E carried; B(1.5, 6) = 0.35 % is the first under 1 %.
    void handTraceThroughTheService()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Hand"), 1000'00, 2);
        const QString token = a.adminToken;
        const QDateTime t0 = m_server->clock().now();
        auto at = [&](int s) { m_server->clock().set(t0.addSecs(s)); };
        QHash<QString, QString> id;
        for (const auto &[s, name] :
             QList<QPair<int, QString>>{{0, "A"}, {1, "B"}, {2, "C"}, {3, "D"}}) {
            at(s);
            id[name] = startCall(token);
        }
        QVERIFY(isBlocked(id["C"], token) && isBlocked(id["D"], token));
        at(10);
        QCOMPARE(endCall(id["A"], token), 200);
        at(11);
        QCOMPARE(endCall(id["B"], token), 200);
        at(12);
        id["E"] = startCall(token);
        at(22);
        QCOMPARE(endCall(id["E"], token), 200);
        at(30);
        QCOMPARE(buyLines(a.subscriptionId, token, 1), 201);
        for (const auto &[s, name] :
             QList<QPair<int, QString>>{{31, "F"}, {32, "G"}, {33, "H"}, {34, "I"}}) {
            at(s);
            id[name] = startCall(token);
        }
        QVERIFY(isBlocked(id["I"], token) && !isBlocked(id["H"], token));
        for (const auto &[s, name] : QList<QPair<int, QString>>{{41, "F"}, {42, "G"}, {43, "H"}}) {
            at(s);
            QCOMPARE(endCall(id[name], token), 200);
        }
        at(120); // now: the window below ends before it

        const HttpResult r =
            plan(a.subscriptionId, token, {{"from", iso(t0)}, {"to", iso(t0.addSecs(60))}});
        QCOMPARE(r.status, 200);
        const CapacityPlan p = CapacityPlan::fromJson(r.object());
        QCOMPARE(p.subscriptionId, a.subscriptionId);
        QCOMPARE(p.from, t0);
        QCOMPARE(p.to, t0.addSecs(60));
        QCOMPARE(p.attempts, 9);
        QCOMPARE(p.blocked, 3);
        QCOMPARE(p.currentLines, 3);
        QCOMPARE(p.includedLines, 2);
        QCOMPARE(p.purchasedLines, 1);
        QCOMPARE(p.currentBlockedCalls, 3);
        QCOMPARE(p.linesInWindowMin, 2);
        QCOMPARE(p.linesInWindowMax, 3);
        QCOMPARE(p.linePriceCents, 1000);
        QCOMPARE(p.busyHour.start, t0);
        QCOMPARE(p.busyHour.end, t0.addSecs(60));
        QCOMPARE(p.busyHour.attempts, 9);
        QCOMPARE(p.busyHour.blocked, 3);
        QCOMPARE(p.busyHour.meanHoldSeconds, 10.0);
        QCOMPARE(p.busyHour.offeredErlangs, 1.5);
        QCOMPARE(p.busyHour.carriedErlangs, 1.0);
        const QMap<int, qint64> expected{{1, 8}, {2, 5}, {3, 3}, {4, 1}, {5, 0}, {6, 0}};
        QCOMPARE(replayByLines(p), expected);
        QCOMPARE(p.replayClearLines, 5);
        QCOMPARE(p.recommendedLines, 6);
        QCOMPARE(p.options.at(2).purchased, 1);
        QCOMPARE(p.options.at(5).monthlyChargeCents, 4000);
        QCOMPARE(p.options.at(0).monthlyChargeCents, 0); // below the included lines
        QVERIFY(std::abs(p.option(3)->erlangBBlocking - 0.1343283582) < 1e-9);
        const QJsonObject rec = r.object().value(QLatin1String("recommended")).toObject();
        QCOMPARE(rec.value(QLatin1String("lines")).toInt(), 6);
        QCOMPARE(rec.value(QLatin1String("purchased")).toInt(), 4);
        QCOMPARE(rec.value(QLatin1String("monthlyChargeCents")).toInt(), 4000);
        QCOMPARE(rec.value(QLatin1String("target")).toDouble(), 0.01);

        // A stricter target recommends more; a looser one fewer (B(1.5, 4) = 4.8 %).
        const CapacityPlan strict = CapacityPlan::fromJson(
            plan(a.subscriptionId, token,
                 {{"from", iso(t0)}, {"to", iso(t0.addSecs(60))}, {"target", "0.001"}})
                .object());
        QCOMPARE(strict.recommendedLines, 7);
        QCOMPARE(strict.options.last().lines, 7);
        const CapacityPlan loose = CapacityPlan::fromJson(
            plan(a.subscriptionId, token,
                 {{"from", iso(t0)}, {"to", iso(t0.addSecs(60))}, {"target", "0.05"}})
                .object());
        QCOMPARE(loose.recommendedLines, 4);
        QCOMPARE(loose.options.last().lines, 5); // still up to the clear total

        // Calls recorded before schema version 7 have no sequence: ordered by time, the same
        // trace (no two of its events share a millisecond) replays the same.
        m_server->db().exec(QStringLiteral("UPDATE call SET start_seq = NULL, end_seq = NULL"));
        const CapacityPlan legacy = CapacityPlan::fromJson(
            plan(a.subscriptionId, token, {{"from", iso(t0)}, {"to", iso(t0.addSecs(60))}})
                .object());
        QCOMPARE(replayByLines(legacy), expected);

        // The default window is the last 7 days up to now: the same calls.
        const CapacityPlan week = CapacityPlan::fromJson(plan(a.subscriptionId, token).object());
        QCOMPARE(week.to, t0.addSecs(120));
        QCOMPARE(week.from, t0.addSecs(120).addDays(-7));
        QCOMPARE(week.attempts, 9);
        QCOMPARE(replayByLines(week).value(3), 3);
    }

    // Starts and ends within one millisecond: replayed in the order they happened.
    void sameMillisecondThroughTheService()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Same ms"), 100'00, 2);
        const QString token = a.adminToken;
        const QDateTime t0 = m_server->clock().now();
        const QString first = startCall(token);
        const QString second = startCall(token);
        const QString third = startCall(token);
        QVERIFY(isBlocked(third, token));
        QCOMPARE(endCall(first, token), 200);
        const QString fourth = startCall(token);
        QVERIFY(!isBlocked(fourth, token));
        m_server->clock().set(t0.addSecs(10));
        QCOMPARE(endCall(second, token), 200);
        QCOMPARE(endCall(fourth, token), 200);
        const CapacityPlan p = CapacityPlan::fromJson(
            plan(a.subscriptionId, token, {{"from", iso(t0.addSecs(-1))}}).object());
        QCOMPARE(p.attempts, 4);
        QCOMPARE(p.currentBlockedCalls, 1);
        QCOMPARE(p.option(2)->replayBlockedCalls, 1);
    }

    // A call admitted before the window still holds its line in the replay.
    void callFromBeforeTheWindow()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Carried"), 100'00, 1);
        const QString token = a.adminToken;
        const QDateTime t0 = m_server->clock().now();
        const QString early = startCall(token);
        m_server->clock().set(t0.addSecs(20));
        QCOMPARE(m_http->post(QStringLiteral("/call/%1/heartbeat").arg(early), token, {}).status,
                 200);
        m_server->clock().set(t0.addSecs(30));
        const QString late = startCall(token);
        QVERIFY(isBlocked(late, token));
        m_server->clock().set(t0.addSecs(40));
        QCOMPARE(endCall(early, token), 200);
        m_server->clock().set(t0.addSecs(60));
        const CapacityPlan p = CapacityPlan::fromJson(
            plan(a.subscriptionId, token,
                 {{"from", iso(t0.addSecs(10))}, {"to", iso(t0.addSecs(50))}})
                .object());
        QCOMPARE(p.attempts, 1);
        QCOMPARE(p.option(1)->replayBlockedCalls, 1);
        QCOMPARE(p.option(2)->replayBlockedCalls, 0);
        QCOMPARE(p.replayClearLines, 2);
        // 30 s of the early call in the 40 s window: 0.75 E carried.
        QCOMPARE(p.busyHour.carriedErlangs, 0.75);
    }

    void emptyWindow()
    {
        const TestAccount a = m_server->createAccount(QStringLiteral("Quiet"), 100'00, 10);
        const HttpResult r = plan(a.subscriptionId, a.adminToken);
        QCOMPARE(r.status, 200);
        QVERIFY2(!r.body.contains("null") && !r.body.contains("nan"), r.body.constData());
        const CapacityPlan p = CapacityPlan::fromJson(r.object());
        QVERIFY(p.isEmpty());
        QCOMPARE(p.blocked, 0);
        QCOMPARE(p.busyHour.attempts, 0);
        QCOMPARE(p.busyHour.meanHoldSeconds, 0.0);
        QCOMPARE(p.busyHour.offeredErlangs, 0.0);
        QCOMPARE(p.currentLines, 10);
        QCOMPARE(p.options.size(), 6); // 5 … 10
        QCOMPARE(p.options.first().lines, 5);
        for (const CapacityPlan::Option &o : p.options) {
            QCOMPARE(o.replayBlockedCalls, 0);
            QCOMPARE(o.erlangBBlocking, 0.0);
        }
        QCOMPARE(p.recommendedLines, 1);
        QCOMPARE(p.replayClearLines, 0);
    }

    void roles()
    {
        const TestAccount own = m_server->createAccount(QStringLiteral("Own"), 100'00);
        const TestAccount other = m_server->createAccount(QStringLiteral("Other"), 100'00);
        const QString support = m_server->createSupportToken();
        QCOMPARE(plan(own.subscriptionId, own.adminToken).status, 200);
        QCOMPARE(plan(own.subscriptionId, own.viewerToken).status, 200);
        QCOMPARE(plan(own.subscriptionId, support).status, 200);
        const HttpResult foreign = plan(own.subscriptionId, other.adminToken);
        QCOMPARE(foreign.status, 404);
        QCOMPARE(str(foreign.object(), "code"), QStringLiteral("subscription-not-found"));
        QCOMPARE(plan(own.subscriptionId, QString()).status, 401);
        QCOMPARE(plan(own.subscriptionId, QStringLiteral("ld_wrong")).status, 401);
        QCOMPARE(plan(QStringLiteral("no-such-subscription"), support).status, 404);
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("code");
        QTest::newRow("target 0") << "target=0"
                                  << "invalid-target";
        QTest::newRow("target 1") << "target=1"
                                  << "invalid-target";
        QTest::newRow("target negative") << "target=-0.1"
                                         << "invalid-target";
        QTest::newRow("target text") << "target=one"
                                     << "invalid-target";
        QTest::newRow("target nan") << "target=nan"
                                    << "invalid-target";
        QTest::newRow("target inf") << "target=inf"
                                    << "invalid-target";
        QTest::newRow("from malformed") << "from=yesterday"
                                        << "invalid-window";
        QTest::newRow("to malformed") << "to=2026-13-01T00:00:00Z"
                                      << "invalid-window";
        QTest::newRow("reversed") << "from=2026-03-10T00:00:00Z&to=2026-03-09T00:00:00Z"
                                  << "invalid-window";
        QTest::newRow("empty window") << "from=2026-03-10T00:00:00Z&to=2026-03-10T00:00:00Z"
                                      << "invalid-window";
        QTest::newRow("in the future") << "from=2026-04-01T00:00:00Z&to=2026-04-02T00:00:00Z"
                                       << "invalid-window";
        QTest::newRow("longer than the history kept")
            << "from=2025-11-01T00:00:00Z&to=2026-03-10T00:00:00Z"
            << "window-too-long";
        QTest::newRow("unknown parameter") << "lines=12"
                                           << "unknown-parameter";
        QTest::newRow("twice") << "target=0.01&target=0.05"
                               << "invalid-parameter";
        QTest::newRow("empty value") << "target="
                                     << "invalid-parameter";
    }
    void badInput()
    {
        QFETCH(QString, query);
        QFETCH(QString, code);
        const TestAccount a = m_server->createAccount(QStringLiteral("Bad"), 100'00);
        const HttpResult r = m_http->get(
            QStringLiteral("/subscription/%1/capacity-plan?%2").arg(a.subscriptionId, query),
            a.adminToken);
        QCOMPARE(r.status, 400);
        QCOMPARE(str(r.object(), "code"), code);
        QVERIFY(!str(r.object(), "message").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCapacityPlan)
#include "tst_capacityplan.moc"
