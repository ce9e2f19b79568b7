#include "database.h"

#include "apiexception.h"

#include <QAtomicInteger>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QStringList>

#include <sqlite3.h>

#include <cstring>

Q_LOGGING_CATEGORY(lcStore, "linedesk.server.store", QtInfoMsg)

namespace linedesk::server {

namespace {

// Forward-only migrations. Version N is the list at index N - 1. Never edit a released one;
// append a new version instead. Plain SQL both SQLite and PostgreSQL accept: TEXT ids,
// BIGINT milliseconds since the epoch, INTEGER 0/1 flags, CHECK constraints for invariants.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> list{
        // 1: accounts — catalogue, subscriptions, organizations, users, memberships, tokens.
        {
            QStringLiteral("CREATE TABLE catalogue_item ("
                           " id TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " price_cents BIGINT NOT NULL CHECK (price_cents >= 0),"
                           " currency TEXT NOT NULL DEFAULT 'USD')"),
            QStringLiteral("INSERT INTO catalogue_item (id, name, price_cents, currency) VALUES"
                           " ('concurrency-line', 'Reserved concurrency line, per month', 1000,"
                           " 'USD')"),
            QStringLiteral("CREATE TABLE subscription ("
                           " id TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " type TEXT NOT NULL CHECK (type IN ('pay-as-you-go', 'startup',"
                           "  'growth', 'scale', 'agency', 'enterprise')),"
                           " status TEXT NOT NULL DEFAULT 'active'"
                           "  CHECK (status IN ('active', 'frozen')),"
                           " credits_cents BIGINT NOT NULL CHECK (credits_cents >= 0),"
                           " included_lines INTEGER NOT NULL CHECK (included_lines >= 0),"
                           " purchased_lines INTEGER NOT NULL DEFAULT 0"
                           "  CHECK (purchased_lines >= 0),"
                           " line_cap INTEGER NOT NULL DEFAULT 1000 CHECK (line_cap >= 0),"
                           " active_calls INTEGER NOT NULL DEFAULT 0 CHECK (active_calls >= 0),"
                           " billing_anchor BIGINT NOT NULL,"
                           " period_index INTEGER NOT NULL DEFAULT 0,"
                           " period_start BIGINT NOT NULL,"
                           " period_end BIGINT NOT NULL CHECK (period_end > period_start),"
                           " version BIGINT NOT NULL DEFAULT 1,"
                           " created_at BIGINT NOT NULL,"
                           " updated_at BIGINT NOT NULL,"
                           " CHECK (purchased_lines <= line_cap))"),
            QStringLiteral("CREATE INDEX subscription_period_end ON subscription (period_end)"),
            QStringLiteral("CREATE TABLE org ("
                           " id TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " subscription_id TEXT NOT NULL REFERENCES subscription (id),"
                           " created_at BIGINT NOT NULL,"
                           " updated_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX org_subscription ON org (subscription_id)"),
            QStringLiteral("CREATE TABLE app_user ("
                           " id TEXT PRIMARY KEY,"
                           " email TEXT NOT NULL UNIQUE,"
                           " name TEXT NOT NULL,"
                           " support INTEGER NOT NULL DEFAULT 0 CHECK (support IN (0, 1)),"
                           " created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE membership ("
                           " org_id TEXT NOT NULL REFERENCES org (id),"
                           " user_id TEXT NOT NULL REFERENCES app_user (id),"
                           " role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),"
                           " PRIMARY KEY (org_id, user_id))"),
            QStringLiteral("CREATE INDEX membership_user ON membership (user_id)"),
            QStringLiteral("CREATE TABLE api_token ("
                           " token_hash TEXT PRIMARY KEY,"
                           " user_id TEXT NOT NULL REFERENCES app_user (id),"
                           " label TEXT NOT NULL DEFAULT '',"
                           " created_at BIGINT NOT NULL,"
                           " revoked_at BIGINT)"),
        },
        // 2: the ledger — line changes, credit movements, audit trail, idempotency records.
        {
            QStringLiteral("CREATE TABLE line_change ("
                           " id TEXT PRIMARY KEY,"
                           " subscription_id TEXT NOT NULL REFERENCES subscription (id),"
                           " at BIGINT NOT NULL,"
                           " actor_user_id TEXT REFERENCES app_user (id),"
                           " actor TEXT NOT NULL,"
                           " kind TEXT NOT NULL"
                           "  CHECK (kind IN ('purchase', 'removal', 'renewal-drop')),"
                           " quantity INTEGER NOT NULL CHECK (quantity <> 0),"
                           " purchased_before INTEGER NOT NULL,"
                           " purchased_after INTEGER NOT NULL"
                           "  CHECK (purchased_after = purchased_before + quantity),"
                           " amount_cents BIGINT NOT NULL,"
                           " idempotency_key TEXT,"
                           " request_id TEXT)"),
            QStringLiteral("CREATE INDEX line_change_subscription_at"
                           " ON line_change (subscription_id, at, id)"),
            QStringLiteral("CREATE TABLE credit_movement ("
                           " id TEXT PRIMARY KEY,"
                           " subscription_id TEXT NOT NULL REFERENCES subscription (id),"
                           " at BIGINT NOT NULL,"
                           " amount_cents BIGINT NOT NULL,"
                           " kind TEXT NOT NULL CHECK (kind IN ('opening', 'top-up',"
                           "  'line-purchase', 'line-refund', 'renewal')),"
                           " balance_after_cents BIGINT NOT NULL CHECK (balance_after_cents >= 0),"
                           " reference TEXT)"),
            QStringLiteral("CREATE INDEX credit_movement_subscription"
                           " ON credit_movement (subscription_id, at)"),
            QStringLiteral("CREATE TABLE audit_entry ("
                           " id TEXT PRIMARY KEY,"
                           " subscription_id TEXT REFERENCES subscription (id),"
                           " at BIGINT NOT NULL,"
                           " actor_user_id TEXT REFERENCES app_user (id),"
                           " actor TEXT NOT NULL,"
                           " action TEXT NOT NULL,"
                           " before_json TEXT NOT NULL,"
                           " after_json TEXT NOT NULL,"
                           " reason TEXT NOT NULL DEFAULT '',"
                           " request_id TEXT)"),
            QStringLiteral("CREATE INDEX audit_entry_subscription_at"
                           " ON audit_entry (subscription_id, at, id)"),
            QStringLiteral("CREATE TABLE idempotency_record ("
                           " user_id TEXT NOT NULL REFERENCES app_user (id),"
                           " idempotency_key TEXT NOT NULL,"
                           " request_hash TEXT NOT NULL,"
                           " status INTEGER NOT NULL,"
                           " response_body TEXT NOT NULL,"
                           " created_at BIGINT NOT NULL,"
                           " PRIMARY KEY (user_id, idempotency_key))"),
            QStringLiteral("CREATE INDEX idempotency_record_created"
                           " ON idempotency_record (created_at)"),
        },
        // 3: calls and their history — admission with leases, per-second and per-minute use.
        {
            QStringLiteral("CREATE TABLE call ("
                           " id TEXT PRIMARY KEY,"
                           " subscription_id TEXT NOT NULL REFERENCES subscription (id),"
                           " org_id TEXT NOT NULL REFERENCES org (id),"
                           " created_by TEXT REFERENCES app_user (id),"
                           " type TEXT NOT NULL CHECK (type IN ('inboundPhoneCall',"
                           "  'outboundPhoneCall', 'webCall')),"
                           " status TEXT NOT NULL CHECK (status IN ('in-progress', 'ended')),"
                           " created_at BIGINT NOT NULL,"
                           " ended_at BIGINT,"
                           " ended_reason TEXT,"
                           " last_heartbeat_at BIGINT,"
                           " lease_expires_at BIGINT,"
                           " blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),"
                           " limit_at_start INTEGER NOT NULL,"
                           " remaining_at_start INTEGER NOT NULL,"
                           " details TEXT NOT NULL DEFAULT '{}',"
                           " CHECK ((status = 'ended') = (ended_at IS NOT NULL)))"),
            QStringLiteral("CREATE INDEX call_lease ON call (lease_expires_at)"
                           " WHERE status = 'in-progress'"),
            QStringLiteral("CREATE INDEX call_subscription_created"
                           " ON call (subscription_id, created_at)"),
            QStringLiteral("CREATE INDEX call_org_created ON call (org_id, created_at)"),
            // One row per subscription and second in which something happened; a second
            // without a row repeats the last row's active count and limit.
            QStringLiteral("CREATE TABLE concurrency_second ("
                           " subscription_id TEXT NOT NULL REFERENCES subscription (id),"
                           " t BIGINT NOT NULL,"
                           " max_active INTEGER NOT NULL,"
                           " last_active INTEGER NOT NULL,"
                           " blocked INTEGER NOT NULL DEFAULT 0,"
                           " line_limit INTEGER NOT NULL,"
                           " PRIMARY KEY (subscription_id, t))"),
            // Rolled up from seconds older than 48 hours; kept 90 days.
            QStringLiteral("CREATE TABLE concurrency_minute ("
                           " subscription_id TEXT NOT NULL REFERENCES subscription (id),"
                           " t BIGINT NOT NULL,"
                           " max_active INTEGER NOT NULL,"
                           " min_active INTEGER NOT NULL,"
                           " avg_active_milli BIGINT NOT NULL,"
                           " last_active INTEGER NOT NULL,"
                           " blocked INTEGER NOT NULL DEFAULT 0,"
                           " line_limit INTEGER NOT NULL,"
                           " PRIMARY KEY (subscription_id, t))"),
        },
        // 4: support's inspector — search index, 24-hour usage figures, an index per sort.
        {
            // Refreshed by the service every 10 s of its clock (Inspector::refreshUsage).
            QStringLiteral("ALTER TABLE subscription ADD COLUMN peak_24h INTEGER NOT NULL"
                           " DEFAULT 0"),
            QStringLiteral("ALTER TABLE subscription ADD COLUMN blocked_24h INTEGER NOT NULL"
                           " DEFAULT 0"),
            QStringLiteral("ALTER TABLE subscription ADD COLUMN utilisation_percent INTEGER"
                           " NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE subscription ADD COLUMN usage_at BIGINT NOT NULL"
                           " DEFAULT 0"),
            // The orgs' names, sorted and joined, kept by the triggers below (sort by orgs).
            QStringLiteral("ALTER TABLE subscription ADD COLUMN org_names TEXT NOT NULL"
                           " DEFAULT ''"),
            // One document per subscription: its name and id, its orgs' names and ids and
            // their users' emails. Trigram: any substring of 3+ characters is an index lookup.
            QStringLiteral("CREATE VIRTUAL TABLE subscription_search USING fts5(doc,"
                           " tokenize = 'trigram')"),
            QStringLiteral(
                "CREATE VIEW subscription_search_doc (sid, rid, doc) AS SELECT s.id, s.rowid,"
                " s.name || char(10) || s.id || char(10) ||"
                " coalesce((SELECT group_concat(o.name || char(10) || o.id, char(10)) FROM org o"
                "  WHERE o.subscription_id = s.id), '') || char(10) ||"
                " coalesce((SELECT group_concat(u.email, char(10)) FROM org o"
                "  JOIN membership m ON m.org_id = o.id JOIN app_user u ON u.id = m.user_id"
                "  WHERE o.subscription_id = s.id), '')"
                " FROM subscription s"),
            QStringLiteral("INSERT INTO subscription_search (rowid, doc)"
                           " SELECT rid, doc FROM subscription_search_doc"),
            QStringLiteral(
                "UPDATE subscription SET org_names = coalesce((SELECT group_concat(name,"
                " ', ') FROM (SELECT name FROM org WHERE subscription_id = subscription.id"
                " ORDER BY name COLLATE NOCASE, id)), '')"),
            QStringLiteral("CREATE TRIGGER subscription_search_insert AFTER INSERT ON subscription"
                           " BEGIN"
                           " INSERT INTO subscription_search (rowid, doc)"
                           "  SELECT rid, doc FROM subscription_search_doc WHERE sid = new.id;"
                           " END"),
            QStringLiteral("CREATE TRIGGER subscription_search_rename AFTER UPDATE OF name"
                           " ON subscription BEGIN"
                           " DELETE FROM subscription_search WHERE rowid = new.rowid;"
                           " INSERT INTO subscription_search (rowid, doc)"
                           "  SELECT rid, doc FROM subscription_search_doc WHERE sid = new.id;"
                           " END"),
            QStringLiteral("CREATE TRIGGER subscription_search_delete AFTER DELETE ON subscription"
                           " BEGIN DELETE FROM subscription_search WHERE rowid = old.rowid; END"),
            // Re-index one subscription: its document and its org_names.
            QStringLiteral("CREATE TABLE subscription_search_dirty (sid TEXT NOT NULL)"),
            QStringLiteral(
                "CREATE TRIGGER subscription_search_reindex AFTER INSERT ON"
                " subscription_search_dirty BEGIN"
                " DELETE FROM subscription_search WHERE rowid ="
                "  (SELECT rowid FROM subscription WHERE id = new.sid);"
                " INSERT INTO subscription_search (rowid, doc)"
                "  SELECT rid, doc FROM subscription_search_doc WHERE sid = new.sid;"
                " UPDATE subscription SET org_names = coalesce((SELECT group_concat(name, ', ')"
                "  FROM (SELECT name FROM org WHERE subscription_id = new.sid"
                "  ORDER BY name COLLATE NOCASE, id)), '') WHERE id = new.sid;"
                " DELETE FROM subscription_search_dirty WHERE rowid = new.rowid;"
                " END"),
            QStringLiteral("CREATE TRIGGER org_search_insert AFTER INSERT ON org BEGIN"
                           " INSERT INTO subscription_search_dirty VALUES (new.subscription_id);"
                           " END"),
            QStringLiteral("CREATE TRIGGER org_search_update AFTER UPDATE OF name, subscription_id"
                           " ON org BEGIN"
                           " INSERT INTO subscription_search_dirty VALUES (old.subscription_id);"
                           " INSERT INTO subscription_search_dirty SELECT new.subscription_id"
                           "  WHERE new.subscription_id <> old.subscription_id;"
                           " END"),
            QStringLiteral("CREATE TRIGGER org_search_delete AFTER DELETE ON org BEGIN"
                           " INSERT INTO subscription_search_dirty VALUES (old.subscription_id);"
                           " END"),
            QStringLiteral("CREATE TRIGGER membership_search_insert AFTER INSERT ON membership"
                           " BEGIN INSERT INTO subscription_search_dirty"
                           "  SELECT subscription_id FROM org WHERE id = new.org_id; END"),
            QStringLiteral("CREATE TRIGGER membership_search_delete AFTER DELETE ON membership"
                           " BEGIN INSERT INTO subscription_search_dirty"
                           "  SELECT subscription_id FROM org WHERE id = old.org_id; END"),
            QStringLiteral("CREATE TRIGGER user_search_email AFTER UPDATE OF email ON app_user"
                           " BEGIN INSERT INTO subscription_search_dirty"
                           "  SELECT DISTINCT o.subscription_id FROM org o"
                           "  JOIN membership m ON m.org_id = o.id WHERE m.user_id = new.id; END"),
            // Keyset paging in every sort order is an index range scan.
            QStringLiteral("CREATE INDEX subscription_by_name ON subscription"
                           " (name COLLATE NOCASE, id)"),
            QStringLiteral("CREATE INDEX subscription_by_orgs ON subscription"
                           " (org_names COLLATE NOCASE, id)"),
            QStringLiteral("CREATE INDEX subscription_by_created ON subscription (created_at, id)"),
            QStringLiteral("CREATE INDEX subscription_by_updated ON subscription (updated_at, id)"),
            QStringLiteral("CREATE INDEX subscription_by_type ON subscription (type, id)"),
            QStringLiteral("CREATE INDEX subscription_by_status ON subscription (status, id)"),
            QStringLiteral("CREATE INDEX subscription_by_credits ON subscription"
                           " (credits_cents, id)"),
            QStringLiteral("CREATE INDEX subscription_by_active ON subscription"
                           " (active_calls, id)"),
            QStringLiteral("CREATE INDEX subscription_by_included ON subscription"
                           " (included_lines, id)"),
            QStringLiteral("CREATE INDEX subscription_by_purchased ON subscription"
                           " (purchased_lines, id)"),
            QStringLiteral("CREATE INDEX subscription_by_limit ON subscription"
                           " ((included_lines + purchased_lines), id)"),
            QStringLiteral("CREATE INDEX subscription_by_peak ON subscription (peak_24h, id)"),
            QStringLiteral("CREATE INDEX subscription_by_blocked ON subscription"
                           " (blocked_24h, id)"),
            QStringLiteral("CREATE INDEX subscription_by_utilisation ON subscription"
                           " (utilisation_percent, id)"),
            // Subscriptions at their limit now (the at-limit filter): usually few.
            QStringLiteral("CREATE INDEX subscription_at_limit ON subscription (id)"
                           " WHERE active_calls >= included_lines + purchased_lines"),
            // The usage refresh reads the last 24 hours of every subscription.
            QStringLiteral("CREATE INDEX concurrency_second_t ON concurrency_second (t)"),
            // A subscription's calls in progress (support's detail view).
            QStringLiteral("CREATE INDEX call_in_progress ON call (subscription_id, created_at)"
                           " WHERE status = 'in-progress'"),
        },
    };
    return list;
}

QAtomicInteger<quint64> s_connectionCounter;
QAtomicInteger<quint64> s_identityGeneration;

} // namespace

Database::~Database()
{
    // Ours first: SQLite will not close a connection with statements still prepared on it.
    finalizeStatements();
    if (m_handle)
        sqlite3_update_hook(m_handle, nullptr, nullptr);
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

std::unique_ptr<Database> Database::openSqlite(const QString &path)
{
    std::unique_ptr<Database> d(new Database);
    d->m_path = path;
    d->m_connectionName =
        QStringLiteral("linedesk-%1").arg(s_connectionCounter.fetchAndAddRelaxed(1));
    d->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->m_connectionName);
    d->m_db.setDatabaseName(path);
    // Writers wait for each other instead of failing at once (several threads or processes).
    d->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
    if (!d->m_db.open())
        throw DatabaseException(
            QStringLiteral("cannot open database %1: %2").arg(path, d->m_db.lastError().text()));
    // Debian's Qt SQLite driver links the system libsqlite3, the library linked here: the hot
    // paths use the driver's own connection through the C API (Statement).
    const QVariant handle = d->m_db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0 ||
        !*static_cast<sqlite3 *const *>(handle.constData()))
        throw DatabaseException(
            QStringLiteral("cannot open database %1: no SQLite handle from the Qt driver")
                .arg(path));
    d->m_handle = *static_cast<sqlite3 *const *>(handle.constData());
    sqlite3_update_hook(d->m_handle, &Database::onRowChanged, d.get());
    d->execRaw(QStringLiteral("PRAGMA journal_mode=WAL"));
    // In WAL mode NORMAL syncs at checkpoints only: a power cut may lose the last commits,
    // never corrupt the file.
    d->execRaw(QStringLiteral("PRAGMA synchronous=NORMAL"));
    // 64 MiB of page cache (the default is 2 MiB): support's search reads indexes across a
    // database of hundreds of MiB at platform scale.
    d->execRaw(QStringLiteral("PRAGMA cache_size=-65536"));
    d->execRaw(QStringLiteral("PRAGMA foreign_keys=ON"));
    return d;
}

