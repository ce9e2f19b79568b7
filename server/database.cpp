#include "database.h"

#include "apiexception.h"

#include <QAtomicInteger>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <sqlite3.h>

#include <cstring>

Q_LOGGING_CATEGORY(lcStore, "linedesk.server.store", QtInfoMsg)

namespace linedesk::server {

namespace {

// Support's 24-hour usage figures and sort key of orgs (migration 4): the same on both.
QStringList inspectorColumns()
{
    return {
        // Refreshed by the service every 10 s of its clock (Inspector::refreshUsage).
        QStringLiteral("ALTER TABLE subscription ADD COLUMN peak_24h INTEGER NOT NULL"
                       " DEFAULT 0"),
        QStringLiteral("ALTER TABLE subscription ADD COLUMN blocked_24h INTEGER NOT NULL"
                       " DEFAULT 0"),
        QStringLiteral("ALTER TABLE subscription ADD COLUMN utilisation_percent INTEGER"
                       " NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE subscription ADD COLUMN usage_at BIGINT NOT NULL"
                       " DEFAULT 0"),
        // The orgs' names, sorted and joined, kept by the triggers (sort by orgs).
        QStringLiteral("ALTER TABLE subscription ADD COLUMN org_names TEXT NOT NULL"
                       " DEFAULT ''"),
    };
}

// Support's sort and filter indexes (migration 4): the same on both backends.
QStringList inspectorIndexes()
{
    return {
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
    };
}

// Migration 5 on both backends: the activity sequence (see sqliteMigrations()).
QString activitySequence()
{
    return QStringLiteral(
        "ALTER TABLE subscription ADD COLUMN activity_seq BIGINT NOT NULL DEFAULT 0");
}

// Migration 6: the order rows were written in, for line changes and audit entries (several
// in one millisecond keep it). Existing rows are numbered by (at, id). SQLite rebuilds both
// tables around `seq INTEGER PRIMARY KEY AUTOINCREMENT` (the rowid, never reused, assigned
// on insert); PostgreSQL adds an identity column. Inserts name no `seq` on either.
QStringList sqliteWriteOrder()
{
    return {
        QStringLiteral("CREATE TABLE line_change_v6 ("
                       " id TEXT NOT NULL UNIQUE,"
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
                       " request_id TEXT,"
                       " seq INTEGER PRIMARY KEY AUTOINCREMENT)"),
        QStringLiteral("INSERT INTO line_change_v6 (id, subscription_id, at, actor_user_id, actor,"
                       " kind, quantity, purchased_before, purchased_after, amount_cents,"
                       " idempotency_key, request_id, seq) SELECT id, subscription_id, at,"
                       " actor_user_id, actor, kind, quantity, purchased_before, purchased_after,"
                       " amount_cents, idempotency_key, request_id,"
                       " row_number() OVER (ORDER BY at, id) FROM line_change"),
        QStringLiteral("DROP TABLE line_change"),
        QStringLiteral("ALTER TABLE line_change_v6 RENAME TO line_change"),
        QStringLiteral("CREATE INDEX line_change_subscription_at"
                       " ON line_change (subscription_id, at, seq)"),
        QStringLiteral("CREATE TABLE audit_entry_v6 ("
                       " id TEXT NOT NULL UNIQUE,"
                       " subscription_id TEXT REFERENCES subscription (id),"
                       " at BIGINT NOT NULL,"
                       " actor_user_id TEXT REFERENCES app_user (id),"
                       " actor TEXT NOT NULL,"
                       " action TEXT NOT NULL,"
                       " before_json TEXT NOT NULL,"
                       " after_json TEXT NOT NULL,"
                       " reason TEXT NOT NULL DEFAULT '',"
                       " request_id TEXT,"
                       " seq INTEGER PRIMARY KEY AUTOINCREMENT)"),
        QStringLiteral("INSERT INTO audit_entry_v6 (id, subscription_id, at, actor_user_id, actor,"
                       " action, before_json, after_json, reason, request_id, seq) SELECT id,"
                       " subscription_id, at, actor_user_id, actor, action, before_json,"
                       " after_json, reason, request_id, row_number() OVER (ORDER BY at, id)"
                       " FROM audit_entry"),
        QStringLiteral("DROP TABLE audit_entry"),
        QStringLiteral("ALTER TABLE audit_entry_v6 RENAME TO audit_entry"),
        QStringLiteral("CREATE INDEX audit_entry_subscription_at"
                       " ON audit_entry (subscription_id, at, seq)"),
    };
}

QStringList postgresWriteOrder()
{
    QStringList l;
    for (const char *table : {"line_change", "audit_entry"}) {
        const QString t = QLatin1String(table);
        l << QStringLiteral("ALTER TABLE %1 ADD COLUMN seq BIGINT").arg(t)
          << QStringLiteral("UPDATE %1 SET seq = o.n FROM (SELECT id, row_number() OVER"
                            " (ORDER BY at, id) AS n FROM %1) o WHERE %1.id = o.id")
                 .arg(t)
          << QStringLiteral("ALTER TABLE %1 ALTER COLUMN seq SET NOT NULL").arg(t)
          << QStringLiteral("ALTER TABLE %1 ALTER COLUMN seq ADD GENERATED BY DEFAULT AS"
                            " IDENTITY")
                 .arg(t)
          << QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'seq'),"
                            " (SELECT COALESCE(MAX(seq), 0) + 1 FROM %1), false)")
                 .arg(t)
          << QStringLiteral("CREATE UNIQUE INDEX %1_seq ON %1 (seq)").arg(t)
          << QStringLiteral("DROP INDEX %1_subscription_at").arg(t)
          << QStringLiteral("CREATE INDEX %1_subscription_at ON %1 (subscription_id, at, seq)")
                 .arg(t);
    }
    return l;
}

// Migration 7: the activity sequence (migration 5) each call saw, so the capacity planner
// replays a subscription's starts and ends in the order they happened even within one
// millisecond or across instances whose clocks differ. start_seq: the sequence after an
// admitted call's start, or the one a blocked call saw; end_seq: the sequence after its end.
// Rows from before are NULL: the planner orders those by time.
QStringList callSequence()
{
    return {
        QStringLiteral("ALTER TABLE call ADD COLUMN start_seq BIGINT"),
        QStringLiteral("ALTER TABLE call ADD COLUMN end_seq BIGINT"),
        // The planner reads a window of one subscription's calls from this index alone, the
        // id included (a blocked call's seed): 1M calls in ~0.3 s instead of ~1.5 s through
        // the table, or ~0.5 s looking up only blocked rows' ids (measured:
        // docs/benchmarks.md). It replaces the index on (subscription_id, created_at), whose
        // uses it serves as well.
        QStringLiteral("DROP INDEX call_subscription_created"),
        QStringLiteral("CREATE INDEX call_subscription_created ON call (subscription_id,"
                       " created_at, blocked, ended_at, limit_at_start, start_seq, end_seq, id)"),
    };
}

