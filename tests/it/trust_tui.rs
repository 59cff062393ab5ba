//! The first real submit, driven as a user would through `update` and the real effect
//! runner against the emulator on loopback: leaving the sandbox resets what it filled (item 1),
//! Review follows the profile in use (item 2), Esc on a waiting create never leads to a second
//! send (item 4), and a lost answer never claims a task of the same name made before (item 5).

use std::time::Duration;

use crate::support::env;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ctask::emulator::config::{SANDBOX_AK, SANDBOX_PROJECT_ID, SANDBOX_USER_ID, SANDBOX_WORKSPACE};
use ctask::store::AuthKind;
use ctask::tui::testkit::Profile;
use ctask::tui::testkit::sandbox_profile;
use ctask::tui::testkit::{Driven, ctrl, saved_profile, start};
use ctask::tui::testkit::{Effect, Msg};
use ctask::tui::testkit::{Screen, review_head_lines};
use serde_json::json;

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A saved profile as the Profiles tab lists it: no form defaults of its own.
fn bare(name: &str, auth: AuthKind, endpoint: &str) -> Profile {
    Profile {
        name: name.into(),
        auth,
        endpoint: endpoint.into(),
        project_id: SANDBOX_PROJECT_ID.into(),
        workspace: SANDBOX_WORKSPACE.into(),
        ak: if auth == AuthKind::Aksk {
            SANDBOX_AK.into()
        } else {
            String::new()
        },
        ..Profile::default()
    }
}

/// Enter on the Profiles tab with `p` selected, then the context it resolves.
fn switch(d: &mut Driven, p: &Profile) {
    if !d.s.profiles.list.iter().any(|x| x.name == p.name) {
        d.s.profiles.list.push(p.clone());
    }
    d.s.go(Screen::Profiles);
    d.s.profiles.sel =
        d.s.profiles
            .list
            .iter()
            .position(|x| x.name == p.name)
            .unwrap();
    let fx = d.send(key(KeyCode::Enter));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::ResolveContext { .. })),
        "{fx:?}"
    );
    d.run(fx);
    d.until(|m| matches!(m, Msg::ContextReady { profile, .. } if profile == &p.name));
    assert_eq!(d.s.target.profile, p.name);
}

/// The Review screen's lines above the body, as shown.
fn review_head(d: &mut Driven) -> Vec<String> {
    let fx = d.send(key(KeyCode::Esc));
    d.run(fx);
    d.s.go(Screen::Review);
    d.s.derive();
    review_head_lines(&d.s)
}

