//! The pure part of history and drafts: folding store replies into the state, the queries the History
//! screen needs after any message (`after`), and the keys of the restore offer and the drafts list.
//! No IO, no clock: like `update`, which calls in here.

use crossterm::event::{KeyCode, KeyEvent};

use super::msg::Effect;
use super::state::drafts::{self, DraftList};
use super::state::history::{PAGE, StoreStatus, detail_lines};
use super::state::{AppState, Screen};
use super::store_msg::{StoreEffect, StoreMsg};

fn fx(e: StoreEffect) -> Effect {
    Effect::Store(e)
}

/// Folds a store reply into the state.
pub fn reply(s: &mut AppState, m: StoreMsg) -> Vec<Effect> {
    let h = &mut s.history;
    match m {
        StoreMsg::Opened { set_aside, orphans } => {
            h.status = StoreStatus::Ready;
            h.reset();
            s.drafts.offers = orphans;
            if let Some(p) = set_aside {
                s.warn(format!(
                    "the history database was damaged: it was moved to {p} and a fresh one started"
                ));
            }
        }
        StoreMsg::Unavailable(reason) => {
            h.status = StoreStatus::Off(reason.clone());
            s.warn(format!("history and drafts are off: {reason}"));
        }
        StoreMsg::Page {
            generation,
            page,
            rows,
        } => match rows {
            Ok(rows) => {
                h.page_arrived(generation, page, rows);
            }
            Err(e) if generation == h.generation => {
                h.requested.remove(&page);
                h.error = Some(e);
            }
            Err(_) => {}
        },
        StoreMsg::Entry { id, entry } => return entry_arrived(s, id, entry),
        StoreMsg::Deleted { id, result } => match result {
            Ok(_) => {
                let page = h.sel / PAGE;
                h.invalidate_from(page);
                if h.detail.as_ref().is_some_and(|d| d.id == id) {
                    h.detail = None;
                    h.detail_lines.clear();
                }
                s.notify(format!("deleted history entry #{id}"));
            }
            Err(e) => s.warn(format!("could not delete #{id}: {e}")),
        },
        StoreMsg::Recorded => {
            if s.screen != Screen::History {
                h.reset();
            } else if h.pages.contains_key(&0) {
                h.follow = h.selected().map(|r| r.id);
                h.invalidate_from(0);
            } else {
                h.newer = true;
            }
        }
        StoreMsg::DraftSaved { name, result } => match result {
            Ok(()) if name != s.drafts.own => s.notify(format!("draft saved as {name:?}")),
            Ok(()) => {}
            Err(e) => s.warn(format!("could not save the draft: {e}")),
        },
        StoreMsg::DraftsListed(r) => match r {
            Ok(listing) => {
                let own = s.drafts.own.clone();
                s.drafts.list = Some(DraftList {
                    items: listing
                        .drafts
                        .into_iter()
                        .filter(|d| d.name != own)
                        .collect(),
                    ..DraftList::default()
                });
                if listing.unreadable > 0 {
                    s.warn(format!(
                        "{} saved draft(s) could not be read and are not listed",
                        listing.unreadable
                    ));
                }
            }
            Err(e) => s.warn(format!("could not list the drafts: {e}")),
        },
    }
    Vec::new()
}

fn entry_arrived(
    s: &mut AppState,
    id: i64,
    entry: Result<Option<Box<crate::store::history::Entry>>, String>,
) -> Vec<Effect> {
    let h = &mut s.history;
    if h.detail_requested == Some(id) {
        h.detail_requested = None;
    }
    let entry = match entry {
        Ok(Some(e)) => *e,
        Ok(None) => {
            s.warn(format!("history entry #{id} no longer exists"));
            return Vec::new();
        }
        Err(e) => {
            s.warn(format!("could not read #{id}: {e}"));
            return Vec::new();
        }
    };
    if h.selected().is_some_and(|r| r.id == id) {
        h.detail_lines = detail_lines(&entry);
        h.detail = Some(entry);
    }
    match h.then.take() {
        Some((want, then)) if want == id => super::history_keys::then(s, then),
        other => {
            s.history.then = other;
            Vec::new()
        }
    }
}