void Database::finalizeStatements()
{
    for (sqlite3_stmt *stmt : std::as_const(m_statements))
        sqlite3_finalize(stmt);
    m_statements.clear();
}

void Database::onRowChanged(void *self, int, const char *, const char *table, long long)
{
    if (std::strcmp(table, "app_user") == 0 || std::strcmp(table, "api_token") == 0) {
        static_cast<Database *>(self)->m_identityTouched = true;
        s_identityGeneration.fetchAndAddOrdered(1);
    }
}

void Database::publishIdentityChange()
{
    // Bumped again once the change is committed, so a cache that re-read the row between the
    // write and its commit (and so saw the old row) is invalidated once more.
    if (m_identityTouched && m_transactionDepth == 0) {
        m_identityTouched = false;
        s_identityGeneration.fetchAndAddOrdered(1);
    }
}

quint64 Database::identityGeneration()
{
    return s_identityGeneration.loadAcquire();
}

Database::Statement Database::statement(const char *sql)
{
    return statement(QByteArray::fromRawData(sql, qsizetype(std::strlen(sql))));
}

Database::Statement Database::statement(const QByteArray &sql)
{
    sqlite3_stmt *stmt = m_statements.value(sql);
    if (!stmt) {
        const int rc = sqlite3_prepare_v3(m_handle, sql.constData(), int(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK || !stmt) {
            sqlite3_finalize(stmt);
            throw DatabaseException(
                QStringLiteral("prepare %1: %2")
                    .arg(QString::fromUtf8(sql), QString::fromUtf8(sqlite3_errmsg(m_handle))));
        }
        m_statements.insert(QByteArray(sql.constData(), sql.size()), stmt);
    }
    return Statement(*this, stmt);
}

Database::Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)), m_done(other.m_done)
{}

