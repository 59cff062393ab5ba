//! The layers requests pass through. `observe` wraps everything: it renders error answers in the
//! configured shape and stamps `X-Request-Id` on every response. `record_and_fault` wraps only
//! the API's routes (an axum route layer, so it runs after routing): it records the request
//! (secrets redacted, bounded by the recorder) and applies a pending fault. An unknown path gets its
//! 404 without its body ever being read or stored; admin routes are neither recorded nor faulted;
//! the body of a request that fails authentication is kept short.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::BODY_LIMIT;
use super::errors::{self, ApiError, code};
use super::faults::{self, Fault};
use super::state::{Shared, lock};

pub async fn observe(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let mut res = errors::finish(res, state.config.errors_array);
    let id = uuid::Uuid::new_v4().simple().to_string();
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// The route layer of the API's routes: record, then fault or handle.
pub async fn record_and_fault(State(state): State<Shared>, req: Request, next: Next) -> Response {
    recorded(&state, req, next).await
}

async fn recorded(state: &Shared, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            code::TOO_LARGE,
            "The request body is too large",
        )
        .into_response();
    };
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let seq = lock(&state.requests).push(
        &method,
        &path,
        parts.uri.query().unwrap_or_default(),
        &parts.headers,
        &bytes,
    );
    let fault = lock(&state.faults).take(&method, &path);
    let req = Request::from_parts(parts, Body::from(bytes));
    let Some(fault) = fault else {
        let res = next.run(req).await;
        if matches!(
            res.status(),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
        ) {
            lock(&state.requests).shorten(seq);
        }
        return res;
    };
    if let Some(res) = faults::replace(state, &fault).await {
        return res;
    }
    match fault {
        Fault::Delay { ms } => {
            // On its own task: hyper drops this future when the client hangs up, and a delayed
            // create must still create its task (a lost answer is what the fault is for).
            let state = state.clone();
            let handled = tokio::spawn(async move {
                faults::delay(&state, ms).await;
                next.run(req).await
            });
            handled
                .await
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        Fault::Trickle { bytes_per_sec } => {
            let res = errors::finish(next.run(req).await, state.config.errors_array);
            faults::trickle(state.clone(), res, bytes_per_sec).await
        }
        // `replace` answered every other kind.
        _ => next.run(req).await,
    }
}
