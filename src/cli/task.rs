//! `ctask task list|show|run|start|stop|pull|update|delete`: the tasks already on the server, a thin
//! front end over `app::tasks`. Errors are told like `submit`'s (host, code, hint, request id) and
//! end with the documented exit codes.

use std::io::IsTerminal;

use serde_json::{Value, json};

use super::output::{Out, errln, out, outln};
use super::shared::{Common, Runtime, call_failed, confirm};
use crate::api::TaskAction;
use crate::app::Context;
use crate::app::files::{display_name, read_task_file};
use crate::app::tasks::{self, Failed, Filter, Schedule};
use crate::app::words::count;
use crate::exit;
use crate::store::{Overrides, Paths};
use crate::task::{Severity, has_errors, validate};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// The workspace's tasks (pages through POST …/metadata/tasks/search)
    List {
        /// Only tasks whose name contains this text
        #[arg(long)]
        name: Option<String>,
        /// Only this data source type (DLI, DWS, …)
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// How many tasks at most (default: all)
        #[arg(long)]
        limit: Option<usize>,
        #[command(flatten)]
        common: Common,
    },
    /// One task as the server returns it
    Show {
        /// The task id (32 hex characters, as `ctask task list` shows it)
        id: String,
        #[command(flatten)]
        common: Common,
    },
    /// Run the task once now (action runimmediate)
    Run {
        /// The task id (32 hex characters, as `ctask task list` shows it)
        id: String,
        #[command(flatten)]
        common: Common,
    },
    /// Start the task's schedule (action run)
    Start {
        /// The task id (32 hex characters, as `ctask task list` shows it)
        id: String,
        #[command(flatten)]
        common: Common,
    },
    /// Stop the task's schedule (action stop)
    Stop {
        /// The task id (32 hex characters, as `ctask task list` shows it)
        id: String,
        #[command(flatten)]
        common: Common,
    },
    /// Print the task as a plain request body that `validate` accepts and `submit` sends again
    Pull {
        /// The task id (32 hex characters, as `ctask task list` shows it)
        id: String,
        #[command(flatten)]
        common: Common,
    },
    /// Replace the task's definition with a task file (PUT …/tasks/{id})
    Update {
        /// The task id (32 hex characters, as `ctask task list` shows it)
        id: String,
        /// The task file (plain body or KooCLI jsonInput), or - for standard input
        file: String,
        #[command(flatten)]
        common: Common,
    },
    /// Delete the task (asks; a scheduled task's schedule is stopped first)
    Delete {
        /// The task id (32 hex characters, as `ctask task list` shows it)
        id: String,
        /// Do not ask (needed without a terminal); stops a running schedule first
        #[arg(long, short = 'y')]
        yes: bool,
        #[command(flatten)]
        common: Common,
    },
}

#[cfg(test)]
impl Command {
    /// The flags every task command takes.
    pub fn common(&self) -> &Common {
        match self {
            Command::List { common, .. }
            | Command::Show { common, .. }
            | Command::Run { common, .. }
            | Command::Start { common, .. }
            | Command::Stop { common, .. }
            | Command::Pull { common, .. }
            | Command::Update { common, .. }
            | Command::Delete { common, .. } => common,
        }
    }
}

