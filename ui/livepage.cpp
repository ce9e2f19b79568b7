#include "livepage.h"

#include "session.h"
#include "uikit.h"

#include <QProgressBar>
#include <QVBoxLayout>

namespace linedesk::ui {

LivePage::LivePage(Session *session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("livePage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->setSpacing(16);
    auto *title = makeLabel(tr("Live"), nullptr, this);
    title->setObjectName(QStringLiteral("pageTitle"));
    layout->addWidget(title);
    auto *subtitle =
        makeLabel(tr("Active calls against the concurrency limit, read from the "
                     "subscription every 3 seconds. Calls beyond the limit are blocked."),
                  nullptr, this);
    subtitle->setObjectName(QStringLiteral("pageSubtitle"));
    subtitle->setWordWrap(true);
    layout->addWidget(subtitle);

    auto *card = makeCard(this);
    auto *cl = new QVBoxLayout(card);
    cl->setContentsMargins(24, 20, 24, 20);
    cl->setSpacing(10);
    cl->addWidget(makeLabel(tr("Active calls / limit"), "caption", card));
    m_numbers = makeLabel(QString(), "bigNumber", card);
    m_numbers->setObjectName(QStringLiteral("liveNumbers"));
    cl->addWidget(m_numbers);
    m_bar = new QProgressBar(card);
    m_bar->setTextVisible(false);
    m_bar->setFixedHeight(14);
    cl->addWidget(m_bar);
    m_detail = makeLabel(QString(), "muted", card);
    cl->addWidget(m_detail);
    m_updated = makeLabel(QString(), "muted", card);
    m_updated->setObjectName(QStringLiteral("liveUpdated"));
    cl->addWidget(m_updated);
    layout->addWidget(card);
    layout->addStretch(1);

    m_poll.setInterval(3000);
    connect(&m_poll, &QTimer::timeout, session, &Session::refreshSubscription);
    connect(session, &Session::subscriptionChanged, this, &LivePage::update);
    connect(session, &Session::subscriptionCurrentChanged, this, &LivePage::update);
    update();
}

void LivePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_session->refreshSubscription();
    m_poll.start();
}

void LivePage::hideEvent(QHideEvent *event)
{
    m_poll.stop();
    QWidget::hideEvent(event);
}

void LivePage::update()
{
    if (!m_session->hasSubscription()) {
        m_numbers->setText(tr("—"));
        m_detail->clear();
        m_updated->clear();
        m_bar->setValue(0);
        return;
    }
    const Subscription &s = m_session->subscription();
    const bool current = m_session->isSubscriptionCurrent();
    setStale(m_numbers, !current);
    const QString time = QLocale().toString(m_session->subscriptionReadAt().toLocalTime().time(),
                                            QLocale::LongFormat);
    if (!current) {
        m_numbers->setText(tr("— / %1").arg(s.concurrencyLimit()));
        m_bar->setValue(0);
        m_detail->setText(tr("The active count is unknown while the service cannot be reached."));
        m_updated->setText(tr("Last read at %1 — not current.").arg(time));
        return;
    }
    m_numbers->setText(tr("%1 / %2").arg(s.concurrencyCounter).arg(s.concurrencyLimit()));
    m_bar->setRange(0, qMax(1, s.concurrencyLimit()));
    m_bar->setValue(qMin(s.concurrencyCounter, s.concurrencyLimit()));
    m_bar->setProperty("full", s.concurrencyCounter >= s.concurrencyLimit());
    repolish(m_bar);
    m_detail->setText(s.concurrencyCounter >= s.concurrencyLimit()
                          ? tr("Every line is busy: new calls are blocked now.")
                          : tr("%1 lines free (%2 included + %3 purchased).")
                                .arg(s.concurrencyLimit() - s.concurrencyCounter)
                                .arg(s.concurrencyLimitIncluded)
                                .arg(s.concurrencyLimitPurchased));
    m_updated->setText(tr("Updated %1").arg(time));
}

} // namespace linedesk::ui
