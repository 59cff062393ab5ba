//! The History screen as the user feels it, over 100,000 synthetic rows in a temp database: one page
//! query per filter pattern (1, 2 and 3+ characters; matching all, many, almost none and none),
//! opening the screen (the first page query plus a full render into a 120x40 `TestBackend`) and one
//! filter keystroke (`update`, the page queries it asks for, the render). The query runs as the effect runner
//! runs it, on the same `History` the TUI uses.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use ctask::store::history::{Filter, History};
use ctask::task::templates;
use ctask::tui::testkit::{
    AppState, Effect, HISTORY_PAGE as PAGE, Msg, Screen, StoreEffect, StoreMsg, render,
    sandbox_state, update,
};

#[path = "support/history_rows.rs"]
mod history_rows;

const ROWS: usize = 100_000;

/// Filters for one page query each: (label, text). 1, 2 and 3+ characters; matching every row, many
/// rows, almost none (`q`, `zq`, `_zq`, `task_04242`) and none (`w`, `xw`, `wxy`, `nomatch_task`);
/// `task_0000` matches the 100 oldest rows only, so the whole index is walked to fill the page.
const PATTERNS: &[(&str, &str)] = &[
    ("1_all", "t"),
    ("1_many", "7"),
    ("1_rare", "q"),
    ("1_none", "w"),
    ("2_many", "ok"),
    ("2_rare", "zq"),
    ("2_none", "xw"),
    ("3_many", "dlg"),
    ("3_rare", "_zq"),
    ("3_none", "wxy"),
    ("6_all", "task_0"),
    ("9_oldest", "task_0000"),
    ("10_rare", "task_04242"),
    ("12_none", "nomatch_task"),
];

fn history_state() -> AppState {
    let mut s = sandbox_state(
        templates::template("DLI").unwrap_or_default(),
        "http://127.0.0.1:8080",
    );
    update(&mut s, Msg::Resize(120, 40));
    update(
        &mut s,
        Msg::Store(StoreMsg::Opened {
            set_aside: None,
            orphans: Vec::new(),
        }),
    );
    s
}

/// Runs the page queries among `fx` as the effect runner would, and folds the replies in.
fn run_queries(h: &History, s: &mut AppState, fx: Vec<Effect>) {
    for e in fx {
        if let Effect::Store(StoreEffect::Page {
            generation,
            page,
            before,
            filter,
            limit,
        }) = e
        {
            let rows = h.page(&filter, before, limit).map_err(|e| e.to_string());
            let more = update(
                s,
                Msg::Store(StoreMsg::Page {
                    generation,
                    page,
                    rows,
                }),
            );
            run_queries(h, s, more);
        }
    }
}

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (h, _) = History::open(&dir.path().join("ctask.db")).expect("open");
    history_rows::fill(&h, ROWS);
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test backend");

    // One page query as the History screen asks for it (the first page, 100 rows), per pattern.
    let mut group = c.benchmark_group("history_filter_query_100k");
    for (label, text) in PATTERNS {
        let filter = Filter {
            text: (*text).to_string(),
            ..Filter::default()
        };
        group.bench_function(*label, |b| {
            b.iter(|| black_box(h.page(&filter, None, PAGE).expect("page").len()))
        });
    }
    group.finish();

    let mut s = history_state();
    c.bench_function("history_open_first_page_100k", |b| {
        b.iter(|| {
            s.go(Screen::Task);
            s.history.reset();
            s.go(Screen::History);
            let fx = update(&mut s, Msg::Resize(120, 40));
            run_queries(&h, &mut s, fx);
            term.draw(|f| render(&s, f)).expect("draw");
            black_box(s.history.row(0).map(|r| r.id));
        })
    });

    // A filter matching many rows (the first page fills at once) and one matching a single row (the
    // query reads the whole narrow index).
    for (name, base) in [("common", "dlg.08"), ("rare", "task_04242")] {
        let mut s = history_state();
        s.go(Screen::History);
        update(&mut s, Msg::Resize(120, 40));
        update(&mut s, key(KeyCode::Char('/')));
        for ch in base.chars() {
            update(&mut s, key(KeyCode::Char(ch)));
        }
        let mut flip = false;
        c.bench_function(&format!("history_filter_keystroke_{name}_100k"), |b| {
            b.iter(|| {
                flip = !flip;
                let msg = if flip {
                    key(KeyCode::Char('1'))
                } else {
                    key(KeyCode::Backspace)
                };
                let fx = update(&mut s, msg);
                run_queries(&h, &mut s, fx);
                term.draw(|f| render(&s, f)).expect("draw");
                black_box(s.history.end);
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
