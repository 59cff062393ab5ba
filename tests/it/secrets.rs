//! The secret scan: one test submits with every kind of credential (token, IAM password, AK/SK with a
//! security token) through the CLI and through the TUI's effect runner, makes the errors a user meets
//! (wrong password, wrong token, wrong SK, a 503), exports every history entry, prints every dry run,
//! saves a draft, forces a panic in a real terminal, and renders every screen with the secrets in the
//! profile and typed into the profiles form. Then it scans all of it, the database bytes and the log
//! file, for any secret. It also checks the data dir is 0700 and the credentials file 0600.

use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::time::Duration;

use crate::support;
use assert_cmd::Command;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ctask::api::Secret;
use ctask::emulator::config::{
    SANDBOX_AK, SANDBOX_IAM_DOMAIN, SANDBOX_IAM_PASSWORD, SANDBOX_IAM_USER, SANDBOX_PROJECT_ID,
    SANDBOX_SK, SANDBOX_TOKEN, SANDBOX_WORKSPACE,
};
use ctask::store::Paths;
use ctask::tui::testkit::Line;
use ctask::tui::testkit::Modal;
use ctask::tui::testkit::Screen;
use ctask::tui::testkit::StoreEffect;
use ctask::tui::testkit::{Effect, Msg};
use ctask::tui::testkit::{Field, ProfileEdit};
use ctask::tui::testkit::{saved_profile, screen_text, start};
use serde_json::json;

const STS: &str = "ctask-test-security-token-4f1d9e";
const WRONG_TOKEN: &str = "ctask-wrong-token-7c2a5b";
const WRONG_PASSWORD: &str = "ctask-wrong-password-91ab";
const WRONG_SK: &str = "ctaskWrongSecretKey000000000000000000000";

/// `ctask` with everything under `root` (which ctask creates itself).
fn ctask(root: &Path) -> Command {
    let mut c = Command::cargo_bin("ctask").unwrap();
    c.env("CTASK_HOME", root).env("HOME", root);
    for v in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "CTASK_LOG",
    ] {
        c.env_remove(v);
    }
    c
}

/// Runs `ctask args` with `stdin`; returns exit code and stdout + stderr.
fn run(root: &Path, args: &[&str], stdin: &str) -> (i32, String) {
    let out = ctask(root).args(args).write_stdin(stdin).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn add(root: &Path, base: &str, name: &str, extra: &[&str], stdin: &str) {
    let mut args = vec![
        "profile",
        "add",
        name,
        "--endpoint",
        base,
        "--project-id",
        SANDBOX_PROJECT_ID,
        "--workspace",
        SANDBOX_WORKSPACE,
    ];
    args.extend_from_slice(extra);
    let (code, out) = run(root, &args, stdin);
    assert_eq!(code, 0, "profile add {name}: {out}");
}

/// Every profile the scan submits with; the `bad_*` ones fail authentication.
fn add_profiles(root: &Path, base: &str) {
    let iam = [
        "--auth",
        "iam",
        "--iam-user",
        SANDBOX_IAM_USER,
        "--iam-domain",
        SANDBOX_IAM_DOMAIN,
        "--password-stdin",
    ];
    let aksk = ["--auth", "aksk", "--ak", SANDBOX_AK, "--sk-stdin"];
    add(
        root,
        base,
        "tok",
        &["--auth", "token", "--token-stdin"],
        SANDBOX_TOKEN,
    );
    add(root, base, "iam", &iam, SANDBOX_IAM_PASSWORD);
    add(root, base, "ak", &aksk, SANDBOX_SK);
    let sts = [
        "--auth",
        "aksk",
        "--ak",
        SANDBOX_AK,
        "--replace",
        "--security-token-stdin",
    ];
    add(root, base, "ak", &sts, STS);
    add(
        root,
        base,
        "bad_tok",
        &["--auth", "token", "--token-stdin"],
        WRONG_TOKEN,
    );
    // Another user: the right user's cached token would be used without a login.
    let mut bad_iam = iam;
    bad_iam[3] = "sandbox-other";
    add(root, base, "bad_iam", &bad_iam, WRONG_PASSWORD);
    add(root, base, "bad_ak", &aksk, WRONG_SK);
}

/// Every secret the scan looks for: the credentials, the wrong ones, and the token IAM issued.
fn secrets(root: &Path) -> Vec<String> {
    let mut all: Vec<String> = [
        SANDBOX_TOKEN,
        SANDBOX_IAM_PASSWORD,
        SANDBOX_SK,
        STS,
        WRONG_TOKEN,
        WRONG_PASSWORD,
        WRONG_SK,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let cache = std::fs::read_to_string(root.join("iam-tokens.json")).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&cache).unwrap_or_default();
    let mut found = Vec::new();
    collect_tokens(&v, &mut found);
    assert!(!found.is_empty(), "the IAM login cached a token: {cache}");
    all.extend(found);
    all
}

fn collect_tokens(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match x.as_str() {
                    Some(s) if k.contains("token") && s.len() >= 16 => out.push(s.to_string()),
                    _ => collect_tokens(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_tokens(x, out)),
        _ => {}
    }
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(
            !text.contains(s.as_str()),
            "{what} holds a secret ({s}):\n{text}"
        );
    }
}

