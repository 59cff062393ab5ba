//! The Tasks screen's keys and replies: its bindings (chained after the main table by the keymap),
//! moving, paging, the `/` name filter, refresh, the detail pane, run now / start / stop, pull into
//! the form as a new draft (asking before it replaces unsaved changes), delete after a y/n; and the
//! Response screen's task keys (run now, start the schedule, open in Tasks). Pure, like `update`.

use crossterm::event::{KeyCode, KeyEvent};

use crate::api::TaskAction;
use crate::app::tasks::{Schedule, copy_body, not_returned, text};
use crate::tui::bindings::NONE;
use crate::tui::keymap::{Action, Binding, Scope};
use crate::tui::modal::{Confirm, Modal, Yes};
use crate::tui::msg::Effect;
use crate::tui::replace::Replacement;
use crate::tui::state::edit::Line;
use crate::tui::state::tasks::PAGE;
use crate::tui::state::{AppState, Screen};
use crate::tui::tasks_io::{TasksEffect, TasksMsg};

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

const T: Scope = Scope::On(Screen::Tasks);
const R: Scope = Scope::On(Screen::Response);

const fn page(code: KeyCode, k: TaskKey, keys: &'static str, hint: &'static str) -> Binding {
    Binding {
        footer: false,
        ..b(code, T, k, keys, hint)
    }
}

