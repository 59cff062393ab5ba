//! The Schedule screen's derived data: the next five runs of the cron, a plain-words reading and the
//! interval it implies. Recomputed only when the expression or the clock changes. Pure: the time
//! comes from `AppState::now`.

pub mod view;

use crate::task::cron;
use crate::tui::state::AppState;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CronPreview {
    /// What this preview was computed for: the expression, start, end, zone and clock (minutes).
    key: (String, String, String, i32, Option<i64>),
    /// The form revision, profile and clock minute last looked at: nothing else is read while
    /// they stay the same (the check every message makes).
    seen: (u64, String, Option<i64>),
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

/// The zone the schedule runs in: the offset typed in `start_time`, else the profile's region's,
/// else the machine's. With where it came from.
fn zone(s: &AppState, start: Option<&crate::task::datetime::ApiTime>) -> (i32, &'static str) {
    if let Some(o) = start.and_then(|t| t.offset_secs) {
        return (o, "start_time's offset");
    }
    let region = s
        .profiles
        .list
        .iter()
        .find(|p| p.name == s.target.profile)
        .map(|p| p.region.clone())
        .filter(|r| !r.is_empty())
        .or_else(|| {
            // A region-derived endpoint names it: https://dataarts.cn-north-4.myhuaweicloud.com.
            s.target
                .endpoint
                .split('.')
                .find(|p| p.contains('-'))
                .map(str::to_string)
        });
    match region.as_deref().and_then(region_offset) {
        Some(o) => (o, "the profile's region"),
        None => (
            s.now.map_or(0, |n| n.offset().local_minus_utc()),
            "this machine's zone",
        ),
    }
}

pub fn refresh(s: &mut AppState) {
    let minute = s.now.map(|n| n.timestamp() / 60);
    let seen = &s.cron.seen;
    if seen.0 == s.form.revision && seen.2 == minute && seen.1 == s.target.profile {
        return;
    }
    s.cron.seen = (s.form.revision, s.target.profile.clone(), minute);
    let text = |p: &str| s.task().text(p).unwrap_or("").trim().to_string();
    let (expr, start_text, end_text) = (
        text("schedule_config.cron_expression"),
        text("schedule_config.start_time"),
        text("schedule_config.end_time"),
    );
    let start = crate::task::datetime::parse(&start_text).ok();
    let end = crate::task::datetime::parse(&end_text).ok();
    let (offset, origin) = zone(s, start.as_ref());
    let key = (expr, start_text, end_text, offset, minute);
    if key == s.cron.key {
        return;
    }
    let mut p = CronPreview {
        key,
        seen: s.cron.seen.clone(),
        ..CronPreview::default()
    };
    let expr = p.key.0.trim();
    if !expr.is_empty() {
        match cron::parse(expr) {
            Ok(q) => {
                if let (Some(now), Some(tz)) = (s.now, chrono::FixedOffset::east_opt(offset)) {
                    let now = now.with_timezone(&tz);
                    // A time typed without an offset is read in the schedule's zone.
                    let at = |t: &crate::task::datetime::ApiTime| {
                        let o = t
                            .offset_secs
                            .and_then(chrono::FixedOffset::east_opt)
                            .unwrap_or(tz);
                        t.local
                            .and_local_timezone(o)
                            .single()
                            .map(|d| d.with_timezone(&tz))
                    };
                    // Runs begin at the start (the second before it, so a run at the start counts).
                    let from = match start.as_ref().and_then(at) {
                        Some(st) if st > now => st - chrono::TimeDelta::seconds(1),
                        _ => now,
                    };
                    let until = end.as_ref().and_then(at);
                    let runs = q.next_runs(&from, 5);
                    let kept: Vec<_> = runs
                        .iter()
                        .filter(|t| until.is_none_or(|u| **t <= u))
                        .collect();
                    if kept.len() < runs.len() {
                        p.ends = until.map(|u| {
                            format!(
                                "no run after end_time {}",
                                u.format("%Y-%m-%d %H:%M:%S %:z")
                            )
                        });
                    }
                    p.runs = kept
                        .iter()
                        .map(|t| t.format("%a %Y-%m-%d %H:%M:%S %:z").to_string())
                        .collect();
                    p.zone = Some(format!("{tz} ({origin})"));
                }
                p.suggestion = q.suggested_interval();
                p.reading = Some(reading(expr));
            }
            Err(e) => p.error = Some(e),
        }
    }
    // F4 on Interval offers the suggestion: the Schedule form holds its own copy.
    s.schedule_form.suggestion = p.suggestion.clone();
    s.cron = p;
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
