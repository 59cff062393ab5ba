//! insta snapshots of the History screen (empty, rows, detail, a confirmation) and the restore offer,
//! at 80x24 and 120x40. The `.snap` files are committed and reviewed.

use crossterm::event::KeyCode;

use crate::tui::msg::Msg;
use crate::tui::screens::history::store::tests::{deliver, entry, on_history};
use crate::tui::state::AppState;
use crate::tui::store_msg::StoreMsg;
use crate::tui::update::tests::{key, sandbox_state};
use crate::tui::update::update;

fn draw(s: &AppState, w: u16, h: u16) -> String {
    crate::tui::view::render_text(s, w, h)
}

fn state(kind: &str, w: u16, h: u16) -> AppState {
    if kind == "restore" {
        let mut s = sandbox_state();
        update(&mut s, Msg::Resize(w, h));
        update(
            &mut s,
            Msg::Store(StoreMsg::Opened {
                set_aside: None,
                orphans: vec![crate::store::drafts::Draft {
                    name: "autosave:4242-1".into(),
                    body: r#"{"name":"typed_before_the_crash"}"#.into(),
                    meta: r#"{"pid":4242}"#.into(),
                    updated_at: "2030-01-01T07:59:12.000Z".into(),
                }],
            }),
        );
        return s;
    }
    let (mut s, _) = on_history();
    update(&mut s, Msg::Resize(w, h));
    match kind {
        "empty" => {
            let generation = s.history.generation;
            update(
                &mut s,
                Msg::Store(StoreMsg::Page {
                    generation,
                    page: 0,
                    rows: Ok(Vec::new()),
                }),
            );
        }
        _ => {
            deliver(&mut s, 0, 250);
            deliver(&mut s, 1, 250);
            update(&mut s, key(KeyCode::Down));
            update(&mut s, key(KeyCode::Down));
        }
    }
    if kind == "detail" {
        update(&mut s, key(KeyCode::Enter));
        let mut e = entry(248);
        e.answered.task_id = Some(format!("{:032x}", 248));
        update(
            &mut s,
            Msg::Store(StoreMsg::Entry {
                id: 248,
                entry: Ok(Some(Box::new(e))),
            }),
        );
    }
    if kind == "confirm" {
        update(&mut s, key(KeyCode::Char('r')));
    }
    s
}

#[test]
fn history_screen_states_at_both_sizes() {
    for kind in ["empty", "rows", "detail", "confirm", "restore"] {
        for (w, h) in [(80, 24), (120, 40)] {
            let s = state(kind, w, h);
            insta::assert_snapshot!(format!("history_{kind}_{w}x{h}"), draw(&s, w, h));
        }
    }
}
