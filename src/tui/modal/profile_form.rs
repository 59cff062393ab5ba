//! The profile add/edit form, a modal over the Profiles screen: one row per field of the chosen
//! authentication, secrets masked as typed. Secrets typed here stay in the state until the save
//! effect takes them to the 0600 credentials file; the list keeps the profile without them.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Answer, Handled, Modal};
use crate::tui::screens::profiles::{self, Field, ProfileEdit};
use crate::tui::view::style::{Role, pad, style as st, window};
use ratatui::Frame;

pub fn key(mut e: ProfileEdit, k: &KeyEvent) -> Handled {
    let n = e.fields().len();
    match k.code {
        KeyCode::Esc => return Handled::answer(Answer::No("nothing saved")),
        KeyCode::Tab | KeyCode::Down => e.focus_on((e.focus + 1) % n),
        KeyCode::BackTab | KeyCode::Up => e.focus_on((e.focus + n - 1) % n),
        KeyCode::Enter => return Handled::answer(Answer::SaveProfile(Box::new(e))),
        KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right if e.focused() == Field::Auth => {
            e.profile.auth = profiles::next_auth(e.profile.auth, k.code != KeyCode::Left);
            e.focus_on(e.focus);
        }
        _ if e.focused() == Field::Auth => {}
        _ => {
            if e.line.key(k) {
                let f = e.focused();
                e.profile.set(f, &e.line.text);
            }
        }
    }
    Handled::stay(Modal::ProfileForm(Box::new(e)))
}

/// Paste into the focused form field (line breaks become spaces).
pub fn paste(e: &mut ProfileEdit, text: &str) {
    if e.focused() != Field::Auth {
        e.line.paste(text);
        let f = e.focused();
        e.profile.set(f, &e.line.text);
    }
}

/// The add/edit form: one row per field of the chosen authentication, secrets masked as typed.
pub fn render(no_color: bool, e: &ProfileEdit, f: &mut Frame, area: Rect) {
    f.render_widget(Clear, area);
    let nc = no_color;
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
            _ if field.secret() && value.is_empty() && e.profile.stored.contains(&field) => {
                ("(saved; type to replace)".to_string(), Role::Dim)
            }
            _ if field.secret() && value.is_empty() => {
                ("(not set: type it)".to_string(), Role::Dim)
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