Database::Statement::~Statement()
{
    if (!m_stmt)
        return;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_db->publishIdentityChange();
}

void Database::Statement::fail(int rc) const
{
    QString message = QString::fromUtf8(sqlite3_errmsg(m_db->m_handle));
    if (message.isEmpty())
        message = QString::fromUtf8(sqlite3_errstr(rc));
    throw DatabaseException(
        QStringLiteral("%1: %2").arg(QString::fromUtf8(sqlite3_sql(m_stmt)), message));
}

Database::Statement &Database::Statement::bind(int index, qint64 value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        fail(rc);
    return *this;
}

Database::Statement &Database::Statement::bind(int index, const QString &value)
{
    if (value.isNull())
        return bindNull(index);
    const QByteArray utf8 = value.toUtf8();
    const int rc =
        sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        fail(rc);
    return *this;
}

Database::Statement &Database::Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        fail(rc);
    return *this;
}

bool Database::Statement::step()
{
    if (m_done)
        return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    m_done = true;
    if (rc == SQLITE_DONE)
        return false;
    fail(rc);
}

int Database::Statement::run()
{
    while (step()) {
    }
    return sqlite3_changes(m_db->m_handle);
}

bool Database::Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 Database::Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QString Database::Statement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!data)
        return QString();
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QVariant Database::Statement::nullableInt64(int column) const
{
    return isNull(column) ? QVariant() : QVariant(qint64(sqlite3_column_int64(m_stmt, column)));
}

