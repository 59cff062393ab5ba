//! The help modal (F1 / ?): every key, the current screen's first, then the keys of every screen,
//! the array editor's and the raw JSON editor's. It scrolls (Up/Down, PgUp/PgDn, Home/End) and
//! closes on Esc, F1, ? or q.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Handled, Help, Modal};
use crate::tui::keymap::{self, Scope};
use crate::tui::look::Look;
use crate::tui::screen::Screen;
use crate::tui::view::style::{self, Role, style as st};
use ratatui::Frame;

/// Keys of the editors inside the Source screen, which the keymap does not hold.
const EDITORS: &[(&str, &str, &str)] = &[
    ("Enter", "edit an array item by item", "array"),
    ("Enter", "add an item after this one", "array"),
    ("Backspace", "on an empty item: remove it", "array"),
    ("PgUp/PgDn", "a page of items", "array"),
    ("Home/End", "first / last item", "array"),
    ("/", "find an item", "array"),
    ("Esc", "leave the items", "array"),
    ("arrows, PgUp/PgDn", "move the cursor", "raw JSON"),
    ("Ctrl-R / Esc", "apply and leave raw mode", "raw JSON"),
    ("Ctrl-U", "undo", "raw JSON"),
    ("Ctrl-W", "delete the word before", "raw JSON"),
    ("Ctrl-K", "delete to the end of the line", "raw JSON"),
    ("Ctrl-W", "delete the word before", "text fields"),
    ("Alt-B / Alt-F", "word left / right", "text fields"),
    ("Ctrl-Left/Right", "word left / right", "text fields"),
];

fn scope_name(sc: Scope) -> String {
    match sc {
        Scope::Global => "anywhere".to_string(),
        Scope::Forms => "forms".to_string(),
        Scope::On(x) => x.title().to_string(),
    }
}

/// The help's lines as (keys, what, where), the given screen's keys first.
pub fn entries(screen: Screen) -> Vec<(String, String, String)> {
    let row = |b: &keymap::Binding| (b.keys.to_string(), b.hint.to_string(), scope_name(b.scope));
    let here = |b: &&keymap::Binding| b.scope != Scope::Global && b.scope.covers(screen);
    let mut out: Vec<_> = keymap::all().filter(here).map(row).collect();
    out.extend(keymap::all().filter(|b| b.scope == Scope::Global).map(row));
    out.extend(
        EDITORS
            .iter()
            .map(|(k, h, w)| (k.to_string(), h.to_string(), w.to_string())),
    );
    out.extend(
        keymap::all()
            .filter(|b| b.scope != Scope::Global && !b.scope.covers(screen))
            .map(row),
    );
    out
}

fn page(size: (u16, u16)) -> usize {
    usize::from(area(size.0, size.1).height.saturating_sub(3)).max(1)
}

fn area(w: u16, h: u16) -> Rect {
    let bw = w.min(76);
    Rect::new((w - bw) / 2, 1, bw, h.saturating_sub(2))
}

fn max_scroll(size: (u16, u16), h: &Help) -> usize {
    entries(h.screen).len().saturating_sub(page(size))
}

/// A key on the overlay in a terminal of `size`.
pub fn key(mut h: Help, k: &KeyEvent, size: (u16, u16)) -> Handled {
    let pg = page(size);
    let max = max_scroll(size, &h);
    match k.code {
        KeyCode::Esc | KeyCode::F(1) | KeyCode::Char('?' | 'q') | KeyCode::Enter => {
            return Handled::close(Vec::new());
        }
        KeyCode::Down => h.scroll += 1,
        KeyCode::Up => h.scroll = h.scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => h.scroll += pg,
        KeyCode::PageUp => h.scroll = h.scroll.saturating_sub(pg),
        KeyCode::Home => h.scroll = 0,
        KeyCode::End => h.scroll = max,
        _ => {}
    }
    h.scroll = h.scroll.min(max);
    Handled::stay(Modal::Help(h))
}

/// Room for the scope column ("global", "Task", "editor"…).
const SCOPE_W: usize = 10;

pub fn render(look: Look, h: &Help, f: &mut Frame, full: Rect) {
    let r = area(full.width, full.height);
    let nc = look.no_color;
    let all = entries(h.screen);
    let total = all.len();
    let rows = usize::from(r.height.saturating_sub(3));
    // The key column fits the longest keys and a gap ("Ctrl-Left/Right  word left / right"); the
    // hint takes what is left beside the scope.
    let key_w = all
        .iter()
        .map(|(k, _, _)| style::width(k))
        .max()
        .unwrap_or(0)
        .min(24)
        + 2;
    let hint_w = usize::from(r.width.saturating_sub(2))
        .saturating_sub(key_w + SCOPE_W)
        .max(20);
    let mut lines: Vec<Line> = all
        .into_iter()
        .skip(h.scroll)
        .take(rows)
        .map(|(keys, hint, scope)| {
            Line::from(vec![
                Span::styled(style::pad(&keys, key_w), st(nc, Role::Key)),
                Span::raw(style::pad(&hint, hint_w)),
                Span::styled(scope, st(nc, Role::Dim)),
            ])
        })
        .collect();
    let last = (h.scroll + rows).min(total);
    lines.push(Line::from(Span::styled(
        style::fit(
            &format!(
                "{}-{last} of {total} · ↑↓ PgUp PgDn Home End scroll · Esc closes · mouse: click a tab or a row",
                (h.scroll + 1).min(total)
            ),
            usize::from(r.width.saturating_sub(2)),
        ),
        st(nc, Role::Dim),
    )));
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Keys (F1 / ?) ");
    f.render_widget(Paragraph::new(lines).block(block), r);
}
