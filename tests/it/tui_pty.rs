//! The real terminal: the `ctask` binary in a pseudo-terminal, read through a vt100 parser, typed at
//! like a person. First run with an empty CTASK_HOME reaches a task id with only a name and Ctrl-S;
//! Ctrl-C, SIGTERM, SIGHUP and a forced panic all leave the alternate screen and exit, and (run
//! from a shell that prints `stty -a` afterwards) leave the terminal in cooked mode. After a typed
//! name, SIGTERM, SIGHUP and a panic inside the loop also leave the draft saved: a restart with the
//! same CTASK_HOME offers it and restores the name.

use std::time::{Duration, Instant};

use crate::support::pty::{self, Tui, find_task_id};
use portable_pty::CommandBuilder;

/// Runs ctask from a shell that, once ctask has exited, prints its exit code and `stty -a`:
/// what the terminal's modes are after ctask is gone.
fn start_in_shell(env: &[(&str, &str)]) -> Tui {
    let home = tempfile::tempdir().unwrap();
    let mut t = start_in_shell_at(home.path(), env);
    t.keep_home(home);
    t
}

/// `start_in_shell` with everything under `home`, which outlives the process (restart tests).
fn start_in_shell_at(home: &std::path::Path, env: &[(&str, &str)]) -> Tui {
    let mut cmd = CommandBuilder::new("sh");
    cmd.arg("-c");
    cmd.arg("\"$0\"; echo \"EXIT=$?\"; echo STTY-BEGIN; stty -a; echo STTY-END");
    cmd.arg(env!("CARGO_BIN_EXE_ctask"));
    Tui::spawn(cmd, home, env)
}

/// Signals ctask, the shell's only child.
fn signal_under_shell(t: &Tui, sig: &str) {
    let pid = t.child.process_id().unwrap();
    let path = format!("/proc/{pid}/task/{pid}/children");
    let end = Instant::now() + Duration::from_secs(5);
    let child = loop {
        let children = std::fs::read_to_string(&path).unwrap_or_default();
        if let Some(c) = children.split_whitespace().next() {
            break c.to_string();
        }
        assert!(Instant::now() < end, "no ctask under the shell");
        std::thread::sleep(Duration::from_millis(10));
    };
    let ok = std::process::Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(child)
        .status()
        .unwrap();
    assert!(ok.success());
}

/// After `start_in_shell`: ctask's exit code, and proof that the terminal is back in cooked mode
/// (line editing, echo, signals, output processing) on the main screen.
fn assert_cooked(t: &mut Tui) -> i32 {
    assert_eq!(t.exit_code(), 0, "the shell ends normally");
    let raw = t.raw_text();
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
    t.assert_restored();
    code
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
    // y copies it through the terminal: OSC 52 to the clipboard, the id in base64.
    t.send(b"y");
    t.wait_for("the copy notice", |s| s.contains("task_id copied"));
    let osc = format!("\x1b]52;c;{}", base64(id.as_bytes()));
    assert!(t.raw_text().contains(&osc), "no {osc:?} in the output");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
}

