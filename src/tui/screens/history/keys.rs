//! The History screen's keys and actions: moving through the table, the incremental filter, the detail
//! pane, open as a new draft, resend (after a confirmation), copy, export and delete; and the save-as
//! and drafts-list actions of every screen. Pure, like `update`.

use crossterm::event::{KeyCode, KeyEvent};

use crate::store::drafts::AUTOSAVE_PREFIX;
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::modal::{Confirm, Modal, Prompt, PromptFor, Yes};
use crate::tui::msg::Effect;
use crate::tui::replace::Replacement;
use crate::tui::state::edit::{Line, single_line};
use crate::tui::state::history::{StoreStatus, Then, table_rows};
use crate::tui::state::{AppState, drafts};
use crate::tui::store_msg::StoreEffect;

fn visible(s: &AppState) -> usize {
    let body = layout::areas(s.size.0, s.size.1).body;
    table_rows(body.height, s.history.show_detail)
}

/// Keys the History screen takes before the keymap: a confirmation, or typing into the filter.
pub fn key(s: &mut AppState, k: &KeyEvent) -> Option<Vec<Effect>> {
    if !s.history.filtering {
        return None;
    }
    let h = &mut s.history;
    match k.code {
        KeyCode::Enter => h.filtering = false,
        KeyCode::Esc => {
            h.filtering = false;
            if !h.filter.text.is_empty() {
                h.filter = Line::default();
                h.reset();
            }
        }
        KeyCode::Down | KeyCode::Up => {
            let v = visible(s);
            let d = if k.code == KeyCode::Down { 1 } else { -1 };
            s.history.move_by(d, v);
        }
        _ => {
            let before = h.filter.text.clone();
            h.filter.key(k);
            if h.filter.text != before {
                h.reset();
            }
        }
    }
    Some(Vec::new())
}

/// Pasted text goes into the filter while it is being typed.
pub fn paste(s: &mut AppState, text: &str) -> bool {
    let h = &mut s.history;
    if !h.filtering {
        return false;
    }
    let (t, c) =
        crate::tui::state::edit::insert(&h.filter.text, h.filter.cursor, &single_line(text));
    h.filter = Line { text: t, cursor: c };
    h.reset();
    true
}

/// The drafts actions every screen has (F2 save as, F3 the list); `None`: not one of them.
pub fn act_anywhere(s: &mut AppState, a: Action) -> Option<Vec<Effect>> {
    match a {
        Action::SaveDraftAs => {
            let name = s.task().text("name").unwrap_or_default().to_string();
            s.modals.push(Prompt::modal(PromptFor::SaveDraft, name));
            Some(Vec::new())
        }
        Action::DraftsList => {
            if let StoreStatus::Off(r) = &s.history.status {
                let msg = format!("drafts are off: {r}");
                s.warn(msg);
                return Some(Vec::new());
            }
            Some(vec![Effect::Store(StoreEffect::ListDrafts)])
        }
        _ => None,
    }
}

