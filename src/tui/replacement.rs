//! `Replacement`: what would take the form's place (a template, a draft, a history entry, a task
//! file, a pulled task). A value a tab or a modal hands to the root (`replace` offers it). A leaf.

use crate::store::drafts::Draft;
use crate::task::taskfile;

/// What would take the form's place.
#[derive(Clone, Debug, PartialEq)]
pub enum Replacement {
    /// The type's template: `task_config` and the schedule (name and ids kept).
    Template(String),
    /// A saved draft or an ended session's unsent changes.
    Draft(Draft),
    /// A history entry's body as a new draft named `<name>_copy`.
    HistoryCopy { id: i64, body: String },
    /// A task file that parsed.
    File {
        path: String,
        file: Box<taskfile::TaskFile>,
    },
    /// A server task pulled as a new draft (its name already `_copy`); `missing`: the fields the
    /// service's read left out (`app::tasks::not_returned`), said when it opens.
    Pulled {
        body: String,
        name: String,
        missing: Vec<&'static str>,
    },
}
