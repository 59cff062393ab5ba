//! The real terminal: the `ctask` binary in a pseudo-terminal, read through a vt100 parser, typed at
//! like a person. First run with an empty CTASK_HOME reaches a task id with only a name and Ctrl-S;
//! Ctrl-C, SIGTERM, SIGHUP and a forced panic all leave the alternate screen and exit, and (run
//! from a shell that prints `stty -a` afterwards) leave the terminal in cooked mode.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    rx: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    _home: tempfile::TempDir,
}

impl Tui {
    fn start(env: &[(&str, &str)]) -> Tui {
        Tui::spawn(CommandBuilder::new(env!("CARGO_BIN_EXE_ctask")), env)
    }

    /// Runs ctask from a shell that, once ctask has exited, prints its exit code and `stty -a`:
    /// what the terminal's modes are after ctask is gone.
    fn start_in_shell(env: &[(&str, &str)]) -> Tui {
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg("\"$0\"; echo \"EXIT=$?\"; echo STTY-BEGIN; stty -a; echo STTY-END");
        cmd.arg(env!("CARGO_BIN_EXE_ctask"));
        Tui::spawn(cmd, env)
    }

    fn spawn(mut cmd: CommandBuilder, env: &[(&str, &str)]) -> Tui {
        let home = tempfile::tempdir().unwrap();
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        cmd.env("CTASK_HOME", home.path());
        cmd.env("HOME", home.path());
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
                std::num::NonZeroU16::new(40).unwrap(),
                std::num::NonZeroU16::new(120).unwrap(),
                0,
            ),
            raw: Vec::new(),
            _home: home,
        }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(chunk) = self.rx.recv_timeout(wait) {
            self.parser.process(&chunk);
            self.raw.extend_from_slice(&chunk);
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
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

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the exit, draining output; returns the exit code.
    fn exit_code(&mut self) -> u32 {
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

    /// The pid of ctask: the pty's child, or that shell's only child.
    fn ctask_pid(&self) -> u32 {
        let pid = self.child.process_id().unwrap();
        let path = format!("/proc/{pid}/task/{pid}/children");
        let end = Instant::now() + Duration::from_secs(5);
        loop {
            let children = std::fs::read_to_string(&path).unwrap_or_default();
            if let Some(c) = children.split_whitespace().next() {
                return c.parse().unwrap();
            }
            assert!(Instant::now() < end, "no ctask under the shell");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn signal(&self, sig: &str) {
        let ok = std::process::Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(self.ctask_pid().to_string())
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// After `start_in_shell`: ctask's exit code, and proof that the terminal is back in cooked
    /// mode (line editing, echo, signals, output processing) on the main screen.
    fn assert_cooked(&mut self) -> i32 {
        assert_eq!(self.exit_code(), 0, "the shell ends normally");
        let raw = String::from_utf8_lossy(&self.raw).to_string();
        let code = raw
            .split("EXIT=")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("no exit code in:\n{raw}"));
        let stty = raw
            .split("STTY-BEGIN")
            .nth(1)
            .and_then(|t| t.split("STTY-END").next())
            .unwrap_or_else(|| panic!("no stty output in:\n{raw}"));
        let flags: Vec<&str> = stty
            .split(|c: char| c.is_whitespace() || c == ';')
            .collect();
        for want in ["icanon", "echo", "isig", "icrnl", "opost"] {
            assert!(flags.contains(&want), "{want} is on after exit:\n{stty}");
            let off = format!("-{want}");
            assert!(!flags.contains(&off.as_str()), "{off} after exit:\n{stty}");
        }
        self.assert_restored();
        code
    }

    fn assert_restored(&self) {
        let raw = String::from_utf8_lossy(&self.raw);
        assert!(raw.contains("\x1b[?1049l"), "left the alternate screen");
        assert!(raw.contains("\x1b[?2004l"), "bracketed paste off");
        assert!(!self.parser.screen().alternate_screen());
    }
}

fn find_task_id(screen: &str) -> Option<String> {
    screen
        .split(|c: char| !c.is_ascii_hexdigit())
        .find(|w| w.len() == 32)
        .map(str::to_string)
}

#[test]
fn first_run_sandbox_name_and_ctrl_s_give_a_task_id() {
    let mut t = Tui::start(&[]);
    t.wait_for("the sandbox banner", |s| {
        s.contains("SANDBOX") && s.contains("local emulator")
    });
    t.send(b"pty_first_task");
    t.wait_for("the typed name", |s| s.contains("pty_first_task"));
    t.send(b"\x13");
    let screen = t.wait_for("a task id", |s| {
        s.contains("task_id") && find_task_id(s.split("task_id").nth(1).unwrap_or("")).is_some()
    });
    let id = find_task_id(screen.split("task_id").nth(1).unwrap_or("")).unwrap();
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{id}"
    );
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
}

#[test]
fn ctrl_c_restores_the_terminal() {
    let mut t = Tui::start(&[]);
    t.wait_for("the first frame", |s| s.contains("SANDBOX"));
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut t = Tui::start(&[]);
    t.wait_for("the first frame", |s| s.contains("SANDBOX"));
    let pid = t.child.process_id().unwrap();
    let ok = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(ok.success());
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
}

#[test]
#[cfg(debug_assertions)]
fn a_panic_restores_the_terminal() {
    let mut t = Tui::start(&[("CTASK_TEST_PANIC", "1")]);
    let code = t.exit_code();
    assert_eq!(code, 101);
    t.assert_restored();
}

/// Starts ctask from a shell, waits for the first frame, ends it with `end` and checks the terminal.
fn cooked_after(end: impl FnOnce(&mut Tui)) {
    let mut t = Tui::start_in_shell(&[]);
    t.wait_for("the first frame", |s| s.contains("SANDBOX"));
    end(&mut t);
    assert_eq!(t.assert_cooked(), 0);
}

#[test]
fn ctrl_c_leaves_a_cooked_terminal_on_the_main_screen() {
    cooked_after(|t| t.send(b"\x03"));
}

#[test]
fn sigterm_leaves_a_cooked_terminal_on_the_main_screen() {
    cooked_after(|t| t.signal("TERM"));
}

#[test]
fn sighup_leaves_a_cooked_terminal_on_the_main_screen() {
    cooked_after(|t| t.signal("HUP"));
}

#[test]
#[cfg(debug_assertions)]
fn a_panic_leaves_a_cooked_terminal_on_the_main_screen() {
    let mut t = Tui::start_in_shell(&[("CTASK_TEST_PANIC", "1")]);
    assert_eq!(t.assert_cooked(), 101);
}