void Database::execRaw(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        throw DatabaseException(QStringLiteral("%1: %2").arg(sql, q.lastError().text()));
}

int Database::latestVersion()
{
    return int(migrations().size());
}

int Database::schemaVersion()
{
    execRaw(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    QSqlQuery q = exec(QStringLiteral("SELECT MAX(version) FROM schema_version"));
    return q.next() ? q.value(0).toInt() : 0;
}

int Database::migrate(int target)
{
    if (target < 0 || target > latestVersion())
        target = latestVersion();
    int version = schemaVersion();
    if (version > latestVersion())
        throw DatabaseException(
            QStringLiteral("database %1 has schema version %2, newer than this program's %3; "
                           "use a newer linedesk-server")
                .arg(m_path)
                .arg(version)
                .arg(latestVersion()));
    while (version < target) {
        Transaction tx(*this);
        // Re-read inside the write lock: another process may have migrated meanwhile.
        QSqlQuery q = exec(QStringLiteral("SELECT MAX(version) FROM schema_version"));
        const int current = q.next() ? q.value(0).toInt() : 0;
        if (current >= target) {
            version = current;
            break;
        }
        for (const QString &statement : migrations().at(current))
            execRaw(statement);
        exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (:v)"),
             {{":v", current + 1}});
        tx.commit();
        version = current + 1;
        qCInfo(lcStore) << "migrated" << m_path << "to schema version" << version;
    }
    return version;
}

