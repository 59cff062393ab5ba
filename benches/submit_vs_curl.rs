//! Whole-process cost of `ctask submit` against `curl` posting the same body to the same in-process
//! emulator: N runs each (unique task names), medians and their ratio. Needs `target/release/ctask`
//! (`cargo build --release`) and `curl` on PATH. Loopback only.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ctask::emulator::config::{SANDBOX_PROJECT_ID, SANDBOX_TOKEN, SANDBOX_WORKSPACE};
use ctask::emulator::{EmulatorConfig, spawn_background};
use serde_json::{Value, json};

const N: usize = 30;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn body(name: &str) -> String {
    let text = std::fs::read_to_string("assets/examples/seed-example.json").unwrap_or_default();
    let mut v: Value = serde_json::from_str(&text).unwrap_or(json!({}));
    v["name"] = json!(name);
    v.to_string()
}

fn run(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status();
    let took = start.elapsed();
    assert!(
        matches!(status, Ok(s) if s.success()),
        "a run failed: {cmd:?}"
    );
    took
}

fn main() {
    let bin = PathBuf::from("target/release/ctask");
    if !bin.exists() {
        eprintln!("build it first: cargo build --release");
        std::process::exit(2);
    }
    let emu = match spawn_background(EmulatorConfig::default()) {
        Ok(e) => e,
        Err(e) => panic!("cannot start the emulator: {e}"),
    };
    let base = emu.base_url();
    let home = std::env::temp_dir().join(format!("ctask-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let ctask = |args: &[&str], home: &Path| {
        let mut c = Command::new(&bin);
        c.args(args).env("CTASK_HOME", home);
        c
    };
    let mut add = ctask(
        &[
            "profile",
            "add",
            "bench",
            "--endpoint",
            &base,
            "--project-id",
            SANDBOX_PROJECT_ID,
            "--workspace",
            SANDBOX_WORKSPACE,
            "--token-stdin",
        ],
        &home,
    );
    add.stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = add.spawn().expect("spawn ctask profile add");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(SANDBOX_TOKEN.as_bytes());
    }
    assert!(
        child.wait().map(|s| s.success()).unwrap_or(false),
        "profile add failed"
    );

    let url = format!("{base}/v3/{SANDBOX_PROJECT_ID}/metadata/tasks/create");
    let mut ctask_times = Vec::with_capacity(N);
    let mut curl_times = Vec::with_capacity(N);
    for i in 0..N {
        let file = home.join(format!("task_{i}.json"));
        std::fs::write(&file, body(&format!("bench_ctask_{i}"))).expect("write task");
        let file_s = file.to_string_lossy().into_owned();
        ctask_times.push(run(&mut ctask(&["submit", &file_s], &home)));
        let data = body(&format!("bench_curl_{i}"));
        curl_times.push(run(Command::new("curl").args([
            "-sS",
            "-f",
            "-X",
            "POST",
            &url,
            "-H",
            &format!("X-Auth-Token: {SANDBOX_TOKEN}"),
            "-H",
            &format!("workspace: {SANDBOX_WORKSPACE}"),
            "-H",
            "Content-Type: application/json;charset=UTF-8",
            "--data-binary",
            &data,
        ])));
    }
    let (c, k) = (median(ctask_times), median(curl_times));
    println!("submit_vs_curl: N={N} whole-process runs each against the in-process emulator");
    println!("  ctask submit median: {:.2} ms", c.as_secs_f64() * 1e3);
    println!("  curl         median: {:.2} ms", k.as_secs_f64() * 1e3);
    println!(
        "  ratio (ctask / curl): {:.2} (target <= 1.5)",
        c.as_secs_f64() / k.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&home);
}
