//! How a failed call is told, once for both front ends: the host it came from, a headline that names
//! it, the code, the hint and the request id; as lines for the terminal, as JSON for `--json`, as a
//! value for the TUI's Response screen; and the exit code. Pure text.

use serde_json::{Value, json};

use crate::api::{self, ApiError};
use crate::exit;

/// A failed call as a person reads it. Errors never hold a secret, so neither does this.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// `host[:port]` the error came from (IAM when the request never left); empty if unknown.
    pub host: String,
    pub code: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    pub request_id: Option<String>,
}

impl Report {
    pub fn of(e: &ApiError, host: &str) -> Report {
        let code = match e {
            ApiError::Service(s) => s.code.clone(),
            other => Some(other.kind_name().to_string()),
        };
        Report {
            host: host.to_string(),
            code,
            message: api::headline(e, host),
            hint: e.hint().map(str::to_string),
            request_id: e.request_id().map(str::to_string),
        }
    }
}

/// The exit code for a failed call: 4 when the API rejected the request, 5 for the server or network.
pub fn exit_code(e: &ApiError) -> u8 {
    match e {
        ApiError::Setup(_) => exit::USAGE,
        e if e.is_rejection() => exit::REJECTED,
        _ => exit::FAILED,
    }
}

/// The error as lines a person reads. The first line names `host` (a network error's own message
/// already does); the TUI shows the same headline.
pub fn error_text(e: &ApiError, host: &str) -> String {
    let mut out = format!("ctask: {}\n", api::headline(e, host));
    if let ApiError::Service(s) = e {
        out.push_str(&format!("  status: {}\n", s.status));
        if let Some(code) = &s.code {
            out.push_str(&format!("  code: {code}\n"));
        }
    }
    if let Some(h) = e.hint() {
        out.push_str(&format!("  hint: {h}\n"));
    }
    out.push_str(&format!(
        "  request id: {}\n",
        e.request_id().unwrap_or("(none: no answer)")
    ));
    out
}

/// The error as a JSON object for `--json`.
pub fn error_json(e: &ApiError) -> Value {
    let (status, code, message) = match e {
        ApiError::Service(s) => (Some(s.status), s.code.clone(), s.message.clone()),
        ApiError::BadResponse { status, .. } => (Some(*status), None, e.to_string()),
        _ => (None, None, e.to_string()),
    };
    json!({"kind": e.kind_name(), "status": status, "code": code, "message": message,
           "hint": e.hint(), "request_id": e.request_id()})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::parse_error_body;
    use crate::api::host_of;

    #[test]
    fn every_error_first_line_names_the_host() {
        let host = host_of("https://dayu.example.test:8443");
        assert_eq!(host, "dayu.example.test:8443");
        let server = ApiError::Service(parse_error_body(502, b"", None));
        let bad = ApiError::BadResponse {
            status: 200,
            reason: "x".into(),
            excerpt: String::new(),
            request_id: None,
        };
        for e in [server, bad] {
            let text = error_text(&e, &host);
            let first = text.lines().next().unwrap_or_default();
            assert!(first.contains("(dayu.example.test:8443)"), "{first}");
            assert!(text.contains("hint: "), "{text}");
            assert_eq!(Report::of(&e, &host).message, first["ctask: ".len()..]);
        }
    }
}
