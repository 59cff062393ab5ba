//! `ctask history list --limit 50` over 100,000 synthetic rows, whole process each time, and its peak
//! RSS with 1,000 rows against 100,000 (it must not grow with the row count). A bench binary: run
//! with `cargo bench --bench history_cli`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ctask::store::history::{Answered, History, Outcome, Sent};

const RUNS: usize = 20;

fn fill(home: &Path, rows: usize) {
    let (h, _) = History::open(&home.join("ctask.db")).expect("open history");
    h.connection().execute_batch("BEGIN").expect("begin");
    for i in 0..rows {
        let sent = Sent {
            sent_at: format!(
                "2026-11-{:02}T10:{:02}:{:02}.000Z",
                1 + i % 28,
                i % 60,
                i % 60
            ),
            source: "cli".into(),
            profile: if i % 3 == 0 {
                "prod".into()
            } else {
                "dev".into()
            },
            endpoint: "https://dayu.cn-north-4.myhuaweicloud.com".into(),
            project_id: "df1b2db7f98b778921e37fe91e633a7f".into(),
            workspace: "73d1294a9d8f3efb695a87df0b274385".into(),
            auth_kind: "token".into(),
            task_name: format!("collection_task_{i}"),
            data_source_type: "DLI".into(),
            method: "POST".into(),
            url: "https://dayu.cn-north-4.myhuaweicloud.com/v3/p/metadata/tasks/create".into(),
            request_headers: r#"{"X-Auth-Token":"****"}"#.into(),
            request_body: format!(
                r#"{{"name":"collection_task_{i}","task_config":{{"tableName":["db.t{i}"]}}}}"#
            ),
        };
        let id = h.record_sent(&sent).expect("insert");
        let answer = Answered {
            answered_at: sent.sent_at.clone(),
            duration_ms: 40 + (i % 50) as i64,
            status: Some(200),
            task_id: Some(format!("{i:032x}")),
            response_body: Some(format!(r#"{{"task_id":"{i:032x}"}}"#)),
            outcome: Some(Outcome::Ok),
            ..Answered::default()
        };
        h.record_answer(id, &answer).expect("answer");
    }
    h.connection().execute_batch("COMMIT").expect("commit");
}

fn list(home: &Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_ctask"))
        .args(["history", "list", "--limit", "50"])
        .env("CTASK_HOME", home)
        .stdout(Stdio::null())
        .status()
        .expect("run ctask");
    assert!(status.success());
    start.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The largest resident set of the children waited for, in KiB (Unix's `getrusage`; 0 elsewhere,
/// where this bench measures time only).
fn peak_children_rss_kib() -> i64 {
    #[cfg(unix)]
    {
        use nix::sys::resource::{UsageWho, getrusage};
        getrusage(UsageWho::RUSAGE_CHILDREN).map_or(0, |u| u.max_rss())
    }
    #[cfg(not(unix))]
    {
        0
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs it once quickly.
    let quick = !std::env::args().any(|a| a == "--bench");
    let (small, big) = if quick {
        (100, 1_000)
    } else {
        (1_000, 100_000)
    };
    let small_home = tempfile::tempdir().expect("temp dir");
    let big_home = tempfile::tempdir().expect("temp dir");
    fill(small_home.path(), small);
    let t = Instant::now();
    fill(big_home.path(), big);
    println!("filled {big} rows in {:.1} s", t.elapsed().as_secs_f64());

    list(small_home.path());
    let rss_small = peak_children_rss_kib();
    let runs = if quick { 2 } else { RUNS };
    let times: Vec<Duration> = (0..runs).map(|_| list(big_home.path())).collect();
    let rss_big = peak_children_rss_kib();
    println!(
        "ctask history list --limit 50 over {big} rows: median {:.2} ms ({runs} runs)",
        median(times).as_secs_f64() * 1e3
    );
    println!(
        "peak RSS: {rss_small} KiB with {small} rows, {rss_big} KiB with {big} rows (max over all runs)"
    );
}
