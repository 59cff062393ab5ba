//! Real-terminal tests of history and drafts: typed work survives SIGKILL (restart, choose restore,
//! the values are back), a TUI submit shows up in the History table, and the database file holds no
//! secret.
// A Unix pseudo-terminal and Unix signals: on Windows the TUI is covered by its update-flow and
// snapshot tests.
#![cfg(unix)]

mod common;

use std::time::Duration;

use common::{Tui, task_id_after};
use ctask::emulator::config::SANDBOX_TOKEN;

#[test]
fn typed_values_come_back_after_sigkill_and_restore() {
    let home = tempfile::tempdir().unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[]);
    t.wait_for("the sandbox banner", |s| s.contains("SANDBOX"));
    t.send(b"pty_unsent_draft_42");
    t.wait_for("the typed name", |s| s.contains("pty_unsent_draft_42"));
    // The autosave lands within about a second of the change.
    t.idle(Duration::from_millis(2500));
    t.signal("KILL");
    t.exit_code();

    let mut t = Tui::start_in(home.path(), &[], &[]);
    let s = t.wait_for("the restore offer", |s| {
        s.contains("Restore unsent changes?") && s.contains("pty_unsent_draft_42")
    });
    assert!(s.contains("d: discard"), "{s}");
    t.send(b"r");
    let s = t.wait_for("the restored form", |s| {
        !s.contains("Restore unsent changes?") && s.contains("restored")
    });
    let name_row = s
        .lines()
        .find(|l| l.contains("Name *"))
        .unwrap_or_default()
        .to_string();
    assert!(name_row.contains("pty_unsent_draft_42"), "{s}");
    // A clean quit keeps the restored, unsent work for the next start.
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    let mut t = Tui::start_in(home.path(), &[], &[]);
    t.wait_for("the offer again", |s| s.contains("pty_unsent_draft_42"));
    // Discarding it deletes it: the next start offers nothing.
    t.send(b"d");
    t.wait_for("the discard", |s| s.contains("discarded"));
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    let mut t = Tui::start_in(home.path(), &[], &[]);
    t.wait_for("the first frame", |s| s.contains("SANDBOX"));
    t.idle(Duration::from_millis(800));
    assert!(!t.screen().contains("Restore unsent"), "{}", t.screen());
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn a_tui_submit_shows_up_in_the_history_table() {
    let home = tempfile::tempdir().unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[]);
    t.wait_for("the sandbox banner", |s| s.contains("SANDBOX"));
    t.send(b"pty_history_task");
    t.wait_for("the typed name", |s| s.contains("pty_history_task"));
    t.send(b"\x13");
    let s = t.wait_for("a task id", |s| task_id_after(s, "task_id").is_some());
    let id = task_id_after(&s, "task_id").unwrap();
    // Response → History.
    t.send(b"\x0e");
    let s = t.wait_for("the history row", |s| {
        s.contains("pty_history_task") && s.contains(&id)
    });
    let row = s.lines().find(|l| l.contains("pty_history_task")).unwrap();
    assert!(row.contains("sandbox") && row.contains(" ok "), "{row}");
    // The detail pane shows the request with the token masked.
    t.send(b"\r");
    let s = t.wait_for("the detail", |s| s.contains("#1 · ok · HTTP 200"));
    assert!(s.contains("****") && !s.contains(SANDBOX_TOKEN), "{s}");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
    let db = std::fs::read(home.path().join("ctask.db")).unwrap();
    let wal = std::fs::read(home.path().join("ctask.db-wal")).unwrap_or_default();
    let text = String::from_utf8_lossy(&[db, wal].concat()).into_owned();
    assert!(text.contains("pty_history_task"));
    assert!(
        !text.contains(SANDBOX_TOKEN),
        "the token is in the database"
    );
    // The CLI sees the TUI's row with every field.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ctask"))
        .args(["history", "list", "--json"])
        .env("CTASK_HOME", home.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &rows[0];
    assert_eq!(row["source"], "tui");
    assert_eq!(row["task_id"], id.as_str());
    assert_eq!(row["outcome"], "ok");
    assert_eq!(row["auth_kind"], "token");
    assert_eq!(row["request_headers"]["X-Auth-Token"], "****");
    for field in [
        "sent_at",
        "answered_at",
        "duration_ms",
        "profile",
        "endpoint",
        "project_id",
        "workspace",
        "task_name",
        "data_source_type",
        "request_body",
        "status",
        "response_body",
        "request_id",
    ] {
        assert!(!row[field].is_null(), "{field} missing in {row:#}");
    }
}

/// The sandbox emulator's base URL, from the banner.
fn sandbox_url(screen: &str) -> String {
    let at = screen.find("http://127.0.0.1:").unwrap();
    screen[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string()
}

#[test]
fn ctrl_c_during_a_submit_records_cancelled_unknown_as_esc_does() {
    let home = tempfile::tempdir().unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[]);
    let s = t.wait_for("the sandbox banner", |s| s.contains("SANDBOX"));
    let url = sandbox_url(&s);
    // The next create never gets an answer.
    let fault = serde_json::json!({"method": "POST", "path_contains": "/metadata/tasks/create",
                                   "fault": {"kind": "hang"}});
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{url}/_emulator/faults"))
            .header("content-type", "application/json")
            .body(fault.to_string())
            .send()
            .await
            .unwrap()
            .status()
    });
    assert!(status.is_success(), "{status}");
    t.send(b"pty_ctrl_c_task");
    t.wait_for("the typed name", |s| s.contains("pty_ctrl_c_task"));
    t.send(b"\x13");
    t.wait_for("the submit in flight", |s| {
        s.contains("submitting to sandbox")
    });
    t.idle(Duration::from_millis(300));
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ctask"))
        .args(["history", "list", "--json"])
        .env("CTASK_HOME", home.path())
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows:#}");
    assert_eq!(
        rows[0]["outcome"], "cancelled-unknown",
        "quitting stops waiting as Esc does, never a stale pending: {rows:#}"
    );
}
