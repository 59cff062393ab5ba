//! A hostile server against the real binary: a hostile server's terminal controls in `error_code` and
//! `error_msg` never reach stdout or stderr on any error path of `ctask task …`, `ctask catalog …`,
//! `profile test`, `submit` and `history` (they are shown escaped); 70,000-character names go through
//! `apply`, `task list` and `history list` without a panic, cut with `…`; CJK names line up; a closed
//! stderr ends `submit` and `apply` with 141 and leaves no history row `pending`.

use std::path::PathBuf;
use std::process::Stdio;

use crate::support::hostile::{EVIL_CODE, Hostile, Mode};
use crate::support::{self, Env, env};
use serde_json::{Value, json};

const ID: &str = "0123456789abcdef0123456789abcdef";

/// Where `bytes` holds a raw ESC, BEL, C1 (U+0080–U+009F as UTF-8) or bidi override U+202E.
fn raw_controls(bytes: &[u8]) -> Vec<usize> {
    (0..bytes.len())
        .filter(|&i| {
            let b = bytes[i];
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            b == 0x1b
                || b == 0x07
                || (b == 0xc2 && (0x80..=0x9f).contains(&next))
                || bytes[i..].starts_with("\u{202e}".as_bytes())
        })
        .collect()
}

/// Runs `ctask ARGS` and checks that neither stream holds a raw control; returns the exit code
/// and both streams as text.
fn clean_run(e: &Env, args: &[&str]) -> (i32, String) {
    let out = e.ctask().args(args).output().unwrap();
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let at = raw_controls(bytes);
        assert!(
            at.is_empty(),
            "{args:?}: raw controls on {name} at {at:?}: {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn server_controls_in_errors_are_escaped_on_every_path() {
    let e = env();
    let h400 = Hostile::start(Mode::Errors { status: 400 });
    let h500 = Hostile::start(Mode::Errors { status: 500 });
    let later = Hostile::start(Mode::ErrorsAfterConnections);
    e.add_token_at("e400", &h400.base_url(), &[]);
    e.add_token_at("e500", &h500.base_url(), &[]);
    e.add_token_at("later", &later.base_url(), &[]);
    let file = e.seed("evil_update", |_| {});
    let file = file.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["task", "list"],
        vec!["task", "show", ID],
        vec!["task", "run", ID],
        vec!["task", "start", ID],
        vec!["task", "stop", ID],
        vec!["task", "delete", ID, "--yes"],
        vec!["task", "update", ID, file],
        vec!["task", "pull", ID],
        vec!["catalog", "connections"],
        vec!["catalog", "databases", "c1"],
        vec!["catalog", "schemas", "c1", "db"],
        vec!["catalog", "tables", "c1", "db"],
        vec!["submit", file],
    ];
    for profile in ["e400", "e500", "later"] {
        for cmd in &commands {
            for json_out in [false, true] {
                if profile == "later" && cmd[0] != "catalog" {
                    continue;
                }
                let mut args = cmd.clone();
                args.extend(["--profile", profile]);
                if json_out {
                    args.push("--json");
                }
                let (code, text) = clean_run(&e, &args);
                let listing_ok = profile == "later" && cmd[1] == "connections";
                assert_eq!(code == 0, listing_ok, "{args:?}: exit {code}\n{text}");
                let shown = if listing_ok {
                    "\\u001b]0;t"
                } else {
                    "\\u001b]52;c;"
                };
                assert!(
                    text.contains(shown),
                    "{args:?}: the server's text is shown escaped:\n{text}"
                );
                if !json_out {
                    assert!(text.contains("\\u202e"), "{args:?}: bidi shown:\n{text}");
                }
            }
        }
    }
    for profile in ["e400", "e500"] {
        let (code, text) = clean_run(&e, &["profile", "test", profile]);
        assert_ne!(code, 0, "{text}");
        assert!(text.contains("\\u001b]52;c;"), "{text}");
    }
    // The failed submits' rows keep the server's code; history shows it escaped.
    let (code, text) = clean_run(&e, &["history", "list", "--limit", "50"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("DLG.\\u001b]52;c;"), "{text}");
    let id = e.history_rows()[0]["id"].as_i64().unwrap().to_string();
    let (code, text) = clean_run(&e, &["history", "show", &id]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("\\u001b]0;owned title\\u0007"), "{text}");
    let (code, text) = clean_run(&e, &["history", "list", "--json"]);
    assert_eq!(code, 0);
    let rows: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        rows[0]["error_code"], EVIL_CODE,
        "--json keeps the exact value"
    );
}

/// A folder of task files named `names`, one each.
fn folder(e: &Env, dir: &str, names: &[String]) -> PathBuf {
    let path = e.home.path().join(dir);
    std::fs::create_dir_all(&path).unwrap();
    let text = std::fs::read_to_string("assets/examples/seed-example.json").unwrap();
    for (i, n) in names.iter().enumerate() {
        let mut v: Value = serde_json::from_str(&text).unwrap();
        v["name"] = json!(n);
        std::fs::write(path.join(format!("{i:02}.json")), v.to_string()).unwrap();
    }
    path
}

