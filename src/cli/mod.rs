//! The command line: clap definitions and dispatch. Each subcommand is a thin front end over the
//! library, in its own file, and returns an exit code from `crate::exit`.

mod emulator;
mod history;
mod input;
mod profile;
mod submit;
mod template;
mod validate;

use clap::{Parser, Subcommand};

use crate::exit;

#[derive(Debug, Parser)]
#[command(
    name = "ctask",
    version,
    about = "Build, validate and submit DataArts Catalog metadata collection tasks",
    long_about = "Build, validate and submit DataArts Catalog metadata collection tasks \
                  (POST /v3/{project_id}/metadata/tasks/create).\n\n\
                  Exit codes: 0 ok (warnings allowed), 2 usage error or unreadable input, \
                  3 the task has errors, 4 the API rejected the request (4xx), 5 server or network failure.\n\n\
                  Without a command, opens the terminal UI: on a local sandbox when no profile is saved \
                  (or with --sandbox), else on --profile NAME or the default profile.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Terminal UI: use the in-process sandbox emulator even if profiles are saved
    #[arg(long, conflicts_with = "profile")]
    pub sandbox: bool,
    /// Terminal UI: open on this saved profile (default: the default profile)
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Terminal UI: open this task file (plain body or KooCLI jsonInput)
    #[arg(value_name = "FILE")]
    pub file: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a task file (plain body or KooCLI jsonInput) and list every issue
    Validate(validate::Args),
    /// Starter tasks, one per data source type
    #[command(subcommand)]
    Template(template::Command),
    /// Run a local DataArts Catalog + IAM emulator (sandbox endpoint) until Ctrl-C
    Emulator(emulator::Args),
    /// Saved profiles: endpoint, project, workspace, credentials and form defaults
    #[command(subcommand)]
    Profile(profile::Command),
    /// Validate a task file and create it (POST …/metadata/tasks/create)
    Submit(submit::Args),
    /// Submissions made from the CLI and the TUI: list, show, export, delete, resend
    #[command(subcommand)]
    History(history::Command),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
        }
    };
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&args),
        Some(Command::Template(cmd)) => template::run(&cmd),
        Some(Command::Emulator(args)) => emulator::run(&args),
        Some(Command::Profile(cmd)) => profile::run(&cmd),
        Some(Command::Submit(args)) => submit::run(&args),
        Some(Command::History(cmd)) => history::run(&cmd),
        None => crate::tui::run(crate::tui::Options {
            sandbox: cli.sandbox,
            profile: cli.profile,
            file: cli.file,
        }),
    }
}
