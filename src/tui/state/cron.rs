//! The Schedule screen's cron preview brought up to date: the root's, since it reads the form, the
//! profile in use (its region gives the zone) and the clock. Pure: the time comes from
//! `AppState::now`.

use crate::task::cron;
use crate::tui::screens::schedule::{CronPreview, reading, region_offset};
use crate::tui::state::AppState;

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

/// Computes the preview again when what it was made from changed.
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
