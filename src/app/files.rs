//! Reading a task file or stdin (`-`), for every command and the TUI, with messages that name what
//! failed. Disk and stdin only.

use std::io::Read;

use crate::task::taskfile::{self, TaskFile};

/// Reads `path` (or stdin for `-`) and parses it as a task file; the error is ready to print.
pub fn read_task_file(path: &str) -> Result<TaskFile, String> {
    let text = read_text(path)?;
    taskfile::parse(&text).map_err(|e| format!("{}: {e}", display_name(path)))
}

pub fn read_text(path: &str) -> Result<String, String> {
    let mut buf = Vec::new();
    let result = if path == "-" {
        std::io::stdin().read_to_end(&mut buf).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut buf).map(|_| ()))
    };
    result.map_err(|e| format!("{}: cannot read: {e}", display_name(path)))?;
    String::from_utf8(buf).map_err(|e| {
        format!(
            "{}: not UTF-8 text (bad byte at offset {}); save the file as UTF-8",
            display_name(path),
            e.utf8_error().valid_up_to()
        )
    })
}

pub fn display_name(path: &str) -> &str {
    if path == "-" { "<stdin>" } else { path }
}
