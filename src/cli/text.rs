//! Human-readable CLI output that a task's text cannot use to drive the terminal: every control
//! character except newline and tab (C0, DEL, C1: ESC, BEL, CR…) is written as a JSON-style `\uXXXX`
//! escape. The print macros here shadow the standard ones in the command files, so every print site
//! escapes. JSON output keeps its exact value: serde already escapes C0, and `\u007f` is the same
//! JSON string as a raw DEL.

use std::borrow::Cow;

/// `s` with its control characters (other than `\n` and `\t`) escaped as `\uXXXX`.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

macro_rules! println {
    () => { std::println!() };
    ($($t:tt)*) => { std::println!("{}", $crate::cli::text::escape_controls(&format!($($t)*))) };
}
macro_rules! print {
    ($($t:tt)*) => { std::print!("{}", $crate::cli::text::escape_controls(&format!($($t)*))) };
}
macro_rules! eprintln {
    () => { std::eprintln!() };
    ($($t:tt)*) => { std::eprintln!("{}", $crate::cli::text::escape_controls(&format!($($t)*))) };
}
macro_rules! eprint {
    ($($t:tt)*) => { std::eprint!("{}", $crate::cli::text::escape_controls(&format!($($t)*))) };
}
pub(crate) use {eprint, eprintln, print, println};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_keeps_text_newlines_and_tabs() {
        let title = "a\u{1b}]2;owned\u{7}b\rc\u{7f}\u{9b}d\n\te";
        assert_eq!(
            escape_controls(title),
            "a\\u001b]2;owned\\u0007b\\u000dc\\u007f\\u009bd\n\te"
        );
        assert!(matches!(escape_controls("plain é 名"), Cow::Borrowed(_)));
        let json = serde_json::json!({ "name": "x\u{7f}\u{1b}" }).to_string();
        let back: serde_json::Value = serde_json::from_str(&escape_controls(&json)).unwrap();
        assert_eq!(back["name"], "x\u{7f}\u{1b}", "JSON keeps its value");
    }
}
