//! What several commands share: the runtime their calls run on, the `--profile`/`--json` flags of
//! the commands on the live service and how they tell a failed call, the y/N question, the history
//! database (opened for reading, or as the record a send writes), and writing an export.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::json;

use super::output::{Out, err, errln, out};
use crate::api::ApiError;
use crate::app::exports::Export;
use crate::app::files::{SaveError, save_new};
use crate::app::report::{error_json, error_text, exit_code};
use crate::app::{Context, HistorySink};
use crate::exit;
use crate::store::Paths;
use crate::store::history::{Answered, Entry, History, Sent};

/// The one current-thread runtime of the commands that call the service (the CLI makes one call at
/// a time), made in `cli::main` and built the first time a command asks for it, so the commands
/// that call nothing never pay for it.
#[derive(Default)]
pub struct Runtime(OnceLock<Option<tokio::runtime::Runtime>>);

impl Runtime {
    /// The runtime, built on the first call; `None` if it cannot be started.
    pub fn get(&self) -> Option<&tokio::runtime::Runtime> {
        self.0
            .get_or_init(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

/// What every command on the live service takes (`catalog …` and `task …`).
#[derive(Debug, clap::Args)]
pub struct Common {
    #[arg(from_global)]
    pub profile: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// A failed call, told the way the caller asked: `{"ok": false, "error": {…, "host"},
/// "exit_code"}` on stdout, or the error's text (host, code, hint, request id) on stderr. Returns
/// its exit code.
pub fn call_failed(out: &Out, json_out: bool, error: &ApiError, host: &str) -> u8 {
    let code = exit_code(error);
    if json_out {
        let mut e = error_json(error);
        e["host"] = json!(host);
        out.json(&json!({"ok": false, "error": e, "exit_code": code}));
    } else {
        err!(out, "{}", error_text(error, host));
    }
    code
}

/// Asks a y/N question on `out`'s stderr and reads the answer from stdin.
pub fn confirm(out: &Out, question: &str) -> bool {
    err!(out, "{question}");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).is_ok()
        && matches!(line.trim(), "y" | "Y" | "yes" | "Yes")
}

/// Opens the history, reporting a corrupt file that was set aside.
pub fn open_history(out: &Out, paths: &Paths) -> Result<History, String> {
    if let Err(e) = crate::store::atomic::create_private_dir(&paths.data_dir) {
        return Err(format!("{}: cannot create: {e}", paths.data_dir.display()));
    }
    let (history, set_aside) = History::open(&paths.database_file()).map_err(|e| e.to_string())?;
    if let Some(p) = set_aside {
        errln!(
            out,
            "ctask: warning: the history database was corrupt; it was moved to {} and a new one started",
            p.display()
        );
    }
    // A row still pending long after any timeout belongs to a process that died waiting.
    if let Err(e) = history.settle_abandoned() {
        errln!(out, "ctask: warning: {e}");
    }
    Ok(history)
}

/// One entry, for `ctask export --history ID` and the `history` commands.
pub fn history_entry(out: &Out, paths: &Paths, id: i64) -> Result<Entry, String> {
    find_entry(&open_history(out, paths)?, id)
}

/// Entry `id` of an open history.
pub fn find_entry(history: &History, id: i64) -> Result<Entry, String> {
    match history.get(id) {
        Ok(Some(e)) => Ok(e),
        Ok(None) => Err(format!("no history entry {id}")),
        Err(e) => Err(e.to_string()),
    }
}

/// The history a send records its rows in (`submit`, `history resend`, `apply`): none when the
/// profile keeps none, or (with a warning) when it cannot be opened, so a broken history never
/// stops a send.
pub fn history_sink(out: &Out, ctx: &Context, paths: &Paths) -> Option<Arc<dyn HistorySink>> {
    if !ctx.record {
        return None;
    }
    match open_history(out, paths) {
        Ok(h) => Some(Arc::new(Mutex::new(h))),
        Err(e) => {
            errln!(out, "ctask: warning: history is off for this submit: {e}");
            None
        }
    }
}

impl HistorySink for Mutex<History> {
    fn record_sent(&self, row: &Sent) -> Result<i64, String> {
        let h = self
            .lock()
            .map_err(|_| "the history lock is poisoned".to_string())?;
        h.record_sent(row).map_err(|e| e.to_string())
    }

    fn record_answer(&self, id: i64, row: &Answered) -> Result<(), String> {
        let h = self
            .lock()
            .map_err(|_| "the history lock is poisoned".to_string())?;
        h.record_answer(id, row).map_err(|e| e.to_string())
    }
}

/// An export on stdout, or written to `output` (its full path said on stderr), then its notes
/// (where the token comes from…): `ctask export` and `ctask history export`.
pub fn write_export(out: &Out, export: &Export, output: Option<&Path>, force: bool) -> u8 {
    match output {
        None => out!(out, "{}", export.text),
        Some(path) => match write_new(path, &export.text, force) {
            Ok(full) => errln!(out, "ctask: wrote {}", full.display()),
            Err(message) => return out.usage(false, &message),
        },
    }
    for n in &export.notes {
        errln!(out, "ctask: {n}");
    }
    exit::OK
}

/// Writes `text` to `path` and returns its full path; an existing file is kept unless `force`.
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<PathBuf, String> {
    save_new(path, text, force).map_err(|e| match e {
        SaveError::Exists(full) => format!(
            "{} exists; nothing was written (pass --force to overwrite it)",
            full.display()
        ),
        SaveError::Failed(m) => m,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        let full = write_new(&p, "one", false).unwrap();
        assert!(full.is_absolute());
        let err = write_new(&p, "two", false).unwrap_err();
        assert!(err.contains("--force") && err.contains("out.json"), "{err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one");
        write_new(&p, "three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "three");
    }

    #[test]
    fn an_export_goes_to_stdout_and_its_notes_to_stderr_escaped() {
        let (out, stdout, stderr) = super::super::output::memory::out();
        let export = Export {
            text: "{\"name\": \"a\u{1b}]0;x\u{7}\"}\n".into(),
            notes: vec!["token from $CTASK_TOKEN".into()],
        };
        assert_eq!(write_export(&out, &export, None, false), exit::OK);
        assert_eq!(stdout.text(), "{\"name\": \"a\\u001b]0;x\\u0007\"}\n");
        assert_eq!(stderr.text(), "ctask: token from $CTASK_TOKEN\n");
    }
}