/// The display column where `needle` starts on the line that holds it.
fn column_of(text: &str, needle: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    let line = text.lines().find(|l| l.contains(needle)).unwrap();
    line[..line.find(needle).unwrap()].width()
}

#[test]
fn names_of_70000_characters_and_cjk_names_make_aligned_tables_without_a_panic() {
    let e = env();
    e.add_token("tok", &["--default"]);
    // One name past 65,535 (what `format!("{:<w$}")` panics on), one wide (CJK counts two columns).
    // Not more: the history's search index costs seconds per long name in a debug build.
    let names = vec![
        "a".repeat(70_000),
        "名".repeat(300),
        "名前のタスク".to_string(),
        "short_name".to_string(),
    ];
    let dir = folder(&e, "wide", &names);
    let dir = dir.to_str().unwrap();
    for (args, word) in [
        (vec!["apply", dir, "--plan"], " create "),
        (vec!["apply", dir], " created "),
    ] {
        let (code, text) = clean_run(&e, &args);
        assert_eq!(code, 0, "{args:?}: {text}");
        assert!(!text.contains("panicked"), "{text}");
        assert!(
            text.contains("aaaa…") && text.contains("名名…"),
            "{args:?} cuts:\n{text}"
        );
        assert!(
            text.lines().all(|l| l.len() < 1000),
            "{args:?}: no line holds a whole name"
        );
        let col =
            |needle: &str| column_of(text.lines().find(|l| l.contains(needle)).unwrap(), word);
        assert_eq!(
            col("名前のタスク"),
            col("short_name"),
            "{args:?}: columns line up:\n{text}"
        );
        assert_eq!(
            col("名名…"),
            col("aaaa…"),
            "{args:?}: columns line up:\n{text}"
        );
    }
    let (code, text) = clean_run(&e, &["task", "list"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        !text.contains("panicked") && text.contains("aaaa…") && text.contains("名名…"),
        "{text}"
    );
    let col = |needle: &str| {
        let line = text.lines().find(|l| l.contains(needle)).unwrap();
        column_of(line, "DLI")
    };
    assert_eq!(
        col("名前のタスク"),
        col("short_name"),
        "TYPE lines up:\n{text}"
    );
    assert_eq!(col("aaaa…"), col("名名…"), "TYPE lines up:\n{text}");
    let (code, text) = clean_run(&e, &["history", "list"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("aaaa…") && text.contains("名名…"), "{text}");
    let col = |needle: &str| column_of(text.lines().find(|l| l.contains(needle)).unwrap(), "DLI");
    assert_eq!(
        col("名前のタスク"),
        col("short_name"),
        "history lines up:\n{text}"
    );
    assert_eq!(col("名名…"), col("short_name"), "history lines up:\n{text}");
}

/// Runs `ctask ARGS` with stderr (and, `both`, stdout) on a pipe whose reader is already gone.
fn closed_stderr(e: &Env, args: &[&str], both: bool) -> (i32, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ctask"));
    cmd.env("CTASK_HOME", e.home.path())
        .env("HOME", e.home.path())
        .args(args)
        .stderr(writer.try_clone().unwrap());
    if both {
        cmd.stdout(writer);
    } else {
        drop(writer);
        cmd.stdout(Stdio::piped());
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn assert_settled(e: &Env, want: usize) {
    let (code, out, err) = e.run(&["history", "list", "--limit", "1000", "--json"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), want, "{rows:#?}");
    for r in &rows {
        assert_eq!(r["outcome"], "ok", "every row settled: {r:#}");
    }
}

#[test]
fn a_closed_stderr_ends_submit_and_apply_with_141_and_every_row_settled() {
    let e = env();
    e.add_token("tok", &["--default"]);
    // `ctask submit FILE 2>&1 | head -1` once head has gone: both streams closed.
    let file = e.seed("closed_stderr_submit", |_| {});
    let (code, _) = closed_stderr(&e, &["submit", file.to_str().unwrap()], true);
    assert_eq!(code, 141);
    assert_settled(&e, 1);
    // Only stderr closed: the task id still reaches stdout.
    let file = e.seed("closed_stderr_submit2", |_| {});
    let (code, out) = closed_stderr(&e, &["submit", file.to_str().unwrap()], false);
    assert_eq!(code, 141);
    assert!(support::is_task_id(&out), "{out}");
    assert_settled(&e, 2);
    // apply writes a progress line per file on stderr while the creates run.
    let names: Vec<String> = (0..12).map(|i| format!("closed_apply_{i:02}")).collect();
    let dir = folder(&e, "closed", &names);
    let (code, out) = closed_stderr(&e, &["apply", dir.to_str().unwrap()], false);
    assert_eq!(code, 141, "{out}");
    assert!(!out.contains("panicked"), "{out}");
    assert_settled(&e, 14);
    let dir2 = folder(
        &e,
        "closed2",
        &names.iter().map(|n| format!("{n}_b")).collect::<Vec<_>>(),
    );
    let (code, _) = closed_stderr(
        &e,
        &["apply", dir2.to_str().unwrap(), "--concurrency", "4"],
        true,
    );
    assert_eq!(code, 141);
    assert_settled(&e, 26);
}
