#include "alertbanner.h"

#include "uikit.h"

#include <QPushButton>
#include <QVBoxLayout>

namespace linedesk::ui {

static bool opensBilling(Alert::Kind kind)
{
    return kind == Alert::Kind::RenewalAtRisk || kind == Alert::Kind::Frozen;
}

AlertBanner::AlertBanner(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("alertBanner"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 12, 32, 0);
    m_notice = new Notice(this);
    m_notice->setObjectName(QStringLiteral("alertNotice"));
    m_notice->setAccessibleName(tr("New alert"));
    m_notice->textLabel()->setTextFormat(Qt::PlainText);
    layout->addWidget(m_notice);
    m_openLive = m_notice->addButton(tr("Open &Live"), QStringLiteral("alertOpenLive"));
    m_allAlerts = m_notice->addButton(tr("All alerts"), QStringLiteral("alertOpenAlerts"));
    m_dismiss = m_notice->addButton(tr("Dismiss"), QStringLiteral("alertDismiss"));
    m_dismiss->setToolTip(tr("Hide this notification (the alert stays in the Alerts list)"));
    for (QPushButton *b : {m_openLive, m_allAlerts, m_dismiss})
        b->show();
    m_autoHide.setSingleShot(true);
    m_autoHide.setInterval(10000);
    connect(&m_autoHide, &QTimer::timeout, this, &AlertBanner::dismiss);
    connect(m_openLive, &QPushButton::clicked, this, [this] {
        const AlertNotification n = m_current;
        dismiss();
        if (opensBilling(n.alert.kind))
            Q_EMIT openBillingRequested(n);
        else
            Q_EMIT openLiveRequested(n);
    });
    connect(m_allAlerts, &QPushButton::clicked, this, [this] {
        const AlertNotification n = m_current;
        dismiss();
        Q_EMIT openAlertsRequested(n);
    });
    connect(m_dismiss, &QPushButton::clicked, this, &AlertBanner::dismiss);
    hide();
}

void AlertBanner::present(const AlertNotification &n)
{
    const bool quiet = n.urgency == AlertNotification::Urgency::Quiet;
    // A resolve of something else must not push a firing alert out of sight.
    if (quiet && m_showing && m_current.urgency != AlertNotification::Urgency::Quiet &&
        m_current.alert.id != n.alert.id) {
        ++m_pending;
        m_allAlerts->setText(tr("All alerts (%1)").arg(m_pending));
        return;
    }
    m_current = n;
    ++m_pending;
    m_showing = true;
    Notice::Kind kind = Notice::Kind::Warning;
    if (quiet)
        kind = Notice::Kind::Success;
    else if (n.urgency == AlertNotification::Urgency::Critical)
        kind = Notice::Kind::Error;
    m_notice->showMessage(kind, message());
    m_allAlerts->setText(m_pending > 1 ? tr("All alerts (%1)").arg(m_pending) : tr("All alerts"));
    m_openLive->setText(opensBilling(n.alert.kind) ? tr("Open &Billing") : tr("Open &Live"));
    if (quiet)
        m_autoHide.start();
    else
        m_autoHide.stop();
    show();
}

QString AlertBanner::message() const
{
    if (!m_showing)
        return QString();
    return tr("%1: %2").arg(m_current.title(), m_current.text());
}

void AlertBanner::dismiss()
{
    m_autoHide.stop();
    m_showing = false;
    m_pending = 0;
    hide();
}

} // namespace linedesk::ui
