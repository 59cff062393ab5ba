//! `ctask history` end to end: submits recorded with every field, exports and the database free of
//! secrets, delete, resend with confirmation, two processes at once, and a corrupt database.

use std::process::Stdio;

use serde_json::Value;

use crate::support::{Env, SECRETS, env, is_task_id};

impl Env {
    fn history(&self, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["history"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    fn history_json(&self, args: &[&str]) -> Vec<Value> {
        let mut a = vec!["list", "--json"];
        a.extend_from_slice(args);
        let (code, out, err) = self.history(&a);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

const FIELDS: &[&str] = &[
    "id",
    "sent_at",
    "answered_at",
    "duration_ms",
    "profile",
    "endpoint",
    "project_id",
    "workspace",
    "auth_kind",
    "task_name",
    "data_source_type",
    "request_body",
    "request_headers",
    "status",
    "response_body",
    "task_id",
    "error_code",
    "error_message",
    "request_id",
    "outcome",
];

#[test]
fn cli_submits_are_recorded_with_every_field() {
    let e = env();
    e.add_token("tok", &[]);
    let file = e.seed("recorded_ok", |_| {});
    let (code, out, _) = e.submit(&file, &["--profile", "tok"]);
    assert_eq!(code, 0);
    assert!(is_task_id(&out));
    // The same name again is rejected by the service.
    assert_eq!(e.submit(&file, &["--profile", "tok"]).0, 4);
    let rows = e.history_json(&[]);
    assert_eq!(rows.len(), 2);
    for r in &rows {
        for f in FIELDS {
            assert!(r.get(*f).is_some(), "{f} missing in {r:#}");
        }
        assert_eq!(r["profile"], "tok");
        assert_eq!(r["auth_kind"], "token");
        assert_eq!(r["task_name"], "recorded_ok");
        assert_eq!(r["request_headers"]["X-Auth-Token"], "****");
        assert!(r["request_id"].as_str().is_some_and(|s| !s.is_empty()));
    }
    let (newest, oldest) = (&rows[0], &rows[1]);
    assert_eq!(newest["outcome"], "rejected");
    assert_eq!(newest["status"], 400);
    assert!(newest["error_code"].as_str().is_some());
    assert_eq!(oldest["outcome"], "ok");
    assert_eq!(oldest["task_id"].as_str().unwrap(), out.trim());
    assert_eq!(
        oldest["response_body"]["task_id"].as_str().unwrap(),
        out.trim()
    );
    // Filters.
    assert_eq!(e.history_json(&["--outcome", "ok"]).len(), 1);
    assert_eq!(e.history_json(&["--search", out.trim()]).len(), 1);
    assert_eq!(e.history_json(&["--profile", "nobody"]).len(), 0);
    assert_eq!(e.history_json(&["--limit", "1"]).len(), 1);
    let (code, text, _) = e.history(&["list"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("recorded_ok") && text.contains("rejected"),
        "{text}"
    );
}

#[test]
fn database_and_exports_hold_no_secret_for_any_credential_kind() {
    let e = env();
    e.add_every_kind();
    for p in ["tok", "iam", "ak"] {
        let file = e.seed(&format!("secret_scan_{p}"), |_| {});
        assert_eq!(e.submit(&file, &["--profile", p]).0, 0, "{p}");
    }
    let rows = e.history_json(&[]);
    assert_eq!(rows.len(), 3);
    for r in &rows {
        let id = r["id"].to_string();
        for format in ["body", "kooCLI", "curl"] {
            let (code, out, err) = e.history(&["export", &id, "--format", format]);
            assert_eq!(code, 0, "{err}");
            assert!(out.contains("secret_scan_"), "{format}: {out}");
        }
        assert_eq!(e.history(&["show", &id]).0, 0);
    }
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(e.home.path()).unwrap() {
        let p = entry.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("ctask.db")
        {
            bytes.extend(std::fs::read(&p).unwrap());
        }
    }
    assert!(bytes.len() > 4096);
    for s in SECRETS {
        assert!(
            !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
            "{s} found in the database files"
        );
    }
}

#[test]
fn delete_and_resend_ask_and_act() {
    let e = env();
    e.add_token("tok", &[]);
    let file = e.seed("resend_me", |_| {});
    assert_eq!(e.submit(&file, &["--profile", "tok"]).0, 0);
    let id = e.history_json(&[])[0]["id"].to_string();
    // Without --yes and without a terminal nothing is sent.
    let (code, _, err) = e.history(&["resend", &id]);
    assert_eq!(code, 2);
    assert!(
        err.contains("may already exist") && err.contains("nothing was sent"),
        "{err}"
    );
    assert_eq!(e.creates().len(), 1);
    // With --yes it is sent, and rejected because the name exists.
    let (code, _, err) = e.history(&["resend", &id, "--yes"]);
    assert_eq!(code, 4, "{err}");
    assert_eq!(e.creates().len(), 2);
    assert_eq!(e.history_json(&[]).len(), 2);
    let (code, out, _) = e.history(&["delete", &id]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(e.history(&["delete", &id]).0, 2);
    assert_eq!(e.history(&["show", &id]).0, 2);
    assert_eq!(e.history_json(&[]).len(), 1);
}

#[test]
fn a_profile_with_history_off_records_nothing() {
    let e = env();
    e.add_token("quiet", &["--no-history"]);
    let file = e.seed("not_recorded", |_| {});
    assert_eq!(e.submit(&file, &["--profile", "quiet"]).0, 0);
    assert!(e.history_json(&[]).is_empty());
}

#[test]
fn two_processes_submitting_fifty_each_leave_a_hundred_rows() {
    let e = env();
    e.add_token("tok", &[]);
    let files: Vec<Vec<_>> = (0..2)
        .map(|p| {
            (0..50)
                .map(|i| e.seed(&format!("par_{p}_{i}"), |_| {}))
                .collect()
        })
        .collect();
    let bin = assert_cmd::cargo::cargo_bin("ctask");
    let home = e.home.path().to_path_buf();
    let workers: Vec<_> = files
        .into_iter()
        .map(|batch| {
            let (bin, home) = (bin.clone(), home.clone());
            std::thread::spawn(move || {
                for f in batch {
                    let out = std::process::Command::new(&bin)
                        .args(["submit", "--profile", "tok"])
                        .arg(&f)
                        .env("CTASK_HOME", &home)
                        .env("HOME", &home)
                        .stdout(Stdio::null())
                        .output()
                        .unwrap();
                    let err = String::from_utf8_lossy(&out.stderr);
                    assert!(out.status.success(), "{err}");
                    assert!(!err.contains("history"), "history not written:\n{err}");
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    assert_eq!(e.history_json(&["--limit", "1000"]).len(), 100);
}

#[test]
fn a_corrupt_database_is_set_aside_and_reported() {
    let e = env();
    let db = e.home.path().join("ctask.db");
    std::fs::write(
        &db,
        b"not a database at all, just some bytes left by a crash",
    )
    .unwrap();
    let (code, out, err) = e.history(&["list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("was corrupt") && err.contains("moved to"),
        "{err}"
    );
    assert!(out.contains("id"));
    let aside: Vec<_> = std::fs::read_dir(e.home.path())
        .unwrap()
        .filter_map(|d| d.ok())
        .filter(|d| d.file_name().to_string_lossy().contains("corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
}
