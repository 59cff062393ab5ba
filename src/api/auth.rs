//! Credentials, three kinds: a static `X-Auth-Token`, an IAM password login (token fetched from
//! `/v3/auth/tokens` and cached until an hour before it expires), and AK/SK signing with
//! SDK-HMAC-SHA256. Network only; the token cache is a trait so the file-backed one lives in `store/`.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::client::Client;
use super::error::{ApiError, parse_error_body};
use super::request::HttpRequest;
use super::secret::Secret;
use super::signer;

/// A cached token is used until this long before `expires_at`.
pub const TOKEN_MARGIN: chrono::TimeDelta = chrono::TimeDelta::hours(1);
/// The value a dry run shows for an IAM token not fetched yet.
pub const IAM_PLACEHOLDER: &str = "<token fetched from IAM at send time>";

/// What IAM answered for a password login.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamToken {
    pub token: Secret,
    pub expires_at: DateTime<Utc>,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
}

impl IamToken {
    pub fn is_fresh(&self, now: DateTime<Utc>) -> bool {
        now + TOKEN_MARGIN < self.expires_at
    }
}

/// Where IAM tokens are kept between calls: memory here, a 0600 file in `store::token_cache`.
pub trait TokenCache: Send + Sync {
    fn get(&self, key: &str) -> Option<IamToken>;
    fn put(&self, key: &str, token: &IamToken);
}

/// A cache for one process.
#[derive(Default)]
pub struct MemoryCache(Mutex<HashMap<String, IamToken>>);

impl TokenCache for MemoryCache {
    fn get(&self, key: &str) -> Option<IamToken> {
        self.0.lock().ok()?.get(key).cloned()
    }
    fn put(&self, key: &str, token: &IamToken) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(key.to_string(), token.clone());
        }
    }
}

/// An IAM password login.
#[derive(Clone)]
pub struct IamLogin {
    pub user: String,
    /// The account (domain) name.
    pub domain: String,
    pub password: Secret,
    /// The saved profile this login belongs to (empty for none): part of the cache key, so two
    /// profiles never share a cached token.
    pub profile: String,
    pub cache: Arc<dyn TokenCache>,
}

/// AK/SK, optionally temporary (with a security token).
#[derive(Clone, Debug)]
pub struct AkSk {
    pub ak: String,
    pub sk: Secret,
    pub security_token: Option<Secret>,
}

#[derive(Clone, Debug)]
pub enum Credentials {
    Token(Secret),
    Iam(IamLogin),
    AkSk(AkSk),
}

impl fmt::Debug for IamLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamLogin")
            .field("user", &self.user)
            .field("domain", &self.domain)
            .field("password", &self.password)
            .field("profile", &self.profile)
            .finish()
    }
}

impl Credentials {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Credentials::Token(_) => "token",
            Credentials::Iam(_) => "iam",
            Credentials::AkSk(_) => "aksk",
        }
    }

    /// Adds authentication to `req` without any network call, for a dry run: a token or an AK/SK
    /// signature as it would be sent, or a placeholder for an IAM token. Show it masked.
    pub fn preview(&self, req: HttpRequest, project_id: &str, now: DateTime<Utc>) -> HttpRequest {
        match self {
            Credentials::Token(t) => req.with_header("X-Auth-Token", t.expose()),
            Credentials::Iam(_) => req.with_header("X-Auth-Token", IAM_PLACEHOLDER),
            Credentials::AkSk(k) => sign(req, k, project_id, now),
        }
    }

    /// Adds authentication to `req`, logging in to IAM first when needed.
    pub async fn authorize(
        &self,
        client: &Client,
        iam_base: &str,
        req: HttpRequest,
        project_id: &str,
        now: DateTime<Utc>,
    ) -> Result<HttpRequest, ApiError> {
        match self {
            Credentials::Iam(login) => {
                let token = login.token(client, iam_base, project_id, now).await?;
                Ok(req.with_header("X-Auth-Token", token.token.expose()))
            }
            other => Ok(other.preview(req, project_id, now)),
        }
    }
}

impl IamLogin {
    /// Where this login's token is cached: a SHA-256 over the profile, IAM endpoint, account,
    /// user, project and password, so a different (e.g. wrong) password or another profile never
    /// finds this login's token. Neither the password nor anything readable is in the key.
    pub(crate) fn cache_key(&self, iam_base: &str, project_id: &str) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for part in [
            self.profile.as_str(),
            iam_base,
            &self.domain,
            &self.user,
            project_id,
            self.password.expose(),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        format!("v2:{}", hex::encode(h.finalize()))
    }