QSqlQuery Database::exec(const QString &sql,
                         std::initializer_list<std::pair<const char *, QVariant>> binds)
{
    QSqlQuery q(m_db);
    if (!q.prepare(sql))
        throw DatabaseException(QStringLiteral("prepare %1: %2").arg(sql, q.lastError().text()));
    for (const auto &[name, value] : binds)
        q.bindValue(QLatin1String(name), value);
    if (!q.exec())
        throw DatabaseException(QStringLiteral("%1: %2").arg(sql, q.lastError().text()));
    publishIdentityChange();
    return q;
}

QSqlQuery Database::exec(const QString &sql, const QVariantMap &binds)
{
    QSqlQuery q(m_db);
    if (!q.prepare(sql))
        throw DatabaseException(QStringLiteral("prepare %1: %2").arg(sql, q.lastError().text()));
    for (auto it = binds.cbegin(); it != binds.cend(); ++it)
        q.bindValue(it.key(), it.value());
    if (!q.exec())
        throw DatabaseException(QStringLiteral("%1: %2").arg(sql, q.lastError().text()));
    publishIdentityChange();
    return q;
}

Database::Transaction::Transaction(Database &db) : m_db(db), m_depth(db.m_transactionDepth)
{
    if (m_depth == 0)
        m_db.statement("BEGIN IMMEDIATE").run();
    else
        m_db.execRaw(QStringLiteral("SAVEPOINT linedesk_%1").arg(m_depth));
    ++m_db.m_transactionDepth;
}

