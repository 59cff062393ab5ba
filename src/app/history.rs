//! A history entry turned back into work, once for both front ends: the task it sent (to open in the
//! form or to send again), where a resend goes, and the entry as an export (the body, KooCLI's
//! jsonInput, or the curl line of the request as it was sent). Pure.

use crate::store::Overrides;
use crate::store::history::Entry;
use crate::store::record;
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

/// An entry exported to `path`: a program (`.py`, `.go`, `.java`, `.tf`) to where it was sent when
/// the file name asks for one, else `export_text` in `format`. How the TUI's History export keys
/// offer every format.
pub fn export_for_path(e: &Entry, format: ExportFormat, path: &str) -> String {
    use super::exports::{ExportTarget, Format, render};
    match (
        Format::by_extension(path),
        taskfile::parse(&e.sent.request_body),
    ) {
        (Some(f @ (Format::Python | Format::Go | Format::Java | Format::Terraform)), Ok(file)) => {
            render(&file.task, &ExportTarget::of_entry(e), f, path).text
        }
        _ => export_text(e, format),
    }
}

/// An entry as a file: the plain body, KooCLI's jsonInput or the curl line of the request as sent.
/// Secrets were masked when the entry was recorded; the curl line masks again. A body that no longer
/// parses is exported as stored.
pub fn export_text(e: &Entry, format: ExportFormat) -> String {
    let task = taskfile::parse(&e.sent.request_body).map(|f| f.task);
    match (format, task) {
        (ExportFormat::Body, Ok(t)) => taskfile::to_body(&t),
        (ExportFormat::KooCli, Ok(t)) => {
            taskfile::to_koocli(&t, &e.sent.workspace, &e.sent.project_id)
        }
        (ExportFormat::Curl, _) => format!("{}\n", record::request_of(e).curl_line()),
        (_, Err(_)) => e.sent.request_body.clone(),
    }
}
