//! The read-back contract, end to end: the real `ctask` binary against the real emulator over
//! loopback, with `task_config` returned by reads and left out of them (the admin setting
//! `POST /_emulator/settings`, and `ctask emulator --omit-task-config` run as a process). `task pull`
//! maps `enabled` 3/5 to 1 and anything else to 0, drops the fields the server computes and never
//! makes up a `task_config` (it says so); `apply` finds a matching task unchanged, says "cannot
//! compare task_config" in the plan, `--json` and the run, never PUTs for it, and still updates a
//! real difference; `task list` tells a filter's matches from the project's total; `validate` knows
//! `data_connection_create_time` and still warns on an unknown `task_config` key.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::support::{self, Env, env, is_task_id, rt};
use serde_json::{Value, json};

/// What the run prints, beside a file whose read left `task_config` out.
const CANNOT_COMPARE: &str = "cannot compare task_config: the service did not return it";

/// The fields the Terraform provider's schema has computed only
/// (`resource_huaweicloud_dataarts_catalog_metadata_task.go`), written out here rather than taken
/// from ctask, so that a name dropped from ctask's list fails these tests.
const COMPUTED: &[&str] = &[
    "id",
    "project_id",
    "create_time",
    "update_time",
    "user_name",
    "path",
    "last_run_time",
    "start_time",
    "end_time",
    "next_run_time",
    "duty_person",
];

/// How the emulator's reads (show and search) treat `task_config`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reads {
    /// In every read: the emulator's default.
    Returned,
    /// Left out after `POST /_emulator/settings {"omit_task_config": true}`.
    OmittedBySetting,
    /// Left out from the start: `ctask emulator --omit-task-config`, a process of its own.
    OmittedByFlag,
}

impl Reads {
    fn omitted(self) -> bool {
        self != Reads::Returned
    }
}

/// `ctask emulator` run as people run it, ended (by its own handle) when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `ctask emulator --addr 127.0.0.1:0 --omit-task-config`; its base URL is read from its
/// banner, which must say reads leave `task_config` out.
fn emulator_omitting(home: &Path) -> (Process, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctask"))
        .args(["emulator", "--addr", "127.0.0.1:0", "--omit-task-config"])
        .env("CTASK_HOME", home)
        .env("HOME", home)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let process = Process(child);
    // The banner is written at once and ends with "Press Ctrl-C to stop."; nothing follows it.
    let banner: Vec<String> = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .take_while(|l| !l.contains("Press Ctrl-C"))
        .collect();
    let url = banner
        .first()
        .and_then(|l| l.split_whitespace().find(|w| w.starts_with("http://")))
        .unwrap_or_else(|| panic!("no URL in {banner:?}"))
        .to_string();
    assert!(
        banner
            .iter()
            .any(|l| l.contains("task_config") && l.contains("left out of reads")),
        "{banner:#?}"
    );
    (process, url)
}

/// A temp home whose default profile `tok` points at an emulator that reads as `reads` says.
struct Server {
    env: Env,
    base: String,
    _process: Option<Process>,
}

fn server(reads: Reads) -> Server {
    let env = env();
    let (process, base) = match reads {
        Reads::OmittedByFlag => {
            let (p, url) = emulator_omitting(env.home.path());
            (Some(p), url)
        }
        _ => (None, env.emu.base_url()),
    };
    env.add_token_at("tok", &base, &["--default"]);
    let s = Server {
        env,
        base,
        _process: process,
    };
    if reads == Reads::OmittedBySetting {
        assert_eq!(s.set_omit(true), json!({"omit_task_config": true}));
    }
    s
}

