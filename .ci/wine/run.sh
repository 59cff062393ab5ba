#!/bin/sh
# Cargo's runner for the Windows test executables: Wine, with the runner variable itself removed
# from what the test sees (assert_cmd would otherwise prefix `wine` to every `ctask.exe` it starts,
# and inside Wine there is no `wine`).
exec env -u CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER wine "$@"
