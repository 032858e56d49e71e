#!/usr/bin/env bash
# Installs what is missing, builds (release) and runs Lindra with demo data.
#
#   scripts/run.sh [server args...]     e.g. scripts/run.sh --help
#
# The server's defaults are relative to the repo root, where this runs it:
#   LINDRA_DATABASE_URL=sqlite://data/lindra.db  LINDRA_ADDR=127.0.0.1:3000
#   LINDRA_SITE_ROOT=target/site
# --demo seeds demo data into an empty database (a no-op on one that has data).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Keep a relative CARGO_TARGET_DIR meaning what it meant where we were called from.
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then
    mkdir -p "$CARGO_TARGET_DIR"
    CARGO_TARGET_DIR="$(cd "$CARGO_TARGET_DIR" && pwd)"
    export CARGO_TARGET_DIR
fi
cd "$ROOT"

scripts/setup.sh
scripts/build.sh

# The default SQLite file lives in data/ (gitignored); make sure its directory exists.
mkdir -p data
exec "${CARGO_TARGET_DIR:-$ROOT/target}/release/lindra" --demo "$@"
