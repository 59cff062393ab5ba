//! A small hostile DataArts server on loopback, for the trust tests: every error carries
//! terminal controls (OSC 52, a title change, a clear screen, BEL, C1, a bidi override) in its
//! `error_code`/`error_msg`, or every listing lies about its total and sends fat pages of fresh
//! items forever. Never binds anything but 127.0.0.1.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error code with an OSC 52 clipboard write, a BEL and a C1 CSI (U+009B).
pub const EVIL_CODE: &str = "DLG.\u{1b}]52;c;ZWNobyBvd25lZA==\u{7}0001\u{9b}2J";
/// An error message with a title change, a clear screen, a BEL, a C1 and a bidi override.
pub const EVIL_MSG: &str =
    "bad \u{1b}]0;owned title\u{7} then \u{1b}[2J cleared \u{9b}31m red \u{202e}desrever\u{7}";
/// A connection name with a title change, for listings that succeed.
pub const EVIL_NAME: &str = "conn\u{1b}]0;t\u{7}\u{202e}x";

/// What the server does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every request gets `status` with `{"error_code": EVIL_CODE, "error_msg": EVIL_MSG}`.
    Errors { status: u16 },
    /// Like `Errors`, but the data connections listing answers (one connection named `EVIL_NAME`,
    /// id `c1`), so the catalog's later calls fail instead of the first.
    ErrorsAfterConnections,
    /// Every listing (search, connections, databases, schemas, tables) says a billion items match
    /// and answers every page full, with fresh ids and names of `name_len` characters (ten times
    /// that in the search's pages of 100, so every page is close to the 1 MiB ctask reads).
    /// `honest_connections`: the connections listing is one connection `c1`, so the databases and
    /// tables listings are reached.
    LyingTotal {
        name_len: usize,
        honest_connections: bool,
    },
}

pub struct Hostile {
    pub addr: std::net::SocketAddr,
    /// How many requests it has answered.
    pub requests: Arc<AtomicU64>,
}

impl Hostile {
    pub fn start(mode: Mode) -> Hostile {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicU64::new(0));
        let state = (mode, requests.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = Router::new().fallback(answer).with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        Hostile { addr, requests }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

type St = (Mode, Arc<AtomicU64>);

async fn answer(
    State((mode, count)): State<St>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let n = count.fetch_add(1, Ordering::SeqCst);
    let path = uri.path();
    let evil = |status: u16| {
        let body = json!({"error_code": EVIL_CODE, "error_msg": EVIL_MSG});
        (
            StatusCode::from_u16(status).unwrap(),
            [("content-type", "application/json")],
            body.to_string(),
        )
            .into_response()
    };
    match mode {
        Mode::Errors { status } => evil(status),
        Mode::ErrorsAfterConnections
        | Mode::LyingTotal {
            honest_connections: true,
            ..
        } if path.ends_with("/data-connections") => json_ok(json!({
            "total_size": 1,
            "data_connection_lists": [{"dw_id": "c1", "dw_name": EVIL_NAME, "dw_type": "DLI",
                                       "description": EVIL_MSG}]
        })),
        Mode::ErrorsAfterConnections => evil(400),
        Mode::LyingTotal { name_len, .. } => lying(&method, &uri, &body, name_len, n),
    }
}

fn json_ok(v: Value) -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        v.to_string(),
    )
        .into_response()
}

/// A full page of fresh items under a billion-item total. `n` makes every page's ids new.
fn lying(method: &Method, uri: &Uri, body: &[u8], name_len: usize, n: u64) -> Response {
    let path = uri.path();
    let query_limit = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("limit="))
        .and_then(|v| v.parse::<usize>().ok());
    let fat = |i: usize| format!("{}{i:0>12}", "n".repeat(name_len.saturating_sub(12)));
    let fatter = |i: usize| format!("{}{i:0>12}", "n".repeat((name_len * 10).saturating_sub(12)));
    let total = 1_000_000_000u64;
    if *method == Method::POST && path.ends_with("/metadata/tasks/search") {
        let asked: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let limit = asked["limit"].as_u64().unwrap_or(10).min(100) as usize;
        let tasks: Vec<Value> = (0..limit)
            .map(|i| {
                let k = n as usize * 1000 + i;
                json!({"id": format!("{k:032x}"), "name": fatter(k), "data_source_type": "DLI",
                       "schedule_config": {"schedule_type": "RUN_ONCE"}})
            })
            .collect();
        return json_ok(json!({"count": limit, "total_records": total, "resources": tasks}));
    }
    let limit = query_limit.unwrap_or(10).min(1000);
    let items = |f: &dyn Fn(usize) -> Value| -> Vec<Value> {
        (0..limit).map(|i| f(n as usize * 1000 + i)).collect()
    };
    if path.ends_with("/data-connections") {
        let list =
            items(&|k| json!({"dw_id": format!("c{k}"), "dw_name": fat(k), "dw_type": "DLI"}));
        return json_ok(json!({"total_size": total, "data_connection_lists": list}));
    }
    if path.ends_with("/databases") {
        let list = items(&|k| json!({"database_name": fat(k)}));
        return json_ok(json!({"total_count": total, "databases": list}));
    }
    if path.ends_with("/schemas") {
        let list = items(&|k| json!({"schema_name": fat(k)}));
        return json_ok(json!({"total_count": total, "schemas": list}));
    }
    if path.ends_with("/datatables") {
        let list = items(&|k| json!({"table_name": fat(k), "table_id": format!("t{k}")}));
        return json_ok(json!({"total_count": total, "tables": list}));
    }
    (StatusCode::NOT_FOUND, "{}").into_response()
}
