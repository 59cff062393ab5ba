//! The tasks already on the server, for both front ends: list (paging through the search API),
//! show, run now / start / stop the schedule, update, delete, and pull (the server's task turned back
//! into a plain request body that `validate` accepts and `submit` can send again). The calls are
//! built by `api::Target` and sent by the profile's `Session`; the readers here are pure.

use serde_json::{Map, Value};

use super::paging::{self, Guard};
use crate::api::calls::{check, json_body};
use crate::api::retry::send_with_retry;
use crate::api::{ApiError, HttpRequest, SearchQuery, Session, TaskAction};
use crate::task::CollectionTask;

/// What the search API returns per page at most when asked for more (and what a page asks for).
pub const PAGE: u32 = 100;

/// Fields only the server sets; a pulled body and `apply`'s comparison leave them out. The Terraform
/// provider's schema has these computed only (`resource_huaweicloud_dataarts_catalog_metadata_task.go`:
/// `create_time`, `update_time`, `user_name`, `path`, `last_run_time`, `start_time`, `end_time`,
/// `next_run_time`, `duty_person`; and `schedule_config.job_id`, see `SERVER_ONLY_SCHEDULE`).
pub const SERVER_ONLY: &[&str] = &[
    "id",
    "project_id",
    "create_time",
    "update_time",
    "user_name",
    "path",
    "last_run_time",
    "start_time",
    "end_time",
    "next_run_time",
    "duty_person",
];

/// `schedule_config` fields only the server sets (the provider's `job_id`, computed).
pub const SERVER_ONLY_SCHEDULE: &[&str] = &["job_id"];

/// Fields a create needs that a read may leave out: the provider's import note
/// (`docs/resources/dataarts_catalog_metadata_task.md`, "The missing attributes include:
/// `task_config`"). A pull cannot fill them and `apply` cannot compare them.
pub const READ_MAY_OMIT: &[&str] = &["task_config"];

/// The `READ_MAY_OMIT` fields this read of a task left out.
pub fn not_returned(task: &Value) -> Vec<&'static str> {
    READ_MAY_OMIT
        .iter()
        .copied()
        .filter(|f| task.get(*f).is_none_or(Value::is_null))
        .collect()
}

/// A listing filter: a name fragment, a data source type, how many tasks at most.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub name: Option<String>,
    pub data_source_type: Option<String>,
    /// `None`: every task.
    pub limit: Option<usize>,
}

/// One page or a whole listing: the tasks as the server returns them, and `total_records`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub tasks: Vec<Value>,
    /// `total_records`: how many tasks the project holds, not how many match a filter; paging
    /// ends on a short page (`count`), never on this number alone.
    pub total: u64,
    /// The size of the answers read, in bytes (what `paging::Guard` counts).
    pub bytes: usize,
}

/// The schedule state a read reports in `schedule_config.enabled`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// `3`: the schedule is running (delete is refused with DLG.2206).
    Scheduling,
    /// `5`: the schedule is stopped.
    Paused,
    /// A run-once task, or no `enabled` at all.
    None,
    /// A value the notes do not describe.
    Other(i64),
}

impl Schedule {
    pub fn of(task: &Value) -> Schedule {
        match task
            .get("schedule_config")
            .and_then(|s| s.get("enabled"))
            .and_then(Value::as_i64)
        {
            Some(3) => Schedule::Scheduling,
            Some(5) => Schedule::Paused,
            Some(n) => Schedule::Other(n),
            None => Schedule::None,
        }
    }

    pub fn label(self) -> String {
        match self {
            Schedule::Scheduling => "scheduling".into(),
            Schedule::Paused => "paused".into(),
            Schedule::None => "-".into(),
            // A CRON task never started keeps the 0 it was created with (the provider reads it as off).
            Schedule::Other(0) => "not started".into(),
            Schedule::Other(n) => format!("enabled={n}"),
        }
    }
}

