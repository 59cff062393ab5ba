//! The Task and Schedule forms: which catalog fields they show (generated from `FIELDS`), the text a
//! field shows, and writing typed text back into the task keeping what the user typed; `keys` is the
//! two forms' `Tab`, `FieldForm`. Pure.

pub(crate) mod keys;
pub(crate) mod view;

use serde_json::Value;

use std::sync::OnceLock;

use crate::task::fields::{Field, Group, Kind, field, in_form_order};
use crate::task::{CollectionTask, Slot, Typed, path};
use crate::tui::screen::Screen;

/// The fields of a form screen, in the catalog's form order: Task then its Advanced group, or the
/// schedule. Made once per screen.
pub fn form_fields(screen: Screen) -> &'static [&'static Field] {
    static TASK: OnceLock<Vec<&'static Field>> = OnceLock::new();
    static SCHEDULE: OnceLock<Vec<&'static Field>> = OnceLock::new();
    let of = |groups: &[Group]| {
        groups
            .iter()
            .flat_map(|g| in_form_order().iter().filter(move |f| f.group == *g))
            .filter(|f| !matches!(f.kind, Kind::Json | Kind::Rows) && !f.path.contains("[]"))
            .copied()
            .collect()
    };
    match screen {
        Screen::Task => TASK.get_or_init(|| of(&[Group::Task, Group::Advanced])),
        Screen::Schedule => SCHEDULE.get_or_init(|| of(&[Group::Schedule])),
        _ => &[],
    }
}

/// The Task or the Schedule form: which one, and its focus.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldForm {
    /// `Screen::Task` or `Screen::Schedule`.
    pub screen: Screen,
    /// The focused field, an index into `form_fields(screen)`.
    pub focus: usize,
    /// Task: a template offered after the data source type changed (F8 loads it, Esc dismisses).
    pub template_offer: Option<String>,
    /// Schedule: the interval the cron implies (F4 on Interval offers it), from the cron preview.
    pub suggestion: Option<String>,
}

impl FieldForm {
    pub fn new(screen: Screen) -> Self {
        FieldForm {
            screen,
            focus: 0,
            template_offer: None,
            suggestion: None,
        }
    }

    pub fn fields(&self) -> &'static [&'static Field] {
        form_fields(self.screen)
    }

    /// The focused catalog field.
    pub fn focused(&self) -> Option<&'static Field> {
        self.fields().get(self.focus).copied()
    }
}

/// The catalog field focused on the Task or Schedule screen (for the tests that read it).
#[cfg(test)]
pub fn focused_field(s: &crate::tui::state::AppState) -> Option<&'static Field> {
    s.field_form(s.screen)?.focused()
}

/// The text shown for a field: what the user typed, even when it has the wrong type.
pub fn field_text(task: &CollectionTask, path: &str) -> String {
    match task.slot(path) {
        Slot::Absent | Slot::Structured => String::new(),
        Slot::Text(t) => t.to_string(),
        Slot::Int(n) => n.to_string(),
        Slot::Invalid(Value::String(t)) => t.clone(),
        Slot::Invalid(v) => v.to_string(),
    }
}

/// The Task screen's paths, as touched: a task from a file or a draft is the user's own, so profile
/// defaults never overwrite its fields.
pub fn all_touched() -> std::collections::HashSet<String> {
    form_fields(Screen::Task)
        .iter()
        .map(|f| f.path.to_string())
        .collect()
}

/// Writes typed text into a field. Integers that do not parse are kept as typed (and flagged by
/// validation); an empty field is removed from the body.
pub fn set_field_text(task: &mut CollectionTask, field: &Field, text: &str) {
    match field.kind {
        Kind::Integer | Kind::Toggle => {
            if let Some(slot) = task.int_field_mut(field.path) {
                *slot = match text.trim() {
                    "" => None,
                    t => Some(match t.parse::<i32>() {
                        Ok(n) => Typed::Valid(n),
                        Err(_) => Typed::Invalid(Value::String(text.to_string())),
                    }),
                };
            }
        }
        _ => {
            if let Some(slot) = task.text_field_mut(field.path) {
                *slot = if text.is_empty() {
                    None
                } else {
                    Some(Typed::Valid(text.to_string()))
                };
            }
        }
    }
}

/// Whether a schedule field applies to the chosen schedule type (the catalog's CRON-only fields are
/// dimmed for RUN_ONCE).
pub fn applies(task: &CollectionTask, path: &str) -> bool {
    let run_once = task.text(path::schedule::schedule_type).map(str::trim) == Some("RUN_ONCE");
    !(run_once && field(path).is_some_and(|f| f.cron_only))
}

/// The next choice after the current text (wrapping), if the field has any.
pub fn next_choice(current: &str, choices: &[String]) -> Option<String> {
    let pos = choices
        .iter()
        .position(|c| c.eq_ignore_ascii_case(current.trim()));
    let next = pos.map_or(0, |p| (p + 1) % choices.len());
    choices.get(next).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::fields::field;

    #[test]
    fn forms_come_from_the_catalog() {
        let task = form_fields(Screen::Task);
        assert_eq!(task[0].path, "name");
        assert!(task.iter().any(|f| f.path == "update_type"));
        let sched = form_fields(Screen::Schedule);
        assert!(sched.iter().all(|f| f.path.starts_with("schedule_config.")));
        assert_eq!(sched.len(), 8);
    }

    #[test]
    fn an_integer_that_does_not_parse_is_kept_as_typed() {
        let mut t = CollectionTask::default();
        let f = field("schedule_config.max_time_out").unwrap();
        set_field_text(&mut t, f, "ten");
        assert_eq!(field_text(&t, f.path), "ten");
        set_field_text(&mut t, f, "10");
        assert_eq!(t.slot(f.path), Slot::Int(10));
    }
}
