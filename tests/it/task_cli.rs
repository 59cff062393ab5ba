//! `ctask task …` against the real emulator over loopback: list (table, filters, paging), show, run,
//! start, stop, pull (→ edit → submit makes a copy), update, delete (asks, `--yes`, the stop-first
//! path for a scheduled task) and decoded errors with their exit codes.

use crate::support::{Env, env, is_task_id, rt};
use serde_json::{Value, json};

/// A CRON schedule that starts scheduling (`enabled: 1`) when created.
fn cron(v: &mut Value) {
    v["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?",
        "interval": "15 minutes", "start_time": "2026-04-14T00:00:00 +08",
        "end_time": "2036-04-14T00:00:00 +08", "enabled": 1, "max_time_out": 60});
}

/// Creates a task with `ctask submit` and returns its id.
fn create(e: &Env, name: &str, edit: impl FnOnce(&mut Value)) -> String {
    let file = e.seed(name, edit);
    let (code, out, err) = e.submit(&file, &["--profile", "tok"]);
    assert_eq!(code, 0, "{err}");
    let id = out.trim().to_string();
    assert!(is_task_id(&id), "{out}");
    id
}

fn requests(e: &Env) -> Vec<Value> {
    let url = format!("{}/_emulator/requests", e.emu.base_url());
    rt().block_on(async {
        serde_json::from_str(&reqwest::get(&url).await.unwrap().text().await.unwrap()).unwrap()
    })
}

