//! The Source screen (`task_config`): rows of key, type and value edited in place, arrays one item per
//! line, and a raw JSON mode. Edits touch only the row they change, so a 1,000-key config with a
//! 10,000-item array stays cheap per keystroke. Pure.

pub(crate) mod catalog_pick;
pub(crate) mod keys;
pub(crate) mod picker_modal;
pub(crate) mod view;

use ratatui_textarea::TextArea;
use serde_json::{Map, Value};

use crate::task::{TaskConfig, Typed};
use crate::tui::form::Form;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Col {
    #[default]
    Key,
    Value,
}

/// The raw JSON editor and its last parse error ("line 3, column 5: …").
#[derive(Clone, Debug)]
pub struct RawEditor {
    pub area: TextArea<'static>,
    pub error: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct SourceState {
    pub sel: usize,
    pub col: Col,
    /// The array item being edited, when the selected row is an array.
    pub item: Option<usize>,
    pub raw: Option<RawEditor>,
}

pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

pub fn task_config(form: &Form) -> Option<&TaskConfig> {
    form.task().config()
}

/// Changes `task_config` (made an empty object when absent) through the form, with the screen's
/// own state at hand; `None` when `task_config` is not an object.
fn edit_config<R>(
    form: &mut Form,
    source: &mut SourceState,
    change: impl FnOnce(&mut TaskConfig, &mut SourceState) -> Option<R>,
) -> Option<R> {
    form.edit(|task| {
        let map = task
            .task_config
            .get_or_insert_with(|| Typed::Valid(Map::new()))
            .valid_mut()?;
        change(map, source)
    })
}

pub fn row_count(form: &Form) -> usize {
    task_config(form).map_or(0, Map::len)
}

pub fn row(form: &Form, i: usize) -> Option<(&String, &Value)> {
    task_config(form)?.iter().nth(i)
}

/// Text of a scalar as edited; arrays and objects as compact JSON, bounded for display.
pub fn item_text(v: &Value) -> String {
    match v {
        Value::String(t) => t.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The value column of a row, bounded: an array shows its count and first items.
pub fn value_summary(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            let first: Vec<String> = items.iter().take(3).map(item_text).collect();
            let more = if items.len() > 3 { ", …" } else { "" };
            format!(
                "[{}] {}{more}",
                crate::app::words::count(items.len(), "item"),
                first.join(", ")
            )
        }
        other => item_text(other),
    }
}

/// Parses typed text as the kind the value had; text that does not fit is kept as a string.
fn typed_value(old: &Value, text: &str) -> (Value, Option<String>) {
    let parsed = |t: &str| serde_json::from_str::<Value>(t).ok();
    match old {
        Value::String(_) => (Value::String(text.into()), None),
        Value::Number(_) => match parsed(text) {
            Some(n @ Value::Number(_)) => (n, None),
            _ => (
                Value::String(text.into()),
                Some(format!("\"{text}\" is not a number: kept as text")),
            ),
        },
        Value::Bool(_) => match text.trim() {
            "true" => (Value::Bool(true), None),
            "false" => (Value::Bool(false), None),
            _ => (
                Value::String(text.into()),
                Some("a boolean is true or false: kept as text".into()),
            ),
        },
        Value::Object(_) => match parsed(text) {
            Some(o @ Value::Object(_)) => (o, None),
            _ => (
                Value::String(text.into()),
                Some("not a JSON object: kept as text (Ctrl-R edits raw JSON)".into()),
            ),
        },
        Value::Null if text.is_empty() => (Value::Null, None),
        _ => (Value::String(text.into()), None),
    }
}

fn set_cell(map: &mut TaskConfig, src: &SourceState, text: &str) -> Option<String> {
    let (sel, col, item) = (src.sel, src.col, src.item);
    let key = map.keys().nth(sel)?.clone();
    if col == Col::Key {
        if text != key && map.contains_key(text) {
            return Some(format!("the key \"{text}\" is already used"));
        }
        let (_, v) = map.shift_remove_entry(&key)?;
        map.shift_insert(sel, text.to_string(), v);
        return None;
    }
    let value = map.get_mut(&key)?;
    if let (Value::Array(items), Some(i)) = (&mut *value, item) {
        let slot = items.get_mut(i)?;
        *slot = match slot {
            Value::String(_) => Value::String(text.into()),
            _ => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into())),
        };
        return None;
    }
    let (v, notice) = typed_value(value, text);
    *value = v;
    notice
}

