//! The Source screen as a `Tab` on `SourceState`: text typed or pasted into the focused cell (an
//! array item by item, a boolean by Space, t and f), Enter into an array, moving, clicks, rows added,
//! deleted (a large one after a y/n), moved and retyped, and the raw JSON editor. Every change goes
//! through the shell's `Form`. Pure, like `update`.

use std::convert::Infallible;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui_textarea::Input;
use serde_json::Value;

use super::{Col, SourceState, row, row_count, task_config};
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::look::Look;
use crate::tui::modal::{Confirm, Prompt, PromptFor, Yes};
use crate::tui::screen::Screen;
use crate::tui::shell::{Shell, Tab};
use crate::tui::state::edit;
use ratatui::Frame;

/// Arrays and objects with more entries than this ask before Ctrl-D deletes their row.
const ASK_ABOVE: usize = 3;

impl SourceState {
    fn cursor_to_end(&self, sh: &mut Shell) {
        *sh.cursor = self.focused_text(sh.form).chars().count();
    }

    /// The array editor's own keys: a page of items, the first and last, and `/` to find one.
    fn item_key(&mut self, sh: &mut Shell, k: &KeyEvent) -> bool {
        let at = self.item.unwrap_or(0);
        let page = self.item_page(sh.size);
        match k.code {
            KeyCode::PageDown => self.select_item(sh.form, at + page),
            KeyCode::PageUp => self.select_item(sh.form, at.saturating_sub(page)),
            KeyCode::Home => self.select_item(sh.form, 0),
            KeyCode::End => self.select_item(sh.form, usize::MAX),
            KeyCode::Char('/') if k.modifiers.is_empty() => {
                sh.open(Prompt::modal(PromptFor::FindItem, ""));
                return true;
            }
            _ => return false,
        }
        self.cursor_to_end(sh);
        true
    }

    /// Enter on the find prompt: the next item holding the text.
    pub fn find(&mut self, sh: &mut Shell, needle: &str) {
        match self.find_item(sh.form, needle) {
            Some(i) => {
                self.item = Some(i);
                self.cursor_to_end(sh);
                sh.notify(format!("item {} holds {needle:?}", i + 1));
            }
            None => sh.warn(format!("no item holds {needle:?}")),
        }
    }

    /// A boolean value cell is not text: Space toggles it, t/f (or y/n, 1/0) set it, and typing
    /// `true`/`false` keeps it a boolean.
    fn boolean_key(&mut self, sh: &mut Shell, now: bool, k: &KeyEvent) {
        let to = match k.code {
            KeyCode::Char(' ') => Some(!now),
            KeyCode::Char('t' | 'T' | 'y' | 'Y' | '1') => Some(true),
            KeyCode::Char('f' | 'F' | 'n' | 'N' | '0') => Some(false),
            KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete => None,
            _ => return,
        };
        match to {
            Some(v) => {
                self.set_bool(sh.form, v);
                self.touch(sh);
                self.cursor_to_end(sh);
            }
            None => {
                sh.notify("a boolean: Space toggles it, t or f sets it (Ctrl-T changes the type)")
            }
        }
    }

    /// Marks the selected row's key touched.
    fn touch(&self, sh: &mut Shell) {
        if let Some((k, _)) = row(sh.form, self.sel) {
            let path = format!("task_config.{k}");
            sh.form.touched.insert(path);
        }
    }

    fn enter(&mut self, sh: &mut Shell) {
        let on_array =
            self.col == Col::Value && matches!(row(sh.form, self.sel), Some((_, Value::Array(_))));
        if !on_array {
            self.move_focus(sh, true, true);
            return;
        }
        if self.item.is_none() && self.item_count(sh.form) > 0 {
            self.item = Some(0);
        } else {
            self.insert_item(sh.form);
        }
        self.cursor_to_end(sh);
    }

    /// Writes new text into the focused cell, marks it touched and revalidates.
    fn write(&mut self, sh: &mut Shell, text: &str) {
        if row_count(sh.form) == 0 {
            self.add_row(sh.form);
        }
        if !self.cell_editable(sh.form) {
            sh.notify("an array is edited item by item: press Enter");
            return;
        }
        if let Some(key) = self.known_key_focused(sh.form) {
            // A known key is not renamed by a stray keystroke in its cell.
            sh.notify(format!(
                "{key} is a known key: its value is in the next cell (Tab); to rename it, use raw JSON (Ctrl-R)"
            ));
            return;
        }
        self.touch(sh);
        if let Some(n) = self.set_focused_text(sh.form, text) {
            sh.warn(n);
        }
    }

    /// Tab, Shift-Tab and the arrows; `tab` distinguishes Tab (cells) from the arrows (rows, items).
    pub fn move_focus(&mut self, sh: &mut Shell, forward: bool, tab: bool) {
        let step = |i: usize, n: usize| layout::step(i, n, forward, tab);
        let rows = row_count(sh.form);
        if let (Some(i), false) = (self.item, tab) {
            self.item = Some(step(i, self.item_count(sh.form)));
        } else if !tab {
            self.item = None;
            self.sel = step(self.sel, rows);
        } else {
            self.item = None;
            let flat = step(
                self.sel * 2 + usize::from(self.col == Col::Value),
                rows.max(1) * 2,
            );
            self.sel = flat / 2;
            self.col = if flat % 2 == 1 { Col::Value } else { Col::Key };
        }
        self.cursor_to_end(sh);
    }

