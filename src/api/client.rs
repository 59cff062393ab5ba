//! The HTTP client: one reused `reqwest::Client` (rustls, connect and total timeouts, `User-Agent:
//! ctask/<version>`) that sends an `HttpRequest` and keeps what support needs from the answer. Network
//! only: no disk, no terminal, no retries (see `retry`).

use std::fmt;
use std::time::{Duration, Instant};

use super::error::{ApiError, NetworkError, chain_detail, classify};
use super::request::{HttpRequest, mask_headers};

/// The most of a body an answer keeps.
pub const BODY_CAP: usize = 1024 * 1024;
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
pub const USER_AGENT: &str = concat!("ctask/", env!("CARGO_PKG_VERSION"));

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    pub connect_timeout: Duration,
    /// The whole call, body included.
    pub timeout: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// An answer with a status, whatever the status. The body is capped at `BODY_CAP`.
#[derive(Clone)]
pub struct Response {
    pub status: u16,
    pub elapsed: Duration,
    pub request_id: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// True when the body was longer than `BODY_CAP` and was cut.
    pub truncated: bool,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Headers with secret values (e.g. IAM's `X-Subject-Token`) masked, for display and history.
    pub fn masked_headers(&self) -> Vec<(String, String)> {
        mask_headers(&self.headers)
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("elapsed", &self.elapsed)
            .field("request_id", &self.request_id)
            .field("headers", &self.masked_headers())
            .field("body_len", &self.body.len())
            .field("truncated", &self.truncated)
            .finish()
    }
}

/// `localhost` (also `localhost.`, the same name fully qualified), `127.0.0.0/8` or `::1` (also
/// `::ffff:127.x`): served on this machine, so never sent through a proxy, and the only hosts a
/// profile may reach over plain `http://` without `allow_http`. Other names under `.localhost` are
/// not counted: the system's resolver may send them to DNS.
pub fn is_loopback(url: &str) -> bool {
    let Ok(u) = reqwest::Url::parse(url) else {
        return false;
    };
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    if host == "localhost" || host == "localhost." {
        return true;
    }
    match host.trim_start_matches('[').trim_end_matches(']').parse() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => false,
    }
}

/// The shared HTTP client. Cheap to clone (reqwest's client is an `Arc` inside).
#[derive(Clone, Debug)]
pub struct Client {
    /// Honours `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy`, as reqwest does.
    http: reqwest::Client,
    /// For loopback addresses (the emulator, a local gateway): never through a proxy, which would
    /// see a local token.
    direct: reqwest::Client,
    config: ClientConfig,
    /// When set, every request waits for its slot and throttles slow it down (`ctask apply`).
    pace: Option<std::sync::Arc<super::pace::Pace>>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let builder = || {
            reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .timeout(config.timeout)
                .user_agent(USER_AGENT)
                .redirect(reqwest::redirect::Policy::none())
        };
        let fail =
            |e: reqwest::Error| ApiError::Setup(format!("cannot start the HTTP client: {e}"));
        let http = builder().build().map_err(fail)?;
        let direct = builder().no_proxy().build().map_err(fail)?;
        Ok(Client {
            http,
            direct,
            config,
            pace: None,
        })
    }

    pub fn config(&self) -> ClientConfig {
        self.config
    }

    /// The same client, its requests paced by `pace` (shared by every clone).
    pub fn with_pace(mut self, pace: std::sync::Arc<super::pace::Pace>) -> Self {
        self.pace = Some(pace);
        self
    }

    pub fn pace(&self) -> Option<&super::pace::Pace> {
        self.pace.as_deref()
    }

    /// Sends the request once (after its slot, when paced). Any status is an `Ok`; only a failure
    /// to get an answer is an `Err`.
    pub async fn send(&self, req: &HttpRequest) -> Result<Response, ApiError> {
        let Some(pace) = &self.pace else {
            return self.send_now(req).await;
        };
        pace.wait().await;
        let outcome = self.send_now(req).await;
        match &outcome {
            Ok(r) if super::retry::is_throttle(r) => pace.throttled(),
            Ok(r) if r.is_success() => pace.succeeded(),
            _ => {}
        }
        outcome
    }

    async fn send_now(&self, req: &HttpRequest) -> Result<Response, ApiError> {
        let method = reqwest::Method::from_bytes(req.method.as_bytes())
            .map_err(|_| ApiError::Setup(format!("bad HTTP method {:?}", req.method)))?;
        let url = req.url();
        let http = if is_loopback(&url) {
            &self.direct
        } else {
            &self.http
        };
        let mut builder = http.request(method, &url);
        for (k, v) in &req.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        if !req.body.is_empty() {
            builder = builder.body(req.body.clone());
        }
        let host = req.host();
        let started = Instant::now();
        let mut resp = builder.send().await.map_err(|e| network(&host, &e))?;
        let status = resp.status().as_u16();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = resp.chunk().await.map_err(|e| network(&host, &e))? {
            let room = BODY_CAP - body.len();
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        let request_id = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-request-id"))
            .map(|(_, v)| v.clone());
        Ok(Response {
            status,
            elapsed: started.elapsed(),
            request_id,
            headers,
            body,
            truncated,
        })
    }
}

