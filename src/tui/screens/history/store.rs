//! The store's replies, routed: the History tab's to `Tab::reply` on `HistoryState`, the drafts'
//! own (saved, listed, the ended sessions' autosaves found at open) folded here. Pure, like
//! `update`, which calls in here.

use crate::tui::modal::Modal;
use crate::tui::msg::Effect;
use crate::tui::shell::Tab;
use crate::tui::state::AppState;
use crate::tui::state::drafts::DraftList;
use crate::tui::store_msg::StoreMsg;

/// Folds a store reply into the state.
pub fn reply(s: &mut AppState, m: StoreMsg) -> Vec<Effect> {
    match m {
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
                        "{} could not be read and {} not listed",
                        crate::app::words::count(listing.unreadable, "saved draft"),
                        if listing.unreadable == 1 { "is" } else { "are" }
                    ));
                }
            }
            Err(e) => s.warn(format!("could not list the drafts: {e}")),
        },
        StoreMsg::Opened { set_aside, orphans } => {
            let (_, fx) = s.with_history(|h, sh| {
                h.reply(
                    sh,
                    StoreMsg::Opened {
                        set_aside,
                        orphans: Vec::new(),
                    },
                )
            });
            if !orphans.is_empty() {
                s.modals.push(Modal::Restore(orphans));
            }
            return fx;
        }
        other => return s.with_history(|h, sh| h.reply(sh, other)).1,
    }
    Vec::new()
}

#[cfg(test)]
#[path = "history_follow_tests.rs"]
mod history_follow_tests;
#[cfg(test)]
#[path = "store_update_tests.rs"]
pub(crate) mod tests;
