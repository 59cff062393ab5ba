//! The messages and effects of the history and drafts store: what `update` asks of the SQLite file
//! (page queries, an entry, exports, draft saves) and what comes back. Pure data; `store_io` runs the
//! effects on a blocking thread and `store_update` folds the replies into the state.

use crate::store::drafts::Draft;
use crate::store::history::{Entry, Filter, Summary};

/// How a history entry is exported to a file (secrets were masked when it was recorded).
/// What a history entry can be exported as (shared with `ctask history export`).
pub use crate::app::history::ExportFormat;

/// IO on the history and drafts database.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreEffect {
    /// Opens (or creates) the database after the first frame; `own` is this session's autosave key.
    Open {
        own: String,
    },
    /// One page of the table: rows older than `before`, newest first.
    Page {
        generation: u64,
        page: usize,
        before: Option<i64>,
        filter: Filter,
        limit: usize,
    },
    LoadEntry {
        id: i64,
    },
    DeleteEntry {
        id: i64,
    },
    Export {
        id: i64,
        format: ExportFormat,
        path: String,
        overwrite: bool,
    },
    SaveDraft(Draft),
    /// Saves `draft` and deletes `from` in one step (a restored autosave changes hands).
    AdoptDraft {
        draft: Draft,
        from: String,
    },
    DeleteDraft {
        name: String,
    },
    ListDrafts,
}

/// Replies from the store.
#[derive(Clone, Debug)]
pub enum StoreMsg {
    /// The database is open. `set_aside`: where a corrupt file was moved; `orphans`: autosaves of
    /// sessions that are no longer running, newest first.
    Opened {
        set_aside: Option<String>,
        orphans: Vec<Draft>,
    },
    /// History and drafts are off for this session, and why.
    Unavailable(String),
    Page {
        generation: u64,
        page: usize,
        rows: Result<Vec<Summary>, String>,
    },
    Entry {
        id: i64,
        entry: Result<Option<Box<Entry>>, String>,
    },
    Deleted {
        id: i64,
        result: Result<bool, String>,
    },
    /// A submit was recorded (or completed) in the history.
    Recorded,
    DraftSaved {
        name: String,
        result: Result<(), String>,
    },
    DraftsListed(Result<crate::store::drafts::Listing, String>),
}
