//! The Review screen as a `Tab` on `ReviewState`: its pager (PgUp/PgDn, Home/End; the arrows
//! and the mouse wheel scroll by three lines). The plan it shows is built by the root
//! (`state::plan`). Pure, like `update`.

use std::convert::Infallible;

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{ReviewState, rows_at};
use crate::tui::action::Action;
use crate::tui::shell::{Look, Shell, Tab};
use ratatui::Frame;

impl ReviewState {
    /// Scrolls by `delta` lines at the shell's terminal size.
    pub fn scroll(&mut self, sh: &Shell, delta: isize) {
        self.scroll_by(sh.form, rows_at(sh.size), delta);
    }
}

impl Tab for ReviewState {
    type Msg = Infallible;

    fn act(&mut self, sh: &mut Shell, a: Action, _k: &KeyEvent) -> bool {
        let page = rows_at(sh.size) as isize;
        let delta = match a {
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            Action::NextField => 3,
            Action::PrevField => -3,
            _ => return false,
        };
        self.scroll(sh, delta);
        true
    }

    fn reply(&mut self, _sh: &mut Shell, m: Infallible) {
        match m {}
    }

    fn render(&self, look: Look<'_>, f: &mut Frame, area: Rect) {
        super::view::render(self, look, f, area);
    }
}
