//! app: the jobs a user asks for, between the front ends (`cli/`, `tui/`) and `api/` + `store/`.
//! One submit pipeline (`Context` → `Plan` → `send`), shared profile choice, task-file reading,
//! history open/export and error presentation, batch apply and exports. Knows no screen and no command line: it takes plain
//! values and reports through small traits (a history sink, an observer).

pub mod apply;
pub(crate) mod catalog;
pub(crate) mod context;
pub mod exports;
pub(crate) mod files;
pub(crate) mod history;
pub(crate) mod paging;
pub(crate) mod plan;
pub mod reconcile;
pub(crate) mod report;
pub(crate) mod send;
pub mod tasks;
pub(crate) mod visible;
pub(crate) mod words;

pub use context::Context;
pub use plan::Plan;
pub use report::Report;
pub use send::{HistorySink, Observer, Submitted, send};
