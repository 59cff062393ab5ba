//! Update-flow tests: plain `#[test]`s driving `update` with messages and asserting state and the
//! exact effects, no terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::Report;
use crate::tui::sandbox_profile;
use crate::tui::state::{self, Target, profiles};

pub fn sandbox_state() -> AppState {
    let mut t = crate::task::templates::template("DLI").unwrap_or_default();
    t.name = None;
    let mut s = AppState::new(t, Target::default(), Default::default());
    let p = sandbox_profile("http://127.0.0.1:8080");
    let resolve = crate::tui::state::switch::switch_to(&mut s, &p);
    assert!(matches!(resolve, Effect::ResolveContext { .. }));
    let ctx = crate::tui::context_of(None, &p, &Default::default()).map(std::sync::Arc::new);
    update(
        &mut s,
        Msg::ContextReady {
            profile: p.name.clone(),
            result: ctx,
        },
    );
    s.profiles.list = vec![p];
    let now = chrono::DateTime::parse_from_rfc3339("2030-01-01T08:00:00+08:00").unwrap();
    update(&mut s, Msg::Now(now));
    s.cursor_to_end();
    s
}

pub use crate::tui::testkit::{ctrl, key};

fn typed(s: &mut AppState, text: &str) {
    for c in text.chars() {
        assert!(update(s, key(KeyCode::Char(c))).is_empty());
    }
}

#[test]
fn typing_a_name_then_ctrl_s_sends_one_create() {
    let mut s = sandbox_state();
    assert_eq!(s.form.errors, 1, "{:?}", s.form.issues);
    typed(&mut s, "my_task");
    assert_eq!(s.task().text("name"), Some("my_task"));
    assert_eq!(s.form.errors, 0, "{:?}", s.form.issues);
    let fx = update(&mut s, ctrl('s'));
    assert_eq!(fx.len(), 1);
    let Effect::SendCreate {
        generation, plan, ..
    } = &fx[0]
    else {
        panic!("{fx:?}")
    };
    assert_eq!(*generation, 1);
    assert!(
        plan.request
            .body_text()
            .contains("14bb947454e64de784eadaab759081e8")
    );
    assert!(plan.request.url().ends_with("/metadata/tasks/create"));
    assert!(
        update(&mut s, ctrl('s')).is_empty(),
        "second submit refused"
    );
    assert!(
        s.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("already in flight"))
    );
}

#[test]
fn invalid_cron_shows_its_error_and_ctrl_s_emits_nothing() {
    let mut s = sandbox_state();
    typed(&mut s, "t");
    update(&mut s, ctrl('n'));
    assert_eq!(s.screen, Screen::Schedule);
    // schedule_type is first: make it CRON, then type a 5-field cron into the next field.
    update(&mut s, key(KeyCode::End));
    for _ in 0.."RUN_ONCE".len() {
        update(&mut s, key(KeyCode::Backspace));
    }
    typed(&mut s, "CRON");
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "*/5 * * * *");
    let issue = s
        .form
        .worst_at("schedule_config.cron_expression")
        .cloned()
        .unwrap();
    assert!(issue.message.contains("5-field"), "{issue:?}");
    update(&mut s, ctrl('p'));
    update(&mut s, ctrl('p'));
    assert_eq!(s.screen, Screen::Profiles);
    assert!(update(&mut s, ctrl('s')).is_empty());
    assert_eq!(s.screen, Screen::Schedule, "focus moved to the first error");
    assert_eq!(s.schedule_form.focus, 1);
    assert!(s.in_flight.is_none());
}

#[test]
fn a_stale_reply_is_ignored() {
    let mut s = sandbox_state();
    typed(&mut s, "t");
    update(&mut s, ctrl('s'));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.in_flight.is_none());
    // The create may have left: its name is held until the abandoned send says it never did.
    assert!(update(&mut s, ctrl('s')).is_empty());
    update(
        &mut s,
        Msg::SubmitAbandoned {
            generation: 1,
            sent: None,
        },
    );
    let fx = update(&mut s, ctrl('s'));
    assert!(matches!(fx[..], [Effect::SendCreate { generation: 2, .. }]));
    let old = Outcome {
        status: Some(200),
        task_id: Some("a".repeat(32)),
        ..Outcome::default()
    };
    update(
        &mut s,
        Msg::SubmitFinished {
            generation: 1,
            outcome: old,
        },
    );
    assert!(
        s.response
            .as_ref()
            .is_none_or(|r| r.outcome.task_id.is_none()),
        "the stale answer is not shown"
    );
    assert!(s.in_flight.is_some());
}

