//! Reliability in a real terminal: the `ctask` binary in a pseudo-terminal, its screen read through
//! vt100. A broken `config.toml` is named (file and line) on the first screen instead of a silent
//! sandbox; a `credentials.toml` others can read is warned about as the CLI does; a panic on the
//! sandbox emulator's thread never ends the TUI; F7 on a FIFO never holds the exit (Ctrl-C,
//! SIGTERM, SIGHUP).

use std::os::unix::fs::PermissionsExt;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use crate::support;
use crate::support::pty::{Tui, find_task_id};

#[test]
fn a_broken_config_toml_is_named_with_its_line_on_screen() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        "# mine\n[profiles.prod]\nbroken line here\n",
    )
    .unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[]);
    let screen = t.wait_for("the config warning", |s| s.contains("config.toml line 3"));
    assert!(screen.contains("SANDBOX"), "{screen}");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    // Asked for a profile by name, it refuses as the CLI does: which file, which line.
    let mut t = Tui::start_in(home.path(), &["--profile", "prod"], &[]);
    assert_eq!(t.exit_code(), 2);
    let out = t.raw_text();
    assert!(
        out.contains("config.toml") && out.contains("line 3"),
        "{out}"
    );
}

#[test]
fn a_world_readable_credentials_toml_is_warned_about_on_screen() {
    let home = tempfile::tempdir().unwrap();
    let creds = home.path().join("credentials.toml");
    std::fs::write(&creds, "[profiles.prod]\ntoken = \"env:T\"\n").unwrap();
    std::fs::set_permissions(&creds, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[]);
    let screen = t.wait_for("the credentials warning", |s| {
        s.contains("can be read by other users")
    });
    assert!(screen.contains("credentials.toml"), "{screen}");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
}

/// The sandbox emulator's `host:port`, from the banner.
fn sandbox_addr(screen: &str) -> String {
    screen
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no sandbox URL on:\n{screen}"))
        .to_string()
}

#[test]
fn a_panic_on_the_sandbox_emulators_thread_never_ends_the_tui() {
    let home = tempfile::tempdir().unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[("CTASK_TEST_EMULATOR_PANIC", "1")]);
    let screen = t.wait_for("the sandbox banner", |s| {
        s.contains("local emulator at http://")
    });
    let addr = sandbox_addr(&screen);
    // The emulator is served after the first frame: wait until it answers, then make it panic.
    let mut stream = {
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            match std::net::TcpStream::connect(&addr) {
                Ok(s) => break s,
                Err(e) if Instant::now() < end => {
                    let _ = e;
                    t.pump(Duration::from_millis(50));
                }
                Err(e) => panic!("{addr}: {e}"),
            }
        }
    };
    stream
        .write_all(b"GET /_test/panic HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(
        !String::from_utf8_lossy(&answer).contains("404"),
        "the test hook did not panic (debug build?)"
    );
    t.idle(Duration::from_millis(300));
    assert!(
        t.child.try_wait().unwrap().is_none(),
        "the TUI ended with the emulator's panic:\n{}",
        t.raw_text()
    );
    assert!(
        !t.raw_text().contains("CTASK_TEST_EMULATOR_PANIC"),
        "printed over the screen"
    );
    // The emulator still serves and the TUI still works: a submit gets its task id.
    t.send(b"after_emulator_panic");
    t.wait_for("the typed name", |s| s.contains("after_emulator_panic"));
    t.send(b"\x13");
    t.wait_for("a task id", |s| {
        s.contains("task_id") && find_task_id(s.split("task_id").nth(1).unwrap_or("")).is_some()
    });
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
    let log = std::fs::read_to_string(home.path().join("ctask.log")).unwrap_or_default();
    assert!(
        log.contains("CTASK_TEST_EMULATOR_PANIC"),
        "the panic is logged:\n{log}"
    );
}

/// Opens `fifo` (nobody writes to it) with F7 on the Review screen.
fn f7_on_a_fifo(home: &std::path::Path) -> Tui {
    let fifo = home.join("task.fifo");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(ok.success());
    let mut t = Tui::start_in(home, &[], &[]);
    t.wait_for("the first frame", |s| s.contains("SANDBOX"));
    t.send(b"\x0e\x0e\x0e\x0e");
    t.wait_for("the Review screen", |s| s.contains("F7 open file"));
    t.send(b"\x1b[18~");
    t.wait_for("the open prompt", |s| s.contains("Open task file:"));
    t.send(fifo.to_string_lossy().as_bytes());
    t.send(b"\r");
    t.wait_for("the prompt closed", |s| !s.contains("Open task file:"));
    t.idle(Duration::from_millis(300));
    t
}

fn exits_within(t: &mut Tui, limit: Duration, how: &str) {
    let started = Instant::now();
    let code = t.exit_code();
    assert!(
        started.elapsed() < limit,
        "{how}: took {:?} to exit",
        started.elapsed()
    );
    assert_eq!(code, 0, "{how}");
    t.assert_restored();
}