fn next_type(v: &mut Value) {
    let text = item_text(v);
    *v = match v {
        Value::String(_) => serde_json::from_str::<serde_json::Number>(text.trim())
            .map_or(Value::Number(0.into()), Value::Number),
        Value::Number(_) => Value::Bool(text == "1"),
        Value::Bool(_) if text.is_empty() => Value::Array(vec![]),
        Value::Bool(_) => Value::Array(vec![]),
        Value::Array(_) => Value::Object(Map::new()),
        Value::Object(_) => Value::Null,
        Value::Null => Value::String(String::new()),
    };
}
impl SourceState {
    pub fn focused_text(&self, form: &Form) -> String {
        let Some((k, v)) = row(form, self.sel) else {
            return String::new();
        };
        match (self.col, self.item, v) {
            (Col::Key, _, _) => k.clone(),
            (Col::Value, Some(i), Value::Array(items)) => {
                items.get(i).map(item_text).unwrap_or_default()
            }
            (Col::Value, _, Value::Array(_)) => String::new(),
            (Col::Value, _, v) => item_text(v),
        }
    }

    /// Whether the focused cell takes text (an array row's value takes it only item by item).
    pub fn cell_editable(&self, form: &Form) -> bool {
        match row(form, self.sel) {
            Some((_, Value::Array(_))) => self.col == Col::Key || self.item.is_some(),
            Some(_) => true,
            None => false,
        }
    }

    /// Writes the focused cell's new text. Returns a notice when the text did not fit the row's type.
    pub fn set_focused_text(&mut self, form: &mut Form, text: &str) -> Option<String> {
        edit_config(form, self, |map, src| set_cell(map, src, text))
    }

    /// The focused key cell's key, when it is one the catalog knows for the source type.
    pub fn known_key_focused(&self, form: &Form) -> Option<String> {
        if self.col != Col::Key {
            return None;
        }
        let (k, _) = row(form, self.sel)?;
        let source = form.task().text("data_source_type").unwrap_or("");
        crate::task::fields::config_keys(source)
            .any(|(c, _)| c.key == k.as_str())
            .then(|| k.clone())
    }

    /// Rows of the panel under the Source list: most of the body while an array is edited item by
    /// item (the list keeps its header and three rows), else a fixed detail.
    pub fn panel_rows(&self, body_height: u16) -> u16 {
        if self.item.is_some() {
            body_height.saturating_sub(4)
        } else {
            crate::tui::layout::detail_rows(crate::tui::screen::Screen::Source)
        }
    }

    /// Items one page of the array editor shows.
    pub fn item_page(&self, size: (u16, u16)) -> usize {
        let body = crate::tui::layout::areas(size.0, size.1).body;
        usize::from(self.panel_rows(body.height).saturating_sub(2)).max(1)
    }

    /// Moves the item selection to `to` (clamped).
    pub fn select_item(&mut self, form: &mut Form, to: usize) {
        let n = self.item_count(form);
        if n > 0 {
            self.item = Some(to.min(n - 1));
        }
    }

    /// The first item after the selected one (wrapping) whose text holds `needle`, any case.
    pub fn find_item(&self, form: &Form, needle: &str) -> Option<usize> {
        let Some((_, Value::Array(items))) = row(form, self.sel) else {
            return None;
        };
        let needle = needle.to_lowercase();
        let from = self.item.map_or(0, |i| i + 1);
        let n = items.len();
        (0..n)
            .map(|k| (from + k) % n.max(1))
            .find(|&i| item_text(&items[i]).to_lowercase().contains(&needle))
    }

    /// The selected row's value when it is a boolean and its value cell has the focus.
    pub fn focused_bool(&self, form: &Form) -> Option<bool> {
        if self.col != Col::Value || self.item.is_some() {
            return None;
        }
        match row(form, self.sel) {
            Some((_, Value::Bool(b))) => Some(*b),
            _ => None,
        }
    }

    /// Sets the selected row's boolean (the row keeps its type).
    pub fn set_bool(&mut self, form: &mut Form, v: bool) {
        edit_config(form, self, |map, src| {
            let (_, slot) = map.iter_mut().nth(src.sel)?;
            *slot = Value::Bool(v);
            Some(())
        });
    }

    /// Adds an empty string row after the selection, with a fresh key.
    pub fn add_row(&mut self, form: &mut Form) {
        edit_config(form, self, |map, src| {
            let at = (src.sel + 1).min(map.len());
            let key = (1..)
                .map(|n| format!("key{n}"))
                .find(|k| !map.contains_key(k))
                .unwrap_or_default();
            map.shift_insert(at, key, Value::String(String::new()));
            src.sel = at;
            src.col = Col::Key;
            src.item = None;
            Some(())
        });
    }

