//! Paging against a hostile server: a server whose `total_records`/`total_count` says a billion and whose every
//! page is full of fresh, fat items (close to the 1 MiB ctask reads per answer) cannot make
//! `task list`, `apply --plan` or `ctask catalog …` page forever or fill memory: each stops at the
//! byte or item cap with a message naming it and its variable, in bounded time and peak RSS (read
//! from the child's `VmHWM`, and printed: `cargo test --test hostile_paging -- --nocapture`).

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::hostile::{Hostile, Mode};
use crate::support::{Env, env};

/// Runs `ctask ARGS` (with `vars`), sampling its peak resident set (`VmHWM`, KiB) until it exits;
/// returns exit code, stderr, time and peak.
fn measured(e: &Env, args: &[&str], vars: &[(&str, &str)]) -> (i32, String, Duration, u64) {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ctask"));
    cmd.env("CTASK_HOME", e.home.path())
        .env("HOME", e.home.path())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_path)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kib);
        }
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{args:?} still runs after 120 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    (
        status.code().unwrap_or(-1),
        reader.join().unwrap(),
        elapsed,
        peak,
    )
}

/// A command line, the variables it runs with, and what its error must name.
type Run<'a> = (Vec<&'a str>, &'a [(&'a str, &'a str)], &'a str);

#[test]
fn lying_totals_and_fat_pages_stop_at_a_named_cap_in_bounded_time_and_memory() {
    let e = env();
    let lying = Hostile::start(Mode::LyingTotal {
        name_len: 900,
        honest_connections: false,
    });
    let tables = Hostile::start(Mode::LyingTotal {
        name_len: 900,
        honest_connections: true,
    });
    e.add_token_at("lying", &lying.base_url(), &[]);
    e.add_token_at("tables", &tables.base_url(), &[]);
    let dir = e.home.path().join("files");
    std::fs::create_dir_all(&dir).unwrap();
    for n in ["one", "two"] {
        std::fs::copy(e.seed(n, |_| {}), dir.join(format!("{n}.json"))).unwrap();
    }
    let dir = dir.to_str().unwrap();
    let runs: Vec<Run> = vec![
        (
            vec!["task", "list", "--profile", "lying"],
            &[],
            "CTASK_MAX_BYTES",
        ),
        (
            vec!["task", "list", "--profile", "lying", "--json"],
            &[],
            "CTASK_MAX_BYTES",
        ),
        (
            vec!["apply", dir, "--plan", "--profile", "lying"],
            &[],
            "CTASK_MAX_BYTES",
        ),
        (
            vec!["catalog", "connections", "--profile", "lying"],
            &[],
            "CTASK_MAX_BYTES",
        ),
        (
            vec!["catalog", "databases", "c1", "--profile", "tables"],
            &[],
            "CTASK_MAX_BYTES",
        ),
        (
            vec!["catalog", "tables", "c1", "db", "--profile", "tables"],
            &[],
            "CTASK_MAX_BYTES",
        ),
        (
            vec!["catalog", "tables", "c1", "db", "--profile", "tables"],
            &[("CTASK_MAX_ITEMS", "5000")],
            "cap of 5000 items",
        ),
        (
            vec!["task", "list", "--profile", "lying"],
            &[("CTASK_MAX_BYTES", "4000000")],
            "cap of 4000000 bytes",
        ),
    ];
    for (args, vars, names) in runs {
        let before = lying.requests.load(std::sync::atomic::Ordering::SeqCst)
            + tables.requests.load(std::sync::atomic::Ordering::SeqCst);
        let (code, err, took, peak_kib) = measured(&e, &args, vars);
        let pages = lying.requests.load(std::sync::atomic::Ordering::SeqCst)
            + tables.requests.load(std::sync::atomic::Ordering::SeqCst)
            - before;
        println!(
            "{args:?} {vars:?}: exit {code}, {pages} requests, {:.2} s, peak RSS {:.1} MiB",
            took.as_secs_f64(),
            peak_kib as f64 / 1024.0
        );
        assert_ne!(
            code, 0,
            "{args:?}: a capped listing is not a success: {err}"
        );
        assert!(
            err.contains(names) || args.contains(&"--json"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(pages < 200, "{args:?}: {pages} pages");
        assert!(took < Duration::from_secs(60), "{args:?}: {took:?}");
        // Resident memory is read from /proc, so on Linux only; elsewhere the page count bounds it.
        if cfg!(target_os = "linux") {
            assert!(peak_kib > 0, "{args:?}: no resident-memory reading");
            assert!(peak_kib < 400 * 1024, "{args:?}: peak RSS {peak_kib} KiB");
        }
    }
}
