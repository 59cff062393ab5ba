//! The picker's keys, filter and merge, and what it draws.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn key(p: &mut Picker, code: KeyCode) -> Outcome {
    p.key(&KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(p: &mut Picker, text: &str) {
    for c in text.chars() {
        key(p, KeyCode::Char(c));
    }
}

fn loaded(n: usize) -> Picker {
    let mut p = Picker::loading("tables", true);
    p.set_items((0..n).map(|i| format!("db.Table_{i:03}")).collect());
    p
}

#[test]
fn filter_is_case_insensitive_and_widens_on_backspace() {
    let mut p = loaded(200);
    typed(&mut p, "table_01");
    assert_eq!(p.match_count(), 10);
    typed(&mut p, "9");
    assert_eq!(p.match_count(), 1);
    key(&mut p, KeyCode::Backspace);
    assert_eq!(p.match_count(), 10);
    assert_eq!(p.filter(), "table_01");
    p.key(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert_eq!(
        (p.filter(), p.match_count()),
        ("", 200),
        "Ctrl-U clears the filter"
    );
}

#[test]
fn ctrl_a_selects_every_match_and_enter_returns_them_in_order() {
    let mut p = loaded(200);
    typed(&mut p, "TABLE_01");
    p.key(&KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL));
    assert_eq!(p.picked_count(), 10);
    let Outcome::Accept(chosen) = key(&mut p, KeyCode::Enter) else {
        panic!("no accept")
    };
    assert_eq!(chosen, (10..20).collect::<Vec<_>>());
}

#[test]
fn keys_move_and_space_toggles_and_esc_cancels() {
    let mut p = loaded(50);
    p.page = 10;
    key(&mut p, KeyCode::PageDown);
    assert_eq!(p.highlighted(), Some(10));
    key(&mut p, KeyCode::End);
    assert_eq!(p.highlighted(), Some(49));
    key(&mut p, KeyCode::Down);
    assert_eq!(p.highlighted(), Some(49));
    key(&mut p, KeyCode::Home);
    key(&mut p, KeyCode::Up);
    assert_eq!(p.highlighted(), Some(0));
    key(&mut p, KeyCode::Char(' '));
    key(&mut p, KeyCode::Down);
    key(&mut p, KeyCode::Char(' '));
    key(&mut p, KeyCode::Char(' '));
    assert_eq!(p.picked_count(), 1);
    assert_eq!(key(&mut p, KeyCode::Enter), Outcome::Accept(vec![0]));
    assert_eq!(key(&mut p, KeyCode::Esc), Outcome::Cancel);
    assert_eq!(key(&mut p, KeyCode::F(5)), Outcome::Refresh);
    // Marked items stay chosen while the filter hides them; with none marked and no match, Enter waits.
    typed(&mut p, "nothing_matches");
    assert_eq!(p.match_count(), 0);
    assert_eq!(key(&mut p, KeyCode::Enter), Outcome::Accept(vec![0]));
    let mut q = loaded(5);
    typed(&mut q, "zzz");
    assert_eq!(key(&mut q, KeyCode::Enter), Outcome::Stay);
}

#[test]
fn loading_and_error_states_ignore_list_keys() {
    let mut p = Picker::loading("x", false);
    assert_eq!(key(&mut p, KeyCode::Enter), Outcome::Stay);
    p.tick();
    assert_eq!(p.status, Status::Loading { spin: 1 });
    p.set_error(Report {
        code: Some("APIG.0301".into()),
        message: "rejected".into(),
        request_id: Some("rid-1".into()),
        ..Default::default()
    });
    let text = draw(&p);
    assert!(
        text.contains("code: APIG.0301") && text.contains("request id: rid-1"),
        "{text}"
    );
    assert_eq!(key(&mut p, KeyCode::Esc), Outcome::Cancel);
}

#[test]
fn merge_keeps_order_and_drops_duplicates() {
    let old = vec!["b".to_string(), "a".to_string()];
    assert_eq!(
        merge(&old, ["a".to_string(), "c".to_string(), "c".to_string()]),
        ["b", "a", "c"]
    );
}

fn draw(p: &Picker) -> String {
    draw_at(p, 80)
}

fn draw_at(p: &Picker, w: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, 20)).unwrap();
    term.draw(|f| p.render(f, f.area())).unwrap();
    let buf = term.backend().buffer();
    (0..20)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_keys_line_holds_whole_hints_at_80_and_120_columns() {
    for multi in [true, false] {
        let mut p = Picker::loading("tables", multi);
        p.set_items(vec!["db.a".into()]);
        for w in [80, 120] {
            let text = draw_at(&p, w);
            let keys = text
                .lines()
                .find(|l| l.contains("type to filter"))
                .unwrap_or_else(|| panic!("no keys line at {w}: {text}"));
            assert!(keys.contains("Esc cancel"), "{keys}");
            let last = keys.trim_end().trim_end_matches('│').trim_end();
            assert!(
                [
                    "Esc cancel",
                    "Ctrl-A all",
                    "Ctrl-U clear filter",
                    "F5 refresh"
                ]
                .iter()
                .any(|h| last.ends_with(h)),
                "a hint cut at {w}: {keys}"
            );
        }
    }
}

#[test]
fn render_shows_count_marks_and_the_cursor_row_scrolls_into_view() {
    let mut p = loaded(100);
    key(&mut p, KeyCode::End);
    let text = draw(&p);
    assert!(text.contains("100 of 100 match · 0 selected"), "{text}");
    assert!(text.contains("[ ] db.Table_099"), "{text}");
    assert!(!text.contains("db.Table_000"), "{text}");
}
