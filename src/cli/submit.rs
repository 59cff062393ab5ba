//! `ctask submit FILE|- [--profile NAME] [--workspace W] [--project-id P] [--dry-run] [--json]`:
//! a thin front end over the one submit pipeline (`app::Context` → `app::Plan` → `app::send`): it
//! prints the plan's request (`--dry-run`), or sends it and prints the task id or the error with its
//! code, hint and request id.

use std::sync::{Arc, Mutex};

use serde_json::{Map, Value, json};
use tokio_util::sync::CancellationToken;

use crate::api::{Credentials, HttpRequest, RetryNote};
use crate::app::files::{display_name, read_task_file};
use crate::app::reconcile::Settled;
use crate::app::{Context, HistorySink, Observer, Plan, Submitted};
use crate::exit;
use crate::store::history::History;
use crate::store::{Overrides, Paths};
use crate::task::{CollectionTask, Issue};

use super::shared::runtime;
use crate::app::report::{error_json, error_text, exit_code};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task file (plain body or KooCLI jsonInput), or - for standard input
    pub file: String,
    #[arg(from_global)]
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
    /// Accepted for scripts written for earlier versions: submit asks nothing now (an empty
    /// user_id is filled from IAM, saying so)
    #[arg(long, short = 'y', hide = true)]
    pub yes: bool,
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
    let broken = crate::task::taskfile::header_issues(&file);
    let job = Job {
        label: display_name(&args.file).to_string(),
        task: file.task,
        profile: args.profile.clone(),
        overrides: Overrides {
            workspace: args.workspace.clone().or(file.workspace),
            project_id: args.project_id.clone().or(file.project_id),
        },
        dry_run: args.dry_run,
        json: args.json,
    };
    if !broken.is_empty() {
        return report_issues(&job, &broken);
    }
    execute(job)
}

/// A task to submit and how: what `ctask submit` and `ctask history resend` share.
pub struct Job {
    /// Where the task came from, for messages (a file name, `<stdin>`, `history entry 12`).
    pub label: String,
    pub task: CollectionTask,
    pub profile: Option<String>,
    pub overrides: Overrides,
    pub dry_run: bool,
    pub json: bool,
}

/// Plans the job (profile, defaults, validation, the request), then shows or sends it.
pub fn execute(job: Job) -> u8 {
    let out = Out { json: job.json };
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => return out.fail(exit::USAGE, &e.to_string()),
    };
    let ctx = match Context::resolve(&paths, job.profile.as_deref(), &job.overrides) {
        Ok(c) => c,
        Err(e) => return out.fail(exit::USAGE, &e.to_string()),
    };
    for w in &ctx.warnings {
        eprintln!("ctask: warning: {w}");
    }
    let plan = Plan::new(&ctx, job.task.clone(), chrono::Utc::now());
    if !plan.filled.is_empty() && !job.json {
        eprintln!(
            "ctask: filled from profile {:?}: {}",
            ctx.profile,
            plan.filled.join(", ")
        );
    }
    let Some(rt) = runtime() else {
        return out.fail(exit::FAILED, "cannot start the async runtime");
    };
    let plan = match check(&job, &rt, &ctx, plan) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if job.dry_run {
        print_dry_run(job.json, &plan.request, &ctx.session.credentials);
        return exit::OK;
    }
    let history = ctx
        .record
        .then(|| open_for_writing(&paths))
        .flatten()
        .map(|h| Arc::new(h) as Arc<dyn HistorySink>);
    let mut observer = CliObserver { json: job.json };
    let cancel = CancellationToken::new();
    let submitted = rt.block_on(async {
        // Ctrl-C stops waiting: the attempt is recorded as cancelled-unknown, never left pending.
        let on_interrupt = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_interrupt.cancel();
            }
        });
        crate::app::send(&ctx, &plan, "cli", history, &mut observer, cancel).await
    });
    report(&job, &ctx, &submitted)
}

/// The history for a submit to write to; `None` (with a warning) when it cannot be opened, so a
/// broken history never stops a submit.
fn open_for_writing(paths: &Paths) -> Option<Mutex<History>> {
    super::history::open_for_writing(paths)
}

impl HistorySink for Mutex<History> {
    fn record_sent(&self, row: &crate::store::history::Sent) -> Result<i64, String> {
        let h = self
            .lock()
            .map_err(|_| "the history lock is poisoned".to_string())?;
        h.record_sent(row).map_err(|e| e.to_string())
    }

    fn record_answer(&self, id: i64, row: &crate::store::history::Answered) -> Result<(), String> {
        let h = self
            .lock()
            .map_err(|_| "the history lock is poisoned".to_string())?;
        h.record_answer(id, row).map_err(|e| e.to_string())
    }
}

/// Progress on stderr (nothing in `--json` mode but warnings).
struct CliObserver {
    json: bool,
}

impl Observer for CliObserver {
    fn retrying(&mut self, note: &RetryNote) {
        if !self.json {
            eprintln!("ctask: {note}");
        }
    }

