//! Bad files on the user's disk, end to end with the real binary: a garbage `config.toml`, a
//! credentials file others can read, one that cannot be read, a truncated history database, a data
//! dir that cannot be created, and a full disk (writes fail). Each test proves the CLI goes on or
//! exits with a clear message, that nothing the user had is overwritten (bytes compared), and that a
//! broken file is kept (in place, or aside for the database).

use std::collections::BTreeMap;
use std::fs;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::support::{Env, env};

const QUICK: &[&str] = &["--connect-timeout", "2", "--timeout", "10"];

/// Every file under `dir` with its bytes (the history database excluded: submits add to it).
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("ctask.db") || p.extension().is_some_and(|e| e == "json") {
            continue;
        }
        if p.is_dir() {
            out.insert(p.clone(), b"<dir>".to_vec());
            out.extend(files(&p));
        } else {
            out.insert(
                p.clone(),
                fs::read(&p).unwrap_or_else(|_| b"<unreadable>".to_vec()),
            );
        }
    }
    out
}

fn run(e: &Env, args: &[&str]) -> (i32, String, String) {
    let out = e.ctask().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn add_q(e: &Env) -> (i32, String, String) {
    let base = e.emu.base_url();
    let out = e
        .ctask()
        .args([
            "profile",
            "add",
            "q",
            "--endpoint",
            &base,
            "--project-id",
            "p",
        ])
        .args(["--workspace", "w", "--auth", "token", "--token-stdin"])
        .write_stdin("another-token")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ready() -> Env {
    let e = env();
    e.add_token("p", QUICK);
    e
}

#[test]
fn garbage_config_is_reported_by_line_and_never_overwritten() {
    let e = ready();
    let config = e.home.path().join("config.toml");
    fs::write(&config, b"[profiles.p\nendpoint = = \"\xff\xfe\"\n").unwrap();
    let before = files(e.home.path());
    let file = e.seed("bad_config", |_| {});
    let (code, _, err) = e.submit(&file, &["--profile", "p"]);
    assert_eq!(code, 2, "{err}");
    let first = err.lines().next().unwrap_or_default();
    assert!(first.contains("config.toml"), "{err}");
    assert!(
        first.contains("line 2, column 15") && first.contains("not UTF-8"),
        "{err}"
    );
    assert!(first.contains("nothing was changed"), "{err}");
    assert_eq!(
        add_q(&e).0,
        2,
        "profile add refuses to replace a broken config"
    );
    assert_eq!(run(&e, &["profile", "list"]).0, 2);
    assert_eq!(files(e.home.path()), before, "nothing was overwritten");
    assert!(e.creates().is_empty());
    let (code, _, err) = run(&e, &["history", "list"]);
    assert_eq!(code, 0, "history does not need the config: {err}");
    eprintln!("| garbage config.toml | `{first}` | 2 |");
}

#[cfg(unix)]
#[test]
fn credentials_readable_by_others_warn_but_the_submit_goes_on() {
    let e = ready();
    let creds = e.home.path().join("credentials.toml");
    fs::set_permissions(&creds, fs::Permissions::from_mode(0o644)).unwrap();
    let before = files(e.home.path());
    let file = e.seed("loose_creds", |_| {});
    let (code, out, err) = e.submit(&file, &["--profile", "p"]);
    assert_eq!(code, 0, "{err}");
    assert!(crate::support::is_task_id(&out));
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("ctask: warning:") && first.contains("chmod 600"),
        "{err}"
    );
    assert_eq!(files(e.home.path()), before);
    eprintln!("| credentials.toml mode 0644 | `{first}` | 0 |");
}

#[cfg(unix)]
/// Makes `path` unreadable: mode 000, or, when that does not stop us (root), a directory in its place.
fn make_unreadable(path: &Path) {
    fs::set_permissions(path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(path).is_ok() {
        fs::remove_file(path).unwrap();
        fs::create_dir(path).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn unreadable_credentials_stop_with_a_clear_message_and_are_kept() {
    let e = ready();
    let creds = e.home.path().join("credentials.toml");
    let original = fs::read(&creds).unwrap();
    make_unreadable(&creds);
    let before = files(e.home.path());
    let file = e.seed("unreadable_creds", |_| {});
    let (code, _, err) = e.submit(&file, &["--profile", "p"]);
    assert_eq!(code, 2, "{err}");
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.contains("credentials.toml") && first.contains("cannot read"),
        "{err}"
    );
    let (code, _, add_err) = add_q(&e);
    assert_eq!(
        code, 2,
        "profile add must not replace unreadable secrets: {add_err}"
    );
    assert_eq!(files(e.home.path()), before, "nothing was overwritten");
    if creds.is_file() {
        fs::set_permissions(&creds, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(fs::read(&creds).unwrap(), original);
    }
    assert!(e.creates().is_empty());
    eprintln!("| credentials.toml unreadable | `{first}` | 2 |");
}

#[test]
fn truncated_history_database_is_set_aside_and_a_new_one_started() {
    let e = ready();
    for i in 0..3 {
        let f = e.seed(&format!("before_truncation_{i}"), |_| {});
        assert_eq!(e.submit(&f, &["--profile", "p"]).0, 0);
    }
    let db = e.home.path().join("ctask.db");
    // ctask leaves recent writes in the WAL (no checkpoint on close); move them into the main file
    // so that cutting it loses real rows.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let bytes = fs::read(&db).unwrap();
    let cut = &bytes[..bytes.len() / 2];
    fs::write(&db, cut).unwrap();
    let (code, out, err) = run(&e, &["history", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "[]");
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.contains("corrupt") && first.contains("moved to"),
        "{err}"
    );
    let aside: Vec<PathBuf> = fs::read_dir(e.home.path())
        .unwrap()
        .map(|d| d.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        fs::read(&aside[0]).unwrap(),
        cut,
        "kept aside byte for byte"
    );
    let f = e.seed("after_truncation", |_| {});
    assert_eq!(e.submit(&f, &["--profile", "p"]).0, 0);
    assert_eq!(e.history_rows().len(), 1);
    eprintln!("| truncated ctask.db | `{first}` | 0 |");
}

#[cfg(unix)]
#[test]
fn data_dir_that_cannot_be_created_turns_history_off_but_the_submit_goes_on() {
    let e = ready();
    let config_home = e.home.path().join("xdg-config");
    let blocker = e.home.path().join("not-a-dir");
    fs::write(&blocker, b"user's file").unwrap();
    let xdg = |c: &mut assert_cmd::Command| {
        c.env("CTASK_HOME", "")
            .env("XDG_CONFIG_HOME", &config_home)
            .env("XDG_DATA_HOME", blocker.join("data"));
    };
    // The profile lives in the XDG config dir; the data dir's parent is a regular file.
    fs::create_dir_all(config_home.join("ctask")).unwrap();
    for f in ["config.toml", "credentials.toml"] {
        fs::copy(e.home.path().join(f), config_home.join("ctask").join(f)).unwrap();
    }
    let file = e.seed("no_data_dir", |_| {});
    let mut c = e.ctask();
    xdg(&mut c);
    let out = c
        .args(["submit"])
        .arg(&file)
        .args(["--profile", "p"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{err}");
    let first = err.lines().next().unwrap_or_default().to_string();
    assert!(
        first.contains("history is off") && first.contains("not-a-dir"),
        "{err}"
    );
    assert_eq!(e.creates().len(), 1);
    let mut c = e.ctask();
    xdg(&mut c);
    let out = c.args(["history", "list"]).output().unwrap();
    let list_err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{list_err}");
    assert!(list_err.contains("not-a-dir"), "{list_err}");
    assert_eq!(fs::read(&blocker).unwrap(), b"user's file");
    eprintln!("| data dir not creatable | `{first}` | 0 |");
}

#[cfg(unix)]
/// `ctask ARGS` with every write past 0 bytes failing (`ulimit -f 0`, SIGXFSZ ignored): a full disk.
fn run_with_full_disk(e: &Env, args: &[&str], stdin: &str) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("ctask");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0; exec \"$0\" \"$@\"")
        .arg(bin)
        .args(args)
        .env("CTASK_HOME", e.home.path())
        .env("HOME", e.home.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            if let Some(mut i) = child.stdin.take() {
                i.write_all(stdin.as_bytes())?;
            }
            child.wait_with_output()
        })
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn full_disk_keeps_config_and_credentials_intact_and_submits_without_history() {
    let e = ready();
    let f = e.seed("before_full_disk", |_| {});
    assert_eq!(e.submit(&f, &["--profile", "p"]).0, 0);
    let before = files(e.home.path());
    let base = e.emu.base_url();
    let add = [
        "profile",
        "add",
        "q",
        "--endpoint",
        &base,
        "--project-id",
        "p",
        "--workspace",
        "w",
        "--auth",
        "token",
        "--token-stdin",
    ];
    let (code, err) = run_with_full_disk(&e, &add, "another-token");
    assert_eq!(code, 2, "{err}");
    let first = err.lines().next().unwrap_or_default().to_string();
    assert!(
        first.contains("cannot write") && first.contains("not changed"),
        "{err}"
    );
    assert_eq!(
        files(e.home.path()),
        before,
        "old files intact, no temp file left"
    );
    let f = e.seed("during_full_disk", |_| {});
    let path = f.to_string_lossy().to_string();
    let (code, err) = run_with_full_disk(&e, &["submit", &path, "--profile", "p"], "");
    assert_eq!(code, 0, "the submit itself needs no disk: {err}");
    assert!(err.contains("warning") && err.contains("history"), "{err}");
    assert_eq!(e.creates().len(), 2);
    let rows = e.history_rows();
    assert!(
        rows.iter().any(|r| r["task_name"] == "before_full_disk"),
        "{rows:#?}"
    );
    eprintln!("| full disk (writes fail) | `{first}` | 2 |");
}
