#!/usr/bin/env bash
# The load test of issue 7 (not part of scripts/test.sh: it takes 15-25 minutes).
#
#   scripts/load.sh                 all runs: 200 users x 60 s each
#   LOAD_RUNS=sqlite-record,baseline LOAD_DURATION=20 scripts/load.sh     a subset, shorter
#
# Builds the release server and the load tools, then for each run: a fresh database seeded with
# `lindra seed` (2 units x 40 patients x 30 days, the demo users), the release server on
# loopback, `bench-load` with 200 virtual users (each signed in with its own session) for 60 s,
# SIGTERM. Runs:
#   sqlite-mixed   SQLite, the mix below            pg-mixed    PostgreSQL, the mix
#   sqlite-record  SQLite, recording only           pg-record   PostgreSQL, recording only
#   baseline       bench-baseline: bare axum + sqlx SQLite, one insert per request
#   ...-live       (not in the default list) the same with every user's live event stream open
#                  (GET /hendelser, as every open page keeps it), e.g. sqlite-record-live
# each at full speed (every user sends its next request as soon as it has the answer: the most
# the server can do, and the throughput ratio), and RUN-paced: the same with each user pausing
# 0.5-1.5 s (LOAD_THINK_MS=1000 on average) between requests, where latency is service time
# rather than queueing. Prints one table (bench-load report) with the recording/baseline ratio.
#
# Before each run it waits (up to LOAD_QUIET_MAX s) until the machine is quiet: no rustc running
# and the CPUs at least 80 % idle over 3 s; the load average at the start of each run is in the
# table. The generator shares the machine's cores with the server.
#
# Env: CARGO_TARGET_DIR (default target/load: never the default target dir, so a build or test
#      in target/ is left alone), LOAD_USERS (200), LOAD_DURATION (60), LOAD_MIX
#      (overview=15,patient=30,record=30,trend=20,pdf=5), LOAD_RUNS (all nine), LOAD_THINK_MS
#      (1000), LOAD_PORT (39123),
#      LOAD_OUT (results folder, default <target>/load-results/<time>), LOAD_QUIET_MAX (600),
#      LOAD_DB_MAX_CONNECTIONS (the server's default, 16), LINDRA_LOAD_PG_DIR and
#      LINDRA_LOAD_PG_PORT (a PostgreSQL cluster of its own: /tmp/lindra-pg-load-<uid>, 54339).
# The pdf kind is left out, with a note, when the server has no PDF route (404).
set -euo pipefail

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/load}"
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TARGET_DIR="$CARGO_TARGET_DIR"
USERS="${LOAD_USERS:-200}"
DURATION="${LOAD_DURATION:-60}"
MIX="${LOAD_MIX:-overview=15,patient=30,record=30,trend=20,pdf=5}"
# The baseline right after SQLite's recording run: the ratio compares neighbours (the disk's
# fsync speed, which bounds both, drifts over minutes on this machine).
RUNS="${LOAD_RUNS:-sqlite-record,baseline,pg-record,sqlite-mixed,pg-mixed,sqlite-record-paced,pg-record-paced,sqlite-mixed-paced,pg-mixed-paced}"
THINK_MS="${LOAD_THINK_MS:-1000}"
PORT="${LOAD_PORT:-39123}"
QUIET_MAX="${LOAD_QUIET_MAX:-600}"
OUT="${LOAD_OUT:-$TARGET_DIR/load-results/$(date +%Y%m%d-%H%M%S)}"
PG_DIR="${LINDRA_LOAD_PG_DIR:-/tmp/lindra-pg-load-$(id -u)}"
PG_PORT="${LINDRA_LOAD_PG_PORT:-54339}"
SEED_ARGS=(seed --units 2 --patients-per-unit 40 --days 30)
BIN="$TARGET_DIR/release"

say() { printf 'load: %s\n' "$*" >&2; }
die() { printf 'load: ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$OUT"
SERVER_PID=""
PG_STARTED=0
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if ((PG_STARTED)); then
        LINDRA_PG_DIR="$PG_DIR" LINDRA_PG_PORT="$PG_PORT" scripts/pg.sh stop || true
    fi
}
trap cleanup EXIT

