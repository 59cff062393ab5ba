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
    SaveDraftAs,
    DraftsList,
}

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Global,
    Forms,
    On(Screen),
}

impl Scope {
    fn covers(self, screen: Screen) -> bool {
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

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const fn b(
    code: KeyCode,
    mods: KeyModifiers,
    scope: Scope,
    action: Action,
    keys: &'static str,
    hint: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        code,
        mods,
        scope,
        action,
        keys,
        hint,
        footer,
    }
}

use Action as A;
use KeyCode as K;
use Scope::{Forms, Global, On};

/// Every key the TUI knows, in the order the help overlay lists them.
pub const BINDINGS: &[Binding] = &[
    b(
        K::Char('s'),
        CTRL,
        Global,
        A::Submit,
        "Ctrl-S",
        "submit",
        true,
    ),
    b(
        K::Tab,
        NONE,
        Global,
        A::NextField,
        "Tab",
        "next field",
        true,
    ),
    b(
        K::BackTab,
        SHIFT,
        Global,
        A::PrevField,
        "Shift-Tab",
        "previous field",
        false,
    ),
    b(
        K::Down,
        NONE,
        Global,
        A::NextField,
        "Down",
        "next field or row",
        false,
    ),
    b(
        K::Up,
        NONE,
        Global,
        A::PrevField,
        "Up",
        "previous field or row",
        false,
    ),
    b(
        K::Char('n'),
        CTRL,
        Global,
        A::NextScreen,
        "Ctrl-N",
        "next screen",
        true,
    ),
    b(
        K::Char('p'),
        CTRL,
        Global,
        A::PrevScreen,
        "Ctrl-P",
        "previous screen",
        false,
    ),
    b(K::F(1), NONE, Global, A::Help, "F1 / ?", "help", true),
    b(
        K::Esc,
        NONE,
        Global,
        A::Cancel,
        "Esc",
        "close / cancel the wait",
        false,
    ),
    b(K::Char('c'), CTRL, Global, A::Quit, "Ctrl-C", "quit", true),
    b(
        K::Char(' '),
        NONE,
        On(Screen::Schedule),
        A::Toggle,
        "Space",
        "toggle Enabled",
        false,
    ),
    b(
        K::F(4),
        NONE,
        Forms,
        A::NextChoice,
        "F4",
        "next choice",
        false,
    ),
    b(
        K::F(8),
        NONE,
        Forms,
        A::ApplyTemplate,
        "F8",
        "load the type's template",
        false,
    ),
    b(
        K::Char('a'),
        CTRL,
        On(Screen::Source),
        A::AddRow,
        "Ctrl-A",
        "add row",
        true,
    ),
    b(
        K::Char('d'),
        CTRL,
        On(Screen::Source),
        A::DeleteRow,
        "Ctrl-D",
        "delete row",
        false,
    ),
    b(
        K::Up,
        ALT,
        On(Screen::Source),
        A::MoveRowUp,
        "Alt-Up",
        "move row up",
        false,
    ),
    b(
        K::Down,
        ALT,
        On(Screen::Source),
        A::MoveRowDown,
        "Alt-Down",
        "move row down",
        false,
    ),
    b(
        K::Char('t'),
        CTRL,
        On(Screen::Source),
        A::CycleType,
        "Ctrl-T",
        "cycle the row's type",
        false,
    ),
    b(
        K::Char('r'),
        CTRL,
        On(Screen::Source),
        A::RawJson,
        "Ctrl-R",
        "raw JSON mode",
        true,
    ),
    b(
        K::Char('a'),
        CTRL,
        On(Screen::Metadata),
        A::AddRow,
        "Ctrl-A",
        "add row",
        true,
    ),
    b(
        K::Char('d'),
        CTRL,
        On(Screen::Metadata),
        A::DeleteRow,
        "Ctrl-D",
        "delete row",
        false,
    ),
    b(
        K::F(5),
        NONE,
        On(Screen::Review),
        A::SaveBody,
        "F5",
        "save body",
        true,
    ),
    b(
        K::F(6),
        NONE,
        On(Screen::Review),
        A::SaveKooCli,
        "F6",
        "save KooCLI",
        true,
    ),
    b(
        K::F(7),
        NONE,
        On(Screen::Review),
        A::OpenFile,
        "F7",
        "open file",
        true,
    ),
    b(
        K::Char('y'),
        NONE,
        On(Screen::Response),
        A::CopyTaskId,
        "y",
        "copy task_id",
        true,
    ),
    b(
        K::Char('r'),
        NONE,
        On(Screen::Response),
        A::RawResponse,
        "r",
        "raw body/headers",
        true,
    ),
    b(
        K::Char('e'),
        NONE,
        On(Screen::Response),
        A::EditResubmit,
        "e",
        "edit and resubmit",
        true,
    ),
    b(
        K::Enter,
        NONE,
        On(Screen::Profiles),
        A::SwitchProfile,
        "Enter",
        "switch",
        true,
    ),
    b(
        K::Char('t'),
        NONE,
        On(Screen::Profiles),
        A::TestProfile,
        "t",
        "test",
        true,
    ),
    b(
        K::Char('a'),
        NONE,
        On(Screen::Profiles),
        A::AddRow,
        "a",
        "add",
        true,
    ),
    b(
        K::Char('e'),
        NONE,
        On(Screen::Profiles),
        A::EditProfile,
        "e",
        "edit",
        true,
    ),
    b(
        K::Char('d'),
        NONE,
        On(Screen::Profiles),
        A::DeleteRow,
        "d",
        "delete",
        true,
    ),
    b(
        K::F(2),
        NONE,
        Global,
        A::SaveDraftAs,
        "F2",
        "save draft as…",
        false,
    ),
    b(K::F(3), NONE, Global, A::DraftsList, "F3", "drafts", false),
    b(K::Char('/'), NONE, H, A::Filter, "/", "filter", true),
    b(K::Enter, NONE, H, A::ToggleDetail, "Enter", "detail", true),
    b(
        K::Char('o'),
        NONE,
        H,
        A::OpenAsDraft,
        "o",
        "open as draft",
        true,
    ),
    b(K::Char('r'), NONE, H, A::Resend, "r", "resend", true),
    b(
        K::Char('y'),
        NONE,
        H,
        A::CopyTaskId,
        "y",
        "copy task_id",
        true,
    ),
    b(
        K::Char('b'),
        NONE,
        H,
        A::Export(Ex::Body),
        "b",
        "export body",
        false,
    ),
    b(
        K::Char('k'),
        NONE,
        H,
        A::Export(Ex::KooCli),
        "k",
        "export KooCLI",
        false,
    ),
    b(
        K::Char('c'),
        NONE,
        H,
        A::Export(Ex::Curl),
        "c",
        "export curl",
        false,
    ),
    b(K::Char('d'), NONE, H, A::DeleteEntry, "d", "delete", true),
    b(
        K::PageDown,
        NONE,
        H,
        A::PageDown,
        "PgDn",
        "page down (detail: scroll)",
        false,
    ),
    b(
        K::PageUp,
        NONE,
        H,
        A::PageUp,
        "PgUp",
        "page up (detail: scroll)",
        false,
    ),
    b(K::Home, NONE, H, A::Newest, "Home", "newest", false),
];

/// Bindings of the History screen.
const H: Scope = On(Screen::History);
use crate::tui::store_msg::ExportFormat as Ex;

fn mods_match(want: KeyModifiers, got: KeyModifiers) -> bool {
    // Shift is implied by some keys (BackTab, upper case) and is not worth distinguishing.
    want.difference(SHIFT) == got.difference(SHIFT)
}

/// What a key means on a screen; `None` means it is text for the focused field.
pub fn resolve(key: &KeyEvent, screen: Screen, text_focused: bool) -> Option<Action> {
    if key.code == K::Char('?') && !text_focused {
        return Some(A::Help);
    }
    BINDINGS
        .iter()
        .find(|b| b.code == key.code && mods_match(b.mods, key.modifiers) && b.scope.covers(screen))
        .map(|b| b.action)
}

/// The footer's hints for a screen, most specific first.
pub fn footer(screen: Screen) -> impl Iterator<Item = &'static Binding> {
    let specific = BINDINGS
        .iter()
        .filter(move |b| b.footer && b.scope != Global && b.scope.covers(screen));
    let global = BINDINGS.iter().filter(|b| b.footer && b.scope == Global);
    specific.chain(global)
}

#[cfg(test)]
mod tests {
    use super::*;

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
