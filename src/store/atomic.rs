//! Atomic file writes: a temp file in the same folder, fsync, rename over the target, fsync the
//! folder. Secret files are created with mode 0600 from the start (never chmod after writing). A
//! symlink is followed: its target is replaced and the link stays a link.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::StoreError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// 0644: human-editable settings.
    Public,
    /// 0600: anything holding a secret.
    Secret,
}

impl Mode {
    fn bits(self) -> u32 {
        match self {
            Mode::Public => 0o644,
            Mode::Secret => 0o600,
        }
    }
}

/// Creates `dir` and any missing parents with mode 0700 (only the user can list or enter them: the
/// history and the logs are the user's own). An existing folder is left as it is.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    crate::platform::create_private_dir(dir)
}

/// Replaces `path` with `bytes` so that a reader sees the old file or the new one, never half.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: Mode) -> Result<(), StoreError> {
    write_atomic_with(path, mode, |f| f.write_all(bytes))
}

/// `write_atomic` with the temp file's contents written by `fill` (a test injects a failing writer,
/// e.g. a full disk, here).
fn write_atomic_with(
    path: &Path,
    mode: Mode,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let werr = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    // A symlinked file (dotfiles kept in a repository) is written at its target, so the link stays.
    let target = follow_links(path).map_err(werr)?;
    let path = target.as_path();
    // A settings file keeps the mode it was given by hand (0600 stays 0600); secrets are 0600 always.
    let bits = match mode {
        Mode::Public => fs::metadata(path)
            .ok()
            .and_then(|m| crate::platform::mode_of(&m))
            .unwrap_or(mode.bits()),
        Mode::Secret => mode.bits(),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    create_private_dir(dir).map_err(werr)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let result = (|| {
        let mut f = crate::platform::create_with_mode(
            OpenOptions::new().write(true).create_new(true),
            bits,
        )
        .open(&tmp)?;
        fill(&mut f)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        crate::platform::sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(werr)
}

/// Where a write to `path` lands: `path` itself, or the file its chain of symlinks ends at (which
/// may not exist yet). A loop of links is an error, as `open` would say.
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::{expected_mode, mode_of};

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_to_its_target_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("dots")).unwrap();
        let target = dir.path().join("dots").join("credentials.toml");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::os::unix::fs::PermissionsExt::from_mode(0o644))
            .unwrap();
        let link = dir.path().join("credentials.toml");
        // A relative link, then a link to that link.
        std::os::unix::fs::symlink("dots/credentials.toml", &link).unwrap();
        let link2 = dir.path().join("again.toml");
        std::os::unix::fs::symlink(&link, &link2).unwrap();
        write_atomic(&link2, b"new", Mode::Secret).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::symlink_metadata(&link2)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let mode = mode_of(&std::fs::metadata(&target).unwrap());
        assert_eq!(mode, Some(0o600), "a secret is 0600 at its target");
        // A dangling link creates its target.
        let dangling = dir.path().join("config.toml");
        std::os::unix::fs::symlink("dots/config.toml", &dangling).unwrap();
        write_atomic(&dangling, b"x", Mode::Public).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("dots/config.toml")).unwrap(),
            "x"
        );
        // A loop is an error, never a hang.
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("b", &a).unwrap();
        std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
        assert!(write_atomic(&a, b"x", Mode::Public).is_err());
    }

    #[test]
    fn writes_replace_and_set_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("secret.toml");
        write_atomic(&p, b"one", Mode::Secret).unwrap();
        write_atomic(&p, b"two", Mode::Secret).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(mode_of(&fs::metadata(&p).unwrap()), expected_mode(0o600));
        let q = dir.path().join("public.toml");
        write_atomic(&q, b"x", Mode::Public).unwrap();
        let mode = mode_of(&fs::metadata(&q).unwrap());
        assert_eq!(mode.map(|m| m & 0o600), expected_mode(0o600));
        let leftovers: Vec<_> = fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp file left behind");
    }

    #[test]
    fn a_full_disk_leaves_the_old_file_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("credentials.toml");
        write_atomic(&p, b"[profiles.a]\ntoken = \"t\"\n", Mode::Secret).unwrap();
        // The platform's own "disk full" (ENOSPC on Unix, ERROR_DISK_FULL on Windows).
        let full = if cfg!(windows) { 112 } else { 28 };
        let e = write_atomic_with(&p, Mode::Secret, |f| {
            f.write_all(b"[profiles.a]\nto")?;
            Err(std::io::Error::from_raw_os_error(full))
        })
        .unwrap_err()
        .to_string();
        let said = std::io::Error::from_raw_os_error(full).to_string();
        assert!(e.contains(&said), "{e}");
        assert!(e.contains("was not changed"), "{e}");
        assert_eq!(fs::read(&p).unwrap(), b"[profiles.a]\ntoken = \"t\"\n");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file removed"
        );
    }
}
