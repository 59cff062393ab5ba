//! Human-readable CLI output that a task's or a server's text cannot use to drive or fool the
//! terminal: every control character except newline and tab (C0, DEL, C1: ESC, BEL, CR…), every
//! bidi override or isolate and every zero-width character is written as a JSON-style `\uXXXX`
//! escape. `output::Out` escapes every line it writes with it, stdout and stderr alike, and
//! `table::fit` every cell. JSON output keeps its exact value: serde already escapes C0, and
//! `\u007f` or `\u202e` is the same JSON string as the raw character.

pub use crate::app::visible::escape_controls;
