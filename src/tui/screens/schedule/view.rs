//! The Schedule screen: the schedule fields (those a RUN_ONCE schedule ignores dimmed) and, under
//! them, the cron's plain-words reading, its next five runs and the interval it implies.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::CronPreview;
use crate::tui::look::Look;
use crate::tui::screens::task::FieldForm;
use crate::tui::screens::task::view::form_screen;
use crate::tui::view::style::{Role, style as st};
use ratatui::Frame;

pub fn render(ff: &FieldForm, c: &CronPreview, look: Look, f: &mut Frame, area: Rect) {
    let nc = look.no_color;
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
    let cron = look.form.task().text("schedule_config.schedule_type") == Some("CRON");
    let enabled = look.form.task().slot("schedule_config.enabled") == crate::task::Slot::Int(1);
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
        let current = look
            .form
            .task()
            .text("schedule_config.interval")
            .unwrap_or("");
        if current.trim() != sug {
            extra.push(Line::from(Span::styled(
                format!("Suggested interval: \"{sug}\" (F4 on Interval fills it)"),
                st(nc, Role::Warning),
            )));
        }
    }
    form_screen(ff, look, f, area, extra);
}