// Version 8 on both backends: alerts (issue 14). Rules per subscription (no row: the
// defaults), alerts with one firing episode per subscription and kind at most (the partial
// unique index is what makes an episode fire once when several instances see it), webhook
// endpoints, and the outbox of deliveries with each attempt's outcome.
QStringList alertTables()
{
    return {
        QStringLiteral(
            "CREATE TABLE alert_rule ("
            " subscription_id TEXT PRIMARY KEY REFERENCES subscription (id),"
            " near_limit_percent INTEGER"
            "  CHECK (near_limit_percent IS NULL OR near_limit_percent BETWEEN 1 AND 100),"
            " near_limit_seconds INTEGER NOT NULL"
            "  CHECK (near_limit_seconds BETWEEN 0 AND 3600),"
            " on_blocked INTEGER NOT NULL CHECK (on_blocked IN (0, 1)),"
            " renewal_warning_days INTEGER"
            "  CHECK (renewal_warning_days IS NULL OR renewal_warning_days BETWEEN 1 AND 30),"
            " on_frozen INTEGER NOT NULL CHECK (on_frozen IN (0, 1)),"
            " version BIGINT NOT NULL,"
            " updated_at BIGINT NOT NULL,"
            " updated_by TEXT REFERENCES app_user (id))"),
        QStringLiteral("CREATE TABLE alert ("
                       " id TEXT PRIMARY KEY,"
                       " subscription_id TEXT NOT NULL REFERENCES subscription (id),"
                       " kind TEXT NOT NULL CHECK (kind IN ('near-limit', 'blocked',"
                       "  'renewal-at-risk', 'frozen')),"
                       " state TEXT NOT NULL CHECK (state IN ('firing', 'resolved')),"
                       " started_at BIGINT NOT NULL,"
                       " fired_at BIGINT NOT NULL,"
                       " resolved_at BIGINT,"
                       " updated_at BIGINT NOT NULL,"
                       " figures TEXT NOT NULL,"
                       " CHECK ((state = 'resolved') = (resolved_at IS NOT NULL)))"),
        QStringLiteral("CREATE UNIQUE INDEX alert_one_firing ON alert (subscription_id, kind)"
                       " WHERE state = 'firing'"),
        QStringLiteral(
            "CREATE INDEX alert_by_subscription ON alert (subscription_id, fired_at, id)"),
        QStringLiteral("CREATE INDEX alert_resolved ON alert (resolved_at)"),
        QStringLiteral("CREATE TABLE webhook ("
                       " id TEXT PRIMARY KEY,"
                       " subscription_id TEXT NOT NULL REFERENCES subscription (id),"
                       " url TEXT NOT NULL,"
                       " secret TEXT NOT NULL,"
                       " created_at BIGINT NOT NULL,"
                       " created_by TEXT REFERENCES app_user (id),"
                       " removed_at BIGINT)"),
        QStringLiteral("CREATE INDEX webhook_subscription ON webhook (subscription_id)"),
        QStringLiteral("CREATE TABLE webhook_delivery ("
                       " id TEXT PRIMARY KEY,"
                       " webhook_id TEXT NOT NULL REFERENCES webhook (id),"
                       " alert_id TEXT NOT NULL REFERENCES alert (id),"
                       " alert_state TEXT NOT NULL CHECK (alert_state IN ('firing', 'resolved')),"
                       " body TEXT NOT NULL,"
                       " state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed',"
                       "  'cancelled')),"
                       " created_at BIGINT NOT NULL,"
                       " next_attempt_at BIGINT,"
                       " attempts INTEGER NOT NULL DEFAULT 0,"
                       " claimed_until BIGINT,"
                       " delivered_at BIGINT,"
                       " last_status INTEGER,"
                       " last_error TEXT,"
                       " updated_at BIGINT NOT NULL)"),
        QStringLiteral("CREATE UNIQUE INDEX webhook_delivery_once ON webhook_delivery"
                       " (webhook_id, alert_id, alert_state)"),
        QStringLiteral("CREATE INDEX webhook_delivery_due ON webhook_delivery"
                       " (state, next_attempt_at)"),
        QStringLiteral("CREATE INDEX webhook_delivery_by_hook ON webhook_delivery"
                       " (webhook_id, created_at, id)"),
        QStringLiteral("CREATE TABLE webhook_attempt ("
                       " delivery_id TEXT NOT NULL REFERENCES webhook_delivery (id),"
                       " n INTEGER NOT NULL,"
                       " at BIGINT NOT NULL,"
                       " status_code INTEGER,"
                       " error TEXT,"
                       " duration_ms BIGINT NOT NULL,"
                       " PRIMARY KEY (delivery_id, n))"),
    };
}

// Version 9 on both backends: the platform's whole calls API (issue 16). updated_at: the
// call's last change (start, heartbeat, end, rename, deletion), for updatedAt and its
// filters; assistant_id and phone_number_id: the kept details GET /call filters by, as
// columns so an index serves each; deleted_at: the call's data was deleted (its details
// erased, the calls API answers 404) while its row still counts in history, analytics and
// the capacity plan. The indexes: support lists every call newest first (call_created) and by
// update time (call_updated); the assistant and phone number filters read their own index in
// creation order. Rows from before get updated_at from their latest time and the two ids
// from their details — when a string of at most 200 characters, as POST /call now requires
// (calls from before issue 12 may hold anything; an id too long for the index is not one).
// idempotency_record.call_id: the call a keyed POST /call started, so a deletion finds the
// answer kept for its retries (to erase it too) through an index.
QStringList callsApi(bool postgres)
{
    const QString latest = postgres ? QStringLiteral("GREATEST(created_at, ended_at,"
                                                     " last_heartbeat_at)")
                                    : QStringLiteral("MAX(created_at, COALESCE(ended_at, 0),"
                                                     " COALESCE(last_heartbeat_at, 0))");
    const auto id = [postgres](const char *key) {
        return postgres ? QStringLiteral("CASE WHEN jsonb_typeof(details::jsonb -> '%1') ="
                                         " 'string' AND length(details::jsonb ->> '%1') <= 200"
                                         " THEN details::jsonb ->> '%1' END")
                              .arg(QLatin1String(key))
                        : QStringLiteral("CASE WHEN json_type(details, '$.%1') = 'text' AND"
                                         " length(json_extract(details, '$.%1')) <= 200"
                                         " THEN json_extract(details, '$.%1') END")
                              .arg(QLatin1String(key));
    };
    // Only a call's answer has subscriptionLimits (a purchase's has none).
    const QString answeredCall = postgres ? QStringLiteral("response_body::jsonb ->> 'id'")
                                          : QStringLiteral("json_extract(response_body, '$.id')");
    return {
        QStringLiteral("ALTER TABLE call ADD COLUMN updated_at BIGINT"),
        QStringLiteral("ALTER TABLE call ADD COLUMN assistant_id TEXT"),
        QStringLiteral("ALTER TABLE call ADD COLUMN phone_number_id TEXT"),
        QStringLiteral("ALTER TABLE call ADD COLUMN deleted_at BIGINT"),
        QStringLiteral("UPDATE call SET updated_at = %1, assistant_id = %2, phone_number_id = %3")
            .arg(latest, id("assistantId"), id("phoneNumberId")),
        QStringLiteral("CREATE INDEX call_created ON call (created_at, id)"),
        QStringLiteral("CREATE INDEX call_updated ON call (updated_at, id)"),
        QStringLiteral("CREATE INDEX call_assistant ON call (assistant_id, created_at, id)"),
        QStringLiteral("CREATE INDEX call_phone_number ON call (phone_number_id, created_at, id)"),
        QStringLiteral("ALTER TABLE idempotency_record ADD COLUMN call_id TEXT"),
        QStringLiteral("UPDATE idempotency_record SET call_id = %1 WHERE status = 201 AND"
                       " response_body LIKE '{%\"subscriptionLimits\":%'")
            .arg(answeredCall),
        QStringLiteral("CREATE INDEX idempotency_record_call ON idempotency_record (call_id)"
                       " WHERE call_id IS NOT NULL"),
    };
}

