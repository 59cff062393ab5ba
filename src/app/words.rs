//! Counted nouns for every message of both front ends: "1 error", "2 errors", "3 entries", never
//! "error(s)" or "1 errors".

/// `n` and the noun agreeing with it: `count(1, "error")` is "1 error", `count(0, "warning")` is
/// "0 warnings".
pub fn count<N: Copy + std::fmt::Display + PartialEq + From<u8>>(n: N, one: &str) -> String {
    format!("{n} {}", noun(n == N::from(1), one))
}

/// The noun alone, singular for exactly one: `noun(false, "entry")` is "entries".
fn noun(single: bool, one: &str) -> String {
    if single {
        return one.to_string();
    }
    match one.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{one}s"),
    }
}

/// "has" or "have", agreeing with `n` ("1 of 3 files has errors").
pub fn has(n: usize) -> &'static str {
    if n == 1 { "has" } else { "have" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "error"), "1 error");
        assert_eq!(count(0, "warning"), "0 warnings");
        assert_eq!(count(2, "entry"), "2 entries");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(1, "data connection"), "1 data connection");
        assert_eq!(
            format!("1 of 3 files {} errors", has(1)),
            "1 of 3 files has errors"
        );
        assert_eq!(has(2), "have");
    }
}