fn network(host: &str, err: &reqwest::Error) -> ApiError {
    ApiError::Network(NetworkError {
        kind: classify(err, err.is_timeout()),
        unconnected: err.is_connect(),
        host: host.to_string(),
        detail: chain_detail(err),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::NetKind;

    #[test]
    fn loopback_names_and_addresses() {
        for u in [
            "http://127.0.0.1:9",
            "http://127.8.0.1",
            "http://localhost:1/x",
            "http://LOCALHOST",
            "http://localhost.:8787/x",
            "http://[::1]:9",
            "http://[::ffff:127.0.0.1]:9",
        ] {
            assert!(is_loopback(u), "{u}");
        }
        for u in [
            "https://dayu.cn-north-4.myhuaweicloud.com",
            "http://10.0.0.1",
            "http://[::2]",
            "http://localhost.example.com",
            "http://evil.localhost",
            "http://localhost..",
            "not a url",
        ] {
            assert!(!is_loopback(u), "{u}");
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn refused_connection_is_classified() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let client = Client::new(ClientConfig::default()).unwrap();
        let req = HttpRequest::new("GET", &format!("http://127.0.0.1:{port}"), &["x"], &[]);
        match client.send(&req).await {
            Err(ApiError::Network(n)) => {
                assert_eq!(n.kind, NetKind::Refused);
                assert_eq!(n.host, format!("127.0.0.1:{port}"));
            }
            other => panic!("expected refused, got {other:?}"),
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn silent_server_times_out() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let hold = tokio::spawn(async move {
            let (_sock, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        let client = Client::new(ClientConfig {
            connect_timeout: Duration::from_secs(1),
            timeout: Duration::from_millis(300),
        })
        .unwrap();
        let req = HttpRequest::new("GET", &format!("http://127.0.0.1:{port}"), &["x"], &[]);
        match client.send(&req).await {
            Err(ApiError::Network(n)) => assert_eq!(n.kind, NetKind::Timeout),
            other => panic!("expected timeout, got {other:?}"),
        }
        hold.abort();
    }

    #[tokio::test(flavor = "current_thread")]
    async fn closed_mid_answer_is_a_reset() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 1024];
            let _ = sock.read(&mut buf).await;
            let _ = sock
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"ta")
                .await;
        });
        let client = Client::new(ClientConfig::default()).unwrap();
        let req = HttpRequest::new("GET", &format!("http://127.0.0.1:{port}"), &["x"], &[]);
        match client.send(&req).await {
            Err(ApiError::Network(n)) => assert_eq!(n.kind, NetKind::Reset, "{n:?}"),
            other => panic!("expected reset, got {other:?}"),
        }
    }
}