    /// Ctrl-D on a row: a large array or object asks first; anything else goes at once.
    fn ask_delete_row(&mut self, sh: &mut Shell) {
        let Some((key, v)) = row(sh.form, self.sel) else {
            return;
        };
        let n = match v {
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            _ => 0,
        };
        let key = key.clone();
        if n <= ASK_ABOVE {
            self.delete_row_named(sh, &key);
            return;
        }
        let items = if n == 1 { "item" } else { "items" };
        let text =
            format!("Delete the row {key} ({n} {items})? (y/n)\n\ny: delete   n / Esc: keep it");
        sh.ask(
            Confirm::new(" Delete the row? ", text, Yes::DeleteSourceRow(key))
                .no_says("kept the row"),
        );
    }

    /// Deletes the row with this key.
    pub fn delete_row_named(&mut self, sh: &mut Shell, key: &str) {
        let Some(at) = task_config(sh.form).and_then(|m| m.keys().position(|k| k == key)) else {
            return;
        };
        self.sel = at;
        if let Some(k) = self.delete_row(sh.form) {
            sh.notify(format!("deleted {k}"));
        }
        self.cursor_to_end(sh);
    }

    /// Ctrl-R: opens the raw JSON editor, or closes it when its text parses.
    pub fn toggle_raw(&mut self, sh: &mut Shell) {
        if self.raw.is_none() {
            self.open_raw(sh.form);
            return;
        }
        if self.apply_raw(sh.form) {
            self.raw = None;
        } else {
            sh.warn("the raw JSON does not parse: fix it first (the error is under the editor)");
        }
    }

    /// A key in the raw JSON editor (Esc closes it when the text parses).
    pub fn raw_key(&mut self, sh: &mut Shell, k: KeyEvent) {
        if k.code == KeyCode::Esc {
            self.toggle_raw(sh);
            return;
        }
        let changed = self
            .raw
            .as_mut()
            .is_some_and(|r| r.area.input(Input::from(k)));
        if changed {
            self.apply_raw(sh.form);
        }
    }
}

impl Tab for SourceState {
    type Msg = Infallible;

    fn act(&mut self, sh: &mut Shell, a: Action, k: &KeyEvent) -> bool {
        match a {
            Action::NextField => self.move_focus(sh, true, k.code == KeyCode::Tab),
            Action::PrevField => self.move_focus(sh, false, k.code == KeyCode::BackTab),
            Action::AddRow => {
                self.add_row(sh.form);
                self.cursor_to_end(sh);
            }
            Action::DeleteRow => self.ask_delete_row(sh),
            Action::MoveRowUp | Action::MoveRowDown => {
                self.move_row(sh.form, a == Action::MoveRowUp);
                self.cursor_to_end(sh);
            }
            Action::CycleType => self.cycle_type(sh.form),
            Action::RawJson => self.toggle_raw(sh),
            _ => return false,
        }
        true
    }

    /// A key no binding claimed: Enter, Backspace on an empty array item, or text.
    fn key(&mut self, sh: &mut Shell, k: &KeyEvent) {
        if k.code == KeyCode::Enter {
            self.enter(sh);
            return;
        }
        if k.code == KeyCode::Backspace
            && self.item.is_some()
            && self.focused_text(sh.form).is_empty()
        {
            if self.remove_item(sh.form) {
                self.cursor_to_end(sh);
            }
            return;
        }
        if self.item.is_some() && self.item_key(sh, k) {
            return;
        }
        if let Some(now) = self.focused_bool(sh.form) {
            self.boolean_key(sh, now, k);
            return;
        }
        let text = self.focused_text(sh.form);
        if let Some(new) = sh.typed(&text, k) {
            self.write(sh, &new);
        }
    }

    /// Into the raw editor, else the focused cell, line breaks turned into spaces (an array takes
    /// one item per line).
    fn paste(&mut self, sh: &mut Shell, text: &str) -> bool {
        if let Some(raw) = self.raw.as_mut() {
            raw.area.insert_str(text);
            self.apply_raw(sh.form);
            return true;
        }
        let items = self.item.is_some();
        // `update` has already turned CR and CRLF into `\n`.
        let mut lines = text.trim_end_matches('\n').split('\n');
        let first = if items {
            lines.next().unwrap_or("").to_string()
        } else {
            edit::single_line(text)
        };
        let current = self.focused_text(sh.form);
        let new = sh.inserted(&current, &first);
        self.write(sh, &new);
        if items {
            for line in lines {
                self.insert_item(sh.form);
                let _ = self.set_focused_text(sh.form, line);
            }
            self.cursor_to_end(sh);
        }
        true
    }

    fn text_focused(&self) -> bool {
        true
    }

    /// A click focuses the row under it; a click on the selected boolean row toggles it.
    fn click(&mut self, sh: &mut Shell, row_at: u16, body: Rect) {
        let (list, _) = layout::form_split(body, self.panel_rows(body.height));
        let top = list.y + layout::list_header(Screen::Source);
        if row_at < top || row_at >= list.y + list.height {
            return;
        }
        let visible = usize::from(list.height - layout::list_header(Screen::Source));
        let i = layout::list_offset(self.sel, visible) + usize::from(row_at - top);
        if i < row_count(sh.form) {
            if i == self.sel
                && self.item.is_none()
                && let Some((_, Value::Bool(b))) = row(sh.form, i)
            {
                let to = !*b;
                self.col = Col::Value;
                self.set_bool(sh.form, to);
            }
            self.sel = i;
            self.item = None;
        }
        self.cursor_to_end(sh);
    }

    fn reply(&mut self, _sh: &mut Shell, m: Infallible) {
        match m {}
    }

    fn render(&self, look: Look<'_>, f: &mut Frame, area: Rect) {
        super::view::render(self, look, f, area);
    }
}
