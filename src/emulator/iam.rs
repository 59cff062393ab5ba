//! The emulator's IAM: `POST /v3/auth/tokens` with a password body (201, the token in
//! `X-Subject-Token`), `GET /v3/auth/tokens` validating a token, and
//! `GET /v3.0/OS-CREDENTIAL/credentials/{access_key}` naming a permanent key's owner. Failures use
//! IAM's own `{"error":{code,message,title}}` shape, never the Catalog one. Issued tokens are
//! remembered so the Catalog routes accept them until they expire.

use std::time::Instant;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde_json::{Value, json};

use super::auth::{Call, authenticate};
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
        "user": user_block(&state),
        "project": { "id": cfg.project_id, "name": scope_name },
        "catalog": [],
    }});
    let mut res = (StatusCode::CREATED, Json(answer)).into_response();
    if let Ok(v) = HeaderValue::from_str(&token) {
        res.headers_mut().insert("x-subject-token", v);
    }
    res
}

/// When a token the emulator accepts expires: the static token a TTL from now, an issued one when
/// it was issued to; `None` for a token it does not know or that has expired.
fn token_expiry(state: &Shared, token: &str) -> Option<chrono::DateTime<Utc>> {
    let now = Instant::now();
    let left = if token == state.config.token {
        state.config.token_ttl
    } else {
        let issued = lock(&state.tokens).get(token).cloned()?;
        issued.expires.checked_duration_since(now)?
    };
    Some(Utc::now() + chrono::Duration::from_std(left).ok()?)
}

/// The `user` block every IAM answer of the emulator names.
fn user_block(state: &Shared) -> Value {
    let cfg = &state.config;
    json!({
        "id": cfg.user_id,
        "name": cfg.iam_user,
        "domain": { "id": cfg.user_id, "name": cfg.iam_domain },
    })
}

/// `GET /v3/auth/tokens`: Huawei IAM "Validating a Token". The caller's `X-Auth-Token` must be
/// valid (401), the `X-Subject-Token` must be a live token (404); the answer is 200 with the subject
/// in `X-Subject-Token` and the token's body, as the password login returns it.
pub async fn validate_token(State(state): State<Shared>, call: Call) -> Response {
    if call
        .header("x-auth-token")
        .and_then(|t| token_expiry(&state, t))
        .is_none()
    {
        return iam_error(
            StatusCode::UNAUTHORIZED,
            "The request you have made requires authentication.",
        );
    }
    let subject = call.header("x-subject-token").unwrap_or_default();
    let Some(expires) = token_expiry(&state, subject) else {
        return iam_error(StatusCode::NOT_FOUND, "Could not find token.");
    };
    let cfg = &state.config;
    let answer = json!({ "token": {
        "expires_at": expires.to_rfc3339_opts(SecondsFormat::Millis, true),
        "issued_at": Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        "methods": ["token"],
        "user": user_block(&state),
        "project": { "id": cfg.project_id, "name": "cn-north-4" },
    }});
    let mut res = (StatusCode::OK, Json(answer)).into_response();
    if let Ok(v) = HeaderValue::from_str(subject) {
        res.headers_mut().insert("x-subject-token", v);
    }
    res
}

/// `GET /v3.0/OS-CREDENTIAL/credentials/{access_key}`: Huawei IAM "Querying a Permanent Access
/// Key" (ShowPermanentAccessKey). A caller signed with the key, or holding a token, may read its own
/// key; any other key is 404.
pub async fn access_key(
    State(state): State<Shared>,
    Path(access_key): Path<String>,
    call: Call,
) -> Response {
    if authenticate(&state, &call).is_err() {
        return iam_error(
            StatusCode::UNAUTHORIZED,
            "The request you have made requires authentication.",
        );
    }
    let cfg = &state.config;
    if access_key != cfg.ak {
        return iam_error(
            StatusCode::NOT_FOUND,
            &format!("Could not find credential: {access_key}."),
        );
    }
    let created = "2026-01-05T08:00:00.000000Z";
    let answer = json!({ "credential": {
        "user_id": cfg.user_id,
        "access": access_key,
        "status": "active",
        "create_time": created,
        "last_use_time": created,
        "description": "",
    }});
    (StatusCode::OK, Json(answer)).into_response()
}
