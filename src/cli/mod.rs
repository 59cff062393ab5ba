//! The command line: clap definitions and dispatch. Each subcommand is a thin front end over the
//! library, in its own file, and returns an exit code from `crate::exit`.

#[macro_use]
mod text;
mod apply;
mod apply_out;
mod catalog;
mod emulator;
mod export;
mod history;
mod meta;
pub mod output;
mod profile;
mod profile_probe;
mod profile_show;
mod schema;
mod shared;
mod submit;
mod table;
mod task;
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
                  (or with --sandbox), else on --profile NAME or the default profile. \
                  --profile NAME before a command applies to submit, history resend and profile test."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Terminal UI: use the in-process sandbox emulator even if profiles are saved
    #[arg(long, conflicts_with = "profile")]
    pub sandbox: bool,
    /// The saved profile to use (terminal UI, submit, history resend, profile test)
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
    /// Print the JSON Schema (draft 2020-12) of a task file, for editors and CI
    Schema(schema::Args),
    /// Run a local DataArts Catalog + IAM emulator (sandbox endpoint) until Ctrl-C
    Emulator(emulator::Args),
    /// Saved profiles: endpoint, project, workspace, credentials and form defaults
    #[command(subcommand)]
    Profile(profile::Command),
    /// Validate a task file and create it (POST …/metadata/tasks/create)
    Submit(submit::Args),
    /// Create many tasks from files or folders: plan (validate, look up by name), then create
    Apply(apply::Args),
    /// A task file or history entry as body, koocli, curl, python, go, java or terraform (no secret)
    Export(export::Args),
    /// Submissions made from the CLI and the TUI: list, show, export, delete, resend
    #[command(subcommand)]
    History(history::Command),
    /// The live catalog: data connections, databases, schemas, tables
    #[command(subcommand)]
    Catalog(catalog::Command),
    /// Tasks on the server: list, show, run, start, stop, pull, update, delete
    #[command(subcommand)]
    Task(task::Command),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on stdout
    Completions(meta::CompletionArgs),
    /// Print the man page (roff) on stdout
    Manpage,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> u8 {
    if let Some(opts) = bare_tui(std::env::args_os().skip(1)) {
        return crate::tui::run(opts);
    }
    output::quiet_broken_pipe();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(message) = meta::unknown_command(&args) {
        eprintln!("ctask: {message}");
        return exit::USAGE;
    }
    let cli = match Cli::try_parse_from(&args) {
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
            file: cli.file,
        });
    };
    if cli.sandbox || cli.file.is_some() {
        eprintln!("ctask: --sandbox and FILE open the terminal UI; they cannot go with a command");
        return exit::USAGE;
    }
    let command = match meta::apply_global_profile(command, cli.profile) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("ctask: {message}");
            return exit::USAGE;
        }
    };
    let code = match command {
        Command::Validate(args) => validate::run(&args),
        Command::Template(cmd) => template::run(&cmd),
        Command::Schema(args) => schema::run(&args),
        Command::Emulator(args) => emulator::run(&args),
        Command::Profile(cmd) => profile::run(&cmd),
        Command::Submit(args) => {
            let _hold = output::hold();
            submit::run(&args)
        }
        Command::Apply(args) => {
            let _hold = output::hold();
            apply::run(&args)
        }
        Command::History(cmd) => history::run(&cmd),
        Command::Export(args) => export::run(&args),
        Command::Catalog(cmd) => catalog::run(&cmd),
        Command::Task(cmd) => task::run(&cmd),
        Command::Completions(args) => meta::completions(&args),
        Command::Manpage => meta::manpage(),
    };
    output::finish(code)
}

/// The bare terminal-UI invocations (`ctask`, `ctask --sandbox`, `ctask [--sandbox] FILE`) skip
/// building the whole clap tree, which costs over half a millisecond of the time to first frame;
/// every other form goes to clap. FILE is taken only where clap and `meta::unknown_command` would
/// take it too: not a command's name, not a flag, and `meta::names_a_file`.
fn bare_tui(args: impl Iterator<Item = std::ffi::OsString>) -> Option<crate::tui::Options> {
    let mut opts = crate::tui::Options::default();
    for a in args {
        let text = a.to_str()?;
        if text == "--sandbox" && !opts.sandbox {
            opts.sandbox = true;
        } else if opts.file.is_none()
            && !text.starts_with('-')
            && !meta::COMMAND_NAMES.contains(&text)
            && meta::names_a_file(text)
        {
            opts.file = Some(a.into());
        } else {
            return None;
        }
    }
    Some(opts)
}

#[cfg(test)]
mod bare_tui_tests {
    use super::*;

    fn bare(args: &[&str]) -> Option<crate::tui::Options> {
        bare_tui(args.iter().map(std::ffi::OsString::from))
    }

    #[test]
    fn only_the_bare_forms_skip_clap_and_mean_what_clap_would() {
        for args in [
            &[][..],
            &["--sandbox"],
            &["task.json"],
            &["--sandbox", "dir/task"],
            &["./x", "--sandbox"],
        ] {
            let o = bare(args).unwrap_or_else(|| panic!("{args:?} is a bare form"));
            let cli =
                Cli::try_parse_from(std::iter::once("ctask").chain(args.iter().copied())).unwrap();
            assert!(cli.command.is_none() && cli.profile.is_none(), "{args:?}");
            assert_eq!((o.sandbox, o.file), (cli.sandbox, cli.file), "{args:?}");
        }
        for other in [
            &["--sandbox", "--sandbox"][..],
            &["a.json", "b.json"],
            &["--profile", "p"],
            &["notafile"],
            &["help"],
            &["-"],
            &["--help"],
            &["--version"],
            &["validate", "x.json"],
            &["--sandbox=true"],
        ] {
            assert!(bare(other).is_none(), "{other:?} goes to clap");
        }
    }

    #[test]
    fn the_command_names_are_clap_s() {
        use clap::CommandFactory;
        let cmd = Cli::command();
        let mut names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
        names.push("help");
        assert_eq!(meta::COMMAND_NAMES.to_vec(), names);
    }
}
