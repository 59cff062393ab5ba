//! Start-up split around the first frame. Before it: only what the first frame shows (the state,
//! and the sandbox's port, a cheap `bind`, so the banner's URL never changes) and the frame itself
//! (`FirstFrame`, the terminal in its modes); the signals the loop handles are held (blocked)
//! meanwhile, so none is lost or kills the process before its handler is in. After it: the async runtime and the signal handlers, the emulator's server (on a thread and
//! runtime of its own), the terminal event reader (a thread) and the wall clock for the cron
//! preview. A submit made before the server task runs waits in the kernel's listen backlog, so none
//! is lost. The reader is a thread that never blocks the loop: crossterm's reader spins on a
//! hung-up terminal (EIO or end of input) while holding its lock, so a second thread watches the
//! terminal for the hang-up and sends `Msg::Terminate`, which quits through the exit path (draft
//! saved). IO only; no state changes except through the `Msg`s it sends.

use std::net::{Ipv4Addr, TcpListener};

use tokio::sync::mpsc::UnboundedSender;

use super::form::Form;
use super::input;
use super::msg::{Effect, Msg};
use super::state::profiles::Profile;
use super::state::{self, AppState, Target};
use super::{frame_out, terminal};
use crate::emulator::{self, EmulatorConfig, EmulatorHandle};
use crate::store::Paths;
use crate::task::CollectionTask;

/// The sandbox's listener on loopback, its base URL, a note when it is not the usual port, and
/// the port file to write once the first frame is out (a data folder's first start).
pub struct SandboxPort {
    pub listener: TcpListener,
    pub url: String,
    pub note: Option<String>,
    pub remember: Option<std::path::PathBuf>,
}

impl SandboxPort {
    /// Writes the port as the data folder's usual one (atomically; a failure only means a new port
    /// next time).
    fn remember(&self) {
        let (Some(file), Ok(addr)) = (&self.remember, self.listener.local_addr()) else {
            return;
        };
        if let Some(dir) = file.parent() {
            let _ = crate::store::atomic::create_private_dir(dir);
        }
        let _ = crate::store::atomic::write_atomic(
            file,
            format!("{}\n", addr.port()).as_bytes(),
            crate::store::atomic::Mode::Public,
        );
    }
}

/// Where a data folder keeps its sandbox's port, so the sandbox answers at the same URL on every
/// start and the history's and exports' sandbox URLs stay good.
fn port_file(paths: &Paths) -> std::path::PathBuf {
    paths.data_dir.join("sandbox-port")
}

/// Binds the sandbox emulator's port on loopback: the data folder's usual port when it is free,
/// else any free one with a note saying so (another ctask on the same folder holds it). The first
/// start of a folder keeps the port it got: `Late::start` writes it, after the first frame.
pub fn reserve_sandbox(paths: Option<&Paths>) -> std::io::Result<SandboxPort> {
    let usual: Option<u16> = paths
        .and_then(|p| std::fs::read_to_string(port_file(p)).ok())
        .and_then(|text| text.trim().parse().ok())
        .filter(|port| *port != 0);
    let at_usual = usual.and_then(|port| TcpListener::bind((Ipv4Addr::LOCALHOST, port)).ok());
    let listener = match at_usual {
        Some(l) => l,
        None => TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?,
    };
    let port = listener.local_addr()?.port();
    let note = match usual {
        Some(old) if old != port => Some(format!(
            "the sandbox's usual port {old} is taken (another ctask?): this session's sandbox is on {port}"
        )),
        _ => None,
    };
    Ok(SandboxPort {
        url: format!("http://127.0.0.1:{port}"),
        listener,
        note,
        remember: paths.filter(|_| usual.is_none()).map(port_file),
    })
}

