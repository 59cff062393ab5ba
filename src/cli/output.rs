//! What every command prints through: `Out`, made once in `cli::main` and passed to every command
//! and every function that prints. It owns stdout and stderr, escapes every line
//! (`text::escape_controls`), ends quietly on a closed pipe, and holds the one `--json` error shape;
//! here too is an issue as one line of text.

use std::fmt;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::text::escape_controls;
use crate::task::{Issue, Severity};

/// The exit code of a process killed by SIGPIPE (128 + 13), used when stdout's reader went away.
pub const BROKEN_PIPE: i32 = 141;

/// Where a stream of `Out` writes.
pub type Writer = Box<dyn Write + Send>;

/// The CLI's output: stdout and stderr, and what a closed pipe has left to do. Cloning it is cheap
/// (one `Arc`), for a spawned task that prints.
#[derive(Clone)]
pub struct Out(Arc<Streams>);

struct Streams {
    stdout: Mutex<Writer>,
    stderr: Mutex<Writer>,
    /// Whether stderr is a terminal (a progress bar is drawn only there).
    terminal: bool,
    /// A pipe (stdout or stderr) was found closed while a `Hold` was alive; `finish` returns 141.
    broken: AtomicBool,
    /// How many `Hold`s are alive: work that must finish (history rows settled) before the
    /// process ends.
    held: AtomicUsize,
}

/// `out!(out, "…", args)`: the text on `out`'s stdout.
macro_rules! out {
    ($out:expr, $($t:tt)*) => { $out.write(format_args!($($t)*)) };
}

/// `outln!(out, "…", args)`: the text and a newline on `out`'s stdout.
macro_rules! outln {
    ($out:expr, $($t:tt)*) => { $out.write(format_args!("{}\n", format_args!($($t)*))) };
}

/// `err!(out, "…", args)`: the text on `out`'s stderr.
macro_rules! err {
    ($out:expr, $($t:tt)*) => { $out.write_err(format_args!($($t)*)) };
}

/// `errln!(out, "…", args)`: the text and a newline on `out`'s stderr (notes and warnings,
/// `ctask: …`).
macro_rules! errln {
    ($out:expr, $($t:tt)*) => { $out.write_err(format_args!("{}\n", format_args!($($t)*))) };
}

pub(crate) use {err, errln, out, outln};

/// While one is alive, a closed stdout or stderr does not end the process: the write is dropped,
/// later writes are skipped, and `Out::finish` turns the command's exit code into 141. `submit`,
/// `apply` and `history resend` hold one, so a reader that goes away mid-send never leaves a
/// history row `pending`.
pub struct Hold(Out);

impl Drop for Hold {
    fn drop(&mut self) {
        self.0.0.held.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Out {
    /// The process's stdout and stderr.
    pub fn stdio() -> Out {
        Out::new(
            Box::new(std::io::stdout()),
            Box::new(std::io::stderr()),
            std::io::stderr().is_terminal(),
        )
    }

    /// An `Out` over any two writers (a unit test's buffers); `terminal`: whether stderr is one.
    pub fn new(stdout: Writer, stderr: Writer, terminal: bool) -> Out {
        Out(Arc::new(Streams {
            stdout: Mutex::new(stdout),
            stderr: Mutex::new(stderr),
            terminal,
            broken: AtomicBool::new(false),
            held: AtomicUsize::new(0),
        }))
    }

    /// Whether stderr is a terminal.
    pub fn stderr_is_terminal(&self) -> bool {
        self.0.terminal
    }

    /// A `Hold` for the rest of the caller's scope.
    pub fn hold(&self) -> Hold {
        self.0.held.fetch_add(1, Ordering::SeqCst);
        Hold(self.clone())
    }

    /// The command's exit code, or 141 when a pipe was found closed under a `Hold`.
    pub fn finish(&self, code: u8) -> u8 {
        if self.0.broken.load(Ordering::SeqCst) {
            BROKEN_PIPE as u8
        } else {
            code
        }
    }

    /// A closed pipe: end the process at once with 141 (no message, like any Unix tool), or under
    /// a `Hold` remember it for `finish`.
    fn broken_pipe(&self) {
        self.0.broken.store(true, Ordering::SeqCst);
        if self.0.held.load(Ordering::SeqCst) == 0 {
            std::process::exit(BROKEN_PIPE);
        }
    }

    /// `text` escaped and written (and flushed) to `stream`; nothing once a pipe was found closed.
    fn put(&self, stream: &Mutex<Writer>, args: fmt::Arguments<'_>) -> std::io::Result<()> {
        if self.0.broken.load(Ordering::SeqCst) {
            return Ok(());
        }
        let text = args.to_string();
        let text = escape_controls(&text);
        let mut w = stream.lock().unwrap_or_else(|e| e.into_inner());
        w.write_all(text.as_bytes()).and_then(|()| w.flush())
    }

    /// Writes to stdout, control characters escaped (`text::escape_controls`). A closed pipe
    /// (`ctask … | head`) ends the process quietly with 141 (see `Hold`); another write error is
    /// reported on stderr and ends it with 5.
    pub fn write(&self, args: fmt::Arguments<'_>) {
        let Err(e) = self.put(&self.0.stdout, args) else {
            return;
        };
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return self.broken_pipe();
        }
        errln!(self, "ctask: cannot write to standard output: {e}");
        std::process::exit(i32::from(crate::exit::FAILED));
    }

    /// Writes to stderr, escaped like `write`. A closed pipe is treated as stdout's (141,
    /// quietly); any other error is dropped (there is nowhere left to tell it).
    pub fn write_err(&self, args: fmt::Arguments<'_>) {
        if let Err(e) = self.put(&self.0.stderr, args)
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.broken_pipe();
        }
    }