#[test]
fn an_error_reply_shows_code_and_hint() {
    let mut s = sandbox_state();
    typed(&mut s, "t");
    update(&mut s, ctrl('s'));
    let outcome = Outcome {
        status: Some(400),
        error: Some(Report {
            code: Some("DLG.0818".into()),
            message: "workspace not found".into(),
            hint: Some("check the workspace id and X-Project-Id".into()),
            request_id: Some("req-1".into()),
            ..Report::default()
        }),
        ..Outcome::default()
    };
    update(
        &mut s,
        Msg::SubmitFinished {
            generation: 1,
            outcome,
        },
    );
    assert_eq!(s.screen, Screen::Response);
    let e = s
        .response
        .as_ref()
        .and_then(|r| r.outcome.error.clone())
        .unwrap();
    assert_eq!(e.code.as_deref(), Some("DLG.0818"));
    assert!(e.hint.unwrap().contains("X-Project-Id"));
    assert!(
        s.notice
            .as_ref()
            .is_some_and(|n| n.warn && n.text.contains("DLG.0818"))
    );
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(s.screen, Screen::Task);
    assert_eq!(s.task().text("name"), Some("t"), "the form is kept");
}

#[test]
fn paste_with_newlines_into_a_single_line_field_never_submits() {
    let mut s = sandbox_state();
    let fx = update(&mut s, Msg::Paste("first\nsecond\r\n".into()));
    assert!(fx.is_empty());
    assert_eq!(s.task().text("name"), Some("first second"));
    assert!(s.in_flight.is_none());
}

#[test]
fn an_integer_typed_as_words_is_kept_and_flagged() {
    let mut s = sandbox_state();
    update(&mut s, ctrl('n'));
    let idx = state::task::form_fields(Screen::Schedule)
        .iter()
        .position(|f| f.path == "schedule_config.max_time_out")
        .unwrap();
    s.schedule_form.focus = idx;
    s.cursor_to_end();
    update(&mut s, key(KeyCode::Backspace));
    update(&mut s, key(KeyCode::Backspace));
    typed(&mut s, "ten");
    assert!(s.form.worst_at("schedule_config.max_time_out").is_some());
    assert!(s.screen_has_error(Screen::Schedule));
}

#[test]
fn source_rows_add_rename_move_and_raw_json_keeps_order() {
    let mut s = sandbox_state();
    s.go(Screen::Source);
    let keys = |s: &AppState| {
        state::source::config(s)
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    let before = keys(&s);
    update(&mut s, ctrl('a'));
    typed(&mut s, "X");
    assert_eq!(keys(&s)[1], "key1X");
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::ALT)),
    );
    assert_eq!(keys(&s)[0], "key1X");
    update(&mut s, ctrl('d'));
    assert_eq!(keys(&s), before);
    update(&mut s, ctrl('r'));
    assert!(s.source.raw.is_some());
    update(&mut s, key(KeyCode::Esc));
    assert!(s.source.raw.is_none());
    assert_eq!(keys(&s), before);
}

#[test]
fn switching_profile_keeps_touched_fields() {
    let mut s = sandbox_state();
    s.task_form.focus = 2; // user_id
    s.cursor_to_end();
    update(&mut s, key(KeyCode::Backspace));
    let mine = s.task().text("user_id").unwrap().to_string();
    let other = profiles::Profile {
        name: "prod".into(),
        user_id: "u2".into(),
        dir_id: "7".into(),
        ..Default::default()
    };
    s.profiles.list.push(other);
    s.go(Screen::Profiles);
    update(&mut s, key(KeyCode::Down));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.target.profile, "prod");
    assert_eq!(s.task().text("user_id"), Some(mine.as_str()));
    assert_eq!(s.task().text("dir_id"), Some("7"));
}

#[test]
fn a_retry_note_shows_while_in_flight_and_a_stale_one_is_dropped() {
    let mut s = sandbox_state();
    typed(&mut s, "t");
    update(&mut s, ctrl('s'));
    let note =
        "retry 1 of 3 in 250 ms: throttled by the gateway (HTTP 429 / APIG.0308, not processed)";
    let fx = update(
        &mut s,
        Msg::SubmitRetrying {
            generation: 1,
            note: note.into(),
        },
    );
    assert!(fx.is_empty());
    assert!(s.in_flight.is_some(), "still waiting");
    assert!(s.notice.as_ref().is_some_and(|n| n.warn && n.text == note));
    update(
        &mut s,
        Msg::SubmitRetrying {
            generation: 7,
            note: "retry 2 of 3 from another submit".into(),
        },
    );
    assert!(s.notice.as_ref().is_some_and(|n| n.text == note));
    let outcome = Outcome {
        status: Some(503),
        error: Some(Report {
            host: "dayu.example.test".into(),
            code: Some("server".into()),
            hint: Some("check whether the task was created".into()),
            ..Report::default()
        }),
        ..Outcome::default()
    };
    update(
        &mut s,
        Msg::SubmitFinished {
            generation: 1,
            outcome,
        },
    );
    assert!(
        s.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("at dayu.example.test")),
        "{:?}",
        s.notice
    );
}

