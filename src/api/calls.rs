//! The DataArts calls this product makes (docs/api-notes.md sections 1 and 5), each built as a plain
//! `HttpRequest` without authentication, and the readers of their answers. Pure: no IO.

use serde_json::{Map, Value, json};

use super::client::{BODY_CAP, Response};
use super::error::{ApiError, excerpt, parse_error_body};
use super::request::{Endpoint, HttpRequest};
use crate::task::CollectionTask;
use crate::task::taskfile::body_value;

/// Where Catalog calls go: the endpoint, the project in the path, the `workspace` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub endpoint: Endpoint,
    pub project_id: String,
    pub workspace: String,
}

/// `POST …/tasks/{id}/action?action=…`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskAction {
    RunImmediate,
    Run,
    Stop,
}

impl TaskAction {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskAction::RunImmediate => "runimmediate",
            TaskAction::Run => "run",
            TaskAction::Stop => "stop",
        }
    }
}

/// The search body's filters (all optional) and paging.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub name: Option<String>,
    pub data_source_type: Option<String>,
    pub data_connection_id: Option<String>,
    pub directory_id: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Paging and filters for the listing calls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

impl Target {
    fn catalog(&self, method: &str, segments: &[&str], query: &[(&str, &str)]) -> HttpRequest {
        HttpRequest::new(method, &self.endpoint.base, segments, query)
            .with_header("workspace", &self.workspace)
    }

    /// The body exactly as `ctask` sends it: compact JSON of the task.
    pub fn create(&self, task: &CollectionTask) -> HttpRequest {
        let body = serde_json::to_vec(&body_value(task)).unwrap_or_default();
        self.catalog(
            "POST",
            &["v3", &self.project_id, "metadata", "tasks", "create"],
            &[],
        )
        .with_json_body(body)
    }

    pub fn show(&self, task_id: &str) -> HttpRequest {
        self.catalog(
            "GET",
            &["v3", &self.project_id, "metadata", "tasks", task_id],
            &[],
        )
    }

    /// `PUT …/tasks/{id}` with the task's body, compact JSON as `create` sends it.
    pub fn update(&self, task_id: &str, task: &CollectionTask) -> HttpRequest {
        let body = serde_json::to_vec(&body_value(task)).unwrap_or_default();
        self.catalog(
            "PUT",
            &["v3", &self.project_id, "metadata", "tasks", task_id],
            &[],
        )
        .with_json_body(body)
    }

    pub fn delete(&self, task_id: &str) -> HttpRequest {
        self.catalog(
            "DELETE",
            &["v3", &self.project_id, "metadata", "tasks", task_id],
            &[],
        )
    }

    pub fn search(&self, q: &SearchQuery) -> HttpRequest {
        let mut body = Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                body.insert(k.to_string(), v);
            }
        };
        put("name", q.name.clone().map(Value::from));
        put(
            "data_source_type",
            q.data_source_type.clone().map(Value::from),
        );
        put(
            "data_connection_id",
            q.data_connection_id.clone().map(Value::from),
        );
        put("directory_id", q.directory_id.clone().map(Value::from));
        put("limit", q.limit.map(Value::from));
        put("offset", q.offset.map(Value::from));
        self.catalog(
            "POST",
            &["v3", &self.project_id, "metadata", "tasks", "search"],
            &[],
        )
        .with_json_body(Value::Object(body).to_string().into_bytes())
    }

    pub fn action(&self, task_id: &str, action: TaskAction) -> HttpRequest {
        self.catalog(
            "POST",
            &[
                "v3",
                &self.project_id,
                "metadata",
                "tasks",
                task_id,
                "action",
            ],
            &[("action", action.as_str())],
        )
    }

    pub fn data_connections(
        &self,
        name: Option<&str>,
        kind: Option<&str>,
        page: &Page,
    ) -> HttpRequest {
        let (limit, offset) = page.strings();
        let mut q: Vec<(&str, &str)> = Vec::new();
        push(&mut q, "name", name);
        push(&mut q, "type", kind);
        push(&mut q, "limit", limit.as_deref());
        push(&mut q, "offset", offset.as_deref());
        self.catalog("GET", &["v1", &self.project_id, "data-connections"], &q)
    }

    pub fn databases(&self, connection_id: &str, page: &Page) -> HttpRequest {
        let (limit, offset) = page.strings();
        let mut q = Vec::new();
        push(&mut q, "limit", limit.as_deref());
        push(&mut q, "offset", offset.as_deref());
        self.catalog(
            "GET",
            &["v2", &self.project_id, connection_id, "databases"],
            &q,
        )
    }

    pub fn schemas(&self, connection_id: &str, database: &str, page: &Page) -> HttpRequest {
        let (limit, offset) = page.strings();
        let mut q = vec![("database_name", database)];
        push(&mut q, "limit", limit.as_deref());
        push(&mut q, "offset", offset.as_deref());
        self.catalog(
            "GET",
            &["v2", &self.project_id, connection_id, "schemas"],
            &q,
        )
    }

    pub fn tables(
        &self,
        connection_id: &str,
        database: &str,
        table: Option<&str>,
        page: &Page,
    ) -> HttpRequest {
        let (limit, offset) = page.strings();
        let mut q = vec![("database_name", database)];
        push(&mut q, "table_name", table);
        push(&mut q, "limit", limit.as_deref());
        push(&mut q, "offset", offset.as_deref());
        self.catalog(
            "GET",
            &["v2", &self.project_id, connection_id, "datatables"],
            &q,
        )
    }
}

