//! `ctask validate FILE|- [--json]`: prints every issue with its path, severity and message.

use super::text::{eprintln, println};
use serde_json::json;

use super::input::{display_name, read_task_file};
use crate::exit;
use crate::task::taskfile::Shape;
use crate::task::{Issue, Severity, has_errors, validate};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task file, or - for standard input
    pub file: String,
    /// Print one JSON object instead of text
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args) -> u8 {
    let file = match read_task_file(&args.file) {
        Ok(f) => f,
        Err(message) => {
            if args.json {
                println!(
                    "{}",
                    json!({ "file": display_name(&args.file), "valid": false, "error": message })
                );
            } else {
                eprintln!("ctask: {message}");
            }
            return exit::USAGE;
        }
    };
    let issues = validate(&file.task);
    let code = if has_errors(&issues) {
        exit::INVALID
    } else {
        exit::OK
    };
    if args.json {
        print_json(&args.file, file.shape, &issues);
    } else {
        print_text(&args.file, &issues);
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

fn print_text(path: &str, issues: &[Issue]) {
    let mut sorted: Vec<&Issue> = issues.iter().collect();
    sorted.sort_by_key(|i| i.severity);
    for i in sorted {
        let sev = match i.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        println!("{sev:<7} {}: {}", i.path, i.message);
    }
    let (errors, warnings) = counts(issues);
    let verdict = if errors > 0 { "has errors" } else { "ok" };
    println!(
        "{}: {verdict} ({errors} errors, {warnings} warnings)",
        display_name(path)
    );
}

fn print_json(path: &str, shape: Shape, issues: &[Issue]) {
    let (errors, warnings) = counts(issues);
    let shape = match shape {
        Shape::Body => "body",
        Shape::KooCli => "koocli",
    };
    println!(
        "{}",
        json!({
            "file": display_name(path),
            "shape": shape,
            "valid": errors == 0,
            "errors": errors,
            "warnings": warnings,
            "issues": issues,
        })
    );
}