fn config_text(d: &Driven, key: &str) -> String {
    d.s.task()
        .task_config
        .as_ref()
        .and_then(|c| match c {
            ctask::task::Typed::Valid(m) => m.get(key).cloned(),
            ctask::task::Typed::Invalid(_) => None,
        })
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn leaving_the_sandbox_resets_what_it_filled_and_keeps_what_the_user_typed() {
    let e = env();
    e.add_token("real", &[]);
    let mut d = start(e.home.path(), &sandbox_profile(&e.emu.base_url()));
    assert_eq!(d.s.task().text("user_id"), Some(SANDBOX_USER_ID));
    assert_eq!(config_text(&d, "data_connection_name"), "dli_test");
    // The user types a directory of their own: it stays.
    d.s.go(Screen::Task);
    d.s.form.edit(|t| {
        *t.text_field_mut("dir_id").unwrap() = Some(ctask::task::Typed::Valid("42".into()))
    });
    d.s.form.touched.insert("dir_id".into());
    switch(&mut d, &bare("real", AuthKind::Token, &e.emu.base_url()));
    let note =
        d.s.notice
            .clone()
            .expect("the switch says what changed")
            .text;
    assert!(
        note.contains("3 fields came from the sandbox: reset"),
        "{note}"
    );
    assert_eq!(
        d.s.task().text("user_id"),
        None,
        "the template names no user"
    );
    assert_eq!(
        config_text(&d, "data_connection_name"),
        "<data connection name>"
    );
    assert_eq!(
        config_text(&d, "data_connection_id"),
        "<data connection id>"
    );
    assert_eq!(d.s.task().text("dir_id"), Some("42"), "typed: kept");
    // Review shows the placeholders as errors and no sandbox id in the body.
    d.s.go(Screen::Task);
    d.type_text("first_real");
    review_head(&mut d);
    let plan = d.s.review.plan.clone().expect("planned");
    assert!(
        plan.has_errors(),
        "placeholders are errors: {:?}",
        plan.issues
    );
    let body = d.s.review.body_lines.join("\n");
    assert!(
        !body.contains(SANDBOX_USER_ID) && !body.contains("dli_test"),
        "{body}"
    );
    // Ctrl-S sends nothing.
    let fx = d.send(ctrl('s'));
    assert!(
        !fx.iter().any(|f| matches!(f, Effect::SendCreate { .. })),
        "{fx:?}"
    );
}

#[test]
fn review_the_curl_line_and_ctrl_s_follow_the_profile_in_use() {
    let e = env();
    e.add_every_kind();
    let base = e.emu.base_url();
    let mut d = start(e.home.path(), &saved_profile("tok", &base));
    d.type_text("follows_profile");
    let head = review_head(&mut d);
    assert!(
        head.iter().any(|l| l.starts_with("X-Auth-Token: ")),
        "{head:?}"
    );
    // Switch while on another screen, then come back to Review: no field is edited in between (the
    // AK/SK profile has the same form defaults, so the form does not change).
    let mut ak = saved_profile("ak", &base);
    ak.auth = AuthKind::Aksk;
    ak.ak = SANDBOX_AK.into();
    let revision = d.s.form.revision;
    switch(&mut d, &ak);
    assert_eq!(d.s.form.revision, revision, "the form did not change");
    let head = review_head(&mut d);
    let plan = d.s.review.plan.clone().expect("planned for ak");
    assert!(
        head.iter()
            .any(|l| l.starts_with("Authorization: SDK-HMAC-SHA256 Access=")),
        "Review shows the AK/SK signature: {head:?}"
    );
    assert!(
        !head.iter().any(|l| l.starts_with("X-Auth-Token")),
        "{head:?}"
    );
    assert!(
        head.iter()
            .any(|l| l.starts_with("curl ") && l.contains("Authorization")),
        "{head:?}"
    );
    // Ctrl-S sends the plan Review shows: the same header names.
    let fx = d.send(ctrl('s'));
    let sent = fx
        .iter()
        .find_map(|f| match f {
            Effect::SendCreate { plan, .. } => Some(plan.clone()),
            _ => None,
        })
        .expect("sent");
    let names = |p: &ctask::app::Plan| -> Vec<String> {
        p.request
            .headers
            .iter()
            .map(|(k, _)| k.to_ascii_lowercase())
            .collect()
    };
    assert_eq!(names(&sent), names(&plan));
    d.run(fx);
    let done = d.finish();
    assert!(done.task_id.is_some(), "{done:?}");
    let creates = e.creates();
    assert!(
        creates[0]["headers"]["authorization"]
            .as_str()
            .unwrap_or("")
            .starts_with("SDK-HMAC-SHA256"),
        "{:?}",
        creates[0]["headers"]
    );
}

/// Esc while the create hangs: Response says it may have landed; Ctrl-S sends nothing until the
/// search has answered "not created"; then it sends once.
#[test]
fn esc_on_a_waiting_create_never_leads_to_a_second_send() {
    let e = env();
    e.add_token("tok", &[]);
    let mut d = start(e.home.path(), &saved_profile("tok", &e.emu.base_url()));
    d.type_text("esc_hang");
    e.fault(json!({"kind": "hang"}), 1);
    d.submit();
    // Wait until the create has reached the emulator.
    for _ in 0..100 {
        if !e.creates().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(e.creates().len(), 1);
    let fx = d.send(key(KeyCode::Esc));
    assert!(matches!(&fx[..], [Effect::CancelSubmit { .. }]), "{fx:?}");
    d.run(fx);
    let shown = d.render(Screen::Response, 120, 40);
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("may have landed"), "{shown}");
    assert!(!shown.contains("Nothing submitted yet"), "{shown}");
    // At once: Ctrl-S sends nothing.
    let fx = d.send(ctrl('s'));
    assert!(
        !fx.iter().any(|f| matches!(f, Effect::SendCreate { .. })),
        "{fx:?}"
    );
    d.run(fx);
    d.until(|m| matches!(m, Msg::SubmitAbandoned { .. }));
    let fx = d.send(ctrl('s'));
    assert!(
        !fx.iter().any(|f| matches!(f, Effect::SendCreate { .. })),
        "still checking: {fx:?}"
    );
    d.run(fx);
    d.until(|m| matches!(m, Msg::SentChecked { .. }));
    assert_eq!(e.creates().len(), 1, "nothing sent while checking");
    let shown = d.render(Screen::Response, 120, 40);
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("did not land"), "{shown}");
    d.s.go(Screen::Task);
    d.submit();
    let done = d.finish();
    assert!(done.task_id.is_some(), "{done:?}");
    assert_eq!(e.creates().len(), 2);
}