fn json_of(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn show(e: &Env, id: &str) -> (i32, Value) {
    let (code, out, _) = e.run(&["task", "show", id, "--json"]);
    (code, json_of(&out))
}

fn setup() -> Env {
    let e = env();
    e.add_token("tok", &[]);
    e
}

#[test]
fn list_prints_an_aligned_table_filters_and_pages() {
    let e = setup();
    let a = create(&e, "orders_daily", |_| {});
    let b = create(&e, "orders_hourly", cron);
    create(&e, "other_job", |_| {});
    let (code, out, err) = e.run(&["task", "list", "--name", "orders"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("NAME"),
        "{out}"
    );
    // Every column starts at the same place on every line.
    let col = lines[0].find("NAME").unwrap();
    for l in &lines[1..] {
        assert_eq!(&l[col - 2..col], "  ", "{out}");
        assert!(l[col..].starts_with("orders_"), "{out}");
    }
    let row_b = lines.iter().find(|l| l.starts_with(&b)).unwrap();
    assert!(
        row_b.contains("CRON") && row_b.contains("scheduling"),
        "{row_b}"
    );
    assert!(lines.iter().any(|l| l.starts_with(&a)), "{out}");
    // total_records counts the project's 3 tasks, not the 2 matches: said as such.
    assert!(err.contains("2 tasks match; the project holds 3"), "{err}");

    let (_, out, _) = e.run(&["task", "list", "--limit", "1", "--json"]);
    let v = json_of(&out);
    assert_eq!(
        (v["count"].clone(), v["total_records"].clone()),
        (json!(1), json!(3))
    );
    let (_, out, _) = e.run(&["task", "list", "--type", "DWS", "--json"]);
    assert_eq!(json_of(&out)["count"], 0);
    let (_, out, _) = e.run(&["task", "list", "--json"]);
    assert_eq!(json_of(&out)["tasks"].as_array().unwrap().len(), 3);

    // Paging: pages of 2 through 3 tasks read every one, in two searches.
    let before = requests(&e).len();
    let session = ctask::app::Context::resolve(
        &ctask::store::Paths::under(e.home.path()),
        Some("tok"),
        &Default::default(),
    )
    .unwrap()
    .session;
    let all = rt()
        .block_on(ctask::app::tasks::list_in_pages(
            &session,
            &Default::default(),
            2,
        ))
        .unwrap();
    assert_eq!((all.tasks.len(), all.total), (3, 3));
    let searches: Vec<Value> = requests(&e)[before..].to_vec();
    assert_eq!(searches.len(), 2, "{searches:#?}");
    assert!(
        searches[1]["body"]
            .as_str()
            .unwrap()
            .contains("\"offset\":2")
    );
}

#[test]
fn show_run_start_stop_reach_the_service() {
    let e = setup();
    let id = create(&e, "sched_job", cron);
    let (code, v) = show(&e, &id);
    assert_eq!(code, 0);
    assert_eq!(
        (v["task"]["id"].as_str(), v["schedule"].as_str()),
        (Some(id.as_str()), Some("scheduling"))
    );
    let (code, out, _) = e.run(&["task", "stop", &id]);
    assert_eq!(code, 0);
    assert!(out.contains("schedule stopped"), "{out}");
    assert_eq!(show(&e, &id).1["schedule"], "paused");
    assert_eq!(show(&e, &id).1["task"]["schedule_config"]["enabled"], 5);
    let (code, _, _) = e.run(&["task", "start", &id]);
    assert_eq!(code, 0);
    assert_eq!(show(&e, &id).1["schedule"], "scheduling");
    let (code, out, _) = e.run(&["task", "run", &id, "--json"]);
    assert_eq!(code, 0);
    assert_eq!(json_of(&out)["action"], "runimmediate");
    assert!(show(&e, &id).1["task"]["last_run_time"].is_string());
    let actions: Vec<String> = requests(&e)
        .iter()
        .filter(|r| r["path"].as_str().unwrap().ends_with("/action"))
        .map(|r| r["query"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        actions,
        ["action=stop", "action=run", "action=runimmediate"]
    );
}

#[test]
fn errors_are_decoded_with_the_documented_exit_codes() {
    let e = setup();
    let missing = "0123456789abcdef0123456789abcdef";
    let (code, _, err) = e.run(&["task", "show", missing]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains(&e.emu_host()), "{err}");
    assert!(
        err.contains("code: DLG.2253") && err.contains("request id: "),
        "{err}"
    );
    let (code, out, _) = e.run(&["task", "run", missing, "--json"]);
    assert_eq!(code, 4);
    let v = json_of(&out);
    assert_eq!(
        (v["ok"].clone(), v["error"]["code"].clone()),
        (json!(false), json!("DLG.0818"))
    );
    let (code, _, err) = e.run(&["task", "list", "--profile", "nope"]);
    assert_eq!(code, 2, "{err}");
    // Nothing listens here: a network failure is exit 5.
    e.add_token_at(
        "dead",
        "http://127.0.0.1:9",
        &["--connect-timeout", "2", "--timeout", "5"],
    );
    let (code, _, err) = e.run(&["task", "list", "--profile", "dead"]);
    assert_eq!(code, 5, "{err}");
}

#[test]
fn pull_gives_a_body_that_validates_and_submits_as_a_copy() {
    let e = setup();
    let id = create(&e, "to_copy", cron);
    let (code, out, err) = e.run(&["task", "pull", &id]);
    assert_eq!(code, 0, "{err}");
    let mut body = json_of(&out);
    for f in ["id", "project_id", "create_time", "update_time"] {
        assert!(body.get(f).is_none(), "{f} in {body:#}");
    }
    // Read back as status 3 (scheduling), pulled as what a create takes.
    assert_eq!(body["schedule_config"]["enabled"], 1);
    let file = e.home.path().join("pulled.json");
    std::fs::write(&file, &out).unwrap();
    let (code, out, err) = e.run(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("(0 errors, 0 warnings)"), "{out}{err}");
    body["name"] = json!("to_copy_2");
    std::fs::write(&file, body.to_string()).unwrap();
    let (code, copy, err) = e.submit(&file, &["--profile", "tok"]);
    assert_eq!(code, 0, "{err}");
    let copy = copy.trim();
    assert!(is_task_id(copy) && copy != id);
    let (a, b) = (
        show(&e, &id).1["task"].clone(),
        show(&e, copy).1["task"].clone(),
    );
    assert_eq!(b["name"], "to_copy_2");
    assert_eq!(a["task_config"], b["task_config"]);
    assert_eq!(a["schedule_config"], b["schedule_config"]);
    let (_, out, _) = e.run(&["task", "pull", &id, "--json"]);
    assert_eq!(json_of(&out)["body"]["name"], "to_copy");
}

#[test]
fn update_replaces_the_definition_and_refuses_a_bad_file() {
    let e = setup();
    let id = create(&e, "to_update", |_| {});
    let file = e.seed("to_update", |v| v["description"] = json!("new words"));
    let (code, out, err) = e.run(&["task", "update", &id, file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("updated"), "{out}");
    assert_eq!(show(&e, &id).1["task"]["description"], "new words");
    let puts = requests(&e).iter().filter(|r| r["method"] == "PUT").count();
    assert_eq!(puts, 1);
    let bad = e.seed("to_update", |v| v["name"] = json!(""));
    let (code, _, err) = e.run(&["task", "update", &id, bad.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(
        requests(&e).iter().filter(|r| r["method"] == "PUT").count(),
        1
    );
}

#[test]
fn delete_needs_yes_without_a_terminal_then_deletes() {
    let e = setup();
    let id = create(&e, "to_delete", |_| {});
    let (code, _, err) = e.run(&["task", "delete", &id]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(show(&e, &id).0, 0, "still there");
    let (code, out, err) = e.run(&["task", "delete", &id, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("deleted"), "{out}");
    assert_eq!(show(&e, &id).0, 4, "gone");
}

#[test]
fn delete_of_a_scheduled_task_stops_it_first() {
    let e = setup();
    let id = create(&e, "scheduled_delete", cron);
    // The service refuses a scheduled task (what the stop-first path is for).
    let refused = e.sandbox_call(reqwest::Method::DELETE, &format!("/metadata/tasks/{id}"));
    assert!(refused.contains("DLG.2206"), "{refused}");
    let (code, out, err) = e.run(&["task", "delete", &id, "--yes", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v = json_of(&out);
    assert_eq!(
        (v["deleted"].clone(), v["stopped_schedule"].clone()),
        (json!(true), json!(true))
    );
    let tail: Vec<(String, String)> = requests(&e)
        .iter()
        .rev()
        .take(2)
        .map(|r| {
            (
                r["method"].as_str().unwrap().into(),
                r["query"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        tail,
        [
            ("DELETE".to_string(), String::new()),
            ("POST".into(), "action=stop".into())
        ]
    );
    assert_eq!(show(&e, &id).0, 4, "gone");
}
