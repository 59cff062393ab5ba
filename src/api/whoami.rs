//! Whose credentials these are: the IAM user id, asked of IAM the one way each credential kind
//! can, with where the answer came from. Fills an empty `user_id`. Network only.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::auth::{AkSk, Credentials, parse_token_answer, sign};
use super::calls::{bad, check};
use super::client::Response;
use super::error::ApiError;
use super::request::HttpRequest;
use super::retry::send_with_retry;
use super::session::Session;

/// Where a caller's user id came from, to show beside the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserIdSource {
    /// The token of an IAM password login names its user.
    PasswordLogin,
    /// IAM validated the profile's token (`GET /v3/auth/tokens`, `X-Subject-Token`).
    TokenValidation,
    /// IAM named the owner of the profile's access key (`GET /v3.0/OS-CREDENTIAL/credentials/{ak}`).
    AccessKey,
}

impl UserIdSource {
    pub fn describe(self) -> &'static str {
        match self {
            UserIdSource::PasswordLogin => "the IAM password login's token",
            UserIdSource::TokenValidation => {
                "IAM's validation of the profile's token, GET /v3/auth/tokens"
            }
            UserIdSource::AccessKey => {
                "the owner of the profile's access key, GET /v3.0/OS-CREDENTIAL/credentials/{ak}"
            }
        }
    }
}

/// The calling IAM user's id and how ctask learned it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallerUser {
    pub id: String,
    pub source: UserIdSource,
}

/// Huawei IAM "Validating a Token": `GET /v3/auth/tokens` with the token as both the caller
/// (`X-Auth-Token`) and the subject (`X-Subject-Token`); a user may validate their own token without
/// any permission. `nocatalog` keeps the answer small.
pub fn token_validation_request(iam_base: &str, token: &str) -> HttpRequest {
    HttpRequest::new(
        "GET",
        iam_base,
        &["v3", "auth", "tokens"],
        &[("nocatalog", "true")],
    )
    .with_header("X-Auth-Token", token)
    .with_header("X-Subject-Token", token)
}

/// Huawei IAM "Querying a Permanent Access Key" (ShowPermanentAccessKey):
/// `GET /v3.0/OS-CREDENTIAL/credentials/{access_key}`, signed with the key itself. IAM is a global
/// service: the official SDKs' global credentials sign without `X-Project-Id` (and with
/// `X-Domain-Id` only once they know it), so this signature carries neither. Temporary keys (with a
/// security token) are not permanent keys; IAM may refuse them, and ctask then sends no user_id.
pub fn access_key_request(iam_base: &str, key: &AkSk, now: DateTime<Utc>) -> HttpRequest {
    let req = HttpRequest::new(
        "GET",
        iam_base,
        &["v3.0", "OS-CREDENTIAL", "credentials", &key.ak],
        &[],
    );
    sign(req, key, "", now)
}

/// `token.user.id` of a token validation (the token itself is in `X-Subject-Token`).
fn read_token_user(resp: &Response) -> Result<String, ApiError> {
    parse_token_answer(resp.header("x-subject-token"), &resp.body)
        .and_then(|t| {
            t.user_id
                .ok_or_else(|| "IAM's token names no user".to_string())
        })
        .map_err(|reason| bad(resp, &reason))
}

/// `credential.user_id` of an access key query.
fn read_key_owner(resp: &Response) -> Result<String, ApiError> {
    let v: Value = serde_json::from_slice(&resp.body)
        .map_err(|e| bad(resp, &format!("IAM's body is not JSON: {e}")))?;
    v.pointer("/credential/user_id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .ok_or_else(|| bad(resp, "IAM's answer has no credential.user_id"))
}

impl Session {
    /// The calling IAM user: from the password login's token, by validating the profile's token,
    /// or by asking who owns the access key. Reads only; nothing is created.
    pub async fn caller_user(&self) -> Result<CallerUser, ApiError> {
        let iam = &self.target.endpoint.iam;
        let (req, source) = match &self.credentials {
            Credentials::Iam(_) => {
                let token = self.iam_token().await?;
                return match token.and_then(|t| t.user_id) {
                    Some(id) => Ok(CallerUser {
                        id,
                        source: UserIdSource::PasswordLogin,
                    }),
                    None => Err(ApiError::Setup("the IAM token names no user".into())),
                };
            }
            Credentials::Token(t) => (
                token_validation_request(iam, t.expose()),
                UserIdSource::TokenValidation,
            ),
            Credentials::AkSk(k) => (
                access_key_request(iam, k, Utc::now()),
                UserIdSource::AccessKey,
            ),
        };
        let resp = check(send_with_retry(&self.client, &req, &mut |_| {}).await?)?;
        let id = match source {
            UserIdSource::TokenValidation => read_token_user(&resp)?,
            _ => read_key_owner(&resp)?,
        };
        Ok(CallerUser { id, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Secret;

    #[test]
    fn requests_follow_the_iam_pages() {
        let t = token_validation_request("https://iam.example.com", "TOK");
        assert_eq!(
            (t.method.as_str(), t.url().as_str()),
            (
                "GET",
                "https://iam.example.com/v3/auth/tokens?nocatalog=true"
            )
        );
        assert_eq!(t.header("x-auth-token"), Some("TOK"));
        assert_eq!(t.header("x-subject-token"), Some("TOK"));
        let masked = format!("{:?}", t.masked_headers());
        assert!(!masked.contains("TOK"), "{masked}");

        let key = AkSk {
            ak: "AKEXAMPLE".into(),
            sk: Secret::new("SK"),
            security_token: None,
        };
        let a = access_key_request("https://iam.example.com", &key, Utc::now());
        assert_eq!(
            a.url(),
            "https://iam.example.com/v3.0/OS-CREDENTIAL/credentials/AKEXAMPLE"
        );
        assert!(
            a.header("authorization")
                .is_some_and(|h| h.contains("Access=AKEXAMPLE"))
        );
        assert_eq!(a.header("x-project-id"), None, "IAM is global: no project");
    }
}