/// What the History screen needs after any message: missing pages around the selection and the
/// selected row's detail. Nothing when another screen is shown or the store is not open.
pub fn after(s: &mut AppState) -> Vec<Effect> {
    let h = &mut s.history;
    if s.screen != Screen::History || h.status != StoreStatus::Ready {
        return Vec::new();
    }
    let mut out = Vec::new();
    for k in h.wanted() {
        if h.pages.contains_key(&k) || h.requested.contains(&k) {
            continue;
        }
        h.requested.insert(k);
        out.push(fx(StoreEffect::Page {
            generation: h.generation,
            page: k,
            before: h.cursors.get(k).copied().flatten(),
            filter: h.store_filter(),
            limit: PAGE,
        }));
    }
    if h.show_detail
        && let Some(id) = h.selected().map(|r| r.id)
        && h.detail.as_ref().is_none_or(|d| d.id != id)
        && h.detail_requested != Some(id)
    {
        h.detail_requested = Some(id);
        out.push(fx(StoreEffect::LoadEntry { id }));
    }
    out
}

/// Keys for the overlays that take every key: the restore offer and the drafts list; then the
/// History screen's own (filter typing, confirmations). `None`: not handled here.
pub fn key(s: &mut AppState, k: &KeyEvent) -> Option<Vec<Effect>> {
    if !s.drafts.offers.is_empty() {
        return Some(offer_key(s, k));
    }
    if s.drafts.list.is_some() {
        return Some(list_key(s, k));
    }
    if s.screen == Screen::History {
        return super::history_keys::key(s, k);
    }
    None
}

fn offer_key(s: &mut AppState, k: &KeyEvent) -> Vec<Effect> {
    match k.code {
        KeyCode::Char('r' | 'R') | KeyCode::Enter => {
            let d = s.drafts.offers.remove(0);
            restore(s, &d)
        }
        KeyCode::Char('d' | 'D') => {
            let d = s.drafts.offers.remove(0);
            s.notify(format!(
                "discarded the unsent changes to {}",
                drafts::task_name(&d)
            ));
            vec![fx(StoreEffect::DeleteDraft { name: d.name })]
        }
        KeyCode::Esc => {
            let d = s.drafts.offers.remove(0);
            s.notify(format!(
                "kept the unsent changes to {} for later (F3 lists them)",
                drafts::task_name(&d)
            ));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Loads a draft into the form; an autosave of an ended session becomes this session's.
fn restore(s: &mut AppState, d: &crate::store::drafts::Draft) -> Vec<Effect> {
    if let Err(e) = drafts::load(s, d) {
        s.warn(format!("could not restore {}: {e}", d.name));
        return Vec::new();
    }
    s.go(Screen::Task);
    s.notify(format!("restored {}", drafts::task_name(d)));
    let mut out = super::sent_check::restored(s, d);
    if d.is_autosave() {
        let own = s.drafts.own.clone();
        out.push(fx(StoreEffect::AdoptDraft {
            draft: drafts::draft_of(s, &own, ""),
            from: d.name.clone(),
        }));
    }
    out
}

fn list_key(s: &mut AppState, k: &KeyEvent) -> Vec<Effect> {
    let Some(l) = s.drafts.list.as_mut() else {
        return Vec::new();
    };
    if l.confirm_delete {
        l.confirm_delete = false;
        if matches!(k.code, KeyCode::Char('y' | 'Y') | KeyCode::Enter) && l.sel < l.items.len() {
            let d = l.items.remove(l.sel);
            l.sel = l.sel.min(l.items.len().saturating_sub(1));
            return vec![fx(StoreEffect::DeleteDraft { name: d.name })];
        }
        return Vec::new();
    }
    match k.code {
        KeyCode::Esc | KeyCode::F(3) => s.drafts.list = None,
        KeyCode::Down | KeyCode::Tab => l.sel = (l.sel + 1).min(l.items.len().saturating_sub(1)),
        KeyCode::Up | KeyCode::BackTab => l.sel = l.sel.saturating_sub(1),
        KeyCode::Char('d') | KeyCode::Delete if !l.items.is_empty() => l.confirm_delete = true,
        KeyCode::Enter => {
            let Some(d) = l.items.get(l.sel).cloned() else {
                return Vec::new();
            };
            s.drafts.list = None;
            return restore(s, &d);
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
#[path = "history_follow_tests.rs"]
mod history_follow_tests;
#[cfg(test)]
#[path = "store_update_tests.rs"]
pub(crate) mod tests;