/// Esc while a slow create is still on its way: the search finds it, and Ctrl-S refuses.
#[test]
fn esc_then_the_create_lands_and_ctrl_s_refuses_a_duplicate() {
    let e = env();
    e.add_token("tok", &[]);
    let mut d = start(e.home.path(), &saved_profile("tok", &e.emu.base_url()));
    if let Some(ctx) = d.s.context.take() {
        let mut ctx = (*ctx).clone();
        ctx.reconcile = Duration::from_secs(10);
        d.s.context = Some(std::sync::Arc::new(ctx));
    }
    d.type_text("esc_slow");
    e.fault(json!({"kind": "delay", "ms": 700}), 1);
    d.submit();
    for _ in 0..100 {
        if !e.creates().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let fx = d.send(key(KeyCode::Esc));
    d.run(fx);
    d.until(|m| matches!(m, Msg::SentChecked { .. }));
    let shown = d.render(Screen::Response, 120, 40);
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("the create landed"), "{shown}");
    d.s.go(Screen::Task);
    let fx = d.send(ctrl('s'));
    assert!(fx.is_empty(), "{fx:?}");
    let note = d.s.notice.clone().unwrap().text;
    assert!(note.contains("duplicate"), "{note}");
    assert_eq!(e.creates().len(), 1);
}

/// A lost answer whose search fails: Ctrl-S on that name searches again before it may send.
#[test]
fn a_lost_answer_the_search_could_not_settle_holds_the_name() {
    let e = env();
    e.add_token("tok", &["--timeout", "1"]);
    let mut d = start(e.home.path(), &saved_profile("tok", &e.emu.base_url()));
    d.type_text("lost_unsettled");
    // The create hangs past the 1 s timeout; then every search fails.
    e.fault(json!({"kind": "hang"}), 1);
    e.fault_at(
        "POST",
        "/metadata/tasks/search",
        json!({"kind": "status", "status": 500, "body": "html"}),
        50,
    );
    d.submit();
    let done = d.finish();
    assert!(done.task_id.is_none(), "{done:?}");
    assert!(done.unsettled.is_some(), "{done:?}");
    d.s.go(Screen::Task);
    let fx = d.send(ctrl('s'));
    assert!(
        matches!(&fx[..], [Effect::CheckSent { .. }]),
        "searches again, sends nothing: {fx:?}"
    );
    assert_eq!(e.creates().len(), 1);
}
