#pragma once

#include "consoleoptions.h"
#include "embeddedservice.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

namespace linedesk {

class ApiClient;
class ConnectionMonitor;
class LiveFeedClient;
class Session;
class SubscriptionHistory;
class TokenStore;

// The console minus its widgets: which service it talks to (the embedded one or a remote
// linedesk-server), the API client, the session, the connection state, the token store.
class Console : public QObject
{
    Q_OBJECT
public:
    enum class Mode
    {
        Embedded,
        Remote
    };
    Q_ENUM(Mode)

    explicit Console(const ConsoleOptions &options, QObject *parent = nullptr);
    ~Console() override;

    // Decides the mode (command line, environment, saved settings, else embedded) and signs in.
    void start();

    Mode mode() const { return m_mode; }
    QUrl serverUrl() const;
    ApiClient *api() const { return m_api; }
    Session *session() const { return m_session; }
    ConnectionMonitor *connection() const { return m_connection; }
    TokenStore *tokens() const { return m_tokens; }
    SubscriptionHistory *history() const { return m_history; }
    // The live feed of the current subscription (GET /live), shared by every view.
    LiveFeedClient *liveFeed() const { return m_liveFeed; }
    EmbeddedService *embedded() const { return m_embedded.get(); }
    bool isEmbeddedStarting() const { return m_embedded && m_embedded->isStarting(); }

    // The embedded demo's sign-ins (empty in remote mode).
    QList<DemoSignIn> demoSignIns() const;
    void signInAsDemo(const DemoSignIn &signIn);

    // From the settings dialog: a remote server (remembered; the token goes to the token store).
    void connectToServer(const QUrl &url, const QString &token);
    // From the settings dialog: back to the built-in service (the saved server is forgotten).
    void useEmbeddedService();
    void signOut();

    // How often the subscription is re-read while signed in (default 10 s).
    void setRefreshInterval(int ms) { m_refresh.setInterval(ms); }

Q_SIGNALS:
    void modeChanged(linedesk::Console::Mode mode);
    void embeddedStarting();
    void embeddedFailed(const QString &error);
    // Remote mode without a token: the UI asks for one.
    void tokenNeeded(const QUrl &server);

private:
    void startEmbedded();
    void startRemote(const QUrl &url, const QString &token);
    void followLiveFeed();
    void signInWith(const QUrl &url, const QString &token, const QString &preferredOrg = {});

    ConsoleOptions m_options;
    Mode m_mode = Mode::Embedded;
    ApiClient *m_api;
    Session *m_session;
    ConnectionMonitor *m_connection;
    TokenStore *m_tokens;
    SubscriptionHistory *m_history;
    LiveFeedClient *m_liveFeed;
    std::unique_ptr<EmbeddedService> m_embedded;
    QTimer m_refresh;
};

} // namespace linedesk
