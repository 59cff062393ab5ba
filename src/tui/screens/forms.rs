//! The part of `update` that edits on the Source and Metadata screens: text keys and paste into the
//! focused cell, moving the focus, row operations and the raw JSON editor; F8 and scrolling on every
//! form. (The Task and Schedule forms are a `Tab`: `screens/task/keys.rs`.) Pure, like `update`.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui_textarea::Input;

use crate::task::templates;
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::modal::PromptFor;
use crate::tui::modal::{Confirm, Modal, Yes};
use crate::tui::msg::Effect;
use crate::tui::state::source::{self, Col};
use crate::tui::state::{AppState, Screen, edit};

/// A key that no binding claimed: Enter, Backspace on an empty array item, or text.
pub fn key(s: &mut AppState, k: &KeyEvent) {
    if k.code == KeyCode::Enter {
        enter(s);
        return;
    }
    if s.screen == Screen::Source
        && k.code == KeyCode::Backspace
        && s.source.item.is_some()
        && s.source.focused_text(&s.form).is_empty()
    {
        if s.source.remove_item(&mut s.form) {
            s.cursor_to_end();
        }
        return;
    }
    if s.screen == Screen::Source && s.source.item.is_some() && item_key(s, k) {
        return;
    }
    if s.screen == Screen::Source
        && let Some(now) = s.source.focused_bool(&s.form)
    {
        boolean_key(s, now, k);
        return;
    }
    let text = s.focused_text();
    let Some((new, cursor)) = edit::apply_key(&text, s.cursor, k) else {
        return;
    };
    s.cursor = cursor;
    if new != text {
        write_focused(s, &new);
    }
}

/// The array editor's own keys: a page of items, the first and last, and `/` to find one.
fn item_key(s: &mut AppState, k: &KeyEvent) -> bool {
    let at = s.source.item.unwrap_or(0);
    let page = s.source.item_page(s.size);
    match k.code {
        KeyCode::PageDown => s.source.select_item(&mut s.form, at + page),
        KeyCode::PageUp => s.source.select_item(&mut s.form, at.saturating_sub(page)),
        KeyCode::Home => s.source.select_item(&mut s.form, 0),
        KeyCode::End => s.source.select_item(&mut s.form, usize::MAX),
        KeyCode::Char('/') if k.modifiers.is_empty() => {
            s.modals
                .push(crate::tui::modal::Prompt::modal(PromptFor::FindItem, ""));
            return true;
        }
        _ => return false,
    }
    s.cursor_to_end();
    true
}

/// Enter on the find prompt: the next item holding the text.
pub fn find_item(s: &mut AppState, needle: &str) {
    match s.source.find_item(&s.form, needle) {
        Some(i) => {
            s.source.item = Some(i);
            s.cursor_to_end();
            s.notify(format!("item {} holds {needle:?}", i + 1));
        }
        None => s.warn(format!("no item holds {needle:?}")),
    }
}

/// A boolean value cell is not text: Space toggles it, t/f (or y/n, 1/0) set it, and typing
/// `true`/`false` keeps it a boolean.
fn boolean_key(s: &mut AppState, now: bool, k: &KeyEvent) {
    let to = match k.code {
        KeyCode::Char(' ') => Some(!now),
        KeyCode::Char('t' | 'T' | 'y' | 'Y' | '1') => Some(true),
        KeyCode::Char('f' | 'F' | 'n' | 'N' | '0') => Some(false),
        KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete => None,
        _ => return,
    };
    match to {
        Some(v) => {
            s.source.set_bool(&mut s.form, v);
            if let Some((k, _)) = source::row(&s.form, s.source.sel) {
                let path = format!("task_config.{k}");
                s.form.touched.insert(path);
            }
            s.cursor_to_end();
        }
        None => s.notify("a boolean: Space toggles it, t or f sets it (Ctrl-T changes the type)"),
    }
}

fn enter(s: &mut AppState) {
    match s.screen {
        Screen::Source
            if s.source.col == Col::Value
                && matches!(
                    source::row(&s.form, s.source.sel),
                    Some((_, serde_json::Value::Array(_)))
                ) =>
        {
            if s.source.item.is_none() && s.source.item_count(&s.form) > 0 {
                s.source.item = Some(0);
            } else {
                s.source.insert_item(&mut s.form);
            }
            s.cursor_to_end();
        }
        Screen::Source => move_focus(s, true, true),
        _ => {}
    }
}

