//! The modal stack: help, prompts, y/n confirmations, the drafts list, the restore offer, the
//! profile form and the catalog pickers. The top modal gets every key (none leaks to the screen
//! below) and paste; all are drawn after the screen, bottom first. Pure, like `update`.

pub mod confirm;
mod drafts;
pub mod help;
mod profile_form;
mod prompt;

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::msg::Effect;
use super::state::AppState;
use crate::tui::view::canvas::Canvas;
pub use confirm::{Confirm, Yes};
pub use prompt::{Prompt, PromptFor};

/// One modal and the state it owns.
#[derive(Clone, Debug)]
pub enum Modal {
    Help(help::Help),
    Prompt(Prompt),
    Confirm(Confirm),
    /// The drafts list (F3).
    Drafts(super::state::drafts::DraftList),
    /// Unsent changes of sessions that ended: restore, discard or decide later, one at a time.
    Restore(Vec<crate::store::drafts::Draft>),
    ProfileForm(Box<super::state::profiles::ProfileEdit>),
    Picker(Box<crate::tui::screens::source::catalog_pick::PickerModal>),
}

/// The open modals, bottom first.
#[derive(Clone, Debug, Default)]
pub struct Stack(Vec<Modal>);

impl Stack {
    pub fn push(&mut self, m: Modal) {
        self.0.push(m);
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn top(&self) -> Option<&Modal> {
        self.0.last()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Modal> {
        self.0.iter()
    }

    /// The open catalog picker, wherever it is on the stack.
    pub fn picker_mut(
        &mut self,
    ) -> Option<&mut crate::tui::screens::source::catalog_pick::PickerModal> {
        self.0.iter_mut().rev().find_map(|m| match m {
            Modal::Picker(p) => Some(p.as_mut()),
            _ => None,
        })
    }

    /// The open drafts list, wherever it is on the stack.
    pub fn drafts_mut(&mut self) -> Option<&mut super::state::drafts::DraftList> {
        self.0.iter_mut().rev().find_map(|m| match m {
            Modal::Drafts(l) => Some(l),
            _ => None,
        })
    }

    /// The prompt on top, if the top modal is one.
    pub fn prompt(&self) -> Option<&Prompt> {
        match self.top() {
            Some(Modal::Prompt(p)) => Some(p),
            _ => None,
        }
    }

    /// The confirmation on top, if the top modal is one.
    pub fn confirm(&self) -> Option<&Confirm> {
        match self.top() {
            Some(Modal::Confirm(c)) => Some(c),
            _ => None,
        }
    }

    /// The open profile form, if it is on top.
    pub fn profile_form(&self) -> Option<&super::state::profiles::ProfileEdit> {
        match self.top() {
            Some(Modal::ProfileForm(e)) => Some(e),
            _ => None,
        }
    }

    /// The open catalog picker, if it is on top.
    pub fn picker(&self) -> Option<&crate::tui::screens::source::catalog_pick::PickerModal> {
        match self.top() {
            Some(Modal::Picker(p)) => Some(p),
            _ => None,
        }
    }
}

/// What a modal's key handler decided: stay open (with its new state) or close, the effects, and
/// the answer the root carries out once the modal is closed.
pub struct Handled {
    pub keep: Option<Modal>,
    pub effects: Vec<Effect>,
    pub then: Option<Answer>,
}

/// An answer that reaches past the modal (into the form, a tab, the submit pipeline): the root
/// carries it out.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// y to a confirmation.
    Yes(Yes),
    /// n (or Esc) to a confirmation: this notice.
    No(&'static str),
    /// Enter on a prompt, with its text (trimmed, not empty).
    Prompted(PromptFor, String),
    /// A line for the status bar.
    Notice(String),
    /// Offer this in the form's place (asking first when the form holds unsaved changes).
    Replace(Box<crate::tui::shell::Replacement>),
    /// Ask this on top (the modal that asks stays open under it).
    Ask(Confirm),
    /// Enter on the profile form: check it, then save it (or keep the form open, saying why).
    SaveProfile(Box<crate::tui::screens::profiles::ProfileEdit>),
}

impl Handled {
    pub fn stay(m: Modal) -> Self {
        Handled {
            keep: Some(m),
            effects: Vec::new(),
            then: None,
        }
    }

    pub fn close(effects: Vec<Effect>) -> Self {
        Handled {
            keep: None,
            effects,
            then: None,
        }
    }

    /// Closes with an answer for the root.
    pub fn answer(a: Answer) -> Self {
        Handled {
            keep: None,
            effects: Vec::new(),
            then: Some(a),
        }
    }
}

/// Gives a key to the top modal. `None`: no modal is open, the key is the screen's.
pub fn key(s: &mut AppState, k: &KeyEvent) -> Option<Vec<Effect>> {
    let m = s.modals.0.pop()?;
    let depth = s.modals.0.len();
    let h = match m {
        Modal::Help(h) => help::key(h, k, s.size),
        Modal::Prompt(p) => prompt::key(p, k),
        Modal::Confirm(c) => confirm::key(c, k),
        Modal::Drafts(l) => drafts::list_key(l, k),
        Modal::Restore(offers) => drafts::offer_key(offers, k),
        Modal::ProfileForm(e) => profile_form::key(*e, k),
        Modal::Picker(p) => crate::tui::screens::source::catalog_pick::key(s, *p, k),
    };
    if let Some(m) = h.keep {
        // Below anything the handler opened (a confirmation over the list that asked it).
        let at = depth.min(s.modals.0.len());
        s.modals.0.insert(at, m);
    }
    let mut fx = h.effects;
    if let Some(a) = h.then {
        fx.extend(s.answer(a));
    }
    Some(fx)
}

/// Paste goes to the top modal when it takes text; any other modal swallows it. `false`: no modal.
pub fn paste(s: &mut AppState, text: &str) -> bool {
    match s.modals.0.last_mut() {
        None => return false,
        Some(Modal::Prompt(p)) => prompt::paste(p, text),
        Some(Modal::ProfileForm(e)) => profile_form::paste(e, text),
        Some(Modal::Picker(p)) => p.picker.paste(text),
        Some(_) => {}
    }
    true
}

/// Whether typed characters are text for the top modal (so `?` is text, not help).
pub fn takes_text(s: &AppState) -> bool {
    matches!(
        s.modals.top(),
        Some(Modal::Prompt(_) | Modal::ProfileForm(_) | Modal::Picker(_))
    )
}

/// Draws every modal, bottom first. `body` is the screen's area (the profile form covers it).
pub fn render(s: &AppState, f: &mut Canvas, area: Rect, body: Rect, status: Rect) {
    for m in s.modals.iter() {
        match m {
            Modal::Help(h) => help::render(s.look(), h, f, area),
            Modal::Prompt(p) => prompt::render(p, f, status),
            Modal::Confirm(c) => confirm::render(s.no_color, c, f, body),
            Modal::Drafts(l) => drafts::render_list(s.no_color, l, f, area),
            Modal::Restore(offers) => drafts::render_offer(s.no_color, offers, f, area),
            Modal::ProfileForm(e) => profile_form::render(s.no_color, e, f, body),
            Modal::Picker(p) => p.picker.render(f, super::picker::Picker::area(area)),
        }
    }
}
