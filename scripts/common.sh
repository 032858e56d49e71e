# Sourced by the project scripts: sets ROOT to the repository and makes a relative
# CARGO_TARGET_DIR absolute (it meant a path relative to where the script was called from),
# then changes into the repository.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then
    mkdir -p "$CARGO_TARGET_DIR"
    CARGO_TARGET_DIR="$(cd "$CARGO_TARGET_DIR" && pwd)"
    export CARGO_TARGET_DIR
fi
cd "$ROOT"
