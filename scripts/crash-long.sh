#!/usr/bin/env bash
# The long crash test: the release server on SQLite, 4 clients recording registrations, killed
# with SIGKILL at random moments (default 100 times) and restarted on the same file; after every
# kill the file must pass PRAGMA integrity_check and hold every acknowledged registration.
# The short version (5 kills) is part of scripts/test.sh. Result: docs/benchmarks.md.
#
#   scripts/crash-long.sh [KILLS]      default 100; builds nothing: run scripts/build.sh first
#
# Env: LINDRA_CRASH_CLIENTS (default 4), CARGO_TARGET_DIR, LINDRA_SITE_ROOT.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KILLS="${1:-100}"
[[ "$KILLS" =~ ^[1-9][0-9]*$ ]] || { echo "crash-long: KILLS must be a positive number" >&2; exit 2; }
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/release/lindra"
[[ -x "$BIN" ]] || { echo "crash-long: $BIN missing: run scripts/build.sh" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "crash-long: sqlite3 missing: run scripts/setup.sh" >&2; exit 1; }

REPORT="$(mktemp "${TMPDIR:-/tmp}/lindra-crash.XXXXXX.json")"
trap 'rm -f "$REPORT"' EXIT

echo "crash-long: $KILLS kills with ${LINDRA_CRASH_CLIENTS:-4} clients, $BIN"
LINDRA_BIN="$BIN" \
    LINDRA_SITE_ROOT="${LINDRA_SITE_ROOT:-target/site}" \
    NODE_PATH="$ROOT/.tools/node_modules" \
    LINDRA_CRASH_KILLS="$KILLS" \
    LINDRA_CRASH_REPORT="$REPORT" \
    node --test tests/e2e/crash.test.mjs

echo
echo "crash-long: result ($(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
node -e '
const { summary, cycles } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const [k, v] of Object.entries(summary)) console.log(`  ${k.padEnd(26)} ${v}`);
const inflight = cycles.map((c) => c.inFlight);
console.log(`  ${"requests in flight at kill".padEnd(26)} mean ${(inflight.reduce((a, b) => a + b, 0) / inflight.length).toFixed(2)}, max ${Math.max(...inflight)}`);
' "$REPORT"
