//! `ctask validate FILE... [--json] [--strict]`: prints every issue of each file with its path,
//! severity and message; the exit code is the worst of the files'.

use serde_json::json;

use super::output::{error_json, invalid_error, issue_line};
use crate::app::files::{display_name, read_task_file};
use crate::exit;
use crate::task::taskfile::Shape;
use crate::task::{Issue, Severity, has_errors, validate};
use crate::{out, outln};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task files, or - for standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Print one JSON object per file (one per line) instead of text
    #[arg(long)]
    pub json: bool,
    /// Warnings fail too (exit 3), for CI
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: &Args) -> u8 {
    let mut worst = exit::OK;
    for file in &args.files {
        worst = worst.max(one(args, file));
    }
    worst
}

fn one(args: &Args, path: &str) -> u8 {
    let file = match read_task_file(path) {
        Ok(f) => f,
        Err(message) => {
            if args.json {
                let mut v = error_json("usage", &message, exit::USAGE);
                v["file"] = json!(display_name(path));
                v["valid"] = json!(false);
                outln!("{v}");
            } else {
                eprintln!("ctask: {message}");
            }
            return exit::USAGE;
        }
    };
    let mut issues = crate::task::taskfile::header_issues(&file);
    issues.extend(validate(&file.task));
    let (_, warnings) = counts(&issues);
    let failed = has_errors(&issues) || (args.strict && warnings > 0);
    let code = if failed { exit::INVALID } else { exit::OK };
    if args.json {
        print_json(path, file.shape, &issues, code);
    } else {
        print_text(path, &issues, failed);
    }
    code
}

fn counts(issues: &[Issue]) -> (usize, usize) {
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    (errors, issues.len() - errors)
}

fn print_text(path: &str, issues: &[Issue], failed: bool) {
    let mut sorted: Vec<&Issue> = issues.iter().collect();
    sorted.sort_by_key(|i| i.severity);
    for i in sorted {
        outln!("{}", issue_line(i));
    }
    let (errors, warnings) = counts(issues);
    let verdict = match (errors, failed) {
        (0, false) => "ok",
        (0, true) => "fails --strict",
        _ => "has errors",
    };
    out!(
        "{}: {verdict} ({errors} errors, {warnings} warnings)\n",
        display_name(path)
    );
}

fn print_json(path: &str, shape: Shape, issues: &[Issue], code: u8) {
    let (errors, warnings) = counts(issues);
    let shape = match shape {
        Shape::Body => "body",
        Shape::KooCli => "koocli",
    };
    let mut v = json!({
        "ok": code == exit::OK,
        "file": display_name(path),
        "shape": shape,
        "valid": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "issues": issues,
        "exit_code": code,
    });
    if code != exit::OK {
        v["error"] = if errors > 0 {
            invalid_error(issues)
        } else {
            json!({"kind": "strict", "message": format!("{warnings} warning(s) under --strict")})
        };
    }
    outln!("{v}");
}
