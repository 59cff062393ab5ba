//! The pure domain of a metadata collection task: wire types, the field catalog, validation, cron,
//! date-times, task files and templates. Nothing here does IO or knows about the terminal.

#[macro_use]
mod table;

pub mod cron;
pub mod datetime;
pub mod fields;
pub mod model;
pub mod schema;
pub mod taskfile;
pub mod templates;
pub mod typed;
pub mod validate;

pub use model::{CollectionTask, CustomMetadata, SchedulerInfo, Slot, TaskConfig, path};
pub use typed::Typed;
pub use validate::{
    Issue, Severity, has_errors, in_source_part, validate, validate_keeping, validate_reusing,
};
