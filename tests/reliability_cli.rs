//! The CLI under hostile values: timeouts out of range are refused when saved and when read (exit 2,
//! never a panic), and task text holding terminal controls never reaches the terminal raw through
//! `validate`, `submit` or `history list`, while `--json` keeps the exact value. Real binary,
//! emulator on loopback.

mod support;

use serde_json::Value;
use support::env;

#[test]
fn a_huge_timeout_is_refused_when_saved_and_when_read() {
    let e = env();
    let base = e.emu.base_url();
    let (code, _, err) = e.run(&[
        "profile",
        "add",
        "big",
        "--endpoint",
        &base,
        "--project-id",
        "p",
        "--workspace",
        "w",
        "--token-from",
        "env:T",
        "--timeout",
        "1e20",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--timeout"), "{err}");
    let config = std::fs::read_to_string(e.home.path().join("config.toml")).unwrap_or_default();
    assert!(!config.contains("big"), "saved anyway:\n{config}");

    e.add_token("tok", &[]);
    let path = e.home.path().join("config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace("[profiles.tok]\n", "[profiles.tok]\ntimeout_secs = 1e20\n");
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
    let (code, _, err) = e.run(&["profile", "test", "tok"]);
    assert_eq!(code, 2, "profile test: {err}");
    assert!(
        err.contains("timeout_secs") && err.contains("config.toml"),
        "{err}"
    );
    let seed = e.seed("huge_timeout", |_| {});
    let (code, _, err) = e.submit(&seed, &["--yes"]);
    assert_eq!(code, 2, "submit: {err}");
    assert!(e.creates().is_empty(), "sent with a broken profile");
}

const TITLE: &str = "esc\u{1b}]2;owned\u{7}_name";

#[test]
fn terminal_controls_in_task_text_are_escaped_in_human_output_and_exact_in_json() {
    let e = env();
    e.add_token("tok", &[]);
    let seed = e.seed(TITLE, |v| v["description"] = Value::from("d\u{1b}[31mred"));
    let raw = |s: &str| s.contains('\u{1b}') || s.contains('\u{7}');
    let (code, out, err) = e.run(&["validate".as_ref(), seed.as_os_str()]);
    assert!(
        code == 0 && !raw(&out) && !raw(&err),
        "validate: {out:?} {err:?}"
    );
    let (code, out, err) = e.submit(&seed, &["--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(!raw(&out) && !raw(&err), "submit: {out:?} {err:?}");
    let (code, out, err) = e.run(&["history", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("esc\\u001b]2;owned"),
        "the name is shown escaped: {out}"
    );
    assert!(!raw(&out) && !raw(&err), "history list: {out:?}");
    let (_, out, _) = e.run(&["history", "list", "--json"]);
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["task_name"], TITLE, "{out}");
    let id = rows[0]["id"].to_string();
    let (code, out, _) = e.run(&["history", "show", &id]);
    assert!(code == 0 && !raw(&out), "history show: {out:?}");
}

#[test]
fn validate_dev_zero_stops_at_the_cap_with_exit_2_and_little_memory() {
    let e = env();
    let bin = assert_cmd::cargo::cargo_bin("ctask");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1500000; exec '{}' validate /dev/zero",
            bin.display()
        ))
        .env("CTASK_HOME", e.home.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("larger than 5 MiB"), "{err}");
    // The largest of every child this test process has waited for (all far below 100 MiB).
    let usage =
        nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
    let peak_kib = usage.max_rss();
    assert!(peak_kib < 100 * 1024, "peak RSS {peak_kib} KiB");
}
