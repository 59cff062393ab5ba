//! The Task and the Schedule form as one `Tab`, `FieldForm`: a list of catalog fields with its own
//! focus. Text typed or pasted into the focused field, Enter, Space on a toggle, F4 through the
//! field's choices, moving and clicking. Every change to the task goes through the shell's `Form`.
//! Pure, like `update`.

use std::convert::Infallible;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::{FieldForm, field_text, next_choice, set_field_text};
use crate::task::fields::{Field, Kind, source_type};
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::shell::{Look, Shell, Tab};
use crate::tui::state::edit;
use ratatui::Frame;

impl FieldForm {
    /// The focused field's text.
    pub fn focused_text(&self, sh: &Shell) -> String {
        self.focused()
            .map(|f| field_text(sh.form.task(), f.path))
            .unwrap_or_default()
    }

    fn cursor_to_end(&self, sh: &mut Shell) {
        *sh.cursor = self.focused_text(sh).chars().count();
    }

    /// Moves the focus; `wrap`: Tab and Shift-Tab go round, the arrows stop at the ends.
    pub fn move_focus(&mut self, sh: &mut Shell, forward: bool, wrap: bool) {
        self.focus = layout::step(self.focus, self.fields().len(), forward, wrap);
        self.cursor_to_end(sh);
    }

    /// Writes new text into the focused field and marks it touched; the form revalidates.
    fn write(&mut self, sh: &mut Shell, text: &str) {
        let Some(f) = self.focused() else {
            return;
        };
        sh.form.edit_field(f.path, |t| set_field_text(t, f, text));
        sh.form.touched.insert(f.path.to_string());
        if f.path == "data_source_type" {
            self.template_offer = source_type(text.trim()).map(|t| t.code.to_string());
            if let Some(code) = &self.template_offer {
                sh.notify(format!(
                    "F8 loads the {code} template's task_config and schedule (your name and ids are kept)"
                ));
            }
        }
    }

    fn toggle(&mut self, sh: &mut Shell) {
        let Some(f) = self.focused() else {
            return;
        };
        let on = sh.form.task().slot(f.path) == crate::task::Slot::Int(1);
        sh.form
            .edit(|t| set_field_text(t, f, if on { "0" } else { "1" }));
        sh.form.touched.insert(f.path.to_string());
    }

    /// The choices F4 cycles through for a field; the interval offers the cron's suggestion.
    fn choices(&self, field: &Field) -> Vec<String> {
        if field.path == "schedule_config.interval" {
            return self.suggestion.iter().cloned().collect();
        }
        field.choices.iter().map(|c| c.to_string()).collect()
    }

    fn is_toggle(&self) -> bool {
        self.focused().is_some_and(|f| f.kind == Kind::Toggle)
    }
}

impl Tab for FieldForm {
    type Msg = Infallible;

    fn act(&mut self, sh: &mut Shell, a: Action, k: &KeyEvent) -> bool {
        match a {
            Action::NextField => self.move_focus(sh, true, k.code == KeyCode::Tab),
            Action::PrevField => self.move_focus(sh, false, k.code == KeyCode::BackTab),
            Action::Toggle if self.is_toggle() => self.toggle(sh),
            // Space on a text field is text.
            Action::Toggle => self.key(sh, k),
            Action::NextChoice => {
                let Some(f) = self.focused() else {
                    return true;
                };
                let choices = self.choices(f);
                if let Some(next) = next_choice(&field_text(sh.form.task(), f.path), &choices) {
                    self.write(sh, &next);
                    self.cursor_to_end(sh);
                }
            }
            _ => return false,
        }
        true
    }

    fn key(&mut self, sh: &mut Shell, k: &KeyEvent) {
        if k.code == KeyCode::Enter {
            if self.is_toggle() {
                self.toggle(sh);
            } else {
                self.move_focus(sh, true, true);
            }
            return;
        }
        let text = self.focused_text(sh);
        if let Some(new) = sh.typed(&text, k) {
            self.write(sh, &new);
        }
    }

    /// Into the focused field, line breaks turned into spaces unless the field is multiline.
    fn paste(&mut self, sh: &mut Shell, text: &str) -> bool {
        let multiline = self.focused().is_some_and(|f| f.kind == Kind::Multiline);
        let first = if multiline {
            text.to_string()
        } else {
            edit::single_line(text)
        };
        let current = self.focused_text(sh);
        let new = sh.inserted(&current, &first);
        self.write(sh, &new);
        true
    }

    fn text_focused(&self) -> bool {
        self.focused().is_some_and(|f| f.kind != Kind::Toggle)
    }

    fn click(&mut self, sh: &mut Shell, row: u16, body: Rect) {
        let Some(i) = layout::clicked_row(self.screen, body, self.focus, row) else {
            return;
        };
        if i < self.fields().len() {
            self.focus = i;
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

#[cfg(test)]
#[path = "field_form_tests.rs"]
mod tests;
