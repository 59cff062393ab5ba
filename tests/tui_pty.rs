//! The real terminal: the `ctask` binary in a pseudo-terminal, read through a vt100 parser, typed at
//! like a person. First run with an empty CTASK_HOME reaches a task id with only a name and Ctrl-S;
//! Ctrl-C, SIGTERM, SIGHUP and a forced panic all leave the alternate screen and exit, and (run
//! from a shell that prints `stty -a` afterwards) leave the terminal in cooked mode.

mod common;

use std::time::{Duration, Instant};

use common::{Tui, find_task_id};
use portable_pty::CommandBuilder;

/// Runs ctask from a shell that, once ctask has exited, prints its exit code and `stty -a`:
/// what the terminal's modes are after ctask is gone.
fn start_in_shell(env: &[(&str, &str)]) -> Tui {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new("sh");
    cmd.arg("-c");
    cmd.arg("\"$0\"; echo \"EXIT=$?\"; echo STTY-BEGIN; stty -a; echo STTY-END");
    cmd.arg(env!("CARGO_BIN_EXE_ctask"));
    let mut t = Tui::spawn(cmd, home.path(), env);
    t.keep_home(home);
    t
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
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
}

/// Starts ctask from a shell, waits for the first frame, ends it with `end` and checks the terminal.
fn cooked_after(end: impl FnOnce(&mut Tui)) {
    let mut t = start_in_shell(&[]);
    t.wait_for("the first frame", |s| s.contains("SANDBOX"));
    end(&mut t);
    assert_eq!(assert_cooked(&mut t), 0);
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
