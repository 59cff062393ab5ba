//! A history entry turned back into work, once for both front ends: the task it sent (to open in the
//! form or to send again), where a resend goes, and the entry as an export: every format goes
//! through `app::exports::render` with the entry's task and where it was sent, exactly as `ctask
//! export --history ID` does (so the curl export is the runnable script, never a masked line). Pure.

use super::exports::{self, Export, ExportTarget, Format};
use crate::store::Overrides;
use crate::store::history::Entry;
use crate::task::taskfile::{self, TaskFile};

/// What an entry can be exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Body,
    KooCli,
    Curl,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] =
        [ExportFormat::Body, ExportFormat::KooCli, ExportFormat::Curl];

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Body => "body",
            ExportFormat::KooCli => "KooCLI jsonInput",
            ExportFormat::Curl => "curl",
        }
    }

    /// The word `ctask history export --format` takes.
    pub fn word(self) -> &'static str {
        match self {
            ExportFormat::Body => "body",
            ExportFormat::KooCli => "koocli",
            ExportFormat::Curl => "curl",
        }
    }

    pub fn parse(word: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.word() == word)
    }

    /// The `app::exports` format it is.
    pub fn format(self) -> Format {
        match self {
            ExportFormat::Body => Format::Body,
            ExportFormat::KooCli => Format::KooCli,
            ExportFormat::Curl => Format::Curl,
        }
    }

    /// The file name an export suggests for entry `id`.
    pub fn file_name(self, id: i64) -> String {
        match self {
            ExportFormat::Body => format!("task-{id}.json"),
            ExportFormat::KooCli => format!("task-{id}.koocli.json"),
            ExportFormat::Curl => format!("task-{id}.curl.sh"),
        }
    }
}

/// The task an entry sent, or why its stored body cannot be read.
pub fn stored_task(e: &Entry) -> Result<TaskFile, String> {
    taskfile::parse(&e.sent.request_body).map_err(|err| {
        format!(
            "history entry {}: the stored body cannot be read: {err}",
            e.id
        )
    })
}

/// Where a resend goes: the entry's own workspace and project, unless another profile is asked for.
pub fn resend_overrides(e: &Entry, other_profile: bool) -> Overrides {
    if other_profile {
        return Overrides::default();
    }
    Overrides {
        workspace: Some(e.sent.workspace.clone()),
        project_id: Some(e.sent.project_id.clone()),
    }
}

/// What a resend must say first: the task may already exist.
pub fn resend_warning(e: &Entry) -> String {
    format!(
        "history entry {} was {} ({}). A task named {:?} may already exist in workspace {}",
        e.id,
        e.outcome.as_str(),
        e.answered.task_id.as_deref().unwrap_or("no task id"),
        e.sent.task_name,
        e.sent.workspace
    )
}

/// An entry exported to `path`: a program (`.py`, `.go`, `.java`, `.tf`, `.sh`) when the file name
/// asks for one, else `format`. How the TUI's History export keys offer every format.
pub fn export_for_path(e: &Entry, format: ExportFormat, path: &str) -> Result<Export, String> {
    let f = Format::by_extension(path).unwrap_or(format.format());
    export(e, f, path)
}

/// An entry in `format`, through `exports::render` with the task it sent and where it went (the
/// profile's endpoint, project, workspace and kind of sign-in recorded on the row; never a
/// secret). `file` is the name it is written to (the KooCLI line names it). A stored body that no
/// longer parses is exported as stored for body and KooCLI, and is an error for every other format.
pub fn export(e: &Entry, format: Format, file: &str) -> Result<Export, String> {
    match (stored_task(e), format) {
        (Ok(f), _) => Ok(exports::render(
            &f.task,
            &ExportTarget::of_entry(e),
            format,
            file,
        )),
        (Err(_), Format::Body | Format::KooCli) => Ok(Export {
            text: e.sent.request_body.clone(),
            notes: Vec::new(),
        }),
        (Err(m), _) => Err(m),
    }
}
