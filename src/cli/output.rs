//! What every command prints on stdout: writes that end quietly on a closed pipe, the one `--json`
//! error shape, and an issue as one line of text.

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::task::{Issue, Severity};

/// The exit code of a process killed by SIGPIPE (128 + 13), used when stdout's reader went away.
pub const BROKEN_PIPE: i32 = 141;

/// A pipe (stdout or stderr) was found closed while a `Hold` was alive; `finish` then returns 141.
static BROKEN: AtomicBool = AtomicBool::new(false);
/// How many `Hold`s are alive: work that must finish (history rows settled) before the process ends.
static HELD: AtomicUsize = AtomicUsize::new(0);

/// While one is alive, a closed stdout or stderr does not end the process: the write is dropped,
/// later writes are skipped, and `finish` turns the command's exit code into 141. `submit`,
/// `apply` and `history resend` hold one, so a reader that goes away mid-send never leaves a
/// history row `pending`.
pub struct Hold(());

/// A `Hold` for the rest of the caller's scope.
pub fn hold() -> Hold {
    HELD.fetch_add(1, Ordering::SeqCst);
    Hold(())
}

impl Drop for Hold {
    fn drop(&mut self) {
        HELD.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The command's exit code, or 141 when a pipe was found closed under a `Hold`.
pub fn finish(code: u8) -> u8 {
    if BROKEN.load(Ordering::SeqCst) {
        BROKEN_PIPE as u8
    } else {
        code
    }
}

/// A closed pipe: end the process at once with 141 (no message, like any Unix tool), or under a
/// `Hold` remember it for `finish`.
fn broken_pipe() {
    BROKEN.store(true, Ordering::SeqCst);
    if HELD.load(Ordering::SeqCst) == 0 {
        std::process::exit(BROKEN_PIPE);
    }
}

/// Writes to stdout, control characters escaped (`text::escape_controls`). A closed pipe (`ctask … | head`) ends the process quietly with 141 (see `Hold`); another write error is reported on stderr and ends it with 5.
pub fn write(args: fmt::Arguments<'_>) {
    if BROKEN.load(Ordering::SeqCst) {
        return;
    }
    let text = args.to_string();
    let text = super::text::escape_controls(&text);
    let mut out = std::io::stdout().lock();
    let result = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return broken_pipe();
        }
        write_err(format_args!(
            "ctask: cannot write to standard output: {e}\n"
        ));
        std::process::exit(i32::from(crate::exit::FAILED));
    }
}

/// Writes to stderr, escaped like `write`. A closed pipe is treated as stdout's (141, quietly);
/// any other error is dropped (there is nowhere left to tell it).
pub fn write_err(args: fmt::Arguments<'_>) {
    if BROKEN.load(Ordering::SeqCst) {
        return;
    }
    let text = args.to_string();
    let text = super::text::escape_controls(&text);
    let mut err = std::io::stderr().lock();
    let result = err.write_all(text.as_bytes()).and_then(|()| err.flush());
    if let Err(e) = result
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        broken_pipe();
    }
}

/// `print!` that ends quietly on a closed pipe.
#[macro_export]
macro_rules! out {
    ($($t:tt)*) => { $crate::cli::output::write(format_args!($($t)*)) };
}

/// `println!` that ends quietly on a closed pipe.
#[macro_export]
macro_rules! outln {
    () => { $crate::cli::output::write(format_args!("\n")) };
    ($($t:tt)*) => { $crate::cli::output::write(format_args!("{}\n", format_args!($($t)*))) };
}

/// A backstop for any standard `println!`/`eprintln!` left: its panic on a closed pipe becomes the same
/// quiet exit 141; every other panic goes to the hook that was there before.
pub fn quiet_broken_pipe() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        let printing = text.starts_with("failed printing to stdout")
            || text.starts_with("failed printing to stderr");
        if printing && text.contains("os error 32") {
            std::process::exit(BROKEN_PIPE);
        }
        previous(info);
    }));
}

/// The one `--json` error shape of every command:
/// `{"ok": false, "error": {"kind", "message"}, "exit_code"}`.
pub fn error_json(kind: &str, message: &str, exit_code: u8) -> Value {
    json!({"ok": false, "error": {"kind": kind, "message": message}, "exit_code": exit_code})
}

/// Reports an error the way the caller asked (the JSON shape on stdout, or `ctask: …` on stderr)
/// and returns `exit_code`.
pub fn fail(json_out: bool, kind: &str, message: &str, exit_code: u8) -> u8 {
    if json_out {
        outln!("{}", error_json(kind, message, exit_code));
    } else {
        eprintln!("ctask: {message}");
    }
    exit_code
}

/// A usage error (exit 2) in the caller's format.
pub fn usage(json_out: bool, message: &str) -> u8 {
    fail(json_out, "usage", message, crate::exit::USAGE)
}

/// The `error` object of a task that has errors, for `--json` reports that carry `issues`.
pub fn invalid_error(issues: &[Issue]) -> Value {
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    json!({"kind": "invalid", "message": format!("the task has {errors} error(s)")})
}

/// An issue as one line, `error   path: message`, the path said once even when the message itself
/// starts with `path: `.
pub fn issue_line(i: &Issue) -> String {
    let sev = match i.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let message = i
        .message
        .strip_prefix(i.path.as_str())
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(&i.message);
    format!("{sev:<7} {}: {message}", i.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(path: &str, message: &str, severity: Severity) -> Issue {
        Issue {
            path: path.into(),
            severity,
            message: message.into(),
        }
    }

    #[test]
    fn an_issue_names_its_path_once() {
        let i = issue(
            "schedule_config.start_time",
            "schedule_config.start_time: cannot read \"x\"",
            Severity::Error,
        );
        assert_eq!(
            issue_line(&i),
            "error   schedule_config.start_time: cannot read \"x\""
        );
        let i = issue("name", "too long", Severity::Warning);
        assert_eq!(issue_line(&i), "warning name: too long");
        let i = issue("name", "name is required", Severity::Error);
        assert_eq!(issue_line(&i), "error   name: name is required");
    }

    #[test]
    fn the_error_shape_is_ok_false_with_kind_and_message() {
        let v = error_json("usage", "bad", 2);
        assert_eq!(v["ok"], false);
        assert_eq!(v["error"]["kind"], "usage");
        assert_eq!(v["error"]["message"], "bad");
        assert_eq!(v["exit_code"], 2);
    }
}