const fn b(
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

/// The Tasks screen's keys and the Response screen's task keys.
pub const TASK_BINDINGS: &[Binding] = &[
    b(KeyCode::Char('x'), T, TaskKey::RunNow, "x", "run now"),
    b(KeyCode::Char('s'), T, TaskKey::Start, "s", "start"),
    b(KeyCode::Char('k'), T, TaskKey::Stop, "k", "stop"),
    b(KeyCode::Char('d'), T, TaskKey::Delete, "d", "delete"),
    b(KeyCode::Char('p'), T, TaskKey::Pull, "p", "pull"),
    b(KeyCode::Char('/'), T, TaskKey::Filter, "/", "filter"),
    b(KeyCode::F(5), T, TaskKey::Refresh, "F5", "refresh"),
    b(KeyCode::Enter, T, TaskKey::Detail, "Enter", "detail"),
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
    b(KeyCode::Char('x'), R, TaskKey::RunNow, "x", "run now"),
    b(KeyCode::Char('s'), R, TaskKey::Start, "s", "start schedule"),
    b(
        KeyCode::Char('t'),
        R,
        TaskKey::OpenInTasks,
        "t",
        "open in Tasks",
    ),
];

/// Keys the Tasks screen takes before the keymap: a y/n question, or typing into the filter.
pub fn key(s: &mut AppState, k: &KeyEvent) -> Option<Vec<Effect>> {
    if !s.tasks.filtering {
        return None;
    }
    let t = &mut s.tasks;
    match k.code {
        KeyCode::Enter => {
            t.filtering = false;
            t.reload(true);
        }
        KeyCode::Esc => {
            t.filtering = false;
            if !t.filter.text.is_empty() {
                t.filter = Line::default();
                t.reload(true);
            }
        }
        _ => {
            t.filter.key(k);
        }
    }
    Some(Vec::new())
}

/// Pasted text goes into the filter while it is being typed.
pub fn paste(s: &mut AppState, text: &str) -> bool {
    let t = &mut s.tasks;
    if !t.filtering {
        return false;
    }
    let (v, c) = crate::tui::state::edit::insert(
        &t.filter.text,
        t.filter.cursor,
        &crate::tui::state::edit::single_line(text),
    );
    t.filter = Line { text: v, cursor: c };
    true
}

fn fx(e: TasksEffect) -> Effect {
    Effect::Tasks(e)
}

/// The Tasks screen's actions and the Response screen's task keys; `None`: not one of them.
pub fn act(s: &mut AppState, a: Action) -> Option<Vec<Effect>> {
    if let Action::Tasks(k) = a
        && s.screen == Screen::Response
    {
        return Some(response_key(s, k));
    }
    if s.screen != Screen::Tasks {
        return None;
    }
    let t = &mut s.tasks;
    match a {
        Action::NextField => t.move_by(1),
        Action::PrevField => t.move_by(-1),
        Action::Tasks(TaskKey::NextPage) => {
            // A full page may have a next one; `total_records` (the project's count, not the
            // filter's) bounds it only when nothing is filtered.
            let full = t.list.len() >= PAGE as usize;
            if full && (!t.filter.text.is_empty() || u64::from(t.offset + PAGE) < t.total) {
                t.offset += PAGE;
                t.sel = 0;
                t.reload(false);
            }
        }
        Action::Tasks(TaskKey::PrevPage) => {
            if t.offset > 0 {
                t.offset = t.offset.saturating_sub(PAGE);
                t.sel = 0;
                t.reload(false);
            }
        }
        Action::Cancel if t.show_detail => t.show_detail = false,
        Action::Tasks(k) => return Some(task_key(s, k)),
        _ => return None,
    }
    Some(Vec::new())
}

fn task_key(s: &mut AppState, k: TaskKey) -> Vec<Effect> {
    let Some(context) = s.context.clone() else {
        s.warn("the profile is not ready: see the Profiles tab");
        return Vec::new();
    };
    let t = &mut s.tasks;
    if let TaskKey::Filter | TaskKey::Refresh | TaskKey::Detail = k {
        match k {
            TaskKey::Filter => t.filtering = true,
            TaskKey::Refresh => t.reload(false),
            _ => t.show_detail = !t.show_detail,
        }
        return Vec::new();
    }
    let Some(task) = t.selected().cloned() else {
        s.warn("no task selected");
        return Vec::new();
    };
    let id = text(&task, "id").to_string();
    let action = match k {
        TaskKey::RunNow => TaskAction::RunImmediate,
        TaskKey::Start => TaskAction::Run,
        TaskKey::Stop => TaskAction::Stop,
        TaskKey::Pull => return vec![fx(TasksEffect::Pull { context, id })],
        TaskKey::Delete => {
            let name = text(&task, "name");
            let stop_first = Schedule::of(&task) == Schedule::Scheduling;
            let text = if stop_first {
                format!(
                    "Task {name} ({id}) is scheduled, and the service refuses to delete it \
                     (DLG.2206). Stop its schedule, then delete it? (y/n)\n\ny: stop and delete   \
                     n / Esc: cancel"
                )
            } else {
                format!(
                    "Delete task {name} ({id}) on the server? (y/n) This cannot be undone.\n\ny: \
                     delete   n / Esc: cancel"
                )
            };
            s.modals.push(Modal::Confirm(Confirm::new(
                " Delete? ",
                text,
                Yes::DeleteTask { id, stop_first },
            )));
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    vec![fx(TasksEffect::Act {
        context,
        id,
        action,
    })]
}

fn response_key(s: &mut AppState, k: TaskKey) -> Vec<Effect> {
    let Some(id) = s.response.as_ref().and_then(|r| r.outcome.task_id.clone()) else {
        s.warn("no task was created: nothing to run");
        return Vec::new();
    };
    let Some(context) = s.context.clone() else {
        s.warn("the profile is not ready: see the Profiles tab");
        return Vec::new();
    };
    let action = match k {
        TaskKey::RunNow => TaskAction::RunImmediate,
        TaskKey::Start => TaskAction::Run,
        _ => {
            s.tasks.want = Some(id);
            s.tasks.filter = Line::default();
            s.tasks.reload(true);
            s.go(Screen::Tasks);
            return Vec::new();
        }
    };
    vec![fx(TasksEffect::Act {
        context,
        id,
        action,
    })]
}

/// Yes to "delete task …?".
pub fn delete(s: &mut AppState, id: String, stop_first: bool) -> Vec<Effect> {
    match s.context.clone() {
        Some(context) => vec![fx(TasksEffect::Delete {
            context,
            id,
            stop_first,
        })],
        None => {
            s.warn("the profile is not ready: see the Profiles tab");
            Vec::new()
        }
    }
}

/// Loads the list when the Tasks screen shows and it is not loaded for the current profile.
pub fn after(s: &mut AppState) -> Vec<Effect> {
    let Some(context) = s.context.clone() else {
        return Vec::new();
    };
    let t = &mut s.tasks;
    if t.loading || t.loaded_for.as_deref() == Some(&context.profile) {
        return Vec::new();
    }
    t.generation += 1;
    t.loading = true;
    t.loaded_for = Some(context.profile.clone());
    vec![fx(TasksEffect::List {
        generation: t.generation,
        context,
        name: t.filter.text.clone(),
        offset: t.offset,
        limit: PAGE,
    })]
}

/// A reply to one of the effects above.
pub fn reply(s: &mut AppState, m: TasksMsg) -> Vec<Effect> {
    match m {
        TasksMsg::Listed { generation, result } => s.tasks.listed(generation, result),
        TasksMsg::Acted { id, action, result } => match result {
            Ok(()) => {
                let done = match action {
                    TaskAction::RunImmediate => "is running now",
                    TaskAction::Run => "schedule started",
                    TaskAction::Stop => "schedule stopped",
                };
                s.notify(format!("task {id}: {done}"));
                s.tasks.reload(false);
            }
            Err(e) => s.warn(format!("task {id}: {} failed: {e}", action.as_str())),
        },
        TasksMsg::Deleted { id, result } => match result {
            Ok(()) => {
                s.notify(format!("task {id}: deleted"));
                s.tasks.show_detail = false;
                s.tasks.reload(false);
            }
            Err(e) => s.warn(format!("task {id}: delete failed: {e}")),
        },
        TasksMsg::Pulled { id, result } => match result {
            Ok(task) => {
                let body = copy_body(&task);
                let name = text(&body, "name").to_string();
                let body = serde_json::to_string_pretty(&body).unwrap_or_default();
                let missing = not_returned(&task);
                return crate::tui::replace::offer(
                    s,
                    Replacement::Pulled {
                        body,
                        name,
                        missing,
                    },
                );
            }
            Err(e) => s.warn(format!("task {id}: cannot pull: {e}")),
        },
    }
    Vec::new()
}
