//! The Tasks screen: the filter line, one page of the profile's tasks on the server (id, name, type,
//! schedule state), the detail pane (the task as the server returns it, its schedule decoded) and the
//! y/n box. Pure: reads the tab's state and the `Look` only.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{TasksState, detail_lines};
use crate::app::tasks::{Schedule, schedule_type, text};
use crate::tui::look::Look;
use crate::tui::view::style::{Role, fit, pad, style as st};
use ratatui::Frame;

pub fn render(t: &TasksState, look: Look<'_>, f: &mut Frame, area: Rect) {
    let nc = look.no_color;
    let width = usize::from(area.width);
    f.render_widget(
        Paragraph::new(filter_line(t, look, width)),
        Rect::new(area.x, area.y, area.width, 1),
    );
    if t.filtering {
        let col = "Name: ".len() + t.filter.text.chars().take(t.filter.cursor).count();
        f.set_cursor_position((area.x + col as u16, area.y));
    }
    let table_h = if t.show_detail {
        (area.height / 2).max(4)
    } else {
        area.height
    };
    let rows = usize::from(table_h.saturating_sub(2));
    let top = t.sel.saturating_sub(rows.saturating_sub(1));
    let name_w = width.saturating_sub(32 + 2 + 6 + 2 + 12 + 2).clamp(8, 40);
    let cells = |id: &str, name: &str, kind: &str, state: &str| {
        format!(
            "{}  {}  {}  {}",
            pad(&fit(id, 32), 32),
            pad(&fit(name, name_w), name_w),
            pad(&fit(kind, 6), 6),
            state
        )
    };
    let mut lines = vec![Line::from(Span::styled(
        fit(&cells("id", "name", "type", "schedule"), width),
        st(nc, Role::Label),
    ))];
    for (i, task) in t.list.iter().enumerate().skip(top).take(rows) {
        let state = match Schedule::of(task) {
            Schedule::None => schedule_type(task).to_string(),
            other => other.label(),
        };
        let line = pad(
            &cells(
                text(task, "id"),
                text(task, "name"),
                text(task, "data_source_type"),
                &state,
            ),
            width,
        );
        let role = if i == t.sel { Role::Focus } else { Role::Str };
        lines.push(Line::from(Span::styled(fit(&line, width), st(nc, role))));
    }
    if t.list.is_empty() {
        let msg = if !look.ready {
            "The profile is not ready (see the Profiles tab)."
        } else if t.loading {
            "Loading the tasks…"
        } else if t.error.is_some() {
            ""
        } else if t.filter.text.is_empty() {
            "No tasks in this workspace yet: what you create (Ctrl-S) is listed here."
        } else {
            "No task name contains the filter (Esc on the filter clears it)."
        };
        lines.push(Line::from(Span::styled(msg, st(nc, Role::Dim))));
    }
    f.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, area.y + 1, area.width, table_h.saturating_sub(1)),
    );
    if t.show_detail {
        detail(t, nc, f, crate::tui::layout::below(area, table_h));
    }
}

fn filter_line(t: &TasksState, look: Look<'_>, width: usize) -> Line<'static> {
    let nc = look.no_color;
    if let Some(e) = &t.error {
        return Line::from(Span::styled(
            fit(&format!("search failed: {e} (F5 tries again)"), width),
            st(nc, Role::Error),
        ));
    }
    // `total_records` counts the project's tasks, not the filter's matches.
    let of = if t.filter.text.is_empty() {
        format!("of {}", t.total)
    } else {
        format!("· the project holds {}", t.total)
    };
    let shown = if t.list.is_empty() {
        format!("0 {of}")
    } else {
        format!("{}–{} {of}", t.offset + 1, t.offset as usize + t.list.len())
    };
    let lead = if t.filtering || !t.filter.text.is_empty() {
        format!("Name: {}", t.filter.text)
    } else {
        "/ filters by name".to_string()
    };
    let text = format!(
        "{lead}   tasks {shown} · profile {}{}",
        look.profile,
        if t.loading { " · loading…" } else { "" }
    );
    Line::from(Span::styled(
        fit(&text, width),
        st(nc, if t.filtering { Role::Label } else { Role::Dim }),
    ))
}

fn detail(t: &TasksState, nc: bool, f: &mut Frame, area: Rect) {
    let lines: Vec<Line> = match t.selected() {
        Some(task) => detail_lines(task)
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let role = if i == 0 { Role::Label } else { Role::Str };
                Line::from(Span::styled(l, st(nc, role)))
            })
            .collect(),
        None => vec![Line::from("no task selected")],
    };
    let block = Block::default().borders(Borders::TOP).title(" task ");
    f.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
#[path = "tasks_snapshot_tests.rs"]
mod tasks_snapshot_tests;
