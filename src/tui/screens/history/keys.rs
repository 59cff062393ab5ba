//! The History tab as a `Tab` on `HistoryState`: moving through the table, the incremental filter,
//! the detail pane, open as a new draft and resend (root requests, resend after a confirmation),
//! copy, export and delete, the store's replies and the pages it needs while shown. Pure, like
//! `update`: effects and requests go through the `Shell`. Also the save-as and export prompts' Enter.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::{HistoryState, PAGE, StoreStatus, Then, detail_lines, table_rows};
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::modal::{Confirm, Prompt, PromptFor, Yes};
use crate::tui::msg::Effect;
use crate::tui::replacement::Replacement;
use crate::tui::shell::{Look, Request, Shell, Tab};
use crate::tui::state::Screen;
use crate::tui::state::edit::Line;
use crate::tui::store_msg::{StoreEffect, StoreMsg};
use ratatui::Frame;

fn fx(e: StoreEffect) -> Effect {
    Effect::Store(e)
}

/// Table rows on screen at this terminal size.
fn visible(h: &HistoryState, size: (u16, u16)) -> usize {
    let body = layout::areas(size.0, size.1).body;
    table_rows(body.height, h.show_detail)
}

impl Tab for HistoryState {
    type Msg = StoreMsg;

    /// Typing into the filter, after `/` (the arrows still move the selection).
    fn key_first(&mut self, sh: &mut Shell, k: &KeyEvent) -> bool {
        if !self.filtering {
            return false;
        }
        match k.code {
            KeyCode::Enter => self.filtering = false,
            KeyCode::Esc => {
                self.filtering = false;
                if !self.filter.text.is_empty() {
                    self.filter = Line::default();
                    self.reset();
                }
            }
            KeyCode::Down | KeyCode::Up => {
                let v = visible(self, sh.size);
                let d = if k.code == KeyCode::Down { 1 } else { -1 };
                self.move_by(d, v);
            }
            _ => {
                let before = self.filter.text.clone();
                self.filter.key(k);
                if self.filter.text != before {
                    self.reset();
                }
            }
        }
        true
    }

    fn act(&mut self, sh: &mut Shell, a: Action, _k: &KeyEvent) -> bool {
        let v = visible(self, sh.size);
        let body_h = layout::areas(sh.size.0, sh.size.1).body.height;
        // The detail pane's height: the body less the table, its filter and header lines and the
        // border.
        let detail_page = usize::from(body_h).saturating_sub(v + 3).max(3);
        let row = self
            .selected()
            .map(|r| (r.id, r.task_name.clone(), r.task_id.clone()));
        match a {
            Action::NextField => self.move_by(1, v),
            Action::PrevField => self.move_by(-1, v),
            // With the detail shown, the page keys scroll it; the arrows still move the selection.
            Action::PageDown if self.show_detail => {
                self.detail_scroll =
                    (self.detail_scroll + detail_page).min(self.detail_lines.len());
            }
            Action::PageUp if self.show_detail => {
                self.detail_scroll = self.detail_scroll.saturating_sub(detail_page);
            }
            Action::PageDown => self.move_by(v as isize, v),
            Action::PageUp => self.move_by(-(v as isize), v),
            Action::Newest => self.reset(),
            Action::Filter => self.filtering = true,
            Action::ToggleDetail => {
                self.show_detail = !self.show_detail;
                self.detail_scroll = 0;
                let sel = self.sel;
                self.select(sel, table_rows(body_h, self.show_detail));
            }
            Action::Cancel if self.show_detail => self.show_detail = false,
            Action::CopyTaskId => match row.and_then(|r| r.2) {
                Some(id) => sh.effect(Effect::CopyToClipboard(id)),
                None => sh.warn("this entry has no task_id to copy"),
            },
            Action::OpenAsDraft | Action::Resend => {
                let Some((id, name, _)) = row else {
                    return true;
                };
                let then = if a == Action::Resend {
                    let text = format!(
                        "Send #{id} again to profile {}? (y/n) A task named {name:?} may already \
                         exist: the service may reject the copy, or you may get two tasks.\n\ny / \
                         Enter: send   n / Esc: cancel",
                        sh.profile
                    );
                    sh.ask(Confirm::new(" Resend? ", text, Yes::HistoryResend(id)).enter_is_yes());
                    Then::Resend
                } else {
                    Then::OpenAsDraft
                };
                self.with_entry(sh, id, then);
            }
            Action::DeleteEntry => {
                if let Some((id, name, _)) = row {
                    let text = format!(
                        "Delete history entry #{id} ({name})? (y/n) The task itself is not \
                         touched.\n\ny / Enter: delete   n / Esc: cancel"
                    );
                    sh.ask(
                        Confirm::new(
                            " Delete? ",
                            text,
                            Yes::Effect(Box::new(fx(StoreEffect::DeleteEntry { id }))),
                        )
                        .enter_is_yes(),
                    );
                }
            }
            Action::Export(format) => {
                if let Some((id, _, _)) = row {
                    sh.open(Prompt::modal(
                        PromptFor::Export(format),
                        format.file_name(id),
                    ));
                }
            }
            _ => return false,
        }
        true
    }

    /// Pasted text goes into the filter while it is being typed.
    fn paste(&mut self, _sh: &mut Shell, text: &str) -> bool {
        if !self.filtering {
            return false;
        }
        self.filter.paste(text);
        self.reset();
        true
    }