/// Writes new text into the focused Source cell, marks it touched and revalidates.
fn write_focused(s: &mut AppState, text: &str) {
    if s.screen != Screen::Source {
        return;
    }
    if source::row_count(&s.form) == 0 {
        s.source.add_row(&mut s.form);
    }
    if !s.source.cell_editable(&s.form) {
        s.notify("an array is edited item by item: press Enter");
        return;
    }
    if let Some(key) = s.source.known_key_focused(&s.form) {
        // A known key is not renamed by a stray keystroke in its cell.
        s.notify(format!(
            "{key} is a known key: its value is in the next cell (Tab); to rename it, use raw JSON (Ctrl-R)"
        ));
        return;
    }
    if let Some((k, _)) = source::row(&s.form, s.source.sel) {
        let path = format!("task_config.{k}");
        s.form.touched.insert(path);
    }
    if let Some(n) = s.source.set_focused_text(&mut s.form, text) {
        s.warn(n);
    }
}

/// Paste on Source and Metadata: into the focused cell, line breaks turned into spaces (an array
/// takes one item per line). The Task and Schedule forms take their own (`FieldForm`).
pub fn paste(s: &mut AppState, text: &str) {
    if s.screen == Screen::Source && s.source.raw.is_some() {
        if let Some(raw) = s.source.raw.as_mut() {
            raw.area.insert_str(text);
        }
        s.source.apply_raw(&mut s.form);
        return;
    }
    let items = s.screen == Screen::Source && s.source.item.is_some();
    // `update` has already turned CR and CRLF into `\n`.
    let mut lines = text.trim_end_matches('\n').split('\n');
    let first = if items {
        lines.next().unwrap_or("").to_string()
    } else {
        edit::single_line(text)
    };
    let current = s.focused_text();
    let (new, cursor) = edit::insert(&current, s.cursor, &first);
    s.cursor = cursor;
    write_focused(s, &new);
    if items {
        for line in lines {
            s.source.insert_item(&mut s.form);
            let _ = s.source.set_focused_text(&mut s.form, line);
        }
        s.cursor_to_end();
    }
}

/// Tab, Shift-Tab and the arrows; `tab` distinguishes Tab (cells) from the arrows (rows, items).
pub fn move_focus(s: &mut AppState, forward: bool, tab: bool) {
    let step = |i: usize, n: usize| layout::step(i, n, forward, tab);
    match s.screen {
        Screen::Task | Screen::Schedule => {
            s.with_fields(s.screen, |ff, sh| ff.move_focus(sh, forward, tab));
            return;
        }
        Screen::Source => move_source(s, tab, step),
        Screen::Metadata => {
            s.with_metadata(|m, sh| m.move_focus(sh, forward, tab));
            return;
        }
        Screen::Review | Screen::Response => scroll(s, forward),
        Screen::Profiles => s.profiles.sel = step(s.profiles.sel, s.profiles.list.len()),
        // The History and Tasks tables move in their `Tab::act`.
        Screen::History | Screen::Tasks => {}
    }
    s.cursor_to_end();
}

fn move_source(s: &mut AppState, tab: bool, step: impl Fn(usize, usize) -> usize) {
    let rows = source::row_count(&s.form);
    if let (Some(i), false) = (s.source.item, tab) {
        s.source.item = Some(step(i, s.source.item_count(&s.form)));
        return;
    }
    s.source.item = None;
    if !tab {
        s.source.sel = step(s.source.sel, rows);
        return;
    }
    let flat = step(
        s.source.sel * 2 + usize::from(s.source.col == Col::Value),
        rows.max(1) * 2,
    );
    s.source.sel = flat / 2;
    s.source.col = if flat % 2 == 1 { Col::Value } else { Col::Key };
}

pub fn scroll(s: &mut AppState, down: bool) {
    let by = |v: usize| if down { v + 3 } else { v.saturating_sub(3) };
    match s.screen {
        Screen::Review => _ = s.with_review(|r, sh| r.scroll(sh, if down { 3 } else { -3 })),
        Screen::Response => {
            if let Some(r) = s.response.as_mut() {
                r.scroll = by(r.scroll);
            }
        }
        Screen::History => s.history.detail_scroll = by(s.history.detail_scroll),
        _ => move_focus(s, down, false),
    }
}