pub fn run(out: &Out, runtime: &Runtime, cmd: &Command) -> u8 {
    match cmd {
        Command::List {
            name,
            kind,
            limit,
            common,
        } => {
            let filter = Filter {
                name: name.clone(),
                data_source_type: kind.clone(),
                limit: *limit,
            };
            with(out, runtime, common, |rt, ctx| {
                list(out, rt, ctx, &filter, common.json)
            })
        }
        Command::Show { id, common } => with(out, runtime, common, |rt, ctx| {
            let task = rt.block_on(tasks::show(&ctx.session, id))?;
            if common.json {
                let state = Schedule::of(&task).label();
                out.json(&json!({"ok": true, "task": task, "schedule": state}));
            } else {
                outln!(out, "{}", pretty(&task));
                errln!(out, "ctask: schedule: {}", Schedule::of(&task).label());
            }
            Ok(exit::OK)
        }),
        Command::Run { id, common } => action(out, runtime, common, id, TaskAction::RunImmediate),
        Command::Start { id, common } => action(out, runtime, common, id, TaskAction::Run),
        Command::Stop { id, common } => action(out, runtime, common, id, TaskAction::Stop),
        Command::Pull { id, common } => with(out, runtime, common, |rt, ctx| {
            let task = rt.block_on(tasks::show(&ctx.session, id))?;
            let body = tasks::pull_body(&task);
            // Never made up: a field the read left out stays out of the body, and is said.
            let missing = tasks::not_returned(&task);
            if common.json {
                out.json(
                    &json!({"ok": true, "task_id": id, "body": body, "not_returned": missing}),
                );
            } else {
                outln!(out, "{}", pretty(&body));
                if !missing.is_empty() {
                    errln!(
                        out,
                        "ctask: warning: the service did not return {} for task {id}, so the pulled body has none; add it before submitting (validate reports it missing)",
                        missing.join(", ")
                    );
                }
            }
            Ok(exit::OK)
        }),
        Command::Update { id, file, common } => update(out, runtime, common, id, file),
        Command::Delete { id, yes, common } => with(out, runtime, common, |rt, ctx| {
            delete(out, rt, ctx, id, *yes, common.json)
        }),
    }
}

