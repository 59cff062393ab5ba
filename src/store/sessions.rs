//! Which TUI sessions are running. A living session holds an exclusive advisory lock (`fs4`) on
//! `<data dir>/sessions/<pid>-<start ms>.lock` for its whole life; the OS lets go of it when the
//! process ends, however it ends (`kill -9` too). So "is the session that wrote this autosave still
//! running?" is "is its lock held?": the same answer on Linux, macOS and Windows, with no `/proc`.
//! Lock files of sessions that ended are removed when found. Disk only.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use fs4::{FileExt, TryLockError};

use super::drafts::AUTOSAVE_PREFIX;

/// The lock file's name for the autosave key `autosave:<pid>-<start ms>`: `<pid>-<start ms>.lock`
/// (valid on every platform: the key's `:` is left out). `None` for a key of another shape, so a
/// draft's name never becomes a path.
pub fn file_name(key: &str) -> Option<String> {
    let (pid, start) = key.strip_prefix(AUTOSAVE_PREFIX)?.split_once('-')?;
    let number = |s: &str| (1..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    (number(pid) && number(start)).then(|| format!("{pid}-{start}.lock"))
}

/// This session's lock, held until dropped. Dropping removes the file; a process that ends without
/// dropping it (kill -9, `process::exit`) leaves the file unlocked, and the next check removes it.
#[derive(Debug)]
pub struct Live {
    path: PathBuf,
    _file: File,
}

impl Live {
    /// Takes the lock of session `key` under `dir` (created private if missing). The file is made
    /// under a temporary name, locked, then renamed, so under its own name it is never seen unlocked
    /// while its session lives.
    pub fn take(dir: &Path, key: &str) -> io::Result<Live> {
        let name = file_name(key).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, format!("not a session: {key}"))
        })?;
        super::atomic::create_private_dir(dir)?;
        let path = dir.join(&name);
        // A check or a sweep (`probe`) may lock and remove the temporary file in between: try again.
        let mut last = io::Error::other("the session lock could not be taken");
        for _ in 0..5 {
            let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()));
            let file = create(&tmp)?;
            match FileExt::try_lock(&file) {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => continue,
                Err(TryLockError::Error(e)) => {
                    let _ = fs::remove_file(&tmp);
                    return Err(e);
                }
            }
            if probe(&path)? {
                let _ = fs::remove_file(&tmp);
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} is held by another process", path.display()),
                ));
            }
            match fs::rename(&tmp, &path) {
                Ok(()) => return Ok(Live { path, _file: file }),
                Err(e) if e.kind() == io::ErrorKind::NotFound => last = e,
                Err(e) => {
                    let _ = fs::remove_file(&tmp);
                    return Err(e);
                }
            }
        }
        Err(last)
    }

    #[cfg(test)]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        // Removed while still locked: nobody can take it in between.
        let _ = fs::remove_file(&self.path);
    }
}

/// A new lock file, private (0600 on Unix; see `platform`).
fn create(path: &Path) -> io::Result<File> {
    crate::platform::create_with_mode(
        OpenOptions::new().read(true).write(true).create_new(true),
        0o600,
    )
    .open(path)
}

/// Whether the lock at `path` is held by a living process, without waiting. A lock that could be
/// taken belonged to a session that ended: its file is removed. No file: nobody holds it.
fn probe(path: &Path) -> io::Result<bool> {
    let file = match OpenOptions::new().read(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    match FileExt::try_lock(&file) {
        // Removed while locked by us, then let go (the file closes).
        Ok(()) => {
            let _ = fs::remove_file(path);
            Ok(false)
        }
        Err(TryLockError::WouldBlock) => Ok(true),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Whether the session that wrote the autosave `key` is still running: its lock under `dir` is held.
/// No lock file (an autosave of an older ctask, or of a session that ended and was cleaned up), or a
/// key of another shape: not running. A lock that cannot be checked (an IO error) counts as running,
/// so a live session's draft is never offered as abandoned; it is offered once the check works.
pub fn running(dir: &Path, key: &str) -> bool {
    let Some(name) = file_name(key) else {
        return false;
    };
    probe(&dir.join(name)).unwrap_or_else(|e| {
        tracing::warn!(error = %e, key, "cannot tell whether the session still runs");
        true
    })
}

/// Removes the lock files under `dir` that nobody holds (sessions that ended without removing theirs,
/// such as after `kill -9`). Returns how many were removed.
pub fn sweep(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            let path = e.path();
            probe(&path).is_ok_and(|held| !held) && !path.exists()
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "autosave:4242-1700000000000";

    #[test]
    fn the_file_name_is_the_keys_pid_and_start_and_nothing_else() {
        assert_eq!(file_name(KEY).as_deref(), Some("4242-1700000000000.lock"));
        for bad in [
            "autosave:",
            "autosave:1",
            "autosave:-1",
            "autosave:1-",
            "autosave:../x-1",
            "autosave:1-2/../../x",
            "autosave:1-2-3",
            "weekly",
            "4242-1",
        ] {
            assert_eq!(file_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_held_lock_is_running_and_a_dropped_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join("sessions");
        let live = Live::take(&sessions, KEY).unwrap();
        assert_eq!(live.path(), sessions.join("4242-1700000000000.lock"));
        assert!(running(&sessions, KEY));
        // Asking again changes nothing: the holder keeps it and the file stays.
        assert!(running(&sessions, KEY));
        assert!(live.path().exists());
        // Another session's key is not running.
        assert!(!running(&sessions, "autosave:4242-1"));
        drop(live);
        assert!(!running(&sessions, KEY));
        assert!(!sessions.join("4242-1700000000000.lock").exists());
        // Only the lock file was made: no temporary file is left behind.
        assert_eq!(fs::read_dir(&sessions).unwrap().count(), 0);
    }

    #[test]
    fn no_lock_file_or_no_folder_is_not_running() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!running(&dir.path().join("sessions"), KEY));
        assert!(!running(dir.path(), KEY));
        assert!(!running(dir.path(), "autosave:not-a-key"));
    }

    #[test]
    fn an_unlocked_file_left_by_an_ended_session_is_not_running_and_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join("4242-1700000000000.lock");
        fs::write(&left, "").unwrap();
        assert!(!running(dir.path(), KEY));
        assert!(!left.exists());
    }

    #[test]
    fn a_key_held_by_another_handle_cannot_be_taken_twice() {
        let dir = tempfile::tempdir().unwrap();
        let live = Live::take(dir.path(), KEY).unwrap();
        let again = Live::take(dir.path(), KEY).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert!(running(dir.path(), KEY));
        drop(live);
        assert!(Live::take(dir.path(), KEY).is_ok());
    }

    #[test]
    fn a_sweep_removes_only_the_locks_nobody_holds() {
        let dir = tempfile::tempdir().unwrap();
        let live = Live::take(dir.path(), KEY).unwrap();
        fs::write(dir.path().join("1-2.lock"), "").unwrap();
        fs::write(dir.path().join(".1-3.lock.abc.tmp"), "").unwrap();
        assert_eq!(sweep(dir.path()), 2);
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, [live.path().file_name().unwrap()]);
        assert!(running(dir.path(), KEY));
        assert_eq!(sweep(&dir.path().join("missing")), 0);
    }
}
