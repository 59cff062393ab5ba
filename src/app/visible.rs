//! Text from files and servers as a terminal may show it, for both front ends: every control
//! character except newline and tab (C0, DEL, C1: ESC, BEL, CR…), every bidi mark, override or
//! isolate and every zero-width character is written as a JSON-style `\uXXXX` escape, so a task
//! name or a server's `error_msg` can neither drive the terminal nor hide or reorder what is shown.
//! The CLI escapes every human-readable line (`cli::text`), the TUI every cell it cuts
//! (`tui::view::style::fit`). Pure.

use std::borrow::Cow;

/// Whether `c` is shown as `\uXXXX`: a control character other than `\n` and `\t`, a bidi
/// mark, embedding, override or isolate (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), or
/// an invisible zero-width character (U+200B–U+200D, U+2060–U+2064, U+FEFF).
pub fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// `s` with every `hidden` character (controls other than `\n` and `\t`, bidi and zero-width
/// characters) escaped as `\uXXXX`.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    let bad = hidden;
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

    #[test]
    fn bidi_overrides_and_zero_width_characters_are_shown() {
        let name = "inv\u{202e}fdp.exe\u{200b}x\u{2066}y\u{2069}\u{feff}z\u{200d}";
        assert_eq!(
            escape_controls(name),
            "inv\\u202efdp.exe\\u200bx\\u2066y\\u2069\\ufeffz\\u200d"
        );
        let json = serde_json::json!({ "name": name }).to_string();
        let back: serde_json::Value = serde_json::from_str(&escape_controls(&json)).unwrap();
        assert_eq!(back["name"], name, "JSON keeps its value");
        assert!(matches!(escape_controls("a\u{301} 名 ✓"), Cow::Borrowed(_)));
    }
}
