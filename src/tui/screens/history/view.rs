//! The History screen: the filter line, the table (newest first; only the loaded window is drawn, rows
//! still loading show as `…`), the detail pane with the request and response highlighted, and the
//! confirmation box. Pure: reads the tab's state and the `Look` only.

use chrono::{DateTime, FixedOffset};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{DetailKind, HistoryState, StoreStatus, table_rows};
use crate::store::history::{Outcome, Summary};
use crate::tui::look::Look;
use crate::tui::screens::review::view::highlight;
use crate::tui::view::style::{Role, fit, pad, style as st};
use ratatui::Frame;

pub fn render(h: &HistoryState, look: Look<'_>, f: &mut Frame, area: Rect) {
    let nc = look.no_color;
    let width = usize::from(area.width);
    let msg = match &h.status {
        StoreStatus::Opening => Some("Opening the history…".to_string()),
        StoreStatus::Off(r) => Some(format!("History is off for this session: {r}")),
        StoreStatus::Ready => None,
    };
    if let Some(m) = msg {
        let p = Paragraph::new(Span::styled(m, st(nc, Role::Warning))).wrap(Wrap { trim: true });
        f.render_widget(p, area);
        return;
    }
    let rows = table_rows(area.height, h.show_detail);
    let table_h = (rows + 2) as u16;
    f.render_widget(
        Paragraph::new(filter_line(h, nc, width)),
        Rect::new(area.x, area.y, area.width, 1),
    );
    if h.filtering {
        let col = "Filter: ".len() + h.filter.text[..].chars().take(h.filter.cursor).count();
        f.set_cursor_position((area.x + col as u16, area.y));
    }
    let w = widths(width);
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &cells(
                &w,
                [
                    "time", "profile", "name", "type", "outcome", "task id", "ms",
                ],
            ),
            width,
        ),
        st(nc, Role::Label),
    ))];
    let total = h.end;
    for i in h.top..h.top + rows {
        if total.is_some_and(|e| i >= e) {
            break;
        }
        let line = match h.row(i) {
            Some(r) => {
                let text = pad(&cells(&w, row_cells(look.now, r, &w)), width);
                let role = if i == h.sel {
                    Role::Focus
                } else {
                    outcome_role(r.outcome)
                };
                Line::from(Span::styled(text, st(nc, role)))
            }
            None if h.pages.is_empty() && total.is_none() => Line::from("…"),
            None => Line::from(Span::styled("…", st(nc, Role::Dim))),
        };
        lines.push(line);
    }
    if total == Some(0) {
        let text = if h.filter.text.is_empty() {
            "No submissions yet: what you submit (Ctrl-S) is listed here."
        } else {
            "No submission matches the filter (Esc on the filter clears it)."
        };
        lines.push(Line::from(Span::styled(text, st(nc, Role::Dim))));
    }
    let table = Rect::new(area.x, area.y + 1, area.width, table_h.saturating_sub(1));
    f.render_widget(Paragraph::new(lines), table);
    if h.show_detail {
        detail(h, nc, f, crate::tui::layout::below(area, table_h));
    }
}

fn filter_line(h: &HistoryState, nc: bool, width: usize) -> Line<'static> {
    if !h.filtering && h.filter.text.is_empty() {
        let mut text = "/ filters by name, task id, error code, profile or outcome".to_string();
        if h.newer {
            text.push_str(" · new entries: Home shows them");
        }
        if let Some(e) = &h.error {
            text = format!("query failed: {e}");
        }
        return Line::from(Span::styled(fit(&text, width), st(nc, Role::Dim)));
    }
    let count = match h.end {
        Some(n) => format!("  ({n} match{})", if n == 1 { "" } else { "es" }),
        None => String::new(),
    };
    Line::from(vec![
        Span::styled("Filter: ", st(nc, Role::Label)),
        Span::raw(fit(
            &format!("{}{count}", h.filter.text),
            width.saturating_sub(8),
        )),
    ])
}

/// Column widths: time, profile, name, type, outcome, task id, ms. The name takes what is left.
fn widths(width: usize) -> [usize; 7] {
    let wide = width >= 110;
    // Narrow: the time without its year and a shorter task id, so the name keeps 20+ columns.
    let (time, profile, outcome, task_id) = if wide {
        (16, 10, 17, 32)
    } else {
        (11, 8, 10, 10)
    };
    let fixed = time + profile + 6 + outcome + task_id + 6 + 7;
    let name = width.saturating_sub(fixed).max(8);
    [time, profile, name, 6, outcome, task_id, 6]
}

fn cells<S: AsRef<str>>(w: &[usize; 7], values: [S; 7]) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i == 6 {
            out.push_str(&format!("{:>width$}", fit(v.as_ref(), w[i]), width = w[i]));
        } else {
            out.push_str(&pad(v.as_ref(), w[i]));
        }
    }
    out
}

fn row_cells(now: Option<&DateTime<FixedOffset>>, r: &Summary, w: &[usize; 7]) -> [String; 7] {
    let outcome = if w[4] < 17 && r.outcome == Outcome::CancelledUnknown {
        "cancelled?".to_string()
    } else {
        r.outcome.as_str().to_string()
    };
    let task = r
        .task_id
        .clone()
        .or_else(|| r.error_code.clone())
        .unwrap_or_default();
    [
        local_time(now, &r.sent_at, w[0] < 16),
        r.profile.clone(),
        r.task_name.clone(),
        r.data_source_type.clone(),
        outcome,
        task,
        r.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
    ]
}

/// The sent time in the offset of the clock the loop sent (local), minutes precision.
fn local_time(now: Option<&DateTime<FixedOffset>>, sent_at: &str, short: bool) -> String {
    match DateTime::parse_from_rfc3339(sent_at) {
        Ok(t) => {
            let t = now.map_or(t, |n| t.with_timezone(n.offset()));
            t.format(if short {
                "%m-%d %H:%M"
            } else {
                "%Y-%m-%d %H:%M"
            })
            .to_string()
        }
        Err(_) => sent_at.chars().take(16).collect(),
    }
}

fn outcome_role(o: Outcome) -> Role {
    match o {
        Outcome::Ok => Role::Ok,
        Outcome::Rejected | Outcome::Failed => Role::Error,
        Outcome::Pending | Outcome::CancelledUnknown | Outcome::Unknown => Role::Warning,
    }
}

fn detail(h: &HistoryState, nc: bool, f: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::TOP).title(" Detail ");
    let inner = block.inner(area);
    f.render_widget(block, area);
    let loaded = h
        .detail
        .as_ref()
        .zip(h.selected())
        .is_some_and(|(d, r)| d.id == r.id);
    if !loaded {
        f.render_widget(Paragraph::new("loading…"), inner);
        return;
    }
    let width = usize::from(inner.width);
    let n = usize::from(inner.height);
    let start = h.detail_scroll.min(h.detail_lines.len().saturating_sub(n));
    let lines: Vec<Line> = h.detail_lines[start..]
        .iter()
        .take(n)
        .map(|(kind, text)| match kind {
            DetailKind::Json => highlight(&fit(text, width), nc),
            DetailKind::Title => Line::from(Span::styled(fit(text, width), st(nc, Role::Ok))),
            DetailKind::Head => Line::from(Span::styled(fit(text, width), st(nc, Role::Label))),
            DetailKind::Error => Line::from(Span::styled(fit(text, width), st(nc, Role::Error))),
            DetailKind::Text => Line::from(fit(text, width)),
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
#[path = "history_snapshot_tests.rs"]
mod tests;
