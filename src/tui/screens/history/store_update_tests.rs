//! Update flows of the History screen and the drafts, without a terminal or a database: messages in,
//! state and the exact effects out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::store::drafts::Draft;
use crate::store::history::{Answered, Entry, Filter, Outcome, Sent, Summary};
use crate::tui::modal::{Modal, Yes};
use crate::tui::msg::{Effect, Msg};
use crate::tui::state::history::{PAGE, StoreStatus};
use crate::tui::state::{AppState, Screen};
use crate::tui::store_msg::{StoreEffect, StoreMsg};
use crate::tui::update::tests::{key, sandbox_state};
use crate::tui::update::update;

fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

pub fn summary(id: i64) -> Summary {
    Summary {
        id,
        sent_at: format!("2030-01-01T00:{:02}:00.000Z", id % 60),
        profile: "sandbox".into(),
        task_name: format!("task_{id}"),
        data_source_type: "DLI".into(),
        outcome: if id % 5 == 0 {
            Outcome::Rejected
        } else {
            Outcome::Ok
        },
        task_id: (id % 5 != 0).then(|| format!("{id:032x}")),
        error_code: (id % 5 == 0).then(|| "DLG.0818".to_string()),
        status: Some(if id % 5 == 0 { 400 } else { 200 }),
        duration_ms: Some(40 + id % 7),
    }
}

/// A body that validates: the DLI template with a name, a user and the sandbox's ids for its
/// placeholders.
fn valid_body(name: &str) -> String {
    let text = crate::task::templates::template_text("DLI").unwrap_or_default();
    let text = text
        .replacen("\"dir_id\"", "\"user_id\": \"u1\", \"dir_id\"", 1)
        .replace("<data connection id>", "c1")
        .replace("<data connection name>", "dli_test");
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["name"] = serde_json::json!(name);
    v.to_string()
}

pub fn entry(id: i64) -> Entry {
    let name = format!("task_{id}");
    Entry {
        id,
        sent: Sent {
            sent_at: "2030-01-01T00:00:00.000Z".into(),
            source: "tui".into(),
            profile: "sandbox".into(),
            endpoint: "http://127.0.0.1:8080".into(),
            project_id: "p1".into(),
            workspace: "w1".into(),
            auth_kind: "token".into(),
            task_name: name.clone(),
            data_source_type: "DLI".into(),
            method: "POST".into(),
            url: "http://127.0.0.1:8080/v3/p1/metadata/tasks/create".into(),
            request_headers: r#"{"Content-Type":"application/json","X-Auth-Token":"****"}"#.into(),
            request_body: valid_body(&name),
        },
        answered: Answered {
            answered_at: "2030-01-01T00:00:00.042Z".into(),
            duration_ms: 42,
            status: Some(200),
            response_body: Some(format!(r#"{{"task_id":"{id:032x}"}}"#)),
            task_id: Some(format!("{id:032x}")),
            request_id: Some("req-1".into()),
            outcome: Some(Outcome::Ok),
            ..Answered::default()
        },
        outcome: Outcome::Ok,
    }
}

fn store(m: StoreMsg) -> Msg {
    Msg::Store(m)
}

/// The page queries among effects: (generation, page, before, filter text).
fn queries(fx: &[Effect]) -> Vec<(u64, usize, Option<i64>, String)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Store(StoreEffect::Page {
                generation,
                page,
                before,
                filter,
                limit,
            }) => {
                assert_eq!(*limit, PAGE);
                Some((*generation, *page, *before, filter.text.clone()))
            }
            _ => None,
        })
        .collect()
}

/// A state on the History screen with an open store.
pub fn on_history() -> (AppState, Vec<Effect>) {
    let mut s = sandbox_state();
    update(
        &mut s,
        store(StoreMsg::Opened {
            set_aside: None,
            orphans: Vec::new(),
        }),
    );
    s.go(Screen::History);
    let fx = update(&mut s, Msg::Resize(120, 40));
    (s, fx)
}

/// Delivers page `k` of `total` rows numbered down from `total`.
pub fn deliver(s: &mut AppState, page: usize, total: i64) -> Vec<Effect> {
    let first = total - (page * PAGE) as i64;
    let rows = (0..PAGE as i64)
        .map(|i| first - i)
        .filter(|id| *id > 0)
        .map(summary)
        .collect();
    let generation = s.history.generation;
    update(
        s,
        store(StoreMsg::Page {
            generation,
            page,
            rows: Ok(rows),
        }),
    )
}

