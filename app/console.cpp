#include "console.h"

#include "apiclient.h"
#include "connectionmonitor.h"
#include "livefeedclient.h"
#include "logging.h"
#include "session.h"
#include "subscriptionhistory.h"
#include "tokenstore.h"

#include <QSettings>

namespace linedesk {

static const QString kServerKey = QStringLiteral("connection/server");

Console::Console(const ConsoleOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_api(new ApiClient(this)),
      m_session(new Session(m_api, this)), m_connection(new ConnectionMonitor(m_api, this)),
      m_tokens(new TokenStore(options.useSecretStore, this)),
      m_history(new SubscriptionHistory(m_session, this)), m_liveFeed(new LiveFeedClient(this))
{
    connect(m_session, &Session::stateChanged, this, &Console::followLiveFeed);
    connect(m_session, &Session::subscriptionChanged, this, &Console::followLiveFeed);
    connect(m_session, &Session::currentOrgChanged, this, &Console::followLiveFeed);
    // A purchase or removal reaches every view at once through the feed.
    connect(
        m_liveFeed, &LiveFeedClient::limitChanged, this,
        [this](const QString &id, qint64, int, int, int, const Subscription &s) {
            if (id == m_session->currentSubscriptionId() && !s.id.isEmpty() &&
                (!m_session->hasSubscription() || s.version >= m_session->subscription().version))
                m_session->applySubscription(s);
        });
    m_refresh.setInterval(10000);
    connect(&m_refresh, &QTimer::timeout, m_session, &Session::refreshSubscription);
    connect(m_session, &Session::stateChanged, this, [this](Session::State s) {
        if (s == Session::State::SignedIn)
            m_refresh.start();
        else
            m_refresh.stop();
    });
    // Numbers read before the connection dropped are not current any more.
    connect(m_connection, &ConnectionMonitor::stateChanged, this,
            [this](ConnectionMonitor::State s) {
                if (s == ConnectionMonitor::State::Offline)
                    m_session->setSubscriptionCurrent(false);
            });
    connect(m_connection, &ConnectionMonitor::reconnected, this, &Console::followLiveFeed);
    connect(m_connection, &ConnectionMonitor::reconnected, this, [this] {
        if (m_session->state() == Session::State::SignedIn) {
            m_session->refreshSubscription();
            m_history->reload();
        } else if (m_session->state() == Session::State::Failed) {
            m_session->signIn(m_session->currentOrgId());
        }
    });
}

Console::~Console() = default;

void Console::followLiveFeed()
{
    const bool signedIn = m_session->state() == Session::State::SignedIn;
    m_liveFeed->setServer(signedIn ? m_api->baseUrl() : QUrl(),
                          signedIn ? m_api->token() : QString());
    m_liveFeed->setSubscription(signedIn ? m_session->currentSubscriptionId() : QString());
}

QUrl Console::serverUrl() const
{
    return m_api->baseUrl();
}

void Console::start()
{
    if (m_options.serverUrl.isValid() && !m_options.serverUrl.isEmpty()) {
        startRemote(m_options.serverUrl, m_options.token);
        return;
    }
    const QString saved = QSettings().value(kServerKey).toString();
    if (!saved.isEmpty() && !m_options.forceEmbedded) {
        startRemote(QUrl(saved), m_options.token);
        return;
    }
    startEmbedded();
}

void Console::startEmbedded()
{
    m_mode = Mode::Embedded;
    Q_EMIT modeChanged(m_mode);
    if (m_embedded && m_embedded->isRunning()) {
        const auto signIns = demoSignIns();
        if (!signIns.isEmpty())
            signInAsDemo(signIns.first());
        return;
    }
    m_embedded = std::make_unique<EmbeddedService>(m_options.dataDir);
    connect(m_embedded.get(), &EmbeddedService::started, this, [this] {
        const auto signIns = demoSignIns();
        // The first sign-in is the demo admin.
        if (signIns.isEmpty()) {
            Q_EMIT embeddedFailed(
                tr("The built-in service has no demo sign-ins (%1 is missing).")
                    .arg(m_embedded->dataDir() + QStringLiteral("/demo-tokens.json")));
            return;
        }
        signInAsDemo(signIns.first());
    });
    connect(m_embedded.get(), &EmbeddedService::failed, this, &Console::embeddedFailed);
    Q_EMIT embeddedStarting();
    m_embedded->start();
}

void Console::startRemote(const QUrl &url, const QString &token)
{
    m_mode = Mode::Remote;
    if (m_embedded)
        m_embedded.reset();
    m_api->setBaseUrl(url);
    Q_EMIT modeChanged(m_mode);
    if (!token.isEmpty()) {
        signInWith(url, token);
        return;
    }
    m_tokens->read(url.toString(), this, [this, url](const QString &stored) {
        if (stored.isEmpty())
            Q_EMIT tokenNeeded(url);
        else
            signInWith(url, stored);
    });
}

void Console::signInWith(const QUrl &url, const QString &token, const QString &preferredOrg)
{
    m_api->setBaseUrl(url);
    m_api->setToken(token);
    m_connection->reset();
    m_session->signIn(preferredOrg);
}

QList<DemoSignIn> Console::demoSignIns() const
{
    if (m_mode != Mode::Embedded || !m_embedded || !m_embedded->isRunning())
        return {};
    return m_embedded->signIns();
}

void Console::signInAsDemo(const DemoSignIn &signIn)
{
    if (!m_embedded || !m_embedded->isRunning())
        return;
    qCInfo(lcSession).noquote() << "demo sign-in as" << signIn.email;
    signInWith(m_embedded->url(), signIn.token, signIn.orgId);
}

void Console::connectToServer(const QUrl &url, const QString &token)
{
    QSettings().setValue(kServerKey, url.toString());
    if (!token.isEmpty())
        m_tokens->write(url.toString(), token);
    startRemote(url, token);
}

void Console::useEmbeddedService()
{
    QSettings().remove(kServerKey);
    startEmbedded();
}

void Console::signOut()
{
    if (m_mode == Mode::Remote)
        m_tokens->remove(m_api->baseUrl().toString());
    m_api->setToken({});
    m_session->signOut();
}

} // namespace linedesk
