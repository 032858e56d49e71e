#!/usr/bin/env bash
# Builds Lindra without cargo-leptos: the browser bundles (wasm + JS, content-hashed,
# precompressed: the whole app's islands, the registration page's own with the form alone, and
# the patient page's own with its islands alone)
# and the stylesheet into the site root, then the server binary.
#
#   scripts/build.sh          release: wasm-release profile + wasm-opt, server --release
#   scripts/build.sh --dev    fast: dev profiles, no wasm-opt, no minifying, quick compression
#
# Env: CARGO_TARGET_DIR (cargo's output, default ./target),
#      LINDRA_SITE_ROOT (the site, default ./target/site; relative = to the repo root).
#
# Output (the layout cargo-leptos gives with hash-files = true):
#   <site>/pkg/lindra.<hash>.{js,wasm,css}, <site>/pkg/lindra-{form,patient}.<hash>.{js,wasm}
#   (+ .br, .gz),
#   <site>/<assets...>,
#   <site>/hash.txt and <target>/{release,debug}/hash.txt, which Leptos reads from the
#   directory of the running executable to name the files in <HydrationScripts>.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODE=release
for arg in "$@"; do
    case "$arg" in
        --dev) MODE=dev ;;
        -h | --help) sed -n '2,16p' "$ROOT/scripts/build.sh"; exit 0 ;;
        *) echo "build: unknown argument: $arg (usage: $0 [--dev])" >&2; exit 2 ;;
    esac
done

