//! `ApiError`: every way a call can fail, as one type the CLI and the TUI print the same way. Parses
//! the error-body shapes of docs/api-notes.md section 4 (the decoding rules, each with its official
//! source, are in `error_body.rs`), adds a hint for known codes, and classifies network failures
//! (DNS, refused, TLS, timeout, reset) from the error's source chain. No IO.

use std::error::Error as StdError;
use std::fmt;
use std::io;

use serde_json::Value;
use thiserror::Error;

use super::error_body;
#[cfg(test)]
use super::error_body::{CODE_CHARS, DETAIL_CHARS, ENCODED_CHARS, MAX_DETAILS, MESSAGE_CHARS};

/// How many bytes of an unparseable body an error message quotes.
pub const EXCERPT_CHARS: usize = 300;

/// Which of the documented error-body shapes an answer had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorShape {
    /// `{"error_code":"DLG.0818","error_msg":"…"}`
    ErrorCode,
    /// `{"errors":[{"error_code":…,"error_msg":…}]}`
    ErrorsList,
    /// `{"code":"…","message":"…"}`
    CodeMessage,
    /// IAM: `{"error":{"code":401,"message":"…","title":"…"}}`
    Iam,
    /// `{"errorCode":"DLG.9999","errorMsg":"…"}` (source unconfirmed, see `error_body.rs`)
    CamelCase,
    /// Only `details[]` and/or an `encoded_authorization_message`, no main code or message.
    Details,
    /// HTML from a proxy, an empty body, truncated JSON…
    Unparsed,
}

/// A non-2xx answer from the service or IAM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    pub status: u16,
    pub shape: ErrorShape,
    pub code: Option<String>,
    pub message: String,
    pub hint: Option<&'static str>,
    pub request_id: Option<String>,
    /// A bounded excerpt of the body, for the unparsed shape (boxed: `ApiError` stays under
    /// clippy's `result_large_err` bound).
    pub excerpt: Box<str>,
    /// What only some bodies carry, boxed so `ApiError` stays small (clippy `result_large_err`).
    pub extra: Option<Box<ErrorExtra>>,
}

/// The parts of an error body beyond code and message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorExtra {
    /// `details[]` entries, and `errors[]` entries after the first (at most `MAX_DETAILS`).
    pub details: Vec<Detail>,
    /// IAM's `encoded_authorization_message` (bounded): why a policy denied the call, encoded.
    pub encoded_authorization: Option<String>,
}

/// One entry of an error body's `details[]` (or a further `errors[]` entry), bounded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    pub code: Option<String>,
    pub message: String,
}

/// The kinds of network failure a user can act on differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetKind {
    Dns,
    Refused,
    Tls,
    Timeout,
    Reset,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkError {
    pub kind: NetKind,
    /// `host:port` the call was going to.
    pub host: String,
    /// The low-level reason, for the curious (never holds a secret: no headers in it).
    pub detail: String,
    /// No connection was made (refused, unresolved, a connect timeout): nothing was sent.
    pub unconnected: bool,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ApiError {
    #[error("{}", .0.headline())]
    Service(ServiceError),
    #[error("{}", .0.message())]
    Network(NetworkError),
    /// A 2xx answer whose body is not what the API documents (malformed or truncated JSON, no task_id).
    #[error(
        "the server answered HTTP {status} but the body is not the expected JSON ({reason}): {excerpt}"
    )]
    BadResponse {
        status: u16,
        reason: String,
        excerpt: String,
        request_id: Option<String>,
    },
    /// The request could not be built (bad URL, missing project id, credentials that cannot work).
    #[error("{0}")]
    Setup(String),
}

