//! What a key means, as data: `Action` (and the Tasks keys' `TaskKey`), where a binding applies
//! (`Scope`), and `Binding`, one row of a key table. A leaf: the tables (`bindings`, and each tab's
//! own) and the lookup (`keymap`) build on it.

use crossterm::event::{KeyCode, KeyModifiers};

use super::screen::Screen;

pub const NONE: KeyModifiers = KeyModifiers::NONE;
pub const CTRL: KeyModifiers = KeyModifiers::CONTROL;
pub const ALT: KeyModifiers = KeyModifiers::ALT;
pub const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

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
    /// (`screens/response/task_keys`); their tables are in `screens/tasks/bindings.rs` and
    /// `screens/response/bindings.rs`.
    Tasks(TaskKey),
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

/// What a Tasks-screen (or Response-screen task) key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskKey {
    Refresh,
    Filter,
    Detail,
    RunNow,
    Start,
    Stop,
    Pull,
    Delete,
    NextPage,
    PrevPage,
    /// Response screen: show the created task in the Tasks tab.
    OpenInTasks,
}

/// A binding to a `TaskKey` (the Response screen's task keys are made with it too).
pub const fn task_binding(
    code: KeyCode,
    scope: Scope,
    k: TaskKey,
    keys: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        code,
        mods: NONE,
        scope,
        action: Action::Tasks(k),
        keys,
        hint,
        footer: true,
    }
}
