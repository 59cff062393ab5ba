//! The Schedule screen's derived data: the next five runs of the cron, a plain-words reading and the
//! interval it implies. Recomputed only when the expression or the clock changes. Pure: the time
//! comes from `AppState::now`.

pub mod view;

use crate::tui::state::AppState;
use crate::task::cron;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CronPreview {
    /// The expression and clock this preview was computed for.
    key: (String, Option<i64>),
    pub runs: Vec<String>,
    pub reading: Option<String>,
    pub suggestion: Option<String>,
    pub error: Option<String>,
}

pub fn refresh(s: &mut AppState) {
    let expr = s
        .task()
        .text("schedule_config.cron_expression")
        .unwrap_or("")
        .to_string();
    let key = (expr, s.now.map(|n| n.timestamp() / 60));
    if key == s.cron.key {
        return;
    }
    let mut p = CronPreview {
        key,
        ..CronPreview::default()
    };
    let expr = p.key.0.trim();
    if !expr.is_empty() {
        match cron::parse(expr) {
            Ok(q) => {
                if let Some(now) = s.now {
                    p.runs = q
                        .next_runs(&now, 5)
                        .iter()
                        .map(|t| t.format("%a %Y-%m-%d %H:%M:%S %:z").to_string())
                        .collect();
                }
                p.suggestion = q.suggested_interval();
                p.reading = Some(reading(expr));
            }
            Err(e) => p.error = Some(e),
        }
    }
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
