//! Update-flow tests: a boolean row is toggled, not typed
//! into; replacing the form asks first and keeps it as a draft; the array editor pages and finds;
//! the cron preview begins at start_time, stops at end_time and uses the right zone.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

use crate::task::Typed;
use crate::tui::modal::{Modal, Yes};
use crate::tui::msg::{Effect, Msg};
use crate::tui::state::{AppState, Screen, source::Col};
use crate::tui::store_msg::StoreEffect;
use crate::tui::update::tests::{key, sandbox_state};
use crate::tui::update::update;

fn with_config(cfg: Value) -> AppState {
    let mut s = sandbox_state();
    s.form
        .edit(|t| t.task_config = Some(Typed::Valid(cfg.as_object().cloned().unwrap())));
    s.drafts.clean_revision = s.form.revision;
    s.go(Screen::Source);
    s
}

fn cfg_value(s: &AppState, k: &str) -> Value {
    s.task().config().unwrap()[k].clone()
}

#[test]
fn defect_3_space_toggles_a_boolean_row_and_typing_keeps_it_boolean() {
    let mut s = with_config(json!({"ignoreSubDir": false, "name": "x"}));
    s.source.sel = 0;
    s.source.col = Col::Value;
    update(&mut s, key(KeyCode::Char(' ')));
    assert_eq!(cfg_value(&s, "ignoreSubDir"), json!(true));
    update(&mut s, key(KeyCode::Char('f')));
    assert_eq!(cfg_value(&s, "ignoreSubDir"), json!(false));
    // Backspace and other letters never turn it into a string.
    update(&mut s, key(KeyCode::Backspace));
    update(&mut s, key(KeyCode::Char('q')));
    assert_eq!(cfg_value(&s, "ignoreSubDir"), json!(false));
    update(&mut s, key(KeyCode::Char('t')));
    assert_eq!(cfg_value(&s, "ignoreSubDir"), json!(true));
    // A click on the selected boolean row toggles it.
    let body = crate::tui::layout::areas(s.size.0, s.size.1).body;
    let row = body.y + 1;
    update(
        &mut s,
        Msg::Mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column: 40,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(cfg_value(&s, "ignoreSubDir"), json!(false));
}

#[test]
fn defect_5_f8_over_a_typed_form_asks_and_keeps_the_old_form_as_a_draft() {
    let mut s = sandbox_state();
    s.go(Screen::Schedule);
    s.form.edit(|t| {
        let sch = t.schedule_mut().unwrap();
        sch.schedule_type = Some("CRON".to_string().into());
        sch.cron_expression = Some("0 15 10 ? * MON-FRI".to_string().into());
    });
    let typed = s.task().clone();
    let fx = update(&mut s, key(KeyCode::F(8)));
    assert!(fx.is_empty(), "nothing replaced yet: {fx:?}");
    let c = s.modals.confirm().expect("asks first");
    assert!(c.text.contains("Replace the current form"), "{}", c.text);
    assert!(matches!(c.yes, Yes::ReplaceForm(_)));
    // n keeps the form.
    update(&mut s, key(KeyCode::Char('n')));
    assert_eq!(s.task(), &typed);
    update(&mut s, key(KeyCode::F(8)));
    let fx = update(&mut s, key(KeyCode::Char('y')));
    let [Effect::Store(StoreEffect::SaveDraft(d))] = fx.as_slice() else {
        panic!("the replaced form is saved as a draft: {fx:?}")
    };
    assert!(d.body.contains("0 15 10 ? * MON-FRI"), "{}", d.body);
    assert_ne!(s.task(), &typed, "the template is in");
    assert!(s.notice.as_ref().unwrap().text.contains("(F3)"));
}

#[test]
fn defect_5_a_clean_form_is_replaced_at_once_and_a_file_over_a_typed_one_asks() {
    let mut s = sandbox_state();
    // Nothing typed: F8 loads at once, nothing saved.
    assert!(update(&mut s, key(KeyCode::F(8))).is_empty());
    assert!(s.modals.is_empty());
    // Typed: a file opened over it asks.
    update(&mut s, Msg::Paste("typed_name".into()));
    let body = r#"{"name":"from_file","data_source_type":"DLI"}"#;
    update(
        &mut s,
        Msg::FileOpened {
            path: "t.json".into(),
            result: Ok(body.into()),
        },
    );
    assert!(s.modals.confirm().is_some());
    assert_eq!(s.task().text("name"), Some("typed_name"));
    update(&mut s, key(KeyCode::Char('y')));
    assert_eq!(s.task().text("name"), Some("from_file"));
}

#[test]
fn defect_5_ctrl_d_on_a_large_array_row_asks() {
    let items: Vec<Value> = (0..50).map(|i| json!(format!("t{i}"))).collect();
    let mut s = with_config(json!({"tableName": items, "small": "x"}));
    s.source.sel = 0;
    let ctrl_d = Msg::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    update(&mut s, ctrl_d.clone());
    assert!(s.modals.confirm().unwrap().text.contains("50 items"));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.task().config().unwrap().contains_key("tableName"));
    update(&mut s, ctrl_d.clone());
    update(&mut s, key(KeyCode::Char('y')));
    assert!(!s.task().config().unwrap().contains_key("tableName"));
    // A scalar row goes at once.
    update(&mut s, ctrl_d);
    assert!(s.modals.is_empty());
    assert!(s.task().config().unwrap().is_empty());
}