// Also version 9, on both backends: what the calls list (Admission::list()) needs besides
// callsApi()'s indexes, measured in docs/benchmarks.md. The calls in progress newest first,
// all of them (support's status=in-progress) and an organization's: without them the list
// walks every call it may see to find the few in progress (it spells the status as a literal
// so that these apply). An organization's calls of one assistant or phone number newest
// first: a member's list reads those per organization, and call_assistant and
// call_phone_number would walk all of that assistant's calls, in every organization, to find
// the member's (or, for another organization's, none).
QStringList callsListIndexes()
{
    return {
        QStringLiteral("CREATE INDEX call_in_progress_created ON call (created_at, id)"
                       " WHERE status = 'in-progress'"),
        QStringLiteral("CREATE INDEX call_org_in_progress ON call (org_id, created_at, id)"
                       " WHERE status = 'in-progress'"),
        QStringLiteral("CREATE INDEX call_org_assistant ON call (org_id, assistant_id,"
                       " created_at, id)"),
        QStringLiteral("CREATE INDEX call_org_phone_number ON call (org_id, phone_number_id,"
                       " created_at, id)"),
    };
}

// Forward-only migrations. Version N is the list at index N - 1. Never edit a released one;
// append a new version instead. Plain SQL both SQLite and PostgreSQL accept: TEXT ids,
// BIGINT milliseconds since the epoch, INTEGER 0/1 flags, CHECK constraints for invariants.
// Where the two must differ (support's search index), postgresMigrations() holds that
// version's PostgreSQL spelling under the same number.
const QList<QStringList> &sqliteMigrations()
{
    static const QList<QStringList> list = [] {
        QList<QStringList> l{
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
                QStringLiteral(
                    "CREATE TABLE credit_movement ("
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
            inspectorColumns() +
                QStringList{
                    // One document per subscription: its name and id, its orgs' names and ids and
                    // their users' emails. Trigram: any substring of 3+ characters is an index
                    // lookup.
                    QStringLiteral("CREATE VIRTUAL TABLE subscription_search USING fts5(doc,"
                                   " tokenize = 'trigram')"),
                    QStringLiteral(
                        "CREATE VIEW subscription_search_doc (sid, rid, doc) AS SELECT s.id, "
                        "s.rowid,"
                        " s.name || char(10) || s.id || char(10) ||"
                        " coalesce((SELECT group_concat(o.name || char(10) || o.id, char(10)) FROM "
                        "org "
                        "o"
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
                    QStringLiteral(
                        "CREATE TRIGGER subscription_search_insert AFTER INSERT ON subscription"
                        " BEGIN"
                        " INSERT INTO subscription_search (rowid, doc)"
                        "  SELECT rid, doc FROM subscription_search_doc WHERE sid = new.id;"
                        " END"),
                    QStringLiteral(
                        "CREATE TRIGGER subscription_search_rename AFTER UPDATE OF name"
                        " ON subscription BEGIN"
                        " DELETE FROM subscription_search WHERE rowid = new.rowid;"
                        " INSERT INTO subscription_search (rowid, doc)"
                        "  SELECT rid, doc FROM subscription_search_doc WHERE sid = new.id;"
                        " END"),
                    QStringLiteral(
                        "CREATE TRIGGER subscription_search_delete AFTER DELETE ON subscription"
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
                        " UPDATE subscription SET org_names = coalesce((SELECT group_concat(name, "
                        "', ')"
                        "  FROM (SELECT name FROM org WHERE subscription_id = new.sid"
                        "  ORDER BY name COLLATE NOCASE, id)), '') WHERE id = new.sid;"
                        " DELETE FROM subscription_search_dirty WHERE rowid = new.rowid;"
                        " END"),
                    QStringLiteral(
                        "CREATE TRIGGER org_search_insert AFTER INSERT ON org BEGIN"
                        " INSERT INTO subscription_search_dirty VALUES (new.subscription_id);"
                        " END"),
                    QStringLiteral(
                        "CREATE TRIGGER org_search_update AFTER UPDATE OF name, subscription_id"
                        " ON org BEGIN"
                        " INSERT INTO subscription_search_dirty VALUES (old.subscription_id);"
                        " INSERT INTO subscription_search_dirty SELECT new.subscription_id"
                        "  WHERE new.subscription_id <> old.subscription_id;"
                        " END"),
                    QStringLiteral(
                        "CREATE TRIGGER org_search_delete AFTER DELETE ON org BEGIN"
                        " INSERT INTO subscription_search_dirty VALUES (old.subscription_id);"
                        " END"),
                    QStringLiteral(
                        "CREATE TRIGGER membership_search_insert AFTER INSERT ON membership"
                        " BEGIN INSERT INTO subscription_search_dirty"
                        "  SELECT subscription_id FROM org WHERE id = new.org_id; END"),
                    QStringLiteral(
                        "CREATE TRIGGER membership_search_delete AFTER DELETE ON membership"
                        " BEGIN INSERT INTO subscription_search_dirty"
                        "  SELECT subscription_id FROM org WHERE id = old.org_id; END"),
                    QStringLiteral(
                        "CREATE TRIGGER user_search_email AFTER UPDATE OF email ON app_user"
                        " BEGIN INSERT INTO subscription_search_dirty"
                        "  SELECT DISTINCT o.subscription_id FROM org o"
                        "  JOIN membership m ON m.org_id = o.id WHERE m.user_id = new.id; END"),
                    // Keyset paging in every sort order is an index range scan.
                    QStringLiteral("CREATE INDEX subscription_by_name ON subscription"
                                   " (name COLLATE NOCASE, id)"),
                    QStringLiteral("CREATE INDEX subscription_by_orgs ON subscription"
                                   " (org_names COLLATE NOCASE, id)"),
                },
        };
        l.last() += inspectorIndexes();
        // 5: a subscription's activity sequence: bumped with every change of its active
        // calls, under the row's lock, so live updates that reach an instance out of order
        // (its own at once, other instances' through NOTIFY) are put back in order. On
        // PostgreSQL also the admission in one round trip (admissionFunctions()).
        l.append(QStringList{activitySequence()});
        // 6: the order in which line changes and audit entries were written (sqliteWriteOrder()).
        l.append(sqliteWriteOrder());
        // 7: the activity sequence each call's start and end saw (callSequence()).
        l.append(callSequence());
        // 8: alerts, their rules and webhooks (alertTables()).
        l.append(alertTables());
        // 9: the whole calls API (callsApi(), callsListIndexes()).
        l.append(callsApi(false) + callsListIndexes());
        return l;
    }();
    return list;
}

// Version 5 on PostgreSQL: a call's start and end as one statement each, so each is one round
// trip from an instance to the database (autocommit) instead of seven (BEGIN, the org's
// subscription and the caller's role, the conditional increment, the call's row, the
// history second, COMMIT, NOTIFY). The same steps, in the same order and with the same SQL,
// as Admission's code does them on SQLite; the live update is sent at commit (pg_notify in
// the transaction). Outcomes other than 'admitted'/'blocked' are the errors Admission maps
// to its ApiExceptions.
QStringList admissionFunctions()
{
    return {
        QStringLiteral(
            "CREATE FUNCTION linedesk_history_record(p_sub TEXT, p_now BIGINT, p_before INTEGER,"
            " p_after INTEGER, p_blocked INTEGER, p_limit INTEGER) RETURNS void"
            // PL/pgSQL, not SQL: its statement's plan is kept for the session (a SQL
            // function called from PL/pgSQL is parsed and planned again in every
            // transaction; measured with pgbench: 1,104–1,281 → 1,518–1,547 start+end pairs/s
            // on one connection).
            " LANGUAGE plpgsql AS $body$ BEGIN"
            " INSERT INTO concurrency_second (subscription_id, t, max_active, last_active,"
            "  blocked, line_limit) VALUES (p_sub, floor(p_now / 1000.0)::BIGINT,"
            "  GREATEST(p_before, p_after), p_after, p_blocked, p_limit)"
            " ON CONFLICT (subscription_id, t) DO UPDATE SET"
            "  max_active = GREATEST(concurrency_second.max_active, excluded.max_active),"
            "  last_active = excluded.last_active,"
            "  blocked = concurrency_second.blocked + excluded.blocked,"
            "  line_limit = excluded.line_limit; END $body$"),
        QStringLiteral(
            "CREATE FUNCTION linedesk_call_start(p_user TEXT, p_org TEXT, p_support INTEGER,"
            " p_id TEXT, p_type TEXT, p_now BIGINT, p_lease BIGINT, p_details TEXT)"
            " RETURNS TABLE (outcome TEXT, org_id TEXT, subscription_id TEXT, active INTEGER,"
            " line_limit INTEGER, activity_seq BIGINT)"
            " LANGUAGE plpgsql AS $body$ #variable_conflict use_column"
            " DECLARE v_org TEXT := p_org; v_sub TEXT; v_role TEXT; v_count INTEGER;"
            "  v_active INTEGER := 0; v_limit INTEGER := 0; v_seq BIGINT := 0;"
            "  v_admitted BOOLEAN;"
            " BEGIN"
            "  IF v_org IS NULL OR v_org = '' THEN"
            "   IF p_support <> 0 THEN"
            "    RETURN QUERY SELECT 'org-id-required'::TEXT, NULL::TEXT, NULL::TEXT, 0, 0, "
            "0::BIGINT;"
            "    RETURN; END IF;"
            "   SELECT count(*), min(x.org_id), min(x.sid) INTO v_count, v_org, v_sub FROM"
            "    (SELECT m.org_id, o.subscription_id AS sid FROM membership m"
            "     LEFT JOIN org o ON o.id = m.org_id"
            "     WHERE m.user_id = p_user AND m.role = 'admin' LIMIT 2) x;"
            "   IF v_count <> 1 THEN"
            "    RETURN QUERY SELECT CASE WHEN v_count = 0 THEN 'forbidden'"
            "     ELSE 'org-id-required' END, NULL::TEXT, NULL::TEXT, 0, 0, 0::BIGINT;"
            "    RETURN; END IF;"
            "  ELSE"
            "   SELECT o.subscription_id, (SELECT m.role FROM membership m"
            "    WHERE m.user_id = p_user AND m.org_id = o.id) INTO v_sub, v_role"
            "    FROM org o WHERE o.id = v_org;"
            "   IF NOT FOUND OR (p_support = 0 AND v_role IS NULL) THEN"
            "    RETURN QUERY SELECT 'org-not-found'::TEXT, NULL::TEXT, NULL::TEXT, 0, 0, "
            "0::BIGINT;"
            "    RETURN; END IF;"
            "   IF p_support = 0 AND v_role <> 'admin' THEN"
            "    RETURN QUERY SELECT 'forbidden'::TEXT, NULL::TEXT, NULL::TEXT, 0, 0, 0::BIGINT;"
            "    RETURN; END IF;"
            "  END IF;"
            "  IF v_sub IS NULL OR v_sub = '' THEN"
            "   RETURN QUERY SELECT 'org-not-found'::TEXT, NULL::TEXT, NULL::TEXT, 0, 0, 0::BIGINT;"
            "   RETURN; END IF;"
            // The admission itself: one conditional increment (the row stays locked until
            // commit, so no other start or end of this subscription interleaves).
            "  UPDATE subscription s SET active_calls = s.active_calls + 1,"
            "   activity_seq = s.activity_seq + 1 WHERE s.id = v_sub"
            "   AND s.active_calls < s.included_lines + s.purchased_lines"
            "   RETURNING s.active_calls, s.included_lines + s.purchased_lines, s.activity_seq"
            "   INTO v_active, v_limit, v_seq;"
            "  v_admitted := FOUND;"
            "  IF NOT v_admitted THEN"
            "   SELECT s.active_calls, s.included_lines + s.purchased_lines, s.activity_seq"
            "    INTO v_active, v_limit, v_seq FROM subscription s WHERE s.id = v_sub;"
            "  END IF;"
            "  INSERT INTO call (id, subscription_id, org_id, created_by, type, status, created_at,"
            "   ended_at, ended_reason, last_heartbeat_at, lease_expires_at, blocked,"
            "   limit_at_start, remaining_at_start, details) VALUES (p_id, v_sub, v_org, p_user,"
            "   p_type, CASE WHEN v_admitted THEN 'in-progress' ELSE 'ended' END, p_now,"
            "   CASE WHEN v_admitted THEN NULL ELSE p_now END,"
            "   CASE WHEN v_admitted THEN NULL"
            "    ELSE 'call.start.error-subscription-concurrency-limit-reached' END,"
            "   CASE WHEN v_admitted THEN p_now END, CASE WHEN v_admitted THEN p_now + p_lease END,"
            "   CASE WHEN v_admitted THEN 0 ELSE 1 END, v_limit, GREATEST(0, v_limit - v_active),"
            "   p_details);"
            "  PERFORM linedesk_history_record(v_sub, p_now,"
            "   CASE WHEN v_admitted THEN v_active - 1 ELSE v_active END, v_active,"
            "   CASE WHEN v_admitted THEN 0 ELSE 1 END, v_limit);"
            "  PERFORM pg_notify('linedesk_live', format('a %s %s %s %s %s', v_sub, v_active,"
            "   CASE WHEN v_admitted THEN 0 ELSE 1 END, v_limit, v_seq));"
            "  RETURN QUERY SELECT CASE WHEN v_admitted THEN 'admitted' ELSE 'blocked' END,"
            "   v_org, v_sub, v_active, v_limit, v_seq;"
            " END $body$"),
        // Ends an in-progress call (nothing when it has ended already): the call, the
        // subscription's count, the history second, the live update.
        QStringLiteral(
            "CREATE FUNCTION linedesk_call_end(p_id TEXT, p_now BIGINT, p_reason TEXT)"
            " RETURNS TABLE (ended BOOLEAN, subscription_id TEXT, last_heartbeat_at BIGINT,"
            " active INTEGER, line_limit INTEGER, activity_seq BIGINT)"
            " LANGUAGE plpgsql AS $body$ #variable_conflict use_column"
            " DECLARE v_sub TEXT; v_heartbeat BIGINT; v_active INTEGER; v_limit INTEGER;"
            "  v_seq BIGINT;"
            " BEGIN"
            "  UPDATE call c SET status = 'ended', ended_at = p_now, ended_reason = p_reason"
            "   WHERE c.id = p_id AND c.status = 'in-progress'"
            "   RETURNING c.subscription_id, c.last_heartbeat_at INTO v_sub, v_heartbeat;"
            "  IF NOT FOUND THEN"
            "   RETURN QUERY SELECT false, NULL::TEXT, NULL::BIGINT, 0, 0, 0::BIGINT; RETURN;"
            "  END IF;"
            "  UPDATE subscription s SET active_calls = s.active_calls - 1,"
            "   activity_seq = s.activity_seq + 1 WHERE s.id = v_sub"
            "   RETURNING s.active_calls, s.included_lines + s.purchased_lines, s.activity_seq"
            "   INTO v_active, v_limit, v_seq;"
            "  PERFORM linedesk_history_record(v_sub, p_now, v_active + 1, v_active, 0, v_limit);"
            "  PERFORM pg_notify('linedesk_live', format('a %s %s 0 %s %s', v_sub, v_active,"
            "   v_limit, v_seq));"
            "  RETURN QUERY SELECT true, v_sub, v_heartbeat, v_active, v_limit, v_seq;"
            " END $body$"),
        // A customer's end (not support's, which is audited): the call, the caller's right
        // to end it and the end itself in one statement. Outcomes: 'ended', 'already-ended'
        // (nothing changed), 'not-found' (no such call, or not the caller's organization's),
        // 'forbidden' (neither who started it nor an admin). The call's columns as they are
        // after it, in Admission's row order.
        QStringLiteral(
            "CREATE FUNCTION linedesk_call_end_by(p_id TEXT, p_user TEXT, p_now BIGINT)"
            " RETURNS TABLE (id TEXT, subscription_id TEXT, org_id TEXT, created_by TEXT,"
            " type TEXT, status TEXT, created_at BIGINT, ended_at BIGINT, ended_reason TEXT,"
            " last_heartbeat_at BIGINT, lease_expires_at BIGINT, blocked INTEGER,"
            " limit_at_start INTEGER, remaining_at_start INTEGER, outcome TEXT, active INTEGER,"
            " line_limit INTEGER, activity_seq BIGINT)"
            " LANGUAGE plpgsql AS $body$ #variable_conflict use_column"
            " DECLARE v_role TEXT; v_by TEXT; v_status TEXT; v_outcome TEXT;"
            "  v_ended BOOLEAN; v_active INTEGER := 0; v_limit INTEGER := 0; v_seq BIGINT := 0;"
            " BEGIN"
            "  SELECT c.created_by, c.status, (SELECT m.role FROM membership m"
            "   WHERE m.user_id = p_user AND m.org_id = c.org_id) INTO v_by, v_status, v_role"
            "   FROM call c WHERE c.id = p_id;"
            "  IF NOT FOUND OR v_role IS NULL THEN v_outcome := 'not-found';"
            "  ELSIF v_by IS DISTINCT FROM p_user AND v_role <> 'admin' THEN"
            "   v_outcome := 'forbidden';"
            "  ELSE"
            "   SELECT e.ended, e.active, e.line_limit, e.activity_seq"
            "    INTO v_ended, v_active, v_limit, v_seq"
            "    FROM linedesk_call_end(p_id, p_now, 'customer-ended-call') e;"
            "   v_outcome := CASE WHEN v_ended THEN 'ended' ELSE 'already-ended' END;"
            "  END IF;"
            "  IF v_outcome = 'not-found' THEN"
            "   RETURN QUERY SELECT NULL::TEXT, NULL::TEXT, NULL::TEXT, NULL::TEXT, NULL::TEXT,"
            "    NULL::TEXT, NULL::BIGINT, NULL::BIGINT, NULL::TEXT, NULL::BIGINT, NULL::BIGINT,"
            "    0, 0, 0, v_outcome, 0, 0, 0::BIGINT;"
            "   RETURN; END IF;"
            "  RETURN QUERY SELECT c.id, c.subscription_id, c.org_id, c.created_by, c.type,"
            "   c.status, c.created_at, c.ended_at, c.ended_reason, c.last_heartbeat_at,"
            "   c.lease_expires_at, c.blocked, c.limit_at_start, c.remaining_at_start, v_outcome,"
            "   v_active, v_limit, v_seq FROM call c WHERE c.id = p_id;"
            " END $body$"),
    };
}

// Version 7 on PostgreSQL: the start and end functions of version 5, recording the sequence.
QStringList postgresCallSequence()
{
    QStringList l = callSequence();
    const QStringList v5 = admissionFunctions();
    for (QString f : v5) {
        const bool start = f.contains(QLatin1String("FUNCTION linedesk_call_start("));
        const bool end = f.contains(QLatin1String("FUNCTION linedesk_call_end("));
        if (!start && !end)
            continue;
        f.replace(QLatin1String("CREATE FUNCTION"), QLatin1String("CREATE OR REPLACE FUNCTION"));
        if (start) {
            f.replace(QLatin1String("remaining_at_start, details) VALUES"),
                      QLatin1String("remaining_at_start, details, start_seq) VALUES"));
            f.replace(QLatin1String("   p_details);"), QLatin1String("   p_details, v_seq);"));
        } else {
            f.replace(QLatin1String("   INTO v_active, v_limit, v_seq;"),
                      QLatin1String("   INTO v_active, v_limit, v_seq;"
                                    "  UPDATE call c SET end_seq = v_seq WHERE c.id = p_id;"));
        }
        if (!f.contains(QLatin1String(start ? "v_seq);" : "SET end_seq")))
            qFatal(
                "migration 7: version 5's call functions changed; update postgresCallSequence()");
        l << f;
    }
    return l;
}

// Version 9 on PostgreSQL: version 7's start and end functions also keep updated_at and the
// two filtered ids; a customer's end returns the new columns and treats a deleted call as
// no call (its result type changes, so it is dropped and made again).
QStringList postgresCallsApi()
{
    QStringList l;
    for (QString f : postgresCallSequence()) {
        const bool start = f.contains(QLatin1String("FUNCTION linedesk_call_start("));
        const bool end = f.contains(QLatin1String("FUNCTION linedesk_call_end("));
        if (!start && !end)
            continue;
        const QString before = f;
        if (start) {
            f.replace(QLatin1String("remaining_at_start, details, start_seq) VALUES"),
                      QLatin1String("remaining_at_start, details, start_seq, updated_at,"
                                    " assistant_id, phone_number_id) VALUES"));
            f.replace(QLatin1String("   p_details, v_seq);"),
                      QLatin1String("   p_details, v_seq, p_now, p_details::jsonb ->>"
                                    " 'assistantId', p_details::jsonb ->> 'phoneNumberId');"));
        } else {
            f.replace(QLatin1String("ended_at = p_now, ended_reason = p_reason"),
                      QLatin1String("ended_at = p_now, ended_reason = p_reason,"
                                    " updated_at = p_now"));
        }
        if (f == before || !f.contains(QLatin1String(start ? "'phoneNumberId');" : "updated_at")))
            qFatal("migration 9: version 7's call functions changed; update postgresCallsApi()");
        l << f;
    }
    l << QStringLiteral("DROP FUNCTION linedesk_call_end_by(TEXT, TEXT, BIGINT)");
    // As version 5's, with updated_at, details and deleted_at after the row's columns.
    l << QStringLiteral(
        "CREATE FUNCTION linedesk_call_end_by(p_id TEXT, p_user TEXT, p_now BIGINT)"
        " RETURNS TABLE (id TEXT, subscription_id TEXT, org_id TEXT, created_by TEXT,"
        " type TEXT, status TEXT, created_at BIGINT, ended_at BIGINT, ended_reason TEXT,"
        " last_heartbeat_at BIGINT, lease_expires_at BIGINT, blocked INTEGER,"
        " limit_at_start INTEGER, remaining_at_start INTEGER, updated_at BIGINT, details TEXT,"
        " deleted_at BIGINT, outcome TEXT, active INTEGER, line_limit INTEGER,"
        " activity_seq BIGINT)"
        " LANGUAGE plpgsql AS $body$ #variable_conflict use_column"
        " DECLARE v_role TEXT; v_by TEXT; v_status TEXT; v_outcome TEXT; v_deleted BIGINT;"
        "  v_ended BOOLEAN; v_active INTEGER := 0; v_limit INTEGER := 0; v_seq BIGINT := 0;"
        " BEGIN"
        "  SELECT c.created_by, c.status, c.deleted_at, (SELECT m.role FROM membership m"
        "   WHERE m.user_id = p_user AND m.org_id = c.org_id)"
        "   INTO v_by, v_status, v_deleted, v_role FROM call c WHERE c.id = p_id;"
        "  IF NOT FOUND OR v_role IS NULL OR v_deleted IS NOT NULL THEN"
        "   v_outcome := 'not-found';"
        "  ELSIF v_by IS DISTINCT FROM p_user AND v_role <> 'admin' THEN"
        "   v_outcome := 'forbidden';"
        "  ELSE"
        "   SELECT e.ended, e.active, e.line_limit, e.activity_seq"
        "    INTO v_ended, v_active, v_limit, v_seq"
        "    FROM linedesk_call_end(p_id, p_now, 'customer-ended-call') e;"
        "   v_outcome := CASE WHEN v_ended THEN 'ended' ELSE 'already-ended' END;"
        "  END IF;"
        "  IF v_outcome = 'not-found' THEN"
        "   RETURN QUERY SELECT NULL::TEXT, NULL::TEXT, NULL::TEXT, NULL::TEXT, NULL::TEXT,"
        "    NULL::TEXT, NULL::BIGINT, NULL::BIGINT, NULL::TEXT, NULL::BIGINT, NULL::BIGINT,"
        "    0, 0, 0, NULL::BIGINT, NULL::TEXT, NULL::BIGINT, v_outcome, 0, 0, 0::BIGINT;"
        "   RETURN; END IF;"
        "  RETURN QUERY SELECT c.id, c.subscription_id, c.org_id, c.created_by, c.type,"
        "   c.status, c.created_at, c.ended_at, c.ended_reason, c.last_heartbeat_at,"
        "   c.lease_expires_at, c.blocked, c.limit_at_start, c.remaining_at_start,"
        "   c.updated_at, c.details, c.deleted_at, v_outcome, v_active, v_limit, v_seq"
        "   FROM call c WHERE c.id = p_id;"
        " END $body$");
    return l;
}

// The same versions for PostgreSQL: 1–3 as SQLite's; 4 spells the search index with pg_trgm
// (a GIN trigram index: any substring of 3+ characters is an index lookup, as FTS5's trigram
// tokenizer on SQLite) and keeps it, and org_names, with PL/pgSQL triggers.
const QList<QStringList> &postgresMigrations()
{
    static const QList<QStringList> list = [] {
        QList<QStringList> l = sqliteMigrations().mid(0, 3);
        // The document: name and id, the orgs' names and ids, their users' emails.
        const QString doc = QStringLiteral(
            "s.name || chr(10) || s.id || chr(10) ||"
            " coalesce((SELECT string_agg(o.name || chr(10) || o.id, chr(10)) FROM org o"
            "  WHERE o.subscription_id = s.id), '') || chr(10) ||"
            " coalesce((SELECT string_agg(u.email, chr(10)) FROM org o"
            "  JOIN membership m ON m.org_id = o.id JOIN app_user u ON u.id = m.user_id"
            "  WHERE o.subscription_id = s.id), '')");
        l.append(QStringList{
            QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_trgm"),
            // SQLite's NOCASE: ASCII letters folded, nothing else (lower() would fold Ü too).
            QStringLiteral("CREATE FUNCTION linedesk_nocase(value TEXT) RETURNS TEXT"
                           " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$"
                           " SELECT translate(value, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
                           " 'abcdefghijklmnopqrstuvwxyz') $body$"),
        });
        l.last() += inspectorColumns();
        l.last() += QStringList{
            QStringLiteral("CREATE TABLE subscription_search ("
                           " sid TEXT PRIMARY KEY REFERENCES subscription (id) ON DELETE CASCADE,"
                           " doc TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX subscription_search_doc ON subscription_search"
                           " USING gin (doc gin_trgm_ops)"),
            // Re-index one subscription: its document and its org_names.
            QStringLiteral("CREATE FUNCTION linedesk_reindex(target TEXT) RETURNS void"
                           " LANGUAGE sql AS $body$"
                           " INSERT INTO subscription_search (sid, doc) SELECT s.id, %1"
                           "  FROM subscription s WHERE s.id = target"
                           "  ON CONFLICT (sid) DO UPDATE SET doc = excluded.doc;"
                           " UPDATE subscription SET org_names = coalesce((SELECT"
                           "  string_agg(name, ', ' ORDER BY linedesk_nocase(name), id) FROM org"
                           "  WHERE subscription_id = target), '') WHERE id = target;"
                           " $body$")
                .arg(doc),
            QStringLiteral("CREATE FUNCTION linedesk_search_subscription() RETURNS trigger"
                           " LANGUAGE plpgsql AS $body$ BEGIN"
                           " PERFORM linedesk_reindex(NEW.id); RETURN NULL; END $body$"),
            QStringLiteral("CREATE TRIGGER subscription_search_insert AFTER INSERT ON"
                           " subscription FOR EACH ROW EXECUTE FUNCTION"
                           " linedesk_search_subscription()"),
            QStringLiteral("CREATE TRIGGER subscription_search_rename AFTER UPDATE OF name ON"
                           " subscription FOR EACH ROW EXECUTE FUNCTION"
                           " linedesk_search_subscription()"),
            QStringLiteral(
                "CREATE FUNCTION linedesk_search_org() RETURNS trigger"
                " LANGUAGE plpgsql AS $body$ BEGIN"
                " IF TG_OP = 'INSERT' THEN PERFORM linedesk_reindex(NEW.subscription_id);"
                " ELSIF TG_OP = 'DELETE' THEN"
                "  PERFORM linedesk_reindex(OLD.subscription_id);"
                " ELSE PERFORM linedesk_reindex(OLD.subscription_id);"
                "  IF NEW.subscription_id <> OLD.subscription_id THEN"
                "   PERFORM linedesk_reindex(NEW.subscription_id); END IF;"
                " END IF; RETURN NULL; END $body$"),
            QStringLiteral("CREATE TRIGGER org_search AFTER INSERT OR DELETE OR UPDATE OF name,"
                           " subscription_id ON org FOR EACH ROW EXECUTE FUNCTION"
                           " linedesk_search_org()"),
            QStringLiteral("CREATE FUNCTION linedesk_search_membership() RETURNS trigger"
                           " LANGUAGE plpgsql AS $body$ BEGIN"
                           " IF TG_OP = 'DELETE' THEN PERFORM linedesk_reindex(o.subscription_id)"
                           "  FROM org o WHERE o.id = OLD.org_id;"
                           " ELSE PERFORM linedesk_reindex(o.subscription_id) FROM org o"
                           "  WHERE o.id = NEW.org_id; END IF; RETURN NULL; END $body$"),
            QStringLiteral("CREATE TRIGGER membership_search AFTER INSERT OR DELETE ON"
                           " membership FOR EACH ROW EXECUTE FUNCTION"
                           " linedesk_search_membership()"),
            QStringLiteral("CREATE FUNCTION linedesk_search_user() RETURNS trigger"
                           " LANGUAGE plpgsql AS $body$ BEGIN"
                           " PERFORM linedesk_reindex(x.sid) FROM (SELECT DISTINCT"
                           "  o.subscription_id AS sid FROM org o JOIN membership m"
                           "  ON m.org_id = o.id WHERE m.user_id = NEW.id) x;"
                           " RETURN NULL; END $body$"),
            QStringLiteral("CREATE TRIGGER user_search_email AFTER UPDATE OF email ON app_user"
                           " FOR EACH ROW EXECUTE FUNCTION linedesk_search_user()"),
            QStringLiteral("SELECT linedesk_reindex(id) FROM subscription"),
            // Keyset paging in every sort order is an index range scan; names sort
            // case-insensitively, as SQLite's COLLATE NOCASE.
            QStringLiteral("CREATE INDEX subscription_by_name ON subscription"
                           " (linedesk_nocase(name), id)"),
            QStringLiteral("CREATE INDEX subscription_by_orgs ON subscription"
                           " (linedesk_nocase(org_names), id)"),
        };
        l.last() += inspectorIndexes();
        l.append(QStringList{activitySequence()} + admissionFunctions());
        l.append(postgresWriteOrder());
        l.append(postgresCallSequence());
        l.append(alertTables());
        l.append(callsApi(true) + postgresCallsApi() + callsListIndexes());
        return l;
    }();
    return list;
}

// Held (per transaction) by whoever migrates a PostgreSQL database: instances started
// together migrate it once, one after the other.
constexpr qint64 kMigrationLock = 0x4c494e4544534b01; // "LINEDSK" 1

// ?1, ?2, ... → $1, $2, ... outside string literals (PostgreSQL's numbered parameters).
QByteArray toPostgresParameters(const QByteArray &sql)
{
    QByteArray out;
    out.reserve(sql.size());
    bool quoted = false;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const char c = sql.at(i);
        if (c == '\'')
            quoted = !quoted;
        if (!quoted && c == '?' && i + 1 < sql.size() && sql.at(i + 1) >= '0' &&
            sql.at(i + 1) <= '9')
            out += '$';
        else
            out += c;
    }
    return out;
}

// Does this SQL write a row that decides who a token belongs to?
bool writesIdentity(const QString &sql)
{
    const QString head = sql.trimmed().left(6).toUpper();
    return (head == QLatin1String("INSERT") || head == QLatin1String("UPDATE") ||
            head == QLatin1String("DELETE")) &&
           (sql.contains(QLatin1String("app_user")) || sql.contains(QLatin1String("api_token")));
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

bool Database::isPostgresUri(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) ||
           location.startsWith(QLatin1String("postgres://"));
}

QString Database::displayName(const QString &location)
{
    if (!isPostgresUri(location))
        return location;
    QUrl url(location);
    if (!url.isValid())
        return QStringLiteral("(a PostgreSQL URI that cannot be read)");
    url.setPassword(QString());
    QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("password"))) {
        query.removeAllQueryItems(QStringLiteral("password"));
        url.setQuery(query);
    }
    return url.toString();
}

