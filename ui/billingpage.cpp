#include "billingpage.h"

#include "historyview.h"
#include "linescard.h"
#include "localeformat.h"
#include "session.h"
#include "uikit.h"

#include <QGridLayout>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

namespace linedesk::ui {

static QString planName(const QString &type)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("pay-as-you-go"), BillingPage::tr("Pay as you go")},
        {QStringLiteral("startup"), BillingPage::tr("Startup")},
        {QStringLiteral("growth"), BillingPage::tr("Growth")},
        {QStringLiteral("scale"), BillingPage::tr("Scale")},
        {QStringLiteral("agency"), BillingPage::tr("Agency")},
        {QStringLiteral("enterprise"), BillingPage::tr("Enterprise")},
    };
    return names.value(type, type);
}

BillingPage::BillingPage(Session *session, SubscriptionHistory *history, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("billingPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 20, 32, 16);
    layout->setSpacing(12);

    layout->addLayout(makeTitleRow(tr("Billing"), &m_subtitle, this));

    // The summary strip.
    auto *strip = makeCard(this);
    strip->setObjectName(QStringLiteral("billingSummary"));
    auto *grid = new QGridLayout(strip);
    grid->setContentsMargins(22, 12, 22, 12);
    grid->setHorizontalSpacing(32);
    grid->setVerticalSpacing(4);
    auto addMetric = [&](int column, const QString &caption, QLabel *&value, const char *name,
                         QLabel **detail = nullptr) {
        grid->addWidget(makeLabel(caption, "caption", strip), 0, column);
        value = makeLabel(QString(), "metric", strip);
        value->setObjectName(QLatin1String(name));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        grid->addWidget(value, 1, column);
        if (detail) {
            *detail = makeLabel(QString(), "muted", strip);
            grid->addWidget(*detail, 2, column);
        }
    };
    addMetric(0, tr("Plan"), m_plan, "billingPlan", &m_status);
    m_status->setObjectName(QStringLiteral("billingStatus"));
    addMetric(1, tr("Credits"), m_credits, "billingCredits");
    QLabel *periodDetail = nullptr;
    addMetric(2, tr("Current period"), m_period, "billingPeriod", &periodDetail);
    m_renewal = periodDetail;
    m_renewal->setObjectName(QStringLiteral("billingRenewal"));
    addMetric(3, tr("Monthly charge"), m_monthly, "billingMonthly", &m_monthlyDetail);
    grid->setColumnStretch(4, 1);
    layout->addWidget(strip);
    m_staleNote = makeLabel(QString(), "staleNote", this);
    m_staleNote->hide();
    layout->addWidget(m_staleNote);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("billingTabs"));
    m_tabs->setDocumentMode(true);

    // Overview
    auto *overview = new QWidget(m_tabs);
    auto *ol = new QVBoxLayout(overview);
    ol->setContentsMargins(0, 12, 0, 0);
    auto *overviewCard = makeCard(overview);
    auto *ocl = new QVBoxLayout(overviewCard);
    ocl->setContentsMargins(22, 18, 22, 18);
    ocl->setSpacing(10);
    auto *oTitle = makeLabel(tr("How your bill is made"), nullptr, overviewCard);
    oTitle->setObjectName(QStringLiteral("sectionTitle"));
    ocl->addWidget(oTitle);
    m_overviewText = makeLabel(QString(), nullptr, overviewCard);
    m_overviewText->setObjectName(QStringLiteral("overviewText"));
    m_overviewText->setWordWrap(true);
    m_overviewText->setTextFormat(Qt::RichText);
    ocl->addWidget(m_overviewText);
    m_frozenNotice = new Notice(overviewCard);
    m_frozenNotice->setObjectName(QStringLiteral("billingFrozenNotice"));
    ocl->addWidget(m_frozenNotice);
    m_manage = makeButton(tr("Manage concurrency lines…"), "primary", overviewCard);
    m_manage->setObjectName(QStringLiteral("manageLinesButton"));
    connect(m_manage, &QPushButton::clicked, this, [this] { showSection(AddOnsSection); });
    auto *row = new QHBoxLayout;
    row->addWidget(m_manage);
    row->addStretch(1);
    ocl->addLayout(row);
    ol->addWidget(overviewCard);
    ol->addStretch(1);
    m_tabs->addTab(overview, tr("&Overview"));

    // Add-ons
    auto *scroll = new QScrollArea(m_tabs);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *addOns = new QWidget(scroll);
    addOns->setObjectName(QStringLiteral("pageArea"));
    auto *al = new QVBoxLayout(addOns);
    al->setContentsMargins(0, 12, 4, 0);
    m_lines = new LinesCard(session, addOns);
    al->addWidget(m_lines);
    al->addStretch(1);
    scroll->setWidget(addOns);
    m_tabs->addTab(scroll, tr("&Add-ons"));

    m_historyView = new HistoryView(history, m_tabs);
    m_tabs->addTab(m_historyView, tr("&History"));
    layout->addWidget(m_tabs, 1);

    connect(session, &Session::subscriptionChanged, this, &BillingPage::update);
    connect(session, &Session::subscriptionCurrentChanged, this, &BillingPage::update);
    connect(session, &Session::currentOrgChanged, this, &BillingPage::update);
    update();
}

