//! `apply`: many task files at once. `inputs` finds and reads the files (disk), `plan` validates them
//! and classifies each against the server's copy (pure), `lookup` fetches the server's tasks of those
//! names (network), `run` creates through the one submit pipeline and updates (network). `plan_batch`
//! is the first half for every front end (and the bench): nothing is sent unless every file is valid.
//! Knows no terminal: progress goes through `run::Progress`.

pub mod inputs;
pub(crate) mod lookup;
pub(crate) mod plan;
pub(crate) mod run;

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::context::Context;
use super::tasks::Failed;
pub use plan::{Class, Entry, Prepared};
pub use run::{Outcome, Progress, RunOptions, apply, exit_of};

/// Why a batch was not planned.
#[derive(Debug)]
pub enum PlanError {
    /// A path cannot be read or a folder holds no task file (exit 2).
    Usage(String),
    /// Some file has errors: every file, with its issues (exit 3; nothing was sent).
    Invalid(Vec<Prepared>),
    /// The search for the existing tasks failed (nothing was created).
    Lookup(Failed),
}

/// Reads, validates and classifies every task file under `paths` for `ctx`.
pub async fn plan_batch(
    ctx: &Context,
    paths: &[String],
    concurrency: usize,
    now: DateTime<Utc>,
) -> Result<Vec<Entry>, PlanError> {
    let files = inputs::expand(paths).map_err(PlanError::Usage)?;
    let mut budget = inputs::max_total()
        .and_then(|cap| inputs::Budget::new(&files, cap))
        .map_err(PlanError::Usage)?;
    // Each file is read when it is planned, and only its plan is kept.
    let mut prepared = Vec::with_capacity(files.len());
    for path in files {
        let read = budget.read(&path).map_err(PlanError::Usage)?;
        prepared.push(plan::prepare_one(ctx, path, read, now));
    }
    if prepared.iter().any(Prepared::has_errors) {
        return Err(PlanError::Invalid(prepared));
    }
    let names: HashSet<String> = prepared.iter().map(|p| p.name().to_string()).collect();
    let server = lookup::existing(&ctx.session, &names, concurrency)
        .await
        .map_err(PlanError::Lookup)?;
    Ok(plan::classify(prepared, &server))
}
