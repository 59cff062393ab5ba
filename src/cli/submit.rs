//! `ctask submit FILE|- [--profile NAME] [--workspace W] [--project-id P] [--dry-run] [--json] [--yes]`:
//! validates, fills empty fields from the profile, shows (`--dry-run`) or sends the create call, and
//! prints the task id or the error with its code, hint and request id. A thin front end over
//! `store::resolve_profile` and `api::Session`.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Mutex;
use std::time::Instant;

use serde_json::{Map, Value, json};

use super::input::{display_name, read_task_file};
use crate::api::{ApiError, Attempt, Credentials, HttpRequest, RetryNote, Session};
use crate::exit;
use crate::store::history::History;
use crate::store::{Overrides, Paths, record, resolve_profile};
use crate::task::{CollectionTask, Issue, Severity, Typed, has_errors, validate};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task file (plain body or KooCLI jsonInput), or - for standard input
    pub file: String,
    /// The profile to use (default: the default profile)
    #[arg(long)]
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
    /// Answer yes to questions (fill user_id from the IAM token)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// The exit code for a failed call: 4 when the API rejected the request, 5 for the server or network.
pub fn exit_code(e: &ApiError) -> u8 {
    match e {
        ApiError::Setup(_) => exit::USAGE,
        e if e.is_rejection() => exit::REJECTED,
        _ => exit::FAILED,
    }
}

pub use crate::api::host_of;

/// The error as lines a person reads (no secret can be in it: errors never hold one). The first line
/// names `host` (a network error's own message already does); the TUI shows the same headline.
pub fn error_text(e: &ApiError, host: &str) -> String {
    let mut out = format!("ctask: {}\n", crate::api::headline(e, host));
    if let ApiError::Service(s) = e {
        out.push_str(&format!("  status: {}\n", s.status));
        if let Some(code) = &s.code {
            out.push_str(&format!("  code: {code}\n"));
        }
    }
    if let Some(h) = e.hint() {
        out.push_str(&format!("  hint: {h}\n"));
    }
    out.push_str(&format!(
        "  request id: {}\n",
        e.request_id().unwrap_or("(none: no answer)")
    ));
    out
}

/// The error as a JSON object for `--json`.
pub fn error_json(e: &ApiError) -> Value {
    let (status, code, message) = match e {
        ApiError::Service(s) => (Some(s.status), s.code.clone(), s.message.clone()),
        ApiError::BadResponse { status, .. } => (Some(*status), None, e.to_string()),
        _ => (None, None, e.to_string()),
    };
    json!({"kind": e.kind_name(), "status": status, "code": code, "message": message,
           "hint": e.hint(), "request_id": e.request_id()})
}

/// A current-thread runtime: the CLI makes one call at a time.
pub fn runtime() -> Option<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()
}

struct Out {
    json: bool,
}

impl Out {
    fn fail(&self, code: u8, message: &str) -> u8 {
        if self.json {
            println!(
                "{}",
                json!({"ok": false, "error": {"kind": "usage", "message": message}, "exit_code": code})
            );
        } else {
            eprintln!("ctask: {message}");
        }
        code
    }
}

pub fn run(args: &Args) -> u8 {
    let out = Out { json: args.json };
    let file = match read_task_file(&args.file) {
        Ok(f) => f,
        Err(m) => return out.fail(exit::USAGE, &m),
    };
    let plan = Plan {
        label: display_name(&args.file).to_string(),
        task: file.task,
        profile: args.profile.clone(),
        overrides: Overrides {
            workspace: args.workspace.clone().or(file.workspace),
            project_id: args.project_id.clone().or(file.project_id),
        },
        dry_run: args.dry_run,
        json: args.json,
        yes: args.yes,
    };
    execute(plan)
}

/// A task to submit and how: what `ctask submit` and `ctask history resend` share.
pub struct Plan {
    /// Where the task came from, for messages (a file name, `<stdin>`, `history #12`).
    pub label: String,
    pub task: CollectionTask,
    pub profile: Option<String>,
    pub overrides: Overrides,
    pub dry_run: bool,
    pub json: bool,
    pub yes: bool,
}

