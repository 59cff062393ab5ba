//! Injected faults: the next N requests matching a method and a path fragment get a broken answer
//! (delay, hang, a chosen status, malformed or truncated JSON, a reset mid-body, throttling, a
//! trickle, a huge body). This module keeps the rules and builds the broken responses; the
//! observing layer decides when to use them.

use std::io;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::stream;
use serde::Deserialize;

use super::errors::{ApiError, code};
use super::state::Shared;

/// What to do to a matching request.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// Wait, then answer normally.
    Delay { ms: u64 },
    /// Never answer; the connection stays open until shutdown.
    Hang,
    /// Answer this status with an HTML page or no body.
    Status {
        status: u16,
        #[serde(default)]
        body: StatusBody,
    },
    /// 200 with a body that is not JSON.
    MalformedJson,
    /// 200 with a cut JSON body and a Content-Length that matches the cut.
    TruncatedJson,
    /// Headers promise more bytes than are sent, then the connection is aborted.
    Reset,
    /// 429 with `APIG.0308`.
    Throttle,
    /// The normal answer, sent slowly.
    Trickle { bytes_per_sec: u64 },
    /// 200 with a JSON body of exactly this many bytes.
    Large { bytes: usize },
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StatusBody {
    #[default]
    Html,
    Empty,
}

/// The admin API's `POST /_emulator/faults` body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub path_contains: Option<String>,
    #[serde(default = "one")]
    pub count: u32,
    pub fault: Fault,
}

/// Bounds of the fault parameters (a bigger one is 400 `EMU.0008`, never an abort).
pub const MAX_COUNT: u32 = 10_000;
pub const MAX_DELAY_MS: u64 = 600_000;
pub const MAX_LARGE_BYTES: usize = 64 * 1024 * 1024;
/// At most this many rules pending at once; one more is refused until some run out or are cleared.
pub const MAX_PENDING: usize = 1000;
/// `method` and `path_contains` are short texts (a rule's size stays small, whatever is posted).
pub const MAX_METHOD_BYTES: usize = 16;
pub const MAX_PATH_BYTES: usize = 2048;
/// A fault spec's whole JSON body.
pub const MAX_SPEC_BYTES: usize = 16 * 1024;

fn one() -> u32 {
    1
}

impl FaultSpec {
    pub fn check(&self) -> Result<(), ApiError> {
        let bad = |m: &str| Err(ApiError::bad_request(code::BAD_FAULT, m));
        if !(1..=MAX_COUNT).contains(&self.count) {
            return bad("count must be between 1 and 10000");
        }
        if self
            .method
            .as_ref()
            .is_some_and(|m| m.len() > MAX_METHOD_BYTES)
        {
            return bad("method must be at most 16 bytes");
        }
        if self
            .path_contains
            .as_ref()
            .is_some_and(|p| p.len() > MAX_PATH_BYTES)
        {
            return bad("path_contains must be at most 2048 bytes");
        }
        match self.fault {
            Fault::Status { status, .. } if StatusCode::from_u16(status).is_err() => {
                bad("status must be an HTTP status between 100 and 999")
            }
            Fault::Trickle { bytes_per_sec: 0 } => bad("bytes_per_sec must be at least 1"),
            Fault::Delay { ms } if ms > MAX_DELAY_MS => bad("ms must be at most 600000 (10 min)"),
            Fault::Large { bytes } if !(2..=MAX_LARGE_BYTES).contains(&bytes) => {
                bad("bytes must be between 2 and 67108864 (64 MiB)")
            }
            _ => Ok(()),
        }
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
    }
}

#[derive(Debug)]
struct Rule {
    spec: FaultSpec,
    remaining: u32,
}

/// Pending fault rules, first registered first used.
#[derive(Debug, Default)]
pub struct FaultBook {
    next_id: u64,
    rules: Vec<Rule>,
}

impl FaultBook {
    /// Adds a rule; with `MAX_PENDING` rules already pending, 400 `EMU.0008` naming the cap.
    pub fn add(&mut self, spec: FaultSpec) -> Result<u64, ApiError> {
        if self.rules.len() >= MAX_PENDING {
            return Err(ApiError::bad_request(
                code::BAD_FAULT,
                format!(
                    "at most {MAX_PENDING} fault rules may be pending; DELETE /_emulator/faults clears them"
                ),
            ));
        }
        self.next_id += 1;
        let remaining = spec.count;
        self.rules.push(Rule { spec, remaining });
        Ok(self.next_id)
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// The fault for this request, if a rule matches; uses up one of its count.
    pub fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let pos = self
            .rules
            .iter()
            .position(|r| r.remaining > 0 && r.spec.matches(method, path))?;
        let rule = &mut self.rules[pos];
        rule.remaining -= 1;
        let fault = rule.spec.fault.clone();
        if rule.remaining == 0 {
            self.rules.remove(pos);
        }
        Some(fault)
    }
}

const JSON: &str = "application/json;charset=UTF-8";
const SAMPLE_ID: &str = "8a9480ed8353e491018354b87f63009e";

