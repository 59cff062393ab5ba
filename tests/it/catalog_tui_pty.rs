//! The catalog pickers in the real terminal, against the emulator on loopback through a token
//! profile: Ctrl-O on Source's `tableName` filters 5,000 tables to 10 and Ctrl-A + Enter writes
//! them as `db.table`; on `data_connection_name` of a DWS task choosing `dws_finance` fills its name
//! and id; a failed listing (an injected 503) shows in the picker and changes nothing. The body is
//! read from what the emulator received after Ctrl-S (the Review screen's request, as sent).

use std::time::Duration;

use crate::support::pty::Tui;
use crate::support::{Env, env};
use serde_json::{Value, json};

const CTRL_N: &[u8] = b"\x0e";
const CTRL_O: &[u8] = b"\x0f";
const CTRL_A: &[u8] = b"\x01";
const CTRL_S: &[u8] = b"\x13";

/// The TUI on profile `p` with the seed task named `name`, its `task_config` replaced; on Source.
fn open_on_source(e: &Env, name: &str, source_type: &str, config: Value) -> Tui {
    e.add_token("p", &[]);
    let file = e.seed(name, |v| {
        v["data_source_type"] = json!(source_type);
        v["task_config"] = config;
    });
    let mut t = Tui::start_in(
        e.home.path(),
        &["--profile", "p", "open", file.to_str().unwrap()],
        &[],
    );
    t.wait_for("the Task screen", |s| s.contains(name));
    t.send(CTRL_N);
    t.send(CTRL_N);
    t.wait_for("the Source screen", |s| s.contains("Ctrl-O pick"));
    // The profile resolves on its own thread after the first frame.
    t.idle(Duration::from_millis(500));
    t
}

/// Ctrl-O until the picker has left "loading" (a context still resolving shows as an error: retry).
fn open_picker(t: &mut Tui, loaded: &str) -> String {
    for _ in 0..10 {
        t.send(CTRL_O);
        let s = t.wait_for("the picker", |s| {
            s.contains(loaded) || s.contains("cannot list") || s.contains("request id:")
        });
        if s.contains(loaded) || !s.contains("cannot list") {
            return s;
        }
        t.send(b"\x1b");
        t.idle(Duration::from_millis(300));
    }
    panic!("the picker never loaded:\n{}", t.screen());
}

/// Ctrl-S, then the `task_config` of the create the emulator received.
fn sent_config(t: &mut Tui, e: &Env) -> Value {
    t.send(CTRL_S);
    t.wait_for("the answer", |s| {
        s.contains("task_id") || s.contains("rejected") || s.contains("HTTP 4")
    });
    let creates = e.creates();
    assert_eq!(creates.len(), 1, "{creates:?}");
    let body: Value = serde_json::from_str(creates[0]["body"].as_str().unwrap()).unwrap();
    body["task_config"].clone()
}

#[test]
fn tables_filtered_to_ten_selected_with_ctrl_a_are_written_as_db_table() {
    let e = env();
    let config = json!({"tableName": [], "data_connection_name": "dli_test",
        "data_connection_id": "14bb947454e64de784eadaab759081e8", "databaseName": ["warehouse"]});
    let mut t = open_on_source(&e, "picker_tables", "DLI", config);
    open_picker(&mut t, "of 5000 match");
    t.send(b"dwd_orders_01");
    t.wait_for("ten matches", |s| s.contains("10 of 5000 match"));
    t.send(CTRL_A);
    t.wait_for("ten selected", |s| s.contains("10 selected"));
    t.send(b"\r");
    t.wait_for("the picker closed", |s| s.contains("tableName: 10 added"));
    let cfg = sent_config(&mut t, &e);
    let tables: Vec<&str> = cfg["tableName"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(tables.len(), 10, "{tables:?}");
    for tb in &tables {
        assert!(tb.starts_with("warehouse.dwd_orders_01"), "{tables:?}");
    }
    let mut unique = tables.clone();
    unique.dedup();
    assert_eq!(unique.len(), 10);
    assert_eq!(cfg["databaseName"], json!(["warehouse"]));
}

#[test]
fn a_dws_task_picks_dws_finance_and_gets_its_name_and_id() {
    let e = env();
    let config = json!({"data_connection_name": "", "data_connection_id": "",
        "databaseName": [], "tableName": []});
    let mut t = open_on_source(&e, "picker_dws", "DWS", config);
    let s = open_picker(&mut t, "of 1 match");
    assert!(s.contains("DWS data connections"), "{s}");
    assert!(
        !s.contains("dli_test"),
        "only DWS connections are offered:\n{s}"
    );
    t.send(b"finance");
    t.wait_for("the match", |s| s.contains("1 of 1 match"));
    t.send(b"\r");
    t.wait_for("the choice", |s| s.contains("data connection dws_finance"));
    let cfg = sent_config(&mut t, &e);
    assert_eq!(cfg["data_connection_name"], "dws_finance");
    assert_eq!(
        cfg["data_connection_id"],
        "3c5f0b1e9a7d4c2f8e6b0a1d2c3e4f50"
    );
}

#[test]
fn a_failed_listing_shows_in_the_picker_and_changes_nothing() {
    let e = env();
    let config = json!({"tableName": ["sales.orders"], "data_connection_name": "dli_test",
        "data_connection_id": "14bb947454e64de784eadaab759081e8", "databaseName": ["warehouse"]});
    let mut t = open_on_source(&e, "picker_fault", "DLI", config.clone());
    e.fault_at(
        "GET",
        "/datatables",
        json!({"kind": "status", "status": 503}),
        20,
    );
    let s = open_picker(&mut t, "of 5000 match");
    let s = if s.contains("request id:") {
        s
    } else {
        t.wait_for("the error", |s| s.contains("request id:"))
    };
    assert!(s.contains("503"), "{s}");
    assert!(s.contains("hint:"), "{s}");
    assert!(
        !s.contains("request id: (none)"),
        "the emulator's request id is shown:\n{s}"
    );
    // Keys typed into a failed picker never reach the row below.
    t.send(b"xyz");
    t.send(b"\x1b");
    t.wait_for("the picker closed", |s| !s.contains("request id:"));
    let cfg = sent_config(&mut t, &e);
    assert_eq!(cfg, config);
}