#[test]
fn a_save_over_an_existing_file_asks_first_and_y_retries_with_overwrite() {
    let mut s = sandbox_state();
    let retry = Effect::SaveFile {
        path: "/tmp/x.json".into(),
        contents: "{}".into(),
        overwrite: true,
    };
    let fx = update(
        &mut s,
        Msg::FileExists {
            path: "/tmp/x.json".into(),
            retry: Box::new(retry.clone()),
        },
    );
    assert!(fx.is_empty());
    let ask = s.modals.confirm().unwrap().text.clone();
    assert!(
        ask.contains("/tmp/x.json exists") && ask.contains("(y/n)"),
        "{ask}"
    );
    // Any key but y keeps the file.
    assert!(update(&mut s, key(KeyCode::Char('n'))).is_empty());
    assert!(s.notice.clone().unwrap().text.contains("nothing written"));
    update(
        &mut s,
        Msg::FileExists {
            path: "/tmp/x.json".into(),
            retry: Box::new(retry.clone()),
        },
    );
    assert_eq!(update(&mut s, key(KeyCode::Char('y'))), vec![retry]);
}

#[test]
fn a_paste_with_cr_line_breaks_keeps_its_lines_in_raw_json() {
    use crate::task::Typed;
    let mut s = sandbox_state();
    s.go(Screen::Source);
    update(&mut s, ctrl('r'));
    if let Some(raw) = s.source.raw.as_mut() {
        raw.area = ratatui_textarea::TextArea::default();
    }
    update(
        &mut s,
        Msg::Paste("{\r  \"flag\": true,\r\n  \"n\": 1\r}".into()),
    );
    let raw = s.source.raw.as_ref().expect("raw editor open");
    assert_eq!(raw.area.lines().len(), 4, "{:?}", raw.area.lines());
    assert!(raw.error.is_none(), "{:?}", raw.error);
    let Some(Typed::Valid(cfg)) = s.task().task_config.as_ref() else {
        panic!("task_config not an object");
    };
    assert_eq!(cfg.get("flag"), Some(&serde_json::Value::Bool(true)));
}

#[test]
fn a_history_row_that_was_not_written_stays_on_the_response_screen() {
    let mut s = sandbox_state();
    typed(&mut s, "full_disk");
    update(&mut s, ctrl('s'));
    update(
        &mut s,
        Msg::SubmitNote {
            generation: 1,
            note: "history not written (disk full); the create is sent anyway".into(),
        },
    );
    let outcome = Outcome {
        status: Some(200),
        task_id: Some("a".repeat(32)),
        history_error: Some("database or disk is full".into()),
        ..Outcome::default()
    };
    update(
        &mut s,
        Msg::SubmitFinished {
            generation: 1,
            outcome,
        },
    );
    assert_eq!(s.screen, Screen::Response);
    let note = s.notice.clone().unwrap();
    assert!(note.warn, "a warning, not an all-clear: {note:?}");
    assert!(
        note.text.contains("created task") && note.text.contains("history not written"),
        "{note:?}"
    );
    // For as long as the answer is shown, whatever else happens.
    for msg in [key(KeyCode::Esc), key(KeyCode::Down), Msg::Resize(80, 24)] {
        update(&mut s, msg);
        let shown = crate::tui::view::render_text(&s, 80, 24);
        assert!(
            shown.contains("history not written: database or disk is full"),
            "{shown}"
        );
        assert!(shown.contains(&"a".repeat(32)), "{shown}");
    }
}

#[test]
fn a_send_over_plain_http_to_a_remote_host_warns_each_time() {
    let mut s = sandbox_state();
    let local = s.context.clone().unwrap();
    let t = &local.session.target;
    let remote = crate::app::Context::sandbox(
        "http://example.com",
        &t.project_id,
        &t.workspace,
        "tok",
        local.defaults.clone(),
    )
    .unwrap();
    typed(&mut s, "clear_task");
    update(&mut s, ctrl('s'));
    assert!(
        s.notice.as_ref().is_some_and(|n| !n.warn),
        "loopback: no warning"
    );
    s.in_flight = None;
    s.context = Some(std::sync::Arc::new(remote));
    let fx = update(&mut s, ctrl('s'));
    assert!(matches!(fx[..], [Effect::SendCreate { .. }]), "{fx:?}");
    let n = s.notice.as_ref().unwrap();
    assert!(
        n.warn && n.text.contains("http://example.com is plain http://"),
        "{}",
        n.text
    );
}
