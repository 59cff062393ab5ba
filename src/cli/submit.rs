//! `ctask submit FILE|- [--profile NAME] [--workspace W] [--project-id P] [--dry-run] [--json]`:
//! reads the task file and hands it, as a `send::Job`, to the CLI's one way of sending a task
//! (`send::execute`), which prints the plan's request (`--dry-run`), or sends it and prints the
//! task id or the error with its code, hint and request id.

use super::output::Out;
use super::send::{Job, execute, report_issues};
use super::shared::Runtime;
use crate::app::files::{display_name, read_task_file};
use crate::store::Overrides;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task file (plain body or KooCLI jsonInput), or - for standard input
    pub file: String,
    #[arg(from_global)]
    pub profile: Option<String>,
    /// Workspace id (overrides the file and the profile)
    #[arg(long)]
    pub workspace: Option<String>,
    /// Project id (overrides the file and the profile)
    #[arg(long)]
    pub project_id: Option<String>,
    /// Print the exact request and an equivalent curl line (secrets masked); send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print one JSON object instead of text
    #[arg(long)]
    pub json: bool,
    /// Accepted for scripts written for earlier versions: submit asks nothing now (an empty
    /// user_id is filled from IAM, saying so)
    #[arg(long, short = 'y', hide = true)]
    pub yes: bool,
}

pub fn run(out: &Out, rt: &Runtime, args: &Args) -> u8 {
    let file = match read_task_file(&args.file) {
        Ok(f) => f,
        Err(m) => return out.usage(args.json, &m),
    };
    let broken = crate::task::taskfile::header_issues(&file);
    let job = Job {
        label: display_name(&args.file).to_string(),
        task: file.task,
        profile: args.profile.clone(),
        overrides: Overrides {
            workspace: args.workspace.clone().or(file.workspace),
            project_id: args.project_id.clone().or(file.project_id),
        },
        dry_run: args.dry_run,
        json: args.json,
    };
    if !broken.is_empty() {
        return report_issues(out, &job, &broken);
    }
    execute(out, rt, job)
}
