#!/usr/bin/env bash
# Windows from Linux: the crate and its tests built for x86_64-pc-windows-gnu (MinGW), linted for
# that target, and the tests run under Wine. Installs what it needs (rustup target, Debian's
# gcc-mingw-w64-x86-64 and wine64). Wine 8 lacks bcryptprimitives.dll (ProcessPrng, which Rust's
# std uses for random numbers): a stand-in built from .ci/wine/ is put beside the test executables.
# Tests that need a Unix pseudo-terminal, Unix signals or Unix file modes are cfg(unix); the TUI is
# covered here by its update-flow and snapshot tests. Prints the passed/failed/ignored counts.
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

rustup target add "$target" >/dev/null
if ! command -v x86_64-w64-mingw32-gcc >/dev/null || ! command -v wine >/dev/null; then
  root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive root apt-get install -y -qq gcc-mingw-w64-x86-64 wine64 >/dev/null
fi

cargo clippy --target "$target" --all-targets -- -D warnings
cargo test --target "$target" --no-run

out="${CARGO_TARGET_DIR:-target}/$target/debug"
x86_64-w64-mingw32-gcc -O2 -shared -o "$out/bcryptprimitives.dll" \
  .ci/wine/bcryptprimitives.c .ci/wine/bcryptprimitives.def
cp "$out/bcryptprimitives.dll" "$out/deps/"

export WINEPREFIX="${WINEPREFIX:-$(mktemp -d)/wine}" WINEDEBUG=-all
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$PWD/.ci/wine/run.sh"
wineboot --init >/dev/null 2>&1 || true
log=$(mktemp)
status=0
cargo test --target "$target" --no-fail-fast 2>&1 | tee "$log" || status=$?
# Wine now and then fails CreateProcess with ERROR_INTERNAL_ERROR (Os code 1359) when a test starts
# ctask.exe: the process never ran. When that is the only kind of failure, the failed tests (and
# only they: `--exact` with their names, in the targets cargo named) run once more and their result
# stands; any other failure fails at once. The error reads `Os { code: 1359, … }` from std and
# `… (os error 1359)` from assert_cmd's spawn.
failed=$(grep -c '^test .* FAILED$' "$log" || true)
wine_spawn=$(grep -cE 'Os \{ code: 1359|\(os error 1359\)' "$log" || true)
if [ "$status" != 0 ] && [ "$failed" -gt 0 ] && [ "$failed" = "$wine_spawn" ]; then
  mapfile -t again < <(sed -n 's/.*to rerun pass `\(.*\)`.*/\1/p' "$log")
  mapfile -t names < <(sed -n 's/^test \(.*\) \.\.\. FAILED$/\1/p' "$log")
  echo "windows (wine): $failed test(s) failed because Wine could not start a process; running ${names[*]} (${again[*]}) again"
  args=()
  for a in "${again[@]}"; do read -ra words <<<"$a"; args+=("${words[@]}"); done
  status=0
  again_log=$(mktemp)
  cargo test --target "$target" --no-fail-fast "${args[@]}" -- --exact "${names[@]}" 2>&1 \
    | tee "$again_log" || status=$?
fi
wineserver -k >/dev/null 2>&1 || true   # Wine's server and devices would go on polling after the tests
counts() {
  awk -v what="$1" '/^test result:/ { p += $4; f += $6; i += $8 }
     END { printf "windows (wine)%s: %d passed, %d failed, %d ignored\n", what, p, f, i }' "$2"
}
counts "" "$log"
if [ -n "${again_log:-}" ]; then counts ", run again" "$again_log"; fi
exit "$status"
