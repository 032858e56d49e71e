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

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

scripts/setup.sh
scripts/build.sh

# The default SQLite file lives in data/ (gitignored); make sure its directory exists.
mkdir -p data
exec "${CARGO_TARGET_DIR:-$ROOT/target}/release/lindra" --demo "$@"
