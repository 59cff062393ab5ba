//! One submit pipeline: what the screen shows is what is sent. For a token, an IAM and an AK/SK
//! profile on the emulator, the header names on the TUI's Review screen, those of
//! `ctask submit --dry-run --json` and those the emulator received are the same set, and a TUI submit
//! and a CLI submit of one task send byte-identical bodies. Placeholders are errors everywhere, and
//! an IAM profile fills an empty `user_id` from its token after a y. Real binary, real runner, real
//! emulator on loopback.

use std::collections::BTreeSet;

use crate::support::{Env, env};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ctask::emulator::config::SANDBOX_USER_ID;
use ctask::task::taskfile;
use ctask::tui::testkit::Msg;
use ctask::tui::testkit::{Screen, refresh_review, review_head_lines};
use ctask::tui::testkit::{ctrl, saved_profile, start};
use serde_json::Value;

/// Headers the HTTP client adds on its own (not part of the API request ctask builds).
const TRANSPORT: &[&str] = &[
    "host",
    "content-length",
    "accept",
    "accept-encoding",
    "user-agent",
];

fn names<'a>(it: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    it.into_iter().map(str::to_ascii_lowercase).collect()
}

/// The header names the Review screen lists: the lines between the request line and the blank one.
fn review_names(lines: &[String]) -> BTreeSet<String> {
    names(
        lines
            .iter()
            .skip(1)
            .take_while(|l| !l.is_empty())
            .filter_map(|l| l.split_once(": ").map(|(k, _)| k)),
    )
}

