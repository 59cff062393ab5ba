//! The Response screen's task keys' table, chained after the main one by the keymap. Data only.

use crossterm::event::KeyCode;

use crate::tui::action::{Binding, Scope, TaskKey, task_binding};
use crate::tui::screen::Screen;

const R: Scope = Scope::On(Screen::Response);

/// The Response screen's task keys.
pub const RESPONSE_TASK_BINDINGS: &[Binding] = &[
    task_binding(KeyCode::Char('x'), R, TaskKey::RunNow, "x", "run now"),
    task_binding(KeyCode::Char('s'), R, TaskKey::Start, "s", "start schedule"),
    task_binding(
        KeyCode::Char('t'),
        R,
        TaskKey::OpenInTasks,
        "t",
        "open in Tasks",
    ),
];
