//! A y/n question in a box: what it asks, what `y` (and, where safe, Enter) does, and the notice for
//! no. Every confirmation of the TUI is one of these; the root carries the answer out
//! (`AppState::answer`).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Answer, Handled};
use crate::tui::msg::Effect;
use crate::tui::view::canvas::Canvas;
use crate::tui::view::style::{Role, style as st};

#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub title: &'static str,
    /// The question and what each answer does.
    pub text: String,
    /// Enter answers yes too (only where yes cannot lose anything).
    pub enter: bool,
    pub yes: Yes,
    /// The notice shown when the answer is no.
    pub no: &'static str,
}

/// What yes does.
#[derive(Clone, Debug, PartialEq)]
pub enum Yes {
    /// Run this effect (a write allowed to overwrite, a delete).
    Effect(Box<Effect>),
    /// Fill `user_id` with the caller's IAM user id and submit.
    FillUserId(String),
    /// Submit with `user_id` empty (IAM did not name the caller; the service takes it).
    SendWithoutUserId,
    HistoryResend(i64),
    /// Delete a task on the server (its schedule stopped first when `stop_first`).
    DeleteTask {
        id: String,
        stop_first: bool,
    },
    DeleteProfile(String),
    DeleteDraft(String),
    /// Replace the form (its current content is kept as a draft first).
    ReplaceForm(Box<crate::tui::replacement::Replacement>),
    /// Delete the Source row with this key.
    DeleteSourceRow(String),
}

impl Confirm {
    pub fn new(title: &'static str, text: impl Into<String>, yes: Yes) -> Self {
        Confirm {
            title,
            text: text.into(),
            enter: false,
            yes,
            no: "nothing changed",
        }
    }

    pub fn enter_is_yes(mut self) -> Self {
        self.enter = true;
        self
    }

    pub fn no_says(mut self, no: &'static str) -> Self {
        self.no = no;
        self
    }
}

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

pub fn render(no_color: bool, c: &Confirm, f: &mut Canvas, area: Rect) {
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
