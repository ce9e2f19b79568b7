#pragma once

#include <QByteArray>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <functional>
#include <initializer_list>
#include <memory>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace linedesk::server {

// One connection to the service's database, owned by one thread: a SQLite file (WAL mode)
// or a PostgreSQL database that several instances share. Creates and migrates the schema
// (forward only, each migration in its own transaction). The domain's SQL keeps to what both
// accept; the few spellings that differ are asked of the connection (greatestFunction(),
// isPostgres()), and so are the row locks PostgreSQL needs where SQLite's single writer
// serialised on its own (lockRow()).
class Database
{
public:
    enum class Backend
    {
        Sqlite,
        Postgres
    };

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // `location` is a SQLite file (created if needed) or a PostgreSQL URI in libpq's form,
    // postgresql://user[:password]@host[:port]/dbname[?params] (a password may also come
    // from PGPASSWORD or ~/.pgpass). Throws DatabaseException on failure; its message never
    // holds the password.
    static std::unique_ptr<Database> open(const QString &location);
    static std::unique_ptr<Database> openSqlite(const QString &path);
    static std::unique_ptr<Database> openPostgres(const QString &uri);
    static bool isPostgresUri(const QString &location);
    // The location to print or log: a URI without its password.
    static QString displayName(const QString &location);

    Backend backend() const { return m_backend; }
    bool isPostgres() const { return m_backend == Backend::Postgres; }

    // Applies every migration up to `target` (default: all). Returns the version reached.
    // Refuses a database whose version is newer than this program knows.
    int migrate(int target = -1);
    int schemaVersion();
    static int latestVersion();
    const QString &path() const { return m_path; } // displayName() of the location

    QSqlDatabase &connection() { return m_db; }
    // The SQL spelling of the two-argument maximum: MAX(a, b) in SQLite, GREATEST in PostgreSQL.
    QString greatestFunction() const
    {
        return isPostgres() ? QStringLiteral("GREATEST") : QStringLiteral("MAX");
    }
    // Inside a Transaction: locks one row of `table` (by its id) until the transaction ends,
    // so that a read-then-write on it is not interleaved with another instance's. SQLite's
    // BEGIN IMMEDIATE already holds the one write lock: nothing to do there.
    void lockRow(const char *table, const QString &id);
    // What crosses instances on PostgreSQL (LISTEN/NOTIFY): notify() sends `payload` on
    // `channel` (at commit when inside a transaction); listen() has `handler` called, on this
    // connection's thread, for every payload another connection sent on it. SQLite: one
    // process, nothing to carry; both do nothing.
    void notify(const QString &channel, const QString &payload);
    void listen(const QString &channel, std::function<void(const QString &payload)> handler);

    // Inside a Transaction: serialises everyone who asks for the same key (PostgreSQL's
    // transaction-level advisory lock; nothing on SQLite, whose writers are serial).
    void lockKey(const QString &key);

    // Prepares and runs `sql` with named bindings; throws DatabaseException on failure.
    QSqlQuery exec(const QString &sql,
                   std::initializer_list<std::pair<const char *, QVariant>> binds = {});
    QSqlQuery exec(const QString &sql, const QVariantMap &binds);

    // A statement of the hot paths, prepared once per connection and kept (raw SQLite: no
    // re-parse, no QVariant). Positional parameters ?1, ?2, ... are bound from 1. The handle
    // resets the statement (and clears its bindings) when it goes out of scope, so a SELECT
    // never keeps its WAL read snapshot past its use: keep a Statement's scope short and
    // never hold two handles on the same SQL at once. Throws DatabaseException on failure.
    class Statement
    {
    public:
        Statement(Statement &&other) noexcept;
        Statement(const Statement &) = delete;
        Statement &operator=(const Statement &) = delete;
        Statement &operator=(Statement &&) = delete;
        ~Statement();

        Statement &bind(int index, qint64 value);
        Statement &bind(int index, int value) { return bind(index, qint64(value)); }
        Statement &bind(int index, const QString &value); // a null QString binds NULL
        Statement &bindNull(int index);
        // Steps once: true while there is a row to read, false when done.
        bool step();
        // Runs a statement without result rows (or ignores them); returns the rows changed.
        int run();

        bool isNull(int column) const;
        qint64 int64(int column) const;
        int integer(int column) const { return int(int64(column)); }
        QString text(int column) const;
        // An INTEGER column as a QVariant (invalid QVariant() for NULL).
        QVariant nullableInt64(int column) const;

    private:
        friend class Database;
        Statement(Database &db, sqlite3_stmt *stmt) : m_db(&db), m_stmt(stmt) {}
        Statement(Database &db, QSqlQuery *query) : m_db(&db), m_stmt(nullptr), m_query(query) {}
        [[noreturn]] void fail(int rc) const;
        [[noreturn]] void failQuery() const;

        Database *m_db;
        sqlite3_stmt *m_stmt;         // SQLite
        QSqlQuery *m_query = nullptr; // PostgreSQL: the kept prepared query
        bool m_executed = false;
        bool m_done = false; // stepping again would run the statement again: it must not
    };
    // `sql` is the cache key: pass the same text (usually a string literal) every time.
    Statement statement(const char *sql);
    Statement statement(const QByteArray &sql);

    // Bumped (process-wide) whenever a connection opened here writes a row of app_user or
    // api_token; caches of who a token belongs to compare it to notice local changes at once.
    static quint64 identityGeneration();

    // A write transaction that takes the write lock at once (SQLite BEGIN IMMEDIATE), so two
    // writers never both read and then fail to upgrade. Rolled back unless committed. Nested
    // inside another, it is a savepoint: its rollback undoes only its own part.
    class Transaction
    {
    public:
        explicit Transaction(Database &db);
        ~Transaction();
        void commit();

    private:
        Database &m_db;
        int m_depth = 0;
        bool m_open = true;
    };

private:
    Database() = default;
    void execRaw(const QString &sql);
    QVariant bindable(const QVariant &value) const;
    QSqlQuery execPostgres(const QString &sql, const QVariantMap &binds);
    const QList<QStringList> &migrations() const;
    void finalizeStatements();
    static void onRowChanged(void *self, int op, const char *database, const char *table,
                             long long rowid);
    void publishIdentityChange();
    void noteIdentityWrite();

    Backend m_backend = Backend::Sqlite;
    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    int m_transactionDepth = 0;
    sqlite3 *m_handle = nullptr;                     // the Qt driver's own connection
    QHash<QByteArray, sqlite3_stmt *> m_statements;  // by SQL text
    QHash<QByteArray, QSqlQuery *> m_queries;        // PostgreSQL: by SQL text, prepared once
    QHash<const QSqlQuery *, bool> m_identityWrites; // PostgreSQL: writes app_user/api_token?
    bool m_identityTouched = false; // app_user/api_token written, not yet published after commit
};

} // namespace linedesk::server
