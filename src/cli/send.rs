//! The one way the CLI sends a task, shared by `ctask submit` and `ctask history resend`: a thin
//! front end over the submit pipeline (`app::Context` → `app::Plan` → `app::send`) that prints the
//! plan's request (`--dry-run`), or sends it and prints the task id or the error with its code,
//! hint and request id.

use serde_json::{Map, Value, json};
use tokio_util::sync::CancellationToken;

use super::output::{Out, err, errln, out, outln};
use super::shared::{Runtime, history_sink};
use crate::api::{Credentials, HttpRequest, RetryNote};
use crate::app::reconcile::Settled;
use crate::app::report::{error_json, error_text, exit_code};
use crate::app::{Context, Observer, Plan, Submitted};
use crate::exit;
use crate::store::{Overrides, Paths};
use crate::task::{CollectionTask, Issue};

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
pub fn execute(out: &Out, rt: &Runtime, job: Job) -> u8 {
    let fail = |code: u8, message: &str| out.fail(job.json, "usage", message, code);
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => return fail(exit::USAGE, &e.to_string()),
    };
    let ctx = match Context::resolve(&paths, job.profile.as_deref(), &job.overrides) {
        Ok(c) => c,
        Err(e) => return fail(exit::USAGE, &e.to_string()),
    };
    out.warnings(&ctx.warnings);
    let plan = Plan::new(&ctx, job.task.clone(), chrono::Utc::now());
    if !plan.filled.is_empty() && !job.json {
        errln!(
            out,
            "ctask: filled from profile {:?}: {}",
            ctx.profile,
            plan.filled.join(", ")
        );
    }
    let Some(rt) = rt.get() else {
        return fail(exit::FAILED, "cannot start the async runtime");
    };
    let plan = match check(out, &job, rt, &ctx, plan) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if job.dry_run {
        print_dry_run(out, job.json, &plan.request, &ctx.session.credentials);
        return exit::OK;
    }
    let history = history_sink(out, &ctx, &paths);
    let mut observer = CliObserver {
        out,
        json: job.json,
    };
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
    report(out, &job, &ctx, &submitted)
}

/// Progress on stderr (nothing in `--json` mode but warnings).
struct CliObserver<'a> {
    out: &'a Out,
    json: bool,
}

impl Observer for CliObserver<'_> {
    fn retrying(&mut self, note: &RetryNote) {
        if !self.json {
            errln!(self.out, "ctask: {note}");
        }
    }

    fn warning(&mut self, text: &str) {
        errln!(self.out, "ctask: warning: {text}");
    }

    fn reconciling(&mut self, name: &str) {
        if !self.json {
            errln!(
                self.out,
                "ctask: the answer was lost after the create left; searching for a task named {name:?} (nothing is sent again)"
            );
        }
    }
}

/// Validation, with an empty `user_id` filled from IAM; `Err(exit code)` stops the submit. A dry
/// run asks IAM too (a read-only call), so it prints the request a submit would send.
fn check(
    out: &Out,
    job: &Job,
    rt: &tokio::runtime::Runtime,
    ctx: &Context,
    plan: Plan,
) -> Result<Plan, u8> {
    if plan.has_errors() {
        return Err(report_issues(out, job, &plan.issues));
    }
    if !plan.wants_user_id() {
        return Ok(plan);
    }
    match rt.block_on(ctx.session.caller_user()) {
        Ok(u) => {
            // On stderr with --json too: the value is in the body, its source is said here.
            errln!(
                out,
                "ctask: user_id filled with {} from {}",
                u.id,
                u.source.describe()
            );
            Ok(plan.with_user_id(ctx, &u.id, chrono::Utc::now()))
        }
        Err(e) => {
            let why = crate::app::Report::of(&e, &ctx.error_host(false)).message;
            errln!(
                out,
                "ctask: warning: user_id is empty and IAM did not say whose credentials these are ({why}); the task goes without it and the service takes the caller's IAM user"
            );
            Ok(plan)
        }
    }
}

