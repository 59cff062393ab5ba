//! The command line: clap definitions and dispatch. Each subcommand is a thin front end over the
//! library, in its own file, and returns an exit code from `crate::exit`.

mod emulator;
mod input;
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
                  3 the task has errors, 4 the API rejected the request (4xx), 5 server or network failure."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
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
        None => {
            eprintln!(
                "ctask: the terminal UI is not built yet; see `ctask --help` for the commands."
            );
            exit::USAGE
        }
    }
}
