//! One filter keystroke in the catalog picker: `Picker::key` for a typed character plus a render of
//! the modal into a 120x40 `TestBackend`, over 5,000 and 100,000 items. The character is typed on an
//! empty filter (so every item is tested, the worst case for narrowing) and on a filter of one
//! character less than a 10-match filter; a Backspace (a full rescan) is measured too.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use ctask::tui::testkit::Picker;

fn picker(n: usize, filter: &str) -> Picker {
    let mut p = Picker::loading("tables of warehouse", true);
    p.set_items(
        (0..n)
            .map(|i| {
                format!(
                    "warehouse.dwd_orders_{:05}_{}",
                    i,
                    ["di", "df", "hi"][i % 3]
                )
            })
            .collect(),
    );
    for c in filter.chars() {
        p.key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    p
}

fn bench(c: &mut Criterion) {
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    for n in [5_000usize, 100_000] {
        for (name, start, code) in [
            ("first_char", "", KeyCode::Char('D')),
            ("narrowing", "dwd_orders_0001", KeyCode::Char('2')),
            ("backspace", "dwd_orders_00012", KeyCode::Backspace),
        ] {
            let base = picker(n, start);
            c.bench_function(&format!("picker_keystroke_{name}_{n}"), |b| {
                b.iter_batched(
                    || base.clone(),
                    |mut p| {
                        p.key(&KeyEvent::new(code, KeyModifiers::NONE));
                        term.draw(|f| p.render(f, Picker::area(f.area())))
                            .expect("draw");
                        black_box(p.match_count());
                        p
                    },
                    BatchSize::LargeInput,
                )
            });
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
