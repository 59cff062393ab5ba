//! "Did my create land?" end to end: a profile with a 1 s timeout against an emulator that delays the
//! create by 3 s (the task is still created after the client gave up) or hangs (no task). `submit`
//! sends exactly one create and settles it by a name search: found → exit 0 with the id, history row
//! ok with the id; not found → exit 5, row failed.

mod support;

use serde_json::json;
use support::{env, is_task_id};

#[test]
fn a_delayed_create_is_found_by_the_search_and_recorded_ok() {
    let e = env();
    e.add_token("p", &["--connect-timeout", "1", "--timeout", "1"]);
    e.fault(json!({"kind": "delay", "ms": 3000}), 1);
    let file = e.seed("late_answer", |_| {});
    let out = e
        .ctask()
        .env("CTASK_RECONCILE_SECS", "10")
        .args(["submit", file.to_str().unwrap(), "--profile", "p"])
        .output()
        .unwrap();
    let (so, se) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{so}{se}");
    let id = so.trim();
    assert!(is_task_id(id), "{so}{se}");
    assert!(se.contains("search by name found it"), "{se}");
    assert_eq!(e.creates().len(), 1, "never sent twice");
    // The id printed is the task the emulator holds under that name.
    let (code, listed, _) = e.run(&["task", "list", "--name", "late_answer", "--json"]);
    assert_eq!(code, 0);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed["tasks"][0]["id"], id);
    let rows = e.history_rows();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["outcome"], "ok", "{:#}", rows[0]);
    assert_eq!(rows[0]["task_id"], id);
}

#[test]
fn a_hung_create_that_made_no_task_exits_5_and_is_recorded_failed() {
    let e = env();
    e.add_token("p", &["--connect-timeout", "1", "--timeout", "1"]);
    e.fault(json!({"kind": "hang"}), 1);
    let file = e.seed("never_answered", |_| {});
    let (code, so, se) = e.submit(&file, &["--profile", "p"]);
    assert_eq!(code, 5, "{so}{se}");
    assert!(se.contains("found no task"), "{se}");
    assert_eq!(e.creates().len(), 1, "never sent twice");
    let rows = e.history_rows();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["outcome"], "failed", "{:#}", rows[0]);
    assert!(rows[0]["task_id"].is_null(), "{:#}", rows[0]);
}
