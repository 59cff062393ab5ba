//! Reading a task file or stdin (`-`), and writing a file the user named (never over an existing one
//! unless asked), for every command and the TUI, with messages that name the file. Disk and stdin only.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::store::atomic::{Mode, write_atomic};
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
        std::fs::File::open(path).and_then(|f| {
            // Read in one go where the size is known (no doubling and copying of a big file).
            let size = f.metadata().map_or(0, |m| m.len().min(cap));
            buf.reserve_exact(usize::try_from(size).unwrap_or(0) + 1);
            f.take(cap).read_to_end(&mut buf).map(|_| ())
        })
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

/// Why a file the user named was not written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// It exists and was kept: the front end asks (TUI) or wants `--force` (CLI).
    Exists(PathBuf),
    Failed(String),
}

/// Writes `text` to `path` and returns its full path. Without `overwrite` an existing file is kept
/// (created with `create_new`, so a file appearing meanwhile is not overwritten either); with it the
/// file is replaced atomically. For every export and save, in the CLI and the TUI.
pub fn save_new(path: &Path, text: &str, overwrite: bool) -> Result<PathBuf, SaveError> {
    let full = std::path::absolute(path)
        .map_err(|e| SaveError::Failed(format!("{}: {e}", path.display())))?;
    let failed = |e: &dyn std::fmt::Display| {
        SaveError::Failed(format!("{}: cannot write: {e}", full.display()))
    };
    if overwrite {
        write_atomic(&full, text.as_bytes(), Mode::Public).map_err(|e| failed(&e))?;
        return Ok(full);
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => SaveError::Exists(full.clone()),
            _ => failed(&e),
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| failed(&e))?;
    Ok(full)
}
