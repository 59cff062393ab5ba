//! The Tasks tab's key table, chained after the main one by the keymap. Data only.

use crossterm::event::KeyCode;

use crate::tui::action::{Binding, Scope, TaskKey, task_binding};
use crate::tui::screen::Screen;

const T: Scope = Scope::On(Screen::Tasks);

const fn page(code: KeyCode, k: TaskKey, keys: &'static str, hint: &'static str) -> Binding {
    Binding {
        footer: false,
        ..task_binding(code, T, k, keys, hint)
    }
}

/// The Tasks screen's keys.
pub const TASK_BINDINGS: &[Binding] = &[
    task_binding(KeyCode::Char('x'), T, TaskKey::RunNow, "x", "run now"),
    task_binding(KeyCode::Char('s'), T, TaskKey::Start, "s", "start"),
    task_binding(KeyCode::Char('k'), T, TaskKey::Stop, "k", "stop"),
    task_binding(KeyCode::Char('d'), T, TaskKey::Delete, "d", "delete"),
    task_binding(KeyCode::Char('p'), T, TaskKey::Pull, "p", "pull"),
    task_binding(KeyCode::Char('/'), T, TaskKey::Filter, "/", "filter"),
    task_binding(KeyCode::F(5), T, TaskKey::Refresh, "F5", "refresh"),
    task_binding(KeyCode::Enter, T, TaskKey::Detail, "Enter", "detail"),
    page(
        KeyCode::PageDown,
        TaskKey::NextPage,
        "PgDn",
        "next page of tasks",
    ),
    page(
        KeyCode::PageUp,
        TaskKey::PrevPage,
        "PgUp",
        "previous page of tasks",
    ),
];
