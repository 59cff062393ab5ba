//! The Tasks screen: one page of the current profile's tasks on the server (as the search API
//! returns them), the name filter, the selection, the detail pane and the questions it waits on.
//! Its keys and replies are `Tab` on `TasksState` (`keys`); listing and every action are effects
//! run by `io`, answered by `TasksMsg`s. Pure but for `io`.

pub(crate) mod bindings;
pub(crate) mod io;
pub(crate) mod keys;
pub(crate) mod view;

use serde_json::Value;

use crate::app::tasks::{Schedule, text};
use crate::tui::state::edit::Line;

/// Tasks per search page.
pub const PAGE: u32 = 50;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TasksState {
    /// The page shown, each task as the server returned it.
    pub list: Vec<Value>,
    /// How many tasks match in all.
    pub total: u64,
    /// Offset of the page shown.
    pub offset: u32,
    pub sel: usize,
    pub filter: Line,
    /// Typing goes into the filter (after `/`).
    pub filtering: bool,
    pub show_detail: bool,
    /// A search is on its way; bumped per request so an older answer is dropped.
    pub generation: u64,
    pub loading: bool,
    /// The profile the list was loaded for (`None`: not loaded yet, or to load again).
    pub loaded_for: Option<String>,
    /// The last search's error.
    pub error: Option<String>,
    /// A task id to select once the list arrives (open in Tasks from the Response screen).
    pub want: Option<String>,
}

impl TasksState {
    pub fn selected(&self) -> Option<&Value> {
        self.list.get(self.sel)
    }

    pub fn selected_id(&self) -> Option<String> {
        self.selected().map(|t| text(t, "id").to_string())
    }

    pub fn move_by(&mut self, d: isize) {
        if self.list.is_empty() {
            self.sel = 0;
            return;
        }
        let max = self.list.len() as isize - 1;
        self.sel = (self.sel as isize + d).clamp(0, max) as usize;
    }

    /// Asks for the list again (from the first page when `from_start`).
    pub fn reload(&mut self, from_start: bool) {
        self.loaded_for = None;
        if from_start {
            self.offset = 0;
            self.sel = 0;
        }
    }

    /// A search answer for `generation`: older ones are dropped.
    pub fn listed(&mut self, generation: u64, result: Result<(Vec<Value>, u64), String>) {
        if generation != self.generation {
            return;
        }
        self.loading = false;
        match result {
            Ok((list, total)) => {
                self.list = list;
                self.total = total;
                self.error = None;
                if let Some(id) = self.want.take() {
                    self.sel = self
                        .list
                        .iter()
                        .position(|t| text(t, "id") == id)
                        .unwrap_or(0);
                }
                self.move_by(0);
            }
            Err(e) => {
                self.list.clear();
                self.total = 0;
                self.error = Some(e);
            }
        }
    }
}

/// The detail pane's lines: the schedule state decoded, then the task as the server returned it.
pub fn detail_lines(task: &Value) -> Vec<String> {
    let state = match Schedule::of(task) {
        Schedule::Scheduling => "schedule: scheduling (enabled 3)".to_string(),
        Schedule::Paused => "schedule: paused (enabled 5)".to_string(),
        Schedule::None => "schedule: none (runs once or on demand)".to_string(),
        Schedule::Other(n) => format!("schedule: enabled {n} (not a documented status)"),
    };
    let mut out = vec![state];
    out.extend(
        serde_json::to_string_pretty(task)
            .unwrap_or_default()
            .lines()
            .map(str::to_string),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_older_answer_is_dropped_and_a_wanted_task_is_selected() {
        let mut t = TasksState {
            generation: 2,
            loading: true,
            want: Some("b".into()),
            ..Default::default()
        };
        t.listed(1, Ok((vec![json!({"id": "x"})], 1)));
        assert!(t.list.is_empty() && t.loading);
        t.listed(2, Ok((vec![json!({"id": "a"}), json!({"id": "b"})], 2)));
        assert_eq!((t.sel, t.loading), (1, false));
        t.move_by(5);
        assert_eq!(t.sel, 1);
        let d = detail_lines(&json!({"schedule_config": {"enabled": 5}}));
        assert_eq!(d[0], "schedule: paused (enabled 5)");
    }
}
