//! How a history filter becomes one page query. The text a filter matches (`search_text`: name,
//! profile, outcome, task id and error code, lowercased) is kept in `history_index`; two FTS5 indexes
//! over it, kept in step by triggers (`db.rs`, migration 3), find the candidate rows without reading
//! every row: `history_trigrams` (the trigram tokenizer) for patterns of 3+ characters, and
//! `history_bigrams` (every 2-character window as a hex token, the last character alone, with a
//! 1-character prefix index) for patterns of 1 or 2. Candidates come newest first from the index and
//! `instr` on the row's search text decides, so what matches is exactly what the plain scan matched.
//! SQL text only; `history.rs` runs it.

/// The columns of a `Summary`, from `history h`.
macro_rules! summary_columns {
    () => {
        "h.id, h.sent_at, h.profile, h.task_name, h.data_source_type, h.outcome, h.task_id,
         h.error_code, h.status, h.duration_ms"
    };
}

/// The page query over one of the two FTS5 indexes.
macro_rules! matched {
    ($fts:literal) => {
        concat!(
            "SELECT ",
            summary_columns!(),
            " FROM ",
            $fts,
            " f CROSS JOIN history_index i ON i.id = f.rowid CROSS JOIN history h ON h.id = f.rowid
             WHERE ",
            $fts,
            " MATCH ?5 AND f.rowid < ?1
               AND (?2 IS NULL OR i.outcome = ?2) AND (?3 IS NULL OR i.profile = ?3)
               AND instr(i.search, ?6) > 0
             ORDER BY f.rowid DESC LIMIT ?4"
        )
    };
}

/// Which index answers a filter text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// No text: every row (outcome and profile still apply).
    All,
    /// `MATCH` text for `history_trigrams` (3+ characters), and the needle.
    Trigrams { query: String, needle: String },
    /// `MATCH` text for `history_bigrams` (1 or 2 characters), and the needle.
    Bigrams { query: String, needle: String },
}

impl Lookup {
    /// The index for `text` (trimmed and lowercased as the search text is).
    pub fn of(text: &str) -> Lookup {
        let Some(needle) = needle(text) else {
            return Lookup::All;
        };
        match needle.chars().count() {
            1 => Lookup::Bigrams {
                // Every window starting with the character, and the last character alone.
                query: format!("\"{}\"*", hex(&needle)),
                needle,
            },
            2 => Lookup::Bigrams {
                query: format!("\"{}\"", hex(&needle)),
                needle,
            },
            _ => Lookup::Trigrams {
                // A phrase of the needle's trigrams: inside quotes only `"` is special.
                query: format!("\"{}\"", needle.replace('"', "\"\"")),
                needle,
            },
        }
    }

    /// The page query: `?1` the id rows must be older than, `?2` outcome, `?3` profile (each `NULL`
    /// for any), `?4` the row limit; with text, `?5` the `MATCH` text and `?6` the needle.
    /// `CROSS JOIN` keeps the index as the outer loop, read newest first until the page is full; the
    /// join with `history` drops an index entry whose row is gone rather than count it.
    pub fn sql(&self) -> &'static str {
        match self {
            Lookup::All => concat!(
                "SELECT ",
                summary_columns!(),
                " FROM history_index i CROSS JOIN history h ON h.id = i.id
                 WHERE i.id < ?1 AND (?2 IS NULL OR i.outcome = ?2) AND (?3 IS NULL OR i.profile = ?3)
                 ORDER BY i.id DESC LIMIT ?4"
            ),
            Lookup::Trigrams { .. } => matched!("history_trigrams"),
            Lookup::Bigrams { .. } => matched!("history_bigrams"),
        }
    }

    /// `?5` and `?6`, when the lookup has text.
    pub fn text_params(&self) -> Option<(&str, &str)> {
        match self {
            Lookup::All => None,
            Lookup::Trigrams { query, needle } | Lookup::Bigrams { query, needle } => {
                Some((query, needle))
            }
        }
    }
}

/// How many characters of each part a filter reads. The index triggers cut the text into pairs
/// with `substr`, which walks UTF-8 from the start, so a row costs the square of its length: a
/// 70,000-character name took seconds to record. The console allows names of 62 characters.
pub const SEARCHED_CHARS: usize = 256;

/// The text a filter matches for a row: the first `SEARCHED_CHARS` of each part joined by a unit
/// separator, lowercased.
pub fn search_text(parts: &[&str]) -> String {
    let cut: Vec<&str> = parts
        .iter()
        .map(|p| {
            p.char_indices()
                .nth(SEARCHED_CHARS)
                .map_or(*p, |(at, _)| &p[..at])
        })
        .collect();
    cut.join("\u{1f}").to_lowercase()
}

/// The lowercased needle of a filter; `None` when empty.
pub fn needle(text: &str) -> Option<String> {
    let t = text.trim().to_lowercase();
    (!t.is_empty()).then_some(t)
}

/// Lowercase hex of the UTF-8 bytes, as SQLite's `hex()` writes them (then folded by the `ascii`
/// tokenizer): a character's hex is a prefix of the hex of any text starting with it.
fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_name_is_searched_by_its_beginning() {
        let name = "名".repeat(70_000);
        let text = search_text(&[&name, "prod", "ok"]);
        assert_eq!(
            text.chars().count(),
            SEARCHED_CHARS + "\u{1f}prod\u{1f}ok".chars().count()
        );
        assert_eq!(search_text(&["Short", "p"]), "short\u{1f}p");
    }

    #[test]
    fn a_pattern_picks_its_index_by_length_in_characters() {
        assert_eq!(Lookup::of("  "), Lookup::All);
        assert_eq!(
            Lookup::of("T"),
            Lookup::Bigrams {
                query: "\"74\"*".into(),
                needle: "t".into()
            }
        );
        assert_eq!(
            Lookup::of("é1"),
            Lookup::Bigrams {
                query: "\"c3a931\"".into(),
                needle: "é1".into()
            }
        );
        assert_eq!(
            Lookup::of(" a\"b "),
            Lookup::Trigrams {
                query: "\"a\"\"b\"".into(),
                needle: "a\"b".into()
            }
        );
    }
}
