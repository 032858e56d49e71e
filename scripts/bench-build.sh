#!/usr/bin/env bash
# Measures Lindra's build: a cold build (empty target dir; the cargo registry stays warm),
# an incremental rebuild after touching the app, and the browser bundle's size.
# Prints a markdown table. Takes a long time on 2 cores: run it on purpose only.
#
#   scripts/bench-build.sh [--dev]     --dev measures scripts/build.sh --dev instead
#   LINDRA_BENCH_KEEP=1                keep the temp target dir (else it is deleted)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BUILD_ARGS=()
MODE=release
case "${1:-}" in
    "") ;;
    --dev) BUILD_ARGS=(--dev) MODE=dev ;;
    *) echo "usage: $0 [--dev]" >&2; exit 2 ;;
esac

scripts/setup.sh

# A fresh target dir and site root, so neither the repo's build nor its site is touched.
BENCH="$(mktemp -d /tmp/lindra-bench.XXXXXX)"
cleanup() { if [[ "${LINDRA_BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$BENCH"; fi; }
trap cleanup EXIT
export CARGO_TARGET_DIR="$BENCH/target"
export LINDRA_SITE_ROOT="$BENCH/site"

now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN{printf "%.1f s", ms/1000}'; }
kib() { awk -v b="$1" 'BEGIN{printf "%.1f KiB", b/1024}'; }

run_build() { # label -> prints the elapsed ms
    local t0 t1
    t0="$(now_ms)"
    scripts/build.sh ${BUILD_ARGS[@]+"${BUILD_ARGS[@]}"} >"$BENCH/$1.log" 2>&1 \
        || { tail -n 40 "$BENCH/$1.log" >&2; echo "bench: $1 build failed" >&2; exit 1; }
    t1="$(now_ms)"
    echo $((t1 - t0))
}

echo "bench: cold $MODE build into $BENCH (this takes a while)" >&2
cold_ms="$(run_build cold)"

# An edit in the UI crate: the common case during development.
echo "bench: incremental rebuild after touching app/src/lib.rs" >&2
touch app/src/lib.rs
incr_ms="$(run_build incremental)"

wasm="$(ls "$LINDRA_SITE_ROOT"/pkg/lindra.*.wasm)"
js="$(ls "$LINDRA_SITE_ROOT"/pkg/lindra.*.js)"
size() { stat -c %s "$1"; }

cat <<EOF

| $MODE build ($(nproc) cores, $(rustc --version | awk '{print $1, $2}')) | value |
| --- | --- |
| cold build (empty target dir) | $(secs "$cold_ms") |
| incremental (touch app/src/lib.rs) | $(secs "$incr_ms") |
| wasm raw | $(kib "$(size "$wasm")") |
| wasm gzip -9 | $(kib "$(size "$wasm.gz")") |
| wasm brotli -q 11 | $(kib "$(size "$wasm.br")") |
| js raw / brotli | $(kib "$(size "$js")") / $(kib "$(size "$js.br")") |
EOF
if [[ "$MODE" == dev ]]; then
    echo
    echo "(dev: no wasm-opt, and .gz/.br use fast levels, not -9 / -q 11)"
fi
