//! Reading the API's date-time strings (`start_time`, `end_time`). The service's exact form is
//! unconfirmed, so every form seen in official material is accepted and the text is sent as typed.
//! Pure, no IO.

use chrono::{NaiveDateTime, TimeDelta};

/// A date-time as typed: the local wall time and, when given, its UTC offset in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiTime {
    pub local: NaiveDateTime,
    pub offset_secs: Option<i32>,
}

impl ApiTime {
    /// Compares two times: as instants when both carry an offset, as wall times otherwise.
    pub fn is_before(&self, other: &ApiTime) -> bool {
        match (self.offset_secs, other.offset_secs) {
            (Some(a), Some(b)) => {
                self.local - TimeDelta::seconds(a.into())
                    < other.local - TimeDelta::seconds(b.into())
            }
            _ => self.local < other.local,
        }
    }
}

pub const FORMS: &str = "yyyy-MM-ddTHH:mm:ss, optionally followed by Z, +08, +08:00 or \" +08\"";

/// Parses `yyyy-MM-ddTHH:mm:ss` alone or followed by `Z`, `+08`, `+08:00`, `+0800` or ` +08`.
pub fn parse(text: &str) -> Result<ApiTime, String> {
    let bad = || {
        format!("cannot read \"{text}\" as a date-time: use {FORMS}, e.g. 2026-04-14T00:00:00+08")
    };
    let head = text.get(..19).ok_or_else(bad)?;
    let local = NaiveDateTime::parse_from_str(head, "%Y-%m-%dT%H:%M:%S").map_err(|_| bad())?;
    let rest = &text[19..];
    let offset_secs = parse_offset(rest.strip_prefix(' ').unwrap_or(rest)).ok_or_else(bad)?;
    Ok(ApiTime { local, offset_secs })
}

/// `""` → no offset; `Z`; `+08`, `+08:00`, `+0800` (and `-`).
fn parse_offset(s: &str) -> Option<Option<i32>> {
    if s.is_empty() {
        return Some(None);
    }
    if s == "Z" {
        return Some(Some(0));
    }
    let sign = match s.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    let colon_ok = s[1..].find(':').is_none_or(|i| i == 2 && s.len() == 6);
    if !colon_ok || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(Some(sign * (h * 3600 + m * 60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_documented_form() {
        for s in [
            "2026-04-14T00:00:00",
            "2026-04-14T00:00:00Z",
            "2026-04-14T00:00:00+08",
            "2026-04-14T00:00:00+08:00",
            "2026-04-14T00:00:00 +08",
            "2018-10-22T23:59:59-05:30",
        ] {
            assert!(parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn rejects_unreadable_times() {
        for s in [
            "",
            "2026-04-14",
            "2026-13-01T00:00:00",
            "2026-04-14 00:00:00",
            "2026-04-14T00:00:00+8",
            "2026-04-14T00:00:00 UTC",
            "2026-04-14T00:00:00+0:800",
            "2026-04-14T00:00:00+99",
        ] {
            assert!(parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn compares_instants_when_both_have_offsets() {
        let a = parse("2026-04-14T08:00:00+08").unwrap();
        let b = parse("2026-04-14T01:00:00Z").unwrap();
        assert!(a.is_before(&b));
        let c = parse("2026-04-14T08:00:00").unwrap();
        assert!(!c.is_before(&b) && b.is_before(&c));
    }

    #[test]
    fn error_names_the_forms() {
        let e = parse("tomorrow").unwrap_err();
        assert!(e.contains("yyyy-MM-ddTHH:mm:ss"), "{e}");
    }
}