/// A failed call and the host its error came from (IAM when the login failed, else the service).
#[derive(Debug)]
pub struct Failed {
    pub error: Box<ApiError>,
    pub host: String,
}

/// Authorizes and sends one call (with the safe retries), reading a JSON answer.
async fn call(session: &Session, req: HttpRequest) -> Result<Value, Failed> {
    call_sized(session, req).await.map(|(v, _)| v)
}

/// `call`, with the size of the answer's body in bytes.
async fn call_sized(session: &Session, req: HttpRequest) -> Result<(Value, usize), Failed> {
    let req = session.authorize(req).await.map_err(|error| Failed {
        error: Box::new(error),
        host: session.error_host(false),
    })?;
    let sent = |error| Failed {
        error: Box::new(error),
        host: session.error_host(true),
    };
    let resp = send_with_retry(&session.client, &req, &mut |_| {})
        .await
        .map_err(sent)?;
    let resp = check(resp).map_err(sent)?;
    Ok((json_body(&resp).map_err(sent)?, resp.body.len()))
}

/// What tells one listed task from another: its id, else its name, else the whole task.
pub fn task_key(task: &Value) -> String {
    paging::key(task, &["id", "name"])
}

/// A text field of a task as the server returns it (`""` when absent).
pub fn text<'a>(task: &'a Value, key: &str) -> &'a str {
    task.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The schedule type (`RUN_ONCE`, `CRON`, …) of a task as read.
