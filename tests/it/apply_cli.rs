//! `ctask apply` against the real emulator over loopback: a folder of 20 files creates 20 and a second
//! run creates none (20 unchanged); `--plan` sends no create; `--rate 4` paces the whole run (the
//! measured rate is printed); two injected 503s fail the run, and a second run completes it with
//! exactly one task per name; throttles slow the run down and it still completes; Ctrl-C stops
//! starting creates and leaves no pending history row.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::support::{self, Env, env};
use serde_json::{Value, json};

/// `n` seed tasks named `{prefix}_{i}` in a folder of their own.
fn folder(e: &Env, prefix: &str, n: usize) -> PathBuf {
    let dir = e.home.path().join(prefix);
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string("assets/examples/seed-example.json").unwrap();
    for i in 0..n {
        let mut v: Value = serde_json::from_str(&text).unwrap();
        v["name"] = json!(format!("{prefix}_{i:02}"));
        std::fs::write(dir.join(format!("{i:02}.json")), v.to_string()).unwrap();
    }
    dir
}

fn setup() -> Env {
    let e = env();
    e.add_token("tok", &["--default"]);
    e
}

fn apply(e: &Env, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["apply", "--json"];
    all.extend_from_slice(args);
    let (code, out, err) = e.run(&all);
    let v = serde_json::from_str(&out).unwrap_or_else(|x| panic!("{x}: {out}\n{err}"));
    (code, v, err)
}

fn outcomes(v: &Value) -> Vec<String> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["outcome"].as_str().unwrap().to_string())
        .collect()
}

