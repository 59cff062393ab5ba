//! Single-line text editing by character index: insert, delete, move. Used for every form field,
//! table cell and prompt. Pure string functions.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A line of text with a cursor, for prompts and profile fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pub text: String,
    pub cursor: usize,
}

impl Line {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.chars().count();
        Line { text, cursor }
    }

    /// Inserts pasted text at the cursor, line breaks as spaces (`single_line`).
    pub fn paste(&mut self, pasted: &str) {
        let (text, cursor) = insert(&self.text, self.cursor, &single_line(pasted));
        self.text = text;
        self.cursor = cursor;
    }

    /// Applies a key; returns whether it was an editing key.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        match apply_key(&self.text, self.cursor, key) {
            Some((text, cursor)) => {
                self.text = text;
                self.cursor = cursor;
                true
            }
            None => false,
        }
    }
}

fn byte_at(s: &str, char_idx: usize) -> usize {
    s.char_indices().nth(char_idx).map_or(s.len(), |(b, _)| b)
}

/// Inserts `ins` at a char index; returns the new text and cursor.
pub fn insert(s: &str, cursor: usize, ins: &str) -> (String, usize) {
    let at = byte_at(s, cursor);
    let mut out = String::with_capacity(s.len() + ins.len());
    out.push_str(&s[..at]);
    out.push_str(ins);
    out.push_str(&s[at..]);
    (out, cursor + ins.chars().count())
}

/// Text a paste puts into a single-line field: line breaks become spaces, never a submit.
pub fn single_line(pasted: &str) -> String {
    let s = pasted.replace("\r\n", "\n").replace('\r', "\n");
    s.trim_end_matches('\n').replace('\n', " ")
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The start of the word before the cursor (skipping the separators just before it).
fn word_left(s: &str, cursor: usize) -> usize {
    let chars: Vec<char> = s.chars().collect();
    let mut i = cursor.min(chars.len());
    while i > 0 && !is_word(chars[i - 1]) {
        i -= 1;
    }
    while i > 0 && is_word(chars[i - 1]) {
        i -= 1;
    }
    i
}

/// The end of the word after the cursor (skipping the separators just after it).
fn word_right(s: &str, cursor: usize) -> usize {
    let chars: Vec<char> = s.chars().collect();
    let mut i = cursor.min(chars.len());
    while i < chars.len() && !is_word(chars[i]) {
        i += 1;
    }
    while i < chars.len() && is_word(chars[i]) {
        i += 1;
    }
    i
}

/// Applies an editing key to a text with a cursor; `None` when the key does not edit text.
pub fn apply_key(s: &str, cursor: usize, key: &KeyEvent) -> Option<(String, usize)> {
    let len = s.chars().count();
    let cursor = cursor.min(len);
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char('u') if ctrl => {
            let at = byte_at(s, cursor);
            Some((s[at..].to_string(), 0))
        }
        KeyCode::Char('k') if ctrl => {
            let at = byte_at(s, cursor);
            Some((s[..at].to_string(), cursor))
        }
        KeyCode::Char('w') if ctrl => {
            let from = word_left(s, cursor);
            let (a, b) = (byte_at(s, from), byte_at(s, cursor));
            Some((format!("{}{}", &s[..a], &s[b..]), from))
        }
        KeyCode::Char('b') if alt => Some((s.to_string(), word_left(s, cursor))),
        KeyCode::Char('f') if alt => Some((s.to_string(), word_right(s, cursor))),
        KeyCode::Left if ctrl || alt => Some((s.to_string(), word_left(s, cursor))),
        KeyCode::Right if ctrl || alt => Some((s.to_string(), word_right(s, cursor))),
        KeyCode::Char('a') if ctrl => Some((s.to_string(), 0)),
        KeyCode::Char('e') if ctrl => Some((s.to_string(), len)),
        KeyCode::Char(c) if !ctrl && !alt => Some(insert(s, cursor, c.encode_utf8(&mut [0; 4]))),
        KeyCode::Backspace if cursor > 0 => {
            let (a, b) = (byte_at(s, cursor - 1), byte_at(s, cursor));
            Some((format!("{}{}", &s[..a], &s[b..]), cursor - 1))
        }
        KeyCode::Delete if cursor < len => {
            let (a, b) = (byte_at(s, cursor), byte_at(s, cursor + 1));
            Some((format!("{}{}", &s[..a], &s[b..]), cursor))
        }
        KeyCode::Backspace | KeyCode::Delete => Some((s.to_string(), cursor)),
        KeyCode::Left => Some((s.to_string(), cursor.saturating_sub(1))),
        KeyCode::Right => Some((s.to_string(), (cursor + 1).min(len))),
        KeyCode::Home => Some((s.to_string(), 0)),
        KeyCode::End => Some((s.to_string(), len)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn edits_by_char_not_byte() {
        let (s, c) = insert("数据", 1, "é");
        assert_eq!((s.as_str(), c), ("数é据", 2));
        let (s, c) = apply_key(&s, 2, &k(KeyCode::Backspace)).unwrap();
        assert_eq!((s.as_str(), c), ("数据", 1));
        assert!(apply_key("x", 0, &k(KeyCode::F(2))).is_none());
    }

    #[test]
    fn word_motions_and_ctrl_w() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let alt = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT);
        let t = "db.orders_2024 daily";
        assert_eq!(
            apply_key(t, 20, &ctrl('w')).unwrap(),
            ("db.orders_2024 ".into(), 15)
        );
        assert_eq!(apply_key(t, 20, &alt('b')).unwrap().1, 15);
        assert_eq!(apply_key(t, 15, &alt('b')).unwrap().1, 3);
        assert_eq!(apply_key(t, 0, &alt('f')).unwrap().1, 2);
        let cl = KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL);
        assert_eq!(apply_key(t, 3, &cl).unwrap().1, 0);
    }

    #[test]
    fn paste_newlines_become_spaces() {
        assert_eq!(single_line("a\r\nb\nc\n"), "a b c");
    }
}