std::unique_ptr<Database> Database::open(const QString &location)
{
    return isPostgresUri(location) ? openPostgres(location) : openSqlite(location);
}

std::unique_ptr<Database> Database::openPostgres(const QString &uri)
{
    const QString shown = displayName(uri);
    const QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid() || url.path().size() < 2)
        throw DatabaseException(
            QStringLiteral("not a PostgreSQL URI (postgresql://user[:password]@host[:port]/dbname"
                           "[?params]): %1")
                .arg(shown));
    std::unique_ptr<Database> d(new Database);
    d->m_backend = Backend::Postgres;
    d->m_path = shown;
    d->m_connectionName =
        QStringLiteral("linedesk-%1").arg(s_connectionCounter.fetchAndAddRelaxed(1));
    d->m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), d->m_connectionName);
    if (!d->m_db.isValid())
        throw DatabaseException(QStringLiteral("cannot open database %1: no PostgreSQL driver "
                                               "(Debian: libqt6sql6-psql)")
                                    .arg(shown));
    if (!url.host().isEmpty())
        d->m_db.setHostName(url.host());
    if (url.port() > 0)
        d->m_db.setPort(url.port());
    d->m_db.setUserName(url.userName(QUrl::FullyDecoded));
    // Empty: libpq looks in PGPASSWORD and ~/.pgpass.
    d->m_db.setPassword(url.password(QUrl::FullyDecoded));
    d->m_db.setDatabaseName(url.path(QUrl::FullyDecoded).mid(1));
    // libpq's other parameters (sslmode, connect_timeout, application_name, a socket folder
    // as host, ...) go through as they are.
    QStringList options;
    bool timeout = false, application = false;
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("host"))
            d->m_db.setHostName(value);
        else if (key == QLatin1String("port"))
            d->m_db.setPort(value.toInt());
        else if (key == QLatin1String("user"))
            d->m_db.setUserName(value);
        else if (key == QLatin1String("password"))
            d->m_db.setPassword(value);
        else if (key == QLatin1String("dbname"))
            d->m_db.setDatabaseName(value);
        else if (!key.isEmpty() && !value.contains(QLatin1Char(';')) &&
                 !value.contains(QLatin1Char(' ')))
            options << key + QLatin1Char('=') + value;
        timeout = timeout || key == QLatin1String("connect_timeout");
        application = application || key == QLatin1String("application_name");
    }
    if (!timeout)
        options << QStringLiteral("connect_timeout=10");
    if (!application)
        options << QStringLiteral("application_name=linedesk-server");
    d->m_db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!d->m_db.open())
        throw DatabaseException(QStringLiteral("cannot open database %1: %2")
                                    .arg(shown, d->m_db.lastError().text().trimmed()));
    // Quiet NOTICEs (CREATE ... IF NOT EXISTS) and one time base for every instance.
    d->execRaw(QStringLiteral("SET client_min_messages = warning"));
    return d;
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
    qDeleteAll(m_queries);
    m_queries.clear();
    m_identityWrites.clear();
}

