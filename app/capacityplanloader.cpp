#include "capacityplanloader.h"

#include "apiclient.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPlan, "linedesk.app.plan", QtInfoMsg)

namespace linedesk {

CapacityPlanLoader::CapacityPlanLoader(ApiClient *api, QObject *parent)
    : QObject(parent), m_api(api)
{}

qint64 CapacityPlanLoader::windowMs(Window window)
{
    constexpr qint64 day = 24LL * 3600 * 1000;
    switch (window) {
    case Window::Day:
        return day;
    case Window::Week:
        return 7 * day;
    case Window::Month:
        return 30 * day;
    }
    return 7 * day;
}

QList<double> CapacityPlanLoader::targets()
{
    return {0.05, 0.01, 0.001};
}

void CapacityPlanLoader::setSubscription(const QString &subscriptionId)
{
    if (subscriptionId == m_subscriptionId)
        return;
    m_subscriptionId = subscriptionId;
    ++m_generation;
    const bool had = m_plan.has_value();
    m_plan.reset();
    m_error = {};
    setState(State::Idle);
    if (had)
        Q_EMIT planChanged();
}

void CapacityPlanLoader::setWindow(Window window)
{
    if (window == m_window)
        return;
    m_window = window;
    if (m_state != State::Idle)
        reload();
}

void CapacityPlanLoader::setTarget(double target)
{
    if (qFuzzyCompare(target, m_target))
        return;
    m_target = target;
    if (m_state != State::Idle)
        reload();
}

void CapacityPlanLoader::load()
{
    if (m_state == State::Idle)
        reload();
}

QDateTime CapacityPlanLoader::serviceNow() const
{
    if (!m_serviceTo.isValid())
        return QDateTime::currentDateTimeUtc();
    return m_serviceTo.addMSecs(m_sinceServiceTo.elapsed());
}

void CapacityPlanLoader::reload()
{
    if (m_subscriptionId.isEmpty() || !m_api)
        return;
    const int generation = ++m_generation;
    const Window window = m_window;
    QDateTime from;
    QDateTime to;
    if (window != Window::Week) {
        to = serviceNow();
        from = to.addMSecs(-windowMs(window));
    }
    m_error = {};
    setState(State::Loading);
    m_api->capacityPlan(
        this, m_subscriptionId, from, to, m_target,
        [this, generation, window, byDefault = !to.isValid()](const ApiResult<CapacityPlan> &r) {
            if (generation != m_generation)
                return; // another subscription, window or target was chosen meanwhile
            if (!r.ok()) {
                qCInfo(lcPlan).noquote()
                    << "capacity plan failed:" << r.error.statusCode << r.error.code;
                m_error = r.error;
                setState(State::Failed);
                return;
            }
            if (byDefault && r.value->to.isValid()) {
                m_serviceTo = r.value->to;
                m_sinceServiceTo.start();
            }
            m_plan = *r.value;
            m_planWindow = window;
            setState(State::Loaded);
            Q_EMIT planChanged();
        });
}

void CapacityPlanLoader::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace linedesk
