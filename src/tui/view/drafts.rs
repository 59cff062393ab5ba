//! The drafts overlays: the restore offer for unsent changes of a session that ended (restore or
//! discard), and the drafts list (open, delete). Pure: reads `AppState` only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::style::{Role, fit, pad, style as st};
use crate::tui::state::AppState;
use crate::tui::state::drafts::task_name;

fn boxed(area: Rect, w: u16, h: u16) -> Rect {
    let w = area.width.min(w);
    let h = area.height.saturating_sub(2).min(h);
    Rect::new((area.width - w) / 2, 3.min(area.height - h), w, h)
}

/// Draws whichever drafts overlay is open, if any.
pub fn render(s: &AppState, f: &mut Frame, area: Rect) {
    if let Some(d) = s.drafts.offers.first() {
        let r = boxed(area, 70, 9);
        let more = match s.drafts.offers.len() {
            1 => String::new(),
            n => format!(" ({} more after this one)", n - 1),
        };
        let when = |t: &str| t.chars().take(19).collect::<String>().replace('T', " ");
        let sent = crate::tui::sent_check::sent_of(d);
        let text = match &sent {
            Some((id, at)) => format!(
                "A session that ended had SENT the task {:?} (at {} UTC, History #{id}) and never \
                 saw the answer: it may have been created{more}.\n\n\
                 r / Enter: restore it (Ctrl-S checks first)   d: discard   Esc: decide later",
                task_name(d),
                when(at),
            ),
            None => format!(
                "A session that ended left unsent changes to the task {:?} (saved {}){more}.\n\n\
                 r / Enter: restore them into the form   d: discard them   Esc: decide later",
                task_name(d),
                when(&d.updated_at),
            ),
        };
        f.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(if sent.is_some() {
                " Restore a create that was sent? "
            } else {
                " Restore unsent changes? "
            });
        f.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(block)
                .style(st(s.no_color, Role::Label)),
            r,
        );
        return;
    }
    let Some(l) = &s.drafts.list else {
        return;
    };
    let nc = s.no_color;
    let r = boxed(area, 76, 16);
    let inner_w = usize::from(r.width.saturating_sub(2));
    let rows = usize::from(r.height.saturating_sub(4));
    let mut lines = Vec::new();
    if l.items.is_empty() {
        lines.push(Line::from(Span::styled(
            "No drafts yet: F2 saves the form as a named draft.",
            st(nc, Role::Dim),
        )));
    }
    let top = l.sel.saturating_sub(rows.saturating_sub(1));
    for (i, d) in l.items.iter().enumerate().skip(top).take(rows) {
        let label = if d.is_autosave() {
            "(unsent changes of an ended session)".to_string()
        } else {
            d.name.clone()
        };
        let when = d
            .updated_at
            .chars()
            .take(16)
            .collect::<String>()
            .replace('T', " ");
        let text = pad(
            &format!("{}  {}  {}", pad(&label, 30), when, task_name(d)),
            inner_w,
        );
        let role = if i == l.sel { Role::Focus } else { Role::Label };
        lines.push(Line::from(Span::styled(text, st(nc, role))));
    }
    lines.push(Line::from(""));
    let hint = if l.confirm_delete {
        "Delete this draft? y / Enter: delete   any other key: keep"
    } else {
        "Enter: open in the form   d: delete   Esc: close"
    };
    lines.push(Line::from(Span::styled(
        fit(hint, inner_w),
        st(
            nc,
            if l.confirm_delete {
                Role::Warning
            } else {
                Role::Dim
            },
        ),
    )));
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Drafts (F3) ");
    f.render_widget(Paragraph::new(lines).block(block), r);
}
