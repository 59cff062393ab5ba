//! Writing an export to a file the user named: never over an existing file without `--force`, and
//! always saying the full path written.

use std::path::{Path, PathBuf};

use crate::app::files::{SaveError, save_new};

/// Writes `text` to `path` and returns its full path; an existing file is kept unless `force`.
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<PathBuf, String> {
    save_new(path, text, force).map_err(|e| match e {
        SaveError::Exists(full) => format!(
            "{} exists; nothing was written (pass --force to overwrite it)",
            full.display()
        ),
        SaveError::Failed(m) => m,
    })
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
