//! The Custom metadata screen (`parameter_config`): rows of description, type and task_id, each cell
//! edited as text. Columns come from the catalog's `parameter_config[].` fields. Pure.

use super::AppState;
use crate::task::fields::{FIELDS, Field};
use crate::task::{CustomMetadata, Slot, Typed};

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
    match &s.task.parameter_config {
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

fn items_mut(s: &mut AppState) -> Option<&mut Vec<Typed<CustomMetadata>>> {
    s.task
        .parameter_config
        .get_or_insert_with(|| Typed::Valid(Vec::new()))
        .valid_mut()
}

pub fn set_focused_text(s: &mut AppState, text: &str) -> bool {
    let (row, col) = (s.metadata.row, s.metadata.col);
    let name = columns().nth(col).map_or("", column_name);
    let Some(Typed::Valid(m)) = items_mut(s).and_then(|v| v.get_mut(row)) else {
        return false;
    };
    let slot = match name {
        "description" => &mut m.description,
        "type" => &mut m.kind,
        "task_id" => &mut m.task_id,
        _ => return false,
    };
    *slot = (!text.is_empty()).then(|| Typed::Valid(text.to_string()));
    true
}

pub fn add_row(s: &mut AppState) {
    let at = (s.metadata.row + 1).min(rows(s).len());
    if let Some(items) = items_mut(s) {
        items.insert(at, Typed::Valid(CustomMetadata::default()));
        s.metadata.row = at;
        s.metadata.col = 0;
    }
}

pub fn delete_row(s: &mut AppState) -> bool {
    let row = s.metadata.row;
    let Some(items) = items_mut(s) else {
        return false;
    };
    if row >= items.len() {
        return false;
    }
    items.remove(row);
    if items.is_empty() {
        s.task.parameter_config = None;
    }
    s.metadata.row = row.min(rows(s).len().saturating_sub(1));
    true
}
