//! cargo-fuzz target: `api::error::parse_error_body` on any status and body bytes never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let status = u16::from_le_bytes([data[0], data[1]]);
    let _ = ctask::api::error::parse_error_body(status, &data[2..], None);
});
