//! The screens, one folder each: its state (`mod.rs`), its render (`view.rs`) and, where it has
//! them, its keys and store replies. `forms` is the editing the four form screens share.

pub mod forms;
pub mod history;
pub mod metadata;
pub mod profiles;
pub mod response;
pub mod review;
pub mod schedule;
pub mod source;
pub mod task;
pub mod tasks;
