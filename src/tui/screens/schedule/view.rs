//! The Schedule screen: the schedule fields (those a RUN_ONCE schedule ignores dimmed) and, under
//! them, the cron's plain-words reading, its next five runs and the interval it implies.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::screens::task::view::form_screen;
use crate::tui::state::AppState;
use crate::tui::view::canvas::Canvas;
use crate::tui::view::style::{Role, style as st};

pub fn render(s: &AppState, f: &mut Canvas, area: Rect) {
    let nc = s.no_color;
    let c = &s.cron;
    let mut extra = Vec::new();
    if let Some(r) = &c.reading {
        extra.push(Line::from(vec![
            Span::styled("Runs ", st(nc, Role::Label)),
            Span::raw(r.clone()),
        ]));
    }
    if !c.runs.is_empty() {
        extra.push(Line::from(vec![
            Span::styled("Next ", st(nc, Role::Label)),
            Span::raw(c.runs.join(" · ")),
        ]));
    }
    let cron = s.task().text("schedule_config.schedule_type") == Some("CRON");
    let enabled = s.task().slot("schedule_config.enabled") == crate::task::Slot::Int(1);
    if cron && !enabled {
        extra.push(Line::from(Span::styled(
            "Enabled is off: the schedule will not run until it is on (Space on Enabled)",
            st(nc, Role::Warning),
        )));
    }
    if let Some(z) = &c.zone {
        let mut text = format!("in {z}");
        if let Some(e) = &c.ends {
            text.push_str(&format!("; {e}"));
        }
        extra.push(Line::from(Span::styled(text, st(nc, Role::Dim))));
    }
    if let Some(sug) = &c.suggestion {
        let current = s.task().text("schedule_config.interval").unwrap_or("");
        if current.trim() != sug {
            extra.push(Line::from(Span::styled(
                format!("Suggested interval: \"{sug}\" (F4 on Interval fills it)"),
                st(nc, Role::Warning),
            )));
        }
    }
    form_screen(&s.schedule_form, s.look(), f, area, extra);
}
