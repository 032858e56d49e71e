#!/usr/bin/env bash
# How fast Lindra's pages are on a cheap tablet: Lighthouse 12 (npm lighthouse@12.2.3, its mobile
# preset: simulated slow 4G and a 4x slower CPU) on the registration form, the unit overview and
# the trend page "alle" over two years of data, signed in; the registration form (three ways to
# it) and the patient page in Chromium throttled like a cheap tablet on weak Wi-Fi (time to
# painted and to interactive, bench/pages/interactive.mjs); plus the browser bundles' sizes. Prints markdown tables for
# docs/benchmarks.md.
# A benchmark, not a test: run it on purpose (a few minutes; builds first).
#
#   scripts/bench-pages.sh              build the release bundle, then measure
#   scripts/bench-pages.sh --no-build   measure what target/ holds
#   LINDRA_BENCH_RUNS=3                 Lighthouse runs per page (the median is printed)
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BUILD=1
case "${1:-}" in
    "") ;;
    --no-build) BUILD=0 ;;
    *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
esac
RUNS="${LINDRA_BENCH_RUNS:-3}"
LIGHTHOUSE_VERSION=12.2.3
LH_DIR="$ROOT/.tools/lighthouse"

scripts/setup.sh >/dev/null
if [[ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]] \
    || [[ "$(node -p "require('$LH_DIR/node_modules/lighthouse/package.json').version")" != "$LIGHTHOUSE_VERSION" ]]; then
    echo "bench-pages: installing lighthouse@$LIGHTHOUSE_VERSION into .tools/lighthouse" >&2
    mkdir -p "$LH_DIR"
    (cd "$LH_DIR" && { [[ -f package.json ]] || npm init -y >/dev/null; } \
        && npm install --no-audit --no-fund --silent "lighthouse@$LIGHTHOUSE_VERSION")
fi
if ((BUILD)); then scripts/build.sh >&2; fi

BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/lindra"
SITE="$ROOT/target/site"
WORK="$(mktemp -d /tmp/lindra-bench-pages.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Two years of registrations for the demo wards, then the demo server on them.
export LINDRA_DATABASE_URL="sqlite://$WORK/lindra.db" LINDRA_SITE_ROOT="$SITE" LINDRA_ADDR="127.0.0.1:$PORT" LINDRA_LOG=warn
"$BIN" seed --units 2 --patients-per-unit 8 --days 730 >&2
"$BIN" --demo >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    if curl -fs "$URL/readyz" >/dev/null 2>&1; then break; fi
    sleep 0.2
done

COOKIE="$(curl -s -o /dev/null -D - -H "Origin: $URL" \
    --data 'brukernavn=demo.sykepleier&passord=demo-passord-2026' "$URL/innlogging" \
    | sed -n 's/^[Ss]et-[Cc]ookie: \(lindra_session=[^;]*\).*/\1/p' | head -n1)"
[[ -n "$COOKIE" ]] || { echo "bench-pages: could not sign in" >&2; cat "$WORK/server.log" >&2; exit 1; }

PAGES=(
    "registration form|/pasient/1/ny"
    "unit overview|/enhet/1/oversikt"
    "trend \"alle\" (2 years)|/pasient/1/forlop?periode=alle"
)

echo "| page | performance | LCP | TBT | TTI | transferred |"
echo "|---|---|---|---|---|---|"
for entry in "${PAGES[@]}"; do
    name="${entry%%|*}"
    path="${entry#*|}"
    for run in $(seq 1 "$RUNS"); do
        CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" "$URL$path" \
            --quiet --only-categories=performance --output=json --output-path="$WORK/lh-$run.json" \
            --extra-headers="{\"Cookie\": \"$COOKIE\"}" \
            --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>"$WORK/lh.err" \
            || { cat "$WORK/lh.err" >&2; exit 1; }
    done
    node -e '
        const fs = require("fs");
        const [dir, runs, name] = process.argv.slice(1);
        const reports = [];
        for (let i = 1; i <= Number(runs); i++) reports.push(JSON.parse(fs.readFileSync(`${dir}/lh-${i}.json`)));
        const median = (f) => { const v = reports.map(f).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
        const audit = (r, id) => r.audits[id].numericValue;
        const score = median((r) => Math.round(r.categories.performance.score * 100));
        const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
        console.log(`| ${name} | ${score} | ${s(median((r) => audit(r, "largest-contentful-paint")))} | ` +
            `${Math.round(median((r) => audit(r, "total-blocking-time")))} ms | ${s(median((r) => audit(r, "interactive")))} | ` +
            `${Math.round(median((r) => audit(r, "total-byte-weight")) / 1024)} KiB |`);
    ' "$WORK" "$RUNS" "$name"
done

echo
echo "| page | first paint | interactive (hydrated) | transferred |"
echo "|---|---|---|---|"
NODE_PATH="$ROOT/.tools/node_modules" LINDRA_BIN="$BIN" LINDRA_SITE_ROOT="$SITE" \
    node bench/pages/interactive.mjs "$URL" "$COOKIE" "$RUNS"

size_kib() { echo $((($(stat -c %s "$1") + 1023) / 1024)); }
echo
for name in lindra lindra-form-nb lindra-form-nn lindra-form-en lindra-patient; do
    wasm="$(ls "$SITE"/pkg/"$name".*.wasm | head -n1)"
    js="$(ls "$SITE"/pkg/"$name".*.js | head -n1)"
    echo "bundle $name: wasm $(size_kib "$wasm") KiB raw, $(size_kib "$wasm.br") KiB brotli; js $(size_kib "$js.br") KiB brotli"
done
echo "median of $RUNS Lighthouse $LIGHTHOUSE_VERSION runs per page (mobile preset, simulated throttling), $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"
