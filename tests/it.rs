//! The integration tests, as one test executable: each module below was a test file of its own
//! (`tests/*.rs`), and so an executable of its own that linked the whole crate. `support` is the
//! one module of shared helpers. The modules sit in `tests/it/` (the inline `mod it` makes them its
//! files) and so the harness names a test `it::MODULE::NAME`.
//!
//! Every test here runs in one process, on the harness's parallel threads. So no test changes what
//! the process shares: a child's environment goes on its `Command` (never `std::env::set_var`),
//! a child's working directory and limits on the child (`current_dir`, `ulimit` in its shell), and
//! each test has its own temp `CTASK_HOME`, emulator and ports (bound to 127.0.0.1:0). What cannot
//! be kept to one test runs in a process of its own (`support::own_process`).

mod it {
    pub(crate) mod support;

    mod apply_cli;
    mod bad_files;
    mod catalog_cli;
    mod cli_scripting;
    mod cli_validate;
    mod concurrency;
    mod emulator;
    mod emulator_admin;
    mod error_shapes_cli;
    mod export_cli;
    mod export_terraform;
    mod faults;
    mod faults_tui;
    mod history_cli;
    mod hostile_cli;
    mod hostile_paging;
    mod pipeline;
    mod readback_contract;
    mod reconcile_cli;
    mod reliability_cli;
    mod schema;
    mod secrets;
    mod submit;
    mod task_cli;
    mod trust_tui;
    mod tui_fuzz;

    // A Unix pseudo-terminal and Unix signals: on Windows the TUI is covered by its update-flow and
    // snapshot tests.
    #[cfg(unix)]
    mod catalog_tui_pty;
    #[cfg(unix)]
    mod reliability_tui_pty;
    #[cfg(unix)]
    mod tui_drafts_pty;
    #[cfg(unix)]
    mod tui_profiles_pty;
    #[cfg(unix)]
    mod tui_pty;
    #[cfg(unix)]
    mod tui_tasks_pty;
}

use it::support;
