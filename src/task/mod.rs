//! The pure domain of a metadata collection task: wire types, the field catalog, validation, cron,
//! date-times, task files and templates. Nothing here does IO or knows about the terminal.

#[macro_use]
mod table;

pub(crate) mod cron;
pub(crate) mod datetime;
pub(crate) mod fields;
pub(crate) mod model;
pub mod schema;
pub mod taskfile;
pub mod templates;
pub(crate) mod typed;
pub(crate) mod validate;

pub use model::{CollectionTask, CustomMetadata, SchedulerInfo, Slot, TaskConfig, path};
pub use typed::Typed;
pub use validate::{
    Issue, Severity, has_errors, in_source_part, validate, validate_keeping, validate_reusing,
};
