//! Applying a classified batch: creates the missing tasks through the one submit pipeline
//! (`app::send`: a history row per attempt, a lost answer settled by a name search, never a resend),
//! updates the ones that differ when asked, at most `concurrency` at a time (the client's `Pace`
//! keeps the rate). `stop` stops starting new work (what is in flight finishes); `cancel` stops
//! waiting for what is in flight. Network, plus history through the caller's sink.

use std::sync::{Arc, Mutex};

use futures::stream::{self, StreamExt};
use tokio_util::sync::CancellationToken;

use super::plan::{Class, Entry};
use crate::api::{ApiError, RetryNote};
use crate::app::context::Context;
use crate::app::reconcile::Settled;
use crate::app::report::{Report, exit_code};
use crate::app::send::{HistorySink, Observer, send};
use crate::app::tasks;
use crate::exit;

/// How a file ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Created {
        id: String,
        reconciled: bool,
    },
    Unchanged {
        id: String,
    },
    Updated {
        id: String,
    },
    /// It differs and `--update` was not given: nothing was sent.
    Differs {
        id: String,
        fields: Vec<String>,
    },
    /// The call failed: `exit` is 4 (rejected) or 5 (server, network, or the task may exist).
    Failed {
        report: Report,
        exit: u8,
    },
    /// Ctrl-C came before it started: nothing was sent.
    NotStarted,
}

impl Outcome {
    pub fn word(&self) -> &'static str {
        match self {
            Outcome::Created { .. } => "created",
            Outcome::Unchanged { .. } => "unchanged",
            Outcome::Updated { .. } => "updated",
            Outcome::Differs { .. } => "differs",
            Outcome::Failed { .. } => "failed",
            Outcome::NotStarted => "not-started",
        }
    }

    pub fn task_id(&self) -> Option<&str> {
        match self {
            Outcome::Created { id, .. }
            | Outcome::Unchanged { id }
            | Outcome::Updated { id }
            | Outcome::Differs { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Created, unchanged or updated: the file is in place on the server.
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            Outcome::Created { .. } | Outcome::Unchanged { .. } | Outcome::Updated { .. }
        )
    }
}

/// The run's exit code: 0 when every file is in place; 5 when anything failed on the server or the
/// network or was not started; else 4 (rejections, or differences left without `--update`).
pub fn exit_of(outcomes: &[Outcome]) -> u8 {
    if outcomes.iter().all(Outcome::is_done) {
        exit::OK
    } else if outcomes.iter().any(|o| {
        matches!(o, Outcome::NotStarted)
            || matches!(o, Outcome::Failed { exit, .. } if *exit != exit::REJECTED)
    }) {
        exit::FAILED
    } else {
        exit::REJECTED
    }
}

/// What a front end hears while the batch runs (called from several creates at once, one at a time).
pub trait Progress: Send {
    /// A file is being created or updated.
    fn started(&mut self, path: &str, name: &str, what: &str);
    /// A file ended.
    fn finished(&mut self, path: &str, name: &str, outcome: &Outcome);
    /// Something to tell now: a retry, a search for a lost answer, a history problem, a slow-down.
    fn note(&mut self, text: &str);
}

/// How to run.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    pub update: bool,
    pub concurrency: usize,
}

/// Applies `entries` (none a duplicate) and returns each one's outcome, in the same order.
pub async fn apply(
    ctx: &Context,
    entries: &[Entry],
    opts: RunOptions,
    history: Option<Arc<dyn HistorySink>>,
    progress: &Mutex<Box<dyn Progress>>,
    stop: &CancellationToken,
    cancel: &CancellationToken,
) -> Vec<Outcome> {
    let jobs = entries.iter().enumerate().map(|(i, e)| {
        let history = history.clone();
        async move { (i, one(ctx, e, opts, history, progress, stop, cancel).await) }
    });
    let mut done: Vec<(usize, Outcome)> = stream::iter(jobs)
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, o)| o).collect()
}

fn tell(progress: &Mutex<Box<dyn Progress>>, f: impl FnOnce(&mut dyn Progress)) {
    let mut p = progress
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    f(p.as_mut());
}

