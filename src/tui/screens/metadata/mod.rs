//! The Custom metadata screen (`parameter_config`): rows of description, type and task_id, each cell
//! edited as text. Columns come from the catalog's `parameter_config[].` fields. Pure.

pub mod view;

use crate::task::fields::{FIELDS, Field};
use crate::task::{CustomMetadata, Slot, Typed};
use crate::tui::state::AppState;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MetadataState {
    pub row: usize,
    pub col: usize,
}

/// The columns, from the catalog.
pub fn columns() -> impl Iterator<Item = &'static Field> {
    FIELDS
        .iter()
        .filter(|f| f.path.starts_with("parameter_config[]."))
}

pub fn column_name(f: &Field) -> &'static str {
    f.path.trim_start_matches("parameter_config[].")
}

pub fn rows(s: &AppState) -> &[Typed<CustomMetadata>] {
    match &s.task().parameter_config {
        Some(Typed::Valid(items)) => items,
        _ => &[],
    }
}

pub fn cell_text(item: &Typed<CustomMetadata>, name: &str) -> String {
    match item {
        Typed::Valid(m) => match m.slot(name) {
            Slot::Text(t) => t.to_string(),
            Slot::Invalid(v) => v.to_string(),
            _ => String::new(),
        },
        Typed::Invalid(v) => v.to_string(),
    }
}

pub fn focused_text(s: &AppState) -> String {
    let name = columns().nth(s.metadata.col).map_or("", column_name);
    rows(s)
        .get(s.metadata.row)
        .map(|item| cell_text(item, name))
        .unwrap_or_default()
}

/// Changes `parameter_config` (made an empty list when absent) through the form; `None` when it is
/// not a list. An emptied list is removed.
fn edit_items<R>(
    s: &mut AppState,
    change: impl FnOnce(&mut Vec<Typed<CustomMetadata>>, &mut MetadataState) -> Option<R>,
) -> Option<R> {
    let AppState { form, metadata, .. } = s;
    form.edit(|task| {
        let items = task
            .parameter_config
            .get_or_insert_with(|| Typed::Valid(Vec::new()))
            .valid_mut()?;
        let r = change(items, metadata);
        if items.is_empty() {
            task.parameter_config = None;
        }
        r
    })
}

pub fn set_focused_text(s: &mut AppState, text: &str) -> bool {
    edit_items(s, |items, m| {
        let name = columns().nth(m.col).map_or("", column_name);
        let Some(Typed::Valid(item)) = items.get_mut(m.row) else {
            return None;
        };
        let slot = match name {
            "description" => &mut item.description,
            "type" => &mut item.kind,
            "task_id" => &mut item.task_id,
            _ => return None,
        };
        *slot = (!text.is_empty()).then(|| Typed::Valid(text.to_string()));
        Some(())
    })
    .is_some()
}

pub fn add_row(s: &mut AppState) {
    edit_items(s, |items, m| {
        let at = (m.row + 1).min(items.len());
        items.insert(at, Typed::Valid(CustomMetadata::default()));
        m.row = at;
        m.col = 0;
        Some(())
    });
}

pub fn delete_row(s: &mut AppState) -> bool {
    edit_items(s, |items, m| {
        if m.row >= items.len() {
            return None;
        }
        items.remove(m.row);
        m.row = m.row.min(items.len().saturating_sub(1));
        Some(())
    })
    .is_some()
}
