//! The Profiles tab as a `Tab` on `ProfilesState`: switch to the selected profile (a root request),
//! test it, add or edit one in the profile form, make it the default, delete it after a y/n. Its
//! answers are the loop's own (`Msg::ProfilesLoaded`, `ProfileTested`, `ProfilesSaved`): saving and
//! switching change the target, which the root holds. Pure, like `update`.

use std::convert::Infallible;

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Profile, ProfileEdit, ProfilesState};
use crate::tui::action::Action;
use crate::tui::modal::{Confirm, Modal, Yes};
use crate::tui::msg::Effect;
use crate::tui::shell::{Look, Request, Shell, Tab};
use crate::tui::state::edit::Line;
use ratatui::Frame;

impl Tab for ProfilesState {
    type Msg = Infallible;

    fn act(&mut self, sh: &mut Shell, a: Action, _k: &KeyEvent) -> bool {
        let selected = self.list.get(self.sel).cloned();
        match a {
            Action::SwitchProfile => {
                if let Some(p) = selected {
                    sh.request(Request::Switch(Box::new(p)));
                }
            }
            Action::TestProfile => {
                if let Some(p) = selected {
                    self.test_result = Some(format!("{}: testing…", p.name));
                    sh.effect(Effect::TestProfile(Box::new(p)));
                }
            }
            Action::EditProfile => self.start_edit(sh, false),
            Action::AddRow => self.start_edit(sh, true),
            Action::MakeDefault => match selected {
                Some(p) if !p.sandbox => sh.effect(Effect::MakeDefault(p.name)),
                _ => sh.warn("the sandbox is built in: select a saved profile"),
            },
            Action::DeleteRow => {
                if let Some(p) = selected {
                    let text = format!(
                        "Delete profile {}? (y/n)\n\nIts secrets go too.   y: delete   n / Esc: keep it",
                        p.name
                    );
                    sh.ask(
                        Confirm::new(" Delete the profile? ", text, Yes::DeleteProfile(p.name))
                            .no_says("kept the profile"),
                    );
                }
            }
            _ => return false,
        }
        true
    }

    fn reply(&mut self, _sh: &mut Shell, m: Infallible) {
        match m {}
    }

    fn render(&self, look: Look<'_>, f: &mut Frame, area: Rect) {
        super::view::render(self, look, f, area);
    }
}

impl ProfilesState {
    /// Opens the edit form on the selected profile (or an empty one to add). The sandbox is not
    /// editable.
    fn start_edit(&mut self, sh: &mut Shell, add: bool) {
        let p = if add {
            Profile::default()
        } else {
            match self.list.get(self.sel) {
                Some(p) if p.sandbox => {
                    return sh
                        .warn("the sandbox profile is built in: press a to add one of your own");
                }
                Some(p) => p.clone(),
                None => return,
            }
        };
        let mut e = ProfileEdit {
            original: (!add).then(|| p.name.clone()),
            profile: p,
            focus: 0,
            line: Line::default(),
        };
        e.focus_on(0);
        sh.open(Modal::ProfileForm(Box::new(e)));
    }
}

#[cfg(test)]
#[path = "profile_keys_tests.rs"]
mod tests;
