//! Turning a create attempt into history rows: what was sent (secrets masked, as the api layer masks
//! them for display) and what came back. Conversions and the row clock; the CLI and the TUI do the
//! writing.

use serde_json::{Map, Value};

use super::history::{Answered, Entry, Outcome, Sent};
use crate::api::{ApiError, Attempt, HttpRequest, Response, Session};
use crate::task::CollectionTask;

/// The time format of history rows: RFC 3339, UTC, milliseconds (sorts as text).
pub fn timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The current time as a history row stamps it.
pub fn now() -> String {
    timestamp(chrono::Utc::now())
}

/// Milliseconds since `since`, as a row's duration.
pub fn elapsed_ms(since: std::time::Instant) -> i64 {
    i64::try_from(since.elapsed().as_millis()).unwrap_or(i64::MAX)
}

fn headers_json(headers: &[(String, String)]) -> String {
    let map: Map<String, Value> = headers
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    Value::Object(map).to_string()
}

/// The row written right before the request leaves. `request` may hold secrets; only its masked
/// headers are kept.
pub fn sent_row(
    source: &str,
    profile: &str,
    session: &Session,
    task: &CollectionTask,
    request: &HttpRequest,
    sent_at: &str,
) -> Sent {
    Sent {
        sent_at: sent_at.to_string(),
        source: source.to_string(),
        profile: profile.to_string(),
        endpoint: session.target.endpoint.base.clone(),
        project_id: session.target.project_id.clone(),
        workspace: session.target.workspace.clone(),
        auth_kind: session.credentials.kind_name().to_string(),
        task_name: task.text("name").unwrap_or_default().to_string(),
        data_source_type: task
            .text("data_source_type")
            .unwrap_or_default()
            .to_string(),
        method: request.method.clone(),
        url: request.url(),
        request_headers: headers_json(&request.masked_headers()),
        request_body: request.body_text(),
    }
}

/// How an error ends an attempt: a 4xx is a rejection, everything else a failure.
pub fn outcome_of(result: &Result<String, ApiError>) -> Outcome {
    match result {
        Ok(_) => Outcome::Ok,
        Err(e) if e.is_rejection() => Outcome::Rejected,
        Err(_) => Outcome::Failed,
    }
}

/// The answer row of an attempt that ended (with or without an answer).
pub fn answer_row(attempt: &Attempt, duration_ms: i64, answered_at: &str) -> Answered {
    let response: Option<&Response> = attempt.response.as_ref();
    let (error_code, error_message) = match &attempt.result {
        Ok(_) => (None, None),
        Err(ApiError::Service(s)) => (s.code.clone(), Some(s.message.clone())),
        Err(e) => (None, Some(e.to_string())),
    };
    Answered {
        answered_at: answered_at.to_string(),
        duration_ms,
        status: response.map(|r| r.status),
        response_headers: response.map(|r| headers_json(&r.masked_headers())),
        response_body: response.map(Response::body_text),
        task_id: attempt.result.as_ref().ok().cloned(),
        error_code,
        error_message,
        request_id: response.and_then(|r| r.request_id.clone()).or_else(|| {
            attempt
                .result
                .as_ref()
                .err()
                .and_then(|e| e.request_id().map(str::to_string))
        }),
        outcome: Some(outcome_of(&attempt.result)),
    }
}

/// A stored attempt as a request value again (secrets are already masked in it), for `display_masked`
/// and `curl_line`.
pub fn request_of(e: &Entry) -> HttpRequest {
    let headers: Vec<(String, String)> =
        serde_json::from_str::<Map<String, Value>>(&e.sent.request_headers)
            .map(|m| {
                m.into_iter()
                    .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
    HttpRequest {
        method: e.sent.method.clone(),
        // The stored URL already carries the path and query.
        base: e.sent.url.clone(),
        path: String::new(),
        query: Vec::new(),
        headers,
        body: e.sent.request_body.clone().into_bytes(),
    }
}

/// The user stopped waiting: the create may or may not have reached the service.
pub fn cancelled_row(duration_ms: i64, answered_at: &str) -> Answered {
    Answered {
        answered_at: answered_at.to_string(),
        duration_ms,
        error_message: Some("cancelled while waiting: the task may still have been created".into()),
        outcome: Some(Outcome::CancelledUnknown),
        ..Answered::default()
    }
}