/// The bytes of every file whose name starts with `prefix` in `dir`, as text.
fn files_text(dir: &Path, prefix: &str) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with(prefix) {
            out.push_str(&String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()));
        }
    }
    out
}

fn seed(dir: &Path, name: &str) -> PathBuf {
    let text = std::fs::read_to_string("assets/examples/seed-example.json").unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["name"] = json!(name);
    let p = dir.join(format!("{name}.json"));
    std::fs::write(&p, v.to_string()).unwrap();
    p
}

#[test]
fn no_secret_reaches_history_drafts_log_exports_errors_panics_or_screens() {
    // `logging::init` below sets the process's one tracing subscriber and a panic hook, for good:
    // in the one test executable every later test's events and panics would go to this test's log
    // (and a log it scans for secrets must hold only this test's). So it runs in a process of its
    // own.
    if !support::own_process(
        module_path!(),
        "no_secret_reaches_history_drafts_log_exports_errors_panics_or_screens",
    ) {
        return;
    }
    let e = support::env();
    let root = e.home.path().join("ctask-home");
    let base = e.emu.base_url();
    add_profiles(&root, &base);
    let paths = Paths::under(&root);
    let mut seen = String::new();

    // The CLI: a dry run and a submit per credential, then the errors.
    for p in ["tok", "iam", "ak"] {
        let file = seed(e.home.path(), &format!("secret_cli_{p}"));
        let f = file.to_str().unwrap();
        for dry in [&["--dry-run"][..], &["--dry-run", "--json"][..]] {
            let (code, out) = run(
                &root,
                &[&["submit", f, "--profile", p][..], dry].concat(),
                "",
            );
            assert_eq!(code, 0, "{out}");
            seen.push_str(&out);
        }
        let (code, out) = run(&root, &["submit", f, "--profile", p, "--yes"], "");
        assert_eq!(code, 0, "{p}: {out}");
        seen.push_str(&out);
    }
    for p in ["bad_tok", "bad_iam", "bad_ak"] {
        let file = seed(e.home.path(), &format!("secret_cli_{p}"));
        let (code, out) = run(
            &root,
            &["submit", file.to_str().unwrap(), "--profile", p],
            "",
        );
        assert_eq!(code, 4, "{p} is rejected: {out}");
        seen.push_str(&out);
        let (_, out) = run(&root, &["profile", "test", p], "");
        seen.push_str(&out);
    }
    e.fault(json!({"kind": "status", "status": 503, "body": "html"}), 1);
    let file = seed(e.home.path(), "secret_cli_503");
    let (code, out) = run(
        &root,
        &["submit", file.to_str().unwrap(), "--profile", "ak"],
        "",
    );
    assert_eq!(code, 5, "{out}");
    seen.push_str(&out);
    for args in [
        &["profile", "list"][..],
        &["profile", "show", "ak"],
        &["profile", "list", "--json"],
        &["profile", "show", "iam", "--json"],
    ] {
        seen.push_str(&run(&root, args, "").1);
    }

    // The TUI through its effect runner, logging to the data dir as the app does.
    ctask::tui::testkit::init_logging(Some(&paths), "secrets-test", false, &base);
    let mut screens = String::new();
    for p in ["tok", "iam", "ak", "bad_tok", "bad_iam", "bad_ak"] {
        let mut d = start(&root, &saved_profile(p, &base));
        d.type_text(&format!("secret_tui_{p}"));
        d.submit();
        let o = d.finish();
        assert_eq!(o.task_id.is_some(), !p.starts_with("bad_"), "{p}: {o:?}");
        screens.push_str(&d.render(Screen::Response, 120, 40));
        if let Some(r) = d.s.response.as_mut() {
            r.raw = true;
        }
        screens.push_str(&d.render(Screen::Response, 120, 40));
    }
    e.fault(json!({"kind": "status", "status": 503, "body": "html"}), 1);
    let mut d = start(&root, &saved_profile("ak", &base));
    d.type_text("secret_tui_503");
    d.submit();
    assert!(d.finish().error.is_some());
    screens.push_str(&d.render(Screen::Response, 120, 40));

    // A draft saved through the store.
    let draft = ctask::tui::testkit::draft_of(&d.s, "secret-draft", "");
    d.run(vec![Effect::Store(StoreEffect::SaveDraft(draft))]);
    d.drain(300);

    // Every view, with the secrets in the profile and typed into the profiles form.
    let mut p = saved_profile("ak", &base);
    p.token = Secret::new(SANDBOX_TOKEN);
    p.password = Secret::new(SANDBOX_IAM_PASSWORD);
    p.sk = Secret::new(SANDBOX_SK);
    p.security_token = Secret::new(STS);
    // The Review screen renders a plan whose request carries the real token.
    let mut with_token = p.clone();
    with_token.sandbox = true;
    d.s.context = ctask::tui::testkit::context_of(None, &with_token, &Default::default())
        .ok()
        .map(std::sync::Arc::new);
    d.s.profiles.list = vec![p.clone()];
    for screen in Screen::ALL.iter() {
        d.s.go(*screen);
        let fx = d.send(Msg::Resize(120, 40));
        d.run(fx);
        d.drain(150);
        for (w, h) in [(120, 40), (80, 24)] {
            screens.push_str(&d.render(*screen, w, h));
        }
        if *screen == Screen::History {
            let fx = d.send(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
            d.run(fx);
            d.drain(300);
            screens.push_str(&d.render(*screen, 120, 40));
        }
    }
    for (field, secret) in [
        (Field::Token, SANDBOX_TOKEN),
        (Field::Password, SANDBOX_IAM_PASSWORD),
        (Field::Sk, SANDBOX_SK),
        (Field::SecurityToken, STS),
    ] {
        for auth in [
            ctask::store::AuthKind::Token,
            ctask::store::AuthKind::Iam,
            ctask::store::AuthKind::Aksk,
        ] {
            let mut edit = ProfileEdit {
                original: Some("ak".into()),
                profile: p.clone(),
                focus: 0,
                line: Line::new(""),
            };
            edit.profile.auth = auth;
            let Some(i) = edit.fields().iter().position(|f| *f == field) else {
                continue;
            };
            edit.focus = i;
            edit.line = Line::new(secret);
            d.s.go(Screen::Profiles);
            d.s.modals.clear();
            d.s.modals.push(Modal::ProfileForm(Box::new(edit)));
            screens.push_str(&screen_text(&d.s, 120, 40));
            screens.push_str(&screen_text(&d.s, 80, 24));
        }
    }
    d.s.modals.clear();
    d.s.modals.push(Modal::Help(Default::default()));
    screens.push_str(&screen_text(&d.s, 120, 40));
    drop(d);

    // Exports of every history entry.
    let (code, list) = run(&root, &["history", "list", "--json"], "");
    assert_eq!(code, 0, "{list}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert!(
        rows.len() >= 14,
        "every attempt is recorded: {}",
        rows.len()
    );
    seen.push_str(&list);
    for r in &rows {
        let id = r["id"].to_string();
        seen.push_str(&run(&root, &["history", "show", &id], "").1);
        for format in ["body", "kooCLI", "curl"] {
            let (code, out) = run(&root, &["history", "export", &id, "--format", format], "");
            assert_eq!(code, 0, "{out}");
            seen.push_str(&out);
        }
    }

    // A panic in a real terminal, on the token profile, after the log has started (a Unix
    // pseudo-terminal; on Windows the rest of the scan runs without it).
    #[cfg(unix)]
    {
        let mut t = support::pty::Tui::start_in(
            &root,
            &["--profile", "tok"],
            &[("CTASK_TEST_PANIC_KEY", "1")],
        );
        t.wait_for("the first frame", |s| s.contains("tok"));
        t.idle(Duration::from_millis(300));
        t.send(b"\x1b[24~");
        assert_eq!(t.exit_code(), 101);
        let panic_out = t.raw_text();
        assert!(panic_out.contains("CTASK_TEST_PANIC_KEY"), "{panic_out}");
        seen.push_str(&panic_out);
    }

    let secrets = secrets(&root);
    // The scan's own check: the secrets are real (the credentials file holds them).
    let creds = std::fs::read_to_string(paths.credentials_file()).unwrap();
    for s in [
        SANDBOX_TOKEN,
        SANDBOX_IAM_PASSWORD,
        SANDBOX_SK,
        STS,
        WRONG_TOKEN,
    ] {
        assert!(creds.contains(s), "{s} is not in the credentials file");
    }
    assert!(screens.contains("Security token") && screens.contains("History"));

    let log = files_text(&root, "ctask.log");
    assert!(log.contains("submit") && log.contains("not sent"), "{log}");
    #[cfg(unix)]
    assert!(log.contains("panic"), "the panic is logged: {log}");
    assert_clean(
        "CLI output, errors, exports, dry runs and the panic",
        &seen,
        &secrets,
    );
    assert_clean("rendered screens", &screens, &secrets);
    assert_clean("the log", &log, &secrets);
    let db = files_text(&root, "ctask.db");
    assert!(db.contains("secret_tui_tok") && db.contains("secret-draft"));
    assert_clean("the history and drafts database", &db, &secrets);

    // Modes where the platform has them (on Windows the profile folder's ACL keeps others out).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&root), 0o700, "the data dir");
        assert_eq!(
            mode(&paths.credentials_file()),
            0o600,
            "the credentials file"
        );
        assert_eq!(mode(&root.join("ctask.log")), 0o600, "the log");
    }
}
