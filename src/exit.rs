//! The process exit codes every command uses, as the README documents them.

/// Everything went well (warnings allowed).
pub const OK: u8 = 0;
/// A usage error, or input that cannot be read or parsed.
pub const USAGE: u8 = 2;
/// The input was read, but the task has errors.
pub const INVALID: u8 = 3;
/// The API rejected the request (4xx).
pub const REJECTED: u8 = 4;
/// A server or network failure.
pub const FAILED: u8 = 5;