#[test]
fn after_f7_on_a_fifo_ctrl_c_still_quits() {
    let home = tempfile::tempdir().unwrap();
    let mut t = f7_on_a_fifo(home.path());
    t.send(b"\x03");
    exits_within(&mut t, Duration::from_secs(8), "Ctrl-C");
}

#[test]
fn after_f7_on_a_fifo_sigterm_and_sighup_still_quit() {
    for sig in ["TERM", "HUP"] {
        let home = tempfile::tempdir().unwrap();
        let mut t = f7_on_a_fifo(home.path());
        t.signal(sig);
        exits_within(&mut t, Duration::from_secs(8), sig);
    }
}

/// Waits (reading the screen) until `ok` holds, up to 20 s.
fn wait_until(t: &mut Tui, what: &str, ok: impl Fn() -> bool) {
    let end = Instant::now() + Duration::from_secs(20);
    while !ok() {
        assert!(
            Instant::now() < end,
            "timed out waiting for {what}:\n{}",
            t.screen()
        );
        t.pump(Duration::from_millis(50));
    }
}

#[test]
fn after_kill_9_mid_submit_the_next_start_says_it_was_sent_and_never_sends_it_twice() {
    let e = support::env();
    e.add_token("prod", &[]);
    // The create is answered late, and still made after its client is gone.
    e.fault(serde_json::json!({"kind": "delay", "ms": 2000}), 1);
    let home = e.home.path();
    let env = [("CTASK_RECONCILE_SECS", "15")];
    let name = "sent_before_kill_9";
    // A complete task from a file; one typed character makes it a change worth an autosave.
    let seed = e.seed("sent_before_kill_", |_| {});
    let seed = seed.to_string_lossy().into_owned();
    let mut t = Tui::start_in(home, &["open", &seed], &env);
    t.wait_for("the form", |s| s.contains("sent_before_kill_"));
    t.send(b"9");
    t.wait_for("the typed name", |s| s.contains(name));
    // The autosave holds the name (it is written within a second of the change).
    let db = home.join("ctask.db");
    wait_until(&mut t, "the autosave", || {
        ctask::store::drafts::Drafts::open(&db)
            .ok()
            .and_then(|(d, _)| d.list().ok())
            .is_some_and(|l| l.iter().any(|d| d.is_autosave() && d.body.contains(name)))
    });
    t.send(b"\x13");
    wait_until(&mut t, "the create to reach the emulator", || {
        e.creates().len() == 1
    });
    t.signal("KILL");
    let _ = t.exit_code();
    drop(t);

    let mut t = Tui::start_in(home, &[], &env);
    let offer = t.wait_for("the restore offer", |s| {
        s.contains("Restore a create that was sent?")
    });
    assert!(offer.contains("SENT") && offer.contains(name), "{offer}");
    assert!(!offer.contains("unsent changes"), "{offer}");
    t.send(b"r");
    t.wait_for("the check's answer", |s| {
        s.contains("(sent by a session that ended, History #1) was created (task id")
    });
    t.send(b"\x13");
    t.wait_for("the refusal", |s| {
        s.contains("nothing sent (it would be a duplicate)")
    });
    t.idle(Duration::from_millis(500));
    assert_eq!(e.creates().len(), 1, "the create was sent twice");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
}

/// The process state letter of `/proc/<pid>/stat` (`T`: stopped).
fn proc_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit(')')
        .next()
        .and_then(|r| r.split_whitespace().next())
        .and_then(|s| s.chars().next())
        .unwrap_or('?')
}

#[test]
fn kill_tstp_gives_the_shell_a_cooked_screen_and_fg_redraws_in_raw_mode() {
    let mut t = Tui::start(&[]);
    t.wait_for("the first frame", |s| s.contains("SANDBOX"));
    t.send(b"tstp_name");
    t.wait_for("the typed name", |s| s.contains("tstp_name"));
    let pid = t.child.process_id().unwrap();
    t.signal("TSTP");
    wait_until(&mut t, "ctask to stop", || proc_state(pid) == 'T');
    t.idle(Duration::from_millis(200));
    assert!(!t.alternate_screen(), "stopped on the alternate screen");
    let stopped = t.raw_text();
    let tail = &stopped[stopped.rfind("tstp_name").unwrap_or(0)..];
    assert!(
        tail.contains("\x1b[?1049l") && tail.contains("\x1b[?1000l"),
        "modes left on"
    );
    t.signal("CONT");
    t.wait_for("the redraw", |s| {
        s.contains("SANDBOX") && s.contains("tstp_name")
    });
    assert!(t.alternate_screen());
    assert_ne!(proc_state(pid), 'T');
    // Raw mode again: Ctrl-C is a key the TUI reads (it quits cleanly with 0, not by SIGINT).
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    t.assert_restored();
}