void BillingPage::updateManageButton()
{
    // Only admins buy and remove; others see the lines (read-only) behind a plainer button.
    const bool change = m_session->canChangeLines();
    m_manage->setEnabled(m_session->hasSubscription());
    m_manage->setText(change ? tr("Manage concurrency lines…") : tr("See concurrency lines…"));
    if (m_manage->property("cls").toString() != (change ? "primary" : "")) {
        setCls(m_manage, change ? "primary" : "");
        repolish(m_manage);
    }
}

void BillingPage::showSection(Section section)
{
    m_tabs->setCurrentIndex(int(section));
}

void BillingPage::update()
{
    const QString org = m_session->currentOrgName();
    if (!m_session->hasSubscription()) {
        m_subtitle->setText(org.isEmpty() ? tr("No organization selected") : org);
        for (QLabel *l : {m_plan, m_credits, m_period, m_monthly})
            l->setText(tr("—"));
        m_status->clear();
        m_renewal->clear();
        m_monthlyDetail->clear();
        m_overviewText->clear();
        m_frozenNotice->hide();
        updateManageButton();
        return;
    }
    const Subscription &s = m_session->subscription();
    const bool current = m_session->isSubscriptionCurrent();
    m_subtitle->setText(tr("%1 · subscription “%2”").arg(org, s.name));
    m_plan->setText(planName(s.type));
    m_status->setText(s.isFrozen() ? tr("● Frozen") : tr("● Active"));
    if (m_status->property("frozen") != QVariant(s.isFrozen())) {
        m_status->setProperty("frozen", s.isFrozen());
        repolish(m_status);
    }
    m_credits->setText(format::money(s.credits.cents()));
    m_period->setText(
        tr("%1 – %2").arg(format::date(s.currentPeriodStart), format::date(s.currentPeriodEnd)));
    m_renewal->setText(tr("Next renewal %1").arg(format::date(s.currentPeriodEnd)));
    m_monthly->setText(format::money(s.monthlyChargeCents()));
    m_monthlyDetail->setText(tr("%1 purchased × %2")
                                 .arg(s.concurrencyLimitPurchased)
                                 .arg(format::money(s.linePriceCents)));
    for (QLabel *l : {m_plan, m_credits, m_period, m_monthly})
        setStale(l, !current);
    m_staleNote->setText(
        tr("Not current: last read at %1. Reconnecting to the service…")
            .arg(QLocale().toString(m_session->subscriptionReadAt().toLocalTime().time(),
                                    QLocale::ShortFormat)));
    m_staleNote->setVisible(!current);

    QString text =
        tr("<p>Your plan includes <b>%1 concurrency lines</b>: up to %1 calls can run at the "
           "same time, inbound, outbound and web calls together. You have bought <b>%2 "
           "more</b>, so the limit is <b>%3 concurrent calls</b>.</p>")
            .arg(s.concurrencyLimitIncluded)
            .arg(s.concurrencyLimitPurchased)
            .arg(s.concurrencyLimit());
    if (s.orgIds.size() > 1)
        text += tr("<p>The %n organizations on this subscription share these lines: a change "
                   "applies to all of them.</p>",
                   nullptr, int(s.orgIds.size()));
    text += tr("<p>Each purchased line costs %1 per month. Lines bought during a period are "
               "charged now, prorated to its end (%2); at each renewal the credits are charged "
               "%1 × purchased lines — %3 at the next renewal. Removing lines refunds the "
               "unused part of the period.</p>")
                .arg(format::money(s.linePriceCents), format::date(s.currentPeriodEnd),
                     format::money(s.monthlyChargeCents()));
    m_overviewText->setText(text);
    if (s.isFrozen())
        m_frozenNotice->showMessage(
            Notice::Kind::Error,
            tr("<b>This subscription is frozen</b>: its credits could not cover the last "
               "renewal. Add credits to reactivate it before changing lines."));
    else
        m_frozenNotice->hide();
    updateManageButton();
}

} // namespace linedesk::ui
