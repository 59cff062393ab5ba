//! How a failed call is told to a person, the same way in the CLI and the TUI: which host it came
//! from (IAM when the request never left, else the service endpoint) and a one-line headline that
//! names that host. Pure text; no IO, no terminal.

use super::error::ApiError;
use super::request::HttpRequest;
use super::session::Session;

/// `host[:port]` of a base URL, as messages name it.
pub fn host_of(base: &str) -> String {
    HttpRequest::new("GET", base, &[], &[]).host()
}

impl Session {
    /// The host an error came from: IAM when the request never left (the login failed), else the
    /// service endpoint.
    pub fn error_host(&self, sent: bool) -> String {
        let e = &self.target.endpoint;
        host_of(if sent { &e.base } else { &e.iam })
    }
}

/// What kind of failure, in a few words, for the start of the headline.
pub fn lead(e: &ApiError) -> &'static str {
    match e {
        ApiError::Service(_) if e.is_rejection() => "the API rejected the request",
        ApiError::Service(_) => "the server failed",
        ApiError::Network(_) => "network failure",
        ApiError::BadResponse { .. } => "unexpected answer",
        ApiError::Setup(_) => "cannot send",
    }
}

/// One line that names the host (a network error's own message already does) and says what failed.
/// Errors never hold a secret, so neither does this.
pub fn headline(e: &ApiError, host: &str) -> String {
    match e {
        ApiError::Network(_) | ApiError::Setup(_) => format!("{}: {e}", lead(e)),
        _ => format!("{} ({host}): {e}", lead(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::{NetKind, NetworkError, parse_error_body};

    #[test]
    fn every_headline_names_the_host() {
        let host = host_of("https://dayu.example.test:8443");
        assert_eq!(host, "dayu.example.test:8443");
        let server = ApiError::Service(parse_error_body(502, b"", None));
        let net = ApiError::Network(NetworkError {
            kind: NetKind::Refused,
            unconnected: false,
            host: host.clone(),
            detail: "refused".into(),
        });
        for e in [server, net] {
            let line = headline(&e, &host);
            assert!(line.contains("dayu.example.test:8443"), "{line}");
        }
    }
}
