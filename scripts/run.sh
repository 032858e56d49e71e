#!/usr/bin/env bash
# Installs what is missing, builds (release) and runs Lindra with demo data, and beside it a
# local OpenID Connect identity provider (tests/oidc/provider.mjs, npm oidc-provider) so the
# login page's «Logg inn med kommunens pålogging» works too: sign in there as a demo user with
# any password.
#
#   scripts/run.sh [server args...]     e.g. scripts/run.sh --help
#
# The server's defaults are relative to the repo root, where this runs it:
#   LINDRA_DATABASE_URL=sqlite://data/lindra.db  LINDRA_ADDR=127.0.0.1:3000
#   LINDRA_SITE_ROOT=target/site
# --demo seeds demo data into an empty database (a no-op on one that has data).
# The identity provider listens on 127.0.0.1:${LINDRA_DEMO_IDP_PORT:-4000}. It is not started
# when LINDRA_OIDC_ISSUER names a provider of your own, or with LINDRA_DEMO_IDP=0.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

scripts/setup.sh
scripts/build.sh

# The default SQLite file lives in data/ (gitignored); make sure its directory exists.
mkdir -p data
lindra="${CARGO_TARGET_DIR:-$ROOT/target}/release/lindra"
if [[ -n "${LINDRA_OIDC_ISSUER:-}" || "${LINDRA_DEMO_IDP:-1}" == 0 ]]; then
    exec "$lindra" --demo "$@"
fi

addr="${LINDRA_ADDR:-127.0.0.1:3000}"
idp_port="${LINDRA_DEMO_IDP_PORT:-4000}"
secret="lindra-demo-secret"
NODE_PATH="$ROOT/.tools/node_modules" OIDC_CLIENT_SECRET="$secret" \
    OIDC_REDIRECT_URIS="http://$addr/oidc/callback" \
    node "$ROOT/tests/oidc/provider.mjs" "$idp_port" &
idp=$!
trap 'kill "$idp" 2>/dev/null || true' EXIT INT TERM
echo "run: demo identity provider on http://127.0.0.1:$idp_port (any password for the demo users)"
LINDRA_OIDC_ISSUER="http://127.0.0.1:$idp_port" LINDRA_OIDC_CLIENT_ID=lindra \
    LINDRA_OIDC_CLIENT_SECRET="$secret" LINDRA_OIDC_REDIRECT_URI="http://$addr/oidc/callback" \
    "$lindra" --demo "$@"
