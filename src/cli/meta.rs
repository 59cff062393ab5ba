//! The commands about the command line itself: `completions` and `manpage`.

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;
use super::output::{Out, errln, out, outln};
use crate::exit;

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to write the script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `ctask completions SHELL`: the completion script on stdout.
pub fn completions(out: &Out, args: &CompletionArgs) -> u8 {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "ctask", &mut buf);
    out!(out, "{}", String::from_utf8_lossy(&buf));
    exit::OK
}

#[derive(Debug, clap::Args)]
pub struct ManpageArgs {
    /// Write the pages into this folder (ctask.1, ctask-submit.1, ctask-task-list.1, …) instead of
    /// the top page on standard output
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// `ctask manpage`: the top roff page on stdout, or with `--out-dir` one page per command and
/// subcommand, the pages the top one's SEE ALSO and SUBCOMMANDS name.
pub fn manpage(out: &Out, args: &ManpageArgs) -> u8 {
    let result = match &args.out_dir {
        None => page(Cli::command()).map(|page| out!(out, "{page}")),
        Some(dir) => write_pages(out, dir),
    };
    match result {
        Ok(()) => exit::OK,
        Err(e) => {
            errln!(out, "ctask: cannot write the man pages: {e}");
            exit::FAILED
        }
    }
}

fn page(cmd: clap::Command) -> std::io::Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    Ok(title_first(&String::from_utf8_lossy(&buf)))
}

/// Every page under `dir`, named as clap_mangen names them (`ctask-task-list.1`); the files written
/// are listed on stdout.
fn write_pages(out: &Out, dir: &std::path::Path) -> std::io::Result<()> {
    fn walk(out: &Out, cmd: clap::Command, dir: &std::path::Path) -> std::io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            walk(out, sub, dir)?;
        }
        let path = dir.join(clap_mangen::Man::new(cmd.clone()).get_filename());
        std::fs::write(&path, page(cmd)?)?;
        outln!(out, "{}", path.display());
        Ok(())
    }
    std::fs::create_dir_all(dir)?;
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    walk(out, cmd, dir)
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(words: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("ctask").chain(words.iter().copied()))
    }

    #[test]
    fn a_typo_gets_clap_s_suggestion() {
        let e = parse(&["valdate", "x.json"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidSubcommand);
        assert!(e.to_string().contains("'validate'"), "{e}");
        let e = parse(&["--profile", "p", "histroy"]).unwrap_err();
        assert!(e.to_string().contains("'history'"), "{e}");
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
        let mut cmd = Cli::command();
        cmd.build();
        walk(&cmd, "ctask", &mut missing);
        assert!(missing.is_empty(), "no help line: {missing:#?}");
    }

    #[test]
    fn the_profile_is_one_global_flag_before_or_after_the_command() {
        for words in [
            &["--profile", "tok", "submit", "x.json"][..],
            &["submit", "x.json", "--profile", "tok"],
        ] {
            let Some(super::super::Command::Submit(args)) = parse(words).unwrap().command else {
                panic!("not submit")
            };
            assert_eq!(args.profile.as_deref(), Some("tok"), "{words:?}");
        }
        let cli = parse(&["task", "list", "--profile", "tok"]).unwrap();
        let Some(super::super::Command::Task(task)) = cli.command else {
            panic!("not task")
        };
        assert_eq!(task.common().profile.as_deref(), Some("tok"));
        let cli = parse(&["open", "t.json", "--profile", "tok"]).unwrap();
        assert_eq!(cli.profile.as_deref(), Some("tok"));
        assert!(parse(&["--sandbox", "--profile", "tok"]).is_err());
    }
}
