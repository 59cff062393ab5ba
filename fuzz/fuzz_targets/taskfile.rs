//! cargo-fuzz target: `task::taskfile::parse` on arbitrary text never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = ctask::task::taskfile::parse(text);
    }
});