pub fn schedule_type(task: &Value) -> &str {
    task.get("schedule_config")
        .and_then(|s| s.get("schedule_type"))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// One page of the search: `offset`, at most `limit` tasks.
pub async fn page(
    session: &Session,
    filter: &Filter,
    offset: u32,
    limit: u32,
) -> Result<Listing, Failed> {
    let q = SearchQuery {
        name: filter.name.clone().filter(|s| !s.is_empty()),
        data_source_type: filter.data_source_type.clone().filter(|s| !s.is_empty()),
        limit: Some(limit),
        offset: Some(offset),
        ..SearchQuery::default()
    };
    let (body, bytes) = call_sized(session, session.target.search(&q)).await?;
    let tasks = body
        .get("resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let total = body
        .get("total_records")
        .and_then(Value::as_u64)
        .unwrap_or(tasks.len() as u64);
    Ok(Listing {
        tasks,
        total,
        bytes,
    })
}

/// Every matching task (up to `filter.limit`), page after page, under a `paging::Guard`: a short
/// page or a page of tasks already listed ends it, whatever `total_records` says; past a cap it
/// fails.
pub async fn list(session: &Session, filter: &Filter) -> Result<Listing, Failed> {
    list_in_pages(session, filter, PAGE).await
}

/// `list` with pages of `page_size` tasks.
pub async fn list_in_pages(
    session: &Session,
    filter: &Filter,
    page_size: u32,
) -> Result<Listing, Failed> {
    let page_size = page_size.max(1) as usize;
    let mut out = Listing::default();
    let mut guard = Guard::default();
    loop {
        let want = filter
            .limit
            .map_or(page_size, |l| l.saturating_sub(out.tasks.len()))
            .min(page_size);
        if want == 0 {
            break;
        }
        let offset = u32::try_from(out.tasks.len()).unwrap_or(u32::MAX);
        let got = page(session, filter, offset, want as u32).await?;
        out.total = got.total;
        out.bytes += got.bytes;
        let more = guard
            .take(
                got.bytes,
                got.tasks.iter().map(task_key),
                got.tasks.len() >= want,
            )
            .map_err(|error| Failed {
                error: Box::new(error),
                host: session.error_host(true),
            })?;
        if guard.last_was_new() {
            out.tasks.extend(got.tasks);
        }
        if !more || out.tasks.len() as u64 >= got.total {
            break;
        }
    }
    Ok(out)
}

pub async fn show(session: &Session, id: &str) -> Result<Value, Failed> {
    call(session, session.target.show(id)).await
}

/// Runs the task now, starts or stops its schedule.
pub async fn act(session: &Session, id: &str, action: TaskAction) -> Result<(), Failed> {
    call(session, session.target.action(id, action))
        .await
        .map(|_| ())
}

/// Replaces the task's definition; the answer is the task as the server now has it (or `{}`).
pub async fn update(session: &Session, id: &str, task: &CollectionTask) -> Result<Value, Failed> {
    call(session, session.target.update(id, task)).await
}

/// Deletes a task, stopping its schedule first when `stop_first` (the service refuses to delete a
/// task while it is scheduling, DLG.2206). The CLI and the TUI ask before they pass `stop_first`.
pub async fn delete(session: &Session, id: &str, stop_first: bool) -> Result<(), Failed> {
    if stop_first {
        act(session, id, TaskAction::Stop).await?;
    }
    call(session, session.target.delete(id)).await.map(|_| ())
}

/// The server's task as a plain create body: server-only fields left out, and the read status in
/// `schedule_config.enabled` mapped back to what a create takes as the Terraform provider does
/// (`flattenScheduleConfig`: "3 in scheduling" and "5 paused" are both 1, any other number 0).
pub fn pull_body(task: &Value) -> Value {
    let mut body: Map<String, Value> = task.as_object().cloned().unwrap_or_default();
    for f in SERVER_ONLY {
        body.remove(*f);
    }
    if let Some(Value::Object(s)) = body.get_mut("schedule_config") {
        for f in SERVER_ONLY_SCHEDULE {
            s.remove(*f);
        }
        if let Some(n) = s.get("enabled").and_then(Value::as_i64) {
            s.insert("enabled".into(), i64::from(n == 3 || n == 5).into());
        }
    }
    Value::Object(body)
}

/// A pulled task as a new draft: the pulled body with `_copy` after its name.
pub fn copy_body(task: &Value) -> Value {
    let mut body = pull_body(task);
    let name = format!("{}_copy", text(&body, "name"));
    if let Some(m) = body.as_object_mut() {
        m.insert("name".into(), name.into());
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read() -> Value {
        json!({"id": "abc", "project_id": "p", "create_time": "t", "update_time": "t",
               "last_run_time": "t", "name": "n", "dir_id": "0", "user_name": "u", "path": "/a",
               "start_time": "t", "end_time": "t", "next_run_time": "t", "duty_person": "d",
               "schedule_config": {"schedule_type": "CRON", "enabled": 3, "job_id": 7}})
    }

    #[test]
    fn pull_leaves_out_server_fields_and_maps_the_status_back() {
        let b = pull_body(&read());
        assert_eq!(
            b,
            json!({"name": "n", "dir_id": "0",
                   "schedule_config": {"schedule_type": "CRON", "enabled": 1}})
        );
        let mut paused = read();
        paused["schedule_config"]["enabled"] = json!(5);
        assert_eq!(pull_body(&paused)["schedule_config"]["enabled"], json!(1));
        paused["schedule_config"]["enabled"] = json!(2);
        assert_eq!(pull_body(&paused)["schedule_config"]["enabled"], json!(0));
        assert_eq!(copy_body(&read())["name"], json!("n_copy"));
    }

    #[test]
    fn a_read_without_task_config_says_so() {
        assert_eq!(not_returned(&read()), ["task_config"]);
        assert_eq!(not_returned(&json!({"task_config": null})), ["task_config"]);
        assert!(not_returned(&json!({"task_config": {}})).is_empty());
    }

    #[test]
    fn schedule_state_is_decoded() {
        assert_eq!(Schedule::of(&read()), Schedule::Scheduling);
        assert_eq!(Schedule::of(&json!({})), Schedule::None);
        assert_eq!(
            Schedule::of(&json!({"schedule_config": {"enabled": 5}})).label(),
            "paused"
        );
        assert_eq!(Schedule::Other(7).label(), "enabled=7");
    }
}
