//! Build script: on Linux, links the `ctask` executable position-dependent (`-no-pie`), unless
//! `CTASK_PIE=1` is set at build time. A PIE's ~17,000 relative relocations are applied by the
//! dynamic loader at every start and copy about 60 pages; without them the first frame comes about
//! 0.3 ms sooner (`../shared/tools/tui_bench.py`, README "Speed"). Go links this way by default on
//! Linux. Only the executable's own image loses address randomisation (stack, heap and shared
//! libraries keep it); the library, tests and benches are built as before.
//!
//! Also on Linux with the GNU toolchain, links the unwinder (`libgcc_eh.a`) into the executables
//! instead of loading `libgcc_s.so.1` at every start (about 0.13 ms), unless `CTASK_DYNAMIC_UNWIND=1`
//! is set: rustc asks for `-lgcc_s`, and a linker script named `libgcc_s.so` in `OUT_DIR`, found
//! before the compiler's own, answers it with `libgcc_eh.a`, which is what a `+crt-static` build
//! links. When the C compiler has no `libgcc_eh.a`, nothing changes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CTASK_PIE");
    println!("cargo:rerun-if-env-changed=CTASK_DYNAMIC_UNWIND");
    let env = |key: &str| std::env::var(key).unwrap_or_default();
    let linux = env("CARGO_CFG_TARGET_OS") == "linux";
    let set = |key: &str| env(key) == "1";
    if linux && !set("CTASK_PIE") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    if linux && env("CARGO_CFG_TARGET_ENV") == "gnu" && !set("CTASK_DYNAMIC_UNWIND") {
        let out = PathBuf::from(env("OUT_DIR"));
        if has_static_unwinder() && std::fs::write(out.join("libgcc_s.so"), LINK_GCC_EH).is_ok() {
            println!("cargo:rustc-link-search=native={}", out.display());
        }
    }
}

/// The linker script that stands for `libgcc_s.so`.
const LINK_GCC_EH: &str =
    "/* ctask build.rs: the unwinder linked in, not loaded at start */\nINPUT ( -lgcc_eh )\n";

/// Whether the linker rustc runs (the configured one, which cargo passes as `RUSTC_LINKER`, else
/// `cc`) has `libgcc_eh.a`: a compiler driver prints a full path for a file it has and the bare
/// name for one it lacks.
fn has_static_unwinder() -> bool {
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".into());
    Command::new(linker)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .is_some_and(|p| {
            let path = Path::new(p.trim());
            path.is_absolute() && path.exists()
        })
}
