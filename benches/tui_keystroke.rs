//! One keystroke as the user feels it: `update` for a typed character plus a full render into a
//! 120x40 `TestBackend`, on a task whose task_config has 1,000 keys and a 10,000-entry tableName.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

use ctask::task::{Typed, templates};
use ctask::tui::testkit::{AppState, Col, Msg, Screen, render, sandbox_state, update};

fn big_state() -> AppState {
    let mut task = templates::template("DLI").expect("DLI template");
    if let Some(Typed::Valid(cfg)) = task.task_config.as_mut() {
        let tables: Vec<Value> = (0..10_000)
            .map(|i| Value::String(format!("db{}.table_{i}", i % 50)))
            .collect();
        cfg.insert("tableName".into(), Value::Array(tables));
        for i in 0..1_000 {
            cfg.insert(format!("key_{i:04}"), Value::String(format!("value {i}")));
        }
    }
    sandbox_state(task, "http://127.0.0.1:8080")
}

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    for (name, screen) in [
        ("source_screen", Screen::Source),
        ("task_screen", Screen::Task),
    ] {
        let mut s = big_state();
        s.go(screen);
        if screen == Screen::Source {
            s.source.sel = 500;
            s.source.col = Col::Value;
            s.cursor_to_end();
        }
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
        let mut flip = false;
        c.bench_function(&format!("keystroke_update_and_render_{name}"), |b| {
            b.iter(|| {
                flip = !flip;
                let msg = if flip {
                    key(KeyCode::Char('x'))
                } else {
                    key(KeyCode::Backspace)
                };
                black_box(update(&mut s, msg));
                term.draw(|f| render(&s, f)).expect("draw");
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
