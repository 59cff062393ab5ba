//! `ctask apply PATH... [--profile P] [--plan] [--update] [--rate N] [--concurrency N] [--json]`: a
//! thin front end over `app::apply`. Plans first (every file valid, each name looked up), prints the
//! plan, then creates the missing tasks (and updates the differing ones with `--update`) at the rate
//! and concurrency asked, with progress on stderr, and a summary at the end. Ctrl-C stops starting
//! new creates; a second Ctrl-C stops waiting for those in flight.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio_util::sync::CancellationToken;

use super::apply_out::{self as show, CliProgress};
use super::output::{Out, errln};
use super::shared::{Runtime, call_failed, history_sink};
use crate::api::Pace;
use crate::app::Context;
use crate::app::apply::{self, Class, PlanError, Progress, RunOptions};
use crate::exit;
use crate::store::{Overrides, Paths};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Task files (plain body or KooCLI jsonInput) or folders of them (their *.json files)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    #[arg(from_global)]
    pub profile: Option<String>,
    /// Print what would be done (create, unchanged, differs, duplicate-in-input) and send nothing
    #[arg(long)]
    pub plan: bool,
    /// Also update the tasks that exist and differ (PUT); without it they are only reported
    #[arg(long)]
    pub update: bool,
    /// At most this many Catalog requests per second, searches included (halved on a throttle)
    #[arg(long, default_value_t = 10.0, value_parser = parse_rate)]
    pub rate: f64,
    /// At most this many creates or updates in flight
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Print one JSON object (the plan, or every file's outcome and task id)
    #[arg(long)]
    pub json: bool,
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(r) if r.is_finite() && (0.5..=1000.0).contains(&r) => Ok(r),
        _ => Err(format!(
            "{s:?} is not a rate: give requests per second, 0.5 to 1000"
        )),
    }
}

pub fn run(out: &Out, rt: &Runtime, args: &Args) -> u8 {
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => return out.usage(args.json, &e.to_string()),
    };
    let mut ctx = match Context::resolve(&paths, args.profile.as_deref(), &Overrides::default()) {
        Ok(c) => c,
        Err(e) => return out.usage(args.json, &e.to_string()),
    };
    out.warnings(&ctx.warnings);
    let pace = Arc::new(Pace::new(args.rate));
    ctx.session.client = ctx.session.client.clone().with_pace(pace.clone());
    let Some(rt) = rt.get() else {
        return out.fail(
            args.json,
            "setup",
            "cannot start the async runtime",
            exit::FAILED,
        );
    };
    let started = Instant::now();
    let concurrency = usize::from(args.concurrency);
    let planned = rt.block_on(apply::plan_batch(
        &ctx,
        &args.paths,
        concurrency,
        chrono::Utc::now(),
    ));
    let entries = match planned {
        Ok(e) => e,
        Err(PlanError::Usage(m)) => return out.usage(args.json, &m),
        Err(PlanError::Invalid(files)) => return show::invalid(out, args.json, &files),
        Err(PlanError::Lookup(f)) => {
            if !args.json {
                errln!(
                    out,
                    "ctask: could not look the names up on the server; nothing was created"
                );
            }
            return call_failed(out, args.json, &f.error, &f.host);
        }
    };
    let duplicates = entries
        .iter()
        .any(|e| matches!(e.class, Class::Duplicate { .. }));
    if args.plan || duplicates {
        show::plan(out, args.json, &ctx.profile, &entries, !args.plan);
        if duplicates {
            errln!(
                out,
                "ctask: two or more files share a name (duplicate-in-input); nothing was sent"
            );
            return exit::INVALID;
        }
        return exit::OK;
    }
    if !args.json {
        errln!(out, "ctask: {}", show::plan_counts(&entries, args.update));
    }
    let history = history_sink(out, &ctx, &paths);
    let todo = entries
        .iter()
        .filter(|e| {
            matches!(e.class, Class::Create)
                || (args.update && matches!(e.class, Class::Differs { .. }))
        })
        .count();
    let progress: Mutex<Box<dyn Progress>> =
        Mutex::new(Box::new(CliProgress::new(out, args.json, todo)));
    let stop = CancellationToken::new();
    let cancel = CancellationToken::new();
    let opts = RunOptions {
        update: args.update,
        concurrency,
    };
    let outcomes = rt.block_on(async {
        let (s, c, o) = (stop.clone(), cancel.clone(), out.clone());
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                s.cancel();
                errln!(o, "ctask: interrupted: no new create starts; waiting for those in flight (Ctrl-C again to stop waiting)");
                if tokio::signal::ctrl_c().await.is_ok() {
                    c.cancel();
                }
            }
        });
        apply::apply(&ctx, &entries, opts, history, &progress, &stop, &cancel).await
    });
    // Dropping the progress clears the bar before the summary is printed.
    drop(progress);
    let code = apply::exit_of(&outcomes);
    let stats = show::Stats {
        elapsed: started.elapsed(),
        requests: pace.count(),
        measured: pace.measured(),
        rate: pace.max_rate(),
        slowdowns: pace.slowdowns(),
        interrupted: stop.is_cancelled(),
    };
    show::summary(
        out,
        args.json,
        &ctx.profile,
        &entries,
        &outcomes,
        &stats,
        code,
    );
    code
}