void Database::onRowChanged(void *self, int, const char *, const char *table, long long)
{
    if (std::strcmp(table, "app_user") == 0 || std::strcmp(table, "api_token") == 0)
        static_cast<Database *>(self)->noteIdentityWrite();
}

void Database::noteIdentityWrite()
{
    m_identityTouched = true;
    s_identityGeneration.fetchAndAddOrdered(1);
}

void Database::lockRow(const char *table, const QString &id)
{
    if (!isPostgres())
        return;
    const QByteArray sql = QByteArray("SELECT 1 FROM ") + table + " WHERE id = ?1 FOR UPDATE";
    statement(sql).bind(1, id).run();
}

void Database::notify(const QString &channel, const QString &payload)
{
    if (!isPostgres())
        return;
    statement("SELECT pg_notify(?1, ?2)").bind(1, channel).bind(2, payload).run();
}

void Database::listen(const QString &channel, std::function<void(const QString &)> handler)
{
    if (!isPostgres())
        return;
    QSqlDriver *driver = m_db.driver();
    if (!driver->subscribeToNotification(channel))
        throw DatabaseException(
            QStringLiteral("cannot LISTEN on %1: %2").arg(channel, driver->lastError().text()));
    QObject::connect(
        driver, &QSqlDriver::notification, driver,
        [channel, handler = std::move(handler)](
            const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload) {
            // Our own were handled where they were sent.
            if (name != channel || source == QSqlDriver::SelfSource)
                return;
            try {
                handler(payload.toString());
            } catch (const std::exception &e) {
                qCWarning(lcStore) << "notification on" << name << "not handled:" << e.what();
            }
        });
}

