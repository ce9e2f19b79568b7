#pragma once

// Test support: the throwaway PostgreSQL 15 cluster that ctest's `pg` fixture starts
// (scripts/pg-cluster, see tests/CMakeLists.txt). A test registered with
// linedesk_add_test(... POSTGRES) finds it through LINEDESK_TEST_PG_DIR and makes one fresh
// database per test case or suite.

#include <QSqlDatabase>
#include <QString>

namespace linedesk::test {

class PgCluster
{
public:
    // postgresql://linedesk@127.0.0.1:PORT/linedesk, read from $LINEDESK_TEST_PG_DIR/uri;
    // empty when there is no cluster (the test was not registered with POSTGRES, or the
    // fixture failed). *error, when given, says why.
    static QString baseUri(QString *error = nullptr);

    // A new, empty, uniquely named database (t_<pid>_<counter>_<random>) with pg_trgm, made
    // by `scripts/pg-cluster createdb`; its URI, or empty with *error set.
    static QString createDatabase(QString *error = nullptr);

    // A QPSQL connection named connectionName to the database a postgresql:// URI names
    // (host, port, user, password and database from the URI), opened; on failure it is
    // not valid/open and *error says why. Remove it with QSqlDatabase::removeDatabase.
    static QSqlDatabase open(const QString &uri, const QString &connectionName,
                             QString *error = nullptr);
};

} // namespace linedesk::test