/// The task's issues (it has errors): nothing is sent.
pub fn report_issues(out: &Out, job: &Job, issues: &[Issue]) -> u8 {
    if job.json {
        out.json(
            &json!({"ok": false, "error": super::output::invalid_error(issues), "file": job.label, "issues": issues, "exit_code": exit::INVALID}),
        );
    } else {
        for i in issues {
            errln!(out, "{}", super::output::issue_line(i));
        }
        errln!(
            out,
            "ctask: {}: the task has errors; nothing was sent",
            job.label
        );
    }
    exit::INVALID
}

/// Prints `e`; `settled` is what the search after a lost answer found (in `--json`, `error.settled`).
fn report_error(
    out: &Out,
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
        out.json(&json!({"ok": false, "error": error, "retries": retries, "exit_code": code}));
    } else {
        err!(out, "{}", error_text(e, host));
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

fn print_dry_run(out: &Out, json_out: bool, req: &HttpRequest, creds: &Credentials) {
    let iam_note = matches!(creds, Credentials::Iam(_))
        .then_some("X-Auth-Token is fetched from IAM at send time");
    if json_out {
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        out.json(
            &json!({"dry_run": true, "method": req.method, "url": req.url(), "headers": headers_object(req),
                              "body": body, "curl": req.curl_line(), "note": iam_note}),
        );
        return;
    }
    outln!(out, "# dry run: nothing was sent (secrets masked)");
    out!(out, "{}", req.display_masked());
    outln!(out, "\n# the same with curl:");
    outln!(out, "{}", req.curl_line());
    if let Some(n) = iam_note {
        outln!(out, "# {n}");
    }
}

/// Prints how the send ended and returns the exit code.
fn report(out: &Out, job: &Job, ctx: &Context, s: &Submitted) -> u8 {
    let json_out = job.json;
    let reconciled = matches!(s.settled, Some(Settled::Found(_)));
    if s.cancelled && s.task_id().is_none() {
        let message = "interrupted while waiting for the answer: the task may or may not exist; \
                       check with `ctask history list` and `ctask task list --name NAME` before sending again";
        return out.fail(json_out, "usage", message, exit::FAILED);
    }
    match &s.attempt.result {
        Ok(task_id) => {
            let r = s.attempt.response.as_ref();
            if json_out {
                out.json(
                    &json!({"ok": true, "task_id": task_id, "status": r.map(|r| r.status),
                    "request_id": r.and_then(|r| r.request_id.clone()),
                    "elapsed_ms": s.elapsed_ms, "retries": s.retries, "profile": ctx.profile,
                    "url": s.attempt.request.as_ref().map(HttpRequest::url),
                    "history_id": s.history_id, "reconciled": reconciled}),
                );
                return exit::OK;
            }
            if !s.retries.is_empty() {
                errln!(
                    out,
                    "ctask: succeeded after {}",
                    crate::app::words::count(s.retries.len(), "retry")
                );
            }
            outln!(out, "{task_id}");
            match r {
                Some(r) if !reconciled => errln!(
                    out,
                    "ctask: created task {task_id} (HTTP {}, {} ms, request id {}, profile {})",
                    r.status,
                    r.elapsed.as_millis(),
                    r.request_id.as_deref().unwrap_or("none"),
                    ctx.profile
                ),
                _ => errln!(
                    out,
                    "ctask: created task {task_id}: the answer was lost, and a search by name found it (profile {}); nothing was sent twice",
                    ctx.profile
                ),
            }
            exit::OK
        }
        Err(e) => {
            if !json_out && !s.retries.is_empty() {
                errln!(
                    out,
                    "ctask: gave up after {}",
                    crate::app::words::count(s.retries.len(), "retry")
                );
            }
            let settled = s.settled.as_ref().map(|st| st.describe(&job_name(s)));
            if let Some(text) = settled.as_ref().filter(|_| !json_out) {
                errln!(out, "ctask: the answer was lost; {text}");
            }
            report_error(out, json_out, e, &s.host, &s.retries, settled)
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
