#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <memory>
#include <utility>

namespace linedesk::server {

// One connection to the service's database, owned by one thread. Creates and migrates the
// schema (forward only, each migration in its own transaction). SQLite runs in WAL mode;
// the SQL keeps to what PostgreSQL also accepts so that backend can follow.
class Database
{
public:
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens (creating if needed) a SQLite file. Throws DatabaseException on failure.
    static std::unique_ptr<Database> openSqlite(const QString &path);

    // Applies every migration up to `target` (default: all). Returns the version reached.
    // Refuses a database whose version is newer than this program knows.
    int migrate(int target = -1);
    int schemaVersion();
    static int latestVersion();
    const QString &path() const { return m_path; }

    QSqlDatabase &connection() { return m_db; }
    // The SQL spelling of the two-argument maximum: MAX(a, b) in SQLite, GREATEST in PostgreSQL.
    QString greatestFunction() const { return QStringLiteral("MAX"); }

    // Prepares and runs `sql` with named bindings; throws DatabaseException on failure.
    QSqlQuery exec(const QString &sql,
                   std::initializer_list<std::pair<const char *, QVariant>> binds = {});
    QSqlQuery exec(const QString &sql, const QVariantMap &binds);

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

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    int m_transactionDepth = 0;
};

} // namespace linedesk::server
