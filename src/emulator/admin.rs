//! The loopback-only admin API tests drive: `/_emulator/faults` (add, clear) and
//! `/_emulator/requests` (list, clear) and `/_emulator/settings` (`{"omit_task_config": bool}`:
//! whether reads leave `task_config` out). Its own requests are never recorded nor faulted. A peer
//! that is not on loopback gets 403, even when the emulator listens on another interface; so does a
//! request a web page could send: a foreign `Origin`, a `Host` that is not a loopback name or
//! address (DNS rebinding), or a POST whose `Content-Type` is not `application/json` (415).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use super::auth::Call;
use super::errors::{ApiError, code};
use super::faults::{FaultSpec, MAX_SPEC_BYTES};
use super::state::{Shared, lock};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/_emulator/faults", post(add_fault).delete(clear_faults))
        .route(
            "/_emulator/requests",
            axum::routing::get(list_requests).delete(clear_requests),
        )
        .route("/_emulator/settings", post(settings))
}

/// `{"omit_task_config": bool}`; answers the settings now in force.
async fn settings(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    call: Call,
) -> Result<Response, ApiError> {
    json_admin_call(peer, &call.headers)?;
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Settings {
        omit_task_config: Option<bool>,
    }
    let s: Settings = serde_json::from_slice(&call.body)
        .map_err(|e| ApiError::bad_request(code::BAD_PARAMETER, format!("bad settings: {e}")))?;
    if let Some(omit) = s.omit_task_config {
        state.set_omit_task_config(omit);
    }
    Ok(Json(json!({ "omit_task_config": state.omits_task_config() })).into_response())
}

/// The peer, `Host` and any `Origin` are all loopback (a `[::]` listener sees IPv4 clients as
/// `::ffff:127.0.0.1`, which counts).
/// The checks of an admin call that carries a JSON body: from loopback, declared JSON.
fn json_admin_call(peer: SocketAddr, headers: &HeaderMap) -> Result<(), ApiError> {
    loopback(peer, headers)?;
    json_body(headers)
}

fn loopback(peer: SocketAddr, headers: &HeaderMap) -> Result<(), ApiError> {
    let refuse = |m: &str| Err(ApiError::new(StatusCode::FORBIDDEN, code::NOT_LOOPBACK, m));
    if !peer.ip().to_canonical().is_loopback() {
        return refuse("The emulator admin API answers loopback clients only");
    }
    let header = |name| headers.get(name).map(|v| v.to_str().unwrap_or(""));
    if !header(header::HOST).is_some_and(is_loopback_authority) {
        return refuse("The emulator admin API needs a Host that is a loopback name or address");
    }
    if let Some(origin) = header(header::ORIGIN) {
        let authority = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        if !authority.is_some_and(is_loopback_authority) {
            return refuse("The emulator admin API refuses requests from web pages (Origin)");
        }
    }
    Ok(())
}

/// `host[:port]` where host is `localhost` or a loopback address (`[::1]` bracketed).
fn is_loopback_authority(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

/// A POST body must be declared `application/json`: a form or `text/plain` (what a page can send
/// without a preflight) is 415.
fn json_body(headers: &HeaderMap) -> Result<(), ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = ct.split(';').next().unwrap_or("").trim();
    if mime.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code::BAD_FAULT,
            "The emulator admin API takes Content-Type: application/json only",
        ))
    }
}

async fn add_fault(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    call: Call,
) -> Result<Response, ApiError> {
    json_admin_call(peer, &call.headers)?;
    if call.body.len() > MAX_SPEC_BYTES {
        return Err(ApiError::bad_request(
            code::BAD_FAULT,
            format!("a fault spec is at most {MAX_SPEC_BYTES} bytes"),
        ));
    }
    let spec: FaultSpec = serde_json::from_slice(&call.body)
        .map_err(|e| ApiError::bad_request(code::BAD_FAULT, format!("bad fault: {e}")))?;
    spec.check()?;
    let id = lock(&state.faults).add(spec)?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

async fn clear_faults(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    loopback(peer, &headers)?;
    lock(&state.faults).clear();
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn list_requests(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    loopback(peer, &headers)?;
    let body = serde_json::to_value(lock(&state.requests).entries()).unwrap_or_else(|_| json!([]));
    Ok(Json(body).into_response())
}

async fn clear_requests(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    loopback(peer, &headers)?;
    lock(&state.requests).clear();
    Ok(StatusCode::NO_CONTENT.into_response())
}