/// The names of every task the emulator holds, through `ctask task list`.
fn names_on_server(e: &Env) -> Vec<String> {
    let (code, out, err) = e.run(&["task", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut names: Vec<String> = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn a_folder_of_20_creates_20_then_a_second_run_creates_none_and_plan_sends_nothing() {
    let e = setup();
    let dir = folder(&e, "batch", 20);
    let d = dir.to_str().unwrap();

    let (code, v, err) = apply(&e, &[d, "--plan"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["plan"] == "create"),
        "{v:#}"
    );
    assert_eq!(e.creates().len(), 0, "--plan sent a create");

    let (code, v, err) = apply(&e, &[d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["created"], 20, "{v:#}");
    assert!(
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| support::is_task_id(f["task_id"].as_str().unwrap()))
    );
    assert_eq!(e.creates().len(), 20);
    let rows = e.history_rows();
    assert_eq!(rows.len(), 20, "one history row per create");
    assert!(rows.iter().all(|r| r["outcome"] == "ok"), "{rows:#?}");

    let (code, v, err) = apply(&e, &[d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (v["created"].clone(), v["unchanged"].clone()),
        (json!(0), json!(20)),
        "{v:#}"
    );
    assert_eq!(e.creates().len(), 20, "the second run sent a create");

    let (code, v, _) = apply(&e, &[d, "--plan"]);
    assert_eq!(code, 0);
    assert!(
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["plan"] == "unchanged"),
        "{v:#}"
    );
    assert_eq!(e.creates().len(), 20);
    assert_eq!(names_on_server(&e).len(), 20);

    // The human table names every file once, on stdout.
    let (code, out, err) = e.run(&["apply", d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 21, "{out}");
    assert!(
        out.lines().skip(1).all(|l| l.contains(" unchanged ")),
        "{out}"
    );
    assert!(err.contains("20 unchanged"), "{err}");
}

#[test]
fn rate_4_paces_every_call_of_the_run() {
    let e = setup();
    let dir = folder(&e, "paced", 10);
    let started = Instant::now();
    let (code, v, err) = apply(&e, &[dir.to_str().unwrap(), "--rate", "4"]);
    let took = started.elapsed();
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["created"], 10);
    let rate = v["requests_per_sec"].as_f64().unwrap();
    let requests = v["requests"].as_u64().unwrap();
    eprintln!(
        "apply --rate 4 of 10 files: {requests} requests in {:.2} s (process {:.2} s), measured {rate:.2} requests/s",
        v["elapsed_ms"].as_f64().unwrap() / 1000.0,
        took.as_secs_f64()
    );
    assert_eq!(requests, 11, "one search and ten creates: {v:#}");
    assert!(took >= Duration::from_millis(2400), "took {took:?}");
    assert!(rate <= 4.05, "measured {rate}");
}

#[test]
fn two_503s_fail_the_run_and_a_second_run_completes_with_one_task_per_name() {
    let e = setup();
    let dir = folder(&e, "flaky", 10);
    let d = dir.to_str().unwrap();
    e.fault(json!({"kind": "status", "status": 503, "body": "html"}), 2);
    let (code, v, err) = apply(&e, &[d]);
    assert_eq!(code, 5, "{v:#}\n{err}");
    let got = outcomes(&v);
    assert_eq!(got.iter().filter(|o| *o == "failed").count(), 2, "{v:#}");
    assert_eq!(got.iter().filter(|o| *o == "created").count(), 8, "{v:#}");
    assert_eq!(e.creates().len(), 10, "a failed create was sent again");

    let (code, v, err) = apply(&e, &[d]);
    assert_eq!(code, 0, "{v:#}\n{err}");
    assert_eq!(
        (v["created"].clone(), v["unchanged"].clone()),
        (json!(2), json!(8))
    );
    assert_eq!(e.creates().len(), 12);
    let names = names_on_server(&e);
    let want: Vec<String> = (0..10).map(|i| format!("flaky_{i:02}")).collect();
    assert_eq!(names, want, "exactly one task per name");
}

#[test]
fn throttles_slow_the_run_down_and_it_still_completes() {
    let e = setup();
    let dir = folder(&e, "throttled", 4);
    e.fault(json!({"kind": "throttle"}), 2);
    let (code, v, err) = apply(&e, &[dir.to_str().unwrap(), "--concurrency", "1"]);
    assert_eq!(code, 0, "{v:#}\n{err}");
    assert_eq!(v["created"], 4);
    assert!(v["slowdowns"].as_u64().unwrap() >= 2, "{v:#}");
    assert_eq!(names_on_server(&e).len(), 4);
}

#[test]
fn invalid_files_stop_everything_and_are_all_listed() {
    let e = setup();
    let dir = folder(&e, "mixed", 3);
    std::fs::write(dir.join("bad1.json"), "{\"name\": 3}").unwrap();
    std::fs::write(dir.join("bad2.json"), "not json").unwrap();
    let (code, out, err) = e.run(&["apply", dir.to_str().unwrap()]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        err.contains("bad1.json:") && err.contains("bad2.json"),
        "{err}"
    );
    assert!(
        err.contains("2 of 5 files have errors; nothing was sent"),
        "{err}"
    );
    assert!(e.requests().is_empty(), "a request was sent");
    let (code, _, err) = e.run(&["apply", "no/such/folder"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_files_of_one_apply_are_capped_in_total_by_ctask_apply_max_bytes() {
    let e = setup();
    let dir = folder(&e, "capped", 3);
    let one = std::fs::metadata(dir.join("00.json")).unwrap().len();
    let run = |cap: u64| {
        e.ctask()
            .args(["apply", "--plan", dir.to_str().unwrap()])
            .env("CTASK_APPLY_MAX_BYTES", cap.to_string())
            .output()
            .unwrap()
    };
    let out = run(one * 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("more than {} bytes", one * 2))
            && err.contains("CTASK_APPLY_MAX_BYTES"),
        "{err}"
    );
    assert!(e.requests().is_empty(), "a request was sent");
    let out = run(one * 3);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A value that is not a number of bytes is named.
    let out = e
        .ctask()
        .args(["apply", "--plan", dir.to_str().unwrap()])
        .env("CTASK_APPLY_MAX_BYTES", "lots")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CTASK_APPLY_MAX_BYTES=\"lots\""));
}

#[test]
fn a_koocli_header_with_a_line_break_stops_the_apply() {
    let e = setup();
    let dir = folder(&e, "headers", 1);
    let text = std::fs::read_to_string("assets/examples/seed-example.json").unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    let koo = json!({"header": {"X-Language": "en\nus"}, "body": body});
    std::fs::write(dir.join("koo.json"), koo.to_string()).unwrap();
    let (code, out, err) = e.run(&["apply", dir.to_str().unwrap()]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(err.contains("header.X-Language"), "{err}");
    assert!(e.requests().is_empty(), "a request was sent");
}

#[cfg(unix)] // SIGINT from outside: Unix signals
#[test]
fn ctrl_c_stops_starting_creates_waits_for_those_in_flight_and_reports() {
    let e = setup();
    let dir = folder(&e, "stopped", 10);
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_ctask"))
        .env("CTASK_HOME", e.home.path())
        .env("HOME", e.home.path())
        .args([
            "apply",
            "--json",
            "--rate",
            "2",
            "--concurrency",
            "1",
            dir.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1800));
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|x| panic!("{x}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(5), "{v:#}");
    assert_eq!(v["interrupted"], true);
    let created = v["created"].as_u64().unwrap() as usize;
    assert!((1..10).contains(&created), "{v:#}");
    assert_eq!(
        v["not_started"].as_u64().unwrap() as usize,
        10 - created,
        "{v:#}"
    );
    assert_eq!(
        names_on_server(&e).len(),
        created,
        "the report matches the server"
    );
    let rows = e.history_rows();
    assert_eq!(rows.len(), created);
    assert!(rows.iter().all(|r| r["outcome"] == "ok"), "{rows:#?}");
}
