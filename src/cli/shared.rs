//! What several commands share: the runtime their calls run on, and the y/N question.

use std::io::{BufRead, Write};

/// A current-thread runtime: the CLI makes one call at a time.
pub fn runtime() -> Option<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()
}

/// Asks a y/N question on stderr and reads the answer from stdin.
pub fn confirm(question: &str) -> bool {
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).is_ok()
        && matches!(line.trim(), "y" | "Y" | "yes" | "Yes")
}