/// Validates, fills defaults, then shows or sends the create, recording it in the history.
pub fn execute(plan: Plan) -> u8 {
    let out = Out { json: plan.json };
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => return out.fail(exit::USAGE, &e.to_string()),
    };
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    let resolved = match resolve_profile(
        &paths,
        plan.profile.as_deref(),
        &plan.overrides,
        home.as_deref(),
    ) {
        Ok(r) => r,
        Err(e) => return out.fail(exit::USAGE, &e.to_string()),
    };
    for w in &resolved.warnings {
        eprintln!("ctask: warning: {w}");
    }
    let mut task = plan.task.clone();
    let filled = resolved.profile.defaults.apply(&mut task);
    if !filled.is_empty() && !plan.json {
        eprintln!(
            "ctask: filled from profile {:?}: {}",
            resolved.name,
            filled.join(", ")
        );
    }
    let Some(rt) = runtime() else {
        return out.fail(exit::FAILED, "cannot start the async runtime");
    };
    let session = &resolved.session;
    if let Err(code) = check_task(&plan, &out, &rt, session, &mut task) {
        return code;
    }
    let request = session.target.create(&task);
    if plan.dry_run {
        print_dry_run(plan.json, &session.preview(request), &session.credentials);
        return exit::OK;
    }
    let history = resolved
        .profile
        .history
        .then(|| super::history::open_for_writing(&paths))
        .flatten();
    send(&plan, &rt, session, &task, &resolved.name, history.as_ref())
}

/// Validation, with the IAM `user_id` fill; `Err(exit code)` stops the submit.
fn check_task(
    args: &Plan,
    out: &Out,
    rt: &tokio::runtime::Runtime,
    session: &Session,
    task: &mut CollectionTask,
) -> Result<(), u8> {
    let issues = validate(task);
    if !has_errors(&issues) {
        return Ok(());
    }
    let only_user_id = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .all(|i| i.path == "user_id");
    let iam = matches!(session.credentials, Credentials::Iam(_));
    if !(only_user_id && iam) {
        return Err(report_issues(args, &issues));
    }
    if args.dry_run {
        eprintln!(
            "ctask: note: user_id is empty; a real submit fills it from the IAM token's user (with --yes)"
        );
        return Ok(());
    }
    let token = rt
        .block_on(session.iam_token())
        .map_err(|e| report_error(args.json, &e, &session.error_host(false), &[]))?;
    let Some(uid) = token.and_then(|t| t.user_id) else {
        return Err(out.fail(exit::INVALID, "user_id is empty and the IAM token names no user; set user_id in the task or the profile (--user-id)"));
    };
    let agreed = args.yes
        || (!args.json
            && std::io::stdin().is_terminal()
            && confirm(&format!(
                "user_id is empty. Use the IAM user's id {uid}? [y/N] "
            )));
    if !agreed {
        return Err(out.fail(
            exit::INVALID,
            &format!("user_id is empty; pass --yes to use the IAM user's id {uid}, or set user_id in the task or the profile (--user-id)"),
        ));
    }
    if let Some(slot) = task.text_field_mut("user_id") {
        *slot = Some(Typed::Valid(uid));
    }
    let again = validate(task);
    if has_errors(&again) {
        Err(report_issues(args, &again))
    } else {
        Ok(())
    }
}

/// Asks a y/N question on stderr and reads the answer from stdin.
pub fn confirm(question: &str) -> bool {
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).is_ok()
        && matches!(line.trim(), "y" | "Y" | "yes" | "Yes")
}

fn report_issues(args: &Plan, issues: &[Issue]) -> u8 {
    if args.json {
        println!(
            "{}",
            json!({"ok": false, "error": super::output::invalid_error(issues), "file": args.label, "issues": issues, "exit_code": exit::INVALID})
        );
    } else {
        for i in issues {
            eprintln!("{}", super::output::issue_line(i));
        }
        eprintln!(
            "ctask: {}: the task has errors; nothing was sent",
            args.label
        );
    }
    exit::INVALID
}

fn report_error(json_out: bool, e: &ApiError, host: &str, retries: &[String]) -> u8 {
    let code = exit_code(e);
    if json_out {
        let mut error = error_json(e);
        error["host"] = json!(host);
        println!(
            "{}",
            json!({"ok": false, "error": error, "retries": retries, "exit_code": code})
        );
    } else {
        eprint!("{}", error_text(e, host));
    }
    code
}

fn headers_object(req: &HttpRequest) -> Value {
    Value::Object(
        req.masked_headers()
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect::<Map<_, _>>(),
    )
}