impl ApiError {
    /// True when the server judged the request itself (4xx): the user must change something.
    pub fn is_rejection(&self) -> bool {
        matches!(self, ApiError::Service(s) if (400..500).contains(&s.status))
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Service(s) => s.request_id.as_deref(),
            ApiError::BadResponse { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ApiError::Service(s) => s.hint,
            ApiError::Network(n) => Some(n.kind.advice()),
            ApiError::BadResponse { .. } => Some(
                "a proxy or the gateway may have cut or replaced the answer; check the request id \
                 with support before sending again, the task may have been created",
            ),
            ApiError::Setup(_) => None,
        }
    }

    /// A short stable name for scripts (`--json`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            ApiError::Service(_) => "service",
            ApiError::Network(n) => n.kind.name(),
            ApiError::BadResponse { .. } => "bad_response",
            ApiError::Setup(_) => "setup",
        }
    }
}

impl ServiceError {
    /// The body's `details[]` (and further `errors[]` entries), bounded.
    pub fn details(&self) -> &[Detail] {
        self.extra.as_ref().map_or(&[], |x| &x.details)
    }

    /// IAM's `encoded_authorization_message`, when the body had one.
    pub fn encoded_authorization(&self) -> Option<&str> {
        self.extra.as_ref()?.encoded_authorization.as_deref()
    }

    fn headline(&self) -> String {
        match (&self.code, self.shape) {
            (_, ErrorShape::Unparsed) => unparsed_message(self.status, &self.excerpt),
            (Some(code), _) => format!("HTTP {} {code}: {}", self.status, self.message),
            (None, _) => format!("HTTP {}: {}", self.status, self.message),
        }
    }
}

impl NetKind {
    pub fn name(self) -> &'static str {
        match self {
            NetKind::Dns => "dns",
            NetKind::Refused => "refused",
            NetKind::Tls => "tls",
            NetKind::Timeout => "timeout",
            NetKind::Reset => "reset",
            NetKind::Other => "network",
        }
    }

    fn what(self) -> &'static str {
        match self {
            NetKind::Dns => "cannot resolve the host name",
            NetKind::Refused => "the connection was refused",
            NetKind::Tls => "the TLS handshake failed",
            NetKind::Timeout => "no answer in time",
            NetKind::Reset => "the connection was closed before the answer was complete",
            NetKind::Other => "the network call failed",
        }
    }

    /// What to try, in plain words.
    pub fn advice(self) -> &'static str {
        match self {
            NetKind::Dns => "check the region or endpoint in the profile, and your DNS or VPN",
            NetKind::Refused => {
                "nothing listens there: check the endpoint and port, or start `ctask emulator`"
            }
            NetKind::Tls => {
                "check the endpoint is https with a valid certificate, or a proxy intercepting TLS"
            }
            NetKind::Timeout => {
                "the server or network is slow; raise the profile's timeout, and check whether the task was created (`ctask task list --name NAME`) before sending again"
            }
            NetKind::Reset => {
                "a proxy or the server dropped the connection; check whether the task was created (`ctask task list --name NAME`) before sending again"
            }
            NetKind::Other => "check the endpoint and your network",
        }
    }
}

impl NetworkError {
    fn message(&self) -> String {
        format!("{} ({}): {}", self.kind.what(), self.host, self.detail)
    }
}

/// A hint for the codes docs/api-notes.md calls out. `APIGW.` means the same as `APIG.`.
pub fn hint_for(code: &str) -> Option<&'static str> {
    let code = code
        .strip_prefix("APIGW.")
        .map_or(code.to_string(), |r| format!("APIG.{r}"));
    Some(match code.as_str() {
        "APIG.0301" => {
            "authentication failed: the token is missing, expired or wrong, or the AK/SK \
                        signature does not verify (check the SK, and the clock: 15 minutes skew at most); \
                        5 failed AK/SK attempts lock the AK for 5 minutes"
        }
        "APIG.0101" => {
            "no such API: check the endpoint host, the path and the method (wrong region?)"
        }
        "APIG.0308" => {
            "throttled: Catalog allows 50 requests per second per user; wait and try again"
        }
        "APIG.0201" => {
            "the backend timed out or the body was too large; check whether the task was \
                        created (`ctask task list --name NAME`) before sending again"
        }
        "DLG.0818" => {
            "the workspace or task does not exist: check the workspace id, and the project id \
                       (X-Project-Id) of the profile"
        }
        "DAYU.1005" => "the data connection does not exist: check task_config.data_connection_id",
        "DAYU.3601" => "no permission: the user needs a DataArts Catalog role in this workspace",
        // The emulator's code; the service's own code for a taken name is not on the API page
        // (unconfirmed), so a message saying the name exists gets the same hint (`parse_error_body`).
        "EMU.0004" => DUPLICATE_NAME_HINT,
        "401" | "IAM.0001" => {
            "IAM refused the user name or password: check the user, the domain \
                               (account) name and the password"
        }
        _ => return None,
    })
}