#[test]
fn defect_9_the_array_editor_pages_jumps_and_finds() {
    let items: Vec<Value> = (0..500)
        .map(|i| json!(format!("db.table_{i:03}")))
        .collect();
    let mut s = with_config(json!({"tableName": items}));
    update(&mut s, Msg::Resize(120, 40));
    s.source.sel = 0;
    s.source.col = Col::Value;
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.source.item, Some(0));
    let page = crate::tui::state::source::item_page(&s);
    assert!(page > 20, "the editor gets the free space: {page} rows");
    update(&mut s, key(KeyCode::PageDown));
    assert_eq!(s.source.item, Some(page));
    update(&mut s, key(KeyCode::End));
    assert_eq!(s.source.item, Some(499));
    update(&mut s, key(KeyCode::Home));
    assert_eq!(s.source.item, Some(0));
    update(&mut s, key(KeyCode::Char('/')));
    assert!(matches!(s.modals.top(), Some(Modal::Prompt(_))));
    update(&mut s, Msg::Paste("TABLE_042".into()));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.source.item, Some(42));
    let screen = crate::tui::view::render_text(&s, 120, 40);
    assert!(screen.contains("db.table_042"), "{screen}");
}

#[test]
fn defect_11_the_cron_preview_begins_at_start_stops_at_end_in_the_typed_zone() {
    let mut s = sandbox_state();
    // The clock: 2030-01-01 08:00 +08:00 (from sandbox_state).
    s.form.edit(|t| {
        let sch = t.schedule_mut().unwrap();
        sch.schedule_type = Some("CRON".to_string().into());
        sch.cron_expression = Some("0 0 9 * * ?".to_string().into());
        sch.start_time = Some("2030-02-01T00:00:00+09:00".to_string().into());
        sch.end_time = Some("2030-02-03T23:00:00+09:00".to_string().into());
    });
    update(&mut s, key(KeyCode::Tab));
    let c = &s.cron;
    assert_eq!(c.runs.len(), 3, "{:?}", c.runs);
    assert!(
        c.runs[0].starts_with("Fri 2030-02-01 09:00:00 +09:00"),
        "{:?}",
        c.runs
    );
    assert!(
        c.ends.as_deref().unwrap().contains("end_time"),
        "{:?}",
        c.ends
    );
    assert!(
        c.zone.as_deref().unwrap().contains("start_time"),
        "{:?}",
        c.zone
    );
    // No offset typed: the profile's region decides (cn-* is +08:00).
    assert_eq!(
        crate::tui::state::schedule::region_offset("cn-north-4"),
        Some(8 * 3600)
    );
}

#[test]
fn defect_12_tabs_mark_warnings_and_broken_raw_json_is_an_error() {
    use crate::tui::layout::TabMark;
    let mut s = with_config(json!({"notAKnownKey": "x"}));
    assert_eq!(
        s.tab_mark(Screen::Source),
        TabMark::Warning,
        "{:?}",
        s.form.issues
    );
    let before = s.error_count();
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
    );
    update(&mut s, Msg::Paste("{ broken".into()));
    assert!(s.raw_json_broken());
    assert_eq!(s.tab_mark(Screen::Source), TabMark::Error);
    assert_eq!(s.error_count(), before + 1);
    let screen = crate::tui::view::render_text(&s, 120, 40);
    assert!(screen.contains("Source ✖"), "{screen}");
}

#[test]
fn defect_12_a_known_key_is_not_renamed_by_a_keystroke_and_test_results_are_not_cut() {
    let mut s = with_config(json!({"tableName": ["a"], "mine": "x"}));
    s.source.sel = 0;
    s.source.col = Col::Key;
    update(&mut s, key(KeyCode::Char('x')));
    assert!(s.task().config().unwrap().contains_key("tableName"));
    assert!(s.notice.as_ref().unwrap().text.contains("known key"));
    // An unknown key is renamed as typed.
    s.source.sel = 1;
    s.cursor_to_end();
    update(&mut s, key(KeyCode::Char('2')));
    assert!(s.task().config().unwrap().contains_key("mine2"));

    s.go(Screen::Profiles);
    let long = format!("sandbox: OK (token auth), {} END", "x".repeat(150));
    s.profiles.test_result = Some(long);
    let screen = crate::tui::view::render_text(&s, 80, 24);
    assert!(screen.contains("END"), "{screen}");
}

#[test]
fn a_file_opened_with_a_schema_key_fills_the_form_without_it() {
    let mut s = sandbox_state();
    let body = r#"{"$schema":"./task.schema.json","name":"from_file","data_source_type":"DLI"}"#;
    update(
        &mut s,
        Msg::FileOpened {
            path: "t.json".into(),
            result: Ok(body.into()),
        },
    );
    if s.modals.confirm().is_some() {
        update(&mut s, key(KeyCode::Char('y')));
    }
    assert_eq!(s.task().text("name"), Some("from_file"));
    assert!(s.task().extra.is_empty(), "{:?}", s.task().extra);
    let issues = crate::task::validate(s.task());
    assert!(
        issues.iter().all(|i| !i.path.contains("schema")),
        "{issues:?}"
    );
}
