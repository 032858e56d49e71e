#!/usr/bin/env bash
# How fast a follow-up reaches a colleague's screen: the time from a save that opens or closes
# one to the header badge changing in another browser (bench/live/live.mjs), p50/p95/max over
# LINDRA_BENCH_SAVES saves (60), on SQLite and on two servers sharing PostgreSQL. Prints markdown
# rows for docs/benchmarks.md. A benchmark, not a test: run it on purpose.
#
#   scripts/bench-live.sh              build the release bundle, then measure
#   scripts/bench-live.sh --no-build   measure what target/ holds
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

case "${1:-}" in
    "") scripts/build.sh >&2 ;;
    --no-build) ;;
    *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
esac
SAVES="${LINDRA_BENCH_SAVES:-60}"
scripts/setup.sh >/dev/null
export LINDRA_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/lindra" LINDRA_SITE_ROOT="$ROOT/target/site"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" NODE_PATH="$ROOT/.tools/node_modules"
if [[ -z "${LINDRA_TEST_POSTGRES_URL:-}" ]]; then
    LINDRA_TEST_POSTGRES_URL="$(scripts/pg.sh start)"
    export LINDRA_TEST_POSTGRES_URL
fi
echo "| setup | saves | p50 | p95 | max |"
echo "|---|---|---|---|---|"
node bench/live/live.mjs sqlite "$SAVES"
node bench/live/live.mjs postgres "$SAVES"
