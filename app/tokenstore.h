#pragma once

#include <QHash>
#include <QObject>

#include <functional>

namespace linedesk {

// Where the console keeps API tokens: the desktop's secret store (qtkeychain) when one runs,
// otherwise only in memory for this run. Never in a config file.
class TokenStore : public QObject
{
    Q_OBJECT
public:
    enum class Backend
    {
        SecretStore,
        MemoryOnly
    };
    Q_ENUM(Backend)

    explicit TokenStore(bool useSecretStore, QObject *parent = nullptr);

    Backend backend() const { return m_backend; }
    // A sentence for the settings dialog.
    QString description() const;

    // Answers asynchronously with the token for `account` (empty if none).
    void read(const QString &account, QObject *context, std::function<void(const QString &)> done);
    void write(const QString &account, const QString &token);
    void remove(const QString &account);

Q_SIGNALS:
    void backendChanged(linedesk::TokenStore::Backend backend);

private:
    void fallBackToMemory(const QString &reason);

    Backend m_backend;
    QString m_reason;
    QHash<QString, QString> m_memory;
};

} // namespace linedesk