    fn warning(&mut self, text: &str) {
        eprintln!("ctask: warning: {text}");
    }

    fn reconciling(&mut self, name: &str) {
        if !self.json {
            eprintln!(
                "ctask: the answer was lost after the create left; searching for a task named {name:?} (nothing is sent again)"
            );
        }
    }
}

/// Validation, with an empty `user_id` filled from IAM; `Err(exit code)` stops the submit. A dry
/// run asks IAM too (a read-only call), so it prints the request a submit would send.
fn check(job: &Job, rt: &tokio::runtime::Runtime, ctx: &Context, plan: Plan) -> Result<Plan, u8> {
    if plan.has_errors() {
        return Err(report_issues(job, &plan.issues));
    }
    if !plan.wants_user_id() {
        return Ok(plan);
    }
    match rt.block_on(ctx.session.caller_user()) {
        Ok(u) => {
            // On stderr with --json too: the value is in the body, its source is said here.
            eprintln!(
                "ctask: user_id filled with {} from {}",
                u.id,
                u.source.describe()
            );
            Ok(plan.with_user_id(ctx, &u.id, chrono::Utc::now()))
        }
        Err(e) => {
            let why = crate::app::Report::of(&e, &ctx.error_host(false)).message;
            eprintln!(
                "ctask: warning: user_id is empty and IAM did not say whose credentials these are ({why}); the task goes without it and the service takes the caller's IAM user"
            );
            Ok(plan)
        }
    }
}

fn report_issues(job: &Job, issues: &[Issue]) -> u8 {
    if job.json {
        println!(
            "{}",
            json!({"ok": false, "error": super::output::invalid_error(issues), "file": job.label, "issues": issues, "exit_code": exit::INVALID})
        );
    } else {
        for i in issues {
            eprintln!("{}", super::output::issue_line(i));
        }
        eprintln!(
            "ctask: {}: the task has errors; nothing was sent",
            job.label
        );
    }
    exit::INVALID
}

/// Prints `e`; `settled` is what the search after a lost answer found (in `--json`, `error.settled`).
fn report_error(
    json_out: bool,
    e: &crate::api::ApiError,
    host: &str,
    retries: &[String],
    settled: Option<String>,
) -> u8 {
    let code = exit_code(e);
    if json_out {
        let mut error = error_json(e);
        error["host"] = json!(host);
        if let Some(text) = settled {
            error["settled"] = json!(text);
        }
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

/// Prints how the send ended and returns the exit code.
fn report(job: &Job, ctx: &Context, s: &Submitted) -> u8 {
    let json_out = job.json;
    let reconciled = matches!(s.settled, Some(Settled::Found(_)));
    if s.cancelled && s.task_id().is_none() {
        let message = "interrupted while waiting for the answer: the task may or may not exist; \
                       check with `ctask history list` and `ctask task list --name NAME` before sending again";
        return Out { json: json_out }.fail(exit::FAILED, message);
    }
    match &s.attempt.result {
        Ok(task_id) => {
            let r = s.attempt.response.as_ref();
            if json_out {
                println!(
                    "{}",
                    json!({"ok": true, "task_id": task_id, "status": r.map(|r| r.status),
                    "request_id": r.and_then(|r| r.request_id.clone()),
                    "elapsed_ms": s.elapsed_ms, "retries": s.retries, "profile": ctx.profile,
                    "url": s.attempt.request.as_ref().map(HttpRequest::url),
                    "history_id": s.history_id, "reconciled": reconciled})
                );
                return exit::OK;
            }
            if !s.retries.is_empty() {
                eprintln!(
                    "ctask: succeeded after {} retr{}",
                    s.retries.len(),
                    if s.retries.len() == 1 { "y" } else { "ies" }
                );
            }
            println!("{task_id}");
            match r {
                Some(r) if !reconciled => eprintln!(
                    "ctask: created task {task_id} (HTTP {}, {} ms, request id {}, profile {})",
                    r.status,
                    r.elapsed.as_millis(),
                    r.request_id.as_deref().unwrap_or("none"),
                    ctx.profile
                ),
                _ => eprintln!(
                    "ctask: created task {task_id}: the answer was lost, and a search by name found it (profile {}); nothing was sent twice",
                    ctx.profile
                ),
            }
            exit::OK
        }
        Err(e) => {
            if !json_out && !s.retries.is_empty() {
                eprintln!("ctask: gave up after {} retries", s.retries.len());
            }
            let settled = s.settled.as_ref().map(|st| st.describe(&job_name(s)));
            if let Some(text) = settled.as_ref().filter(|_| !json_out) {
                eprintln!("ctask: the answer was lost; {text}");
            }
            report_error(json_out, e, &s.host, &s.retries, settled)
        }
    }
}

/// The name of the task a send carried, for messages.
fn job_name(s: &Submitted) -> String {
    s.attempt
        .request
        .as_ref()
        .and_then(|r| serde_json::from_slice::<Value>(&r.body).ok())
        .and_then(|v| v.get("name").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default()
}
