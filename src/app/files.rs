//! Reading a task file or stdin (`-`), for every command and the TUI, with messages that name what
//! failed. Disk and stdin only.

use std::io::Read;

use crate::task::taskfile::{self, TaskFile};

/// Reads `path` (or stdin for `-`) and parses it as a task file; the error is ready to print.
pub fn read_task_file(path: &str) -> Result<TaskFile, String> {
    let text = read_text(path)?;
    taskfile::parse(&text).map_err(|e| format!("{}: {e}", display_name(path)))
}

/// The largest task file read (KooCLI caps `--cli-jsonInput` at 5 MB; the gateway refuses bodies
/// over 32 MiB): a bigger one, or an endless one such as `/dev/zero`, is refused after reading at most
/// this many bytes and one more.
pub const MAX_TASK_FILE: u64 = 5 * 1024 * 1024;

pub fn read_text(path: &str) -> Result<String, String> {
    read_capped(path, path == "-")
}

/// As `read_text`, but `path` is always a file, `-` included (the TUI's F7 never reads stdin).
pub fn read_file_text(path: &str) -> Result<String, String> {
    read_capped(path, false)
}

fn read_capped(path: &str, stdin: bool) -> Result<String, String> {
    let mut buf = Vec::new();
    let cap = MAX_TASK_FILE + 1;
    let result = if stdin {
        std::io::stdin().take(cap).read_to_end(&mut buf).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|f| f.take(cap).read_to_end(&mut buf).map(|_| ()))
    };
    result.map_err(|e| format!("{}: cannot read: {e}", display_name(path)))?;
    if buf.len() as u64 > MAX_TASK_FILE {
        return Err(format!(
            "{}: larger than {} MiB; a task file is at most that (nothing was read further)",
            display_name(path),
            MAX_TASK_FILE / (1024 * 1024)
        ));
    }
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