if (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is in use (set LOAD_PORT)"
fi

# ---------------------------------------------------------------- build
say "building (release) in $TARGET_DIR"
cargo build --release -p lindra-server -p lindra-bench --bin lindra --bin bench-load --bin bench-baseline

# The server renders pages without the browser bundle: the HTML only names its files, and the
# generator, like a browser with a warm cache, does not fetch them. A site folder with the static
# assets is enough (scripts/build.sh makes the real one).
SITE="$OUT/site"
mkdir -p "$SITE/pkg"
tar -C "$ROOT/assets" -cf - . | tar -C "$SITE" -xf -

# ---------------------------------------------------------------- helpers
cpu_busy_percent() { # over 3 s, from /proc/stat
    local a b
    read -r -a a < <(head -n1 /proc/stat)
    sleep 3
    read -r -a b < <(head -n1 /proc/stat)
    awk -v a="${a[*]}" -v b="${b[*]}" 'BEGIN {
        n = split(a, x, " "); split(b, y, " "); total = 0
        for (i = 2; i <= n; i++) total += y[i] - x[i]
        idle = (y[5] - x[5]) + (y[6] - x[6])
        printf "%d", (total > 0 ? 100 * (total - idle) / total : 0) }'
}

wait_quiet() {
    local waited=0 busy
    while :; do
        busy="$(cpu_busy_percent)"
        if ! pgrep -x rustc >/dev/null && ((busy <= 20)); then break; fi
        if ((waited >= QUIET_MAX)); then
            say "still busy after ${QUIET_MAX} s (cpu ${busy} %, rustc: $(pgrep -c -x rustc || true)); measuring anyway"
            echo "run started while busy: cpu ${busy} %" >>"$OUT/notes.txt"
            break
        fi
        say "machine busy (cpu ${busy} %, rustc processes: $(pgrep -c -x rustc || true)); waiting"
        sleep 12
        waited=$((waited + 15))
    done
    say "quiet: cpu ${busy} % over 3 s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# One HTTP/1.1 request to the server on $PORT with bash's /dev/tcp (no curl needed); prints the
# answer's head. Args: method path [form body] [cookie].
http_head() {
    local method="$1" path="$2" body="${3:-}" cookie="${4:-}" extra=""
    if [[ -n "$cookie" ]]; then extra+="Cookie: $cookie"$'\r\n'; fi
    if [[ "$method" == POST ]]; then
        extra+="Origin: http://127.0.0.1:$PORT"$'\r\n'"Content-Type: application/x-www-form-urlencoded"$'\r\n'
    fi
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
    printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n%sContent-Length: %s\r\n\r\n%s' \
        "$method" "$path" "$PORT" "$extra" "${#body}" "$body" >&3
    timeout 30 cat <&3 | sed -n '1,/^\r$/p'
    exec 3<&-
}

http_status() { # method path [body] [cookie]
    http_head "$@" 2>/dev/null | head -n1 | cut -d' ' -f2
}

wait_http() { # path
    local i
    for i in $(seq 1 300); do
        if [[ "$(http_status GET "$1")" == 200 ]]; then return 0; fi
        if [[ -n "$SERVER_PID" ]] && ! kill -0 "$SERVER_PID" 2>/dev/null; then return 1; fi
        sleep 0.1
    done
    return 1
}

stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        local rc=0
        wait "$SERVER_PID" || rc=$?
        ((rc == 0)) || say "server exited with $rc (log: $1)"
        SERVER_PID=""
    fi
}

# Starts Lindra on database URL $1, logging to $2.
start_lindra() {
    if [[ -n "${LOAD_DB_MAX_CONNECTIONS:-}" ]]; then export LINDRA_DB_MAX_CONNECTIONS="$LOAD_DB_MAX_CONNECTIONS"; fi
    LINDRA_DATABASE_URL="$1" LINDRA_ADDR="127.0.0.1:$PORT" LINDRA_SITE_ROOT="$SITE" LINDRA_LOG=warn \
        "$BIN/lindra" >>"$2" 2>&1 &
    SERVER_PID=$!
    wait_http /readyz || die "Lindra did not get ready (log: $2)"
}

# Leaves pdf out of the mix when the server has no PDF route yet.
PDF_CHECKED=0
check_pdf() {
    ((PDF_CHECKED)) && return 0
    PDF_CHECKED=1
    [[ ",$MIX," == *",pdf="* ]] || return 0
    local cookie status
    cookie="$(http_head POST /innlogging 'brukernavn=demo.sykepleier&passord=demo-passord-2026' |
        sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n1)"
    [[ -n "$cookie" ]] || die "the PDF probe could not sign in"
    status="$(http_status GET '/pasient/1/oppsummering.pdf?mottaker=fastlege' '' "$cookie")"
    if [[ "$status" == 404 ]]; then
        MIX="$(tr ',' '\n' <<<"$MIX" | grep -v '^pdf=' | paste -sd, -)"
        say "no PDF route on this server (404): the mix is $MIX"
        echo "pdf left out of the mix: /pasient/ID/oppsummering.pdf answered 404" >>"$OUT/notes.txt"
    else
        say "PDF route answers $status: pdf stays in the mix"
    fi
}