    /// A JSON value as one line on stdout (escaped like every line: `\u007f` or `\u202e` is the
    /// same JSON string as the raw character).
    pub fn json(&self, value: &Value) {
        outln!(self, "{value}");
    }

    /// `ctask: warning: …` on stderr, one line a warning.
    pub fn warnings(&self, warnings: &[String]) {
        for w in warnings {
            errln!(self, "ctask: warning: {w}");
        }
    }

    /// Reports an error the way the caller asked (the JSON shape on stdout, or `ctask: …` on
    /// stderr) and returns `exit_code`.
    pub fn fail(&self, json_out: bool, kind: &str, message: &str, exit_code: u8) -> u8 {
        if json_out {
            self.json(&error_json(kind, message, exit_code));
        } else {
            errln!(self, "ctask: {message}");
        }
        exit_code
    }

    /// A usage error (exit 2) in the caller's format.
    pub fn usage(&self, json_out: bool, message: &str) -> u8 {
        self.fail(json_out, "usage", message, crate::exit::USAGE)
    }
}

/// The one `--json` error shape of every command:
/// `{"ok": false, "error": {"kind", "message"}, "exit_code"}`.
pub fn error_json(kind: &str, message: &str, exit_code: u8) -> Value {
    json!({"ok": false, "error": {"kind": kind, "message": message}, "exit_code": exit_code})
}

/// The `error` object of a task that has errors, for `--json` reports that carry `issues`.
pub fn invalid_error(issues: &[Issue]) -> Value {
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    json!({"kind": "invalid", "message": format!("the task has {}", crate::app::words::count(errors, "error"))})
}

/// An issue as one line, `error   path: message`, the path said once even when the message itself
/// names it (`Issue::located`).
pub fn issue_line(i: &Issue) -> String {
    let sev = match i.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{sev:<7} {}", i.located())
}

/// An `Out` over in-memory buffers, for unit tests that read what a command printed.
#[cfg(test)]
pub mod memory {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::Out;

    /// A buffer the test keeps a handle on while `Out` writes into it.
    #[derive(Clone, Default)]
    pub struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Buffer {
        pub fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
        }
    }

    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// An `Out` (stderr not a terminal) and its stdout and stderr.
    pub fn out() -> (Out, Buffer, Buffer) {
        let (stdout, stderr) = (Buffer::default(), Buffer::default());
        let out = Out::new(Box::new(stdout.clone()), Box::new(stderr.clone()), false);
        (out, stdout, stderr)
    }
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
        assert_eq!(issue_line(&i), "error   name is required");
        let i = issue(
            "user_id",
            "user_id still holds the template placeholder <IAM user id>: put yours there.",
            Severity::Error,
        );
        assert_eq!(
            issue_line(&i),
            "error   user_id still holds the template placeholder <IAM user id>: put yours there."
        );
        let i = issue("name_x", "name is required", Severity::Error);
        assert_eq!(issue_line(&i), "error   name_x: name is required");
    }

    #[test]
    fn the_error_shape_is_ok_false_with_kind_and_message() {
        let v = error_json("usage", "bad", 2);
        assert_eq!(v["ok"], false);
        assert_eq!(v["error"]["kind"], "usage");
        assert_eq!(v["error"]["message"], "bad");
        assert_eq!(v["exit_code"], 2);
    }

    #[test]
    fn every_line_is_escaped_and_goes_to_its_stream() {
        let (out, stdout, stderr) = memory::out();
        outln!(out, "name {}", "a\u{1b}[2J\u{202e}b");
        out!(out, "tab\tkept\n");
        errln!(out, "ctask: {}", "bell\u{7}");
        assert_eq!(out.fail(true, "usage", "bad\u{202e}name", 2), 2);
        assert_eq!(out.usage(false, "no file"), 2);
        assert_eq!(
            stdout.text(),
            "name a\\u001b[2J\\u202eb\ntab\tkept\n\
             {\"ok\":false,\"error\":{\"kind\":\"usage\",\"message\":\"bad\\u202ename\"},\"exit_code\":2}\n"
        );
        assert_eq!(stderr.text(), "ctask: bell\\u0007\nctask: no file\n");
    }

    /// A writer whose reader went away.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_under_a_hold_skips_later_writes_and_finishes_with_141() {
        let stderr = memory::Buffer::default();
        let out = Out::new(Box::new(Closed), Box::new(stderr.clone()), false);
        assert_eq!(out.finish(3), 3);
        {
            let _hold = out.hold();
            outln!(out, "lost");
            errln!(out, "skipped too");
        }
        assert_eq!(stderr.text(), "");
        assert_eq!(out.finish(0), 141);
    }
}