void Database::lockKey(const QString &key)
{
    if (!isPostgres())
        return;
    statement("SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))").bind(1, key).run();
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
    if (m_backend == Backend::Postgres) {
        QSqlQuery *query = m_queries.value(sql);
        if (!query) {
            auto prepared = std::make_unique<QSqlQuery>(m_db);
            if (!prepared->prepare(QString::fromUtf8(toPostgresParameters(sql))))
                throw DatabaseException(
                    QStringLiteral("prepare %1: %2")
                        .arg(QString::fromUtf8(sql), prepared->lastError().text()));
            query = prepared.release();
            const QByteArray key(sql.constData(), sql.size());
            m_queries.insert(key, query);
            m_identityWrites.insert(query, writesIdentity(QString::fromUtf8(sql)));
        }
        return Statement(*this, query);
    }
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
    : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_query(std::exchange(other.m_query, nullptr)), m_executed(other.m_executed),
      m_done(other.m_done)
{}

Database::Statement::~Statement()
{
    if (m_query) {
        m_query->finish();
        m_db->publishIdentityChange();
        return;
    }
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

void Database::Statement::failQuery() const
{
    throw DatabaseException(
        QStringLiteral("%1: %2").arg(m_query->lastQuery(), m_query->lastError().text()));
}

Database::Statement &Database::Statement::bind(int index, qint64 value)
{
    if (m_query) {
        m_query->bindValue(index - 1, QVariant(qlonglong(value)));
        return *this;
    }
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        fail(rc);
    return *this;
}

Database::Statement &Database::Statement::bind(int index, const QString &value)
{
    if (value.isNull())
        return bindNull(index);
    if (m_query) {
        m_query->bindValue(index - 1, value);
        return *this;
    }
    const QByteArray utf8 = value.toUtf8();
    const int rc =
        sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        fail(rc);
    return *this;
}

Database::Statement &Database::Statement::bindNull(int index)
{
    if (m_query) {
        m_query->bindValue(index - 1, QVariant(QMetaType::fromType<QString>()));
        return *this;
    }
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        fail(rc);
    return *this;
}

bool Database::Statement::step()
{
    if (m_done)
        return false;
    if (m_query) {
        if (!m_executed) {
            m_executed = true;
            if (!m_query->exec())
                failQuery();
            if (m_db->m_identityWrites.value(m_query))
                m_db->noteIdentityWrite();
        }
        if (m_query->isSelect() && m_query->next())
            return true;
        m_done = true;
        return false;
    }
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
    if (m_query)
        return m_query->numRowsAffected();
    return sqlite3_changes(m_db->m_handle);
}

bool Database::Statement::isNull(int column) const
{
    if (m_query)
        return m_query->isNull(column);
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 Database::Statement::int64(int column) const
{
    if (m_query)
        return m_query->value(column).toLongLong();
    return sqlite3_column_int64(m_stmt, column);
}

QString Database::Statement::text(int column) const
{
    if (m_query)
        return m_query->value(column).toString();
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!data)
        return QString();
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QVariant Database::Statement::nullableInt64(int column) const
{
    if (m_query)
        return isNull(column) ? QVariant() : QVariant(qint64(m_query->value(column).toLongLong()));
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
    Q_ASSERT(sqliteMigrations().size() == postgresMigrations().size());
    return int(sqliteMigrations().size());
}

const QList<QStringList> &Database::migrations() const
{
    return isPostgres() ? postgresMigrations() : sqliteMigrations();
}

int Database::schemaVersion()
{
    // On PostgreSQL under the migration lock: two instances creating the table at the same
    // moment would otherwise collide in the catalogue.
    Transaction tx(*this);
    if (isPostgres())
        exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLock));
    execRaw(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    QSqlQuery q = exec(QStringLiteral("SELECT MAX(version) FROM schema_version"));
    const int version = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    tx.commit();
    return version;
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
        if (isPostgres())
            exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLock));
        // Re-read inside the write lock: another process may have migrated meanwhile.
        QSqlQuery q = exec(QStringLiteral("SELECT MAX(version) FROM schema_version"));
        const int current = q.next() ? q.value(0).toInt() : 0;
        // Done reading: SQLite cannot drop a table (version 6) while a read is pending.
        q.finish();
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

// One round trip: QPSQL would PREPARE, EXECUTE and DEALLOCATE a query prepared for one use
// (three). The values go in as literals the driver escapes (PQescapeStringConn); the kept
// statements of the hot paths (statement()) stay server-side prepared.
QSqlQuery Database::execPostgres(const QString &sql, const QVariantMap &binds)
{
    QString text;
    if (binds.isEmpty()) {
        text = sql;
    } else {
        text.reserve(sql.size() + 64);
        QSqlDriver *driver = m_db.driver();
        bool quoted = false;
        for (qsizetype i = 0; i < sql.size(); ++i) {
            const QChar c = sql.at(i);
            if (c == QLatin1Char('\''))
                quoted = !quoted;
            if (quoted || c != QLatin1Char(':') || i + 1 >= sql.size() ||
                !(sql.at(i + 1).isLetter() || sql.at(i + 1) == QLatin1Char('_')) ||
                (i > 0 && sql.at(i - 1) == QLatin1Char(':'))) {
                text += c;
                continue;
            }
            qsizetype end = i + 1;
            while (end < sql.size() &&
                   (sql.at(end).isLetterOrNumber() || sql.at(end) == QLatin1Char('_')))
                ++end;
            const QString name = sql.mid(i, end - i);
            const auto it = binds.constFind(name);
            if (it == binds.cend())
                throw DatabaseException(QStringLiteral("%1: no value for %2").arg(sql, name));
            const QVariant value = bindable(*it);
            QSqlField field(QString(), value.metaType());
            field.setValue(value);
            text += driver->formatValue(field);
            i = end - 1;
        }
    }
    QSqlQuery q(m_db);
    if (!q.exec(text))
        throw DatabaseException(QStringLiteral("%1: %2").arg(sql, q.lastError().text()));
    if (writesIdentity(sql))
        noteIdentityWrite();
    publishIdentityChange();
    return q;
}

QVariant Database::bindable(const QVariant &value) const
{
    // The schema has no binary columns: bytes (hashes in hex) are text, as SQLite kept them.
    // QPSQL would send a QByteArray as a bytea literal ("\\x...").
    if (m_backend == Backend::Postgres && value.typeId() == QMetaType::QByteArray)
        return QString::fromUtf8(value.toByteArray());
    return value;
}

QSqlQuery Database::exec(const QString &sql,
                         std::initializer_list<std::pair<const char *, QVariant>> binds)
{
    if (isPostgres()) {
        QVariantMap map;
        for (const auto &[name, value] : binds)
            map.insert(QLatin1String(name), value);
        return execPostgres(sql, map);
    }
    QSqlQuery q(m_db);
    if (!q.prepare(sql))
        throw DatabaseException(QStringLiteral("prepare %1: %2").arg(sql, q.lastError().text()));
    for (const auto &[name, value] : binds)
        q.bindValue(QLatin1String(name), bindable(value));
    if (!q.exec())
        throw DatabaseException(QStringLiteral("%1: %2").arg(sql, q.lastError().text()));
    if (isPostgres() && writesIdentity(sql))
        noteIdentityWrite();
    publishIdentityChange();
    return q;
}

QSqlQuery Database::exec(const QString &sql, const QVariantMap &binds)
{
    if (isPostgres())
        return execPostgres(sql, binds);
    QSqlQuery q(m_db);
    if (!q.prepare(sql))
        throw DatabaseException(QStringLiteral("prepare %1: %2").arg(sql, q.lastError().text()));
    for (auto it = binds.cbegin(); it != binds.cend(); ++it)
        q.bindValue(it.key(), bindable(it.value()));
    if (!q.exec())
        throw DatabaseException(QStringLiteral("%1: %2").arg(sql, q.lastError().text()));
    if (isPostgres() && writesIdentity(sql))
        noteIdentityWrite();
    publishIdentityChange();
    return q;
}

Database::Transaction::Transaction(Database &db) : m_db(db), m_depth(db.m_transactionDepth)
{
    if (m_depth == 0 && m_db.isPostgres())
        m_db.execRaw(QStringLiteral("BEGIN")); // READ COMMITTED; row locks where it matters
    else if (m_depth == 0)
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
    if (m_depth == 0 && m_db.isPostgres()) {
        QSqlQuery q(m_db.m_db);
        if (!q.exec(QStringLiteral("ROLLBACK")))
            qCWarning(lcStore) << "rollback failed:" << q.lastError().text();
        m_db.publishIdentityChange();
        return;
    }
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
    if (m_depth == 0 && m_db.isPostgres())
        m_db.execRaw(QStringLiteral("COMMIT"));
    else if (m_depth == 0)
        m_db.statement("COMMIT").run();
    else
        m_db.execRaw(QStringLiteral("RELEASE SAVEPOINT linedesk_%1").arg(m_depth));
    --m_db.m_transactionDepth;
    m_open = false;
    m_db.publishIdentityChange();
}

} // namespace linedesk::server
