//! When a call is sent again. Creating is not idempotent, so only failures that prove the server never
//! acted are retried: a refused connection (nothing was sent) and a gateway throttle (429 or
//! `APIG.0308`, rejected before the backend). A timeout, a reset or a 5xx after sending is never
//! retried, for any call. At most `MAX_RETRIES`, with backoff; the caller hears of each one.

use std::fmt;
use std::time::Duration;

use super::client::{Client, Response};
use super::error::{ApiError, NetKind, parse_error_body};
use super::request::HttpRequest;

pub const MAX_RETRIES: u32 = 3;
/// The first wait; it doubles each time.
pub const BASE_BACKOFF: Duration = Duration::from_millis(250);
/// The longest wait a `Retry-After` header may ask for.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryReason {
    Refused,
    Throttled,
}

/// One retry, told to the caller before the wait so it can print it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryNote {
    /// 1 for the first retry.
    pub retry: u32,
    pub max: u32,
    pub reason: RetryReason,
    pub wait: Duration,
}

impl fmt::Display for RetryNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.reason {
            RetryReason::Refused => "the connection was refused (nothing was sent)",
            RetryReason::Throttled => {
                "throttled by the gateway (HTTP 429 / APIG.0308, not processed)"
            }
        };
        write!(
            f,
            "retry {} of {} in {} ms: {why}",
            self.retry,
            self.max,
            self.wait.as_millis()
        )
    }
}

/// Decides whether an outcome is retried after `retries_done` retries, and how long to wait first.
pub fn decide(
    retries_done: u32,
    outcome: &Result<Response, ApiError>,
) -> Option<(RetryReason, Duration)> {
    if retries_done >= MAX_RETRIES {
        return None;
    }
    let backoff = BASE_BACKOFF * 2u32.pow(retries_done);
    match outcome {
        Err(ApiError::Network(n)) if n.kind == NetKind::Refused => {
            Some((RetryReason::Refused, backoff))
        }
        Ok(resp) if is_throttle(resp) => {
            let asked = resp
                .header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            Some((
                RetryReason::Throttled,
                asked.unwrap_or(backoff).min(MAX_BACKOFF),
            ))
        }
        _ => None,
    }
}

/// A gateway throttle: 429, or `APIG.0308` / `APIGW.0308` in the error body.
pub fn is_throttle(resp: &Response) -> bool {
    if resp.status == 429 {
        return true;
    }
    if resp.is_success() {
        return false;
    }
    let parsed = parse_error_body(resp.status, &resp.body, None);
    matches!(parsed.code.as_deref(), Some("APIG.0308" | "APIGW.0308"))
}

/// Sends `req`, retrying only as `decide` allows, and calls `on_retry` before each wait.
pub async fn send_with_retry(
    client: &Client,
    req: &HttpRequest,
    on_retry: &mut (dyn FnMut(&RetryNote) + Send),
) -> Result<Response, ApiError> {
    let mut done = 0;
    loop {
        let outcome = client.send(req).await;
        let Some((reason, wait)) = decide(done, &outcome) else {
            return outcome;
        };
        done += 1;
        on_retry(&RetryNote {
            retry: done,
            max: MAX_RETRIES,
            reason,
            wait,
        });
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::NetworkError;

    fn resp(status: u16, body: &str, headers: &[(&str, &str)]) -> Result<Response, ApiError> {
        Ok(Response {
            status,
            elapsed: Duration::ZERO,
            request_id: None,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            truncated: false,
        })
    }

    fn net(kind: NetKind) -> Result<Response, ApiError> {
        Err(ApiError::Network(NetworkError {
            kind,
            host: "h".into(),
            detail: String::new(),
            unconnected: false,
        }))
    }

    #[test]
    fn refused_and_throttle_are_retried_with_backoff() {
        assert_eq!(
            decide(0, &net(NetKind::Refused)),
            Some((RetryReason::Refused, BASE_BACKOFF))
        );
        assert_eq!(
            decide(2, &net(NetKind::Refused)),
            Some((RetryReason::Refused, BASE_BACKOFF * 4))
        );
        assert_eq!(
            decide(1, &resp(429, "", &[])),
            Some((RetryReason::Throttled, BASE_BACKOFF * 2))
        );
        let apig = resp(
            403,
            r#"{"error_code":"APIG.0308","error_msg":"throttled"}"#,
            &[],
        );
        assert_eq!(decide(0, &apig).map(|d| d.0), Some(RetryReason::Throttled));
    }

    #[test]
    fn at_most_three_retries() {
        assert!(decide(MAX_RETRIES, &net(NetKind::Refused)).is_none());
        assert!(decide(MAX_RETRIES, &resp(429, "", &[])).is_none());
    }

    #[test]
    fn anything_that_may_have_reached_the_server_is_never_retried() {
        for kind in [
            NetKind::Timeout,
            NetKind::Reset,
            NetKind::Other,
            NetKind::Tls,
            NetKind::Dns,
        ] {
            assert!(decide(0, &net(kind)).is_none(), "{kind:?}");
        }
        for status in [200, 400, 401, 500, 502, 503, 504] {
            assert!(
                decide(0, &resp(status, "<html>", &[])).is_none(),
                "{status}"
            );
        }
    }

    #[test]
    fn retry_after_is_honoured_but_capped() {
        assert_eq!(
            decide(0, &resp(429, "", &[("Retry-After", "2")])).map(|d| d.1),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            decide(0, &resp(429, "", &[("Retry-After", "3600")])).map(|d| d.1),
            Some(MAX_BACKOFF)
        );
    }

    #[test]
    fn note_says_what_happened() {
        let n = RetryNote {
            retry: 1,
            max: 3,
            reason: RetryReason::Throttled,
            wait: BASE_BACKOFF,
        };
        assert_eq!(
            n.to_string(),
            "retry 1 of 3 in 250 ms: throttled by the gateway (HTTP 429 / APIG.0308, not processed)"
        );
    }
}
