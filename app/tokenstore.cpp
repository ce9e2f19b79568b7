#include "tokenstore.h"

#include "logging.h"

#include <QPointer>
#include <qt6keychain/keychain.h>

namespace linedesk {

static const QString kService = QStringLiteral("linedesk");

TokenStore::TokenStore(bool useSecretStore, QObject *parent)
    : QObject(parent), m_backend(useSecretStore ? Backend::SecretStore : Backend::MemoryOnly)
{
    if (!useSecretStore)
        m_reason = tr("the secret store is turned off (LINEDESK_NO_KEYCHAIN)");
}

QString TokenStore::description() const
{
    if (m_backend == Backend::SecretStore)
        return tr("The token is kept in the desktop's secret store.");
    return tr("The token is kept in memory only, for this session: %1. You will be asked for it "
              "again next time.")
        .arg(m_reason);
}

void TokenStore::fallBackToMemory(const QString &reason)
{
    if (m_backend == Backend::MemoryOnly)
        return;
    m_backend = Backend::MemoryOnly;
    m_reason = reason;
    qCWarning(lcSettings).noquote() << "no secret store:" << reason << "- tokens stay in memory";
    Q_EMIT backendChanged(m_backend);
}

void TokenStore::read(const QString &account, QObject *context,
                      std::function<void(const QString &)> done)
{
    if (m_memory.contains(account) || m_backend == Backend::MemoryOnly) {
        const QString token = m_memory.value(account);
        QMetaObject::invokeMethod(
            context, [done, token] { done(token); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [this, guard, done, account](QKeychain::Job *j) {
        auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(j);
        QString token;
        if (j->error() == QKeychain::NoError)
            token = readJob->textData();
        else if (j->error() != QKeychain::EntryNotFound)
            fallBackToMemory(tr("no desktop secret store answered (%1)").arg(j->errorString()));
        if (!token.isEmpty())
            m_memory.insert(account, token);
        if (guard)
            done(token);
    });
    job->start();
}

void TokenStore::write(const QString &account, const QString &token)
{
    m_memory.insert(account, token);
    if (m_backend == Backend::MemoryOnly)
        return;
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError)
            fallBackToMemory(tr("the desktop secret store refused it (%1)").arg(j->errorString()));
    });
    job->start();
}

void TokenStore::remove(const QString &account)
{
    m_memory.remove(account);
    if (m_backend == Backend::MemoryOnly)
        return;
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(account);
    job->start();
}

} // namespace linedesk