/// Resolves the profile, gets the CLI's runtime and runs `f`; a failed call is reported here.
fn with(
    out: &Out,
    runtime: &Runtime,
    common: &Common,
    f: impl FnOnce(&tokio::runtime::Runtime, &Context) -> Result<u8, Failed>,
) -> u8 {
    let fail = |code: u8, message: &str| out.fail(common.json, "usage", message, code);
    let ctx = match Paths::from_env().map_err(|e| e.to_string()).and_then(|p| {
        Context::resolve(&p, common.profile.as_deref(), &Overrides::default())
            .map_err(|e| e.to_string())
    }) {
        Ok(c) => c,
        Err(m) => return fail(exit::USAGE, &m),
    };
    out.warnings(&ctx.warnings);
    let Some(rt) = runtime.get() else {
        return fail(exit::FAILED, "cannot start the async runtime");
    };
    match f(rt, &ctx) {
        Ok(code) => code,
        Err(e) => call_failed(out, common.json, &e.error, &e.host),
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

fn list(
    out: &Out,
    rt: &tokio::runtime::Runtime,
    ctx: &Context,
    filter: &Filter,
    json_out: bool,
) -> Result<u8, Failed> {
    let got = rt.block_on(tasks::list(&ctx.session, filter))?;
    if json_out {
        out.json(
            &json!({"ok": true, "profile": ctx.profile, "total_records": got.total,
               "count": got.tasks.len(), "tasks": got.tasks}),
        );
        return Ok(exit::OK);
    }
    if got.tasks.is_empty() {
        errln!(out, "ctask: no tasks match (profile {})", ctx.profile);
        return Ok(exit::OK);
    }
    out!(out, "{}", table(&got.tasks));
    // `total_records` counts the project's tasks, not a filter's matches (see `tasks::Listing`).
    let (n, total) = (got.tasks.len(), got.total);
    let filtered = filter.name.is_some() || filter.data_source_type.is_some();
    // At `--limit` the listing stopped early: `n` is what was listed, not every match.
    let capped = filter.limit == Some(n);
    let counted = match (filtered, capped) {
        (true, false) => format!(
            "{} {} the project holds {total}",
            count(n, "task"),
            if n == 1 { "matches;" } else { "match;" }
        ),
        (true, true) => format!(
            "the first {} (--limit {n}); the project holds {total}",
            count(n, "matching task")
        ),
        (false, _) => format!("{n} of {}", count(total, "task")),
    };
    errln!(out, "ctask: {counted} (profile {})", ctx.profile);
    Ok(exit::OK)
}

/// The tasks as an aligned table: id, name, type, schedule, state, last update (cells cut at
/// `table::MAX_CELL` columns).
pub fn table(list: &[Value]) -> String {
    let mut rows = vec![
        ["ID", "NAME", "TYPE", "SCHEDULE", "STATE", "UPDATED"]
            .map(str::to_string)
            .to_vec(),
    ];
    rows.extend(list.iter().map(|t| {
        vec![
            tasks::text(t, "id").to_string(),
            tasks::text(t, "name").to_string(),
            tasks::text(t, "data_source_type").to_string(),
            tasks::schedule_type(t).to_string(),
            Schedule::of(t).label(),
            tasks::text(t, "update_time").to_string(),
        ]
    }));
    super::table::render(&rows, super::table::MAX_CELL)
}

fn action(out: &Out, runtime: &Runtime, common: &Common, id: &str, act: TaskAction) -> u8 {
    with(out, runtime, common, |rt, ctx| {
        rt.block_on(tasks::act(&ctx.session, id, act))?;
        if common.json {
            out.json(&json!({"ok": true, "task_id": id, "action": act.as_str()}));
        } else {
            let done = match act {
                TaskAction::RunImmediate => "is running now",
                TaskAction::Run => "schedule started",
                TaskAction::Stop => "schedule stopped",
            };
            outln!(out, "task {id}: {done}");
        }
        Ok(exit::OK)
    })
}

fn update(out: &Out, runtime: &Runtime, common: &Common, id: &str, file: &str) -> u8 {
    let task = match read_task_file(file) {
        Ok(f) => f.task,
        Err(m) => return out.usage(common.json, &m),
    };
    let issues = validate(&task);
    if has_errors(&issues) {
        if common.json {
            out.json(
                &json!({"ok": false, "file": display_name(file), "issues": issues, "exit_code": exit::INVALID}),
            );
        } else {
            for i in issues.iter().filter(|i| i.severity == Severity::Error) {
                errln!(out, "error   {}: {}", i.path, i.message);
            }
            errln!(
                out,
                "ctask: {}: the task has errors; nothing was sent",
                display_name(file)
            );
        }
        return exit::INVALID;
    }
    with(out, runtime, common, |rt, ctx| {
        let answer = rt.block_on(tasks::update(&ctx.session, id, &task))?;
        if common.json {
            out.json(&json!({"ok": true, "task_id": id, "task": answer}));
        } else {
            outln!(out, "task {id}: updated");
        }
        Ok(exit::OK)
    })
}

fn delete(
    out: &Out,
    rt: &tokio::runtime::Runtime,
    ctx: &Context,
    id: &str,
    yes: bool,
    json_out: bool,
) -> Result<u8, Failed> {
    let task = rt.block_on(tasks::show(&ctx.session, id))?;
    let name = tasks::text(&task, "name");
    let scheduled = Schedule::of(&task) == Schedule::Scheduling;
    if !yes {
        if json_out || !std::io::stdin().is_terminal() {
            return Ok(out.usage(
                json_out,
                &format!("deleting task {id} ({name:?}) needs --yes without a terminal"),
            ));
        }
        let question = if scheduled {
            format!(
                "Task {id} ({name:?}) is scheduled; the service refuses to delete it (DLG.2206). Stop its schedule and delete it? [y/N] "
            )
        } else {
            format!("Delete task {id} ({name:?})? [y/N] ")
        };
        if !confirm(out, &question) {
            errln!(out, "ctask: nothing deleted");
            return Ok(exit::OK);
        }
    }
    if scheduled && !json_out {
        errln!(
            out,
            "ctask: stopping the schedule of task {id}, then deleting it"
        );
    }
    rt.block_on(tasks::delete(&ctx.session, id, scheduled))?;
    if json_out {
        out.json(
            &json!({"ok": true, "task_id": id, "deleted": true, "stopped_schedule": scheduled}),
        );
    } else {
        outln!(out, "task {id}: deleted");
    }
    Ok(exit::OK)
}