fn print_dry_run(json_out: bool, req: &HttpRequest, creds: &Credentials) {
    let iam_note = matches!(creds, Credentials::Iam(_))
        .then_some("X-Auth-Token is fetched from IAM at send time");
    if json_out {
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        println!(
            "{}",
            json!({"dry_run": true, "method": req.method, "url": req.url(), "headers": headers_object(req),
                              "body": body, "curl": req.curl_line(), "note": iam_note})
        );
        return;
    }
    println!("# dry run: nothing was sent (secrets masked)");
    print!("{}", req.display_masked());
    println!("\n# the same with curl:");
    println!("{}", req.curl_line());
    if let Some(n) = iam_note {
        println!("# {n}");
    }
}

fn send(
    args: &Plan,
    rt: &tokio::runtime::Runtime,
    session: &Session,
    task: &CollectionTask,
    profile: &str,
    history: Option<&Mutex<History>>,
) -> u8 {
    let mut retries: Vec<String> = Vec::new();
    let json_out = args.json;
    let mut on_retry = |n: &RetryNote| {
        if !json_out {
            eprintln!("ctask: {n}");
        }
        retries.push(n.to_string());
    };
    let started = Instant::now();
    let mut row: Option<i64> = None;
    let mut on_sent = |req: &HttpRequest| {
        row = history.and_then(|h| record_sent(h, session, task, req, profile));
    };
    let attempt = rt.block_on(session.create_attempt(task, &mut on_retry, &mut on_sent));
    if let Some(h) = history {
        record_answer(h, row, session, task, profile, &attempt, started);
    }
    let attempt_sent = attempt.request.is_some();
    match attempt.into_created() {
        Ok(c) => {
            let r = &c.response;
            if json_out {
                println!(
                    "{}",
                    json!({"ok": true, "task_id": c.task_id, "status": r.status, "request_id": r.request_id,
                    "elapsed_ms": r.elapsed.as_millis() as u64, "retries": retries, "profile": profile, "url": c.request.url(),
                    "history_id": row})
                );
            } else {
                if !retries.is_empty() {
                    eprintln!(
                        "ctask: succeeded after {} retr{}",
                        retries.len(),
                        if retries.len() == 1 { "y" } else { "ies" }
                    );
                }
                println!("{}", c.task_id);
                eprintln!(
                    "ctask: created task {} (HTTP {}, {} ms, request id {}, profile {profile})",
                    c.task_id,
                    r.status,
                    r.elapsed.as_millis(),
                    r.request_id.as_deref().unwrap_or("none")
                );
            }
            exit::OK
        }
        Err(e) => {
            if !json_out && !retries.is_empty() {
                eprintln!("ctask: gave up after {} retries", retries.len());
            }
            let host = session.error_host(attempt_sent);
            report_error(json_out, &e, &host, &retries)
        }
    }
}

/// Writes the pending row; a history that cannot be written never stops the submit.
fn record_sent(
    history: &Mutex<History>,
    session: &Session,
    task: &CollectionTask,
    req: &HttpRequest,
    profile: &str,
) -> Option<i64> {
    let row = record::sent_row("cli", profile, session, task, req, &record::now());
    let h = history.lock().ok()?;
    h.record_sent(&row)
        .map_err(|e| eprintln!("ctask: warning: history not written: {e}"))
        .ok()
}

fn record_answer(
    history: &Mutex<History>,
    row: Option<i64>,
    session: &Session,
    task: &CollectionTask,
    profile: &str,
    attempt: &Attempt,
    started: Instant,
) {
    let Ok(h) = history.lock() else { return };
    // An attempt that never left (e.g. the IAM login failed) still gets its row.
    let row = row.or_else(|| {
        let preview = session.preview(session.target.create(task));
        let sent = record::sent_row("cli", profile, session, task, &preview, &record::now());
        h.record_sent(&sent).ok()
    });
    let Some(id) = row else { return };
    let ms = record::elapsed_ms(started);
    if let Err(e) = h.record_answer(id, &record::answer_row(attempt, ms, &record::now())) {
        eprintln!("ctask: warning: history not written: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::parse_error_body;

    #[test]
    fn every_error_first_line_names_the_host() {
        let host = host_of("https://dayu.example.test:8443");
        assert_eq!(host, "dayu.example.test:8443");
        let server = ApiError::Service(parse_error_body(502, b"", None));
        let bad = ApiError::BadResponse {
            status: 200,
            reason: "x".into(),
            excerpt: String::new(),
            request_id: None,
        };
        for e in [server, bad] {
            let text = error_text(&e, &host);
            let first = text.lines().next().unwrap_or_default();
            assert!(first.contains("(dayu.example.test:8443)"), "{first}");
            assert!(text.contains("hint: "), "{text}");
        }
    }
}
