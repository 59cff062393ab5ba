//! `ctask validate FILE... [--json] [--strict]`: prints every issue of each file with its path,
//! severity and message; the exit code is the worst of the files'.

use serde_json::json;

use super::output::{Out, errln, error_json, invalid_error, issue_line, out, outln};
use crate::app::files::{display_name, read_task_file};
use crate::app::words::count;
use crate::exit;
use crate::task::taskfile::Shape;
use crate::task::{Issue, Severity, has_errors, validate};

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

pub fn run(out: &Out, args: &Args) -> u8 {
    let mut worst = exit::OK;
    for file in &args.files {
        worst = worst.max(one(out, args, file));
    }
    worst
}

fn one(out: &Out, args: &Args, path: &str) -> u8 {
    let file = match read_task_file(path) {
        Ok(f) => f,
        Err(message) => {
            if args.json {
                let mut v = error_json("usage", &message, exit::USAGE);
                v["file"] = json!(display_name(path));
                v["valid"] = json!(false);
                out.json(&v);
            } else {
                errln!(out, "ctask: {message}");
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
        print_json(out, path, file.shape, &issues, code);
    } else {
        print_text(out, path, &issues, failed);
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

fn print_text(out: &Out, path: &str, issues: &[Issue], failed: bool) {
    let mut sorted: Vec<&Issue> = issues.iter().collect();
    sorted.sort_by_key(|i| i.severity);
    for i in sorted {
        outln!(out, "{}", issue_line(i));
    }
    let (errors, warnings) = counts(issues);
    let verdict = match (errors, failed) {
        (0, false) => "ok",
        (0, true) => "fails --strict",
        _ => "has errors",
    };
    out!(
        out,
        "{}: {verdict} ({}, {})\n",
        display_name(path),
        count(errors, "error"),
        count(warnings, "warning")
    );
}

fn print_json(out: &Out, path: &str, shape: Shape, issues: &[Issue], code: u8) {
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
            json!({"kind": "strict", "message": format!("{} under --strict", count(warnings, "warning"))})
        };
    }
    out.json(&v);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::output::memory;

    /// A file named with a bidi override (a name Windows allows too; a control character it does
    /// not), validated in text and JSON: what `validate` printed is read back from the `Out`, every
    /// line there and none raw.
    #[test]
    fn validate_prints_through_its_out_escaped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t\u{202e}x.json");
        let text = crate::task::templates::template_text("DLI").unwrap();
        std::fs::write(&path, text).unwrap();
        let file = path.to_string_lossy().into_owned();
        let args = |json| Args {
            files: vec![file.clone()],
            json,
            strict: false,
        };

        let (out, stdout, stderr) = memory::out();
        let code = run(&out, &args(false));
        let printed = stdout.text();
        assert!(!printed.contains('\u{202e}'), "{printed:?}");
        let verdict = printed.lines().last().unwrap_or_default();
        assert!(verdict.contains("t\\u202ex.json: "), "{printed:?}");
        assert!(
            verdict.ends_with(" warnings)") || verdict.ends_with(" warning)"),
            "{printed:?}"
        );
        assert_eq!(stderr.text(), "");

        let (out, stdout, _) = memory::out();
        assert_eq!(run(&out, &args(true)), code);
        let line: serde_json::Value = serde_json::from_str(stdout.text().trim_end()).unwrap();
        assert_eq!(line["exit_code"], code);
        assert_eq!(line["file"], display_name(&file));

        let (out, stdout, stderr) = memory::out();
        let missing = dir.path().join("none.json").to_string_lossy().into_owned();
        let args = Args {
            files: vec![missing],
            json: false,
            strict: false,
        };
        assert_eq!(run(&out, &args), exit::USAGE);
        assert_eq!(stdout.text(), "");
        assert!(stderr.text().starts_with("ctask: "), "{:?}", stderr.text());
    }
}