#[test]
fn entering_the_screen_queries_the_first_page_once() {
    let (mut s, fx) = on_history();
    assert_eq!(queries(&fx), vec![(1, 0, None, String::new())]);
    assert!(queries(&update(&mut s, Msg::Resize(120, 40))).is_empty());
}

#[test]
fn a_filter_keystroke_emits_a_page_query() {
    let (mut s, _) = on_history();
    assert!(update(&mut s, ch('/')).is_empty());
    assert!(s.history.filtering && s.text_focused());
    let fx = update(&mut s, ch('d'));
    assert_eq!(queries(&fx), vec![(2, 0, None, "d".to_string())]);
    let fx = update(&mut s, ch('l'));
    assert_eq!(queries(&fx), vec![(3, 0, None, "dl".to_string())]);
    // Enter keeps the filter; Esc on the filter clears it and queries again.
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(!s.history.filtering);
    update(&mut s, ch('/'));
    let fx = update(&mut s, key(KeyCode::Esc));
    assert_eq!(queries(&fx), vec![(4, 0, None, String::new())]);
    assert_eq!(s.history.store_filter(), Filter::default());
}

#[test]
fn stale_page_replies_are_ignored() {
    let (mut s, _) = on_history();
    update(&mut s, ch('/'));
    update(&mut s, ch('x'));
    let stale = store(StoreMsg::Page {
        generation: 1,
        page: 0,
        rows: Ok(vec![summary(7)]),
    });
    assert!(update(&mut s, stale).is_empty());
    assert!(s.history.row(0).is_none());
    deliver(&mut s, 0, 3);
    assert_eq!(s.history.row(0).map(|r| r.id), Some(3));
    assert_eq!(s.history.end, Some(3));
}

#[test]
fn scrolling_fetches_neighbour_pages_by_keyset_and_keeps_a_window() {
    let (mut s, _) = on_history();
    // The next page is prefetched with the last id of the first as its cursor.
    let fx = deliver(&mut s, 0, 1000);
    assert_eq!(queries(&fx), vec![(1, 1, Some(901), String::new())]);
    assert!(queries(&update(&mut s, key(KeyCode::Down))).is_empty());
    for page in 1..5 {
        deliver(&mut s, page, 1000);
        for _ in 0..PAGE {
            update(&mut s, key(KeyCode::Down));
        }
    }
    assert_eq!(s.history.sel, 4 * PAGE + 1);
    assert!(s.history.pages.len() <= 3, "{:?}", s.history.pages.keys());
    let rows: usize = s.history.pages.values().map(Vec::len).sum();
    assert!(rows <= 3 * PAGE);
    // Back up: page 3 is still there, page 2 is fetched again with its saved cursor.
    let mut fx = Vec::new();
    for _ in 0..PAGE {
        fx.extend(update(&mut s, key(KeyCode::Up)));
    }
    assert_eq!(queries(&fx), vec![(1, 2, Some(801), String::new())]);
}

#[test]
fn resend_asks_for_confirmation_first() {
    let (mut s, _) = on_history();
    deliver(&mut s, 0, 3);
    let fx = update(&mut s, ch('r'));
    assert_eq!(fx, vec![Effect::Store(StoreEffect::LoadEntry { id: 3 })]);
    let c = s.modals.confirm().expect("a y/n question");
    assert_eq!(c.yes, Yes::HistoryResend(3));
    assert!(c.text.contains("\"task_3\""), "{}", c.text);
    update(
        &mut s,
        store(StoreMsg::Entry {
            id: 3,
            entry: Ok(Some(Box::new(entry(3)))),
        }),
    );
    assert!(s.in_flight.is_none(), "nothing sent before the answer");
    let fx = update(&mut s, ch('y'));
    let [Effect::SendCreate { plan, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert!(plan.request.body_text().contains("task_3"));
    assert!(s.in_flight.is_some());
    // Other keys wait for the answer; n cancels.
    s.in_flight = None;
    update(&mut s, ch('r'));
    assert!(update(&mut s, ch('x')).is_empty());
    assert!(s.modals.confirm().is_some());
    assert!(update(&mut s, ch('n')).is_empty());
    assert!(s.modals.confirm().is_none());
}

#[test]
fn delete_asks_for_confirmation() {
    let (mut s, _) = on_history();
    deliver(&mut s, 0, 3);
    assert!(update(&mut s, ch('d')).is_empty());
    let fx = update(&mut s, key(KeyCode::Enter));
    assert_eq!(fx, vec![Effect::Store(StoreEffect::DeleteEntry { id: 3 })]);
    let fx = update(
        &mut s,
        store(StoreMsg::Deleted {
            id: 3,
            result: Ok(true),
        }),
    );
    assert_eq!(queries(&fx), vec![(2, 0, None, String::new())]);
}

#[test]
fn open_as_draft_fills_the_form_and_marks_the_name() {
    let (mut s, _) = on_history();
    deliver(&mut s, 0, 3);
    update(&mut s, key(KeyCode::Down));
    assert_eq!(
        update(&mut s, ch('o')),
        vec![Effect::Store(StoreEffect::LoadEntry { id: 2 })]
    );
    update(
        &mut s,
        store(StoreMsg::Entry {
            id: 2,
            entry: Ok(Some(Box::new(entry(2)))),
        }),
    );
    assert_eq!(s.screen, Screen::Task);
    assert_eq!(s.task().text("name"), Some("task_2_copy"));
    let focused = crate::tui::state::task::focused_field(&s).map(|f| f.path);
    assert_eq!(focused, Some("name"));
    assert_eq!(s.cursor, "task_2_copy".len());
}

#[test]
fn copy_and_export_use_the_selected_row() {
    let (mut s, _) = on_history();
    deliver(&mut s, 0, 3);
    assert_eq!(
        update(&mut s, ch('y')),
        vec![Effect::CopyToClipboard(format!("{:032x}", 3))]
    );
    update(&mut s, ch('c'));
    assert_eq!(
        s.modals.prompt().map(|p| p.line.text.as_str()),
        Some("task-3.curl.sh")
    );
    let fx = update(&mut s, key(KeyCode::Enter));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Store(StoreEffect::Export { id: 3, path, .. })] if path == "task-3.curl.sh"
    ));
}

