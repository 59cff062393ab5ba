//! The emulator's IAM: `POST /v3/auth/tokens` with a password body. Success is 201 with the token
//! in `X-Subject-Token`; failures use IAM's own `{"error":{code,message,title}}` shape, never the
//! Catalog one. Issued tokens are remembered so the Catalog routes accept them until they expire.

use std::time::Instant;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde_json::{Value, json};

use super::auth::Call;
use super::state::{IssuedToken, Shared, lock};

fn iam_error(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let body = json!({ "error": { "code": status.as_u16(), "message": message, "title": title } });
    (status, Json(body)).into_response()
}

/// The `user` block of a password identity, if the body has one.
fn password_user(body: &Value) -> Option<&Value> {
    let identity = body.pointer("/auth/identity")?;
    let methods = identity.get("methods")?.as_array()?;
    if !methods.iter().any(|m| m.as_str() == Some("password")) {
        return None;
    }
    identity.pointer("/password/user")
}

pub async fn tokens(State(state): State<Shared>, call: Call) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&call.body) else {
        return iam_error(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON.",
        );
    };
    let Some(user) = password_user(&body) else {
        return iam_error(
            StatusCode::BAD_REQUEST,
            "The request body must use the password method: auth.identity.password.user.",
        );
    };
    let cfg = &state.config;
    let field = |p: &str| user.pointer(p).and_then(Value::as_str);
    let ok = field("/name") == Some(cfg.iam_user.as_str())
        && field("/password") == Some(cfg.iam_password.as_str())
        && field("/domain/name") == Some(cfg.iam_domain.as_str());
    if !ok {
        return iam_error(
            StatusCode::UNAUTHORIZED,
            "The username or password is wrong.",
        );
    }
    if let Some(id) = body
        .pointer("/auth/scope/project/id")
        .and_then(Value::as_str)
        && id != cfg.project_id
    {
        return iam_error(StatusCode::BAD_REQUEST, "The project does not exist.");
    }
    let scope_name = body
        .pointer("/auth/scope/project/name")
        .and_then(Value::as_str)
        .unwrap_or("cn-north-4");

    let token = format!("MIIemu{}", uuid::Uuid::new_v4().simple());
    let now = Utc::now();
    let ttl = chrono::Duration::from_std(cfg.token_ttl).unwrap_or(chrono::Duration::hours(24));
    lock(&state.tokens).insert(
        token.clone(),
        IssuedToken {
            expires: Instant::now() + cfg.token_ttl,
            project_id: cfg.project_id.clone(),
        },
    );
    let answer = json!({ "token": {
        "expires_at": (now + ttl).to_rfc3339_opts(SecondsFormat::Millis, true),
        "issued_at": now.to_rfc3339_opts(SecondsFormat::Millis, true),
        "methods": ["password"],
        "user": {
            "id": cfg.user_id,
            "name": cfg.iam_user,
            "domain": { "id": cfg.user_id, "name": cfg.iam_domain },
        },
        "project": { "id": cfg.project_id, "name": scope_name },
        "catalog": [],
    }});
    let mut res = (StatusCode::CREATED, Json(answer)).into_response();
    if let Ok(v) = HeaderValue::from_str(&token) {
        res.headers_mut().insert("x-subject-token", v);
    }
    res
}