/// RFC 4648 base64, written out here so the test does not share the product's encoder.
fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = c.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)) << (8 * (3 - c.len()));
        for i in 0..4 {
            out.push(if i <= c.len() {
                char::from(T[(n >> (18 - 6 * i) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

/// Starts ctask from a shell, waits for the first frame, ends it with `end` and checks the terminal.
fn cooked_after(end: impl FnOnce(&mut Tui)) {
    let mut t = start_in_shell(&[]);
    t.wait_for("the first frame", |s| s.contains("SANDBOX"));
    end(&mut t);
    assert_eq!(assert_cooked(&mut t), 0);
}

/// Starts ctask from a shell on `home`, types `name`, ends it with `end` well inside the autosave's
/// second (so only the exit path or the panic hook can save), and checks the terminal and the code.
fn typed_then(home: &std::path::Path, name: &str, env: &[(&str, &str)], end: &str, code: i32) {
    let mut t = start_in_shell_at(home, env);
    t.wait_for("the first frame", |s| s.contains("SANDBOX"));
    t.send(name.as_bytes());
    t.wait_for("the typed name", |s| s.contains(name));
    match end {
        "PANIC" => t.send(b"\x1b[24~"),
        sig => signal_under_shell(&t, sig),
    }
    assert_eq!(assert_cooked(&mut t), code);
}

/// A restart on `home` offers the unsent draft; `r` puts `name` back into the Name field.
fn restart_restores(home: &std::path::Path, name: &str) {
    let mut t = Tui::start_in(home, &[], &[]);
    t.wait_for("the restore offer", |s| {
        s.contains("Restore unsent changes?") && s.contains(name)
    });
    t.send(b"r");
    let s = t.wait_for("the restored form", |s| {
        !s.contains("Restore unsent changes?") && s.contains("restored")
    });
    let name_row = s.lines().find(|l| l.contains("Name *")).unwrap_or_default();
    assert!(name_row.contains(name), "{s}");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn sigterm_after_typing_keeps_the_draft_for_the_next_start() {
    let home = tempfile::tempdir().unwrap();
    typed_then(home.path(), "pty_sigterm_draft", &[], "TERM", 0);
    restart_restores(home.path(), "pty_sigterm_draft");
}

#[test]
fn sighup_after_typing_keeps_the_draft_for_the_next_start() {
    let home = tempfile::tempdir().unwrap();
    typed_then(home.path(), "pty_sighup_draft", &[], "HUP", 0);
    restart_restores(home.path(), "pty_sighup_draft");
}

#[test]
fn kill_int_after_typing_restores_the_terminal_and_keeps_the_draft() {
    let home = tempfile::tempdir().unwrap();
    typed_then(home.path(), "pty_sigint_draft", &[], "INT", 0);
    restart_restores(home.path(), "pty_sigint_draft");
}

#[test]
fn kill_quit_after_typing_restores_the_terminal_and_keeps_the_draft() {
    let home = tempfile::tempdir().unwrap();
    typed_then(home.path(), "pty_sigquit_draft", &[], "QUIT", 0);
    restart_restores(home.path(), "pty_sigquit_draft");
}

#[test]
#[cfg(debug_assertions)]
fn a_panic_after_typing_keeps_the_draft_for_the_next_start() {
    let home = tempfile::tempdir().unwrap();
    let env = [("CTASK_TEST_PANIC_KEY", "1")];
    typed_then(home.path(), "pty_panic_draft", &env, "PANIC", 101);
    restart_restores(home.path(), "pty_panic_draft");
}

#[test]
fn ctrl_c_leaves_a_cooked_terminal_on_the_main_screen() {
    cooked_after(|t| t.send(b"\x03"));
}

#[test]
fn sigterm_leaves_a_cooked_terminal_on_the_main_screen() {
    cooked_after(|t| signal_under_shell(t, "TERM"));
}

#[test]
fn sighup_leaves_a_cooked_terminal_on_the_main_screen() {
    cooked_after(|t| signal_under_shell(t, "HUP"));
}

#[test]
#[cfg(debug_assertions)]
fn a_panic_leaves_a_cooked_terminal_on_the_main_screen() {
    let mut t = start_in_shell(&[("CTASK_TEST_PANIC", "1")]);
    assert_eq!(assert_cooked(&mut t), 101);
}

/// Starts `cmd` in a pty with `home`, types `name` once the first frame is up, then closes every
/// master-side descriptor (the terminal hangs up, as when a pty test's parent dies). No reader
/// thread: it would hold the master open.
fn type_then_hang_up(
    mut cmd: CommandBuilder,
    home: &std::path::Path,
    name: &str,
) -> Box<dyn portable_pty::Child + Send + Sync> {
    use std::io::{Read, Write};
    let pair = portable_pty::native_pty_system()
        .openpty(portable_pty::PtySize {
            rows: pty::ROWS,
            cols: pty::COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    cmd.env("CTASK_HOME", home);
    cmd.env("HOME", home);
    cmd.env("TERM", "xterm-256color");
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(pty::ROWS).unwrap(),
        std::num::NonZeroU16::new(pty::COLS).unwrap(),
        0,
    );
    let mut read_until = |what: &str| {
        let mut buf = [0u8; 8192];
        while !parser.screen().contents().contains(what) {
            let n = reader.read(&mut buf).unwrap();
            assert!(n > 0, "eof before {what:?}");
            parser.process(&buf[..n]);
        }
    };
    read_until("SANDBOX");
    writer.write_all(name.as_bytes()).unwrap();
    writer.flush().unwrap();
    read_until(name);
    // Let the frame go out and the loop go idle (crossterm's reader waiting on the terminal), then
    // hang up well inside the autosave's one second: only the exit path can save the draft.
    std::thread::sleep(Duration::from_millis(200));
    drop(reader);
    drop(writer);
    drop(pair.master);
    child
}

/// After a hang-up: the next start offers the typed name back (the exit path saved the draft).
fn assert_draft_offered(home: &std::path::Path, name: &str) {
    let mut t = Tui::start_in(home, &[], &[]);
    t.wait_for("the restore offer", |s| {
        s.contains("Restore unsent changes?") && s.contains(name)
    });
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn a_hung_up_terminal_quits_within_two_seconds_and_keeps_the_draft() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ctask"));
    cmd.arg("--sandbox");
    // ctask leads the session: the hang-up also sends it SIGHUP.
    let mut child = type_then_hang_up(cmd, home.path(), "pty_hangup_leader");
    let end = Instant::now() + Duration::from_secs(2);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("ctask still running 2 s after the hang-up");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 0);
    assert_draft_offered(home.path(), "pty_hangup_leader");
}

#[test]
fn a_hung_up_terminal_without_sighup_quits_within_two_seconds_and_keeps_the_draft() {
    let home = tempfile::tempdir().unwrap();
    let done = home.path().join("ctask-exit");
    // The shell leads the session and ignores the SIGHUP; ctask gets no signal, only a dead tty.
    let mut cmd = CommandBuilder::new("sh");
    cmd.arg("-c");
    cmd.arg("trap '' HUP; \"$0\" --sandbox 2>\"$1.err\"; echo \"$?\" > \"$1.tmp\"; mv \"$1.tmp\" \"$1\"");
    cmd.arg(env!("CARGO_BIN_EXE_ctask"));
    cmd.arg(&done);
    let mut child = type_then_hang_up(cmd, home.path(), "pty_hangup_quiet");
    let end = Instant::now() + Duration::from_secs(2);
    let code = loop {
        if let Ok(code) = std::fs::read_to_string(&done) {
            break code;
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("ctask still running 2 s after the hang-up (no SIGHUP)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(
        code.trim(),
        "0",
        "{}",
        std::fs::read_to_string(home.path().join("ctask-exit.err")).unwrap_or_default()
    );
    let _ = child.wait();
    assert_draft_offered(home.path(), "pty_hangup_quiet");
}