fn orphan() -> Draft {
    Draft {
        name: "autosave:4242-1".into(),
        body: r#"{"name":"typed_before_the_crash","data_source_type":"DLI"}"#.into(),
        meta: r#"{"pid":4242,"touched":["name"]}"#.into(),
        updated_at: "2030-01-01T00:00:00.000Z".into(),
    }
}

#[test]
fn an_orphan_autosave_is_offered_and_restore_adopts_it() {
    let mut s = sandbox_state();
    s.drafts.own = "autosave:1-2".into();
    update(
        &mut s,
        store(StoreMsg::Opened {
            set_aside: None,
            orphans: vec![orphan()],
        }),
    );
    let offered = |s: &AppState| matches!(s.modals.top(), Some(Modal::Restore(o)) if o.len() == 1);
    assert!(offered(&s));
    // Keys other than the answers do nothing: the offer is never dropped silently.
    assert!(update(&mut s, ch('x')).is_empty());
    assert!(offered(&s));
    assert_eq!(s.task().text("name"), None);
    let fx = update(&mut s, ch('r'));
    assert_eq!(s.task().text("name"), Some("typed_before_the_crash"));
    let [Effect::Store(StoreEffect::AdoptDraft { draft, from })] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(from, "autosave:4242-1");
    assert_eq!(draft.name, "autosave:1-2");
    assert!(draft.body.contains("typed_before_the_crash"));
    assert!(s.modals.is_empty());
}

#[test]
fn discard_deletes_the_orphan_and_the_form_stays() {
    let mut s = sandbox_state();
    update(
        &mut s,
        store(StoreMsg::Opened {
            set_aside: None,
            orphans: vec![orphan()],
        }),
    );
    let fx = update(&mut s, ch('d'));
    assert_eq!(
        fx,
        vec![Effect::Store(StoreEffect::DeleteDraft {
            name: "autosave:4242-1".into()
        })]
    );
    assert_eq!(s.task().text("name"), None);
}

#[test]
fn a_set_aside_or_unavailable_store_is_reported() {
    let mut s = sandbox_state();
    update(
        &mut s,
        store(StoreMsg::Opened {
            set_aside: Some("/d/ctask.corrupt-20300101T000000Z".into()),
            orphans: Vec::new(),
        }),
    );
    let n = s.notice.clone().unwrap();
    assert!(n.warn && n.text.contains("/d/ctask.corrupt-2030"), "{n:?}");
    let mut s = sandbox_state();
    update(&mut s, store(StoreMsg::Unavailable("disk full".into())));
    assert_eq!(s.history.status, StoreStatus::Off("disk full".into()));
    s.go(Screen::History);
    assert!(update(&mut s, key(KeyCode::Down)).is_empty());
}

#[test]
fn save_as_prompts_for_a_name_and_saves_a_named_draft() {
    let mut s = sandbox_state();
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE)),
    );
    for c in "weekly".chars() {
        update(&mut s, ch(c));
    }
    let fx = update(&mut s, key(KeyCode::Enter));
    let [Effect::Store(StoreEffect::SaveDraft(d))] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(d.name, "weekly");
}
