//! app: the jobs a user asks for, between the front ends (`cli/`, `tui/`) and `api/` + `store/`.
//! One submit pipeline (`Context` → `Plan` → `send`), shared profile choice, task-file reading,
//! history open/export and error presentation, batch apply and exports. Knows no screen and no command line: it takes plain
//! values and reports through small traits (a history sink, an observer).

pub mod apply;
pub mod catalog;
pub mod context;
pub mod exports;
pub mod files;
pub mod history;
pub mod paging;
pub mod plan;
pub mod reconcile;
pub mod report;
pub mod send;
pub mod tasks;
pub mod visible;

pub use context::Context;
pub use plan::Plan;
pub use report::Report;
pub use send::{HistorySink, Observer, Submitted, send};
