//! The Tasks tab as a `Tab` on `TasksState`: its bindings (chained after the main table by the
//! keymap), moving, paging, the `/` name filter, refresh, the detail pane, run now / start / stop,
//! pull into the form as a new draft (a root request: it asks before replacing unsaved changes),
//! delete after a y/n, and the replies to its effects. Pure, like `update`: effects and requests go
//! through the `Shell`.

use crossterm::event::{KeyCode, KeyEvent};

use ratatui::layout::Rect;

use super::io::{TasksEffect, TasksMsg};
use super::{PAGE, TasksState};
use crate::api::TaskAction;
use crate::app::tasks::{Schedule, copy_body, not_returned, text};
use crate::tui::action::{Action, TaskKey};
use crate::tui::modal::{Confirm, Yes};
use crate::tui::msg::Effect;
use crate::tui::replacement::Replacement;
use crate::tui::shell::{Look, Request, Shell, Tab};
use crate::tui::state::edit::Line;
use ratatui::Frame;

fn fx(e: TasksEffect) -> Effect {
    Effect::Tasks(e)
}

impl Tab for TasksState {
    type Msg = TasksMsg;

    /// Typing into the filter, after `/`.
    fn key_first(&mut self, _sh: &mut Shell, k: &KeyEvent) -> bool {
        if !self.filtering {
            return false;
        }
        match k.code {
            KeyCode::Enter => {
                self.filtering = false;
                self.reload(true);
            }
            KeyCode::Esc => {
                self.filtering = false;
                if !self.filter.text.is_empty() {
                    self.filter = Line::default();
                    self.reload(true);
                }
            }
            _ => {
                self.filter.key(k);
            }
        }
        true
    }

    fn act(&mut self, sh: &mut Shell, a: Action, _k: &KeyEvent) -> bool {
        match a {
            Action::NextField => self.move_by(1),
            Action::PrevField => self.move_by(-1),
            Action::Tasks(TaskKey::NextPage) => {
                // A full page may have a next one; `total_records` (the project's count, not the
                // filter's) bounds it only when nothing is filtered.
                let full = self.list.len() >= PAGE as usize;
                if full
                    && (!self.filter.text.is_empty() || u64::from(self.offset + PAGE) < self.total)
                {
                    self.offset += PAGE;
                    self.sel = 0;
                    self.reload(false);
                }
            }
            Action::Tasks(TaskKey::PrevPage) => {
                if self.offset > 0 {
                    self.offset = self.offset.saturating_sub(PAGE);
                    self.sel = 0;
                    self.reload(false);
                }
            }
            Action::Cancel if self.show_detail => self.show_detail = false,
            Action::Tasks(k) => self.task_key(sh, k),
            _ => return false,
        }
        true
    }

    /// Pasted text goes into the filter while it is being typed.
    fn paste(&mut self, _sh: &mut Shell, text: &str) -> bool {
        if !self.filtering {
            return false;
        }
        self.filter.paste(text);
        true
    }

    fn text_focused(&self) -> bool {
        self.filtering
    }

    fn reply(&mut self, sh: &mut Shell, m: TasksMsg) {
        reply(self, sh, m);
    }

    /// Loads the list when it is not loaded for the current profile.
    fn after(&mut self, sh: &mut Shell) {
        let Some(context) = sh.context().cloned() else {
            return;
        };
        if self.loading || self.loaded_for.as_deref() == Some(&context.profile) {
            return;
        }
        self.generation += 1;
        self.loading = true;
        self.loaded_for = Some(context.profile.clone());
        sh.effect(fx(TasksEffect::List {
            generation: self.generation,
            context,
            name: self.filter.text.clone(),
            offset: self.offset,
            limit: PAGE,
        }));
    }

    fn render(&self, look: Look<'_>, f: &mut Frame, area: Rect) {
        super::view::render(self, look, f, area);
    }
}

impl TasksState {
    fn task_key(&mut self, sh: &mut Shell, k: TaskKey) {
        let Some(context) = sh.ready() else {
            return;
        };
        if let TaskKey::Filter | TaskKey::Refresh | TaskKey::Detail = k {
            match k {
                TaskKey::Filter => self.filtering = true,
                TaskKey::Refresh => self.reload(false),
                _ => self.show_detail = !self.show_detail,
            }
            return;
        }
        let Some(task) = self.selected().cloned() else {
            sh.warn("no task selected");
            return;
        };
        let id = text(&task, "id").to_string();
        let action = match k {
            TaskKey::RunNow => TaskAction::RunImmediate,
            TaskKey::Start => TaskAction::Run,
            TaskKey::Stop => TaskAction::Stop,
            TaskKey::Pull => return sh.effect(fx(TasksEffect::Pull { context, id })),
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
                return sh.ask(Confirm::new(
                    " Delete? ",
                    text,
                    Yes::DeleteTask { id, stop_first },
                ));
            }
            _ => return,
        };
        sh.effect(fx(TasksEffect::Act {
            context,
            id,
            action,
        }));
    }

    /// Yes to "delete task …?".
    pub fn delete(&mut self, sh: &mut Shell, id: String, stop_first: bool) {
        if let Some(context) = sh.ready() {
            sh.effect(fx(TasksEffect::Delete {
                context,
                id,
                stop_first,
            }));
        }
    }

    /// Shows this task once the list arrives, from the first page, unfiltered (the Response
    /// screen's "open in Tasks").
    pub fn open(&mut self, id: String) {
        self.want = Some(id);
        self.filter = Line::default();
        self.reload(true);
    }
}

/// A reply to one of the effects above.
fn reply(t: &mut TasksState, sh: &mut Shell, m: TasksMsg) {
    match m {
        TasksMsg::Listed { generation, result } => t.listed(generation, result),
        TasksMsg::Acted { id, action, result } => match result {
            Ok(()) => {
                let done = match action {
                    TaskAction::RunImmediate => "is running now",
                    TaskAction::Run => "schedule started",
                    TaskAction::Stop => "schedule stopped",
                };
                sh.notify(format!("task {id}: {done}"));
                t.reload(false);
            }
            Err(e) => sh.warn(format!("task {id}: {} failed: {e}", action.as_str())),
        },
        TasksMsg::Deleted { id, result } => match result {
            Ok(()) => {
                sh.notify(format!("task {id}: deleted"));
                t.show_detail = false;
                t.reload(false);
            }
            Err(e) => sh.warn(format!("task {id}: delete failed: {e}")),
        },
        TasksMsg::Pulled { id, result } => match result {
            Ok(task) => {
                let body = copy_body(&task);
                let name = text(&body, "name").to_string();
                let body = serde_json::to_string_pretty(&body).unwrap_or_default();
                let missing = not_returned(&task);
                sh.request(Request::Replace(Replacement::Pulled {
                    body,
                    name,
                    missing,
                }));
            }
            Err(e) => sh.warn(format!("task {id}: cannot pull: {e}")),
        },
    }
}
