#pragma once

#include "apierror.h"
#include "capacityplan.h"

#include <QElapsedTimer>
#include <QObject>

#include <optional>

namespace linedesk {

class ApiClient;

// The capacity plan of one subscription for a chosen window and target, as the console asks
// for it: one request per choice (never per step of the lines box), answers for an earlier
// subscription, window or target dropped, nothing ever waited for.
//
// The window ends at the service's "now", which need not be the console's (a test's manual
// clock, a skewed machine): the 7-day window is the service's default and is asked for
// without times; its answer says where the service's now is, and the 24-hour and 30-day
// windows end there (plus the time since).
class CapacityPlanLoader : public QObject
{
    Q_OBJECT
public:
    enum class Window
    {
        Day,
        Week,
        Month
    };
    Q_ENUM(Window)
    enum class State
    {
        Idle,    // nothing asked yet
        Loading, // asked; plan() is still the previous answer, if any
        Loaded,
        Failed
    };
    Q_ENUM(State)

    explicit CapacityPlanLoader(ApiClient *api, QObject *parent = nullptr);

    // Forgets the plan of another subscription; nothing is asked until load() or reload().
    void setSubscription(const QString &subscriptionId);
    QString subscriptionId() const { return m_subscriptionId; }

    // A new choice asks again at once (when a subscription is set and something was asked).
    void setWindow(Window window);
    Window window() const { return m_window; }
    void setTarget(double target);
    double target() const { return m_target; }
    static qint64 windowMs(Window window);
    // The targets offered: 5 %, 1 %, 0.1 %.
    static QList<double> targets();

    // Asks if nothing was asked yet for this subscription.
    void load();
    // Asks again (a retry, or the lines in force changed).
    void reload();

    State state() const { return m_state; }
    bool isLoading() const { return m_state == State::Loading; }
    // The last answer for the current subscription, window and target; while Loading, the
    // previous one (its window may differ: check planWindow()).
    const std::optional<CapacityPlan> &plan() const { return m_plan; }
    Window planWindow() const { return m_planWindow; }
    // Loaded and for the current choice.
    bool hasCurrentPlan() const { return m_state == State::Loaded && m_plan.has_value(); }
    const ApiError &error() const { return m_error; }

Q_SIGNALS:
    void stateChanged(linedesk::CapacityPlanLoader::State state);
    void planChanged();

private:
    void setState(State state);
    QDateTime serviceNow() const;

    ApiClient *m_api;
    QString m_subscriptionId;
    Window m_window = Window::Week;
    Window m_planWindow = Window::Week;
    double m_target = 0.01;
    State m_state = State::Idle;
    std::optional<CapacityPlan> m_plan;
    ApiError m_error;
    int m_generation = 0;  // answers to an earlier question are dropped
    QDateTime m_serviceTo; // the end of the last default (7-day) window the service chose
    QElapsedTimer m_sinceServiceTo;
};

} // namespace linedesk
