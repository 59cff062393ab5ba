//! The Custom metadata screen as a `Tab` on `MetadataState`: text typed or pasted into the focused
//! cell (on an empty table it adds nothing and says Ctrl-A adds a row), Enter and Tab through the cells, the
//! arrows through the rows, Ctrl-A and Ctrl-D, clicks. Every change goes through the shell's
//! `Form`. Pure, like `update`.

use std::convert::Infallible;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::{MetadataState, columns, rows};
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::screen::Screen;
use crate::tui::shell::{Look, Shell, Tab};
use crate::tui::state::edit;
use ratatui::Frame;

impl MetadataState {
    fn cursor_to_end(&self, sh: &mut Shell) {
        *sh.cursor = self.focused_text(sh.form).chars().count();
    }

    /// Tab and Shift-Tab go cell by cell and round; the arrows go row by row and stop at the ends.
    pub fn move_focus(&mut self, sh: &mut Shell, forward: bool, tab: bool) {
        let cols = columns().count();
        let n = rows(sh.form).len();
        let step = |i: usize, n: usize| layout::step(i, n, forward, tab);
        if tab {
            let flat = step(self.row * cols + self.col, n.max(1) * cols);
            self.row = flat / cols;
            self.col = flat % cols;
        } else {
            self.row = step(self.row, n);
        }
        self.cursor_to_end(sh);
    }

    /// New text for the focused cell. An empty table takes none: a stray keystroke on the tab
    /// would otherwise send a custom metadata row the user never meant.
    fn write(&mut self, sh: &mut Shell, text: &str) {
        if rows(sh.form).is_empty() {
            sh.notify("no custom metadata row yet: Ctrl-A adds one");
            return;
        }
        self.set_focused_text(sh.form, text);
    }
}

impl Tab for MetadataState {
    type Msg = Infallible;

    fn act(&mut self, sh: &mut Shell, a: Action, k: &KeyEvent) -> bool {
        match a {
            Action::NextField => self.move_focus(sh, true, k.code == KeyCode::Tab),
            Action::PrevField => self.move_focus(sh, false, k.code == KeyCode::BackTab),
            Action::AddRow => {
                self.add_row(sh.form);
                self.cursor_to_end(sh);
            }
            Action::DeleteRow => {
                self.delete_row(sh.form);
                self.cursor_to_end(sh);
            }
            // The rows have no order that matters.
            Action::MoveRowUp | Action::MoveRowDown => {}
            _ => return false,
        }
        true
    }

    fn key(&mut self, sh: &mut Shell, k: &KeyEvent) {
        if k.code == KeyCode::Enter {
            self.move_focus(sh, true, true);
            return;
        }
        let text = self.focused_text(sh.form);
        if let Some(new) = sh.typed(&text, k) {
            self.write(sh, &new);
        }
    }

    /// Into the focused cell, line breaks turned into spaces.
    fn paste(&mut self, sh: &mut Shell, text: &str) -> bool {
        let current = self.focused_text(sh.form);
        let new = sh.inserted(&current, &edit::single_line(text));
        self.write(sh, &new);
        true
    }

    fn text_focused(&self) -> bool {
        true
    }

    fn click(&mut self, sh: &mut Shell, row: u16, body: Rect) {
        let Some(i) = layout::clicked_row(Screen::Metadata, body, self.row, row) else {
            return;
        };
        if i < rows(sh.form).len() {
            self.row = i;
        }
        self.cursor_to_end(sh);
    }

    fn reply(&mut self, _sh: &mut Shell, m: Infallible) {
        match m {}
    }

    fn render(&self, look: Look<'_>, f: &mut Frame, area: Rect) {
        super::view::render(self, look, f, area);
    }
}

#[cfg(test)]
#[path = "metadata_keys_tests.rs"]
mod tests;
