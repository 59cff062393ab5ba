//! The Tasks screen's IO: the effects it asks for (search a page, run now / start / stop, delete,
//! pull) and the messages that answer them. Each effect is spawned on the runtime with the current
//! profile's `app::Context` and goes through `app::tasks`; nothing else in the TUI calls the service
//! for tasks.

use std::sync::Arc;

use serde_json::Value;

use crate::api::TaskAction;
use crate::app::tasks::{self, Failed, Filter};
use crate::app::{Context, Report};

/// What the Tasks screen (and the Response screen's task keys) ask the runner to do.
#[derive(Clone, Debug, PartialEq)]
pub enum TasksEffect {
    /// One search page, names containing `name`.
    List {
        generation: u64,
        context: Arc<Context>,
        name: String,
        offset: u32,
        limit: u32,
    },
    Act {
        context: Arc<Context>,
        id: String,
        action: TaskAction,
    },
    /// Delete, stopping the schedule first when `stop_first`.
    Delete {
        context: Arc<Context>,
        id: String,
        stop_first: bool,
    },
    /// Read the task, to open it in the form as a new draft.
    Pull { context: Arc<Context>, id: String },
}

/// The answers.
#[derive(Clone, Debug, PartialEq)]
pub enum TasksMsg {
    Listed {
        generation: u64,
        result: Result<(Vec<Value>, u64), String>,
    },
    Acted {
        id: String,
        action: TaskAction,
        result: Result<(), String>,
    },
    Deleted {
        id: String,
        result: Result<(), String>,
    },
    Pulled {
        id: String,
        result: Result<Value, String>,
    },
}

/// A failed call in one line: the headline (it names the host) and the hint.
fn told(f: &Failed) -> String {
    let r = Report::of(&f.error, &f.host);
    match r.hint {
        Some(h) => format!("{} ({h})", r.message),
        None => r.message,
    }
}

/// Spawns `effect`; its answer goes to `answer` (the loop wraps it as `Msg::Tasks`). Needs a tokio
/// runtime.
pub fn run(effect: TasksEffect, answer: impl FnOnce(TasksMsg) + Send + 'static) {
    tokio::spawn(async move {
        let msg = match effect {
            TasksEffect::List {
                generation,
                context,
                name,
                offset,
                limit,
            } => {
                let filter = Filter {
                    name: Some(name),
                    ..Filter::default()
                };
                let result = tasks::page(&context.session, &filter, offset, limit)
                    .await
                    .map(|l| (l.tasks, l.total))
                    .map_err(|f| told(&f));
                TasksMsg::Listed { generation, result }
            }
            TasksEffect::Act {
                context,
                id,
                action,
            } => {
                let result = tasks::act(&context.session, &id, action)
                    .await
                    .map_err(|f| told(&f));
                TasksMsg::Acted { id, action, result }
            }
            TasksEffect::Delete {
                context,
                id,
                stop_first,
            } => {
                let result = tasks::delete(&context.session, &id, stop_first)
                    .await
                    .map_err(|f| told(&f));
                TasksMsg::Deleted { id, result }
            }
            TasksEffect::Pull { context, id } => {
                let result = tasks::show(&context.session, &id)
                    .await
                    .map_err(|f| told(&f));
                TasksMsg::Pulled { id, result }
            }
        };
        answer(msg);
    });
}