    fn text_focused(&self) -> bool {
        self.filtering
    }

    /// The store's replies about history (`history/store.rs` folds the drafts' own).
    fn reply(&mut self, sh: &mut Shell, m: StoreMsg) {
        match m {
            StoreMsg::Opened { set_aside, .. } => {
                self.status = StoreStatus::Ready;
                self.reset();
                if let Some(p) = set_aside {
                    sh.warn(format!(
                        "the history database was damaged: it was moved to {p} and a fresh one started"
                    ));
                }
            }
            StoreMsg::Unavailable(reason) => {
                self.status = StoreStatus::Off(reason.clone());
                sh.warn(format!("history and drafts are off: {reason}"));
            }
            StoreMsg::Page {
                generation,
                page,
                rows,
            } => match rows {
                Ok(rows) => {
                    self.page_arrived(generation, page, rows);
                }
                Err(e) if generation == self.generation => {
                    self.requested.remove(&page);
                    self.error = Some(e);
                }
                Err(_) => {}
            },
            StoreMsg::Entry { id, entry } => self.entry_arrived(sh, id, entry),
            StoreMsg::Deleted { id, result } => match result {
                Ok(_) => {
                    let page = self.sel / PAGE;
                    self.invalidate_from(page);
                    if self.detail.as_ref().is_some_and(|d| d.id == id) {
                        self.detail = None;
                        self.detail_lines.clear();
                    }
                    sh.notify(format!("deleted history entry #{id}"));
                }
                Err(e) => sh.warn(format!("could not delete #{id}: {e}")),
            },
            StoreMsg::Recorded => {
                if sh.screen != Screen::History {
                    self.reset();
                } else if self.pages.contains_key(&0) {
                    self.follow = self.selected().map(|r| r.id);
                    self.invalidate_from(0);
                } else {
                    self.newer = true;
                }
            }
            StoreMsg::DraftSaved { .. } | StoreMsg::DraftsListed(_) => {}
        }
    }

    /// Missing pages around the selection and the selected row's detail; nothing while the store
    /// is not open.
    fn after(&mut self, sh: &mut Shell) {
        if self.status != StoreStatus::Ready {
            return;
        }
        for k in self.wanted() {
            if self.pages.contains_key(&k) || self.requested.contains(&k) {
                continue;
            }
            self.requested.insert(k);
            sh.effect(fx(StoreEffect::Page {
                generation: self.generation,
                page: k,
                before: self.cursors.get(k).copied().flatten(),
                filter: self.store_filter(),
                limit: PAGE,
            }));
        }
        if self.show_detail
            && let Some(id) = self.selected().map(|r| r.id)
            && self.detail.as_ref().is_none_or(|d| d.id != id)
            && self.detail_requested != Some(id)
        {
            self.detail_requested = Some(id);
            sh.effect(fx(StoreEffect::LoadEntry { id }));
        }
    }

    fn render(&self, look: Look<'_>, f: &mut Frame, area: Rect) {
        super::view::render(self, look, f, area);
    }
}

impl HistoryState {
    /// Runs `then` now if the entry is loaded, else loads it first.
    fn with_entry(&mut self, sh: &mut Shell, id: i64, then: Then) {
        if self.detail.as_ref().is_some_and(|d| d.id == id) {
            // A resend's confirmation is already on screen; its yes sends.
            if then == Then::OpenAsDraft {
                self.open_as_draft(sh);
            }
            return;
        }
        self.then = Some((id, then));
        sh.effect(fx(StoreEffect::LoadEntry { id }));
    }

    fn entry_arrived(
        &mut self,
        sh: &mut Shell,
        id: i64,
        entry: Result<Option<Box<crate::store::history::Entry>>, String>,
    ) {
        if self.detail_requested == Some(id) {
            self.detail_requested = None;
        }
        let entry = match entry {
            Ok(Some(e)) => *e,
            Ok(None) => return sh.warn(format!("history entry #{id} no longer exists")),
            Err(e) => return sh.warn(format!("could not read #{id}: {e}")),
        };
        if self.selected().is_some_and(|r| r.id == id) {
            self.detail_lines = detail_lines(&entry);
            self.detail = Some(entry);
        }
        match self.then.take() {
            // The confirmation is already on screen; its yes sends.
            Some((want, Then::OpenAsDraft)) if want == id => self.open_as_draft(sh),
            Some((want, Then::Resend)) if want == id => {}
            other => self.then = other,
        }
    }

    /// Yes to "send #id again?".
    pub fn resend(&mut self, sh: &mut Shell, id: i64) {
        let Some(entry) = self.detail.as_ref().filter(|d| d.id == id) else {
            return sh.warn("the entry is still loading: press r again");
        };
        match crate::app::history::stored_task(entry) {
            Ok(file) => sh.request(Request::Resend {
                id,
                task: Box::new(file.task),
            }),
            Err(e) => sh.warn(e),
        }
    }

    /// The entry's task in the form as a new draft, its name suffixed `_copy` (asking first when
    /// the form holds changes).
    fn open_as_draft(&mut self, sh: &mut Shell) {
        if let Some(e) = self.detail.as_ref() {
            sh.request(Request::Replace(Replacement::HistoryCopy {
                id: e.id,
                body: e.sent.request_body.clone(),
            }));
        }
    }
}
