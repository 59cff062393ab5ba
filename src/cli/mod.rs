//! The command line: clap definitions and dispatch. Each subcommand is a thin front end over the
//! library, in its own file, prints through the one `output::Out` made here, and returns an exit
//! code from `crate::exit`.

mod apply;
mod apply_out;
mod catalog;
mod deferred;
mod emulator;
mod export;
mod history;
mod meta;
mod output;
mod profile;
mod profile_probe;
mod profile_show;
mod schema;
mod send;
mod shared;
mod submit;
mod table;
mod task;
mod template;
mod text;
mod validate;

use clap::{Parser, Subcommand};

use crate::exit;
use deferred::Deferred;
use output::{Out, errln};
use shared::Runtime;

#[derive(Debug, Parser)]
#[command(
    name = "ctask",
    version,
    about = "Build, validate and submit DataArts Catalog metadata collection tasks",
    long_about = "Build, validate and submit DataArts Catalog metadata collection tasks \
                  (POST /v3/{project_id}/metadata/tasks/create).\n\n\
                  Exit codes: 0 ok (warnings allowed), 2 usage error or unreadable input, \
                  3 the task has errors, 4 the API rejected the request (4xx), 5 server or network failure.\n\n\
                  Without a command, opens the terminal UI (`ctask open FILE` opens it on a task file): \
                  on a local sandbox when no profile is saved (or with --sandbox), else on --profile NAME \
                  or the default profile."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Terminal UI: use the in-process sandbox emulator even if profiles are saved
    #[arg(long, conflicts_with = "profile")]
    pub sandbox: bool,
    /// The saved profile to use, before or after the command: the terminal UI, open, submit, apply,
    /// export, task, catalog, history resend, profile test (`history list`: only its entries);
    /// other commands reject it
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
}

// `ctask open FILE`: the terminal UI on a task file (a `///` line here would replace the
// command's about, which clap applies after the deferred arguments).
#[derive(Debug, clap::Args)]
pub struct OpenArgs {
    /// The task file (plain body or KooCLI jsonInput)
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// Use the in-process sandbox emulator even if profiles are saved
    #[arg(long, conflicts_with = "profile")]
    pub sandbox: bool,
    #[arg(from_global)]
    pub profile: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal UI on a task file (plain body or KooCLI jsonInput)
    Open(Deferred<OpenArgs>),
    /// Check a task file (plain body or KooCLI jsonInput) and list every issue
    Validate(Deferred<validate::Args>),
    /// Starter tasks, one per data source type
    #[command(subcommand)]
    Template(Deferred<template::Command>),
    /// Print the JSON Schema (draft 2020-12) of a task file, for editors and CI
    Schema(Deferred<schema::Args>),
    /// Run a local DataArts Catalog + IAM emulator (sandbox endpoint) until Ctrl-C
    Emulator(Deferred<emulator::Args>),
    /// Saved profiles: endpoint, project, workspace, credentials and form defaults
    #[command(subcommand)]
    Profile(Deferred<profile::Command>),
    /// Validate a task file and create it (POST …/metadata/tasks/create)
    Submit(Deferred<submit::Args>),
    /// Create many tasks from files or folders: plan (validate, look up by name), then create
    Apply(Deferred<apply::Args>),
    /// A task file or history entry as body, koocli, curl, python, go, java or terraform (no secret)
    Export(Deferred<export::Args>),
    /// Submissions made from the CLI and the TUI: list, show, export, delete, resend
    #[command(subcommand)]
    History(Deferred<history::Command>),
    /// The live catalog: data connections, databases, schemas, tables
    #[command(subcommand)]
    Catalog(Deferred<catalog::Command>),
    /// Tasks on the server: list, show, run, start, stop, pull, update, delete
    #[command(subcommand)]
    Task(Deferred<task::Command>),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on stdout
    Completions(Deferred<meta::CompletionArgs>),
    /// Print the man page (roff) on stdout, or write one page per command into a folder
    Manpage(Deferred<meta::ManpageArgs>),
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
    let Some(command) = cli.command else {
        return crate::tui::run(crate::tui::Options {
            sandbox: cli.sandbox,
            profile: cli.profile,
            file: None,
        });
    };
    let out = Out::stdio();
    if cli.sandbox && !matches!(command, Command::Open(_)) {
        errln!(
            out,
            "ctask: --sandbox opens the terminal UI; it cannot go with a command"
        );
        return exit::USAGE;
    }
    if cli.profile.is_some() && !takes_profile(&command) {
        errln!(
            out,
            "ctask: --profile applies to open, submit, apply, export, task, catalog, history list, \
             history resend and profile test"
        );
        return exit::USAGE;
    }
    // Built the first time a command calls the service (`Runtime::get`), never for the others.
    let rt = &Runtime::default();
    let out = &out;
    let code = match command {
        Command::Open(Deferred(args)) => {
            return crate::tui::run(crate::tui::Options {
                sandbox: cli.sandbox || args.sandbox,
                profile: args.profile,
                file: Some(args.file),
            });
        }
        Command::Validate(args) => validate::run(out, &args),
        Command::Template(cmd) => template::run(out, &cmd),
        Command::Schema(args) => schema::run(out, &args),
        Command::Emulator(args) => emulator::run(out, &args),
        Command::Profile(cmd) => profile::run(out, rt, &cmd),
        Command::Submit(args) => {
            let _hold = out.hold();
            submit::run(out, rt, &args)
        }
        Command::Apply(args) => {
            let _hold = out.hold();
            apply::run(out, rt, &args)
        }
        Command::History(cmd) => history::run(out, rt, &cmd),
        Command::Export(args) => export::run(out, &args),
        Command::Catalog(cmd) => catalog::run(out, rt, &cmd),
        Command::Task(cmd) => task::run(out, rt, &cmd),
        Command::Completions(args) => meta::completions(out, &args),
        Command::Manpage(args) => meta::manpage(out, &args),
    };
    out.finish(code)
}

/// Whether a command reads the global `--profile`; the others reject it rather than ignore it.
fn takes_profile(command: &Command) -> bool {
    matches!(
        command,
        Command::Open(_)
            | Command::Submit(_)
            | Command::Apply(_)
            | Command::Export(_)
            | Command::Task(_)
            | Command::Catalog(_)
            | Command::History(Deferred(
                history::Command::List { .. } | history::Command::Resend { .. }
            ))
            | Command::Profile(Deferred(profile::Command::Test { .. }))
    )
}
