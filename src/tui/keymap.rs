//! Key → `Action` as data. The footer hints and the help overlay are generated from `BINDINGS`, so a
//! key is declared once. Pure: no IO, no state; `update` asks `resolve` what a key means on a screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::state::Screen;

/// A resolved intent: what the user wants, independent of which key said it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Submit,
    Help,
    Cancel,
    NextField,
    PrevField,
    NextScreen,
    PrevScreen,
    Toggle,
    NextChoice,
    ApplyTemplate,
    AddRow,
    DeleteRow,
    MoveRowUp,
    MoveRowDown,
    CycleType,
    RawJson,
    SaveBody,
    SaveKooCli,
    OpenFile,
    CopyTaskId,
    RawResponse,
    EditResubmit,
    SwitchProfile,
    TestProfile,
    EditProfile,
    /// Profiles: make the selected profile the default.
    MakeDefault,
    /// Source: a catalog picker for the focused row.
    Pick,
    /// History screen and drafts (handled in `history_update`).
    Filter,
    ToggleDetail,
    OpenAsDraft,
    Resend,
    Export(crate::tui::store_msg::ExportFormat),
    DeleteEntry,
    PageDown,
    PageUp,
    Newest,
    /// Review: the first and the last page.
    Top,
    Bottom,
    SaveDraftAs,
    DraftsList,
    /// The Tasks screen's keys (`screens/tasks/keys`) and the Response screen's task keys
    /// (`screens/response/task_keys`).
    Tasks(crate::tui::screens::tasks::keys::TaskKey),
}

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Global,
    Forms,
    On(Screen),
}

impl Scope {
    pub fn covers(self, screen: Screen) -> bool {
        match self {
            Scope::Global => true,
            Scope::Forms => screen.is_form(),
            Scope::On(s) => s == screen,
        }
    }
}

/// One row of the keymap: the key, when it applies, what it does and how the footer names it.
#[derive(Debug)]
pub struct Binding {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub scope: Scope,
    pub action: Action,
    pub keys: &'static str,
    pub hint: &'static str,
    /// Shown in the footer (the overlay shows every binding).
    pub footer: bool,
}

pub use super::bindings::BINDINGS;

/// Every binding: the main table, then the Tasks screen's.
pub fn all() -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .chain(crate::tui::screens::tasks::keys::TASK_BINDINGS.iter())
        .chain(crate::tui::screens::response::task_keys::RESPONSE_TASK_BINDINGS.iter())
}
use super::bindings::SHIFT;
use Action as A;
use KeyCode as K;
use Scope::Global;

fn mods_match(want: KeyModifiers, got: KeyModifiers) -> bool {
    // Shift is implied by some keys (BackTab, upper case) and is not worth distinguishing.
    want.difference(SHIFT) == got.difference(SHIFT)
}

/// What a key means on a screen; `None` means it is text for the focused field.
pub fn resolve(key: &KeyEvent, screen: Screen, text_focused: bool) -> Option<Action> {
    if key.code == K::Char('?') && !text_focused {
        return Some(A::Help);
    }
    all()
        .find(|b| b.code == key.code && mods_match(b.mods, key.modifiers) && b.scope.covers(screen))
        .map(|b| b.action)
}

/// The footer's hints for a screen, most specific first.
pub fn footer(screen: Screen) -> impl Iterator<Item = &'static Binding> {
    let specific = all().filter(move |b| b.footer && b.scope != Global && b.scope.covers(screen));
    let global = BINDINGS.iter().filter(|b| b.footer && b.scope == Global);
    specific.chain(global)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::bindings::{CTRL, NONE};

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn ctrl_s_submits_everywhere_and_question_mark_is_text_in_fields() {
        for s in Screen::ALL {
            assert_eq!(resolve(&key(K::Char('s'), CTRL), s, true), Some(A::Submit));
        }
        assert_eq!(resolve(&key(K::Char('?'), NONE), Screen::Task, true), None);
        assert_eq!(
            resolve(&key(K::Char('?'), NONE), Screen::Review, false),
            Some(A::Help)
        );
        assert_eq!(resolve(&key(K::Char('y'), NONE), Screen::Task, true), None);
    }

    #[test]
    fn footer_lists_screen_keys_first() {
        let first = footer(Screen::Response).next().map(|b| b.action);
        assert_eq!(first, Some(A::CopyTaskId));
    }
}