Database::Transaction::~Transaction()
{
    if (!m_open)
        return;
    --m_db.m_transactionDepth;
    if (m_depth == 0) {
        // Not through Statement: no exception may leave a destructor.
        sqlite3_stmt *rollback = nullptr;
        int rc = sqlite3_prepare_v2(m_db.m_handle, "ROLLBACK", -1, &rollback, nullptr);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(rollback);
        sqlite3_finalize(rollback);
        if (rc != SQLITE_DONE)
            qCWarning(lcStore) << "rollback failed:" << sqlite3_errmsg(m_db.m_handle);
        m_db.publishIdentityChange();
        return;
    }
    QSqlQuery q(m_db.m_db);
    const bool ok = q.exec(QStringLiteral("ROLLBACK TO SAVEPOINT linedesk_%1").arg(m_depth)) &&
                    q.exec(QStringLiteral("RELEASE SAVEPOINT linedesk_%1").arg(m_depth));
    if (!ok)
        qCWarning(lcStore) << "rollback failed:" << q.lastError().text();
}

void Database::Transaction::commit()
{
    if (m_depth == 0)
        m_db.statement("COMMIT").run();
    else
        m_db.execRaw(QStringLiteral("RELEASE SAVEPOINT linedesk_%1").arg(m_depth));
    --m_db.m_transactionDepth;
    m_open = false;
    m_db.publishIdentityChange();
}

} // namespace linedesk::server
