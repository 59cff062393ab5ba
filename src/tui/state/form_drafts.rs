//! The form as a draft and a draft back in the form: the root's, since a draft carries the form's
//! context (profile, screen, touched fields) and loading one moves the focus. Pure.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::{AppState, Screen, task as form};
use crate::store::drafts::Draft;
use crate::task::taskfile;

/// The form as a draft named `name` (`updated_at` from the caller: `update` reads no clock).
pub fn draft_of(s: &AppState, name: &str, updated_at: &str) -> Draft {
    let mut touched: Vec<&String> = s.form.touched.iter().collect();
    touched.sort();
    let meta = json!({
        "pid": s.drafts.pid,
        "profile": s.target.profile,
        "workspace": s.target.workspace,
        "screen": s.screen.title(),
        "touched": touched,
    });
    Draft {
        name: name.to_string(),
        body: taskfile::to_body(s.task()),
        meta: meta.to_string(),
        updated_at: updated_at.to_string(),
    }
}

/// Puts a draft's task into the form. Err: the body no longer parses.
pub fn load(s: &mut AppState, d: &Draft) -> Result<(), String> {
    let file = taskfile::parse(&d.body).map_err(|e| e.to_string())?;
    s.form.replace(file.task);
    let meta: Value = serde_json::from_str(&d.meta).unwrap_or(Value::Null);
    let touched: HashSet<String> = meta
        .get("touched")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    s.form.touched = if touched.is_empty() {
        form::all_touched()
    } else {
        touched
    };
    s.source = Default::default();
    s.cursor_to_end();
    Ok(())
}

/// `body` in the form as a new draft named `name(body's name)`, the name focused for a change: what
/// History's "open as draft" and the Tasks tab's pull share. Returns the name given.
pub fn open_as_copy(
    s: &mut AppState,
    body: &str,
    name: impl FnOnce(&str) -> String,
) -> Result<String, String> {
    let d = Draft {
        name: String::new(),
        body: body.to_string(),
        meta: "{}".into(),
        updated_at: String::new(),
    };
    load(s, &d)?;
    let name = name(s.task().text("name").unwrap_or_default());
    s.form.edit(|t| {
        if let Some(slot) = t.text_field_mut("name") {
            *slot = Some(crate::task::Typed::Valid(name.clone()));
        }
    });
    s.go(Screen::Task);
    let at = form::form_fields(Screen::Task)
        .iter()
        .position(|f| f.path == "name")
        .unwrap_or(0);
    s.task_form.focus = at;
    s.cursor_to_end();
    Ok(name)
}

/// The autosave reads the form's revision and the draft to keep through this.
impl crate::tui::autosave::Unsaved for AppState {
    fn revision(&self) -> u64 {
        self.form.revision
    }

    fn autosave_name(&self) -> &str {
        &self.drafts.own
    }

    /// The form as this session's autosave, or `None` when it holds nothing unsent (start, after a
    /// successful submit, after a discard).
    fn unsaved(&self) -> Option<Draft> {
        (self.form.revision != self.drafts.clean_revision)
            .then(|| draft_of(self, &self.drafts.own, ""))
    }
}
