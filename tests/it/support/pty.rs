//! For the real-terminal tests: the `ctask` binary in a pseudo-terminal, read through a vt100 parser
//! and typed at like a person, with a `CTASK_HOME` that can outlive one process (restart tests).
//! Helpers only; each test module says what it checks. Unix only (`support/mod.rs`).

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;

pub struct Tui {
    pub child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    rx: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    pub raw: Vec<u8>,
    /// The temp `CTASK_HOME` of `start`, removed with the `Tui`.
    _home: Option<tempfile::TempDir>,
}

impl Tui {
    /// Starts the sandbox TUI with a fresh temp `CTASK_HOME`.
    pub fn start(env: &[(&str, &str)]) -> Tui {
        let home = tempfile::tempdir().unwrap();
        let mut t = Tui::start_in(home.path(), &[], env);
        t._home = Some(home);
        t
    }

    /// Starts `ctask` (sandbox unless `args` say otherwise) with everything under `home`.
    pub fn start_in(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Tui {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ctask"));
        cmd.args(args);
        Tui::spawn(cmd, home, env)
    }

    /// Runs `cmd` (ctask, or a shell around it) in the pty with everything under `home`.
    pub fn spawn(mut cmd: CommandBuilder, home: &Path, env: &[(&str, &str)]) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        cmd.env("CTASK_HOME", home);
        cmd.env("HOME", home);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Tui {
            child,
            _master: pair.master,
            writer,
            rx,
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(ROWS).unwrap(),
                std::num::NonZeroU16::new(COLS).unwrap(),
                0,
            ),
            raw: Vec::new(),
            _home: None,
        }
    }

    pub fn pump(&mut self, wait: Duration) {
        if let Ok(chunk) = self.rx.recv_timeout(wait) {
            self.parser.process(&chunk);
            self.raw.extend_from_slice(&chunk);
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            self.pump(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.screen());
    }

    /// Keeps reading the screen for `d` (so the process never blocks on a full pty).
    pub fn idle(&mut self, d: Duration) {
        let end = Instant::now() + d;
        while Instant::now() < end {
            self.pump(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends a signal by name (`TERM`, `KILL`…) to the process.
    pub fn signal(&mut self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let ok = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Waits for the exit, draining output; returns the exit code.
    pub fn exit_code(&mut self) -> u32 {
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            self.pump(Duration::from_millis(20));
            if let Some(status) = self.child.try_wait().unwrap() {
                for _ in 0..10 {
                    self.pump(Duration::from_millis(20));
                }
                return status.exit_code();
            }
            assert!(
                Instant::now() < end,
                "the process did not exit:\n{}",
                self.screen()
            );
        }
    }

    /// Everything the process wrote, as text.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// Keeps a temp home alive as long as the terminal.
    pub fn keep_home(&mut self, home: tempfile::TempDir) {
        self._home = Some(home);
    }

    /// Whether the screen shown is the alternate one.
    pub fn alternate_screen(&self) -> bool {
        self.parser.screen().alternate_screen()
    }

    pub fn assert_restored(&self) {
        let raw = String::from_utf8_lossy(&self.raw);
        assert!(raw.contains("\x1b[?1049l"), "left the alternate screen");
        assert!(raw.contains("\x1b[?2004l"), "bracketed paste off");
        assert!(!self.parser.screen().alternate_screen());
    }
}

impl Drop for Tui {
    /// A failed test must not leave the process behind (a hung-up terminal can keep it spinning).
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The first 32-hex-digit word in `text`.
pub fn find_task_id(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_hexdigit())
        .find(|w| w.len() == 32)
        .map(str::to_string)
}

/// The first task id on the screen after `marker`.
pub fn task_id_after(screen: &str, marker: &str) -> Option<String> {
    find_task_id(screen.split(marker).nth(1)?)
}
