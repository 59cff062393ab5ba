//! From a saved profile to a ready `api::Session`: picks the profile, reads its secrets (literal,
//! `env:`, `command:`, or the official SDK's env and file for AK/SK), applies overrides, and builds the
//! client with the profile's timeouts. Reads disk and env; sends nothing.

use std::path::Path;
use std::sync::Arc;

use super::credentials::{self, ProfileSecrets, SecretSource};
use super::profiles::{self, AuthKind, Profile};
use super::token_cache::FileTokenCache;
use super::{Paths, StoreError, sdk};
use crate::api::calls::Target;
use crate::api::session::timeouts;
use crate::api::{AkSk, Client, Credentials, Endpoint, IamLogin, Secret, Session};

/// What a command may set over the profile (flags, or a KooCLI file's header and path).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub workspace: Option<String>,
    pub project_id: Option<String>,
}

/// A profile ready to use.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub name: String,
    pub profile: Profile,
    pub session: Session,
    /// To show the user (a loose credentials file mode, where AK/SK came from…).
    pub warnings: Vec<String>,
}

fn need(v: Option<String>, what: &str, name: &str, flag: &str) -> Result<String, StoreError> {
    v.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
        StoreError::Invalid(format!(
            "profile {name:?} has no {what}: pass {flag}, or save it with `ctask profile add {name} {flag} … --replace`"
        ))
    })
}

fn secret(
    src: Option<&SecretSource>,
    what: &str,
    name: &str,
    how: &str,
) -> Result<Secret, StoreError> {
    match src {
        Some(s) => s.resolve(),
        None => Err(StoreError::Invalid(format!(
            "profile {name:?} has no {what}: save one with `ctask profile add {name} {how} --replace`"
        ))),
    }
}

/// Loads the config and credentials and builds the session for `name` (or the default profile).
pub fn resolve_profile(
    paths: &Paths,
    name: Option<&str>,
    overrides: &Overrides,
    home: Option<&Path>,
) -> Result<Resolved, StoreError> {
    let config = profiles::load(paths)?;
    let (name, profile) = config.pick(name)?;
    let profile = profile.clone();
    profile
        .check_endpoints()
        .and_then(|()| profile.check_timeouts())
        .map_err(|e| {
            StoreError::Invalid(format!(
                "profile {name:?} in {}: {e}",
                paths.config_file().display()
            ))
        })?;
    let creds = credentials::load(paths)?;
    let mut warnings = creds.warnings.clone();
    let secrets = creds.profiles.get(&name).cloned().unwrap_or_default();
    let mut project_id = overrides.project_id.clone().or(profile.project_id.clone());
    let credentials = build_credentials(
        paths,
        &name,
        &profile,
        &secrets,
        home,
        &mut project_id,
        &mut warnings,
    )?;
    let project_id = need(project_id, "project id", &name, "--project-id")?;
    let workspace = need(
        overrides.workspace.clone().or(profile.workspace.clone()),
        "workspace id",
        &name,
        "--workspace",
    )?;
    let endpoint = Endpoint::resolve(
        profile.region.as_deref(),
        profile.endpoint.as_deref(),
        profile.iam_endpoint.as_deref(),
    )
    .map_err(|e| StoreError::Invalid(format!("profile {name:?}: {e}")))?;
    // An endpoint a hand edit or a region cannot make http remains checked here too.
    match (Profile::cleartext_warning(&endpoint), profile.allow_http) {
        (Some(w), true) => warnings.push(format!("profile {name:?}: {w}")),
        (Some(_), false) => {
            return Err(StoreError::Invalid(format!(
                "profile {name:?}: plain http:// to a host that is not loopback; use https://, or \
                 allow it with `allow_http = true` in {} (`ctask profile add … --allow-http`)",
                paths.config_file().display()
            )));
        }
        (None, _) => {}
    }
    let client = Client::new(timeouts(profile.connect_timeout_secs, profile.timeout_secs))
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(Resolved {
        session: Session {
            client,
            target: Target {
                endpoint,
                project_id,
                workspace,
            },
            credentials,
        },
        name,
        profile,
        warnings,
    })
}

fn build_credentials(
    paths: &Paths,
    name: &str,
    profile: &Profile,
    secrets: &ProfileSecrets,
    home: Option<&Path>,
    project_id: &mut Option<String>,
    warnings: &mut Vec<String>,
) -> Result<Credentials, StoreError> {
    Ok(match profile.auth {
        AuthKind::Token => Credentials::Token(secret(
            secrets.token.as_ref(),
            "token",
            name,
            "--auth token --token-stdin",
        )?),
        AuthKind::Iam => {
            let user = need(profile.iam_user.clone(), "IAM user", name, "--iam-user")?;
            Credentials::Iam(IamLogin {
                domain: profile.iam_domain.clone().unwrap_or_else(|| user.clone()),
                user,
                password: secret(
                    secrets.password.as_ref(),
                    "IAM password",
                    name,
                    "--auth iam --password-stdin",
                )?,
                profile: name.to_string(),
                cache: Arc::new(FileTokenCache::new(paths.token_cache_file())),
            })
        }
        AuthKind::Aksk => {
            let needs_sdk = profile.ak.is_none() || secrets.sk.is_none() || project_id.is_none();
            let sdk = if needs_sdk {
                sdk::load(home)
            } else {
                sdk::SdkCredentials::default()
            };
            if needs_sdk && let Some(src) = &sdk.source {
                warnings.push(format!(
                    "AK/SK settings missing from the profile were taken from {src}"
                ));
            }
            if project_id.is_none() {
                *project_id = sdk.project_id.clone();
            }
            let sk = match &secrets.sk {
                Some(s) => s.resolve()?,
                None => sdk.sk.clone().ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "profile {name:?} has no SK: save one with `ctask profile add {name} --auth aksk --sk-stdin --replace`, \
                         or set HUAWEICLOUD_SDK_SK, or ~/.huaweicloud/credentials [basic] sk"
                    ))
                })?,
            };
            let security_token = match &secrets.security_token {
                Some(s) => Some(s.resolve()?),
                None => sdk.security_token.clone(),
            };
            Credentials::AkSk(AkSk {
                ak: need(profile.ak.clone().or(sdk.ak.clone()), "AK", name, "--ak")?,
                sk,
                security_token,
            })
        }
    })
}
