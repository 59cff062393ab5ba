#!/usr/bin/env bash
# The oldest Rust that Cargo.toml's `rust-version` declares must build every target. The toolchain
# is installed with rustup when missing; where rustup or its dist server cannot be reached this
# step says so and fails, since the declared rust-version would then be unchecked.
set -euo pipefail
cd "$(dirname "$0")/.."
msrv="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)"
if ! rustup run "$msrv" rustc --version >/dev/null 2>&1; then
  rustup toolchain install "$msrv" --profile minimal || {
    echo "ci: cannot install Rust $msrv to check Cargo.toml's rust-version" >&2
    exit 1
  }
fi
cargo "+$msrv" check --all-targets
