//! insta snapshots of the Tasks screen (a page of tasks, the detail pane, the delete question) at
//! 80x24 and 120x40, and the key → effect flows of the screen. The `.snap` files are committed.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

use crate::api::TaskAction;
use crate::app::Context;
use crate::tui::msg::{Effect, Msg};
use crate::tui::screens::tasks::io::{TasksEffect, TasksMsg};
use crate::tui::state::{AppState, Screen};
use crate::tui::update::tests::sandbox_state;
use crate::tui::update::update;

fn task(id: &str, name: &str, enabled: Option<i64>) -> Value {
    let mut schedule = json!({"schedule_type": "RUN_ONCE", "max_time_out": 10});
    if let Some(e) = enabled {
        schedule = json!({"schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?",
                          "interval": "15 minutes", "enabled": e, "max_time_out": 60});
    }
    json!({"id": id, "name": name, "data_source_type": "DLI", "dir_id": "0",
           "user_id": "0833a573fe80d5401f6dc010a775569a", "project_id": "p",
           "create_time": "2030-01-01T08:00:00.000Z", "update_time": "2030-01-01T08:00:00.000Z",
           "task_config": {"data_connection_id": "14bb947454e64de784eadaab759081e8"},
           "schedule_config": schedule})
}

fn k(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// The Tasks screen on a sandbox context with three tasks listed.
fn on_tasks(w: u16, h: u16) -> (AppState, Vec<Effect>) {
    let mut s = sandbox_state();
    update(&mut s, Msg::Resize(w, h));
    let ctx = Context::sandbox("http://127.0.0.1:9", "p", "ws", "tok", Default::default()).unwrap();
    s.context = Some(Arc::new(ctx));
    s.go(Screen::Tasks);
    let fx = update(&mut s, Msg::Resize(w, h));
    let generation = s.tasks.generation;
    let list = vec![
        task("8a9480ed8353e491018354b87f63009e", "orders_daily", None),
        task("0c1d2e3f40516273849506a7b8c9d0e1", "orders_hourly", Some(3)),
        task("ffeeddccbbaa99887766554433221100", "paused_job", Some(5)),
    ];
    update(
        &mut s,
        Msg::Tasks(TasksMsg::Listed {
            generation,
            result: Ok((list, 3)),
        }),
    );
    (s, fx)
}

#[test]
fn tasks_screen_at_both_sizes() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (mut s, _) = on_tasks(w, h);
        let text = crate::tui::view::render_text(&s, w, h);
        assert!(
            text.contains("orders_hourly") && text.contains("scheduling"),
            "{text}"
        );
        insta::assert_snapshot!(format!("tasks_list_{w}x{h}"), text);
        update(&mut s, k(KeyCode::Down));
        update(&mut s, k(KeyCode::Enter));
        let text = crate::tui::view::render_text(&s, w, h);
        assert!(text.contains("schedule: scheduling (enabled 3)"), "{text}");
        insta::assert_snapshot!(format!("tasks_detail_{w}x{h}"), text);
        update(&mut s, k(KeyCode::Char('d')));
        insta::assert_snapshot!(
            format!("tasks_delete_{w}x{h}"),
            crate::tui::view::render_text(&s, w, h)
        );
    }
}

#[test]
fn keys_become_effects_and_replies_update_the_list() {
    let (mut s, fx) = on_tasks(120, 40);
    assert!(
        matches!(
            &fx[..],
            [Effect::Tasks(TasksEffect::List { offset: 0, .. })]
        ),
        "{fx:?}"
    );
    update(&mut s, k(KeyCode::Down));
    let fx = update(&mut s, k(KeyCode::Char('x')));
    let id = "0c1d2e3f40516273849506a7b8c9d0e1".to_string();
    assert!(
        matches!(&fx[..], [Effect::Tasks(TasksEffect::Act { id: i, action: TaskAction::RunImmediate, .. })] if *i == id),
        "{fx:?}"
    );
    let fx = update(&mut s, k(KeyCode::Char('k')));
    assert!(matches!(
        &fx[..],
        [Effect::Tasks(TasksEffect::Act {
            action: TaskAction::Stop,
            ..
        })]
    ));
    // Answered: a notice, and the list is asked for again.
    let fx = update(
        &mut s,
        Msg::Tasks(TasksMsg::Acted {
            id: id.clone(),
            action: TaskAction::Stop,
            result: Ok(()),
        }),
    );
    assert!(
        matches!(&fx[..], [Effect::Tasks(TasksEffect::List { .. })]),
        "{fx:?}"
    );
    // Delete of a scheduled task asks, then stops first; n cancels.
    assert!(update(&mut s, k(KeyCode::Char('d'))).is_empty());
    assert!(update(&mut s, k(KeyCode::Char('n'))).is_empty());
    assert!(s.modals.confirm().is_none());
    update(&mut s, k(KeyCode::Char('d')));
    let fx = update(&mut s, k(KeyCode::Char('y')));
    assert!(
        matches!(
            &fx[..],
            [Effect::Tasks(TasksEffect::Delete {
                stop_first: true,
                ..
            })]
        ),
        "{fx:?}"
    );
    // The filter is typed after /, and Enter searches from the first page.
    let generation = s.tasks.generation;
    let empty = Msg::Tasks(TasksMsg::Listed {
        generation,
        result: Ok((vec![], 0)),
    });
    update(&mut s, empty);
    update(&mut s, k(KeyCode::Char('/')));
    update(&mut s, Msg::Paste("orders".into()));
    update(&mut s, k(KeyCode::Char('s')));
    let fx = update(&mut s, k(KeyCode::Enter));
    assert!(
        matches!(&fx[..], [Effect::Tasks(TasksEffect::List { name, .. })] if name == "orderss"),
        "{fx:?}"
    );
}