fn json_of(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

impl Server {
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.env.run(args)
    }

    /// `ctask ARGS --json`, which must print one JSON object.
    fn run_json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = args.to_vec();
        all.push("--json");
        let (code, out, err) = self.run(&all);
        let v = serde_json::from_str(&out).unwrap_or_else(|x| panic!("{x}: {out}\n{err}"));
        (code, v)
    }

    /// The admin setting; returns the settings the emulator answers with.
    fn set_omit(&self, omit: bool) -> Value {
        support::set_omit_task_config(&self.base, omit)
    }

    /// Every PUT the emulator received, oldest first (its request log).
    fn puts(&self) -> Vec<Value> {
        let url = format!("{}/_emulator/requests", self.base);
        let text = rt().block_on(async { reqwest::get(&url).await.unwrap().text().await.unwrap() });
        let all: Vec<Value> = serde_json::from_str(&text).unwrap();
        all.into_iter().filter(|r| r["method"] == "PUT").collect()
    }

    /// Creates a seed task named `name` (edited) with `ctask submit`; its id.
    fn create(&self, name: &str, edit: impl FnOnce(&mut Value)) -> String {
        let file = self.env.seed(name, edit);
        let (code, out, err) = self.run(&["submit", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let id = out.trim().to_string();
        assert!(is_task_id(&id), "{out}");
        id
    }

    /// The task as the service returns it (`ctask task show --json`).
    fn show(&self, id: &str) -> Value {
        let (code, v) = self.run_json(&["task", "show", id]);
        assert_eq!(code, 0, "{v:#}");
        v["task"].clone()
    }

    /// `ctask task pull ID`: the body on stdout, and stderr.
    fn pull(&self, id: &str) -> (Value, String) {
        let (code, out, err) = self.run(&["task", "pull", id]);
        assert_eq!(code, 0, "{err}");
        (json_of(&out), err)
    }
}

/// A CRON task created unscheduled (`enabled: 0`), with `data_connection_create_time` as the
/// provider's acceptance test sends it, and carrying the fields the provider's schema has computed.
/// The emulator computes none of those; it keeps what a create sends (Table 3 lists them as body
/// fields) and returns it, so this is how a read comes to hold them here.
fn scheduled_with_server_fields(v: &mut Value) {
    v["user_name"] = json!("someone");
    v["duty_person"] = json!("on_duty");
    v["path"] = json!("/catalog/tasks");
    v["next_run_time"] = json!("2026-05-01T09:00:00+08:00");
    v["start_time"] = json!("2026-04-14T00:00:00 +08");
    v["end_time"] = json!("2036-04-14T00:00:00 +08");
    v["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?",
        "interval": "15 minutes", "start_time": "2026-04-14T00:00:00 +08",
        "end_time": "2036-04-14T00:00:00 +08", "enabled": 0, "max_time_out": 60, "job_id": 42});
    v["task_config"]["data_connection_create_time"] = json!("1775892315978");
}

fn pull_scenario(reads: Reads) {
    let s = server(reads);
    let id = s.create("pulled_task", scheduled_with_server_fields);
    let sent = support::seed_body("x");
    // Never started, a CRON task reads back the 0 it was created with and pulls as 0: the
    // provider's acceptance tests create CRON tasks with `enabled = 0` and expect no diff.
    assert_eq!(s.show(&id)["schedule_config"]["enabled"], 0);
    assert_eq!(s.pull(&id).0["schedule_config"]["enabled"], 0);
    // Started by the schedule action (`action=run`), then run once so `last_run_time` is set.
    for cmd in ["start", "run"] {
        let (code, _, err) = s.run(&["task", cmd, &id]);
        assert_eq!(code, 0, "task {cmd}: {err}");
    }
    let read = s.show(&id);
    assert_eq!(read["schedule_config"]["enabled"], 3, "{read:#}");
    assert_eq!(read["schedule_config"]["job_id"], 42, "{read:#}");
    for f in COMPUTED {
        assert!(
            read.get(*f).is_some(),
            "the read should carry {f}: {read:#}"
        );
    }
    assert_eq!(
        read.get("task_config").is_none(),
        reads.omitted(),
        "{read:#}"
    );

    let (body, err) = s.pull(&id);
    // 3 ("scheduling") is what a create calls 1, as the provider's flattenScheduleConfig maps it.
    assert_eq!(body["schedule_config"]["enabled"], 1, "{body:#}");
    for f in COMPUTED {
        assert!(body.get(*f).is_none(), "{f} pulled: {body:#}");
    }
    assert!(body["schedule_config"].get("job_id").is_none(), "{body:#}");
    // The schedule's own times are the user's, not the server's.
    assert_eq!(
        body["schedule_config"]["start_time"],
        "2026-04-14T00:00:00 +08"
    );
    let file = s.env.home.path().join("pulled.json");
    std::fs::write(&file, body.to_string()).unwrap();
    let (vcode, vout, verr) = s.run(&["validate", file.to_str().unwrap()]);
    if reads.omitted() {
        // Never made up, and said: on stderr now, and by validate before anything is sent.
        assert!(body.get("task_config").is_none(), "{body:#}");
        assert!(
            err.contains("the service did not return task_config")
                && err.contains(&id)
                && err.contains("add it before submitting"),
            "{err}"
        );
        assert_eq!(vcode, 3, "{vout}{verr}");
        assert!(vout.contains("task_config"), "{vout}{verr}");
    } else {
        let mut want = sent["task_config"].clone();
        want["data_connection_create_time"] = json!("1775892315978");
        assert_eq!(body["task_config"], want);
        assert!(!err.contains("did not return"), "{err}");
        assert_eq!(vcode, 0, "{vout}{verr}");
        assert!(vout.contains("(0 errors, 0 warnings)"), "{vout}{verr}");
    }
    let (code, v) = s.run_json(&["task", "pull", &id]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["body"], body);
    let missing = if reads.omitted() {
        json!(["task_config"])
    } else {
        json!([])
    };
    assert_eq!(v["not_returned"], missing, "{v:#}");

    // Stopped, the read says 5 ("paused"), which the provider maps to 1 as well.
    let (code, _, err) = s.run(&["task", "stop", &id]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s.show(&id)["schedule_config"]["enabled"], 5);
    assert_eq!(s.pull(&id).0["schedule_config"]["enabled"], 1);

    // Any other number is 0. A RUN_ONCE task keeps the `enabled` it was created with (the emulator
    // writes a status only on CRON tasks), so one made with 2 reads back 2.
    let odd = s.create("odd_status", |v| v["schedule_config"]["enabled"] = json!(2));
    assert_eq!(s.show(&odd)["schedule_config"]["enabled"], 2);
    assert_eq!(s.pull(&odd).0["schedule_config"]["enabled"], 0);
}

