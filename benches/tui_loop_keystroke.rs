//! One keystroke through everything the TUI's loop does for it: `Session::step` (the clock's
//! minute, `update` with its revalidation, the effects, the autosave's bookkeeping) and the frame
//! through the real writer (`frame_out`: ratatui's diff, crossterm's escape codes, the frame
//! buffer), at 120x40. Tasks with 1,000 `task_config` keys and 10,000 or 100,000 tables, typing on
//! the Task screen's Name (what `tui_bench.py --keys Q` feels) and on a Source row.
//! `tui_keystroke` measures `update` and a `TestBackend` render alone.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;

use ctask::task::{Typed, templates};
use ctask::tui::testkit::{Col, Msg, Screen, Session, Term, draft_of, draw, sandbox_state};

fn big_session(tables: usize) -> Session {
    let mut task = templates::template("DLI").expect("DLI template");
    task.name = None;
    if let Some(Typed::Valid(cfg)) = task.task_config.as_mut() {
        let names: Vec<Value> = (0..tables)
            .map(|i| Value::String(format!("db{}.table_{i}", i % 50)))
            .collect();
        cfg.insert("tableName".into(), Value::Array(names));
        for i in 0..1_000 {
            cfg.insert(format!("key_{i:04}"), Value::String(format!("value {i}")));
        }
    }
    Session::new(sandbox_state(task, "http://127.0.0.1:8080"))
}

/// Types Q, then takes it back: the task flips between two states, as in `tui_bench.py --keys Q`.
fn q_or_backspace(q: bool) -> Msg {
    let c = if q {
        KeyCode::Char('Q')
    } else {
        KeyCode::Backspace
    };
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    for (tables, label) in [
        (10_000, "1k_keys_10k_tables"),
        (100_000, "1k_keys_100k_tables"),
    ] {
        for (screen, name) in [(Screen::Task, "task_name"), (Screen::Source, "source_row")] {
            let mut s = big_session(tables);
            s.state.go(screen);
            if screen == Screen::Source {
                s.state.source.sel = 500;
                s.state.source.col = Col::Value;
                s.state.cursor_to_end();
            }
            s.step(Msg::Resize(120, 40), &mut |_| {});
            let mut term = Term::on(std::io::sink(), 120, 40).expect("terminal");
            draw(&mut term, &s.state).expect("first frame");
            let mut flip = false;
            let mut effects = 0usize;
            c.bench_function(&format!("loop_keystroke_{label}_{name}"), |b| {
                b.iter(|| {
                    flip = !flip;
                    s.step(q_or_backspace(flip), &mut |e| {
                        black_box(e);
                        effects += 1;
                    });
                    draw(&mut term, &s.state).expect("draw");
                })
            });
            black_box(effects);
        }
        // For comparison: the same keystroke plus the whole-task draft snapshot the loop made after
        // every change, before the autosave compared revision numbers instead.
        let mut s = big_session(tables);
        let mut term = Term::on(std::io::sink(), 120, 40).expect("terminal");
        let mut flip = false;
        c.bench_function(
            &format!("loop_keystroke_{label}_task_name_with_old_snapshot"),
            |b| {
                b.iter(|| {
                    flip = !flip;
                    s.step(q_or_backspace(flip), &mut |e| drop(black_box(e)));
                    black_box(draft_of(&s.state, &s.state.drafts.own, ""));
                    draw(&mut term, &s.state).expect("draw");
                })
            },
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
