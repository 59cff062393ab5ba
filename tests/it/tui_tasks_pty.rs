//! The Tasks tab in a real terminal: the real binary in a pty on a token profile against the emulator
//! on loopback. A task created by `ctask submit` is listed; `x` (run now) and `k` (stop) reach the
//! emulator (`/_emulator/requests` shows `action=runimmediate` and `action=stop`); `d` asks, `y`
//! deletes, and the task is gone from the server.

use crate::support::pty::Tui;
use crate::support::{self, env, rt};
use serde_json::{Value, json};

fn actions(e: &support::Env) -> Vec<String> {
    let url = format!("{}/_emulator/requests", e.emu.base_url());
    let all: Vec<Value> = rt().block_on(async {
        serde_json::from_str(&reqwest::get(&url).await.unwrap().text().await.unwrap()).unwrap()
    });
    all.iter()
        .filter(|r| r["path"].as_str().unwrap_or("").ends_with("/action"))
        .map(|r| r["query"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_tasks_tab_lists_runs_stops_and_deletes_a_submitted_task() {
    let e = env();
    e.add_token("tok", &[]);
    let file = e.seed("pty_listed_task", |v| {
        v["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?",
            "interval": "15 minutes", "start_time": "2026-04-14T00:00:00 +08",
            "end_time": "2036-04-14T00:00:00 +08", "enabled": 1, "max_time_out": 60});
    });
    let (code, out, err) = e.submit(&file, &["--profile", "tok"]);
    assert_eq!(code, 0, "{err}");
    let id = out.trim().to_string();

    let mut t = Tui::start_in(e.home.path(), &["--profile", "tok"], &[]);
    t.wait_for("the first frame", |s| s.contains("profile tok"));
    // Ctrl-N to the Tasks tab (after History).
    for _ in 0..7 {
        t.send(b"\x0e");
    }
    let screen = t.wait_for("the task in the list", |s| {
        s.contains("pty_listed_task") && s.contains("scheduling")
    });
    assert!(screen.contains(&id), "{screen}");

    t.send(b"x");
    t.wait_for("run now done", |s| s.contains("is running now"));
    t.send(b"k");
    t.wait_for("stop done and the list read again", |s| {
        s.contains("schedule stopped") && s.contains("paused")
    });
    assert_eq!(actions(&e), ["action=runimmediate", "action=stop"]);

    t.send(b"d");
    t.wait_for("the delete question", |s| {
        s.contains("Delete task pty_listed_task") && s.contains("y: delete")
    });
    let (code, _, _) = e.run(&["task", "show", &id]);
    assert_eq!(code, 0, "not deleted before the answer");
    t.send(b"y");
    t.wait_for("deleted and the list read again", |s| {
        s.contains("deleted") && s.contains("tasks 0 of 0")
    });
    let (code, _, _) = e.run(&["task", "show", &id]);
    assert_eq!(code, 4, "gone from the server");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
}
