//! The CLI under hostile values: timeouts out of range are refused when saved and when read (exit 2,
//! never a panic), and task text holding terminal controls never reaches the terminal raw through
//! `validate`, `submit` or `history list`, while `--json` keeps the exact value. Real binary,
//! emulator on loopback.

use crate::support::{self, env};
use serde_json::Value;

/// Edits `config.toml` by hand, as a user would: `from` becomes `to` (which must change it).
fn hand_edit_config(e: &support::Env, from: &str, to: &str) {
    let path = e.home.path().join("config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace(from, to);
    assert_ne!(text, edited, "{from:?} is not in config.toml");
    std::fs::write(&path, edited).unwrap();
}

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
    hand_edit_config(
        &e,
        "[profiles.tok]\n",
        "[profiles.tok]\ntimeout_secs = 1e20\n",
    );
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

#[test]
fn a_timeout_below_a_tenth_of_a_second_is_refused_when_saved_and_when_read() {
    let e = env();
    let base = e.emu.base_url();
    for flag in ["--timeout", "--connect-timeout"] {
        let (code, _, err) = add_at(&e, "quick", &base, &[flag, "0.05"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(flag) && err.contains("0.1 to 3600"), "{err}");
    }
    let (code, _, err) = add_at(&e, "quick", &base, &["--timeout", "0.1"]);
    assert_eq!(code, 0, "{err}");
    e.add_token("tok", &[]);
    hand_edit_config(
        &e,
        "[profiles.tok]\n",
        "[profiles.tok]\nconnect_timeout_secs = 0.05\n",
    );
    let seed = e.seed("tiny_timeout", |_| {});
    let (code, _, err) = e.submit(&seed, &["--profile", "tok", "--yes"]);
    assert_eq!(code, 2, "submit: {err}");
    assert!(
        err.contains("connect_timeout_secs = 0.05")
            && err.contains("0.1 to 3600")
            && err.contains("config.toml"),
        "{err}"
    );
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

#[cfg(unix)] // /dev/zero through sh
#[test]
fn validate_dev_zero_stops_at_the_cap_with_exit_2_and_little_memory() {
    // The peak read below is that of every child the process has waited for: in the one test
    // executable, every other test's too (hostile_paging's `apply --plan` peaks near 170 MiB). So
    // this test runs in a process of its own.
    if !support::own_process(
        module_path!(),
        "validate_dev_zero_stops_at_the_cap_with_exit_2_and_little_memory",
    ) {
        return;
    }
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
    #[cfg(unix)]
    {
        let usage =
            nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
        let peak_kib = usage.max_rss();
        assert!(peak_kib < 100 * 1024, "peak RSS {peak_kib} KiB");
    }
}

#[test]
fn an_endpoint_with_a_password_is_refused_when_saved_and_when_read() {
    let e = env();
    let (code, _, err) = e.run(&[
        "profile",
        "add",
        "x",
        "--endpoint",
        "http://user:PASSWORD123@127.0.0.1:9",
        "--project-id",
        "p",
        "--workspace",
        "w",
        "--token-from",
        "env:T",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("user name or password") && !err.contains("PASSWORD123"),
        "{err}"
    );
    let config = std::fs::read_to_string(e.home.path().join("config.toml")).unwrap_or_default();
    assert!(!config.contains("PASSWORD123"), "{config}");

    // A hand edit puts one there: every use refuses it, and listings mask it.
    e.add_token("tok", &[]);
    hand_edit_config(&e, "http://", "http://user:PASSWORD123@");
    let (code, _, err) = e.run(&["profile", "test", "tok"]);
    assert_eq!(code, 2, "profile test: {err}");
    assert!(
        err.contains("user name or password") && !err.contains("PASSWORD123"),
        "{err}"
    );
    for args in [
        &["profile", "show", "tok"][..],
        &["profile", "list", "--json"],
    ] {
        let (_, out, err) = e.run(args);
        assert!(
            !out.contains("PASSWORD123") && !err.contains("PASSWORD123"),
            "{args:?}: {out}{err}"
        );
    }
    let seed = e.seed("userinfo_endpoint", |_| {});
    let (code, _, err) = e.submit(&seed, &["--yes"]);
    assert_eq!(code, 2, "submit: {err}");
    assert!(e.creates().is_empty(), "sent with a refused endpoint");
}

/// `profile add NAME --endpoint URL` with a token from the environment, plus `extra`.
fn add_at(e: &support::Env, name: &str, endpoint: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "profile",
        "add",
        name,
        "--endpoint",
        endpoint,
        "--project-id",
        "p",
        "--workspace",
        "w",
        "--token-from",
        "env:T",
    ];
    args.extend_from_slice(extra);
    e.run(&args)
}

#[test]
fn plain_http_to_a_remote_host_is_refused_unless_allowed_and_then_every_send_warns() {
    let e = env();
    let (code, _, err) = add_at(&e, "web", "http://example.com", &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("plain http://") && err.contains("--allow-http") && err.contains("allow_http"),
        "{err}"
    );
    let config = std::fs::read_to_string(e.home.path().join("config.toml")).unwrap_or_default();
    assert!(!config.contains("web"), "saved anyway:\n{config}");
    // The IAM endpoint too; https and loopback (the emulator) need nothing.
    let (code, _, err) = add_at(
        &e,
        "web",
        "https://example.com",
        &["--iam-endpoint", "http://iam.example.com"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("IAM endpoint"), "{err}");
    for ok in [
        "https://example.com",
        "http://localhost.:1",
        "http://[::1]:1",
        "http://127.1.2.3",
    ] {
        let (code, _, err) = add_at(&e, "fine", ok, &["--replace"]);
        assert_eq!(code, 0, "{ok}: {err}");
    }
    // Allowed explicitly: saved with the setting, and a command that sends warns.
    let (code, _, err) = add_at(&e, "web", "http://example.com", &["--allow-http"]);
    assert_eq!(code, 0, "{err}");
    let config = std::fs::read_to_string(e.home.path().join("config.toml")).unwrap();
    assert!(config.contains("allow_http = true"), "{config}");
    let seed = e.seed("over_http", |_| {});
    let out = e
        .ctask()
        .args([
            "submit",
            seed.to_str().unwrap(),
            "--profile",
            "web",
            "--dry-run",
        ])
        .env("T", "a-token")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning") && err.contains("http://example.com is plain http://"),
        "{err}"
    );
}

#[test]
fn a_hand_edited_http_endpoint_to_a_remote_host_is_refused_when_used() {
    let e = env();
    e.add_token("tok", &["--default"]);
    let base = e.emu.base_url();
    hand_edit_config(&e, &base, "http://example.com");
    let seed = e.seed("edited_to_http", |_| {});
    let (code, _, err) = e.submit(&seed, &["--yes"]);
    assert_eq!(code, 2, "submit: {err}");
    assert!(
        err.contains("plain http://") && err.contains("allow_http") && err.contains("config.toml"),
        "{err}"
    );
    let (code, _, err) = e.run(&["profile", "test", "tok"]);
    assert_eq!(code, 2, "profile test: {err}");
    assert!(e.creates().is_empty(), "sent over plain http");
}

#[test]
fn loopback_requests_never_go_through_a_proxy() {
    let e = env();
    e.add_token("local", &["--timeout", "5"]);
    let port = e.emu.base_url().rsplit(':').next().unwrap().to_string();
    // `localhost.` (the same name, fully qualified) counts as loopback too; it may not resolve
    // here, but it must never reach the proxy.
    e.add_token_at(
        "dotted",
        &format!("http://localhost.:{port}"),
        &["--timeout", "2"],
    );
    // A "proxy" that only notes who connects to it.
    let proxy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    proxy.set_nonblocking(true).unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let with_proxy = |profile: &str| {
        e.ctask()
            .args(["profile", "test", profile])
            .env("http_proxy", &proxy_url)
            .env("HTTP_PROXY", &proxy_url)
            .env("https_proxy", &proxy_url)
            .env("all_proxy", &proxy_url)
            .env("ALL_PROXY", &proxy_url)
            .env_remove("no_proxy")
            .env_remove("NO_PROXY")
            .output()
            .unwrap()
    };
    let dotted = with_proxy("dotted");
    assert!(
        proxy.accept().is_err(),
        "the localhost. request went to the proxy ({})",
        String::from_utf8_lossy(&dotted.stderr)
    );
    let out = e
        .ctask()
        .args(["profile", "test", "local"])
        .env("http_proxy", &proxy_url)
        .env("HTTP_PROXY", &proxy_url)
        .env("https_proxy", &proxy_url)
        .env("all_proxy", &proxy_url)
        .env("ALL_PROXY", &proxy_url)
        .env_remove("no_proxy")
        .env_remove("NO_PROXY")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        proxy.accept().is_err(),
        "the loopback request went to the proxy ({err})"
    );
    assert!(out.status.success(), "{err}");
}

#[test]
fn a_wrong_iam_password_never_reuses_a_cached_token() {
    use ctask::emulator::config::{SANDBOX_IAM_DOMAIN, SANDBOX_IAM_PASSWORD, SANDBOX_IAM_USER};
    let e = env();
    let iam = |pw: &str, name: &str, extra: &[&str]| {
        let mut a = vec![
            "--auth",
            "iam",
            "--iam-user",
            SANDBOX_IAM_USER,
            "--iam-domain",
            SANDBOX_IAM_DOMAIN,
            "--password-stdin",
        ];
        a.extend_from_slice(extra);
        e.add(name, &a, pw);
    };
    iam(SANDBOX_IAM_PASSWORD, "good", &[]);
    let (code, _, err) = e.run(&["profile", "test", "good"]);
    assert_eq!(code, 0, "{err}");
    // Another profile, same user, wrong password: its own login, refused.
    iam("wrong-password", "bad", &[]);
    let (code, _, err) = e.run(&["profile", "test", "bad"]);
    assert_ne!(
        code, 0,
        "a wrong password passed with a cached token: {err}"
    );
    // The same profile with its password changed: a new login too.
    iam("wrong-password", "good", &["--replace"]);
    let (code, _, err) = e.run(&["profile", "test", "good"]);
    assert_ne!(
        code, 0,
        "a wrong password passed with a cached token: {err}"
    );
    let cache = std::fs::read_to_string(e.home.path().join("iam-tokens.json")).unwrap();
    assert!(
        !cache.contains(SANDBOX_IAM_PASSWORD) && !cache.contains("wrong-password"),
        "{cache}"
    );
}

#[test]
fn json_errors_carry_a_message_for_html_5xx_and_redirects_and_a_413_says_nothing_was_created() {
    let e = env();
    e.add_token("tok", &[]);
    for (i, (status, body)) in [
        (503, "html"),
        (502, "empty"),
        (302, "empty"),
        (301, "html"),
        (413, "html"),
    ]
    .into_iter()
    .enumerate()
    {
        e.fault(
            serde_json::json!({"kind": "status", "status": status, "body": body}),
            1,
        );
        let seed = e.seed(&format!("json_message_{i}"), |_| {});
        let (code, out, err) = e.submit(&seed, &["--yes", "--json"]);
        assert_ne!(code, 0, "{status}: {out}{err}");
        let v: Value =
            serde_json::from_str(&out).unwrap_or_else(|_| panic!("{status}: {out}{err}"));
        let message = v["error"]["message"].as_str().unwrap_or_default();
        assert!(
            !message.trim().is_empty(),
            "{status}: empty message in {out}"
        );
        let hint = v["error"]["hint"].as_str().unwrap_or_default();
        if status == 413 {
            assert!(
                !hint.contains("check whether the task was created")
                    && hint.contains("no task was created"),
                "413 hint: {hint}"
            );
        }
        if status < 400 {
            assert!(message.contains("redirect"), "{status}: {message}");
        }
    }
}

#[test]
fn history_show_never_says_answered_0_ms_for_a_row_never_answered() {
    let e = env();
    let (h, _) = ctask::store::history::History::open(&e.home.path().join("ctask.db")).unwrap();
    let id = h
        .record_sent(&ctask::store::history::Sent {
            sent_at: ctask::store::record::timestamp(chrono::Utc::now()),
            source: "tui".into(),
            profile: "p".into(),
            endpoint: "http://127.0.0.1:1".into(),
            project_id: "p".into(),
            workspace: "w".into(),
            auth_kind: "token".into(),
            task_name: "killed_mid_submit".into(),
            data_source_type: "DLI".into(),
            method: "POST".into(),
            url: "http://127.0.0.1:1/v3/p/metadata/tasks/create".into(),
            request_headers: "{}".into(),
            request_body: "{}".into(),
        })
        .unwrap();
    drop(h);
    let (code, out, err) = e.run(&["history", "show", &id.to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains("0 ms") && out.contains("never answered"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn profile_commands_keep_comments_and_write_through_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let e = env();
    e.add_token("prod", &[]);
    // Both files live elsewhere (a dotfiles repository) and are linked into CTASK_HOME.
    let elsewhere = tempfile::tempdir().unwrap();
    let home = e.home.path();
    for f in ["config.toml", "credentials.toml"] {
        let target = elsewhere.path().join(f);
        std::fs::rename(home.join(f), &target).unwrap();
        std::os::unix::fs::symlink(&target, home.join(f)).unwrap();
    }
    let config = elsewhere.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let hand = format!("# my profiles: hands off\n{}", text.replace(
        "[profiles.prod]\n",
        "# production, careful\n[profiles.prod]\nproject_id   =   \"kept-as-typed\"  # spaced\n",
    ).replace(&format!("project_id = \"{}\"\n", ctask::emulator::config::SANDBOX_PROJECT_ID), ""));
    std::fs::write(&config, &hand).unwrap();
    let creds = elsewhere.path().join("credentials.toml");
    let ctext = std::fs::read_to_string(&creds).unwrap();
    std::fs::write(&creds, format!("# secrets: never commit\n{ctext}")).unwrap();
    std::fs::set_permissions(&creds, std::fs::Permissions::from_mode(0o600)).unwrap();

    e.add_token("late", &[]);
    let (code, _, err) = e.run(&["profile", "default", "late"]);
    assert_eq!(code, 0, "{err}");

    for f in ["config.toml", "credentials.toml"] {
        let meta = std::fs::symlink_metadata(home.join(f)).unwrap();
        assert!(
            meta.file_type().is_symlink(),
            "{f} was replaced by a regular file"
        );
    }
    let out = std::fs::read_to_string(&config).unwrap();
    for kept in [
        "# my profiles: hands off",
        "# production, careful",
        "project_id   =   \"kept-as-typed\"  # spaced",
    ] {
        assert!(out.contains(kept), "{kept:?} lost:\n{out}");
    }
    assert!(
        out.contains("[profiles.late]") && out.contains("default = \"late\""),
        "{out}"
    );
    let cout = std::fs::read_to_string(&creds).unwrap();
    assert!(
        cout.contains("# secrets: never commit") && cout.contains("[profiles.late]"),
        "{cout}"
    );
    let mode = std::fs::metadata(&creds).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let (code, out, err) = e.run(&["profile", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("prod") && out.contains("late"), "{out}");
}
