//! Who is calling and may they: token (static or IAM-issued) or AK/SK signature, then the
//! `workspace` header, then the `{project_id}` path segment, in the order the create call checks
//! them. AK/SK is verified with the product's signer (`crate::api::signer`), which the public
//! vectors pin down; everything else here is the emulator's own judgement.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, Query, Request};
use axum::http::{HeaderMap, StatusCode};
use chrono::{NaiveDateTime, Utc};

use super::errors::{ApiError, code};
use super::state::{Shared, lock};
use crate::api::signer;

/// Requests larger than this are refused like the gateway does (`APIG.0201`).
pub const BODY_LIMIT: usize = 32 * 1024 * 1024;
const MAX_SKEW_SECS: i64 = 15 * 60;

/// Everything a handler needs to judge a request: what was sent, byte for byte.
#[derive(Debug)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Call {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl<S: Send + Sync> FromRequest<S> for Call {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let query = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map_err(|e| ApiError::bad_request(code::BAD_PARAMETER, format!("bad query: {e}")))?
            .0;
        let body = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                code::TOO_LARGE,
                "The request body is too large",
            )
        })?;
        Ok(Self {
            method: parts.method.as_str().to_string(),
            path: parts.uri.path().to_string(),
            query,
            headers: parts.headers,
            body,
        })
    }
}

/// An authenticated caller.
#[derive(Clone, Debug)]
pub struct Principal {
    /// `X-Project-Id` when sent, else the credentials' project.
    pub project_id: String,
}

/// Step 1: the credentials. Fails with 401 `APIG.0301` and the gateway's message variants.
pub fn authenticate(state: &Shared, call: &Call) -> Result<Principal, ApiError> {
    let cfg = &state.config;
    let mut who = if let Some(token) = call.header("x-auth-token") {
        check_token(state, token)?
    } else if let Some(auth) = call.header("authorization") {
        verify_aksk(state, call, auth)?;
        Principal {
            project_id: cfg.project_id.clone(),
        }
    } else {
        return Err(ApiError::unauthorized("x-auth-token not found"));
    };
    if let Some(p) = call.header("x-project-id") {
        who.project_id = p.to_string();
    }
    Ok(who)
}

fn check_token(state: &Shared, token: &str) -> Result<Principal, ApiError> {
    let cfg = &state.config;
    if token == cfg.token {
        return Ok(Principal {
            project_id: cfg.project_id.clone(),
        });
    }
    let issued = lock(&state.tokens).get(token).cloned();
    match issued {
        Some(t) if t.expires > Instant::now() => Ok(Principal {
            project_id: t.project_id,
        }),
        Some(_) => Err(ApiError::unauthorized("token expires")),
        None => Err(ApiError::unauthorized("decrypt token fail")),
    }
}

fn aksk_fail(why: &str) -> ApiError {
    ApiError::unauthorized(&format!("verify aksk signature fail, {why}"))
}

fn verify_aksk(state: &Shared, call: &Call, auth: &str) -> Result<(), ApiError> {
    let parsed = signer::parse_authorization(auth)
        .ok_or_else(|| aksk_fail("the Authorization header is not SDK-HMAC-SHA256"))?;
    if parsed.access != state.config.ak {
        return Err(aksk_fail("the access key does not exist"));
    }
    let date = call
        .header("x-sdk-date")
        .ok_or_else(|| aksk_fail("X-Sdk-Date is missing"))?;
    let sent = NaiveDateTime::parse_from_str(date, signer::DATE_FORMAT)
        .map_err(|_| aksk_fail("X-Sdk-Date is not yyyyMMddTHHmmssZ"))?;
    let skew = (Utc::now().naive_utc() - sent).num_seconds().abs();
    if skew > MAX_SKEW_SECS {
        return Err(aksk_fail(
            "X-Sdk-Date is more than 15 minutes from the server time",
        ));
    }
    let mut signed = Vec::with_capacity(parsed.signed_headers.len());
    for name in &parsed.signed_headers {
        let value = call
            .header(name)
            .ok_or_else(|| aksk_fail(&format!("signed header {name} is missing")))?;
        signed.push((name.clone(), value.to_string()));
    }
    let req = signer::Request {
        method: &call.method,
        path: &call.path,
        query: &call.query,
        signed_headers: &signed,
        body: &call.body,
    };
    let expected = signer::signature(&state.config.sk, date, &req);
    if constant_time_eq(expected.as_bytes(), parsed.signature.as_bytes()) {
        Ok(())
    } else {
        Err(aksk_fail("the signature does not match"))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Steps 1–3 of every Catalog call: credentials, `workspace` header, path project. Returns the
/// caller and the workspace id.
pub fn authorize(
    state: &Shared,
    call: &Call,
    path_project: &str,
) -> Result<(Principal, String), ApiError> {
    let who = authenticate(state, call)?;
    let cfg = &state.config;
    let workspace = call.header("workspace").map(str::to_string);
    let Some(workspace) = workspace.filter(|w| !w.is_empty()) else {
        return Err(ApiError::bad_request(
            code::WORKSPACE_OR_TASK,
            "The workspace header is missing: workspace does not exist",
        ));
    };
    if !cfg.workspaces.contains(&workspace) || who.project_id != cfg.project_id {
        return Err(ApiError::bad_request(
            code::WORKSPACE_OR_TASK,
            format!(
                "Workspace {workspace} does not exist in project {} (check the workspace id and X-Project-Id)",
                who.project_id
            ),
        ));
    }
    check_project(&who, path_project)?;
    Ok((who, workspace))
}

/// Step 3 alone, for calls without a `workspace` header.
pub fn check_project(who: &Principal, path_project: &str) -> Result<(), ApiError> {
    if who.project_id == path_project {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            code::PROJECT_MISMATCH,
            format!(
                "The project_id in the path ({path_project}) does not match the credentials' project ({})",
                who.project_id
            ),
        ))
    }
}
