//! Drafts: this session's autosave key and what is already safe on disk, and the drafts list's
//! state (its modal is `modal::drafts`). Turning the form into a draft and back is the root's
//! (`form_drafts`). Pure: saving and listing are effects.

use crate::store::drafts::{AUTOSAVE_PREFIX, Draft};

/// The drafts list overlay.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftList {
    pub items: Vec<Draft>,
    pub sel: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftsState {
    /// `autosave:<pid>-<start>`: this session's autosave.
    pub own: String,
    pub pid: u32,
    /// The task revision with nothing to keep (at start, after a successful submit or a discard).
    pub clean_revision: u64,
    /// A restored create that an ended session had sent: Ctrl-S on its name waits for the check.
    pub sent: Option<crate::tui::sent_check::SentCheck>,
}

impl DraftsState {
    pub fn new(pid: u32, started_ms: i64) -> Self {
        DraftsState {
            own: format!("{AUTOSAVE_PREFIX}{pid}-{started_ms}"),
            pid,
            ..DraftsState::default()
        }
    }
}
