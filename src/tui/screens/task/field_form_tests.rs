//! Task and Schedule form flows through `update`: each form keeps its own focus, Enter moves on,
//! Space toggles Enabled and is text elsewhere, F4 walks a field's choices (the interval offers the
//! cron's suggestion), a new data source type offers its template, paste keeps one line, and a
//! click picks a field.

use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use crate::task::Slot;
use crate::tui::msg::Msg;
use crate::tui::screen::Screen;
use crate::tui::screens::task::form_fields;
use crate::tui::state::AppState;
use crate::tui::update::tests::{key, sandbox_state};
use crate::tui::update::update;

fn focus_on(s: &mut AppState, screen: Screen, path: &str) {
    s.go(screen);
    let at = form_fields(screen).iter().position(|f| f.path == path);
    s.field_form_mut(screen).unwrap().focus = at.unwrap();
    s.cursor_to_end();
}

fn focused(s: &AppState) -> &'static str {
    s.field_form(s.screen).unwrap().focused().unwrap().path
}

#[test]
fn each_form_keeps_its_own_focus_and_enter_moves_on() {
    let mut s = sandbox_state();
    assert_eq!(focused(&s), "name");
    update(&mut s, key(KeyCode::Enter));
    update(&mut s, key(KeyCode::Enter));
    let on_task = focused(&s);
    assert_ne!(on_task, "name");
    s.go(Screen::Schedule);
    update(&mut s, key(KeyCode::Down));
    let on_schedule = focused(&s);
    assert_eq!(on_schedule, form_fields(Screen::Schedule)[1].path);
    s.go(Screen::Task);
    assert_eq!(focused(&s), on_task, "the Task form kept its focus");
    s.go(Screen::Schedule);
    assert_eq!(focused(&s), on_schedule, "the Schedule form kept its");
    // Up at the top stops there; Shift-Tab goes round to the last field.
    update(&mut s, key(KeyCode::Up));
    update(&mut s, key(KeyCode::Up));
    assert_eq!(s.schedule_form.focus, 0);
    update(&mut s, key(KeyCode::BackTab));
    assert_eq!(
        s.schedule_form.focus,
        form_fields(Screen::Schedule).len() - 1
    );
}

#[test]
fn space_toggles_enabled_and_is_text_in_a_text_field() {
    let mut s = sandbox_state();
    focus_on(&mut s, Screen::Schedule, "schedule_config.enabled");
    assert!(!s.text_focused(), "a toggle takes no text: ? is help");
    let enabled = |s: &AppState| s.task().slot("schedule_config.enabled") == Slot::Int(1);
    let before = enabled(&s);
    update(&mut s, key(KeyCode::Char(' ')));
    assert_ne!(enabled(&s), before);
    update(&mut s, key(KeyCode::Char(' ')));
    assert_eq!(enabled(&s), before);
    assert!(s.form.touched.contains("schedule_config.enabled"));
    focus_on(&mut s, Screen::Schedule, "schedule_config.interval");
    assert!(s.text_focused());
    update(&mut s, key(KeyCode::Char(' ')));
    assert!(
        s.task()
            .text("schedule_config.interval")
            .unwrap()
            .ends_with(' ')
    );
}

#[test]
fn f4_walks_the_choices_and_offers_the_crons_interval() {
    let mut s = sandbox_state();
    focus_on(&mut s, Screen::Schedule, "schedule_config.schedule_type");
    let first = s
        .task()
        .text("schedule_config.schedule_type")
        .map(str::to_string);
    update(&mut s, key(KeyCode::F(4)));
    let second = s
        .task()
        .text("schedule_config.schedule_type")
        .map(str::to_string);
    assert_ne!(first, second);
    assert_eq!(s.cursor, second.unwrap().chars().count());
    // The interval's one choice is what the cron implies.
    s.form.edit(|t| {
        if let Some(slot) = t.text_field_mut("schedule_config.cron_expression") {
            *slot = Some(crate::task::Typed::Valid("0 */15 * * * ?".into()));
        }
        if let Some(slot) = t.text_field_mut("schedule_config.interval") {
            *slot = None;
        }
    });
    focus_on(&mut s, Screen::Schedule, "schedule_config.interval");
    update(&mut s, key(KeyCode::F(4)));
    assert_eq!(
        s.task().text("schedule_config.interval"),
        Some("15 minutes")
    );
}

#[test]
fn a_new_data_source_type_offers_its_template_and_esc_dismisses_it() {
    let mut s = sandbox_state();
    focus_on(&mut s, Screen::Task, "data_source_type");
    for _ in 0..s.cursor {
        update(&mut s, key(KeyCode::Backspace));
    }
    for c in "DWS".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    assert_eq!(s.task_form.template_offer.as_deref(), Some("DWS"));
    let text = crate::tui::view::render_text(&s, 120, 40);
    assert!(text.contains("F8 loads the DWS template"), "{text}");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.task_form.template_offer, None);
}

#[test]
fn paste_keeps_one_line_and_a_click_picks_a_field() {
    let mut s = sandbox_state();
    update(&mut s, Msg::Paste("my\ntask".into()));
    assert_eq!(s.task().text("name"), Some("my task"));
    assert_eq!(s.task().slot("name"), Slot::Text("my task"));
    let body = crate::tui::layout::areas(s.size.0, s.size.1).body;
    update(
        &mut s,
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 4,
            row: body.y + 2,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(s.task_form.focus, 2);
    assert_eq!(focused(&s), form_fields(Screen::Task)[2].path);
}
