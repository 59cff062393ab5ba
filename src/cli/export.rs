//! Writing an export to a file the user named: never over an existing file without `--force`, and
//! always saying the full path written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::atomic::{Mode, write_atomic};

/// Writes `text` to `path` and returns its full path. Without `force` an existing file is refused
/// (the file is created with `create_new`, so a file appearing meanwhile is not overwritten either);
/// with `force` it is replaced atomically.
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<PathBuf, String> {
    let full = std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if force {
        write_atomic(&full, text.as_bytes(), Mode::Public)
            .map_err(|e| format!("{}: {e}", full.display()))?;
        return Ok(full);
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} exists; nothing was written (pass --force to overwrite it)",
                full.display()
            ),
            _ => format!("{}: cannot write: {e}", full.display()),
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("{}: cannot write: {e}", full.display()))?;
    Ok(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        let full = write_new(&p, "one", false).unwrap();
        assert!(full.is_absolute());
        let err = write_new(&p, "two", false).unwrap_err();
        assert!(err.contains("--force") && err.contains("out.json"), "{err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one");
        write_new(&p, "three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "three");
    }
}
