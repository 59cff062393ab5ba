//! The Source screen: `task_config` as a table of key, type and value (only the visible rows are
//! drawn, so a 1,000-key object costs what 30 rows cost), a panel with the key's help and issue or
//! the array's items, and the raw JSON editor with its parse error.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use serde_json::Value;

use super::{Col, SourceState, item_text, kind_of, value_summary};
use crate::task::fields::config_key_help;
use crate::tui::layout;
use crate::tui::look::Look;
use crate::tui::screens::source;
use crate::tui::view::issue_span;
use crate::tui::view::style::{Role, fit, pad, style as st, window};
use ratatui::Frame;

/// The key column: 26 columns, wider on a wide terminal (a quarter of it, at most 48), so the
/// longest known keys (`enable_table_filter_by_regex`) fit from 120 columns on.
fn key_width(width: usize) -> usize {
    (width / 4).clamp(26, 48)
}
const KIND: usize = 8;

pub fn render(src: &SourceState, look: Look, f: &mut Frame, area: Rect) {
    if let Some(raw) = &src.raw {
        let nc = look.no_color;
        let editor_h = area.height.saturating_sub(2);
        let block = Block::default()
            .borders(Borders::TOP)
            .title(" task_config · raw JSON (Ctrl-R or Esc: back to rows) ");
        let mut a = raw.area.clone();
        a.set_block(block);
        f.render_widget(&a, Rect::new(area.x, area.y, area.width, editor_h));
        let msg = match &raw.error {
            Some(e) => Span::styled(
                fit(&format!("✖ {e}"), usize::from(area.width)),
                st(nc, Role::Error),
            ),
            None => Span::styled("✓ valid JSON object; key order is kept", st(nc, Role::Ok)),
        };
        f.render_widget(
            Paragraph::new(msg),
            Rect::new(area.x, area.y + editor_h, area.width, 1),
        );
        return;
    }
    let (list, panel) = layout::form_split(area, src.panel_rows(area.height));
    let nc = look.no_color;
    let width = usize::from(area.width);
    let key_w = key_width(width);
    // The value grows with the window; a third of what is left past 40 columns goes to the issue.
    let room = width.saturating_sub(key_w + KIND + 6);
    let value_w = room.min(40 + room / 3);
    let visible = usize::from(list.height.saturating_sub(1));
    let offset = layout::list_offset(src.sel, visible);
    let mut lines = vec![Line::from(Span::styled(
        format!("  {} {} {}", pad("Key", key_w), pad("Type", KIND), "Value"),
        st(nc, Role::Label),
    ))];
    let Some(cfg) = source::task_config(look.form) else {
        lines.push(Line::from(Span::styled(
            "  task_config is not an object: Ctrl-R edits it as raw JSON",
            st(nc, Role::Error),
        )));
        f.render_widget(Paragraph::new(lines), list);
        return;
    };
    if cfg.is_empty() {
        lines.push(Line::from(
            "  No keys yet. Ctrl-A adds a row, Ctrl-R edits raw JSON.",
        ));
    }
    for (i, (k, v)) in cfg.iter().enumerate().skip(offset).take(visible) {
        let sel = i == src.sel;
        let y = list.y + 1 + (i - offset) as u16;
        let cell = |col: Col, text: &str, w: usize, f: &mut Frame| -> Span<'static> {
            if sel
                && src.col == col
                && (col == Col::Key || src.item.is_none())
                && src.cell_editable(look.form)
            {
                let (shown, c) = window(text, look.cursor, w);
                let x0 = if col == Col::Key {
                    2
                } else {
                    2 + key_w + 1 + KIND + 1
                };
                f.set_cursor_position((list.x + (x0 + c) as u16, y));
                Span::styled(pad(&shown, w), st(nc, Role::Focus))
            } else if sel && src.col == col {
                Span::styled(pad(text, w), st(nc, Role::Focus))
            } else {
                Span::raw(pad(text, w))
            }
        };
        let value = match v {
            Value::Array(_) => value_summary(v),
            other => item_text(other),
        };
        let mut spans = vec![
            Span::raw(if sel { "▸ " } else { "  " }),
            cell(Col::Key, k, key_w, f),
            Span::raw(" "),
            Span::styled(pad(kind_of(v), KIND), st(nc, Role::Dim)),
            Span::raw(" "),
            cell(Col::Value, &value, value_w, f),
            Span::raw(" "),
        ];
        let rest = width.saturating_sub(key_w + KIND + value_w + 6);
        if let Some(sp) = issue_span(look.form, look.no_color, &format!("task_config.{k}"), rest) {
            spans.push(sp);
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), list);
    panel_view(src, look, f, panel);
}

fn panel_view(src: &SourceState, look: Look, f: &mut Frame, panel: Rect) {
    let nc = look.no_color;
    let Some((k, v)) = source::row(look.form, src.sel) else {
        return;
    };
    let path = format!("task_config.{k}");
    let mut lines: Vec<Line> = look
        .form
        .issues_at(&path)
        .map(|i| Line::from(Span::styled(i.message.clone(), st(nc, Role::Warning))))
        .collect();
    if let (Value::Array(items), Some(sel)) = (v, src.item) {
        let room = usize::from(panel.height.saturating_sub(2));
        let start = layout::list_offset(sel, room);
        for (i, it) in items.iter().enumerate().skip(start).take(room) {
            let text = item_text(it);
            if i == sel {
                let (shown, c) = window(
                    &text,
                    look.cursor,
                    usize::from(panel.width).saturating_sub(8),
                );
                let y = panel.y + 1 + lines.len() as u16;
                f.set_cursor_position((panel.x + 7 + c as u16, y));
                lines.push(Line::from(vec![
                    Span::raw(format!("{:>5}▸", i + 1)),
                    Span::styled(shown, st(nc, Role::Focus)),
                ]));
            } else {
                lines.push(Line::from(format!(
                    "{:>5}  {}",
                    i + 1,
                    fit(&text, usize::from(panel.width) - 8)
                )));
            }
        }
    } else {
        let source = look.form.task().text("data_source_type").unwrap_or("");
        let help = config_key_help(source, k).unwrap_or_else(|| {
            format!("\"{k}\" is not a key known for {source}: it is sent as is.")
        });
        lines.push(Line::from(help));
        if matches!(v, Value::Array(_)) {
            lines.push(Line::from(Span::styled(
                "An array: Enter edits it one item per line (Enter adds an item, Backspace on an empty one removes it, Esc ends).",
                st(nc, Role::Dim),
            )));
        }
    }
    let title = format!(" {path} · {} ", kind_of(v));
    let block = Block::default().borders(Borders::TOP).title(title);
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        panel,
    );
}