impl Page {
    fn strings(&self) -> (Option<String>, Option<String>) {
        (
            self.limit.map(|n| n.to_string()),
            self.offset.map(|n| n.to_string()),
        )
    }
}

fn push<'a>(q: &mut Vec<(&'a str, &'a str)>, k: &'a str, v: Option<&'a str>) {
    if let Some(v) = v {
        q.push((k, v));
    }
}

/// A non-2xx answer as an error; a 2xx answer passes through.
pub fn check(resp: Response) -> Result<Response, ApiError> {
    if resp.is_success() {
        Ok(resp)
    } else {
        Err(ApiError::Service(parse_error_body(
            resp.status,
            &resp.body,
            resp.request_id.clone(),
        )))
    }
}

/// The JSON body of a 2xx answer (an empty body reads as `{}`, e.g. a 204 action).
pub fn json_body(resp: &Response) -> Result<Value, ApiError> {
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(&resp.body).map_err(|e| bad(resp, &format!("{e}")))
}

/// The `task_id` of a create answer: 32 lowercase hex characters.
pub fn created_task_id(resp: &Response) -> Result<String, ApiError> {
    let v: Value = serde_json::from_slice(&resp.body).map_err(|e| bad(resp, &format!("{e}")))?;
    match v.get("task_id").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => Ok(id.to_string()),
        _ => Err(bad(resp, "no task_id in the answer")),
    }
}

/// A 2xx answer ctask cannot read, with an excerpt of it (a body cut at the cap says so).
pub(super) fn bad(resp: &Response, reason: &str) -> ApiError {
    // A body cut at the cap fails to parse at the cut: say why, not where.
    let reason = if resp.truncated {
        format!(
            "the answer is larger than the {} MiB ctask reads and was cut there",
            BODY_CAP / (1024 * 1024)
        )
    } else {
        reason.to_string()
    };
    ApiError::BadResponse {
        status: resp.status,
        reason,
        excerpt: excerpt(&resp.body),
        request_id: resp.request_id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn target() -> Target {
        Target {
            endpoint: Endpoint {
                base: "http://h".into(),
                iam: "http://h".into(),
            },
            project_id: "p1".into(),
            workspace: "ws".into(),
        }
    }

    #[test]
    fn paths_match_the_api_notes() {
        let t = target();
        assert_eq!(
            t.create(&CollectionTask::default()).url(),
            "http://h/v3/p1/metadata/tasks/create"
        );
        assert_eq!(t.show("abc").url(), "http://h/v3/p1/metadata/tasks/abc");
        let put = t.update("abc", &CollectionTask::default());
        assert_eq!(
            (put.method.as_str(), put.url().as_str()),
            ("PUT", "http://h/v3/p1/metadata/tasks/abc")
        );
        let del = t.delete("abc");
        assert_eq!(
            (del.method.as_str(), del.url().as_str()),
            ("DELETE", "http://h/v3/p1/metadata/tasks/abc")
        );
        assert_eq!(
            t.action("abc", TaskAction::RunImmediate).url(),
            "http://h/v3/p1/metadata/tasks/abc/action?action=runimmediate"
        );
        let page = Page {
            limit: Some(1),
            offset: None,
        };
        assert_eq!(
            t.data_connections(None, Some("DLI"), &page).url(),
            "http://h/v1/p1/data-connections?type=DLI&limit=1"
        );
        assert_eq!(
            t.databases("c1", &page).url(),
            "http://h/v2/p1/c1/databases?limit=1"
        );
        assert_eq!(
            t.schemas("c1", "db", &Page::default()).url(),
            "http://h/v2/p1/c1/schemas?database_name=db"
        );
        assert_eq!(
            t.tables("c1", "db", Some("t"), &Page::default()).url(),
            "http://h/v2/p1/c1/datatables?database_name=db&table_name=t"
        );
        let s = t.search(&SearchQuery {
            name: Some("x".into()),
            limit: Some(5),
            ..Default::default()
        });
        assert_eq!(s.body_text(), r#"{"name":"x","limit":5}"#);
        assert_eq!(s.header("workspace"), Some("ws"));
        assert_eq!(
            s.header("content-type"),
            Some("application/json;charset=UTF-8")
        );
    }

    fn resp(status: u16, body: &str) -> Response {
        Response {
            status,
            elapsed: Duration::ZERO,
            request_id: Some("r".into()),
            headers: vec![],
            body: body.into(),
            truncated: false,
        }
    }

    #[test]
    fn create_answer_is_read_or_reported() {
        assert_eq!(
            created_task_id(&resp(
                200,
                r#"{"task_id":"8a9480ed8353e491018354b87f63009e"}"#
            ))
            .unwrap(),
            "8a9480ed8353e491018354b87f63009e"
        );
        let e = created_task_id(&resp(200, r#"{"task_id":"8a94"#)).unwrap_err();
        assert!(matches!(e, ApiError::BadResponse { status: 200, .. }));
        assert!(created_task_id(&resp(200, "{}")).is_err());
        assert!(
            check(resp(404, r#"{"code":"APIG.0101","message":"x"}"#))
                .unwrap_err()
                .is_rejection()
        );
        assert_eq!(json_body(&resp(204, "")).unwrap(), json!({}));
    }

    #[test]
    fn a_body_cut_at_the_cap_is_reported_as_too_large() {
        let mut r = resp(
            200,
            r#"{"task_id":"8a9480ed8353e491018354b87f63009e","padding":"xx"#,
        );
        r.truncated = true;
        let e = created_task_id(&r).unwrap_err().to_string();
        assert!(e.contains("larger than the 1 MiB"), "{e}");
        assert!(!e.contains("EOF"), "{e}");
    }
}
