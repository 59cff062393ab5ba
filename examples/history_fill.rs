//! Fills a ctask home with synthetic history rows, for measuring the History tab through the real
//! binary: `cargo run --release --example history_fill -- DIR [ROWS]` (ROWS defaults to 100,000),
//! then `CTASK_HOME=DIR ctask --sandbox`. The rows are written by the store's own insert code
//! (`benches/support/history_rows.rs`).

#[path = "../benches/support/history_rows.rs"]
mod history_rows;

use ctask::store::history::History;
use ctask::store::paths::Paths;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: history_fill DIR [ROWS]");
        std::process::exit(2);
    };
    let rows = args.next().map_or(100_000, |r| r.parse().expect("ROWS"));
    let paths = Paths::under(&dir);
    std::fs::create_dir_all(paths.database_file().parent().expect("a data dir")).expect("mkdir");
    let (h, _) = History::open(&paths.database_file()).expect("open");
    history_rows::fill(&h, rows);
    println!("{rows} rows in {}", paths.database_file().display());
}
