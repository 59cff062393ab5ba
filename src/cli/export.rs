//! `ctask export FILE|--history ID [--profile P] --format F [-o OUT] [--force]`: a task file or a
//! history entry as something that runs elsewhere (`app::exports`: body, KooCLI jsonInput, curl,
//! Python / Go / Java on the official SDKs, Terraform), with the profile's endpoint, project and
//! workspace and never a secret; and writing an export to a file the user named: never over an
//! existing file without `--force`, always saying the full path written.

use std::path::{Path, PathBuf};

use crate::app::Plan;
use crate::app::context::Context;
use crate::app::exports::{self, ExportTarget, Format};
use crate::app::files::{SaveError, read_task_file, save_new};
use crate::app::history::stored_task;
use crate::exit;
use crate::store::{Overrides, Paths};
use crate::task::CollectionTask;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task file (plain body or KooCLI jsonInput), or - for standard input
    #[arg(required_unless_present = "history", conflicts_with = "history")]
    pub file: Option<String>,
    /// Export the task a history entry sent (to where it was sent, unless --profile says otherwise)
    #[arg(long, value_name = "ID")]
    pub history: Option<i64>,
    /// (`--profile`: the profile whose endpoint, project and workspace the export targets)
    #[arg(from_global)]
    pub profile: Option<String>,
    /// body, koocli, curl (token from $CTASK_TOKEN), python, go, java (official SDKs, AK/SK from
    /// HUAWEICLOUD_SDK_AK/SK) or terraform
    #[arg(long, value_parser = ["body", "koocli", "kooCLI", "curl", "python", "go", "java", "terraform"])]
    pub format: String,
    /// Write to this file instead of standard output (its full path is printed)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the --output file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

pub fn run(args: &Args) -> u8 {
    let Some(format) = Format::parse(&args.format) else {
        return super::output::usage(false, &format!("unknown export format {:?}", args.format));
    };
    let (task, target) = match what(args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let file = args
        .output
        .as_ref()
        .map_or(format.file_name().to_string(), |p| p.display().to_string());
    let export = exports::render(&task, &target, format, &file);
    let code = emit(&export.text, args.output.as_deref(), args.force);
    if code == exit::OK {
        for n in &export.notes {
            eprintln!("ctask: {n}");
        }
    }
    code
}

/// The task to export (the profile's defaults applied, validated) and where it goes.
fn what(args: &Args) -> Result<(CollectionTask, ExportTarget), u8> {
    let paths = Paths::from_env().map_err(|e| super::output::usage(false, &e.to_string()))?;
    let (task, overrides, entry_target) = match (&args.file, args.history) {
        (_, Some(id)) => {
            let entry =
                super::history::entry(&paths, id).map_err(|m| super::output::usage(false, &m))?;
            let file = stored_task(&entry).map_err(|m| super::output::usage(false, &m))?;
            (
                file.task,
                Overrides::default(),
                Some(ExportTarget::of_entry(&entry)),
            )
        }
        (Some(path), None) => {
            let file = read_task_file(path).map_err(|m| super::output::usage(false, &m))?;
            let o = Overrides {
                workspace: file.workspace,
                project_id: file.project_id,
            };
            (file.task, o, None)
        }
        (None, None) => {
            return Err(super::output::usage(
                false,
                "give a task file or --history ID",
            ));
        }
    };
    if let (Some(t), None) = (&entry_target, &args.profile) {
        return Ok((task, t.clone()));
    }
    let ctx = Context::resolve(&paths, args.profile.as_deref(), &overrides)
        .map_err(|e| super::output::usage(false, &e.to_string()))?;
    for w in &ctx.warnings {
        eprintln!("ctask: warning: {w}");
    }
    let plan = Plan::new(&ctx, task, chrono::Utc::now());
    if plan.has_errors() {
        for i in &plan.issues {
            eprintln!("{}", super::output::issue_line(i));
        }
        eprintln!("ctask: the task has errors; nothing was exported");
        return Err(exit::INVALID);
    }
    Ok((plan.task, ExportTarget::of(&ctx)))
}

fn emit(text: &str, output: Option<&Path>, force: bool) -> u8 {
    match output {
        None => {
            crate::out!("{text}");
            exit::OK
        }
        Some(path) => match write_new(path, text, force) {
            Ok(full) => {
                eprintln!("ctask: wrote {}", full.display());
                exit::OK
            }
            Err(message) => super::output::usage(false, &message),
        },
    }
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
}
