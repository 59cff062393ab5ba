//! Custom metadata flows through `update`: a keystroke on an empty table adds nothing, Tab
//! walks the cells and wraps, the arrows stop at the ends, Ctrl-A and Ctrl-D add and delete rows,
//! paste joins lines, and a click picks a row.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use crate::task::Typed;
use crate::tui::msg::Msg;
use crate::tui::screen::Screen;
use crate::tui::screens::metadata::{cell_text, rows};
use crate::tui::state::AppState;
use crate::tui::update::tests::{key, sandbox_state};
use crate::tui::update::update;

fn on_metadata() -> AppState {
    let mut s = sandbox_state();
    s.go(Screen::Metadata);
    assert!(rows(&s.form).is_empty());
    s
}

fn typed(s: &mut AppState, text: &str) {
    for c in text.chars() {
        assert!(update(s, key(KeyCode::Char(c))).is_empty());
    }
}

fn ctrl(s: &mut AppState, c: char) {
    update(
        s,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

fn cells(s: &AppState) -> Vec<[String; 3]> {
    rows(&s.form)
        .iter()
        .map(|r| ["description", "type", "task_id"].map(|c| cell_text(r, c)))
        .collect()
}

#[test]
fn typing_on_an_empty_table_adds_nothing_and_tab_walks_the_cells() {
    let mut s = on_metadata();
    assert!(s.text_focused(), "a cell takes text, so ? is text");
    typed(&mut s, "x");
    update(&mut s, Msg::Paste("pasted".into()));
    assert!(rows(&s.form).is_empty(), "a stray key or paste adds no row");
    assert!(s.task().parameter_config.is_none());
    let notice = s
        .notice
        .as_ref()
        .map(|n| n.text.as_str())
        .unwrap_or_default();
    assert!(notice.contains("Ctrl-A adds one"), "{notice}");
    ctrl(&mut s, 'a');
    typed(&mut s, "owner");
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "string");
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "t1");
    assert_eq!(cells(&s), vec![["owner", "string", "t1"].map(String::from)]);
    // Tab from the last cell of the last row wraps to the first; Backspace edits there.
    update(&mut s, key(KeyCode::Tab));
    assert_eq!((s.metadata.row, s.metadata.col, s.cursor), (0, 0, 5));
    update(&mut s, key(KeyCode::Backspace));
    assert_eq!(cells(&s)[0][0], "owne");
    // Shift-Tab goes back round to the last cell.
    update(&mut s, key(KeyCode::BackTab));
    assert_eq!((s.metadata.row, s.metadata.col, s.cursor), (0, 2, 2));
}

#[test]
fn ctrl_a_and_ctrl_d_add_and_delete_rows_and_the_arrows_stop_at_the_ends() {
    let mut s = on_metadata();
    ctrl(&mut s, 'a');
    typed(&mut s, "a");
    ctrl(&mut s, 'a');
    typed(&mut s, "b");
    ctrl(&mut s, 'a');
    typed(&mut s, "c");
    assert_eq!(s.metadata.row, 2);
    let firsts = |s: &AppState| cells(s).iter().map(|r| r[0].clone()).collect::<Vec<_>>();
    assert_eq!(firsts(&s), ["a", "b", "c"]);
    update(&mut s, key(KeyCode::Down));
    assert_eq!(s.metadata.row, 2, "Down stops at the last row");
    update(&mut s, key(KeyCode::Up));
    update(&mut s, key(KeyCode::Up));
    update(&mut s, key(KeyCode::Up));
    assert_eq!(s.metadata.row, 0, "Up stops at the first row");
    update(&mut s, key(KeyCode::Down));
    ctrl(&mut s, 'd');
    assert_eq!(firsts(&s), ["a", "c"]);
    assert_eq!(s.metadata.row, 1);
    ctrl(&mut s, 'd');
    ctrl(&mut s, 'd');
    assert!(rows(&s.form).is_empty());
    assert!(
        s.task().parameter_config.is_none(),
        "an emptied list is not sent"
    );
}

#[test]
fn paste_joins_lines_and_a_click_picks_a_row() {
    let mut s = on_metadata();
    ctrl(&mut s, 'a');
    update(&mut s, Msg::Paste("two\nlines".into()));
    assert_eq!(cells(&s)[0][0], "two lines");
    assert_eq!(s.cursor, 9);
    ctrl(&mut s, 'a');
    typed(&mut s, "second");
    assert_eq!(s.metadata.row, 1);
    // The body starts under the banner and tabs; row 0 of the table is under its header line.
    let body = crate::tui::layout::areas(s.size.0, s.size.1).body;
    let click = |row: u16| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 4,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut s, click(body.y + 1));
    assert_eq!(s.metadata.row, 0);
    assert_eq!(s.cursor, "two lines".chars().count());
    assert!(matches!(
        rows(&s.form)[1],
        Typed::Valid(ref m) if m.description.is_some()
    ));
}