async fn one(
    ctx: &Context,
    e: &Entry,
    opts: RunOptions,
    history: Option<Arc<dyn HistorySink>>,
    progress: &Mutex<Box<dyn Progress>>,
    stop: &CancellationToken,
    cancel: &CancellationToken,
) -> Outcome {
    let outcome = match &e.class {
        Class::Unchanged { id } => Outcome::Unchanged { id: id.clone() },
        Class::Differs { id, fields } if !opts.update => Outcome::Differs {
            id: id.clone(),
            fields: fields.clone(),
        },
        Class::Duplicate { .. } => Outcome::NotStarted,
        _ if stop.is_cancelled() => Outcome::NotStarted,
        Class::Create => {
            tell(progress, |p| p.started(&e.path, e.name(), "creating"));
            create(ctx, e, history, progress, cancel).await
        }
        Class::Differs { id, .. } => {
            tell(progress, |p| p.started(&e.path, e.name(), "updating"));
            update(ctx, e, id).await
        }
    };
    tell(progress, |p| p.finished(&e.path, e.name(), &outcome));
    outcome
}

async fn create(
    ctx: &Context,
    e: &Entry,
    history: Option<Arc<dyn HistorySink>>,
    progress: &Mutex<Box<dyn Progress>>,
    cancel: &CancellationToken,
) -> Outcome {
    let mut observer = Forward {
        progress,
        name: e.name().to_string(),
    };
    let s = send(
        ctx,
        &e.plan,
        "apply",
        history,
        &mut observer,
        cancel.clone(),
    )
    .await;
    let reconciled = matches!(s.settled, Some(Settled::Found(_)));
    match (&s.attempt.result, s.cancelled) {
        (Ok(id), _) => Outcome::Created {
            id: id.clone(),
            reconciled,
        },
        (Err(_), true) => Outcome::Failed {
            report: Report {
                message: "stopped waiting for the answer: the task may or may not exist".into(),
                ..Report::default()
            },
            exit: exit::FAILED,
        },
        (Err(err), false) => {
            let mut report = Report::of(err, &s.host);
            let mut code = exit_code(err);
            match &s.settled {
                Some(Settled::Unknown(why)) => {
                    report.hint = Some(format!(
                        "the search that would tell whether it landed failed ({why}); the next apply looks again before creating"
                    ));
                    code = exit::FAILED;
                }
                Some(settled) => {
                    if let Some(hint) = settled.verdict_hint(e.name(), "the next apply creates it")
                    {
                        report.hint = Some(hint);
                    }
                }
                None => {}
            }
            Outcome::Failed { report, exit: code }
        }
    }
}

async fn update(ctx: &Context, e: &Entry, id: &str) -> Outcome {
    match tasks::update(&ctx.session, id, &e.plan.task).await {
        Ok(_) => Outcome::Updated { id: id.to_string() },
        Err(f) => failed(&f.error, &f.host),
    }
}

fn failed(err: &ApiError, host: &str) -> Outcome {
    Outcome::Failed {
        report: Report::of(err, host),
        exit: exit_code(err),
    }
}

/// `app::send`'s observer for one create, forwarding to the batch's progress.
struct Forward<'a> {
    progress: &'a Mutex<Box<dyn Progress>>,
    name: String,
}

impl Observer for Forward<'_> {
    fn retrying(&mut self, note: &RetryNote) {
        let text = format!("{}: {note}", self.name);
        tell(self.progress, |p| p.note(&text));
    }

    fn warning(&mut self, text: &str) {
        let text = format!("warning: {}: {text}", self.name);
        tell(self.progress, |p| p.note(&text));
    }

    fn reconciling(&mut self, name: &str) {
        let text = format!(
            "{name}: the answer was lost after the create left; searching by name (nothing is sent again)"
        );
        tell(self.progress, |p| p.note(&text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(exit: u8) -> Outcome {
        Outcome::Failed {
            report: Report::default(),
            exit,
        }
    }

    #[test]
    fn the_exit_code_is_0_only_when_every_file_is_in_place() {
        let ok = Outcome::Created {
            id: "a".into(),
            reconciled: false,
        };
        let same = Outcome::Unchanged { id: "b".into() };
        let differs = Outcome::Differs {
            id: "c".into(),
            fields: vec!["x".into()],
        };
        assert_eq!(exit_of(&[ok.clone(), same.clone()]), 0);
        assert_eq!(exit_of(&[ok.clone(), differs.clone()]), 4);
        assert_eq!(exit_of(&[ok.clone(), failed(4)]), 4);
        assert_eq!(exit_of(&[failed(4), failed(5)]), 5);
        assert_eq!(exit_of(&[ok, Outcome::NotStarted]), 5);
        assert!(!differs.is_done() && same.is_done());
    }
}