OUTPUT_NAME=lindra
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SITE_ROOT="${LINDRA_SITE_ROOT:-target/site}"
[[ "$SITE_ROOT" = /* ]] || SITE_ROOT="$ROOT/$SITE_ROOT"
PKG_DIR="$SITE_ROOT/pkg"
export PATH="$ROOT/.tools/node_modules/.bin:$PATH"

say() { printf 'build: %s\n' "$*" >&2; }
die() { printf 'build: ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
T_START="$(now_ms)"
T_PHASE="$T_START"
TIMINGS=()
phase_done() { # name
    local t
    t="$(now_ms)"
    TIMINGS+=("$(printf '%-22s %7.1f s' "$1" "$(awk -v ms=$((t - T_PHASE)) 'BEGIN{print ms/1000}')")")
    say "$(printf '%s done in %.1f s' "$1" "$(awk -v ms=$((t - T_PHASE)) 'BEGIN{print ms/1000}')")"
    T_PHASE="$t"
}

# Short content hash for cache-busting file names.
content_hash() { sha256sum "$1" | cut -c1-16; }

# ---------------------------------------------------------------- tool checks
want_wb="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p' | head -n1)"
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
[[ "$have_wb" == "$want_wb" ]] \
    || die "wasm-bindgen ${have_wb:-missing}, Cargo.lock wants $want_wb: run scripts/setup.sh"
if [[ "$MODE" == release ]]; then
    command -v wasm-opt >/dev/null || die "wasm-opt missing (.tools): run scripts/setup.sh"
    command -v esbuild >/dev/null || die "esbuild missing (.tools): run scripts/setup.sh"
fi
command -v brotli >/dev/null || die "brotli missing: run scripts/setup.sh"

if [[ "$MODE" == release ]]; then
    WASM_PROFILE=wasm-release WASM_PROFILE_DIR=wasm-release
    SERVER_FLAGS=(--release) SERVER_DIR=release
    BROTLI_Q=11 GZIP_LEVEL=9
else
    WASM_PROFILE=dev WASM_PROFILE_DIR=debug
    SERVER_FLAGS=() SERVER_DIR=debug
    # Debug wasm is big; brotli -q 11 on it takes long and buys nothing in dev.
    BROTLI_Q=4 GZIP_LEVEL=1
fi

# ---------------------------------------------------------------- 1-2. the bundles
# Five builds of the app for the browser (app/Cargo.toml): the whole, for every page with
# islands; the registration page's own, with the form's islands alone (`bundle-form`), once
# per language (`language-nb`...: each with its own words only); the patient page's own, with
# its islands alone (`bundle-patient`).
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/lindra-build.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
bundle() { # output name, cargo features
    local name="$1" features="$2"
    say "[1/5] cargo build lindra-app ($features, wasm32, profile $WASM_PROFILE)"
    cargo build -p lindra-app --lib --target wasm32-unknown-unknown --profile "$WASM_PROFILE" \
        --no-default-features --features "$features"
    local wasm_in="$TARGET_DIR/wasm32-unknown-unknown/$WASM_PROFILE_DIR/lindra_app.wasm"
    [[ -f "$wasm_in" ]] || die "expected $wasm_in"
    phase_done "cargo build ($name)"

    # wasm-opt takes seconds even when nothing changed: reuse the last output if cargo's
    # wasm and the tools are the same as last time.
    local cache="$TARGET_DIR/lindra-bundle/$WASM_PROFILE_DIR/$name" cache_key
    cache_key="$(
        {
            sha256sum "$wasm_in" "$ROOT/scripts/build.sh" | cut -d' ' -f1
            echo "$MODE $have_wb"
            if [[ "$MODE" == release ]]; then wasm-opt --version; esbuild --version; fi
        } | sha256sum | cut -c1-32
    )"
    local out="$STAGE/$name"
    mkdir -p "$out"
    if [[ -f "$cache/key" && "$(cat "$cache/key")" == "$cache_key" ]]; then
        say "[2/5] wasm-bindgen/wasm-opt: unchanged, reusing $cache"
        cp -r "$cache/out/." "$out/"
    else
        say "[2/5] wasm-bindgen ($name)"
        wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$name" "$wasm_in"
        if [[ "$MODE" == release ]]; then
            # The feature flags cover what rustc's default wasm32 target emits (rustc 1.95 /
            # LLVM: bulk memory, non-trapping float-to-int, sign-ext, mutable globals,
            # multivalue, reference types; `wasm-opt --print-features` lists them). wasm-opt
            # would also read them from the module's target_features section, but that section
            # is not guaranteed to survive every tool, and without it wasm-opt rejects the module.
            say "      wasm-opt -Oz ($(wasm-opt --version | head -n1))"
            wasm-opt -Oz \
                --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
                --enable-sign-ext --enable-mutable-globals --enable-multivalue \
                --enable-reference-types --enable-call-indirect-overlong \
                -o "$out/opt.wasm" "$out/${name}_bg.wasm"
            mv "$out/opt.wasm" "$out/${name}_bg.wasm"
            # wasm-bindgen's glue, minified: on the registration page it travels beside the
            # wasm on a slow link, and the app waits for both (38 KiB -> 17 KiB, 6.3 -> 4.7
            # KiB brotli). Exports keep their names: the loader calls them by name.
            esbuild "$out/$name.js" --minify --log-level=warning --outfile="$out/min.js"
            mv "$out/min.js" "$out/$name.js"
        fi
        rm -rf "$cache"
        mkdir -p "$cache/out"
        cp -r "$out/." "$cache/out/"
        echo "$cache_key" >"$cache/key"
    fi
    phase_done "wasm-bindgen/opt ($name)"
}
bundle "$OUTPUT_NAME" hydrate
for language in nb nn en; do
    bundle "$OUTPUT_NAME-form-$language" "bundle-form,language-$language"
done
bundle "$OUTPUT_NAME-patient" bundle-patient

# ---------------------------------------------------------------- 3. site
say "[3/5] site in $SITE_ROOT"
CSS_SRC="$ROOT/assets/$OUTPUT_NAME.css"
CSS="$STAGE/$OUTPUT_NAME.css"
if [[ -f "$CSS_SRC" && "$MODE" == release ]]; then
    # Minified: every page waits for its stylesheet before its first paint (5.5 -> 4.5 KiB
    # brotli).
    esbuild "$CSS_SRC" --minify --log-level=warning --outfile="$CSS"
elif [[ -f "$CSS_SRC" ]]; then
    cp "$CSS_SRC" "$CSS"
else
    say "WARNING: $CSS_SRC is missing; shipping an empty stylesheet"
    : >"$CSS"
fi
CSS_HASH="$(content_hash "$CSS")"

mkdir -p "$PKG_DIR"
# Drop the previous build's hashed files (and wasm-bindgen snippets) so pkg/ holds one version.
find "$PKG_DIR" -maxdepth 1 -type f -name "$OUTPUT_NAME[.-]*" -delete
rm -rf "$PKG_DIR/snippets"
cp "$CSS" "$PKG_DIR/$OUTPUT_NAME.$CSS_HASH.css"
HASHES="css: $CSS_HASH"$'\n'
for name in "$OUTPUT_NAME" "$OUTPUT_NAME"-form-{nb,nn,en} "$OUTPUT_NAME-patient"; do
    js_hash="$(content_hash "$STAGE/$name/$name.js")"
    wasm_hash="$(content_hash "$STAGE/$name/${name}_bg.wasm")"
    cp "$STAGE/$name/$name.js" "$PKG_DIR/$name.$js_hash.js"
    cp "$STAGE/$name/${name}_bg.wasm" "$PKG_DIR/$name.$wasm_hash.wasm"
    # Inline JS of crates (#[wasm_bindgen(inline_js)]) is imported relative to the JS file.
    if [[ -d "$STAGE/$name/snippets" ]]; then cp -r "$STAGE/$name/snippets/." "$PKG_DIR/snippets/"; fi
    # The whole bundle's lines are cargo-leptos' own (js, wasm); the form's are form-nb-js,
    # form-nb-wasm (and -nn-, -en-); the patient page's patient-js, patient-wasm.
    prefix="${name#"$OUTPUT_NAME"}"
    prefix="${prefix#-}"
    HASHES+="${prefix:+$prefix-}js: $js_hash"$'\n'"${prefix:+$prefix-}wasm: $wasm_hash"$'\n'
done

# Static assets: everything in assets/ except the stylesheet, which went to pkg/ hashed.
if [[ -d "$ROOT/assets" ]]; then
    tar -C "$ROOT/assets" --exclude="./$OUTPUT_NAME.css" -cf - . | tar -C "$SITE_ROOT" -xf -
fi

# Precompressed siblings, for servers that serve .br/.gz directly.
while IFS= read -r -d '' f; do
    brotli -f -k -q "$BROTLI_Q" -o "$f.br" "$f"
    gzip -f -k -n "-$GZIP_LEVEL" "$f"
done < <(find "$PKG_DIR" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' \) -print0)

# cargo-leptos' hash file format; Leptos looks for it beside the server executable.
printf '%s' "$HASHES" >"$SITE_ROOT/hash.txt"
phase_done "site + compression"

# ---------------------------------------------------------------- 4. server
say "[4/5] cargo build lindra-server (${SERVER_FLAGS[*]:-debug})"
cargo build -p lindra-server ${SERVER_FLAGS[@]+"${SERVER_FLAGS[@]}"}
BIN="$TARGET_DIR/$SERVER_DIR/lindra"
[[ -x "$BIN" ]] || die "expected $BIN"
phase_done "cargo build (server)"

# ---------------------------------------------------------------- 5. hash files
mkdir -p "$TARGET_DIR/release"
cp "$SITE_ROOT/hash.txt" "$TARGET_DIR/release/hash.txt"
if [[ -d "$TARGET_DIR/debug" ]]; then cp "$SITE_ROOT/hash.txt" "$TARGET_DIR/debug/hash.txt"; fi

# ---------------------------------------------------------------- summary
size() { stat -c %s "$1"; }
kib() { awk -v b="$1" 'BEGIN{printf "%.1f KiB", b/1024}'; }
say "[5/5] done ($MODE)"
echo "server:  $BIN"
echo "site:    $SITE_ROOT"
printf '%s' "$HASHES" | sed 's/^/hash     /'
for f in "$PKG_DIR"/*.wasm "$PKG_DIR"/*.js; do
    echo "$(basename "$f"): raw $(kib "$(size "$f")"), gzip $(kib "$(size "$f.gz")"), brotli $(kib "$(size "$f.br")")"
done
echo "timings:"
for t in "${TIMINGS[@]}"; do echo "  $t"; done
printf '  %-22s %7.1f s\n' total "$(awk -v ms=$(($(now_ms) - T_START)) 'BEGIN{print ms/1000}')"
