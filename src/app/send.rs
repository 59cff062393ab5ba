//! Sending a `Plan`: write the `pending` history row, authorize (an IAM login when needed), send with
//! the safe retries, record the answer, and settle a lost answer by a name search (never a resend).
//! The CLI, the TUI, `history resend` and `apply` all send through `send`. It reports progress to an
//! `Observer` and stops waiting when its cancellation token fires (the attempt is then recorded as
//! cancelled-unknown). Network, plus the history through the `HistorySink` the caller gives.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use super::context::Context;
use super::plan::Plan;
use super::reconcile::{self, SentCreate, Settled};
use crate::api::{ApiError, Attempt, HttpRequest, RetryNote};
use crate::store::history::{Answered, Outcome, Sent};
use crate::store::record;

/// Where attempts are recorded. Calls block (SQLite); `send` runs them off the async thread.
pub trait HistorySink: Send + Sync {
    fn record_sent(&self, row: &Sent) -> Result<i64, String>;
    fn record_answer(&self, id: i64, row: &Answered) -> Result<(), String>;
}

/// What a front end hears while a send goes on.
pub trait Observer: Send {
    /// The create is sent again (a refused connection or a throttle: nothing was processed).
    fn retrying(&mut self, note: &RetryNote);
    /// Something the user must know now (e.g. the history row could not be written).
    fn warning(&mut self, text: &str);
    /// The answer was lost; ctask is searching for the task by name.
    fn reconciling(&mut self, name: &str);
}

/// How a send ended.
#[derive(Clone, Debug)]
pub struct Submitted {
    /// The request as sent (`None` when it never left), the answer, and the task id or error. After
    /// a lost answer that the search settled as found, `result` holds the found id.
    pub attempt: Attempt,
    pub history_id: Option<i64>,
    /// The user stopped waiting; the task may or may not exist.
    pub cancelled: bool,
    /// Set when the answer was lost and a name search settled it.
    pub settled: Option<Settled>,
    /// Why the history row could not be written, when it could not (the create is sent anyway).
    pub history_error: Option<String>,
    /// The create as it left (`None` when it never left): what a search must match to call a
    /// task ours, also after the user stopped waiting.
    pub sent: Option<SentCreate>,
    /// The host an error came from (IAM when the request never left).
    pub host: String,
    pub retries: Vec<String>,
    pub elapsed_ms: i64,
}

impl Submitted {
    pub fn task_id(&self) -> Option<&str> {
        self.attempt.result.as_ref().ok().map(String::as_str)
    }
}

/// Runs a blocking history call off the async thread; a sink that panics counts as an error.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(format!("the history writer stopped: {e}")))
}

