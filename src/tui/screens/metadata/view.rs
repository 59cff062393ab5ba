//! The Custom metadata screen: `parameter_config` as a table whose columns come from the catalog.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::MetadataState;
use crate::tui::layout;
use crate::tui::look::Look;
use crate::tui::screens::metadata;
use crate::tui::view::issue_span;
use crate::tui::view::style::{Role, pad, style as st, window};
use ratatui::Frame;

pub fn render(m: &MetadataState, look: Look, f: &mut Frame, area: Rect) {
    let nc = look.no_color;
    let cols: Vec<_> = metadata::columns().collect();
    let w = (usize::from(area.width).saturating_sub(4) / cols.len().max(1)).min(36);
    let header: String = cols
        .iter()
        .map(|c| pad(c.label, w))
        .collect::<Vec<_>>()
        .join(" ");
    let mut lines = vec![Line::from(Span::styled(
        format!("  {header}"),
        st(nc, Role::Label),
    ))];
    let rows = metadata::rows(look.form);
    if rows.is_empty() {
        lines.push(Line::from(
            "  No custom metadata (optional). Ctrl-A adds a row of description, type, task_id.",
        ));
    }
    let visible = usize::from(area.height.saturating_sub(3));
    let offset = layout::list_offset(m.row, visible);
    for (i, item) in rows.iter().enumerate().skip(offset).take(visible) {
        let mut spans = vec![Span::raw(if i == m.row { "▸ " } else { "  " })];
        for (c, col) in cols.iter().enumerate() {
            let text = metadata::cell_text(item, metadata::column_name(col));
            if i == m.row && c == m.col {
                let (shown, cur) = window(&text, look.cursor, w);
                let x = area.x + (2 + c * (w + 1) + cur) as u16;
                f.set_cursor_position((x, area.y + 1 + (i - offset) as u16));
                spans.push(Span::styled(pad(&shown, w), st(nc, Role::Focus)));
            } else {
                spans.push(Span::raw(pad(&text, w)));
            }
            spans.push(Span::raw(" "));
        }
        if let Some(sp) = issue_span(look.form, nc, &format!("parameter_config[{i}]"), 30) {
            spans.push(sp);
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), area);
}