fn dry_run_names(e: &Env, file: &std::path::Path, profile: &str) -> BTreeSet<String> {
    let f = file.to_string_lossy().into_owned();
    let (code, out, err) = e.run(&["submit", &f, "--profile", profile, "--dry-run", "--json"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    names(v["headers"].as_object().unwrap().keys().map(String::as_str))
}

/// Every create the emulator received: (header names, without those the HTTP client added that
/// ctask's request does not carry itself (`shown`), body).
fn received(e: &Env, shown: &BTreeSet<String>) -> Vec<(BTreeSet<String>, String)> {
    e.creates()
        .iter()
        .map(|r| {
            let h = r["headers"].as_object().unwrap();
            let added = |k: &&String| TRANSPORT.contains(&k.as_str()) && !shown.contains(*k);
            let n = names(h.keys().filter(|k| !added(k)).map(String::as_str));
            (n, r["body"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
fn review_dry_run_and_the_sent_request_have_one_header_set_and_tui_and_cli_send_one_body() {
    let e = env();
    e.add_every_kind();
    for profile in ["tok", "iam", "ak"] {
        let before = e.creates().len();
        let home = e.home.path().to_path_buf();
        let mut d = start(&home, &saved_profile(profile, &e.emu.base_url()));
        assert!(d.s.context.is_some(), "{profile}: the context resolved");
        d.type_text(&format!("pipe_{profile}"));
        d.s.go(Screen::Review);
        refresh_review(&mut d.s);
        let shown = review_names(&review_head_lines(&d.s));
        assert!(shown.contains("workspace"), "{profile}: {shown:?}");
        let auth = if profile == "ak" {
            "authorization"
        } else {
            "x-auth-token"
        };
        assert!(shown.contains(auth), "{profile}: {shown:?}");
        // The task as the form holds it, as a file for the CLI.
        let file = home.join(format!("pipe_{profile}.json"));
        std::fs::write(&file, taskfile::to_body(d.s.task())).unwrap();
        assert_eq!(
            dry_run_names(&e, &file, profile),
            shown,
            "{profile}: dry run vs Review"
        );

        d.submit();
        let tui = d.finish();
        assert!(tui.task_id.is_some(), "{profile}: {tui:?}");
        // The same task again through the CLI: the emulator refuses the duplicate name, but it has
        // received both requests.
        let (code, _, err) = e.submit(&file, &["--profile", profile]);
        assert_eq!(code, 4, "{profile}: the name exists now: {err}");
        let got = received(&e, &shown);
        assert_eq!(got.len(), before + 2, "{profile}: one create each");
        let (tui_sent, cli_sent) = (&got[before], &got[before + 1]);
        assert_eq!(tui_sent.0, shown, "{profile}: sent (TUI) vs Review");
        assert_eq!(cli_sent.0, shown, "{profile}: sent (CLI) vs Review");
        assert_eq!(tui_sent.1, cli_sent.1, "{profile}: byte-identical bodies");
        let plan = d.s.review.plan.as_ref().unwrap();
        assert_eq!(
            plan.request.body_text(),
            tui_sent.1,
            "{profile}: Review's body is sent"
        );
    }
}

#[test]
fn a_placeholder_user_id_is_an_error_in_the_cli_and_the_tui_and_nothing_is_sent() {
    let e = env();
    e.add_token("tok", &[]);
    let file = e.seed("placeholder_uid", |v| v["user_id"] = "<IAM user id>".into());
    let (code, out, err) = e.submit(&file, &["--profile", "tok"]);
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(
        err.contains("user_id") && err.contains("placeholder"),
        "{err}"
    );

    let mut p = saved_profile("tok", &e.emu.base_url());
    p.user_id.clear();
    let mut d = start(e.home.path(), &p);
    d.type_text("placeholder_tui");
    d.s.form.edit(|t| {
        *t.text_field_mut("user_id").unwrap() = Some("<IAM user id>".to_string().into());
    });
    let fx = d.send(ctrl('s'));
    assert!(fx.is_empty(), "nothing is sent: {fx:?}");
    let notice = d.s.notice.clone().unwrap().text;
    assert!(notice.contains("user_id"), "{notice}");
    assert!(e.creates().is_empty(), "the emulator received no create");
}

#[test]
fn an_empty_user_id_is_offered_the_callers_id_with_its_source_and_filled_after_y() {
    let e = env();
    e.add_every_kind();
    let mut p = saved_profile("iam", &e.emu.base_url());
    p.user_id.clear();
    let mut d = start(e.home.path(), &p);
    d.type_text("iam_user_fill");
    d.s.form
        .edit(|t| *t.text_field_mut("user_id").unwrap() = None);
    let fx = d.send(ctrl('s'));
    assert!(
        fx.iter()
            .all(|f| !matches!(f, ctask::tui::testkit::Effect::SendCreate { .. }))
    );
    d.run(fx);
    d.until(|m| matches!(m, Msg::CallerUser(_)));
    let ask = d.s.modals.confirm().expect("a y/n question").text.clone();
    assert!(
        ask.contains(SANDBOX_USER_ID) && ask.contains("(y/n)") && ask.contains("password login"),
        "{ask}"
    );
    let fx = d.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    d.run(fx);
    let done = d.finish();
    let id = done.task_id.expect("created");
    // The task as the emulator holds it.
    let text = e.sandbox_call(reqwest::Method::GET, &format!("/metadata/tasks/{id}"));
    let shown: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(shown["user_id"], SANDBOX_USER_ID, "{shown}");
}

/// IAM cannot say whose token this is: the TUI asks before sending without `user_id`, and y sends it
/// (the service takes the caller's user, as the Terraform provider relies on).
#[test]
fn without_an_answer_from_iam_the_tui_asks_then_sends_without_user_id() {
    let e = env();
    let nowhere = format!("{}/no-iam-here", e.emu.base_url());
    e.add_token("tok", &["--iam-endpoint", &nowhere]);
    let mut p = saved_profile("tok", &e.emu.base_url());
    p.user_id.clear();
    let mut d = start(e.home.path(), &p);
    d.type_text("no_iam_answer");
    d.s.form
        .edit(|t| *t.text_field_mut("user_id").unwrap() = None);
    let fx = d.send(ctrl('s'));
    d.run(fx);
    d.until(|m| matches!(m, Msg::CallerUser(Err(_))));
    let ask = d.s.modals.confirm().expect("a y/n question").text.clone();
    assert!(ask.contains("Send the task without user_id?"), "{ask}");
    assert!(e.creates().is_empty(), "nothing sent before y");
    let fx = d.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    d.run(fx);
    let done = d.finish();
    let id = done.task_id.expect("created");
    let body = e.creates()[0]["body"].to_string();
    assert!(!body.contains("user_id"), "{body}");
    let text = e.sandbox_call(reqwest::Method::GET, &format!("/metadata/tasks/{id}"));
    let shown: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        shown["user_id"], SANDBOX_USER_ID,
        "the service took the caller: {shown}"
    );
}

#[test]
fn a_tui_submit_while_another_process_holds_the_database_says_so_and_keeps_the_row() {
    let e = env();
    e.add_token("tok", &[]);
    let mut d = start(e.home.path(), &saved_profile("tok", &e.emu.base_url()));
    d.type_text("locked_db");
    let db = ctask::store::Paths::under(e.home.path()).database_file();
    let (held, is_held) = std::sync::mpsc::channel();
    // Another process's write lock, held past the 10 s the store waits for it.
    let holder = std::thread::spawn(move || {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("BEGIN EXCLUSIVE").unwrap();
        held.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_secs(12));
        c.execute_batch("COMMIT").unwrap();
    });
    is_held.recv().unwrap();
    d.submit();
    let done = d.finish();
    holder.join().unwrap();
    assert!(done.task_id.is_some(), "{done:?}");
    assert!(
        d.notes.iter().any(|n| n.contains("history not written")),
        "the screen is told the pending row was not written: {:?}",
        d.notes
    );
    let rows = e.history_rows();
    assert_eq!(
        rows.len(),
        1,
        "the row is written with the answer: {rows:#?}"
    );
    assert_eq!(rows[0]["outcome"], "ok");
    assert_eq!(rows[0]["task_id"], done.task_id.unwrap().as_str());
}
