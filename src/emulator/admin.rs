//! The loopback-only admin API tests drive: `/_emulator/faults` (add, clear) and
//! `/_emulator/requests` (list, clear). Its own requests are never recorded nor faulted. A peer
//! that is not on loopback gets 403, even when the emulator listens on another interface.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use super::auth::Call;
use super::errors::{ApiError, code};
use super::faults::FaultSpec;
use super::state::{Shared, lock};

/// Where the admin routes live; the observing layer leaves this prefix alone.
pub const PREFIX: &str = "/_emulator";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/_emulator/faults", post(add_fault).delete(clear_faults))
        .route(
            "/_emulator/requests",
            axum::routing::get(list_requests).delete(clear_requests),
        )
}

fn loopback(peer: SocketAddr) -> Result<(), ApiError> {
    if peer.ip().is_loopback() {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            code::NOT_LOOPBACK,
            "The emulator admin API answers loopback clients only",
        ))
    }
}

async fn add_fault(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    call: Call,
) -> Result<Response, ApiError> {
    loopback(peer)?;
    let spec: FaultSpec = serde_json::from_slice(&call.body)
        .map_err(|e| ApiError::bad_request(code::BAD_FAULT, format!("bad fault: {e}")))?;
    spec.check()?;
    let id = lock(&state.faults).add(spec);
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

async fn clear_faults(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Result<Response, ApiError> {
    loopback(peer)?;
    lock(&state.faults).clear();
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn list_requests(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Result<Response, ApiError> {
    loopback(peer)?;
    let body = serde_json::to_value(lock(&state.requests).entries()).unwrap_or_else(|_| json!([]));
    Ok(Json(body).into_response())
}

async fn clear_requests(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Result<Response, ApiError> {
    loopback(peer)?;
    lock(&state.requests).clear();
    Ok(StatusCode::NO_CONTENT.into_response())
}