/// A create refused because the workspace already has a task of that name.
const DUPLICATE_NAME_HINT: &str = "a task of this name already exists in the workspace: rename \
    yours, or open that one in the Tasks tab (`ctask task list --name NAME`)";

/// Reads an error answer into one `ServiceError`, whichever shape it has. Its `message` carries
/// everything a person needs (the details and the encoded authorization message too), since the
/// CLI, `--json`, history and the TUI all show `message`.
pub fn parse_error_body(status: u16, body: &[u8], request_id: Option<String>) -> ServiceError {
    let decoded = serde_json::from_slice::<Value>(body)
        .ok()
        .as_ref()
        .and_then(error_body::decode)
        .unwrap_or_default();
    let shape = decoded.shape.unwrap_or(ErrorShape::Unparsed);
    let code = decoded.code;
    let excerpt = excerpt(body);
    let mut message = decoded.message;
    if message.trim().is_empty() {
        // Never an empty message (`--json` scripts and history read it): say what came instead.
        message = match shape {
            ErrorShape::Unparsed => unparsed_message(status, &excerpt),
            _ => "(the error body gave no message)".to_string(),
        };
    }
    if !decoded.details.is_empty() {
        message.push_str(&details_text(&decoded.details, decoded.more_details));
    }
    if let Some(token) = &decoded.encoded {
        message.push_str(&format!(" [encoded authorization message: {token}]"));
    }
    // A status that tells more than any code comes first: a 413 was refused before anything was
    // created, a 3xx never reached the API.
    let by_status = match status {
        413 => Some(TOO_LARGE_HINT),
        300..=399 => Some(REDIRECT_HINT),
        _ => None,
    };
    let taken_name =
        (400..500).contains(&status) && message.to_ascii_lowercase().contains("already exist");
    let hint = by_status
        .or(decoded.encoded.as_ref().map(|_| ENCODED_HINT))
        .or_else(|| code.as_deref().and_then(hint_for))
        .or(taken_name.then_some(DUPLICATE_NAME_HINT))
        .or(match status {
            429 => hint_for("APIG.0308"),
            401 if shape == ErrorShape::Iam => hint_for("401"),
            500..=599 => Some(
                "the server or a proxy in front of it failed; the task may or may not have been \
             created, so check with `ctask task list --name NAME` before sending again",
            ),
            _ => None,
        });
    ServiceError {
        status,
        shape,
        code,
        message,
        hint,
        request_id,
        excerpt: excerpt.into(),
        extra: (!decoded.details.is_empty() || decoded.encoded.is_some()).then(|| {
            Box::new(ErrorExtra {
                details: decoded.details,
                encoded_authorization: decoded.encoded,
            })
        }),
    }
}

/// ` [details: CODE: message; message; and 2 more]`
fn details_text(details: &[Detail], more: usize) -> String {
    let mut parts: Vec<String> = details
        .iter()
        .map(|d| match &d.code {
            Some(c) if d.message.is_empty() => c.clone(),
            Some(c) => format!("{c}: {}", d.message),
            None => d.message.clone(),
        })
        .collect();
    if more > 0 {
        parts.push(format!("and {more} more"));
    }
    format!(" [details: {}]", parts.join("; "))
}

