//! Human-readable CLI output that a task's or a server's text cannot use to drive or fool the
//! terminal: every control character except newline and tab (C0, DEL, C1: ESC, BEL, CR…), every
//! bidi override or isolate and every zero-width character is written as a JSON-style `\uXXXX`
//! escape. The print macros here shadow the standard ones in every `cli` module (`#[macro_use]` in
//! `cli/mod.rs`) and write through `output`, so every print site escapes and a closed pipe ends
//! quietly. JSON output keeps its exact value: serde already escapes C0, and `\u007f` or `\u202e`
//! is the same JSON string as the raw character.

pub use crate::app::visible::escape_controls;

macro_rules! println {
    () => { $crate::cli::output::write(format_args!("\n")) };
    ($($t:tt)*) => { $crate::cli::output::write(format_args!("{}\n", format_args!($($t)*))) };
}
macro_rules! print {
    ($($t:tt)*) => { $crate::cli::output::write(format_args!($($t)*)) };
}
macro_rules! eprintln {
    () => { $crate::cli::output::write_err(format_args!("\n")) };
    ($($t:tt)*) => { $crate::cli::output::write_err(format_args!("{}\n", format_args!($($t)*))) };
}
macro_rules! eprint {
    ($($t:tt)*) => { $crate::cli::output::write_err(format_args!($($t)*)) };
}
