//! Quartz cron expressions as DataArts uses them: 6 fields with seconds (or 7 with a year), `?`, `L`,
//! `W`, `#`, ranges, steps and names. Parsing is croner's; this module adds the messages a user needs,
//! the next run times, and the interval a schedule implies. Pure: the caller passes the clock.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

pub const QUARTZ_FORM: &str = "Quartz cron has 6 fields, \"second minute hour day-of-month month day-of-week\" \
(an optional 7th is the year), e.g. \"00 */15 9-23 * * ?\" or \"0 0 12 ? * MON-FRI\"";

/// The Quartz form of a 5-field Unix cron: seconds added, `?` in the day field left open, and
/// day-of-week numbers moved from Unix (0 or 7 = Sunday) to Quartz (1 = Sunday).
fn quartz_from_unix(f: &[&str]) -> String {
    let dow = unix_dow_to_quartz(f[4]);
    let (dom, dow) = match (f[2], dow.as_str()) {
        (d, "*") => (d, "?"),
        ("*", w) => ("?", w),
        (d, w) => (d, w),
    };
    format!("0 {} {} {dom} {} {dow}", f[0], f[1], f[3])
}

fn unix_dow_to_quartz(field: &str) -> String {
    let day = |t: &str| match t.parse::<u8>() {
        Ok(n) if n <= 7 => (n % 7 + 1).to_string(),
        _ => t.to_string(),
    };
    let part = |p: &str| {
        let (range, step) = p.split_once('/').map_or((p, None), |(r, s)| (r, Some(s)));
        let range = range.split('-').map(day).collect::<Vec<_>>().join("-");
        step.map_or(range.clone(), |s| format!("{range}/{s}"))
    };
    field.split(',').map(part).collect::<Vec<_>>().join(",")
}

/// The highest value of each Quartz field, for `N/step`.
const FIELD_MAX: [u16; 7] = [59, 59, 23, 31, 12, 7, 2099];

/// Quartz's `N/step` (start at N, then every step) written as croner wants it: `N-max/step`.
fn normalize_steps(fields: &[&str]) -> String {
    let part = |i: usize, p: &str| match p.split_once('/') {
        Some((start, step)) if !start.is_empty() && start.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{start}-{}/{step}", FIELD_MAX[i])
        }
        _ => p.to_string(),
    };
    let field = |(i, f): (usize, &&str)| {
        f.split(',')
            .map(|p| part(i, p))
            .collect::<Vec<_>>()
            .join(",")
    };
    fields
        .iter()
        .enumerate()
        .map(field)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A cron expression that parsed.
#[derive(Clone, Debug)]
pub struct Quartz {
    cron: Cron,
    /// Day-of-month and day-of-week are both set: Quartz itself wants `?` in one of them.
    pub both_days_set: bool,
}

pub fn parse(expr: &str) -> Result<Quartz, String> {
    let fields: Vec<&str> = expr.split_whitespace().collect();
    match fields.len() {
        0 => return Err(format!("the cron expression is empty. {QUARTZ_FORM}")),
        5 => {
            return Err(format!(
                "\"{}\" looks like a 5-field Unix cron. {QUARTZ_FORM}: add the seconds in front and put ? \
                 in day-of-month or day-of-week, e.g. \"{}\"",
                expr.trim(),
                quartz_from_unix(&fields)
            ));
        }
        6 | 7 => {}
        n => return Err(format!("the cron expression has {n} fields. {QUARTZ_FORM}")),
    }
    let normalized = normalize_steps(&fields);
    let cron = CronParser::builder()
        .seconds(Seconds::Required)
        .year(Year::Optional)
        .dom_and_dow(false)
        .alternative_weekdays(true)
        .build()
        .parse(&normalized)
        .map_err(|e| {
            format!(
                "\"{}\" is not a valid Quartz cron ({e}). {QUARTZ_FORM}",
                expr.trim()
            )
        })?;
    let both_days_set = fields[3] != "?" && fields[5] != "?";
    Ok(Quartz {
        cron,
        both_days_set,
    })
}

/// `expr` with `?` in one day field, the one that keeps the schedule as meant: day-of-month when it
/// is `*` (the days are the weekdays named), else day-of-week.
pub fn with_one_day_field(expr: &str) -> String {
    let mut fields: Vec<&str> = expr.split_whitespace().collect();
    if fields.len() >= 6 {
        let day = if fields[3] == "*" { 3 } else { 5 };
        fields[day] = "?";
    }
    fields.join(" ")
}

impl Quartz {
    /// The next `n` run times strictly after `after`.
    pub fn next_runs<Tz: TimeZone>(&self, after: &DateTime<Tz>, n: usize) -> Vec<DateTime<Tz>> {
        self.cron.iter_after(after.clone()).take(n).collect()
    }

    /// The most common gap between runs, in seconds, measured over a fixed stretch of time so the
    /// answer depends only on the expression.
    pub fn typical_gap_secs(&self) -> Option<i64> {
        let from =
            Utc.from_utc_datetime(&NaiveDate::from_ymd_opt(2030, 1, 1)?.and_hms_opt(0, 0, 0)?);
        let runs = self.next_runs(&from, 49);
        let mut gaps: Vec<i64> = runs
            .windows(2)
            .map(|w| (w[1] - w[0]).num_seconds())
            .collect();
        gaps.sort_unstable();
        let mut best = (None, 0usize);
        for chunk in gaps.chunk_by(|a, b| a == b) {
            if chunk.len() > best.1 {
                best = (Some(chunk[0]), chunk.len());
            }
        }
        best.0
    }

