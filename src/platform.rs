//! The few things ctask does differently per platform, in one place: private files and folders
//! (0600 / 0700 on Unix; on Windows a file under the user's profile folder gets that folder's
//! default ACL, which already keeps other users out), syncing a folder after a rename (Unix only:
//! Windows cannot open a folder as a file), a file's mode for the "others can read your secrets"
//! warning (none on Windows), and the shell a `command:` secret reference runs through (`sh -c`,
//! `cmd /C`). Everything else in the crate is the same on every platform; the terminal's signals
//! are in `tui::signals`.

use std::fs::{self, Metadata, OpenOptions};
use std::io;
use std::path::Path;
use std::process::Command;

/// `opts` creates its file with `mode` (e.g. 0o600) on Unix; on Windows the folder's ACL applies.
pub fn create_with_mode(opts: &mut OpenOptions, mode: u32) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        opts
    }
}

/// Creates `dir` and any missing parents, only the user may list or enter them (0700 on Unix).
/// An existing folder is left as it is.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// The permission bits of a file (`& 0o777`) where the platform has them.
pub fn mode_of(meta: &Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Makes a folder's entries (a rename into it) durable. Unix opens and syncs the folder; Windows
/// cannot open a folder as a file, and NTFS journals the rename itself.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// The command that runs `line` through the platform's shell: `sh -c` on Unix, `cmd /C` on Windows.
pub fn shell(line: &str) -> Command {
    #[cfg(windows)]
    {
        let mut c = Command::new("cmd");
        c.arg("/C").arg(line);
        c
    }
    #[cfg(not(windows))]
    {
        let mut c = Command::new("sh");
        c.arg("-c").arg(line);
        c
    }
}

/// Tests: what `mode_of` gives for a file made with `bits` here (`None` where there are no modes).
#[cfg(test)]
pub fn expected_mode(bits: u32) -> Option<u32> {
    cfg!(unix).then_some(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_file_and_folder_are_the_users_own() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        create_private_dir(&sub).unwrap();
        let p = sub.join("secret");
        create_with_mode(OpenOptions::new().write(true).create_new(true), 0o600)
            .open(&p)
            .unwrap();
        sync_dir(&sub).unwrap();
        let (f, d) = (fs::metadata(&p).unwrap(), fs::metadata(&sub).unwrap());
        assert_eq!(mode_of(&f), expected_mode(0o600));
        assert_eq!(mode_of(&d), expected_mode(0o700));
    }

    #[test]
    fn the_shell_runs_a_line_and_gives_its_output() {
        let out = shell("echo hello").output().unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "hello");
    }
}
