//! `ctask export FILE|--history ID [--profile P] --format F [-o OUT] [--force]`: a task file or a
//! history entry as something that runs elsewhere (`app::exports`: body, KooCLI jsonInput, curl,
//! Python / Go / Java on the official SDKs, Terraform), with the profile's endpoint, project and
//! workspace and never a secret, on stdout or in a file the user named (`shared::write_export`).

use std::path::PathBuf;

use super::output::{Out, errln};
use super::shared::{history_entry, write_export};
use crate::app::Plan;
use crate::app::context::Context;
use crate::app::exports::{self, ExportTarget, Format};
use crate::app::files::read_task_file;
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

pub fn run(out: &Out, args: &Args) -> u8 {
    let Some(format) = Format::parse(&args.format) else {
        return out.usage(false, &format!("unknown export format {:?}", args.format));
    };
    let (task, target) = match what(out, args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let file = args
        .output
        .as_ref()
        .map_or(format.file_name().to_string(), |p| p.display().to_string());
    let export = exports::render(&task, &target, format, &file);
    write_export(out, &export, args.output.as_deref(), args.force)
}

/// The task to export (the profile's defaults applied, validated) and where it goes.
fn what(out: &Out, args: &Args) -> Result<(CollectionTask, ExportTarget), u8> {
    let usage = |m: &str| out.usage(false, m);
    let paths = Paths::from_env().map_err(|e| usage(&e.to_string()))?;
    let (task, overrides, entry_target) = match (&args.file, args.history) {
        (_, Some(id)) => {
            let entry = history_entry(out, &paths, id).map_err(|m| usage(&m))?;
            let file = stored_task(&entry).map_err(|m| usage(&m))?;
            (
                file.task,
                Overrides::default(),
                Some(ExportTarget::of_entry(&entry)),
            )
        }
        (Some(path), None) => {
            let file = read_task_file(path).map_err(|m| usage(&m))?;
            let o = Overrides {
                workspace: file.workspace,
                project_id: file.project_id,
            };
            (file.task, o, None)
        }
        (None, None) => {
            return Err(usage("give a task file or --history ID"));
        }
    };
    if let (Some(t), None) = (&entry_target, &args.profile) {
        return Ok((task, t.clone()));
    }
    let ctx = Context::resolve(&paths, args.profile.as_deref(), &overrides)
        .map_err(|e| usage(&e.to_string()))?;
    out.warnings(&ctx.warnings);
    let plan = Plan::new(&ctx, task, chrono::Utc::now());
    if plan.has_errors() {
        for i in &plan.issues {
            errln!(out, "{}", super::output::issue_line(i));
        }
        errln!(out, "ctask: the task has errors; nothing was exported");
        return Err(exit::INVALID);
    }
    Ok((plan.task, ExportTarget::of(&ctx)))
}
