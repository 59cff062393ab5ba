//! The History selection follows its entry, not its row number, when new rows are recorded above it
//! (a resend adds one at the top): the next `r` or `d` acts on the entry the user picked.

use crossterm::event::KeyCode;

use crate::tui::modal::Yes;
use crate::tui::msg::Msg;
use crate::tui::screens::history::store::tests::{deliver, on_history};
use crate::tui::store_msg::StoreMsg;
use crate::tui::update::tests::key;
use crate::tui::update::update;

#[test]
fn after_a_new_row_the_selection_stays_on_the_same_entry() {
    let (mut s, _) = on_history();
    deliver(&mut s, 0, 30);
    for _ in 0..3 {
        update(&mut s, key(KeyCode::Down));
    }
    assert_eq!(s.history.selected().map(|r| r.id), Some(27));
    // A resend (or another process) recorded entry 31 at the top.
    update(&mut s, Msg::Store(StoreMsg::Recorded));
    deliver(&mut s, 0, 31);
    assert_eq!(s.history.selected().map(|r| r.id), Some(27));
    assert_eq!(s.history.sel, 4);
    update(&mut s, key(KeyCode::Char('d')));
    let c = s.modals.confirm().expect("a y/n question");
    assert!(c.text.contains("#27"), "{}", c.text);
    let Yes::Effect(e) = &c.yes else {
        panic!("{:?}", c.yes)
    };
    assert_eq!(
        **e,
        crate::tui::msg::Effect::Store(crate::tui::store_msg::StoreEffect::DeleteEntry { id: 27 })
    );
}

#[test]
fn a_vanished_entry_leaves_the_selection_on_its_row() {
    let (mut s, _) = on_history();
    deliver(&mut s, 0, 30);
    update(&mut s, key(KeyCode::Down));
    update(&mut s, Msg::Store(StoreMsg::Recorded));
    // Entry 29 is gone from the reloaded page (deleted elsewhere): nothing to follow, no panic.
    let generation = s.history.generation;
    let rows = [31, 30, 28]
        .into_iter()
        .map(crate::tui::screens::history::store::tests::summary)
        .collect();
    update(
        &mut s,
        Msg::Store(StoreMsg::Page {
            generation,
            page: 0,
            rows: Ok(rows),
        }),
    );
    assert_eq!(s.history.sel, 1);
    assert_eq!(s.history.selected().map(|r| r.id), Some(30));
}