/// The state the first frame shows: on `real`, else on the sandbox (whose port is reserved here and
/// returned); with the saved profiles, the start-up notes and, when several profiles and no default
/// leave the choice to the user, the Profiles tab. Also the effect that resolves the profile.
pub fn initial_state(
    task: CollectionTask,
    paths: Option<&Paths>,
    real: Option<Profile>,
    (saved, default): (Vec<Profile>, Option<String>),
    mut notes: Vec<String>,
    chooser: Option<String>,
) -> std::io::Result<(AppState, Option<SandboxPort>, Effect)> {
    let (profile, listener) = match real {
        Some(p) => (p, None),
        None => {
            let mut sandbox = reserve_sandbox(paths)?;
            notes.extend(sandbox.note.take());
            (super::sandbox_profile(&sandbox.url), Some(sandbox))
        }
    };
    // Validated after the first frame: a big task file's issues do not hold it back.
    let mut s = AppState::on(Form::deferred(task), Target::default(), Default::default());
    let resolve = crate::tui::state::switch::switch_to(&mut s, &profile);
    s.profiles.list = listener
        .iter()
        .map(|_| profile.clone())
        .chain(saved)
        .collect();
    s.profiles.default = default;
    s.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    s.derive();
    s.cursor_to_end();
    s.drafts =
        state::drafts::DraftsState::new(std::process::id(), chrono::Utc::now().timestamp_millis());
    s.drafts.clean_revision = s.form.revision;
    if let Some(why) = chooser {
        s.go(state::Screen::Profiles);
        s.profiles.sel = 1.min(s.profiles.list.len().saturating_sub(1));
        notes.insert(0, why);
    }
    if !notes.is_empty() {
        s.warn(notes.join(" · "));
    }
    Ok((s, listener, resolve))
}

/// The terminal in the TUI's modes with the first frame on it, and the state that frame shows.
pub struct FirstFrame {
    pub state: AppState,
    pub term: frame_out::Term,
    /// Restores the terminal when dropped.
    pub guard: terminal::Guard,
}

impl FirstFrame {
    pub fn draw(mut state: AppState) -> std::io::Result<FirstFrame> {
        let (guard, modes) = terminal::init()?;
        let (width, height) = crossterm::terminal::size()?;
        super::update::update(&mut state, Msg::Resize(width, height));
        let term = frame_out::Term::first(std::io::stdout(), &modes, width, height, &state)?;
        #[cfg(debug_assertions)]
        if std::env::var_os("CTASK_TEST_PANIC").is_some() {
            panic!("CTASK_TEST_PANIC: forced panic to test terminal restore");
        }
        Ok(FirstFrame { state, term, guard })
    }
}

/// What starts once the first frame is on screen; dropping it stops the emulator.
pub struct Late {
    _emulator: Option<EmulatorHandle>,
}

impl Late {
    /// Serves the sandbox on the reserved port, starts reading the terminal and sends the time.
    pub fn start(sandbox: Option<SandboxPort>, tx: &UnboundedSender<Msg>) -> std::io::Result<Late> {
        let emulator = match sandbox {
            // On a thread of its own: a panic in the emulator is never the TUI's.
            Some(sp) => {
                sp.remember();
                Some(emulator::spawn_background_on(
                    sp.listener,
                    EmulatorConfig::default(),
                )?)
            }
            None => None,
        };
        let _ = tx.send(Msg::Now(chrono::Local::now().fixed_offset()));
        input::spawn_reader(tx.clone())?;
        super::signals::watch_hang_up(tx)?;
        Ok(Late {
            _emulator: emulator,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_folder_keeps_its_sandbox_port_and_says_when_it_is_taken() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let first = reserve_sandbox(Some(&paths)).unwrap();
        assert_eq!(first.note, None);
        let port = first.listener.local_addr().unwrap().port();
        assert!(
            !port_file(&paths).exists(),
            "written after the first frame, not before"
        );
        first.remember();
        assert_eq!(
            std::fs::read_to_string(port_file(&paths)).unwrap().trim(),
            port.to_string()
        );
        // Another ctask on the same folder holds the port: a free one, and a note naming both.
        let second = reserve_sandbox(Some(&paths)).unwrap();
        let other = second.listener.local_addr().unwrap().port();
        assert_ne!(other, port);
        let note = second.note.clone().expect("a note");
        assert!(
            note.contains(&port.to_string()) && note.contains(&other.to_string()),
            "{note}"
        );
        // The file still names the usual port; once it is free the next start is on it again.
        drop((first, second));
        let again = reserve_sandbox(Some(&paths)).unwrap();
        assert_eq!(again.url, format!("http://127.0.0.1:{port}"));
        assert_eq!(again.note, None);
    }
}
