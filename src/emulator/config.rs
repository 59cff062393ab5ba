//! The emulator's configuration: which project, workspaces and credentials it accepts. The sandbox
//! defaults are fixed and public (a local sandbox has nothing to protect), so a new user, the TUI
//! sandbox profile and the tests all meet the same values. No IO here.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

/// The project every sandbox credential belongs to.
pub const SANDBOX_PROJECT_ID: &str = "df1b2db7f98b778921e37fe91e633a7f";
/// The one workspace the sandbox knows.
pub const SANDBOX_WORKSPACE: &str = "73d1294a9d8f3efb695a87df0b274385";
/// A static token accepted as `X-Auth-Token`, so a sandbox user needs no IAM round trip.
pub const SANDBOX_TOKEN: &str = "ctask-sandbox-token";
/// The access key the sandbox accepts for SDK-HMAC-SHA256 signing (20 characters, like real AKs).
pub const SANDBOX_AK: &str = "CTASKSANDBOXAK000001";
/// The secret key paired with [`SANDBOX_AK`] (40 characters, like real SKs).
pub const SANDBOX_SK: &str = "ctaskSandboxSecretKey0000000000000000000";
/// IAM password login: user name.
pub const SANDBOX_IAM_USER: &str = "sandbox";
/// IAM password login: password.
pub const SANDBOX_IAM_PASSWORD: &str = "sandbox-password";
/// IAM password login: account (domain) name.
pub const SANDBOX_IAM_DOMAIN: &str = "sandbox";
/// The `token.user.id` the emulator's IAM reports, which fills a task's `user_id`.
pub const SANDBOX_USER_ID: &str = "975724e5c219df55b802a9e346fb905c";

/// Everything a running emulator accepts. `Default` gives the sandbox on `127.0.0.1:0`.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Where to listen; port 0 picks a free port (see `EmulatorHandle::base_url`).
    pub addr: SocketAddr,
    pub project_id: String,
    /// Workspace ids the `workspace` header may name.
    pub workspaces: Vec<String>,
    /// A static token accepted as `X-Auth-Token` besides the ones the emulator's IAM issues.
    pub token: String,
    pub ak: String,
    pub sk: String,
    pub iam_user: String,
    pub iam_password: String,
    pub iam_domain: String,
    /// The IAM user id reported in token answers.
    pub user_id: String,
    /// Answer errors as `{"errors":[{error_code,error_msg}]}` (what the live service often sends)
    /// instead of the documented `{"error_code","error_msg"}`.
    pub errors_array: bool,
    /// Lifetime of tokens issued by `POST /v3/auth/tokens` (24 h like IAM; tests shorten it).
    pub token_ttl: Duration,
    /// Reads (show and search) leave `task_config` out, as the Terraform provider's import note says
    /// the service may; also switched at run time by `POST /_emulator/settings`.
    pub omit_task_config: bool,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            project_id: SANDBOX_PROJECT_ID.to_string(),
            workspaces: vec![SANDBOX_WORKSPACE.to_string()],
            token: SANDBOX_TOKEN.to_string(),
            ak: SANDBOX_AK.to_string(),
            sk: SANDBOX_SK.to_string(),
            iam_user: SANDBOX_IAM_USER.to_string(),
            iam_password: SANDBOX_IAM_PASSWORD.to_string(),
            iam_domain: SANDBOX_IAM_DOMAIN.to_string(),
            user_id: SANDBOX_USER_ID.to_string(),
            errors_array: false,
            token_ttl: Duration::from_secs(24 * 60 * 60),
            omit_task_config: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_hex32(s: &str) -> bool {
        s.len() == 32
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }

    #[test]
    fn sandbox_ids_are_32_lowercase_hex() {
        assert!(is_hex32(SANDBOX_PROJECT_ID));
        assert!(is_hex32(SANDBOX_WORKSPACE));
        assert!(is_hex32(SANDBOX_USER_ID));
        assert_eq!(SANDBOX_AK.len(), 20);
        assert_eq!(SANDBOX_SK.len(), 40);
    }
}
