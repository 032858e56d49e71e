#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, for when no server is given.
#
#   scripts/pg.sh start    start (or reuse) the cluster, create lindra_test, print its URL
#   scripts/pg.sh url      print the URL
#   scripts/pg.sh status   exit 0 if the cluster is running
#   scripts/pg.sh stop     stop it (the data stays for a fast next start)
#   scripts/pg.sh destroy  stop it and delete its directory
#
# Env: LINDRA_PG_DIR (default /tmp/lindra-pg-<uid>), LINDRA_PG_PORT (default 54329).
# Only the URL goes to stdout, so `url=$(scripts/pg.sh start)` works.
set -euo pipefail

BASE="${LINDRA_PG_DIR:-/tmp/lindra-pg-$(id -u)}"
PORT="${LINDRA_PG_PORT:-54329}"
PGDATA_DIR="$BASE/data"
LOG="$BASE/postgres.log"
DB=lindra_test
URL="postgres://postgres@127.0.0.1:${PORT}/${DB}"

say() { printf 'pg: %s\n' "$*" >&2; }
die() { printf 'pg: ERROR: %s\n' "$*" >&2; exit 1; }

# The server binaries: Debian keeps them in /usr/lib/postgresql/<major>/bin, with only
# some of them (or wrappers) on PATH. Prefer PATH when it has the real pair, else the newest.
find_bindir() {
    local initdb_path dir
    if initdb_path="$(command -v initdb 2>/dev/null)"; then
        dir="$(dirname "$(readlink -f "$initdb_path")")"
        if [[ -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
            echo "$dir"
            return
        fi
    fi
    dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
    [[ -n "$dir" && -x "$dir/initdb" ]] || die "no PostgreSQL server found (run scripts/setup.sh)"
    echo "$dir"
}

# PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user.
as_pg() {
    if [[ "$(id -u)" -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

is_running() {
    [[ -f "$PGDATA_DIR/PG_VERSION" ]] || return 1
    as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

psql_admin() {
    # Over TCP as the trusted superuser `postgres`: works for root and non-root alike.
    "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"
}

init_cluster() {
    if [[ "$(id -u)" -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || useradd -r -m postgres
    fi
    mkdir -p "$BASE"
    if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$BASE"; fi
    chmod 700 "$BASE"
    say "initdb in $PGDATA_DIR"
    # trust auth: a local, loopback-only test cluster with no secrets in it.
    as_pg "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --no-locale --no-sync \
        >"$BASE/initdb.log" 2>&1 || { cat "$BASE/initdb.log" >&2; die "initdb failed"; }
    # Durability is worthless for test data; speed is not.
    as_pg tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null <<EOF

# --- lindra test cluster (scripts/pg.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDATA_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
}

cmd_start() {
    BIN="$(find_bindir)"
    if is_running; then
        say "reusing the running cluster in $PGDATA_DIR"
    else
        [[ -f "$PGDATA_DIR/PG_VERSION" ]] || init_cluster
        say "starting PostgreSQL ($("$BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PORT"
        # The port goes on the command line so that LINDRA_PG_PORT can change between runs.
        as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOG" -o "-p $PORT" -w -t 60 start >/dev/null \
            || { tail -n 30 "$LOG" >&2 || true; die "PostgreSQL did not start (log: $LOG)"; }
    fi
    if [[ "$(psql_admin -tAc "select 1 from pg_database where datname = '$DB'")" != 1 ]]; then
        say "creating database $DB"
        psql_admin -c "create database $DB owner postgres"
    fi
    echo "$URL"
}

cmd_stop() {
    BIN="$(find_bindir)"
    if is_running; then
        as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
        say "stopped"
    else
        say "not running"
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    url) echo "$URL" ;;
    status) BIN="$(find_bindir)"; is_running ;;
    destroy) cmd_stop; rm -rf "$BASE"; say "removed $BASE" ;;
    *)
        echo "usage: $0 start|stop|url|status|destroy" >&2
        exit 2
        ;;
esac
