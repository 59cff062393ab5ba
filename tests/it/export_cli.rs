//! `ctask export` against the real emulator over loopback: the curl export, run by `sh` with
//! `CTASK_TOKEN` set, creates the task; the Python export, run with Huawei's official SDK and
//! `HUAWEICLOUD_SDK_AK/SK` set, creates it with AK/SK, and with a temporary AK/SK's
//! `HUAWEICLOUD_SDK_SECURITY_TOKEN` too; no export of any format, from a file or a
//! history entry, holds a secret of the token, AK/SK or IAM profiles. Each runner-dependent test
//! skips, saying why, when `curl` or the SDK is missing (the tests never download anything).

use std::process::Command;

use crate::support::{Env, env, is_task_id};
use ctask::emulator::config::{SANDBOX_AK, SANDBOX_SK, SANDBOX_TOKEN};
use serde_json::Value;

const FORMATS: &[&str] = &[
    "body",
    "koocli",
    "curl",
    "python",
    "go",
    "java",
    "terraform",
];

fn has(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn export(e: &Env, args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let (code, out, err) = e.run(&all);
    assert_eq!(code, 0, "{err}");
    out
}

/// The id of the task named `name` on the emulator, through `ctask task list`.
fn id_on_server(e: &Env, name: &str) -> Option<String> {
    let (_, out, _) = e.run(&["task", "list", "--name", name, "--json"]);
    let v: Value = serde_json::from_str(&out).ok()?;
    v["tasks"]
        .as_array()?
        .iter()
        .find(|t| t["name"] == name)
        .and_then(|t| t["id"].as_str())
        .map(str::to_string)
}

#[test]
fn the_curl_export_run_with_ctask_token_creates_the_task() {
    if !has("curl", &["--version"]) {
        eprintln!("SKIPPED: curl is not installed, so the curl export cannot be run");
        return;
    }
    let e = env();
    e.add_token("tok", &["--default"]);
    let file = e.seed("from_curl", |_| {});
    let script = e.home.path().join("create.sh");
    export(
        &e,
        &[
            file.to_str().unwrap(),
            "--format",
            "curl",
            "-o",
            script.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(!text.contains(SANDBOX_TOKEN), "{text}");
    let out = Command::new("sh")
        .arg(&script)
        .env("CTASK_TOKEN", SANDBOX_TOKEN)
        .output()
        .unwrap();
    let body = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{body}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_str(&body).unwrap();
    let id = v["task_id"].as_str().unwrap();
    assert_eq!(id_on_server(&e, "from_curl").as_deref(), Some(id));
    // Without the variable the script refuses to send.
    let out = Command::new("sh")
        .arg(&script)
        .env_remove("CTASK_TOKEN")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(e.creates().len(), 1);
}

/// Runs an exported curl script with the sandbox token.
fn run_script(script: &std::path::Path) -> (bool, String, String) {
    let out = Command::new("sh")
        .arg(script)
        .env("CTASK_TOKEN", SANDBOX_TOKEN)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `X-Request-Id: …` line a curl script prints on stderr.
fn request_id_line(stderr: &str) -> Option<&str> {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("X-Request-Id: "))
        .filter(|id| !id.is_empty() && *id != "(none)")
}

#[test]
fn the_history_curl_export_is_the_runnable_script_and_fails_visibly_with_the_request_id() {
    if !has("curl", &["--version"]) {
        eprintln!("SKIPPED: curl is not installed, so the curl export cannot be run");
        return;
    }
    let e = env();
    e.add_token("tok", &["--default"]);
    let file = e.seed("from_history_curl", |_| {});
    let (code, out, err) = e.submit(&file, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let first = out.trim().to_string();
    let id = e.history_rows()[0]["id"].to_string();
    let script = e.home.path().join("again.sh");
    let (code, _, err) = e.run(&[
        "history",
        "export",
        &id,
        "--format",
        "curl",
        "-o",
        script.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(
        !text.contains("****") && !text.contains(SANDBOX_TOKEN) && text.contains("$CTASK_TOKEN"),
        "{text}"
    );
    // The same script as `ctask export --history ID`, and as a file named .sh in the TUI.
    assert_eq!(text, export(&e, &["--history", &id, "--format", "curl"]));
    // The task exists: the duplicate name is refused (400), the script exits non-zero and says
    // which request it was.
    let (ok, stdout, stderr) = run_script(&script);
    assert!(!ok, "{stdout}{stderr}");
    assert!(stdout.contains("EMU.0004"), "{stdout}");
    assert!(stderr.contains("HTTP 400"), "{stderr}");
    assert!(request_id_line(&stderr).is_some(), "{stderr}");
    // Gone from the server, the same script creates it again.
    let (code, _, err) = e.run(&["task", "delete", &first, "--yes"]);
    assert_eq!(code, 0, "{err}");
    let (ok, stdout, stderr) = run_script(&script);
    assert!(ok, "{stdout}{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert!(is_task_id(v["task_id"].as_str().unwrap()), "{stdout}");
    assert!(request_id_line(&stderr).is_some(), "{stderr}");
}

#[test]
fn a_curl_script_that_reaches_no_server_exits_with_curl_s_code() {
    if !has("curl", &["--version"]) {
        eprintln!("SKIPPED: curl is not installed, so the curl export cannot be run");
        return;
    }
    let e = env();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    e.add_token_at(
        "closed",
        &format!("http://127.0.0.1:{port}"),
        &["--default"],
    );
    let file = e.seed("nowhere", |_| {});
    let script = e.home.path().join("nowhere.sh");
    export(
        &e,
        &[
            file.to_str().unwrap(),
            "--format",
            "curl",
            "-o",
            script.to_str().unwrap(),
        ],
    );
    let (ok, stdout, stderr) = run_script(&script);
    assert!(!ok, "{stdout}{stderr}");
    assert!(stderr.contains("curl failed (exit 7)"), "{stderr}");
    assert!(stderr.contains("X-Request-Id: (none)"), "{stderr}");
}

/// Whether the official Python SDK can be imported; says so when it cannot.
fn python_sdk() -> bool {
    let ok = has("python3", &["-c", "import huaweicloudsdkdataartsstudio"]);
    if !ok {
        eprintln!(
            "SKIPPED: python3 cannot import huaweicloudsdkdataartsstudio (install it with \
             `pip install huaweicloudsdkdataartsstudio`; this test never downloads)"
        );
    }
    ok
}

/// A temporary AK/SK's security token, as a test value (the emulator does not judge it).
const SECURITY_TOKEN: &str = "ctask-test-security-token-0001";

/// Exports `name` as Python for the AK/SK profile, runs it with the sandbox AK/SK (and `token` as
/// HUAWEICLOUD_SDK_SECURITY_TOKEN when given), and returns the create the emulator recorded and
/// the program's path.
fn run_python_export(e: &Env, name: &str, token: Option<&str>) -> (Value, std::path::PathBuf) {
    let file = e.seed(name, |_| {});
    let program = e.home.path().join(format!("{name}.py"));
    let (code, _, err) = e.run(&[
        "export",
        file.to_str().unwrap(),
        "--format",
        "python",
        "-o",
        program.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&program).unwrap();
    assert!(
        !text.contains(SANDBOX_SK) && !text.contains(SANDBOX_AK),
        "{text}"
    );
    let mut cmd = Command::new("python3");
    cmd.arg(&program)
        .env("HUAWEICLOUD_SDK_AK", SANDBOX_AK)
        .env("HUAWEICLOUD_SDK_SK", SANDBOX_SK)
        .env_remove("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    if let Some(t) = token {
        cmd.env("HUAWEICLOUD_SDK_SECURITY_TOKEN", t);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = stdout.trim();
    assert!(is_task_id(id), "{stdout}");
    assert_eq!(id_on_server(e, name).as_deref(), Some(id));
    let create = e.creates().pop().unwrap();
    let auth = create["headers"]["authorization"]
        .as_str()
        .unwrap_or_default();
    assert!(
        auth.starts_with("SDK-HMAC-SHA256 Access=CTASKSANDBOXAK000001"),
        "{create:#}"
    );
    (create, program)
}

fn aksk_env() -> Env {
    let e = env();
    e.add(
        "ak",
        &[
            "--auth",
            "aksk",
            "--ak",
            SANDBOX_AK,
            "--sk-stdin",
            "--default",
        ],
        SANDBOX_SK,
    );
    e
}

#[test]
fn the_python_export_run_with_the_official_sdk_creates_the_task_with_aksk() {
    if !python_sdk() {
        return;
    }
    let e = aksk_env();
    let (create, program) = run_python_export(&e, "from_python", None);
    assert!(
        create["headers"].get("x-security-token").is_none(),
        "{create:#}"
    );
    // Run again, the name is taken (HTTP 400): exit 4 with the request id.
    let out = Command::new("python3")
        .arg(&program)
        .env("HUAWEICLOUD_SDK_AK", SANDBOX_AK)
        .env("HUAWEICLOUD_SDK_SK", SANDBOX_SK)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("rejected: HTTP 400"), "{stderr}");
    let id = stderr.split("(request id ").nth(1).unwrap_or_default();
    assert!(!id.starts_with("None") && id.len() > 2, "{stderr}");
}

/// A temporary AK/SK: the SDK sends the token as `X-Security-Token` and signs it with the rest.
/// The emulator checks the signature over every signed header but does not judge the token itself
/// (src/emulator/auth.rs has no security-token check), so this shows that the export passes the
/// token to the SDK and the signed request is accepted, not that a real gateway would accept it.
#[test]
fn the_python_export_run_with_the_official_sdk_creates_the_task_with_a_security_token() {
    if !python_sdk() {
        return;
    }
    let e = aksk_env();
    let (create, _) = run_python_export(&e, "from_python_token", Some(SECURITY_TOKEN));
    let headers = &create["headers"];
    assert!(
        headers.get("x-security-token").is_some(),
        "the token was sent: {create:#}"
    );
    assert_ne!(
        headers["x-security-token"], SECURITY_TOKEN,
        "recorded redacted"
    );
    let auth = headers["authorization"].as_str().unwrap_or_default();
    assert!(
        auth.contains("x-security-token"),
        "the token is among the signed headers: {auth}"
    );
}

#[test]
fn no_export_of_any_format_or_source_holds_a_secret() {
    let e = env();
    e.add_every_kind();
    let file = e.seed("secret_free", |_| {});
    let f = file.to_str().unwrap();
    for profile in ["tok", "iam", "ak"] {
        for format in FORMATS {
            let out = export(&e, &[f, "--profile", profile, "--format", format]);
            assert!(out.contains("secret_free"), "{profile} {format}: {out}");
        }
    }
    // A history entry, to where it was sent, in every format (`Env::run` checks every output).
    let (code, _, err) = e.submit(&file, &["--profile", "ak"]);
    assert_eq!(code, 0, "{err}");
    let id = e.history_rows()[0]["id"].to_string();
    for format in FORMATS {
        let out = export(&e, &["--history", &id, "--format", format]);
        assert!(out.contains("secret_free"), "{format}: {out}");
        let (code, out, _) = e.run(&["history", "export", &id, "--format", format]);
        assert_eq!(code, 0);
        assert!(out.contains("secret_free"), "{format}: {out}");
    }
    let (_, _, err) = e.run(&["export", "--history", &id, "--format", "curl"]);
    assert!(err.contains("--format python"), "AK/SK curl note: {err}");
    // The emulator's endpoint names no region: KooCLI is told the endpoint itself.
    let (_, _, err) = e.run(&["export", f, "--profile", "tok", "--format", "koocli"]);
    assert!(
        err.contains("hcloud DataArtsStudio CreateTask --cli-endpoint='http://127.0.0.1:")
            && err.contains(" --cli-jsonInput="),
        "{err}"
    );
}

#[test]
fn a_task_with_errors_is_not_exported() {
    let e = env();
    e.add_token("tok", &["--default"]);
    let file = e.seed("broken", |v| v["schedule_config"] = serde_json::json!(3));
    let (code, out, err) = e.run(&["export", file.to_str().unwrap(), "--format", "python"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.is_empty() && err.contains("nothing was exported"),
        "{err}"
    );
}
