#!/bin/bash
# usage: measure.sh NAME  (builds wt with strip=false, bindgen, wasm-opt -Oz, brotli)
set -e
N=$1; cd "${STUDY_TREE:?a worktree of the commit to measure}"
CARGO_TARGET_DIR=${STUDY_TARGET:-/tmp/bundle-study/target} CARGO_PROFILE_WASM_RELEASE_STRIP=false nice -n 10 cargo build -q -p lindra-app --lib --target wasm32-unknown-unknown --profile wasm-release --no-default-features --features bundle-form 2>&1 | grep -E "^error|warning: unused" -A5 | head -30
O=${STUDY_OUT:-/tmp/bundle-study}/$N; mkdir -p $O; cp ${STUDY_TARGET:-/tmp/bundle-study/target}/wasm32-unknown-unknown/wasm-release/lindra_app.wasm $O/raw.wasm
wasm-bindgen --target web --no-typescript --keep-debug --out-dir $O --out-name f $O/raw.wasm 2>/dev/null
F="--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types --enable-call-indirect-overlong"
${LINDRA_ROOT:?the repository}/.tools/node_modules/.bin/wasm-opt -Oz -g $F -o $O/named-opt.wasm $O/f_bg.wasm
${LINDRA_ROOT:?the repository}/.tools/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers $F -o $O/final.wasm $O/named-opt.wasm
twiggy top -n 100000 --format csv $O/named-opt.wasm > $O/top.csv
echo "$N raw $(stat -c %s $O/final.wasm) br $(brotli -q 11 -c $O/final.wasm | wc -c) js-br $(brotli -q 11 -c $O/f.js | wc -c)"