/// A click in the body focuses the row under it.
pub fn click(s: &mut AppState, row: u16, body: Rect) {
    let rows = if s.screen == Screen::Source {
        s.source.panel_rows(body.height)
    } else {
        layout::detail_rows(s.screen)
    };
    let (list, _) = layout::form_split(body, rows);
    let top = list.y + layout::list_header(s.screen);
    if row < top || row >= list.y + list.height {
        return;
    }
    let visible = usize::from(list.height - layout::list_header(s.screen));
    let at = |focus: usize| layout::list_offset(focus, visible) + usize::from(row - top);
    if s.screen == Screen::Source {
        let i = at(s.source.sel);
        if i < source::row_count(&s.form) {
            // A click on the selected boolean row toggles it.
            if i == s.source.sel
                && s.source.item.is_none()
                && let Some((_, serde_json::Value::Bool(b))) = source::row(&s.form, i)
            {
                let to = !*b;
                s.source.col = Col::Value;
                s.source.set_bool(&mut s.form, to);
            }
            s.source.sel = i;
            s.source.item = None;
        }
    }
    s.cursor_to_end();
}

/// Space, F4 and F8 on the forms the Task and Schedule `FieldForm` left: F8 loads the template on
/// every form, F4 has no choices here, Space is text.
pub fn form_action(s: &mut AppState, a: Action, k: &KeyEvent) -> Vec<Effect> {
    match a {
        Action::ApplyTemplate => return apply_template(s),
        Action::NextChoice => {}
        _ => key(s, k),
    }
    Vec::new()
}

fn apply_template(s: &mut AppState) -> Vec<Effect> {
    let code = s
        .task_form
        .template_offer
        .clone()
        .or_else(|| s.task().text("data_source_type").map(str::to_string))
        .unwrap_or_default();
    if templates::template(&code).is_none() {
        s.warn(format!("no template for \"{code}\""));
        return Vec::new();
    }
    crate::tui::state::replace::offer(s, crate::tui::replacement::Replacement::Template(code))
}

/// Add, delete and reorder rows on the Source screen (Metadata's are its `Tab`'s).
pub fn row_action(s: &mut AppState, a: Action) -> Vec<Effect> {
    match (s.screen, a) {
        (Screen::Source, Action::AddRow) => s.source.add_row(&mut s.form),
        (Screen::Source, Action::DeleteRow) => return ask_delete_source_row(s),
        (Screen::Source, Action::MoveRowUp) => _ = s.source.move_row(&mut s.form, true),
        (Screen::Source, Action::MoveRowDown) => _ = s.source.move_row(&mut s.form, false),
        _ => return Vec::new(),
    }
    s.cursor_to_end();
    Vec::new()
}

/// Arrays and objects with more entries than this ask before Ctrl-D deletes their row.
const ASK_ABOVE: usize = 3;

/// Ctrl-D on a Source row: a large array or object asks first; anything else goes at once.
fn ask_delete_source_row(s: &mut AppState) -> Vec<Effect> {
    let Some((key, v)) = source::row(&s.form, s.source.sel) else {
        return Vec::new();
    };
    let n = match v {
        serde_json::Value::Array(a) => a.len(),
        serde_json::Value::Object(o) => o.len(),
        _ => 0,
    };
    let key = key.clone();
    if n <= ASK_ABOVE {
        delete_source_row(s, &key);
        return Vec::new();
    }
    let items = if n == 1 { "item" } else { "items" };
    let text = format!("Delete the row {key} ({n} {items})? (y/n)\n\ny: delete   n / Esc: keep it");
    s.modals.push(Modal::Confirm(
        Confirm::new(" Delete the row? ", text, Yes::DeleteSourceRow(key)).no_says("kept the row"),
    ));
    Vec::new()
}

/// Deletes the Source row with this key.
pub fn delete_source_row(s: &mut AppState, key: &str) {
    let Some(at) = source::task_config(&s.form).and_then(|m| m.keys().position(|k| k == key))
    else {
        return;
    };
    s.source.sel = at;
    if let Some(k) = s.source.delete_row(&mut s.form) {
        s.notify(format!("deleted {k}"));
    }
    s.cursor_to_end();
}

pub fn toggle_raw(s: &mut AppState) {
    if s.source.raw.is_none() {
        s.source.open_raw(&mut s.form);
        return;
    }
    if s.source.apply_raw(&mut s.form) {
        s.source.raw = None;
    } else {
        s.warn("the raw JSON does not parse: fix it first (the error is under the editor)");
    }
}

pub fn raw_key(s: &mut AppState, k: KeyEvent) {
    if k.code == KeyCode::Esc {
        toggle_raw(s);
        return;
    }
    let changed = s
        .source
        .raw
        .as_mut()
        .is_some_and(|r| r.area.input(Input::from(k)));
    if changed {
        s.source.apply_raw(&mut s.form);
    }
}
