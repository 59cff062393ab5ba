//! The Schedule screen's derived data: the next five runs of the cron, a plain-words reading and the
//! interval it implies, recomputed by the root (`state::cron`) only when the expression, the profile
//! or the clock changes. Pure.

pub(crate) mod view;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CronPreview {
    /// What this preview was computed for: the expression, start, end, zone and clock (minutes).
    pub(crate) key: (String, String, String, i32, Option<i64>),
    /// The form revision, profile and clock minute last looked at: nothing else is read while
    /// they stay the same (the check every message makes).
    pub(crate) seen: (u64, String, Option<i64>),
    /// The zone the runs are shown in and where it comes from.
    pub zone: Option<String>,
    /// Why fewer than five runs are shown (the end time).
    pub ends: Option<String>,
    pub runs: Vec<String>,
    pub reading: Option<String>,
    pub suggestion: Option<String>,
    pub error: Option<String>,
}

/// The UTC offset (seconds) of a region, where it is known: the Chinese mainland and Hong Kong,
/// Singapore (+08:00), Bangkok (+07:00), Johannesburg (+02:00).
pub fn region_offset(region: &str) -> Option<i32> {
    let h = match region {
        r if r.starts_with("cn-") => 8,
        "ap-southeast-1" | "ap-southeast-3" => 8,
        "ap-southeast-2" => 7,
        "af-south-1" => 2,
        _ => return None,
    };
    Some(h * 3600)
}

const UNITS: [(&str, &str); 7] = [
    ("second", "seconds"),
    ("minute", "minutes"),
    ("hour", "hours"),
    ("day of the month", "days"),
    ("month", "months"),
    ("day of the week", "days of the week"),
    ("year", "years"),
];

/// A plain-words reading of a Quartz expression, field by field ("every 15 minutes, hours 9-23").
pub fn reading(expr: &str) -> String {
    let parts: Vec<String> = expr
        .split_whitespace()
        .zip(UNITS)
        .filter_map(|(f, (one, many))| describe(f, one, many))
        .collect();
    if parts.is_empty() {
        "every second".to_string()
    } else {
        parts.join(", ")
    }
}

fn describe(f: &str, one: &str, many: &str) -> Option<String> {
    if f == "*" || f == "?" {
        return None;
    }
    if let Some((start, step)) = f.split_once('/') {
        let from = match start {
            "*" | "0" | "00" => String::new(),
            s => format!(" starting at {one} {s}"),
        };
        return Some(format!("every {step} {many}{from}"));
    }
    if f.contains(',') || f.contains('-') {
        return Some(format!("{many} {}", f.replace(',', ", ")));
    }
    Some(format!("at {one} {f}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_official_example() {
        assert_eq!(
            reading("00 */15 9-23 * * ?"),
            "at second 00, every 15 minutes, hours 9-23"
        );
        assert_eq!(
            reading("0 0 12 ? * MON-FRI"),
            "at second 0, at minute 0, at hour 12, days of the week MON-FRI"
        );
    }
}
