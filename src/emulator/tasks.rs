//! The collection-task routes: create (the product's main call) and its siblings show, search,
//! update, delete and action, all backed by the in-memory `TaskStore`. Every route runs the same
//! ordered checks (credentials, workspace, project) before looking at the body.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::auth::{Call, authorize};
use super::checks::{starts_scheduled, task_body};
use super::errors::{ApiError, code};
use super::paging::Page;
use super::state::{Shared, StoredTask, lock};

/// Fields the server owns; a body's values for them are ignored.
const SERVER_FIELDS: &[&str] = &["id", "project_id", "create_time", "update_time"];

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A missing task, as the Terraform provider expects it: 400 with `errors[0].error_code` DLG.2253
/// on show, DLG.2208 on delete, DLG.0818 ("the workspace or metadata task does not exist") on
/// update and action, which the provider does not call on a missing task (unconfirmed there).
fn no_task(code: &'static str, id: &str) -> ApiError {
    ApiError::no_task(
        code,
        format!("The collection task {id} does not exist in this workspace"),
    )
}

fn duplicate(name: &str) -> ApiError {
    ApiError::bad_request(
        code::DUPLICATE_NAME,
        format!("A collection task named '{name}' already exists in this workspace"),
    )
}

fn name_of(body: &Map<String, Value>) -> String {
    body.get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn strip_server_fields(mut body: Map<String, Value>) -> Map<String, Value> {
    for f in SERVER_FIELDS {
        body.remove(*f);
    }
    body
}

/// An update's body, keeping the stored `user_id` when the update sends none.
fn with_user(mut body: Map<String, Value>, stored: &Map<String, Value>) -> Map<String, Value> {
    if !body.contains_key("user_id")
        && let Some(u) = stored.get("user_id")
    {
        body.insert("user_id".into(), u.clone());
    }
    body
}

/// The flat task as show and search return it; without `task_config` while reads omit it (the
/// provider's import note: the service may not return it).
fn render(state: &Shared, task: &StoredTask) -> Value {
    let mut out = task.body.clone();
    if state.omits_task_config() {
        out.remove("task_config");
    }
    out.insert("id".into(), task.id.clone().into());
    out.insert("project_id".into(), state.config.project_id.clone().into());
    out.insert("create_time".into(), task.create_time.clone().into());
    out.insert("update_time".into(), task.update_time.clone().into());
    if let Some(t) = &task.last_run_time {
        out.insert("last_run_time".into(), t.clone().into());
    }
    if let Some(Value::Object(schedule)) = out.get_mut("schedule_config")
        && schedule.get("schedule_type").and_then(Value::as_str) == Some("CRON")
    {
        // On read the service reports a status. The Terraform provider's `flattenScheduleConfig`
        // names "3 in scheduling" and "5 paused" (both read as 1) and every other value as 0; its
        // acceptance tests create CRON tasks with `enabled = 0` and expect no diff, so a task never
        // started keeps what was sent. That a stopped schedule reads 5 is unconfirmed.
        if task.scheduled {
            schedule.insert("enabled".into(), 3.into());
        } else if task.paused {
            schedule.insert("enabled".into(), 5.into());
        }
    }
    Value::Object(out)
}

pub async fn create(
    State(state): State<Shared>,
    Path(project): Path<String>,
    call: Call,
) -> Result<Response, ApiError> {
    let (_, workspace) = authorize(&state, &call, &project)?;
    let mut body = strip_server_fields(task_body(&call.body)?);
    // Without `user_id` the task is the caller's: the Terraform provider never sends one (its schema
    // has `user_id` computed only) and reads the service's value back.
    if body
        .get("user_id")
        .is_none_or(|u| u.as_str().is_none_or(str::is_empty))
    {
        body.insert("user_id".into(), state.config.user_id.clone().into());
    }
    let name = name_of(&body);
    let id = uuid::Uuid::new_v4().simple().to_string();
    let stamp = now();
    let task = StoredTask {
        id: id.clone(),
        workspace: workspace.clone(),
        scheduled: starts_scheduled(&body),
        paused: false,
        body,
        create_time: stamp.clone(),
        update_time: stamp,
        last_run_time: None,
    };
    let mut store = lock(&state.tasks);
    if store.name_taken(&workspace, &name, None) {
        return Err(duplicate(&name));
    }
    store.insert(task);
    Ok(Json(json!({ "task_id": id })).into_response())
}

pub async fn show(
    State(state): State<Shared>,
    Path((project, id)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    let (_, workspace) = authorize(&state, &call, &project)?;
    let mut store = lock(&state.tasks);
    let task = store
        .get_mut(&workspace, &id)
        .ok_or_else(|| no_task(code::NO_TASK_TO_SHOW, &id))?;
    Ok(Json(render(&state, task)).into_response())
}

pub async fn update(
    State(state): State<Shared>,
    Path((project, id)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    let (_, workspace) = authorize(&state, &call, &project)?;
    let body = strip_server_fields(task_body(&call.body)?);
    let name = name_of(&body);
    let mut store = lock(&state.tasks);
    if store.name_taken(&workspace, &name, Some(&id)) {
        return Err(duplicate(&name));
    }
    let task = store
        .get_mut(&workspace, &id)
        .ok_or_else(|| no_task(code::WORKSPACE_OR_TASK, &id))?;
    task.scheduled = starts_scheduled(&body);
    task.paused = false;
    task.body = with_user(body, &task.body);
    task.update_time = now();
    // `UpdateTaskInfoResponse` has no fields (huaweicloud-sdk-go-v3,
    // services/dataartsstudio/v1/model/model_update_task_info_response.go): 200, empty body.
    Ok(StatusCode::OK.into_response())
}

pub async fn delete(
    State(state): State<Shared>,
    Path((project, id)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    let (_, workspace) = authorize(&state, &call, &project)?;
    let mut store = lock(&state.tasks);
    let task = store
        .get_mut(&workspace, &id)
        .ok_or_else(|| no_task(code::NO_TASK_TO_DELETE, &id))?;
    if task.scheduled {
        return Err(ApiError::bad_request(
            code::SCHEDULED,
            "The task is being scheduled and cannot be deleted; stop its schedule first",
        ));
    }
    store.remove(&workspace, &id);
    // The provider deletes with `OkCodes: []int{200}`; `DeleteTaskInfoResponse` has no fields.
    Ok(StatusCode::OK.into_response())
}

/// `?action=runimmediate|run|stop`: run once now, start the schedule, stop it.
pub async fn action(
    State(state): State<Shared>,
    Path((project, id)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    let (_, workspace) = authorize(&state, &call, &project)?;
    let action = call.param("action").unwrap_or_default().to_string();
    let mut store = lock(&state.tasks);
    let task = store
        .get_mut(&workspace, &id)
        .ok_or_else(|| no_task(code::WORKSPACE_OR_TASK, &id))?;
    match action.as_str() {
        "runimmediate" => task.last_run_time = Some(now()),
        // Only a CRON task has a schedule to start (and reads back `enabled` 3 or 5).
        "run" => {
            task.scheduled = task
                .body
                .get("schedule_config")
                .and_then(|s| s.get("schedule_type"))
                .and_then(Value::as_str)
                == Some("CRON");
        }
        "stop" => {
            task.paused |= task.scheduled;
            task.scheduled = false;
        }
        other => {
            return Err(ApiError::bad_request(
                code::BAD_PARAMETER,
                format!("action must be runimmediate, run or stop, not '{other}'"),
            ));
        }
    }
    // 200 with no body, as delete (the SDK's `ExecuteTaskActionResponse` holds no field).
    Ok(StatusCode::OK.into_response())
}

/// Body `{name, data_source_type, data_connection_id, directory_id, limit, offset}`, all optional.
pub async fn search(
    State(state): State<Shared>,
    Path(project): Path<String>,
    call: Call,
) -> Result<Response, ApiError> {
    let (_, workspace) = authorize(&state, &call, &project)?;
    let filter: Map<String, Value> = if call.body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice(&call.body) {
            Ok(Value::Object(m)) => m,
            _ => {
                return Err(ApiError::bad_request(
                    code::BAD_JSON,
                    "The search body must be a JSON object",
                ));
            }
        }
    };
    let page = Page::from_json(&filter)?;
    let text = |k: &str| {
        filter
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let name = text("name").map(str::to_lowercase);
    let kind = text("data_source_type");
    let connection = text("data_connection_id");
    let dir = text("directory_id");
    let store = lock(&state.tasks);
    let hits: Vec<&StoredTask> = store
        .in_workspace(&workspace)
        .filter(|t| {
            let get = |k: &str| t.body.get(k).and_then(Value::as_str);
            name.as_ref()
                .is_none_or(|n| get("name").is_some_and(|v| v.to_lowercase().contains(n)))
                && kind.is_none_or(|k| {
                    get("data_source_type").is_some_and(|v| v.eq_ignore_ascii_case(k))
                })
                && dir.is_none_or(|d| get("dir_id") == Some(d))
                && connection.is_none_or(|c| {
                    t.body
                        .get("task_config")
                        .and_then(|c| c.get("data_connection_id"))
                        .and_then(Value::as_str)
                        == Some(c)
                })
        })
        .collect();
    let resources: Vec<Value> = page
        .slice(&hits)
        .iter()
        .map(|t| render(&state, t))
        .collect();
    // `total_records` counts the project's tasks, not the filter's matches (docs/api-notes.md
    // section 5, from use of the live service), so a client pages by `count` and a short page. `max_records` is the page
    // size asked for: its meaning is unconfirmed.
    let total = store.in_workspace(&workspace).count();
    Ok(
        Json(json!({ "count": resources.len(), "total_records": total,
                    "max_records": page.limit, "resources": resources }))
        .into_response(),
    )
}