    pub fn delete_row(&mut self, form: &mut Form) -> Option<String> {
        edit_config(form, self, |map, src| {
            let key = map.keys().nth(src.sel)?.clone();
            map.shift_remove(&key);
            src.sel = src.sel.min(map.len().saturating_sub(1));
            src.item = None;
            Some(key)
        })
    }

    /// Moves the selected row up (`-1`) or down (`+1`), keeping every other key in place.
    pub fn move_row(&mut self, form: &mut Form, up: bool) -> bool {
        edit_config(form, self, |map, src| {
            let sel = src.sel;
            let target = if up {
                sel.checked_sub(1)
            } else {
                Some(sel + 1)
            };
            let target = target.filter(|t| *t < map.len())?;
            let key = map.keys().nth(sel).cloned()?;
            let (k, v) = map.shift_remove_entry(&key)?;
            map.shift_insert(target, k, v);
            src.sel = target;
            Some(())
        })
        .is_some()
    }

    /// Converts the selected row to the next type, keeping what can be kept.
    pub fn cycle_type(&mut self, form: &mut Form) {
        edit_config(form, self, |map, src| {
            src.item = None;
            map.iter_mut().nth(src.sel).map(|(_, v)| next_type(v))
        });
    }

    /// Array items: Enter adds one after the current item, Backspace on an empty one removes it.
    pub fn insert_item(&mut self, form: &mut Form) {
        edit_config(form, self, |map, src| {
            let Some((_, Value::Array(items))) = map.iter_mut().nth(src.sel) else {
                return None;
            };
            let at = src.item.map_or(0, |i| (i + 1).min(items.len()));
            items.insert(at, Value::String(String::new()));
            src.item = Some(at);
            Some(())
        });
    }

    pub fn remove_item(&mut self, form: &mut Form) -> bool {
        if self.item.is_none() {
            return false;
        }
        edit_config(form, self, |map, src| {
            let i = src.item?;
            let Some((_, Value::Array(items))) = map.iter_mut().nth(src.sel) else {
                return None;
            };
            if i >= items.len() {
                return None;
            }
            items.remove(i);
            src.item = if items.is_empty() {
                None
            } else {
                Some(i.saturating_sub(1))
            };
            Some(())
        })
        .is_some()
    }

    pub fn item_count(&self, form: &Form) -> usize {
        match row(form, self.sel) {
            Some((_, Value::Array(items))) => items.len(),
            _ => 0,
        }
    }

    /// Opens the raw JSON editor on the current object.
    pub fn open_raw(&mut self, form: &mut Form) {
        let text = serde_json::to_string_pretty(&task_config(form).cloned().unwrap_or_default())
            .unwrap_or_else(|_| "{}".into());
        let area = TextArea::new(text.lines().map(String::from).collect());
        self.raw = Some(RawEditor { area, error: None });
    }

    /// Parses the raw editor's text into `task_config` (key order kept); records the error otherwise.
    pub fn apply_raw(&mut self, form: &mut Form) -> bool {
        let Some(raw) = self.raw.as_mut() else {
            return false;
        };
        let text = raw.area.lines().join("\n");
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => {
                raw.error = None;
                form.edit(|t| t.task_config = Some(Typed::Valid(map)));
                true
            }
            Ok(other) => {
                raw.error = Some(format!(
                    "task_config must be an object, this is {}",
                    kind_of(&other)
                ));
                false
            }
            Err(e) => {
                raw.error = Some(format!("line {}, column {}: {e}", e.line(), e.column()));
                false
            }
        }
    }
}

// The tests read these through the whole state.
#[cfg(test)]
pub fn config(s: &crate::tui::state::AppState) -> Option<&TaskConfig> {
    task_config(&s.form)
}

#[cfg(test)]
pub fn item_page(s: &crate::tui::state::AppState) -> usize {
    s.source.item_page(s.size)
}

#[cfg(test)]
mod summary_tests {
    #[test]
    fn an_array_cell_counts_its_items_in_words() {
        let one = super::value_summary(&serde_json::json!(["a"]));
        assert!(one.starts_with("[1 item] "), "{one}");
        let four = super::value_summary(&serde_json::json!([1, 2, 3, 4]));
        assert!(
            four.starts_with("[4 items] ") && four.ends_with(", …"),
            "{four}"
        );
    }
}
