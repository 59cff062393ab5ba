//! "Did my create land?" end to end: a profile with a 1 s timeout against an emulator that delays the
//! create by 3 s (the task is still created after the client gave up) or hangs (no task). `submit`
//! sends exactly one create and settles it by a name search: found → exit 0 with the id, history row
//! ok with the id; not found → exit 5, row failed.

use crate::support::{self, env, is_task_id, seed_body};
use serde_json::json;

#[test]
fn a_delayed_create_is_found_by_the_search_and_recorded_ok() {
    let e = env();
    e.add_token("p", &["--connect-timeout", "1", "--timeout", "1"]);
    e.fault(json!({"kind": "delay", "ms": 3000}), 1);
    let file = e.seed("late_answer", |_| {});
    let (code, so, se) = submit_searching(&e, &file, &[], "10");
    assert_eq!(code, 0, "{so}{se}");
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

/// Creates `names` straight on the emulator as the sandbox's user (not through ctask).
fn create_on_server(e: &support::Env, bodies: impl IntoIterator<Item = serde_json::Value>) {
    let url = format!(
        "{}/v3/{}/metadata/tasks/create",
        e.emu.base_url(),
        ctask::emulator::config::SANDBOX_PROJECT_ID
    );
    support::rt().block_on(async {
        let c = reqwest::Client::new();
        for body in bodies {
            let r = c
                .post(&url)
                .header("X-Auth-Token", ctask::emulator::config::SANDBOX_TOKEN)
                .header("workspace", ctask::emulator::config::SANDBOX_WORKSPACE)
                .header("content-type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "{}", r.text().await.unwrap());
        }
    });
}

/// `ctask submit FILE --profile p EXTRA` with a lost answer searched for `secs` seconds.
fn submit_searching(
    e: &support::Env,
    file: &std::path::Path,
    extra: &[&str],
    secs: &str,
) -> (i32, String, String) {
    let mut args = vec!["submit", file.to_str().unwrap(), "--profile", "p"];
    args.extend_from_slice(extra);
    e.run_with(&args, &[("CTASK_RECONCILE_SECS", secs)])
}

/// The answer is lost (a 503 that made nothing) while someone else's task of that name exists.
fn lost_answer_over(e: &support::Env, name: &str) -> (i32, String, String) {
    e.add_token("p", &[]);
    e.fault(json!({"kind": "status", "status": 503, "body": "html"}), 1);
    submit_searching(e, &e.seed(name, |_| {}), &[], "1")
}

#[test]
fn a_task_of_the_same_name_made_before_is_never_claimed() {
    let e = env();
    create_on_server(&e, [seed_body("taken_before")]);
    let theirs = e.sandbox_call(reqwest::Method::POST, "/metadata/tasks/search");
    // Older than what a Date header's whole second and the clocks' slack may hide (1.5 s).
    std::thread::sleep(std::time::Duration::from_millis(2_000));
    let (code, so, se) = lost_answer_over(&e, "taken_before");
    assert_eq!(code, 5, "not created: {so}{se}");
    assert!(so.trim().is_empty(), "no task id printed: {so}");
    assert!(
        se.contains("already existed") && se.contains("ours was not created"),
        "{se}"
    );
    assert!(se.contains("before this request left"), "{se}");
    let v: serde_json::Value = serde_json::from_str(&theirs).unwrap();
    let their_id = v["resources"][0]["id"].as_str().unwrap();
    assert!(se.contains(their_id), "names the task that existed: {se}");
    let rows = e.history_rows();
    assert_eq!(rows[0]["outcome"], "failed", "{:#}", rows[0]);
    assert!(rows[0]["task_id"].is_null(), "{:#}", rows[0]);
}

#[test]
fn a_task_of_the_same_name_with_another_body_is_never_claimed() {
    let e = env();
    let mut other = seed_body("taken_other");
    other["description"] = json!("someone else's task");
    create_on_server(&e, [other]);
    let (code, so, se) = lost_answer_over(&e, "taken_other");
    assert_eq!(code, 5, "{so}{se}");
    assert!(so.trim().is_empty(), "{so}");
    assert!(
        se.contains("already existed") && se.contains("description differs"),
        "{se}"
    );
    assert_eq!(e.history_rows()[0]["outcome"], "failed");
    // --json says the same in `error.settled`.
    e.fault(json!({"kind": "status", "status": 503, "body": "html"}), 1);
    let file = e.seed("taken_other", |_| {});
    let (code, so, _) = submit_searching(&e, &file, &["--json"], "1");
    assert_eq!(code, 5);
    let v: serde_json::Value = serde_json::from_str(&so).unwrap();
    let settled = v["error"]["settled"].as_str().unwrap_or_default();
    assert!(settled.contains("already existed"), "{v}");
}

#[test]
fn the_exact_name_is_found_after_1200_tasks_whose_names_hold_it() {
    let e = env();
    create_on_server(&e, (0..1_200).map(|i| seed_body(&format!("many_{i:04}"))));
    e.add_token("p", &["--connect-timeout", "1", "--timeout", "1"]);
    // The create is made after the client gave up: the last of 1,201 substring matches.
    e.fault(json!({"kind": "delay", "ms": 2500}), 1);
    let file = e.seed("many", |_| {});
    let (code, so, se) = submit_searching(&e, &file, &[], "15");
    assert_eq!(code, 0, "{so}{se}");
    assert!(is_task_id(so.trim()), "{so}{se}");
    let ours = e
        .creates()
        .iter()
        .filter(|r| r["body"].as_str().unwrap_or("").contains("\"many\""))
        .count();
    assert_eq!(ours, 1, "never sent twice");
    let shown = e.sandbox_call(
        reqwest::Method::GET,
        &format!("/metadata/tasks/{}", so.trim()),
    );
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["name"], "many");
}
