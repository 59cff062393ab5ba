//! The TUI's log: `tracing` events to `ctask.log` in the data dir, never to the terminal (the screen
//! belongs to the UI). Set up once, after the first frame, so start-up stays fast; the level comes
//! from `CTASK_LOG` (`error`, `warn`, `info` (default), `debug`, `trace`, `off`). The file is created
//! 0600, appended to, and kept under `MAX_BYTES` by moving it to `ctask.log.1` when full. What is
//! logged: start (profile or sandbox, endpoint), each submit (method, URL, status, request id,
//! duration, outcome), store problems and panics. Never a secret: no header, no body, no credential,
//! and only ctask's own events (not the HTTP stack's).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing::level_filters::LevelFilter;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::api::Attempt;
use crate::store::Paths;
use crate::store::record::outcome_of;

/// The environment variable holding the log level.
pub const LEVEL_VAR: &str = "CTASK_LOG";
/// The log's name in the data dir.
pub const FILE_NAME: &str = "ctask.log";
/// Past this size the log is moved to `ctask.log.1` (replacing the older one) and a new one started.
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;

/// The level `CTASK_LOG` asks for; unset or unreadable means `info`.
pub fn level_from(value: Option<&str>) -> LevelFilter {
    value
        .and_then(|v| v.trim().parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::INFO)
}

/// Starts logging to the data dir (once; later calls and `CTASK_LOG=off` do nothing). Returns the
/// log's path, or why there is none: a log that cannot be opened never stops the UI.
pub fn init(
    paths: Option<&Paths>,
    profile: &str,
    sandbox: bool,
    endpoint: &str,
) -> Option<PathBuf> {
    let level = level_from(std::env::var(LEVEL_VAR).ok().as_deref());
    if level == LevelFilter::OFF {
        return None;
    }
    let path = paths?.data_dir.join(FILE_NAME);
    let file = Rotating::open(&path).ok()?;
    // Only ctask's own events: the HTTP and TLS crates' trace output could carry header bytes.
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_target(false)
        .with_writer(Mutex::new(file))
        .with_filter(Targets::new().with_target("ctask", level));
    let installed = tracing_subscriber::registry()
        .with(layer)
        .try_init()
        .is_ok();
    if !installed {
        return None;
    }
    install_panic_hook();
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        pid = std::process::id(),
        profile,
        sandbox,
        endpoint,
        "start"
    );
    Some(path)
}

/// One line per submit that got as far as sending: what went where and how it ended.
pub fn submit(method: &str, url: &str, a: &Attempt, duration_ms: i64) {
    let resp = a.response.as_ref();
    let status = resp.map(|r| r.status);
    let request_id = resp
        .and_then(|r| r.request_id.as_deref())
        .or_else(|| a.result.as_ref().err().and_then(|e| e.request_id()));
    let outcome = outcome_of(&a.result).as_str();
    match &a.result {
        Ok(task_id) => tracing::info!(
            method, url, ?status, ?request_id, duration_ms, outcome, task_id = %task_id, "submit"
        ),
        Err(e) => tracing::warn!(
            method, url, ?status, ?request_id, duration_ms, outcome, error = %e, "submit"
        ),
    }
}

/// Logs a panic (message and place) before the hooks that restore the terminal and save the draft.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(panic = %info, "panic");
        previous(info);
    }));
}

/// A log file that moves itself aside when it reaches `MAX_BYTES`.
struct Rotating {
    path: PathBuf,
    file: File,
    len: u64,
}

impl Rotating {
    fn open(path: &Path) -> std::io::Result<Rotating> {
        if let Some(dir) = path.parent() {
            crate::store::atomic::create_private_dir(dir)?;
        }
        let file =
            crate::platform::create_with_mode(OpenOptions::new().create(true).append(true), 0o600)
                .open(path)?;
        let len = file.metadata()?.len();
        let mut r = Rotating {
            path: path.to_path_buf(),
            file,
            len,
        };
        if r.len >= MAX_BYTES {
            r.rotate()?;
        }
        Ok(r)
    }

    fn rotate(&mut self) -> std::io::Result<()> {
        let old = self.path.with_file_name(format!("{FILE_NAME}.1"));
        std::fs::rename(&self.path, old)?;
        self.file =
            crate::platform::create_with_mode(OpenOptions::new().create(true).append(true), 0o600)
                .open(&self.path)?;
        self.len = 0;
        Ok(())
    }
}

impl Write for Rotating {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.len + buf.len() as u64 > MAX_BYTES && self.len > 0 {
            // A log that cannot rotate keeps writing where it is rather than lose the line.
            let _ = self.rotate();
        }
        let n = self.file.write(buf)?;
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::{expected_mode, mode_of};

    #[test]
    fn the_level_defaults_to_info_and_reads_ctask_log() {
        assert_eq!(level_from(None), LevelFilter::INFO);
        assert_eq!(level_from(Some("nonsense")), LevelFilter::INFO);
        assert_eq!(level_from(Some("debug")), LevelFilter::DEBUG);
        assert_eq!(level_from(Some("off")), LevelFilter::OFF);
    }

    #[test]
    fn the_log_is_0600_appended_and_moved_aside_when_full() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        let mut r = Rotating::open(&path).unwrap();
        r.write_all(b"first\n").unwrap();
        drop(r);
        let mode = mode_of(&std::fs::metadata(&path).unwrap());
        assert_eq!(mode, expected_mode(0o600));
        let dir_mode = mode_of(&std::fs::metadata(path.parent().unwrap()).unwrap());
        assert_eq!(dir_mode, expected_mode(0o700));
        let mut r = Rotating::open(&path).unwrap();
        r.write_all(b"second\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first\nsecond\n");
        let big = vec![b'x'; MAX_BYTES as usize];
        r.write_all(&big).unwrap();
        r.write_all(b"after\n").unwrap();
        let aside = path.with_file_name(format!("{FILE_NAME}.1"));
        assert!(std::fs::metadata(&aside).unwrap().len() <= MAX_BYTES);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "after\n");
        let mode = mode_of(&std::fs::metadata(&path).unwrap());
        assert_eq!(mode, expected_mode(0o600));
    }
}
