//! Build script: on Linux, links the `ctask` executable position-dependent (`-no-pie`), unless
//! `CTASK_PIE=1` is set at build time. A PIE's ~17,000 relative relocations are applied by the
//! dynamic loader at every start and copy about 60 pages; without them the first frame comes about
//! 0.3 ms sooner (`../shared/tools/tui_bench.py`, README "Speed"). Go links this way by default on
//! Linux. Only the executable's own image loses address randomisation (stack, heap and shared
//! libraries keep it); the library, tests and benches are built as before.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CTASK_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let pie = std::env::var("CTASK_PIE").is_ok_and(|v| v == "1");
    if linux && !pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
