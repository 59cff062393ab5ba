//! The Task screen, and the form list the Schedule screen shares: one line per catalog field (label,
//! value, its own issue), the focused one with a cursor, and a panel with the field's help and full
//! issue. Only the visible rows are drawn.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::FieldForm;
use crate::task::Slot;
use crate::task::fields::{Group, Kind};
use crate::tui::layout;
use crate::tui::look::Look;
use crate::tui::screens::task as form;
use crate::tui::view::issue_span;
use crate::tui::view::style::{Role, fit, pad, style as st, window};
use ratatui::Frame;

const LABEL: usize = 22;
const VALUE: usize = 34;

/// The Task screen (the Schedule screen adds its cron lines: `schedule::view`).
pub fn render(ff: &FieldForm, look: Look, f: &mut Frame, area: Rect) {
    let extra = ff
        .template_offer
        .as_ref()
        .map(|c| {
            Line::from(Span::styled(
                format!("F8 loads the {c} template (Esc dismisses)"),
                st(look.no_color, Role::Warning),
            ))
        })
        .into_iter()
        .collect();
    form_screen(ff, look, f, area, extra);
}

/// The form list plus a detail panel holding the field's help, issues and `extra` lines.
pub fn form_screen(ff: &FieldForm, look: Look, f: &mut Frame, area: Rect, extra: Vec<Line>) {
    let (list, panel) = layout::form_split(area, layout::detail_rows(ff.screen));
    let fields = ff.fields();
    let focus = ff.focus;
    let task = look.form.task();
    let visible = usize::from(list.height);
    let offset = layout::list_offset(focus, visible);
    let width = usize::from(area.width);
    // Past 120 columns the value grows by half of every extra column (a description shows 74
    // columns at 200); the issue or the choices take the rest.
    let room = width.saturating_sub(LABEL + 4);
    let value_w = (VALUE + width.saturating_sub(120) / 2).min(room);
    let nc = look.no_color;
    let mut lines = Vec::new();
    for (i, field) in fields.iter().enumerate().skip(offset).take(visible) {
        let focused = i == focus;
        let applies = form::applies(task, field.path);
        let star = if field.required { " *" } else { "" };
        let adv = if field.group == Group::Advanced {
            "· "
        } else {
            ""
        };
        let label = pad(&format!("{adv}{}{star}", field.label), LABEL);
        let text = form::field_text(task, field.path);
        let shown = match field.kind {
            Kind::Toggle => match task.slot(field.path) {
                Slot::Int(1) => "[x] on".to_string(),
                Slot::Absent => "[ ] off (not sent)".to_string(),
                _ if text == "0" => "[ ] off".to_string(),
                _ => text.clone(),
            },
            _ if focused => {
                let (w, col) = window(&text, look.cursor, value_w);
                let x = list.x + (2 + LABEL + 1 + col) as u16;
                f.set_cursor_position((x, list.y + (i - offset) as u16));
                w
            }
            _ => fit(&text, value_w),
        };
        let label_role = if focused {
            Role::Focus
        } else if applies {
            Role::Label
        } else {
            Role::Dim
        };
        let mut spans = vec![
            Span::raw(if focused { "▸ " } else { "  " }),
            Span::styled(label, st(nc, label_role)),
            Span::raw(" "),
            Span::styled(
                pad(&shown, value_w),
                if applies {
                    Default::default()
                } else {
                    st(nc, Role::Dim)
                },
            ),
            Span::raw(" "),
        ];
        let rest = width.saturating_sub(LABEL + value_w + 4);
        if let Some(sp) = issue_span(look.form, look.no_color, field.path, rest) {
            spans.push(sp);
        } else if focused && !field.choices.is_empty() {
            spans.push(Span::styled(
                fit(&format!("F4: {}", field.choices.join("/")), rest),
                st(nc, Role::Dim),
            ));
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), list);
    let Some(field) = fields.get(focus) else {
        return;
    };
    let mut detail: Vec<Line> = look
        .form
        .issues_at(field.path)
        .map(|i| {
            let role = if i.severity == crate::task::Severity::Error {
                Role::Error
            } else {
                Role::Warning
            };
            Line::from(Span::styled(i.message.clone(), st(nc, role)))
        })
        .collect();
    if !form::applies(task, field.path) {
        detail.push(Line::from(Span::styled(
            "Not used by a RUN_ONCE schedule.",
            st(nc, Role::Dim),
        )));
    }
    detail.extend(extra);
    detail.push(Line::from(field.help));
    let title = format!(" {} · {} ", field.label, field.path);
    let block = Block::default().borders(Borders::TOP).title(title);
    f.render_widget(
        Paragraph::new(detail)
            .block(block)
            .wrap(Wrap { trim: true }),
        panel,
    );
}