load() { # label mix json [extra args]
    local label="$1" mix="$2" json="$3"
    shift 3
    wait_quiet
    "$BIN/bench-load" run --url "http://127.0.0.1:$PORT" --users "$USERS" --duration "$DURATION" \
        --mix "$mix" --label "$label" --out "$json" --server-pid "$SERVER_PID" "$@" | tee -a "$OUT/runs.txt"
}

pg_url() { # database
    echo "postgres://postgres@127.0.0.1:${PG_PORT}/$1"
}

pg_fresh_db() {
    if ! LINDRA_PG_DIR="$PG_DIR" LINDRA_PG_PORT="$PG_PORT" scripts/pg.sh status; then
        LINDRA_PG_DIR="$PG_DIR" LINDRA_PG_PORT="$PG_PORT" scripts/pg.sh start >/dev/null
        PG_STARTED=1
        # pg.sh makes a test cluster without durability; the load test runs with PostgreSQL's
        # defaults, like a real server (each commit flushed to disk), as SQLite does.
        psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
            -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
            -c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" >/dev/null
    fi
    psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
        -c "DROP DATABASE IF EXISTS lindra_load" -c "CREATE DATABASE lindra_load" >/dev/null
}

# ---------------------------------------------------------------- runs
RESULTS=()
BASELINE_JSON=""
IFS=',' read -r -a RUN_LIST <<<"$RUNS"
for run in "${RUN_LIST[@]}"; do
    log="$OUT/$run.log"
    json="$OUT/$run.json"
    think=0 pace="" live="" live_args=() base="$run"
    if [[ "$base" == *-live ]]; then live_args=(--streams) live=", live streams open" base="${base%-live}"; fi
    if [[ "$base" == *-paced ]]; then think="$THINK_MS" pace=", paced" base="${base%-paced}"; fi
    case "$base" in
        sqlite-mixed | sqlite-record | pg-mixed | pg-record)
            case "$run" in
                sqlite-*) db="sqlite://$OUT/$run.db" name=SQLite ;;
                pg-*) pg_fresh_db; db="$(pg_url lindra_load)" name=PostgreSQL ;;
            esac
            LINDRA_DATABASE_URL="$db" LINDRA_LOG=warn "$BIN/lindra" "${SEED_ARGS[@]}" >>"$log" 2>&1
            start_lindra "$db" "$log"
            check_pdf
            case "$run" in
                *-mixed*) mix="$MIX" label="$name, mixed$pace$live" ;;
                *) mix="record=1" label="$name, recording only$pace$live" ;;
            esac
            db_proc=()
            if [[ "$run" == pg-* ]]; then db_proc=(--database-process postgres); fi
            load "$label" "$mix" "$json" --think-ms "$think" "${db_proc[@]}" "${live_args[@]}"
            stop_server "$log"
            RESULTS+=("$json")
            ;;
        baseline)
            "$BIN/bench-baseline" --database "sqlite://$OUT/$run.db" --addr "127.0.0.1:$PORT" >>"$log" 2>&1 &
            SERVER_PID=$!
            wait_http /healthz || die "bench-baseline did not start (log: $log)"
            load "baseline: axum + sqlx SQLite insert$pace" "insert" "$json" --baseline --think-ms "$think"
            stop_server "$log"
            if [[ -z "$pace" ]]; then BASELINE_JSON="$json"; else RESULTS+=("$json"); fi
            ;;
        *) die "unknown run $run (sqlite-mixed, sqlite-record, pg-mixed, pg-record, baseline, each also -paced, and -live: every user's event stream open)" ;;
    esac
done

# ---------------------------------------------------------------- report
{
    echo
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(rustc --version | cut -d' ' -f1-2), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- server app src bench 2>/dev/null || echo ' + uncommitted changes')"
    echo "users $USERS, $DURATION s each; generator, server (and PostgreSQL) share the cores. Last column:"
    echo "cores each used during the measured time; other = anything else on the machine, e.g. a compile"
    if [[ -f "$OUT/notes.txt" ]]; then sed 's/^/note: /' "$OUT/notes.txt"; fi
    echo
    "$BIN/bench-load" report ${BASELINE_JSON:+--baseline "$BASELINE_JSON"} "${RESULTS[@]}"
} | tee "$OUT/report.md"
say "results in $OUT"