fn with_type(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let mut res = (status, body).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

/// A fault that replaces the answer entirely (everything but delay and trickle).
pub async fn replace(state: &Shared, fault: &Fault) -> Option<Response> {
    let res = match fault {
        Fault::Delay { .. } | Fault::Trickle { .. } => return None,
        Fault::Hang => {
            state.until_shutdown().await;
            aborted(Bytes::new(), 1)
        }
        Fault::Status { status, body } => status_page(*status, *body),
        Fault::MalformedJson => with_type(
            StatusCode::OK,
            JSON,
            Body::from(format!("{{task_id: {SAMPLE_ID}}}")),
        ),
        Fault::TruncatedJson => with_type(
            StatusCode::OK,
            JSON,
            Body::from(&br#"{"task_id":"8a9480ed"#[..]),
        ),
        Fault::Reset => aborted(Bytes::from_static(br#"{"task_id":"8a9480ed83"#), 64),
        Fault::Throttle => ApiError::throttled().into_response(),
        Fault::Large { bytes } => with_type(StatusCode::OK, JSON, Body::from(large_body(*bytes))),
    };
    Some(res)
}

fn status_page(status: u16, body: StatusBody) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    match body {
        StatusBody::Empty => status.into_response(),
        StatusBody::Html => {
            let reason = status.canonical_reason().unwrap_or("Error");
            let code = status.as_u16();
            let page = format!(
                "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n\
                 <center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n\
                 </body>\r\n</html>\r\n"
            );
            with_type(status, "text/html", Body::from(page))
        }
    }
}

/// Sends `sent`, then fails the body: with a Content-Length of `promised` the server can only
/// abort the connection.
fn aborted(sent: Bytes, promised: usize) -> Response {
    // The pause lets the server flush the headers and the first bytes before the abort.
    let body = stream::unfold(Some(sent), |step| async move {
        match step {
            Some(sent) if !sent.is_empty() => Some((Ok(sent), None)),
            _ => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                let err = io::Error::new(io::ErrorKind::ConnectionReset, "injected reset");
                Some((Err(err), None))
            }
        }
    });
    let mut res = with_type(StatusCode::OK, JSON, Body::from_stream(body));
    res.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(promised));
    res
}

/// `{"task_id":"…","padding":"xxx…"}` of exactly `bytes` bytes (or the bare minimum).
fn large_body(bytes: usize) -> Vec<u8> {
    let head = format!(r#"{{"task_id":"{SAMPLE_ID}","padding":""#);
    let fill = bytes.saturating_sub(head.len() + 2);
    let mut out = Vec::with_capacity(head.len() + fill + 2);
    out.extend_from_slice(head.as_bytes());
    out.resize(head.len() + fill, b'x');
    out.extend_from_slice(b"\"}");
    out
}

/// Waits `ms` (cut short by shutdown).
pub async fn delay(state: &Shared, ms: u64) {
    tokio::select! {
        () = tokio::time::sleep(Duration::from_millis(ms)) => {}
        () = state.until_shutdown() => {}
    }
}

/// Re-sends a finished answer at `bytes_per_sec`, in tenth-of-a-second slices. Content-Length
/// stays that of the whole body; shutdown aborts the rest.
pub async fn trickle(state: Shared, res: Response, bytes_per_sec: u64) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(all) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let (slice, tick_ms) = if bytes_per_sec >= 10 {
        (
            usize::try_from(bytes_per_sec / 10).unwrap_or(usize::MAX),
            100,
        )
    } else {
        (1, 1000 / bytes_per_sec)
    };
    let tick = Duration::from_millis(tick_ms);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(all.len()));
    let body = stream::unfold((all, state), move |(rest, state)| async move {
        if rest.is_empty() {
            return None;
        }
        tokio::select! {
            () = tokio::time::sleep(tick) => {}
            () = state.until_shutdown() => {
                let err = io::Error::new(io::ErrorKind::ConnectionAborted, "shutdown");
                return Some((Err(err), (Bytes::new(), state)));
            }
        }
        let mut rest = rest;
        let chunk = rest.split_to(slice.min(rest.len()));
        Some((Ok::<Bytes, io::Error>(chunk), (rest, state)))
    });
    Response::from_parts(parts, Body::from_stream(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> FaultSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn rules_match_and_run_out() {
        let mut book = FaultBook::default();
        let id = book.add(spec(
            r#"{"method":"POST","path_contains":"/tasks/create","count":2,"fault":{"kind":"throttle"}}"#,
        ));
        assert_eq!(id.unwrap(), 1);
        assert_eq!(book.take("GET", "/v3/p/metadata/tasks/create"), None);
        assert_eq!(
            book.take("post", "/v3/p/metadata/tasks/create"),
            Some(Fault::Throttle)
        );
        assert_eq!(
            book.take("POST", "/v3/p/metadata/tasks/create"),
            Some(Fault::Throttle)
        );
        assert_eq!(book.take("POST", "/v3/p/metadata/tasks/create"), None);
    }

    #[test]
    fn every_kind_parses() {
        for f in [
            r#"{"kind":"delay","ms":5}"#,
            r#"{"kind":"hang"}"#,
            r#"{"kind":"status","status":503,"body":"empty"}"#,
            r#"{"kind":"status","status":502}"#,
            r#"{"kind":"malformed_json"}"#,
            r#"{"kind":"truncated_json"}"#,
            r#"{"kind":"reset"}"#,
            r#"{"kind":"throttle"}"#,
            r#"{"kind":"trickle","bytes_per_sec":100}"#,
            r#"{"kind":"large","bytes":1000}"#,
        ] {
            let s = spec(&format!(r#"{{"fault":{f}}}"#));
            assert!(s.check().is_ok(), "{f}");
        }
        assert!(
            spec(r#"{"count":0,"fault":{"kind":"hang"}}"#)
                .check()
                .is_err()
        );
    }

    #[test]
    fn large_body_has_the_exact_size_and_is_json() {
        let b = large_body(4096);
        assert_eq!(b.len(), 4096);
        assert!(serde_json::from_slice::<serde_json::Value>(&b).is_ok());
    }
}
