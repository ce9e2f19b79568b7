#!/usr/bin/env bash
# The database's side of one call's start and end on PostgreSQL, without HTTP or Qt: pgbench
# calling linedesk_call_start and linedesk_call_end (schema version 5) on one connection, as
# one instance's connection does (docs/benchmarks.md).
#
#   bench/pgbench_admission.sh [SERVER_BIN] [SECONDS] [CONNECTIONS]
#
# Starts a throwaway cluster (scripts/pg-cluster; fsync on, synchronous_commit off, as
# bench_cluster), lets SERVER_BIN (default build-pg/bin/linedesk-server, else build/bin/)
# migrate and seed a demo database, gives the first admin's subscription 100,000 lines, runs
# pgbench, and removes the cluster. Prints pgbench's summary.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
server=${1:-}
if [ -z "$server" ]; then
    for candidate in "$root/build-pg/bin/linedesk-server" "$root/build/bin/linedesk-server"; do
        [ -x "$candidate" ] && server=$candidate && break
    done
fi
[ -n "$server" ] && [ -x "$server" ] || {
    echo "pgbench_admission: no linedesk-server (build it, or pass its path)" >&2
    exit 2
}
server=$(cd "$(dirname "$server")" && pwd)/$(basename "$server")
seconds=${2:-10}
connections=${3:-1}
pgbin=${LINEDESK_PG_BIN:-/usr/lib/postgresql/15/bin}
work=$(mktemp -d "${TMPDIR:-/tmp}/linedesk-pgbench.XXXXXX")
trap 'bash "$root/scripts/pg-cluster" stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

export LINEDESK_PG_CONF=$'fsync = on\nfull_page_writes = on\nsynchronous_commit = off'
uri=$(bash "$root/scripts/pg-cluster" start "$work/pg")
# Migrate and seed (--demo), then stop once it serves.
(cd "$work" && exec "$server" --listen 127.0.0.1:0 --database "$uri" --demo) >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 300); do
    grep -q 'listening on' "$work/server.log" && break
    sleep 0.2
done
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
grep -q 'listening on' "$work/server.log" || {
    cat "$work/server.log" >&2
    exit 1
}

psql() { "$pgbin/psql" -X -q -At -v ON_ERROR_STOP=1 "$uri" "$@"; }
read -r org user sub < <(psql -F ' ' -c "SELECT o.id, m.user_id, o.subscription_id FROM org o
    JOIN membership m ON m.org_id = o.id AND m.role = 'admin' ORDER BY o.name LIMIT 1")
psql -c "UPDATE subscription SET included_lines = 100000 WHERE id = '$sub'"
psql -c "VACUUM ANALYZE"
cat >"$work/admission.sql" <<SQL
\set g random(1, 2000000000)
SELECT * FROM linedesk_call_start('$user', '$org', 0, 'pgbench-' || :client_id || '-' || :g,
    'webCall', 1764480000000, 120000, '{}');
SELECT * FROM linedesk_call_end('pgbench-' || :client_id || '-' || :g, 1764480100000,
    'customer-ended-call');
SQL
echo "pgbench_admission: $connections connection(s), $seconds s; a transaction is a start and its end"
"$pgbin/pgbench" -n -M prepared -f "$work/admission.sql" -T "$seconds" -c "$connections" "$uri" 2>&1 |
    grep -E 'transactions actually|latency average|^tps'