/// The History screen's actions; `None`: not one of them.
pub fn act(s: &mut AppState, a: Action) -> Option<Vec<Effect>> {
    let v = visible(s);
    let body_h = layout::areas(s.size.0, s.size.1).body.height;
    // The detail pane's height: the body less the table, its filter and header lines and the border.
    let detail_page = usize::from(body_h).saturating_sub(v + 3).max(3);
    let h = &mut s.history;
    let row = h
        .selected()
        .map(|r| (r.id, r.task_name.clone(), r.task_id.clone()));
    match a {
        Action::NextField => h.move_by(1, v),
        Action::PrevField => h.move_by(-1, v),
        // With the detail shown, the page keys scroll it; the arrows still move the selection.
        Action::PageDown if h.show_detail => {
            h.detail_scroll = (h.detail_scroll + detail_page).min(h.detail_lines.len());
        }
        Action::PageUp if h.show_detail => {
            h.detail_scroll = h.detail_scroll.saturating_sub(detail_page);
        }
        Action::PageDown => h.move_by(v as isize, v),
        Action::PageUp => h.move_by(-(v as isize), v),
        Action::Newest => h.reset(),
        Action::Filter => h.filtering = true,
        Action::ToggleDetail => {
            h.show_detail = !h.show_detail;
            h.detail_scroll = 0;
            let sel = h.sel;
            h.select(sel, table_rows(body_h, h.show_detail));
        }
        Action::Cancel if h.show_detail => h.show_detail = false,
        Action::CopyTaskId => match row.and_then(|r| r.2) {
            Some(id) => return Some(vec![Effect::CopyToClipboard(id)]),
            None => s.warn("this entry has no task_id to copy"),
        },
        Action::OpenAsDraft | Action::Resend => {
            let Some((id, name, _)) = row else {
                return Some(Vec::new());
            };
            let then = if a == Action::Resend {
                let text = format!(
                    "Send #{id} again to profile {}? (y/n) A task named {name:?} may already \
                     exist: the service may reject the copy, or you may get two tasks.\n\ny / \
                     Enter: send   n / Esc: cancel",
                    s.target.profile
                );
                s.modals.push(Modal::Confirm(
                    Confirm::new(" Resend? ", text, Yes::HistoryResend(id)).enter_is_yes(),
                ));
                Then::Resend
            } else {
                Then::OpenAsDraft
            };
            return Some(with_entry(s, id, then));
        }
        Action::DeleteEntry => {
            if let Some((id, name, _)) = row {
                let text = format!(
                    "Delete history entry #{id} ({name})? (y/n) The task itself is not \
                     touched.\n\ny / Enter: delete   n / Esc: cancel"
                );
                s.modals.push(Modal::Confirm(
                    Confirm::new(
                        " Delete? ",
                        text,
                        Yes::Effect(Box::new(Effect::Store(StoreEffect::DeleteEntry { id }))),
                    )
                    .enter_is_yes(),
                ));
            }
        }
        Action::Export(format) => {
            if let Some((id, _, _)) = row {
                s.modals.push(Prompt::modal(
                    PromptFor::Export(format),
                    format.file_name(id),
                ));
            }
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// Runs `then` now if the entry is loaded, else loads it first.
fn with_entry(s: &mut AppState, id: i64, then: Then) -> Vec<Effect> {
    if s.history.detail.as_ref().is_some_and(|d| d.id == id) {
        if then == Then::Resend {
            return Vec::new();
        }
        return self::then(s, then);
    }
    s.history.then = Some((id, then));
    vec![Effect::Store(StoreEffect::LoadEntry { id })]
}

/// What an action waiting for its entry does once it is there.
pub fn then(s: &mut AppState, then: Then) -> Vec<Effect> {
    match then {
        Then::OpenAsDraft => open_as_draft(s),
        // The confirmation is already on screen; `confirmed` sends.
        Then::Resend => Vec::new(),
    }
}

/// Yes to "send #id again?".
pub fn resend(s: &mut AppState, id: i64) -> Vec<Effect> {
    let Some(entry) = s.history.detail.as_ref().filter(|d| d.id == id) else {
        s.warn("the entry is still loading: press r again");
        return Vec::new();
    };
    match crate::app::history::stored_task(entry) {
        Ok(file) => crate::tui::submit::resend(s, id, file.task),
        Err(e) => {
            s.warn(e);
            Vec::new()
        }
    }
}

/// The entry's task in the form as a new draft, its name suffixed `_copy` (asking first when the
/// form holds changes).
fn open_as_draft(s: &mut AppState) -> Vec<Effect> {
    let Some(e) = s.history.detail.as_ref() else {
        return Vec::new();
    };
    let r = Replacement::HistoryCopy {
        id: e.id,
        body: e.sent.request_body.clone(),
    };
    crate::tui::replace::offer(s, r)
}

/// Enter on the save-as or export prompt.
pub fn prompt_done(s: &mut AppState, purpose: PromptFor, text: String) -> Vec<Effect> {
    match purpose {
        PromptFor::SaveDraft if text.starts_with(AUTOSAVE_PREFIX) => {
            s.warn(format!("draft names may not start with {AUTOSAVE_PREFIX}"));
            Vec::new()
        }
        PromptFor::SaveDraft => {
            vec![Effect::Store(StoreEffect::SaveDraft(drafts::draft_of(
                s, &text, "",
            )))]
        }
        PromptFor::Export(format) => match s.history.selected() {
            Some(r) => vec![Effect::Store(StoreEffect::Export {
                id: r.id,
                format,
                path: text,
                overwrite: false,
            })],
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}
