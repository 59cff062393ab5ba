//! The Custom metadata screen (`parameter_config`): rows of description, type and task_id, each cell
//! edited as text. Columns come from the catalog's `parameter_config[].` fields; `keys` is its `Tab`.
//! Pure.

pub(crate) mod keys;
pub(crate) mod view;

use crate::task::fields::{FIELDS, Field};
use crate::task::{CustomMetadata, Slot, Typed};
use crate::tui::form::Form;

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

pub fn rows(form: &Form) -> &[Typed<CustomMetadata>] {
    match &form.task().parameter_config {
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

impl MetadataState {
    pub fn focused_text(&self, form: &Form) -> String {
        let name = columns().nth(self.col).map_or("", column_name);
        rows(form)
            .get(self.row)
            .map(|item| cell_text(item, name))
            .unwrap_or_default()
    }

    pub fn set_focused_text(&mut self, form: &mut Form, text: &str) -> bool {
        edit_items(form, self, |items, m| {
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

    pub fn add_row(&mut self, form: &mut Form) {
        edit_items(form, self, |items, m| {
            let at = (m.row + 1).min(items.len());
            items.insert(at, Typed::Valid(CustomMetadata::default()));
            m.row = at;
            m.col = 0;
            Some(())
        });
    }

    pub fn delete_row(&mut self, form: &mut Form) -> bool {
        edit_items(form, self, |items, m| {
            if m.row >= items.len() {
                return None;
            }
            items.remove(m.row);
            m.row = m.row.min(items.len().saturating_sub(1));
            Some(())
        })
        .is_some()
    }
}

/// Changes `parameter_config` (made an empty list when absent) through the form; `None` when it is
/// not a list. An emptied list is removed.
fn edit_items<R>(
    form: &mut Form,
    metadata: &mut MetadataState,
    change: impl FnOnce(&mut Vec<Typed<CustomMetadata>>, &mut MetadataState) -> Option<R>,
) -> Option<R> {
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
