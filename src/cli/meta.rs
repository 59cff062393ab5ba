//! The commands about the command line itself (`completions`, `manpage`), typo suggestions for an
//! unknown command, and `--profile` given before a command.

use std::ffi::OsString;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Command};
use crate::exit;

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to write the script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `ctask completions SHELL`: the completion script on stdout.
pub fn completions(args: &CompletionArgs) -> u8 {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "ctask", &mut buf);
    crate::out!("{}", String::from_utf8_lossy(&buf));
    exit::OK
}

/// `ctask manpage`: the roff man page on stdout.
pub fn manpage() -> u8 {
    let mut buf = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        eprintln!("ctask: cannot render the man page: {e}");
        return exit::FAILED;
    }
    crate::out!("{}", title_first(&String::from_utf8_lossy(&buf)));
    exit::OK
}

/// clap_mangen opens with two lines defining the `Aq` string; `man` and `file` look for `.TH` on the
/// first line, and a string may be defined after the title just as well.
fn title_first(page: &str) -> String {
    let Some(title) = page.lines().find(|l| l.starts_with(".TH ")) else {
        return page.to_string();
    };
    let others: Vec<&str> = page.lines().filter(|l| *l != title).collect();
    format!("{title}\n{}\n", others.join("\n"))
}

/// The subcommands' names in clap's order, `help` included (a test keeps them clap's): known
/// without building clap's command tree.
pub const COMMAND_NAMES: [&str; 14] = [
    "validate",
    "template",
    "schema",
    "emulator",
    "profile",
    "submit",
    "apply",
    "export",
    "history",
    "catalog",
    "task",
    "completions",
    "manpage",
    "help",
];

/// Whether a word that is not a command is taken as the bare `ctask FILE` form's file: it looks
/// like a path (has `/` or `.`) or names an existing file.
pub fn names_a_file(word: &str) -> bool {
    word.contains(['/', '.']) || Path::new(word).exists()
}

/// The top-level flags that take a value (their value is not a command word).
const FLAGS_WITH_VALUE: [&str; 1] = ["--profile"];

/// The message for a first word that is neither a command nor a file (`names_a_file`), or `None` to
/// let clap parse.
pub fn unknown_command(args: &[OsString]) -> Option<String> {
    let mut rest = args.iter().skip(1);
    let word = loop {
        let a = rest.next()?.to_str()?;
        if a == "--" {
            return None;
        }
        if FLAGS_WITH_VALUE.contains(&a) {
            rest.next();
            continue;
        }
        if !a.starts_with('-') {
            break a;
        }
    };
    let names = COMMAND_NAMES;
    if names.contains(&word) || names_a_file(word) {
        return None;
    }
    let best = names
        .iter()
        .map(|n| (strsim::jaro_winkler(word, n), *n))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    Some(match best {
        Some((_, name)) => format!("unknown command '{word}'; did you mean '{name}'?"),
        None => format!(
            "unknown command '{word}' (and no file of that name); commands: {}",
            names.join(", ")
        ),
    })
}

/// Hands a `--profile` given before the command to the commands that use one; on any other command
/// it is an error rather than silently ignored.
pub fn apply_global_profile(command: Command, profile: Option<String>) -> Result<Command, String> {
    let Some(name) = profile else {
        return Ok(command);
    };
    let taken = |slot: &mut Option<String>| {
        slot.get_or_insert(name.clone());
    };
    let mut command = command;
    match &mut command {
        Command::Submit(args) => taken(&mut args.profile),
        Command::Apply(args) => taken(&mut args.profile),
        Command::Export(args) => taken(&mut args.profile),
        Command::History(super::history::Command::Resend { profile, .. }) => taken(profile),
        Command::Profile(super::profile::Command::Test { name: slot }) => taken(slot),
        Command::Catalog(c) => taken(c.profile_mut()),
        Command::Task(cmd) => taken(&mut cmd.common_mut().profile),
        _ => {
            return Err(
                "--profile before a command applies to submit, apply, export, task, catalog, history resend and profile test; \
                 put the command's own flags after it"
                    .to_string(),
            );
        }
    }
    Ok(command)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn words(list: &[&str]) -> Vec<OsString> {
        std::iter::once("ctask")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn a_typo_gets_the_nearest_command_and_real_commands_pass() {
        let m = unknown_command(&words(&["valdate", "x.json"])).unwrap();
        assert_eq!(m, "unknown command 'valdate'; did you mean 'validate'?");
        let m = unknown_command(&words(&["--profile", "p", "histroy"])).unwrap();
        assert!(m.contains("did you mean 'history'"), "{m}");
        let m = unknown_command(&words(&["zzzzqq"])).unwrap();
        assert!(m.contains("commands: validate"), "{m}");
        for ok in [
            &["validate", "x"][..],
            &["--profile", "valdate", "submit", "x"],
            &["task.json"],
            &["./task"],
            &["--sandbox"],
            &[],
            &["--", "valdate"],
        ] {
            assert_eq!(unknown_command(&words(ok)), None, "{ok:?}");
        }
    }

    #[test]
    fn every_flag_and_argument_has_a_help_line() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if id != "help" && id != "version" && a.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "ctask", &mut missing);
        assert!(missing.is_empty(), "no help line: {missing:#?}");
    }

    #[test]
    fn a_global_profile_reaches_submit_and_nothing_else() {
        let cli = Cli::try_parse_from(words(&["--profile", "tok", "submit", "x.json"])).unwrap();
        let cmd = apply_global_profile(cli.command.unwrap(), cli.profile).unwrap();
        let Command::Submit(args) = cmd else {
            panic!("not submit")
        };
        assert_eq!(args.profile.as_deref(), Some("tok"));
        let cli = Cli::try_parse_from(words(&["--profile", "tok", "task", "list"])).unwrap();
        let cmd = apply_global_profile(cli.command.unwrap(), cli.profile).unwrap();
        let Command::Task(mut task) = cmd else {
            panic!("not task")
        };
        assert_eq!(task.common_mut().profile.as_deref(), Some("tok"));
        let cli = Cli::try_parse_from(words(&["--profile", "tok", "validate", "x"])).unwrap();
        assert!(apply_global_profile(cli.command.unwrap(), cli.profile).is_err());
    }
}