#[test]
fn pull_opens_a_copy_and_asks_before_replacing_unsaved_changes() {
    let (mut s, _) = on_tasks(120, 40);
    let fx = update(&mut s, k(KeyCode::Char('p')));
    assert!(
        matches!(&fx[..], [Effect::Tasks(TasksEffect::Pull { .. })]),
        "{fx:?}"
    );
    s.drafts.clean_revision = s.form.revision;
    let pulled = task("8a9480ed8353e491018354b87f63009e", "orders_daily", Some(3));
    let reply = || {
        Msg::Tasks(TasksMsg::Pulled {
            id: "x".into(),
            result: Ok(pulled.clone()),
        })
    };
    update(&mut s, reply());
    assert_eq!(s.screen, Screen::Task);
    assert_eq!(s.task().text("name"), Some("orders_daily_copy"));
    let body = crate::task::taskfile::body_value(s.task());
    assert_eq!(body["schedule_config"]["enabled"], 1, "{body:#}");
    assert!(body.get("id").is_none() && body.get("create_time").is_none());
    // Now the form has unsaved changes: a second pull asks first.
    s.go(Screen::Tasks);
    update(&mut s, reply());
    assert_eq!(s.screen, Screen::Tasks);
    assert!(s.modals.confirm().is_some());
    update(&mut s, k(KeyCode::Char('y')));
    assert_eq!(s.screen, Screen::Task);
}

/// A read without `task_config` is pulled as a draft without it, and said so.
#[test]
fn a_pull_the_service_left_task_config_out_of_says_so() {
    let (mut s, _) = on_tasks(120, 40);
    s.drafts.clean_revision = s.form.revision;
    let mut pulled = task("8a9480ed8353e491018354b87f63009e", "orders_daily", Some(3));
    pulled.as_object_mut().unwrap().remove("task_config");
    update(
        &mut s,
        Msg::Tasks(TasksMsg::Pulled {
            id: "x".into(),
            result: Ok(pulled),
        }),
    );
    assert_eq!(s.screen, Screen::Task);
    let notice = s.notice.clone().unwrap().text;
    assert!(
        notice.contains("did not return task_config") && notice.contains("orders_daily_copy"),
        "{notice}"
    );
    let body = crate::task::taskfile::body_value(s.task());
    assert!(body.get("task_config").is_none(), "never made up: {body:#}");
}

#[test]
fn page_keys_ask_for_the_next_and_previous_page() {
    let (mut s, _) = on_tasks(120, 40);
    assert!(
        update(&mut s, k(KeyCode::PageUp)).is_empty(),
        "no page before the first"
    );
    // Only 3 tasks: no next page either.
    assert!(update(&mut s, k(KeyCode::PageDown)).is_empty());
    // A full page, and total_records says there are more.
    s.tasks.list = (0..50)
        .map(|i| serde_json::json!({"id": format!("t{i}"), "name": format!("n{i}")}))
        .collect();
    s.tasks.total = 120;
    let fx = update(&mut s, k(KeyCode::PageDown));
    assert!(
        matches!(
            &fx[..],
            [Effect::Tasks(TasksEffect::List {
                offset: 50,
                limit: 50,
                ..
            })]
        ),
        "{fx:?}"
    );
    let generation = s.tasks.generation;
    update(
        &mut s,
        Msg::Tasks(TasksMsg::Listed {
            generation,
            result: Ok((vec![task("a", "b", None)], 120)),
        }),
    );
    let fx = update(&mut s, k(KeyCode::PageUp));
    assert!(
        matches!(
            &fx[..],
            [Effect::Tasks(TasksEffect::List { offset: 0, .. })]
        ),
        "{fx:?}"
    );
}