/// The decode call is the Go SDK's STS v1 `DecodeAuthorizationMessage`
/// (huaweicloud-sdk-go-v3 services/sts/v1/sts_meta.go: `POST /v5/decode-authorization-message`,
/// body `{"encoded_message": …}`, answer `decoded_message`; host `sts.REGION.myhuaweicloud.com` in
/// services/sts/v1/region/region.go). The permission it needs is unconfirmed, so not named.
const ENCODED_HINT: &str = "a policy denied this call, and the answer carries an encoded \
    authorization message (shown above) that says why; decode it with IAM STS \
    DecodeAuthorizationMessage: POST https://sts.REGION.myhuaweicloud.com/v5/decode-authorization-message \
    with the body {\"encoded_message\": \"...\"} (as a user allowed to decode it), or give it with the \
    request id to your account administrator";

const TOO_LARGE_HINT: &str = "the gateway refused the body as too large (HTTP 413), so no task was \
    created: make the body smaller (a task file may hold at most 32 MiB) and send it again";

const REDIRECT_HINT: &str = "the endpoint answered with a redirect, which ctask never follows, so \
    the API did not handle the request: check the profile's endpoint (https, and the region's \
    DataArts host)";

/// The message of an answer without a documented error body.
fn unparsed_message(status: u16, excerpt: &str) -> String {
    let body = if excerpt.is_empty() {
        "(empty body)"
    } else {
        excerpt
    };
    if (300..400).contains(&status) {
        format!("HTTP {status}, a redirect (not followed): {body}")
    } else {
        format!("HTTP {status} with a body that is not a documented error: {body}")
    }
}

/// The first characters of a body, on one line, for a message.
pub fn excerpt(body: &[u8]) -> String {
    let s = String::from_utf8_lossy(body);
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(EXCERPT_CHARS).collect();
    if one_line.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// Classifies a failure from its source chain. `timeout` is what the HTTP library itself reported.
pub fn classify(err: &(dyn StdError + 'static), timeout: bool) -> NetKind {
    if timeout {
        return NetKind::Timeout;
    }
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    let mut text = String::new();
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            match io.kind() {
                io::ErrorKind::ConnectionRefused => return NetKind::Refused,
                io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof => return NetKind::Reset,
                io::ErrorKind::TimedOut => return NetKind::Timeout,
                _ => {}
            }
        }
        text.push_str(&e.to_string().to_ascii_lowercase());
        text.push('\n');
        cur = e.source();
    }
    classify_text(&text)
}

fn classify_text(text: &str) -> NetKind {
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    if has(&[
        "dns error",
        "failed to lookup address",
        "name or service not known",
        "no such host",
    ]) {
        NetKind::Dns
    } else if has(&["connection refused"]) {
        NetKind::Refused
    } else if has(&[
        "certificate",
        "tls",
        "handshake",
        "invalidcontenttype",
        "unknownissuer",
    ]) {
        NetKind::Tls
    } else if has(&["timed out", "timeout", "deadline"]) {
        NetKind::Timeout
    } else if has(&[
        "connection reset",
        "connection closed before message completed",
        "incomplete message",
        "broken pipe",
        "unexpected eof",
        "end of file before message length reached",
        "error decoding response body",
        "connection aborted",
    ]) {
        NetKind::Reset
    } else {
        NetKind::Other
    }
}

/// The innermost messages of a chain, joined, for `NetworkError::detail`.
pub fn chain_detail(err: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        let s = e.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = e.source();
    }
    parts.join(": ")
}

impl fmt::Display for ErrorShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ErrorShape::ErrorCode => "error_code",
            ErrorShape::ErrorsList => "errors",
            ErrorShape::CodeMessage => "code",
            ErrorShape::Iam => "iam",
            ErrorShape::CamelCase => "errorCode",
            ErrorShape::Details => "details",
            ErrorShape::Unparsed => "unparsed",
        };
        f.write_str(s)
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
