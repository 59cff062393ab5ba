//! The Profiles screen: the saved profiles (the one in use marked), the selected one's settings with
//! the token masked, the add/edit form (secrets masked as typed), the delete confirmation and the
//! last test result.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::style::{Role, pad, style as st, window};
use crate::tui::state::AppState;
use crate::tui::state::profiles::{Field, ProfileEdit};

pub fn render(s: &AppState, f: &mut Frame, area: Rect) {
    let nc = s.no_color;
    let p = &s.profiles;
    if let Some(e) = &p.editing {
        form(s, e, f, area);
        return;
    }
    let mut lines = vec![Line::from(Span::styled(
        "  Profiles (Enter switches; defaults re-fill only fields you have not touched)",
        st(nc, Role::Label),
    ))];
    for (i, prof) in p.list.iter().enumerate() {
        let current = prof.name == s.target.profile;
        let mark = if current { "● " } else { "  " };
        let text = format!(
            "{mark}{} {} project {}",
            pad(&prof.name, 16),
            pad(&prof.endpoint, 44),
            prof.project_id
        );
        let role = if i == p.sel { Role::Focus } else { Role::Label };
        lines.push(Line::from(Span::styled(format!("  {text}"), st(nc, role))));
    }
    if let Some(sel) = p.list.get(p.sel) {
        lines.push(Line::from(""));
        for (k, v) in [
            ("Workspace", sel.workspace.clone()),
            ("User ID", sel.user_id.clone()),
            ("Directory ID", sel.dir_id.clone()),
            ("Auth", sel.auth.as_str().to_string()),
            (
                "Secrets",
                if sel.sandbox {
                    "(the sandbox's built-in token)"
                } else {
                    "(in the 0600 credentials file)"
                }
                .to_string(),
            ),
        ] {
            lines.push(Line::from(vec![
                Span::styled(format!("  {k:<14}"), st(nc, Role::Dim)),
                Span::raw(v),
            ]));
        }
    }
    if p.confirm_delete {
        let name = p.list.get(p.sel).map_or("", |x| x.name.as_str());
        lines.push(Line::from(Span::styled(
            format!("  Delete profile {name}? y deletes, any other key keeps it."),
            st(nc, Role::Error),
        )));
    }
    if let Some(t) = &p.test_result {
        lines.push(Line::from(Span::styled(
            format!("  Test: {t}"),
            st(nc, Role::Warning),
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// The add/edit form: one row per field of the chosen authentication, secrets masked as typed.
fn form(s: &AppState, e: &ProfileEdit, f: &mut Frame, area: Rect) {
    let nc = s.no_color;
    let title = match &e.original {
        Some(n) => format!("Edit profile {n} (Enter saves, Esc cancels)"),
        None => "Add a profile (Enter saves, Esc cancels)".to_string(),
    };
    let mut lines = vec![Line::from(Span::styled(title, st(nc, Role::Label)))];
    for (i, field) in e.fields().into_iter().enumerate() {
        let focused = i == e.focus;
        let value = if focused {
            e.line.text.clone()
        } else {
            e.profile.get(field)
        };
        let (shown, role) = match field {
            Field::Auth => (format!("◂ {value} ▸  (Space or ←/→ changes)"), Role::Str),
            _ if field.secret() && value.is_empty() && e.original.is_some() => {
                ("(saved; type to replace)".to_string(), Role::Dim)
            }
            _ if field.secret() => (mask(&value), Role::Str),
            _ => (value, Role::Str),
        };
        let cursor = if field.secret() {
            shown.chars().count()
        } else {
            e.line.cursor
        };
        let (w, col) = window(&shown, cursor, 50);
        if focused && field != Field::Auth {
            let col = if role == Role::Dim { 0 } else { col };
            f.set_cursor_position((area.x + 24 + col as u16, area.y + 1 + i as u16));
        }
        let label = if focused { Role::Focus } else { Role::Label };
        lines.push(Line::from(vec![
            Span::raw(if focused { "▸ " } else { "  " }),
            Span::styled(pad(field.label(), 21), st(nc, label)),
            Span::raw(" "),
            Span::styled(w, st(nc, role)),
        ]));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// A typed secret on screen: its length in dots (at most 12), never its characters.
fn mask(secret: &str) -> String {
    "•".repeat(secret.chars().count().min(12))
}