    /// An `interval` string that agrees with this cron ("15 minutes", "1 hours", "1 days").
    pub fn suggested_interval(&self) -> Option<String> {
        let gap = self.typical_gap_secs()?;
        Some(match gap {
            g if (28 * DAY..=31 * DAY).contains(&g) => "1 months".to_string(),
            g if g % WEEK == 0 => format!("{} weeks", g / WEEK),
            g if g % DAY == 0 => format!("{} days", g / DAY),
            g if g % 3600 == 0 => format!("{} hours", g / 3600),
            g if g % 60 == 0 => format!("{} minutes", g / 60),
            g => format!("{g} seconds"),
        })
    }
}

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;

/// Reads an `interval` such as "15 minutes", "1 hours", "2 day" into seconds (months as 30 days).
pub fn interval_secs(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_lowercase();
    let split = t.find(|c: char| !c.is_ascii_digit())?;
    let n: i64 = t[..split].parse().ok()?;
    let unit = t[split..].trim();
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    let per = match unit {
        "second" | "sec" => 1,
        "minute" | "min" => 60,
        "hour" => 3600,
        "day" => DAY,
        "week" => WEEK,
        "month" => 30 * DAY,
        _ => return None,
    };
    n.checked_mul(per)
}

/// Whether an interval matches a cron's typical gap; a month matches any 28 to 31 days.
pub fn interval_agrees(interval_secs: i64, gap_secs: i64) -> bool {
    interval_secs == gap_secs
        || (interval_secs == 30 * DAY && (28 * DAY..=31 * DAY).contains(&gap_secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    #[test]
    fn accepts_quartz_forms() {
        for e in [
            "00 */15 9-23 * * ?",
            "0 0 12 ? * MON-FRI",
            "0 0 12 L * ?",
            "0 0 12 15W * ?",
            "0 0 12 ? * 6#3",
            "0 0 12 ? * 6L",
            "0 0 12 * * ? 2027",
            "0 0/5 14,18 ? JAN,MAR,SEP MON-FRI 2026-2030",
            "0 0/5 * * * ?",
            "0 15/10 * * * ?",
        ] {
            assert!(parse(e).is_ok(), "{e}: {:?}", parse(e).err());
        }
    }

    #[test]
    fn five_field_unix_cron_gets_its_own_hint() {
        let e = parse("*/5 * * * *").unwrap_err();
        assert!(
            e.contains("5-field Unix cron") && e.contains("\"0 */5 * * * ?\""),
            "{e}"
        );
        assert!(
            parse("0 */5 * * * ?").is_ok(),
            "the suggestion itself must parse"
        );
        let weekday = parse("30 2 * * 1-5").unwrap_err();
        assert!(weekday.contains("\"0 30 2 ? * 2-6\""), "{weekday}"); // Monday to Friday
        assert!(e.contains("6 fields"), "{e}");
    }

    #[test]
    fn rejects_out_of_range_and_wrong_counts() {
        for e in [
            "0 0 25 * * ?",
            "0 61 * * * ?",
            "* * *",
            "0 0 12 ? * FUNDAY",
            "",
            "1 2 3 4 5 6 7 8",
        ] {
            assert!(parse(e).is_err(), "{e}");
        }
    }

    #[test]
    fn quartz_day_of_week_counts_from_sunday() {
        let q = parse("0 0 12 ? * 6#3").unwrap();
        let from = Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap();
        let next = q.next_runs(&from, 1)[0];
        assert_eq!(next.to_rfc3339(), "2026-12-18T12:00:00+00:00"); // third Friday of December 2026
    }

    #[test]
    fn quartz_start_step_counts_from_the_start() {
        let q = parse("0 15/20 * * * ?").unwrap();
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mins: Vec<u32> = q.next_runs(&from, 3).iter().map(|t| t.minute()).collect();
        assert_eq!(mins, [15, 35, 55]);
    }

    #[test]
    fn flags_both_day_fields_set() {
        assert!(parse("0 0 12 * * *").unwrap().both_days_set);
        assert!(!parse("0 0 12 * * ?").unwrap().both_days_set);
        assert_eq!(
            with_one_day_field("0 0/15 9-23 * * MON-FRI"),
            "0 0/15 9-23 ? * MON-FRI"
        );
        assert_eq!(with_one_day_field("0 0 12 1 * *"), "0 0 12 1 * ?");
    }

    #[test]
    fn suggests_intervals() {
        let s = |e: &str| parse(e).unwrap().suggested_interval().unwrap();
        assert_eq!(s("00 */15 9-23 * * ?"), "15 minutes");
        assert_eq!(s("0 0 * * * ?"), "1 hours");
        assert_eq!(s("0 0 2 * * ?"), "1 days");
        assert_eq!(s("0 0 2 ? * MON"), "1 weeks");
        assert_eq!(s("0 0 2 1 * ?"), "1 months");
    }

    #[test]
    fn reads_intervals() {
        assert_eq!(interval_secs("15 minutes"), Some(900));
        assert_eq!(interval_secs("1 hours"), Some(3600));
        assert_eq!(interval_secs("1 hour"), Some(3600));
        assert_eq!(interval_secs("2days"), Some(2 * DAY));
        assert_eq!(interval_secs("often"), None);
        assert!(interval_agrees(30 * DAY, 31 * DAY));
        assert!(!interval_agrees(3600, 900));
    }
}
