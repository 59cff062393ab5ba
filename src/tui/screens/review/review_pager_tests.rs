//! The Review pager: issues first, PgUp/PgDn/Home/End, and an offset that never runs past the end.

use crossterm::event::KeyCode;

use crate::task::Typed;
use crate::tui::msg::Msg;
use crate::tui::state::{AppState, Screen, review};
use crate::tui::update::tests::{key, sandbox_state};
use crate::tui::update::update;
use crate::tui::view::render_text;

/// The Review screen of a task whose body is over 5,000 lines, at 120x40.
fn long_review() -> AppState {
    let mut s = sandbox_state();
    s.form.edit(|t| {
        if let Some(Typed::Valid(cfg)) = t.task_config.as_mut() {
            let tables = (0..5_000)
                .map(|i| serde_json::Value::String(format!("db.t{i}")))
                .collect();
            cfg.insert("tableName".into(), serde_json::Value::Array(tables));
        }
    });
    update(&mut s, Msg::Resize(120, 40));
    s.go(Screen::Review);
    s
}

#[test]
fn the_issues_summary_is_the_first_line() {
    let s = long_review();
    assert!(review::total_lines(&s) > 5_000);
    let text = render_text(&s, 120, 40);
    let first_body_line = text.lines().nth(2).unwrap_or("");
    assert!(
        first_body_line.starts_with("Issues: ") || first_body_line == "No errors or warnings.",
        "{text}"
    );
}

#[test]
fn page_keys_move_by_a_page_and_home_end_reach_both_ends() {
    let mut s = long_review();
    let page = review::page_rows(&s);
    assert_eq!(page, 36);
    update(&mut s, key(KeyCode::PageDown));
    assert_eq!(s.review.scroll, page);
    update(&mut s, key(KeyCode::PageDown));
    update(&mut s, key(KeyCode::PageUp));
    assert_eq!(s.review.scroll, page);
    update(&mut s, key(KeyCode::End));
    assert_eq!(s.review.scroll, review::max_scroll(&s));
    let text = render_text(&s, 120, 40);
    assert!(
        text.contains("\"db.t4999\""),
        "the last item is on screen at End"
    );
    update(&mut s, key(KeyCode::Home));
    assert_eq!(s.review.scroll, 0);
}

#[test]
fn over_scrolling_is_clamped() {
    let mut s = long_review();
    update(&mut s, key(KeyCode::End));
    let end = s.review.scroll;
    for _ in 0..5 {
        update(&mut s, key(KeyCode::PageDown));
        update(&mut s, key(KeyCode::Down));
    }
    assert_eq!(s.review.scroll, end, "no offset past the end");
    // One key up moves up at once, not after working off the overshoot.
    update(&mut s, key(KeyCode::Up));
    assert!(s.review.scroll < end);
}

#[test]
fn a_new_context_is_a_new_plan_even_at_a_freed_contexts_address() {
    let mut s = sandbox_state();
    s.go(Screen::Review);
    s.derive();
    let before = review::built_for(&s);
    // The context is replaced by another of the same size, made right after the first is dropped:
    // the allocator hands out the same address as often as not.
    let ctx = (**s.context.as_ref().unwrap()).clone();
    s.context = None;
    s.context = Some(std::sync::Arc::new(ctx));
    assert_ne!(
        before,
        review::built_for(&s),
        "a new context needs a new plan"
    );
    let planned = s.review.built_for.clone();
    s.derive();
    assert_ne!(planned, s.review.built_for, "Review was built again");
}
