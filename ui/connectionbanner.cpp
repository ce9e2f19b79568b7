#include "connectionbanner.h"

#include "connectionmonitor.h"
#include "console.h"
#include "session.h"
#include "uikit.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QPushButton>

namespace linedesk::ui {

ConnectionBanner::ConnectionBanner(Console *console, QWidget *parent)
    : QFrame(parent), m_console(console)
{
    setObjectName(QStringLiteral("connectionBanner"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(32, 10, 32, 10);
    layout->setSpacing(10);
    m_icon = new QLabel(this);
    m_icon->setFixedSize(20, 20);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("bannerText"));
    m_text->setWordWrap(true);
    m_action = makeButton(tr("Reconnect &now"), nullptr, this);
    m_action->setObjectName(QStringLiteral("reconnectButton"));
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    connect(m_action, &QPushButton::clicked, console->connection(),
            &ConnectionMonitor::reconnectNow);

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ConnectionBanner::update);
    connect(console->connection(), &ConnectionMonitor::stateChanged, this,
            &ConnectionBanner::update);
    connect(console->connection(), &ConnectionMonitor::retryScheduled, this,
            &ConnectionBanner::update);
    connect(console->session(), &Session::stateChanged, this, &ConnectionBanner::update);
    connect(console, &Console::embeddedStarting, this, [this] {
        m_embeddedError.clear();
        update();
    });
    connect(console, &Console::embeddedFailed, this, [this](const QString &e) {
        m_embeddedError = e;
        update();
    });
    if (console->embedded())
        connect(console->embedded(), &EmbeddedService::started, this, &ConnectionBanner::update);
    connect(console, &Console::modeChanged, this, [this] {
        if (m_console->embedded())
            connect(m_console->embedded(), &EmbeddedService::started, this,
                    &ConnectionBanner::update, Qt::UniqueConnection);
        update();
    });
    update();
}

QString ConnectionBanner::message() const
{
    return isVisible() || !isHidden() ? m_text->text() : QString();
}

void ConnectionBanner::update()
{
    ConnectionMonitor *c = m_console->connection();
    Session *s = m_console->session();
    QString kind = QStringLiteral("error");
    QString text;
    bool showAction = false;
    if (!m_embeddedError.isEmpty()) {
        text = tr("<b>The built-in service could not start.</b> %1 Open Settings to connect to a "
                  "Linedesk server instead.")
                   .arg(m_embeddedError.toHtmlEscaped());
    } else if (m_console->isEmbeddedStarting()) {
        kind = QStringLiteral("info");
        text = tr("Starting the built-in Linedesk service with demo data…");
    } else if (c->state() == ConnectionMonitor::State::Offline) {
        const QDateTime next = c->nextAttemptAt();
        const qint64 secs =
            next.isValid()
                ? qMax<qint64>(0, (QDateTime::currentDateTimeUtc().msecsTo(next) + 999) / 1000)
                : 0;
        text = tr("<b>Connection to the service lost.</b> %1 %2")
                   .arg(c->lastError().toHtmlEscaped(),
                        next.isValid() ? tr("Trying again in %n s.", nullptr, int(secs))
                                       : tr("Trying again…"));
        showAction = true;
    } else if (s->state() == Session::State::Failed) {
        text = tr("<b>Could not sign in.</b> %1").arg(s->failure().toHtmlEscaped());
    } else if (s->state() == Session::State::SigningIn) {
        kind = QStringLiteral("info");
        text = tr("Signing in…");
    }
    if (text.isEmpty()) {
        m_tick.stop();
        hide();
        return;
    }
    if (property("kind").toString() != kind) {
        setProperty("kind", kind);
        repolish(this);
        repolish(m_text);
    }
    m_icon->setPixmap(QIcon(kind == QLatin1String("info")
                                ? QStringLiteral(":/linedesk/icons/check.svg")
                                : QStringLiteral(":/linedesk/icons/offline.svg"))
                          .pixmap(QSize(20, 20), devicePixelRatioF()));
    m_icon->setVisible(kind != QLatin1String("info"));
    m_text->setText(text);
    m_action->setVisible(showAction);
    if (c->state() == ConnectionMonitor::State::Offline)
        m_tick.start();
    else
        m_tick.stop();
    show();
}

} // namespace linedesk::ui
