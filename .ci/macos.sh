#!/usr/bin/env bash
# macOS from Linux: the crate, its tests, benches and examples compile for aarch64-apple-darwin and
# x86_64-apple-darwin with zig as the C compiler (cargo-zigbuild, from PyPI with ziglang). Linking
# needs Apple's SDK, which is not here, so compiling (`check`) is the bar.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo-zigbuild >/dev/null; then
  python3 -m pip install -q ziglang cargo-zigbuild
fi
for target in aarch64-apple-darwin x86_64-apple-darwin; do
  rustup target add "$target" >/dev/null
  cargo-zigbuild check --target "$target" --all-targets
  echo "macos: $target compiles"
done