/// Sends `plan` as `ctx`; `source` (`cli`, `tui`, `apply`) is recorded with the row.
pub async fn send(
    ctx: &Context,
    plan: &Plan,
    source: &str,
    history: Option<Arc<dyn HistorySink>>,
    observer: &mut dyn Observer,
    cancel: CancellationToken,
) -> Submitted {
    let started = Instant::now();
    let history = history.filter(|_| ctx.record);
    let s = &ctx.session;
    let mut out = Submitted {
        attempt: Attempt {
            request: None,
            response: None,
            result: Err(ApiError::Setup("not sent".into())),
        },
        history_id: None,
        cancelled: false,
        settled: None,
        history_error: None,
        sent: None,
        host: ctx.error_host(false),
        retries: Vec::new(),
        elapsed_ms: 0,
    };
    let unsigned = s.target.create(&plan.task);
    let authorized = tokio::select! {
        r = s.authorize(unsigned) => r,
        () = cancel.cancelled() => {
            out.cancelled = true;
            return out;
        }
    };
    let request = match authorized {
        Ok(r) => r,
        Err(e) => {
            // An attempt that never left (e.g. the IAM login failed) still gets its row.
            out.attempt.result = Err(e);
            if let Some(h) = &history {
                let row = sent_row(ctx, plan, &plan.request, source);
                let answer = record::answer_row(&out.attempt, 0, &record::now());
                let h = h.clone();
                let written = blocking(move || {
                    let id = h.record_sent(&row)?;
                    h.record_answer(id, &answer).map(|()| id)
                })
                .await;
                note_written(&mut out, observer, written);
            }
            out.elapsed_ms = record::elapsed_ms(started);
            return out;
        }
    };
    out.host = ctx.error_host(true);
    if let Some(h) = &history {
        let row = sent_row(ctx, plan, &request, source);
        let h = h.clone();
        let written = blocking(move || h.record_sent(&row)).await;
        if let Err(e) = &written {
            observer.warning(&format!(
                "history not written ({e}); the create is sent anyway and recorded when it answers"
            ));
            out.history_error = Some(e.clone());
        }
        out.history_id = written.ok();
    }
    let sent_create = SentCreate::now(&plan.task);
    out.sent = Some(sent_create.clone());
    let mut retries = Vec::new();
    let sent = {
        let mut on_retry = |n: &RetryNote| {
            observer.retrying(n);
            retries.push(n.to_string());
        };
        tokio::select! {
            a = s.send_create(request.clone(), &mut on_retry) => Some(a),
            () = cancel.cancelled() => None,
        }
    };
    out.retries = retries;
    let Some(mut attempt) = sent else {
        out.cancelled = true;
        out.attempt.request = Some(request.clone());
        let answer = record::cancelled_row(record::elapsed_ms(started), &record::now());
        finish_row(
            ctx, plan, &request, source, &history, &mut out, observer, answer,
        )
        .await;
        out.elapsed_ms = record::elapsed_ms(started);
        return out;
    };
    let mut note = None;
    if let Err(e) = &attempt.result
        && reconcile::may_have_landed(e)
        && !plan.name().is_empty()
    {
        observer.reconciling(plan.name());
        let window = ctx.reconcile;
        let settled = tokio::select! {
            st = reconcile::settle(s, &sent_create, window) => st,
            () = cancel.cancelled() => Settled::Unknown("stopped waiting for the search".into()),
        };
        note = Some(settle_note(e, plan.name(), &settled, window));
        if let Settled::Found(id) = &settled {
            attempt.result = Ok(id.clone());
        }
        out.settled = Some(settled);
    }
    let mut answer = record::answer_row(&attempt, record::elapsed_ms(started), &record::now());
    if let Some(n) = note {
        answer.error_message = Some(n);
        if matches!(out.settled, Some(Settled::Unknown(_))) {
            answer.outcome = Some(Outcome::Unknown);
        }
    }
    out.attempt = attempt;
    finish_row(
        ctx, plan, &request, source, &history, &mut out, observer, answer,
    )
    .await;
    out.elapsed_ms = record::elapsed_ms(started);
    out
}

/// The note a settled row keeps: what was lost and what the search found.
fn settle_note(e: &ApiError, name: &str, settled: &Settled, window: Duration) -> String {
    let found = settled.describe(name);
    match settled {
        Settled::Found(_) => format!("reconciled: the answer was lost ({e}); {found}"),
        Settled::NotFound => format!(
            "the answer was lost ({e}); in {} s of searching {found}",
            window.as_secs()
        ),
        Settled::Existed { .. } | Settled::Unknown(_) => {
            format!("the answer was lost ({e}); {found}")
        }
    }
}

fn sent_row(ctx: &Context, plan: &Plan, request: &HttpRequest, source: &str) -> Sent {
    record::sent_row(
        source,
        &ctx.profile,
        &ctx.session,
        &plan.task,
        request,
        &record::now(),
    )
}

/// Completes the row; when the pending row could not be written, writes the whole row now.
#[allow(clippy::too_many_arguments)]
async fn finish_row(
    ctx: &Context,
    plan: &Plan,
    request: &HttpRequest,
    source: &str,
    history: &Option<Arc<dyn HistorySink>>,
    out: &mut Submitted,
    observer: &mut dyn Observer,
    answer: Answered,
) {
    let Some(h) = history.clone() else { return };
    let pending = out.history_id;
    let row = sent_row(ctx, plan, request, source);
    let written = blocking(move || {
        let id = match pending {
            Some(id) => id,
            None => h.record_sent(&row)?,
        };
        h.record_answer(id, &answer).map(|()| id)
    })
    .await;
    note_written(out, observer, written);
}

fn note_written(out: &mut Submitted, observer: &mut dyn Observer, written: Result<i64, String>) {
    match written {
        Ok(id) => {
            out.history_id = Some(id);
            out.history_error = None;
        }
        Err(e) => {
            observer.warning(&format!("history not written: {e}"));
            out.history_error = Some(e);
        }
    }
}