#[test]
fn pull_maps_the_status_and_leaves_server_fields_out_with_task_config_returned() {
    pull_scenario(Reads::Returned);
}

#[test]
fn pull_never_makes_up_task_config_when_the_admin_setting_leaves_it_out() {
    pull_scenario(Reads::OmittedBySetting);
}

#[test]
fn pull_never_makes_up_task_config_when_ctask_emulator_omits_it() {
    pull_scenario(Reads::OmittedByFlag);
}

/// A folder holding one scheduled task file (CRON, `enabled: 1`, read back as 3).
fn task_folder(s: &Server, edit: impl FnOnce(&mut Value)) -> (PathBuf, PathBuf) {
    let dir = s.env.home.path().join("tasks");
    std::fs::create_dir_all(&dir).unwrap();
    let mut v = support::seed_body("nightly_orders");
    v["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?",
        "interval": "15 minutes", "enabled": 1, "max_time_out": 60});
    v["task_config"]["data_connection_create_time"] = json!("1775892315978");
    edit(&mut v);
    let file = dir.join("nightly_orders.json");
    std::fs::write(&file, v.to_string()).unwrap();
    (dir, file)
}

/// The one file's object of an apply `--json` answer.
fn only_file(v: &Value) -> &Value {
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{v:#}");
    &files[0]
}

fn apply_scenario(reads: Reads) {
    let s = server(reads);
    let (dir, file) = task_folder(&s, |_| {});
    let d = dir.to_str().unwrap();
    let (code, v) = s.run_json(&["apply", d]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(only_file(&v)["outcome"], "created");
    let id = only_file(&v)["task_id"].as_str().unwrap().to_string();
    // The note in a table cell, and the whole line on stderr: only where reads leave it out.
    let cannot = |text: &str| text.contains(CANNOT_COMPARE);
    let stderr_line = "cannot compare task_config of 1 task: the service did not return it";
    let note = if reads.omitted() {
        json!(["task_config"])
    } else {
        Value::Null
    };

    // The file matches the server: unchanged (the read's `enabled` 3 is the file's 1).
    let (code, out, err) = s.run(&["apply", d, "--plan"]);
    assert_eq!(code, 0, "{err}");
    let row = out.lines().find(|l| l.contains("nightly_orders")).unwrap();
    assert!(row.contains(" unchanged ") && row.contains(&id), "{out}");
    assert_eq!(cannot(row), reads.omitted(), "{out}");
    assert_eq!(err.contains(stderr_line), reads.omitted(), "{err}");
    let (code, v) = s.run_json(&["apply", d, "--plan"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(only_file(&v)["plan"], "unchanged", "{v:#}");
    assert_eq!(only_file(&v)["cannot_compare"], note, "{v:#}");

    // The run says it too, and `--update` sends nothing, run after run.
    for _ in 0..2 {
        let (code, out, err) = s.run(&["apply", d, "--update"]);
        assert_eq!(code, 0, "{out}{err}");
        let row = out.lines().find(|l| l.contains("nightly_orders")).unwrap();
        assert!(row.contains(" unchanged "), "{out}");
        assert_eq!(cannot(row), reads.omitted(), "{out}");
        assert_eq!(err.contains(stderr_line), reads.omitted(), "{err}");
    }
    let (code, v) = s.run_json(&["apply", d, "--update"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(only_file(&v)["outcome"], "unchanged", "{v:#}");
    assert_eq!(only_file(&v)["cannot_compare"], note, "{v:#}");
    assert_eq!(
        (v["updated"].clone(), v["unchanged"].clone()),
        (json!(0), json!(1))
    );
    assert!(s.puts().is_empty(), "{:#?}", s.puts());

    // A real difference is still found, reported and updated, once.
    let mut edited = json_of(&std::fs::read_to_string(&file).unwrap());
    edited["description"] = json!("changed on purpose");
    std::fs::write(&file, edited.to_string()).unwrap();
    let (_, v) = s.run_json(&["apply", d, "--plan"]);
    let f = only_file(&v);
    assert_eq!(
        (f["plan"].clone(), f["fields"].clone()),
        (json!("differs"), json!(["description"])),
        "{v:#}"
    );
    assert_eq!(f["cannot_compare"], note, "{v:#}");
    let (code, out, err) = s.run(&["apply", d]);
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("differs: description (--update)"), "{out}");
    assert_eq!(err.contains(stderr_line), reads.omitted(), "{err}");
    let (code, v) = s.run_json(&["apply", d]);
    assert_eq!(code, 4, "{v:#}");
    assert_eq!(only_file(&v)["outcome"], "differs", "{v:#}");
    assert_eq!(only_file(&v)["cannot_compare"], note, "{v:#}");
    assert!(s.puts().is_empty(), "without --update nothing is sent");

    let (code, v) = s.run_json(&["apply", d, "--update"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(only_file(&v)["outcome"], "updated", "{v:#}");
    let puts = s.puts();
    assert_eq!(puts.len(), 1, "{puts:#?}");
    assert!(
        puts[0]["path"].as_str().unwrap().ends_with(&id),
        "{puts:#?}"
    );
    // The PUT is the whole file: its task_config is written even where it could not be compared.
    let put = json_of(puts[0]["body"].as_str().unwrap());
    assert_eq!(put["description"], "changed on purpose");
    assert_eq!(put["task_config"], edited["task_config"]);
    let (code, v) = s.run_json(&["apply", d, "--update"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(only_file(&v)["outcome"], "unchanged", "{v:#}");
    assert_eq!(s.puts().len(), 1, "a second --update sends nothing");
}

#[test]
fn apply_finds_a_matching_task_unchanged_with_task_config_returned() {
    apply_scenario(Reads::Returned);
}

#[test]
fn apply_cannot_compare_task_config_and_never_puts_for_it_under_the_admin_setting() {
    apply_scenario(Reads::OmittedBySetting);
}

#[test]
fn apply_cannot_compare_task_config_and_never_puts_for_it_under_ctask_emulator_flag() {
    apply_scenario(Reads::OmittedByFlag);
}

fn list_scenario(reads: Reads) {
    let s = server(reads);
    s.create("orders_daily", |_| {});
    s.create("orders_hourly", |_| {});
    s.create("other_job", |v| v["data_source_type"] = json!("DWS"));
    let counted = |args: &[&str]| {
        let mut all = vec!["task", "list"];
        all.extend_from_slice(args);
        let (code, out, err) = s.run(&all);
        assert_eq!(code, 0, "{err}");
        (out.lines().count() - 1, err)
    };
    // `total_records` is the project's 3 whatever the filter; the line says which is which.
    let (rows, err) = counted(&["--name", "orders"]);
    assert_eq!(rows, 2);
    assert!(err.contains("2 tasks match; the project holds 3"), "{err}");
    let (rows, err) = counted(&["--type", "DWS"]);
    assert_eq!(rows, 1);
    assert!(err.contains("1 task matches; the project holds 3"), "{err}");
    // Cut short by --limit, the count is of what was listed, not of every match.
    let (rows, err) = counted(&["--name", "orders", "--limit", "1"]);
    assert_eq!(rows, 1);
    assert!(
        err.contains("the first 1 matching task (--limit 1); the project holds 3"),
        "{err}"
    );
    let (_, err) = counted(&[]);
    assert!(err.contains("3 of 3 tasks"), "{err}");

    let (code, v) = s.run_json(&["task", "list", "--name", "orders"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        (v["count"].clone(), v["total_records"].clone()),
        (json!(2), json!(3)),
        "{v:#}"
    );
    let tasks = v["tasks"].as_array().unwrap();
    assert!(
        tasks
            .iter()
            .all(|t| t["name"].as_str().unwrap().starts_with("orders_")),
        "{v:#}"
    );
    // The search reads like show: task_config only when the service returns it.
    assert!(
        tasks
            .iter()
            .all(|t| t.get("task_config").is_none() == reads.omitted()),
        "{v:#}"
    );
}

#[test]
fn task_list_tells_a_filters_matches_from_the_projects_total() {
    list_scenario(Reads::Returned);
}

#[test]
fn task_list_counts_the_same_with_task_config_left_out() {
    list_scenario(Reads::OmittedBySetting);
}

/// The setting switches a running emulator's reads both ways, and ctask follows at once.
#[test]
fn the_admin_setting_switches_reads_both_ways() {
    let s = server(Reads::Returned);
    let id = s.create("switched", |_| {});
    let not_returned = |s: &Server| s.run_json(&["task", "pull", &id]).1["not_returned"].clone();
    assert_eq!(not_returned(&s), json!([]));
    assert_eq!(s.set_omit(true), json!({"omit_task_config": true}));
    assert!(s.show(&id).get("task_config").is_none());
    let (body, err) = s.pull(&id);
    assert!(body.get("task_config").is_none(), "{body:#}");
    assert!(err.contains("did not return task_config"), "{err}");
    assert_eq!(not_returned(&s), json!(["task_config"]));
    assert_eq!(s.set_omit(false), json!({"omit_task_config": false}));
    assert_eq!(
        s.pull(&id).0["task_config"],
        support::seed_body("x")["task_config"]
    );
    assert_eq!(not_returned(&s), json!([]));
}

/// `data_connection_create_time` (the provider's acceptance test sends it) is a known key; a
/// misspelt one is still warned about.
#[test]
fn validate_knows_data_connection_create_time_and_warns_on_an_unknown_key() {
    let e = env();
    let write = |name: &str, edit: &dyn Fn(&mut Value)| {
        let mut v = support::seed_body("tf_style_task");
        v["task_config"]["data_connection_create_time"] = json!("1775892315978");
        edit(&mut v);
        let p = e.home.path().join(name);
        std::fs::write(&p, v.to_string()).unwrap();
        p.to_str().unwrap().to_string()
    };
    let known = write("known.json", &|_| {});
    let (code, out, err) = e.run(&["validate", "--strict", &known]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("(0 errors, 0 warnings)"), "{out}{err}");

    let typo = write("typo.json", &|v| {
        v["task_config"]["tableNme"] = json!(["ygy1.ygy"])
    });
    let (code, out, err) = e.run(&["validate", &typo]);
    assert_eq!(code, 0, "a warning only: {out}{err}");
    assert!(
        out.contains("task_config.tableNme") && out.contains("(0 errors, 1 warning)"),
        "{out}{err}"
    );
    assert!(!out.contains("data_connection_create_time"), "{out}");
    let (code, out, _) = e.run(&["validate", "--strict", "--json", &typo]);
    assert_eq!(code, 3, "{out}");
    let v = json_of(&out);
    let paths: Vec<&str> = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["task_config.tableNme"], "{v:#}");
    assert_eq!(v["issues"][0]["severity"], "warning");
}
