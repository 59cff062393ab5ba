//! The CLI as a scripter uses it: a closed pipe ends quietly, completions and the man page, typo
//! suggestions, `--profile` before a command, `--json` everywhere with one error shape,
//! `validate FILE... --strict`, refused incomplete profiles and exports that never overwrite.

use std::io::Read;
use std::process::Stdio;

use serde_json::{Value, json};

use crate::support::{Env, SECRETS, env, is_task_id};

/// Runs `ctask ARGS` with stdout into a pipe that is closed after 20 bytes, like `| head -c 20`.
fn into_head(e: &Env, args: &[&str]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ctask"))
        .args(args)
        .env("CTASK_HOME", e.home.path())
        .env("HOME", e.home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 20];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here: the rest of the output meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_listing_over_64_kib_into_head_ends_quietly() {
    let e = env();
    e.add_token("p", &[]);
    // A 300 KB answer is kept in the history, so both listings are far past the pipe buffer.
    e.fault(json!({"kind": "large", "bytes": 300_000}), 1);
    let f = e.seed("big_answer", |_| {});
    e.submit(&f, &["--profile", "p"]);
    let rows = e.history_rows();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let id = rows[0]["id"].to_string();
    for args in [
        &["history", "list", "--json"][..],
        &["history", "show", &id],
        &["history", "show", &id, "--json"],
    ] {
        let full = e.ctask().args(args).output().unwrap();
        assert!(full.stdout.len() > 64 * 1024, "{args:?}: too short");
        for _ in 0..3 {
            let (code, err) = into_head(&e, args);
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            assert!(err.is_empty(), "{args:?}: a message on stderr: {err}");
            assert!(matches!(code, Some(0) | Some(141)), "{args:?}: {code:?}");
        }
    }
}

#[test]
fn completions_and_man_page() {
    let e = env();
    let (code, bash, _) = e.run(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(
        bash.lines()
            .any(|l| l.trim_start().starts_with("complete ") && l.contains("ctask")),
        "{bash}"
    );
    let (code, zsh, _) = e.run(&["completions", "zsh"]);
    assert_eq!(code, 0);
    assert!(zsh.contains("#compdef ctask"), "{zsh}");
    for shell in ["fish", "elvish", "powershell"] {
        let (code, out, _) = e.run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains("validate"), "{shell}: no subcommand in it");
    }
    let (code, man, _) = e.run(&["manpage"]);
    assert_eq!(code, 0);
    assert!(man.starts_with(".TH ctask 1"), "{man}");
    assert!(man.contains("validate"), "the man page lists the commands");
    assert_eq!(e.run(&["completions", "tcsh"]).0, 2);
}

#[test]
fn a_typo_gets_clap_s_suggestion_and_a_file_opens_only_with_open() {
    let e = env();
    let (code, out, err) = e.run(&["valdate", "x.json"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("unrecognized subcommand 'valdate'"), "{err}");
    assert!(
        err.contains("similar subcommand exists: 'validate'"),
        "{err}"
    );
    let (code, _, err) = e.run(&["--profile", "p", "histroy"]);
    assert_eq!(code, 2);
    assert!(err.contains("'history'"), "{err}");
    // A word that is an existing file is still a mistyped command: `ctask open FILE` opens it.
    std::fs::write(e.home.path().join("valdate"), "{}").unwrap();
    let out = e
        .ctask()
        .current_dir(e.home.path())
        .arg("valdate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let (code, _, err) = e.run(&["open", "a.json", "--sandbox", "--profile", "p"]);
    assert_eq!(code, 2, "--sandbox and --profile exclude each other: {err}");
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, _, err) = e.run(&["--profile", "p", "validate", "x.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("--profile applies to"), "{err}");
}

#[test]
fn a_profile_before_the_command_is_used_by_submit() {
    let e = env();
    e.add_token("tok", &[]);
    e.add_token_at("other", "http://127.0.0.1:9", &[]);
    e.run(&["profile", "default", "other"]);
    let f = e.seed("global_profile", |_| {});
    let (code, out, err) = e.run(&["--profile", "tok", "submit", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(is_task_id(out.trim()), "{out}");
    assert_eq!(e.history_rows()[0]["profile"], "tok");
    let f = e.seed("global_profile_after", |_| {});
    let (code, out, err) = e.run(&["submit", f.to_str().unwrap(), "--profile", "tok"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(e.history_rows()[0]["profile"], "tok");
    let (code, _, err) = e.run(&["--profile", "tok", "template", "list"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn profile_add_takes_every_form_default_the_tui_form_has() {
    let e = env();
    e.add_token(
        "conn",
        &[
            "--data-connection-id",
            "14bb947454e64de784eadaab759081e8",
            "--data-connection-name",
            "dli_test",
            "--dir-id",
            "7",
        ],
    );
    let (code, out, err) = e.run(&["profile", "show", "conn", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["defaults.data_connection_id"],
        "14bb947454e64de784eadaab759081e8"
    );
    assert_eq!(v["defaults.data_connection_name"], "dli_test");
    assert_eq!(v["defaults.dir_id"], "7");
}

#[test]
fn profile_list_json_names_every_profile_and_holds_no_secret() {
    let e = env();
    e.add_every_kind();
    let (code, out, err) = e.run(&["profile", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ak", "iam", "tok"]);
    assert_eq!(v[2]["token"], "**** (stored)");
    for s in SECRETS {
        assert!(!out.contains(s), "secret {s} in {out}");
    }
    let (code, out, _) = e.run(&["profile", "show", "iam", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["auth"], "iam");
    assert_eq!(v["password"], "**** (stored)");
    // Text columns line up: every row puts the endpoint column at the same place.
    let (_, text, _) = e.run(&["profile", "list"]);
    let at: Vec<Option<usize>> = text.lines().skip(1).map(|l| l.find("http://")).collect();
    assert!(
        at.windows(2).all(|w| w[0] == w[1] && w[0].is_some()),
        "{text}"
    );
}

#[test]
fn template_list_json() {
    let e = env();
    let (code, out, _) = e.run(&["template", "list", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|t| t["type"] == "DLI" && t["confirmed"] == true)
    );
}

#[test]
fn validate_many_files_takes_the_worst_and_strict_fails_on_warnings() {
    let e = env();
    let good = "assets/examples/seed-example.json";
    let bad = e.seed("bad", |v| {
        v.as_object_mut().unwrap().remove("dir_id");
    });
    let bad = bad.to_str().unwrap();
    assert_eq!(e.run(&["validate", good, bad]).0, 3);
    assert_eq!(e.run(&["validate", bad, good]).0, 3);
    assert_eq!(e.run(&["validate", good, good]).0, 0);
    // The seed example has a warning (its name) and no error.
    let (code, out, _) = e.run(&["validate", good]);
    assert_eq!(code, 0);
    assert!(out.contains("warning"), "{out}");
    let (code, out, _) = e.run(&["validate", "--strict", good]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("fails --strict"), "{out}");
    assert_eq!(e.run(&["validate", good, "no/such.json"]).0, 2);
}

#[test]
fn every_json_error_has_the_one_shape() {
    let e = env();
    let bad = e.seed("bad_json", |v| {
        v["schedule_config"]["start_time"] = json!("soon");
    });
    let (code, out, _) = e.run(&[
        "validate",
        "--json",
        "no/such.json",
        bad.to_str().unwrap(),
        "assets/examples/seed-example.json",
    ]);
    assert_eq!(code, 3);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    for (v, kind) in lines[..2].iter().zip(["usage", "invalid"]) {
        assert_eq!(v["ok"], false, "{v}");
        assert_eq!(v["error"]["kind"], kind, "{v}");
        assert!(v["error"]["message"].is_string(), "{v}");
    }
    assert_eq!(lines[2]["ok"], true);
    // The path is said once per issue in text.
    let (_, text, _) = e.run(&["validate", bad.to_str().unwrap()]);
    assert!(
        !text.contains("start_time: schedule_config.start_time"),
        "{text}"
    );
    // submit --json on an invalid task: the same `error` object.
    e.add_token("p", &[]);
    let (code, out, _) = e.run(&["submit", bad.to_str().unwrap(), "--json", "--profile", "p"]);
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["kind"], "invalid");
}

fn add(e: &Env, args: &[&str], stdin: &str) -> (i32, String) {
    let mut all = vec!["profile", "add"];
    all.extend_from_slice(args);
    let out = e.ctask().args(&all).write_stdin(stdin).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn profile_add_refuses_a_profile_that_cannot_work_unless_forced() {
    let e = env();
    let place = [
        "--endpoint",
        "http://127.0.0.1:9",
        "--project-id",
        "p",
        "--workspace",
        "w",
    ];
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "n",
                "--project-id",
                "p",
                "--workspace",
                "w",
                "--token-stdin",
            ],
            "no endpoint or region",
        ),
        (
            &["n", "--region", "r", "--workspace", "w", "--token-stdin"],
            "no project id",
        ),
        (
            &["n", "--region", "r", "--project-id", "p", "--token-stdin"],
            "no workspace",
        ),
        (
            &["n", "--auth", "iam", "--iam-user", "u"],
            "no IAM password",
        ),
        (&["n", "--auth", "aksk", "--ak", "AK"], "no SK"),
    ];
    for (args, why) in cases {
        let mut all = args.to_vec();
        if !all.contains(&"--token-stdin") {
            all.extend_from_slice(&place);
        }
        let (code, err) = add(&e, &all, "tok");
        assert_eq!(code, 2, "{all:?}: {err}");
        assert!(
            err.contains(why) && err.contains("--force"),
            "{all:?}: {err}"
        );
        assert_eq!(e.run(&["profile", "show", "n"]).0, 2, "{all:?} was saved");
        all.push("--force");
        let (code, err) = add(&e, &all, "tok");
        assert_eq!(code, 0, "{all:?} --force: {err}");
        assert!(err.contains("incomplete"), "{err}");
        assert_eq!(e.run(&["profile", "remove", "n"]).0, 0);
    }
    let mut token = vec!["n"];
    token.extend_from_slice(&place);
    let (code, err) = add(&e, &token, "");
    assert_eq!(code, 2, "a token profile without its token: {err}");
    assert!(err.contains("no token"), "{err}");
}

#[test]
fn export_to_a_file_never_overwrites_without_force_and_prints_the_full_path() {
    let e = env();
    e.add_token("p", &[]);
    let f = e.seed("exported", |_| {});
    assert_eq!(e.submit(&f, &["--profile", "p"]).0, 0);
    let id = e.history_rows()[0]["id"].to_string();
    let dir = tempfile::tempdir().unwrap();
    let run_in = |args: &[&str]| {
        let out = e
            .ctask()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let export = [
        "history", "export", &id, "--format", "body", "-o", "out.json",
    ];
    let (code, err) = run_in(&export);
    assert_eq!(code, 0, "{err}");
    let full = std::fs::canonicalize(dir.path().join("out.json")).unwrap();
    // Windows' canonical form carries the verbatim prefix `\\?\`; the path printed is the plain one.
    let shown = full.display().to_string();
    let shown = shown.strip_prefix(r"\\?\").unwrap_or(&shown);
    assert!(err.contains(shown), "{err}");
    let first = std::fs::read_to_string(&full).unwrap();
    assert!(first.contains("exported"), "{first}");
    std::fs::write(&full, "mine").unwrap();
    let (code, err) = run_in(&export);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&full).unwrap(), "mine");
    let mut forced = export.to_vec();
    forced.push("--force");
    assert_eq!(run_in(&forced).0, 0);
    assert_eq!(std::fs::read_to_string(&full).unwrap(), first);
}
