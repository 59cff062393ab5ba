//! A picker modal as a self-contained component: a list of items, a filter typed as you go
//! (substring, case-insensitive, with the match count), cursor keys, multi-select, and the loading and
//! error states of the listing behind it. State, keys and rendering into a `Rect`; pure, no IO. It
//! keeps one vector of matching indices and lowercase copies made once per load, so a keystroke
//! allocates nothing per item.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::Report;
use crate::app::visible::escape_controls;
use crate::tui::view::style::fit;
use ratatui::Frame;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Where the listing behind the picker is.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Loading { spin: usize },
    Failed(Report),
    Loaded,
}

/// What a key did, for the owner to act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing for the owner (the picker changed itself, or the key meant nothing).
    Stay,
    /// Enter: the chosen items' indices, in item order (the highlighted one when none is marked).
    Accept(Vec<usize>),
    /// Esc: close and change nothing (a listing in flight should be abandoned).
    Cancel,
    /// F5: list again, bypassing the cache.
    Refresh,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Picker {
    pub title: String,
    pub multi: bool,
    pub status: Status,
    items: Vec<String>,
    lower: Vec<String>,
    picked: Vec<bool>,
    picked_count: usize,
    matches: Vec<u32>,
    filter: String,
    cursor: usize,
    /// Rows PgUp/PgDn move (the owner sets it from the screen height).
    pub page: usize,
}

/// Case-insensitive substring test against an already lowercase haystack.
fn hit(lower: &str, needle: &str) -> bool {
    needle.is_empty() || lower.contains(needle)
}

impl Picker {
    /// A picker waiting for its items.
    pub fn loading(title: impl Into<String>, multi: bool) -> Picker {
        Picker {
            title: title.into(),
            multi,
            status: Status::Loading { spin: 0 },
            items: Vec::new(),
            lower: Vec::new(),
            picked: Vec::new(),
            picked_count: 0,
            matches: Vec::new(),
            filter: String::new(),
            cursor: 0,
            page: 10,
        }
    }

    /// The items arrived (the filter typed meanwhile is kept).
    pub fn set_items(&mut self, items: Vec<String>) {
        self.lower = items.iter().map(|i| i.to_lowercase()).collect();
        self.picked = vec![false; items.len()];
        self.picked_count = 0;
        self.items = items;
        self.status = Status::Loaded;
        self.refilter();
    }

    pub fn set_error(&mut self, report: Report) {
        self.status = Status::Failed(report);
    }

    pub fn tick(&mut self) {
        if let Status::Loading { spin } = &mut self.status {
            *spin = (*spin + 1) % SPINNER.len();
        }
    }

    pub fn items(&self) -> &[String] {
        &self.items
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn match_count(&self) -> usize {
        self.matches.len()
    }

    pub fn picked_count(&self) -> usize {
        self.picked_count
    }

    /// The item under the cursor.
    pub fn highlighted(&self) -> Option<usize> {
        self.matches.get(self.cursor).map(|&i| i as usize)
    }

    fn needle(&self) -> String {
        self.filter.to_lowercase()
    }

    /// Every item against the filter (after a deletion widened it).
    fn refilter(&mut self) {
        let needle = self.needle();
        self.matches.clear();
        self.matches.extend(
            self.lower
                .iter()
                .enumerate()
                .filter(|(_, l)| hit(l, &needle))
                .map(|(i, _)| i as u32),
        );
        self.cursor = self.cursor.min(self.matches.len().saturating_sub(1));
    }

    /// Only the current matches (the filter grew, so it can only narrow).
    fn narrow(&mut self) {
        let needle = self.needle();
        let lower = &self.lower;
        self.matches
            .retain(|&i| lower.get(i as usize).is_some_and(|l| hit(l, &needle)));
        self.cursor = 0;
    }

    fn toggle(&mut self, i: usize) {
        if let Some(p) = self.picked.get_mut(i) {
            *p = !*p;
            if *p {
                self.picked_count += 1;
            } else {
                self.picked_count -= 1;
            }
        }
    }

    fn chosen(&self) -> Vec<usize> {
        if self.multi && self.picked_count > 0 {
            return (0..self.items.len()).filter(|&i| self.picked[i]).collect();
        }
        self.highlighted().into_iter().collect()
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.matches.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    pub fn key(&mut self, k: &KeyEvent) -> Outcome {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::F(5) => return Outcome::Refresh,
            _ if self.status != Status::Loaded => {}
            KeyCode::Enter => {
                let chosen = self.chosen();
                if !chosen.is_empty() {
                    return Outcome::Accept(chosen);
                }
            }
            KeyCode::Up => self.move_by(-1),
            KeyCode::Down => self.move_by(1),
            KeyCode::PageUp => self.move_by(-(self.page.max(1) as isize)),
            KeyCode::PageDown => self.move_by(self.page.max(1) as isize),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.matches.len().saturating_sub(1),
            KeyCode::Char('a') if ctrl && self.multi => {
                for m in 0..self.matches.len() {
                    let i = self.matches[m] as usize;
                    if !self.picked[i] {
                        self.toggle(i);
                    }
                }
            }
            KeyCode::Char('a') if ctrl => {}
            KeyCode::Char(' ') if self.multi => {
                if let Some(i) = self.highlighted() {
                    self.toggle(i);
                }
            }
            KeyCode::Backspace if self.filter.pop().is_some() => self.refilter(),
            KeyCode::Char('u') if ctrl => {
                self.filter.clear();
                self.refilter();
            }
            KeyCode::Char(c) if !ctrl => {
                self.filter.push(c);
                self.narrow();
            }
            _ => {}
        }
        Outcome::Stay
    }

    /// Pasted text joins the filter (line breaks as spaces).
    pub fn paste(&mut self, text: &str) {
        if self.status == Status::Loaded {
            self.filter
                .push_str(&crate::tui::state::edit::single_line(text));
            self.narrow();
        }
    }

    /// The modal box for a screen of `area`: centred, at most 90x30.
    pub fn area(area: Rect) -> Rect {
        let w = area.width.saturating_sub(4).min(90);
        let h = area.height.saturating_sub(4).min(30);
        Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        )
    }

