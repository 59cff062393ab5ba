//! A y/n question in a box: what it asks, what `y` (and, where safe, Enter) does, and the notice for
//! no. Every confirmation of the TUI is one of these; the root carries the answer out
//! (`AppState::answer`).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Answer, Confirm, Handled};
use crate::tui::view::style::{Role, style as st};
use ratatui::Frame;

pub fn key(c: Confirm, k: &KeyEvent) -> Handled {
    let yes = match k.code {
        KeyCode::Char('y' | 'Y') => true,
        KeyCode::Enter if c.enter => true,
        KeyCode::Char('n' | 'N') | KeyCode::Esc => false,
        KeyCode::Enter => false,
        // Any other key waits for the answer.
        _ => return Handled::stay(super::Modal::Confirm(c)),
    };
    Handled::answer(if yes {
        Answer::Yes(c.yes)
    } else {
        Answer::No(c.no)
    })
}

pub fn render(no_color: bool, c: &Confirm, f: &mut Frame, area: Rect) {
    let w = area.width.min(64);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + 3,
        w,
        8.min(area.height),
    );
    f.render_widget(Clear, r);
    let block = Block::default().borders(Borders::ALL).title(c.title);
    f.render_widget(
        Paragraph::new(c.text.as_str())
            .wrap(Wrap { trim: true })
            .block(block)
            .style(st(no_color, Role::Label)),
        r,
    );
}
