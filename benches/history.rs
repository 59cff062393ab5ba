//! The History screen as the user feels it, over 100,000 synthetic rows in a temp database: opening
//! the screen (the first page query plus a full render into a 120x40 `TestBackend`) and one filter
//! keystroke (`update`, the page query it asks for, the render). The query runs as the effect runner
//! runs it, on the same `History` the TUI uses.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use ctask::store::history::{Answered, History, Outcome, Sent};
use ctask::task::templates;
use ctask::tui::msg::{Effect, Msg};
use ctask::tui::state::{AppState, Screen};
use ctask::tui::store_msg::{StoreEffect, StoreMsg};
use ctask::tui::{update::update, view};

const ROWS: usize = 100_000;

fn fill(h: &History) {
    let body = templates::template("DLI")
        .map(|t| ctask::task::taskfile::to_body(&t))
        .unwrap_or_default();
    h.connection().execute_batch("BEGIN").expect("begin");
    for i in 0..ROWS {
        let name = format!("task_{i:06}");
        let sent = Sent {
            sent_at: format!("2026-11-{:02}T10:00:00.000Z", 1 + i % 28),
            source: "bench".into(),
            profile: ["prod", "dev", "sandbox"][i % 3].into(),
            endpoint: "https://dayu.cn-north-4.myhuaweicloud.com".into(),
            project_id: "p".into(),
            workspace: "w".into(),
            auth_kind: "token".into(),
            task_name: name.clone(),
            data_source_type: "DLI".into(),
            method: "POST".into(),
            url: "https://dayu.cn-north-4.myhuaweicloud.com/v3/p/metadata/tasks/create".into(),
            request_headers: r#"{"X-Auth-Token":"****"}"#.into(),
            request_body: body.replace(
                "\"name\": \"dli_collection\"",
                &format!("\"name\": \"{name}\""),
            ),
        };
        let id = h.record_sent(&sent).expect("record_sent");
        let rejected = i % 7 == 0;
        let answer = Answered {
            answered_at: sent.sent_at.clone(),
            duration_ms: 40 + (i % 50) as i64,
            status: Some(if rejected { 400 } else { 200 }),
            response_body: Some(format!("{{\"task_id\":\"{i:032x}\"}}")),
            task_id: (!rejected).then(|| format!("{i:032x}")),
            error_code: rejected.then(|| "DLG.0818".to_string()),
            outcome: Some(if rejected {
                Outcome::Rejected
            } else {
                Outcome::Ok
            }),
            ..Answered::default()
        };
        h.record_answer(id, &answer).expect("record_answer");
    }
    h.connection().execute_batch("COMMIT").expect("commit");
}

fn history_state() -> AppState {
    let mut s = ctask::tui::sandbox_state(
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
    fill(&h);
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test backend");

    let mut s = history_state();
    c.bench_function("history_open_first_page_100k", |b| {
        b.iter(|| {
            s.go(Screen::Task);
            s.history.reset();
            s.go(Screen::History);
            let fx = update(&mut s, Msg::Resize(120, 40));
            run_queries(&h, &mut s, fx);
            term.draw(|f| view::render(&s, f)).expect("draw");
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
                term.draw(|f| view::render(&s, f)).expect("draw");
                black_box(s.history.end);
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
