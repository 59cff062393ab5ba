//! ctask: build, validate and submit DataArts Catalog metadata collection tasks.
//! The library holds every layer; `main.rs` only hands the command line to `cli`.

pub mod api;
pub mod app;
pub mod cli;
pub mod emulator;
pub mod exit;
pub mod platform;
pub mod store;
pub mod task;
pub mod tui;
