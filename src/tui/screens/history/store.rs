//! The pure part of history and drafts: folding store replies into the state, the queries the History
//! screen needs after any message (`after`).
//! No IO, no clock: like `update`, which calls in here.

use crate::tui::modal::Modal;
use crate::tui::msg::Effect;
use crate::tui::state::drafts::DraftList;
use crate::tui::state::history::{PAGE, StoreStatus, detail_lines};
use crate::tui::state::{AppState, Screen};
use crate::tui::store_msg::{StoreEffect, StoreMsg};

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
            if !orphans.is_empty() {
                s.modals.push(Modal::Restore(orphans));
            }
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
                s.modals.push(Modal::Drafts(DraftList {
                    items: listing
                        .drafts
                        .into_iter()
                        .filter(|d| d.name != own)
                        .collect(),
                    ..DraftList::default()
                }));
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
        Some((want, then)) if want == id => crate::tui::screens::history::keys::then(s, then),
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
    if h.status != StoreStatus::Ready {
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

#[cfg(test)]
#[path = "history_follow_tests.rs"]
mod history_follow_tests;
#[cfg(test)]
#[path = "store_update_tests.rs"]
pub(crate) mod tests;