    /// A token for the project: the cached one while fresh, else a new login.
    pub async fn token(
        &self,
        client: &Client,
        iam_base: &str,
        project_id: &str,
        now: DateTime<Utc>,
    ) -> Result<IamToken, ApiError> {
        let key = self.cache_key(iam_base, project_id);
        if let Some(t) = self.cache.get(&key).filter(|t| t.is_fresh(now)) {
            return Ok(t);
        }
        let token = fetch_token(client, iam_base, self, project_id).await?;
        self.cache.put(&key, &token);
        Ok(token)
    }
}

/// The password-login body of docs/api-notes.md section 3, scoped to the project id.
pub fn token_request(iam_base: &str, login: &IamLogin, project_id: &str) -> HttpRequest {
    let body = json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": login.user, "password": login.password.expose(), "domain": {"name": login.domain}}}},
        "scope": {"project": {"id": project_id}}
    }});
    HttpRequest::new("POST", iam_base, &["v3", "auth", "tokens"], &[])
        .with_json_body(body.to_string().into_bytes())
}

async fn fetch_token(
    client: &Client,
    iam_base: &str,
    login: &IamLogin,
    project_id: &str,
) -> Result<IamToken, ApiError> {
    let req = token_request(iam_base, login, project_id);
    let resp = client.send(&req).await?;
    if !resp.is_success() {
        return Err(ApiError::Service(parse_error_body(
            resp.status,
            &resp.body,
            resp.request_id.clone(),
        )));
    }
    parse_token_answer(resp.header("x-subject-token"), &resp.body).map_err(|reason| {
        ApiError::BadResponse {
            status: resp.status,
            reason,
            excerpt: super::error::excerpt(&resp.body),
            request_id: resp.request_id.clone(),
        }
    })
}

/// Reads IAM's answer: the token from `X-Subject-Token`, the rest from the body.
pub fn parse_token_answer(subject: Option<&str>, body: &[u8]) -> Result<IamToken, String> {
    let token = subject
        .filter(|t| !t.is_empty())
        .ok_or("IAM sent no X-Subject-Token header")?;
    let v: Value =
        serde_json::from_slice(body).map_err(|e| format!("IAM's body is not JSON: {e}"))?;
    let t = v.get("token").ok_or("IAM's body has no \"token\"")?;
    let expires = t
        .get("expires_at")
        .and_then(Value::as_str)
        .ok_or("IAM's token has no expires_at")?;
    let expires_at = DateTime::parse_from_rfc3339(expires)
        .map_err(|e| format!("IAM's expires_at {expires:?} is not a date: {e}"))?
        .with_timezone(&Utc);
    let s = |a: &str, b: &str| {
        t.get(a)
            .and_then(|o| o.get(b))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(IamToken {
        token: Secret::new(token),
        expires_at,
        user_id: s("user", "id"),
        user_name: s("user", "name"),
        project_id: s("project", "id"),
        project_name: s("project", "name"),
    })
}

/// Signs `req` with SDK-HMAC-SHA256: `host`, `x-sdk-date`, `x-project-id`, `workspace` (when set)
/// and `x-security-token` (temporary credentials). Nothing may change those headers afterwards. An
/// empty `project_id` sends no `X-Project-Id` (global services such as IAM).
pub fn sign(mut req: HttpRequest, key: &AkSk, project_id: &str, now: DateTime<Utc>) -> HttpRequest {
    let date = now.format(signer::DATE_FORMAT).to_string();
    let host = req.host();
    req.set_header("Host", &host);
    req.set_header("X-Sdk-Date", &date);
    if !project_id.is_empty() {
        req.set_header("X-Project-Id", project_id);
    }
    if let Some(t) = &key.security_token {
        req.set_header("X-Security-Token", t.expose());
    }
    let signed: Vec<(String, String)> = req
        .headers
        .iter()
        .filter(|(k, _)| {
            [
                "host",
                "x-sdk-date",
                "x-project-id",
                "workspace",
                "x-security-token",
            ]
            .iter()
            .any(|n| k.eq_ignore_ascii_case(n))
        })
        .cloned()
        .collect();
    let auth = signer::authorization(
        &key.ak,
        key.sk.expose(),
        &date,
        &signer::Request {
            method: &req.method,
            path: &req.path,
            query: &req.query,
            signed_headers: &signed,
            body: &req.body,
        },
    );
    req.set_header("Authorization", &auth);
    req
}

#[cfg(test)]
#[path = "auth_tests.rs"]
mod tests;
