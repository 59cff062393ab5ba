//! The modal stack: help, prompts, y/n confirmations, the drafts list, the restore offer, the
//! profile form and the catalog pickers, and what a modal's key handler returns (`Handled`, with an
//! `Answer` the root carries out). The top modal gets every key (none leaks to the screen below) and
//! paste (`update`); all are drawn after the screen, bottom first (`view`). Pure, like `update`.

pub(crate) mod confirm;
pub(crate) mod drafts;
pub(crate) mod help;
pub(crate) mod profile_form;
pub(crate) mod prompt;

use super::msg::Effect;
use crate::tui::screen::Screen;
use crate::tui::state::edit::Line;
use crate::tui::store_msg::ExportFormat;

/// The help overlay: where it is scrolled to and which screen it was opened on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Help {
    /// The first line shown.
    pub scroll: usize,
    /// The screen whose keys come first (the one help was opened on).
    pub screen: Screen,
}

/// A y/n question.
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

/// A one-line prompt in the status line, and what its text is for.
#[derive(Clone, Debug, PartialEq)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub line: Line,
}

impl Prompt {
    pub fn modal(purpose: PromptFor, text: impl Into<String>) -> Modal {
        Modal::Prompt(Prompt {
            purpose,
            line: Line::new(text),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PromptFor {
    SaveBody,
    SaveKooCli,
    Open,
    /// A name for the form as a named draft.
    SaveDraft,
    /// A file for the selected history entry.
    Export(ExportFormat),
    /// Text to find among the items of the array being edited.
    FindItem,
}

impl PromptFor {
    pub fn label(self) -> &'static str {
        match self {
            PromptFor::SaveBody => "Save the body to: ",
            PromptFor::SaveKooCli => "Save as KooCLI jsonInput to: ",
            PromptFor::Open => "Open task file: ",
            PromptFor::SaveDraft => "Save the form as the draft named: ",
            PromptFor::FindItem => "Find the item holding: ",
            PromptFor::Export(ExportFormat::Body) => "Export the body to: ",
            PromptFor::Export(ExportFormat::KooCli) => "Export as KooCLI jsonInput to: ",
            PromptFor::Export(ExportFormat::Curl) => "Export as a curl script ($CTASK_TOKEN) to: ",
        }
    }
}

/// One modal and the state it owns.
#[derive(Clone, Debug)]
pub enum Modal {
    Help(Help),
    Prompt(Prompt),
    Confirm(Confirm),
    /// The drafts list (F3).
    Drafts(super::state::drafts::DraftList),
    /// Unsent changes of sessions that ended: restore, discard or decide later, one at a time.
    Restore(Vec<crate::store::drafts::Draft>),
    ProfileForm(Box<super::screens::profiles::ProfileEdit>),
    Picker(Box<crate::tui::screens::source::picker_modal::PickerModal>),
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
    ) -> Option<&mut crate::tui::screens::source::picker_modal::PickerModal> {
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
    pub fn picker(&self) -> Option<&crate::tui::screens::source::picker_modal::PickerModal> {
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
