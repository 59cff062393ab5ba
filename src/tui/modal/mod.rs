//! The modal stack: help, prompts, y/n confirmations, the drafts list, the restore offer, the
//! profile form and the catalog pickers, and what a modal's key handler returns (`Handled`, with an
//! `Answer` the root carries out). The top modal gets every key (none leaks to the screen below) and
//! paste (`update`); all are drawn after the screen, bottom first (`view`). Pure, like `update`.

pub mod confirm;
pub mod drafts;
pub mod help;
pub mod profile_form;
pub mod prompt;

use super::msg::Effect;
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
    ProfileForm(Box<super::screens::profiles::ProfileEdit>),
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

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Takes the top modal off (to give it a key).
    pub fn pop(&mut self) -> Option<Modal> {
        self.0.pop()
    }

    /// Puts a modal back at `depth` (or on top, when fewer are open now).
    pub fn put_back(&mut self, depth: usize, m: Modal) {
        self.0.insert(depth.min(self.0.len()), m);
    }

    /// Whether typed characters are text for the top modal (so `?` is text, not help).
    pub fn takes_text(&self) -> bool {
        matches!(
            self.top(),
            Some(Modal::Prompt(_) | Modal::ProfileForm(_) | Modal::Picker(_))
        )
    }

    pub fn top_mut(&mut self) -> Option<&mut Modal> {
        self.0.last_mut()
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
    pub fn profile_form(&self) -> Option<&super::screens::profiles::ProfileEdit> {
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
    Replace(Box<crate::tui::replacement::Replacement>),
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
