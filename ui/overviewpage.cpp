#include "overviewpage.h"

#include "livefeedclient.h"
#include "localeformat.h"
#include "session.h"
#include "subscriptionsearchmodel.h"
#include "uikit.h"

#include <QGridLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace linedesk::ui {

OverviewPage::OverviewPage(Session *session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("overviewPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->setSpacing(16);
    m_title = makeLabel(QString(), nullptr, this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_subtitle = makeLabel(QString(), nullptr, this);
    m_subtitle->setObjectName(QStringLiteral("pageSubtitle"));
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);

    auto *row = new QHBoxLayout;
    row->setSpacing(16);
    auto addCard = [&](const QString &caption, QLabel *&value, QLabel *&detail,
                       const char *name) -> QVBoxLayout * {
        auto *card = makeCard(this);
        auto *l = new QVBoxLayout(card);
        l->setContentsMargins(20, 16, 20, 16);
        l->setSpacing(4);
        l->addWidget(makeLabel(caption, "caption", card));
        value = makeLabel(QString(), "bigNumber", card);
        value->setObjectName(QLatin1String(name));
        l->addWidget(value);
        detail = makeLabel(QString(), "muted", card);
        detail->setWordWrap(true);
        l->addWidget(detail);
        row->addWidget(card, 1);
        return l;
    };
    addCard(tr("Concurrency limit"), m_limit, m_limitDetail, "overviewLimit");
    QVBoxLayout *activeCard =
        addCard(tr("Active calls now"), m_active, m_activeDetail, "overviewActive");
    // A small gauge: active calls against the limit, live.
    m_activeGauge = new QProgressBar(this);
    m_activeGauge->setObjectName(QStringLiteral("overviewActiveGauge"));
    m_activeGauge->setTextVisible(false);
    m_activeGauge->setFixedHeight(8);
    activeCard->insertWidget(2, m_activeGauge);
    addCard(tr("Credits"), m_credits, m_creditsDetail, "overviewCredits");
    addCard(tr("Monthly charge"), m_monthly, m_monthlyDetail, "overviewMonthly");
    layout->addLayout(row);
    m_staleNote = makeLabel(QString(), "staleNote", this);
    m_staleNote->hide();
    layout->addWidget(m_staleNote);

    auto *actions = new QHBoxLayout;
    m_manage = makeButton(tr("Manage concurrency lines…"), "primary", this);
    m_manage->setObjectName(QStringLiteral("overviewManageLines"));
    connect(m_manage, &QPushButton::clicked, this, &OverviewPage::manageLinesRequested);
    actions->addWidget(m_manage);
    actions->addStretch(1);
    layout->addLayout(actions);
    layout->addStretch(1);

    connect(session, &Session::subscriptionChanged, this, &OverviewPage::update);
    connect(session, &Session::subscriptionCurrentChanged, this, &OverviewPage::update);
    connect(session, &Session::currentOrgChanged, this, &OverviewPage::update);
    connect(session, &Session::stateChanged, this, &OverviewPage::update);
    update();
}

void OverviewPage::setLiveFeed(LiveFeedClient *feed)
{
    m_feed = feed;
    connect(feed, &LiveFeedClient::numbersChanged, this, &OverviewPage::update);
    update();
}

void OverviewPage::update()
{
    m_title->setText(m_session->currentOrgName().isEmpty() ? tr("Overview")
                                                           : m_session->currentOrgName());
    const QString who = m_session->identity().email;
    m_subtitle->setText(
        who.isEmpty() ? QString()
                      : tr("Signed in as %1 · %2").arg(who, Session::roleName(m_session->role())));
    // Only admins buy and remove; viewers and support see the lines behind a plainer button.
    const bool change = m_session->canChangeLines();
    m_manage->setEnabled(m_session->hasSubscription());
    m_manage->setText(change ? tr("Manage concurrency lines…") : tr("See concurrency lines…"));
    if (m_manage->property("cls").toString() != (change ? "primary" : "")) {
        setCls(m_manage, change ? "primary" : "");
        repolish(m_manage);
    }
    if (!m_session->hasSubscription()) {
        for (QLabel *l : {m_limit, m_active, m_credits, m_monthly})
            l->setText(tr("—"));
        for (QLabel *l : {m_limitDetail, m_activeDetail, m_creditsDetail, m_monthlyDetail})
            l->clear();
        m_activeGauge->setValue(0);
        m_staleNote->hide();
        return;
    }
    const Subscription &s = m_session->subscription();
    const bool current = m_session->isSubscriptionCurrent();
    m_limit->setText(QString::number(s.concurrencyLimit()));
    m_limitDetail->setText(tr("%1 included + %2 purchased")
                               .arg(s.concurrencyLimitIncluded)
                               .arg(s.concurrencyLimitPurchased));
    const bool live = current && m_feed && m_feed->isLive();
    const int active = live ? m_feed->active() : s.concurrencyCounter;
    const int limit = live ? m_feed->limit() : s.concurrencyLimit();
    m_active->setText(current ? QString::number(active) : tr("—"));
    m_activeDetail->setText(current ? (live ? tr("%1 free of %2 · live") : tr("%1 free of %2"))
                                          .arg(qMax(0, limit - active))
                                          .arg(limit)
                                    : tr("unknown while disconnected"));
    m_activeGauge->setRange(0, qMax(1, limit));
    m_activeGauge->setValue(current ? qMin(active, limit) : 0);
    m_activeGauge->setProperty("full", current && active >= limit);
    repolish(m_activeGauge);
    m_credits->setText(format::money(s.credits.cents()));
    m_creditsDetail->setText(s.isFrozen() ? tr("Frozen: add credits to reactivate")
                                          : tr("Next renewal %1: %2")
                                                .arg(format::date(s.currentPeriodEnd),
                                                     format::money(s.monthlyChargeCents())));
    m_monthly->setText(format::money(s.monthlyChargeCents()));
    m_monthlyDetail->setText(
        tr("%1 purchased × %2 · %3 plan")
            .arg(s.concurrencyLimitPurchased)
            .arg(format::money(s.linePriceCents), SubscriptionSearchModel::typeName(s.type)));
    for (QLabel *l : {m_limit, m_active, m_credits, m_monthly})
        setStale(l, !current);
    m_staleNote->setText(
        tr("Not current: last read at %1. Reconnecting to the service…")
            .arg(QLocale().toString(m_session->subscriptionReadAt().toLocalTime().time(),
                                    QLocale::ShortFormat)));
    m_staleNote->setVisible(!current);
}

} // namespace linedesk::ui