    pub fn render(&self, f: &mut Frame, area: Rect) {
        f.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", self.title));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let dim = Style::default().add_modifier(Modifier::DIM);
        let lines: Vec<Line> = match &self.status {
            Status::Loading { spin } => vec![
                Line::from(format!("{} loading…", SPINNER[*spin % SPINNER.len()])),
                Line::styled("Esc cancels", dim),
            ],
            Status::Failed(r) => {
                let mut v = vec![Line::from(format!("✖ {}", escape_controls(&r.message)))];
                if let Some(c) = &r.code {
                    v.push(Line::from(format!("code: {}", escape_controls(c))));
                }
                if let Some(h) = &r.hint {
                    v.push(Line::from(format!("hint: {h}")));
                }
                v.push(Line::from(format!(
                    "request id: {}",
                    escape_controls(r.request_id.as_deref().unwrap_or("(none)"))
                )));
                v.push(Line::styled("F5 tries again · Esc closes", dim));
                v
            }
            Status::Loaded => self.list_lines(
                inner.height.saturating_sub(2) as usize,
                usize::from(inner.width),
                dim,
            ),
        };
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }

    /// The filter line and the visible rows, each item cut to `width` columns (escaped by `fit`).
    fn list_lines(&self, rows: usize, width: usize, dim: Style) -> Vec<Line<'_>> {
        let mut head = format!(
            "filter: {}▏  {} of {} match",
            self.filter,
            self.matches.len(),
            self.items.len()
        );
        if self.multi {
            head.push_str(&format!(" · {} selected", self.picked_count));
        }
        let mut out = vec![Line::from(head)];
        let top = if self.cursor < rows {
            0
        } else {
            self.cursor + 1 - rows
        };
        let end = (top + rows).min(self.matches.len());
        for (row, &i) in self.matches[top.min(end)..end].iter().enumerate() {
            let i = i as usize;
            let mark = match (self.multi, self.picked[i]) {
                (false, _) => "",
                (true, true) => "[x] ",
                (true, false) => "[ ] ",
            };
            let style = if top + row == self.cursor {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            out.push(Line::from(Span::styled(
                fit(&format!("{mark}{}", self.items[i]), width),
                style,
            )));
        }
        for _ in end - top.min(end)..rows {
            out.push(Line::from(""));
        }
        out.push(Line::styled(self.keys_line(width), dim));
        out
    }

    /// The picker's keys, whole hints only, as many as `width` holds (the first matter most).
    fn keys_line(&self, width: usize) -> String {
        let hints: &[&str] = if self.multi {
            &[
                "type to filter",
                "Space toggle",
                "Enter accept",
                "Esc cancel",
                "Ctrl-A all",
                "Ctrl-U clear filter",
                "F5 refresh",
            ]
        } else {
            &[
                "type to filter",
                "↑↓ move",
                "Enter choose",
                "Esc cancel",
                "Ctrl-U clear filter",
                "F5 refresh",
            ]
        };
        let mut line = String::new();
        for hint in hints {
            let next = if line.is_empty() {
                (*hint).to_string()
            } else {
                format!("{line} · {hint}")
            };
            if crate::tui::view::style::width(&next) > width {
                break;
            }
            line = next;
        }
        line
    }
}

/// Appends `new` to `old`, keeping `old`'s order and dropping duplicates.
pub fn merge(old: &[String], new: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = old.to_vec();
    let mut seen: std::collections::HashSet<String> = old.iter().cloned().collect();
    for n in new {
        if seen.insert(n.clone()) {
            out.push(n);
        }
    }
    out
}

#[cfg(test)]
#[path = "picker_tests.rs"]
mod tests;
