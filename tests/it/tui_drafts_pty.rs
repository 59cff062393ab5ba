//! Real-terminal tests of history and drafts: typed work survives SIGKILL (restart, choose restore,
//! the values are back), a TUI submit shows up in the History table, and the database file holds no
//! secret.

use std::time::{Duration, Instant};

use crate::support::pty::{Tui, task_id_after};
use ctask::emulator::config::SANDBOX_TOKEN;
use portable_pty::CommandBuilder;

#[test]
fn typed_values_come_back_after_sigkill_and_restore() {
    let home = tempfile::tempdir().unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[]);
    t.wait_for("the sandbox banner", |s| s.contains("SANDBOX"));
    t.send(b"pty_unsent_draft_42");
    t.wait_for("the typed name", |s| s.contains("pty_unsent_draft_42"));
    // The autosave lands within about 300 ms of the change: a kill 0.8 s after typing keeps it.
    t.idle(Duration::from_millis(800));
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

/// Whether `home`'s database holds an autosave whose task contains `text`.
fn autosaved(home: &std::path::Path, text: &str) -> bool {
    ctask::store::drafts::Drafts::open(&home.join("ctask.db"))
        .ok()
        .and_then(|(d, _)| d.list().ok())
        .is_some_and(|l| l.iter().any(|d| d.is_autosave() && d.body.contains(text)))
}

/// The lock files in `home`'s sessions folder.
fn session_locks(home: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(home.join("sessions"))
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_second_live_session_never_offers_the_first_ones_draft_and_after_kill_9_the_next_does() {
    let home = tempfile::tempdir().unwrap();
    // Session A runs under a name without "ctask", so its pid says nothing about it (as on macOS,
    // which has no /proc): only its lock tells the others it is alive.
    let a_bin = home.path().join("session-a");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_ctask"), &a_bin).unwrap();
    let mut a = Tui::spawn(CommandBuilder::new(&a_bin), home.path(), &[]);
    a.wait_for("A's sandbox banner", |s| s.contains("SANDBOX"));
    a.send(b"pty_live_draft_of_a");
    a.wait_for("A's typed name", |s| s.contains("pty_live_draft_of_a"));
    let end = Instant::now() + Duration::from_secs(20);
    while !autosaved(home.path(), "pty_live_draft_of_a") {
        assert!(Instant::now() < end, "no autosave:\n{}", a.screen());
        a.pump(Duration::from_millis(50));
    }

    // B starts in the same home while A runs: no offer, and F3 does not list A's draft.
    let mut b = Tui::start_in(home.path(), &[], &[]);
    b.wait_for("B's sandbox banner", |s| s.contains("SANDBOX"));
    b.send(b"\x1bOR");
    let s = b.wait_for("B's drafts list", |s| s.contains("Drafts (F3)"));
    assert!(s.contains("No drafts yet"), "{s}");
    b.send(b"\x1b");
    b.idle(Duration::from_millis(800));
    a.idle(Duration::from_millis(10));
    let s = b.screen();
    assert!(
        !s.contains("Restore") && !s.contains("pty_live_draft_of_a"),
        "B offers A's live draft:\n{s}"
    );
    assert_eq!(
        session_locks(home.path()).len(),
        2,
        "{:?}",
        session_locks(home.path())
    );
    b.send(b"\x03");
    assert_eq!(b.exit_code(), 0);

    // A is killed: its lock goes with it, and the next start offers its draft.
    a.signal("KILL");
    a.exit_code();
    let mut c = Tui::start_in(home.path(), &[], &[]);
    c.wait_for("C's restore offer", |s| {
        s.contains("Restore unsent changes?") && s.contains("pty_live_draft_of_a")
    });
    // A's lock file, left unlocked by kill -9, is gone: only C's is left.
    let locks = session_locks(home.path());
    assert_eq!(locks.len(), 1, "{locks:?}");
    let pid = c.child.process_id().unwrap();
    assert!(locks[0].starts_with(&format!("{pid}-")), "{locks:?}");
    c.send(b"\x03");
    assert_eq!(c.exit_code(), 0);
}
