//! `ctask profile` and `ctask submit` end to end: the real binary, a temp `CTASK_HOME`, and the
//! emulator on loopback (token, IAM and AK/SK profiles; faults; error shapes; secrets never printed).

use ctask::emulator::EmulatorConfig;
use ctask::emulator::config::{SANDBOX_AK, SANDBOX_IAM_USER, SANDBOX_SK, SANDBOX_USER_ID};
use serde_json::{Value, json};

use crate::support::{self, SECRETS, env, env_with, is_task_id};

#[test]
fn token_iam_and_aksk_profiles_each_create_the_seed_task() {
    let e = env();
    e.add_every_kind();
    for p in ["tok", "iam", "ak"] {
        let f = e.seed(&format!("seed_{p}"), |_| {});
        let (code, out, err) = e.submit(&f, &["--profile", p]);
        assert_eq!(code, 0, "{p}: {out}{err}");
        assert!(is_task_id(&out), "{p}: {out:?}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(e.home.path().join("credentials.toml")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    let list = e.ctask().args(["profile", "list"]).output().unwrap();
    let shown = String::from_utf8_lossy(&list.stdout);
    assert!(
        shown.contains("tok") && shown.contains("iam") && shown.contains("ak"),
        "{shown}"
    );
    for s in SECRETS {
        assert!(!shown.contains(s), "{shown}");
    }
    let show = e.ctask().args(["profile", "show", "ak"]).output().unwrap();
    assert!(String::from_utf8_lossy(&show.stdout).contains("sk: **** (stored)"));
    let test = e.ctask().args(["profile", "test", "iam"]).output().unwrap();
    let t = String::from_utf8_lossy(&test.stdout);
    assert!(test.status.success() && t.contains(SANDBOX_USER_ID), "{t}");
}

/// An empty `user_id` is filled with the caller's IAM user id, however the profile
/// authenticates, and the output says where the value came from; the dry run shows the same body.
#[test]
fn an_empty_user_id_is_filled_from_every_kind_of_credentials_saying_where_from() {
    // With task_config returned on reads, and left out: the client is tested in both modes.
    for omit in [false, true] {
        user_id_is_filled(omit);
    }
}

fn user_id_is_filled(omit: bool) {
    let e = env();
    support::set_omit_task_config(&e.emu.base_url(), omit);
    e.add_every_kind();
    for (profile, source) in [
        ("iam", "password login"),
        ("tok", "GET /v3/auth/tokens"),
        ("ak", "GET /v3.0/OS-CREDENTIAL/credentials/{ak}"),
    ] {
        let f = e.seed(&format!("no_user_{profile}"), |v| {
            v.as_object_mut().unwrap().remove("user_id");
        });
        let (code, dry, err) = e.submit(&f, &["--profile", profile, "--dry-run", "--json"]);
        assert_eq!(code, 0, "{profile}: {err}");
        let dry: Value = serde_json::from_str(&dry).unwrap();
        assert_eq!(dry["body"]["user_id"], SANDBOX_USER_ID, "{profile}: {dry}");
        assert!(
            err.contains(source),
            "{profile}: the source, with --json too: {err}"
        );
        let before = e.creates().len();
        let (code, out, err) = e.submit(&f, &["--profile", profile]);
        assert_eq!(code, 0, "{profile}: {err}");
        assert!(is_task_id(&out), "{out}");
        assert!(
            err.contains(&format!("user_id filled with {SANDBOX_USER_ID} from"))
                && err.contains(source),
            "{profile}: {err}"
        );
        let sent = &e.creates()[before]["body"];
        let sent: Value = serde_json::from_str(sent.as_str().unwrap_or(&sent.to_string())).unwrap();
        assert_eq!(sent["user_id"], SANDBOX_USER_ID, "{profile}: {sent}");
        assert_eq!(
            sent, dry["body"],
            "{profile}: the dry run showed what was sent"
        );
        // The service reads the task back as the caller's, whether or not it returns task_config.
        let (code, shown, err) =
            e.run(&["task", "show", out.trim(), "--profile", profile, "--json"]);
        assert_eq!(code, 0, "{err}");
        let shown: Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(shown["task"]["user_id"], SANDBOX_USER_ID, "{shown}");
        assert_eq!(shown["task"].get("task_config").is_none(), omit, "{shown}");
        if profile != "iam" {
            let (code, tested, err) = e.run(&["profile", "test", profile]);
            assert_eq!(code, 0, "{err}");
            assert!(
                tested.contains(&format!("iam user id: {SANDBOX_USER_ID}, from"))
                    && tested.contains(source),
                "{profile}: {tested}"
            );
        }
    }
}

/// When IAM cannot say whose credentials these are, the task goes without `user_id` with a warning,
/// not an error (the Terraform provider creates tasks without it), and the service takes the caller.
#[test]
fn without_an_answer_from_iam_the_task_goes_without_user_id_and_warns() {
    let e = env();
    let nowhere = format!("{}/no-iam-here", e.emu.base_url());
    e.add_token("tok", &["--iam-endpoint", &nowhere]);
    let f = e.seed("no_user_no_iam", |v| {
        v.as_object_mut().unwrap().remove("user_id");
    });
    let (code, out, err) = e.submit(&f, &["--profile", "tok"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: user_id is empty") && err.contains("goes without it"),
        "{err}"
    );
    let body = e.creates()[0]["body"].to_string();
    assert!(!body.contains("user_id"), "{body}");
    let (_, shown, _) = e.run(&["task", "show", out.trim(), "--profile", "tok", "--json"]);
    assert!(
        shown.contains(SANDBOX_USER_ID),
        "the service took the caller: {shown}"
    );
}

#[test]
fn dry_run_and_invalid_tasks_send_nothing() {
    let e = env();
    e.add(
        "ak",
        &[
            "--auth",
            "aksk",
            "--ak",
            SANDBOX_AK,
            "--sk-stdin",
            "--dir-id",
            "0",
        ],
        SANDBOX_SK,
    );
    e.add_token("tok", &[]);
    let f = e.seed("dry", |_| {});
    for p in ["ak", "tok"] {
        let (code, out, err) = e.submit(&f, &["--profile", p, "--dry-run"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("POST ") && out.contains("curl ") && out.contains("workspace: "),
            "{out}"
        );
        let (code, out, _) = e.submit(&f, &["--profile", p, "--dry-run", "--json"]);
        assert_eq!(code, 0);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["method"], "POST");
    }
    let bad = e.seed("bad", |v| v["schedule_config"] = json!("nope"));
    let (code, _, err) = e.submit(&bad, &["--profile", "tok"]);
    assert_eq!(code, 3, "{err}");
    assert!(e.creates().is_empty(), "nothing may be sent");
}

#[test]
fn faults_each_give_their_own_message_and_no_create_is_sent_twice() {
    let e = env();
    e.add_token("tok", &["--timeout", "1"]);
    let cases: [(Value, &str); 4] = [
        (json!({"kind": "hang"}), "no answer in time"),
        (
            json!({"kind": "status", "status": 503, "body": "html"}),
            "HTTP 503",
        ),
        (json!({"kind": "malformed_json"}), "not the expected JSON"),
        (json!({"kind": "reset"}), "closed before the answer"),
    ];
    for (i, (fault, expect)) in cases.iter().enumerate() {
        e.fault(fault.clone(), 1);
        let f = e.seed(&format!("fault_{i}"), |_| {});
        let (code, out, err) = e.submit(&f, &[]);
        assert_eq!(code, 5, "{fault}: {out}{err}");
        assert!(err.contains(expect), "{fault}: {err}");
        assert!(err.contains("hint:"), "{err}");
        assert!(
            !err.contains("retry"),
            "a create that may have arrived is never resent: {err}"
        );
    }
    let creates = e.creates();
    assert_eq!(creates.len(), cases.len(), "each create sent exactly once");
    let mut names: Vec<String> = creates.iter().map(|c| c["body"].to_string()).collect();
    names.dedup();
    assert_eq!(names.len(), cases.len());
}

#[test]
fn refused_connection_is_retried_then_reported() {
    let e = env();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    e.ctask()
        .args([
            "profile",
            "add",
            "dead",
            "--endpoint",
            &url,
            "--project-id",
            "p",
            "--workspace",
            "w",
            "--token-stdin",
        ])
        .write_stdin("t0ken")
        .assert()
        .success();
    let f = e.seed("refused", |_| {});
    let (code, _, err) = e.submit(&f, &[]);
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("refused") && err.contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("retry 3 of 3"), "{err}");
}

#[test]
fn throttled_create_is_retried_and_succeeds() {
    let e = env();
    e.add_token("tok", &[]);
    e.fault(json!({"kind": "throttle"}), 1);
    let f = e.seed("throttled", |_| {});
    let (code, out, err) = e.submit(&f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(is_task_id(&out));
    assert!(
        err.contains("retry 1 of 3") && err.contains("succeeded after 1 retry"),
        "{err}"
    );
    let (code, out, _) = e.submit(&e.seed("throttled_json", |_| {}), &["--json"]);
    assert_eq!(code, 0);
    assert!(
        serde_json::from_str::<Value>(&out).unwrap()["retries"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn error_shapes_are_shown_with_code_hint_and_request_id() {
    let e = env();
    e.add_token("tok", &[]);
    let f = e.seed("wrong_ws", |_| {});
    let (code, _, err) = e.submit(&f, &["--workspace", "00000000000000000000000000000000"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("DLG.0818")
            && err.contains("hint: the workspace")
            && err.contains("request id: "),
        "{err}"
    );
    assert!(!err.contains("request id: (none"), "{err}");

    let arr = env_with(EmulatorConfig {
        errors_array: true,
        ..EmulatorConfig::default()
    });
    arr.add_token("tok", &[]);
    let (code, out, err) = arr.submit(
        &arr.seed("wrong_ws2", |_| {}),
        &["--workspace", "00000000000000000000000000000000", "--json"],
    );
    assert_eq!(code, 4, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"]["code"], "DLG.0818");
    assert!(v["error"]["hint"].as_str().unwrap().contains("workspace"));

    e.add(
        "iam",
        &[
            "--auth",
            "iam",
            "--iam-user",
            SANDBOX_IAM_USER,
            "--password-stdin",
        ],
        "wrong-password",
    );
    let (code, _, err) = e.submit(&e.seed("iam_bad", |_| {}), &["--profile", "iam"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("HTTP 401") && err.contains("hint: IAM refused"),
        "{err}"
    );
    assert!(!err.contains("wrong-password"), "{err}");
}

#[test]
fn broken_config_is_reported_by_line_and_never_overwritten() {
    let e = env();
    let cfg = e.home.path().join("config.toml");
    std::fs::write(&cfg, "[profiles.a]\nregion = cn-north-4\n").unwrap();
    let out = e
        .ctask()
        .args([
            "profile",
            "add",
            "b",
            "--region",
            "cn-north-4",
            "--token-stdin",
        ])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2, column 10"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&cfg).unwrap(),
        "[profiles.a]\nregion = cn-north-4\n"
    );
}
