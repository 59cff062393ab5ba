//! `Context`: where a submit goes and as whom: a resolved profile (session, name, form defaults,
//! whether to keep a history) or the sandbox. The one place a profile is chosen and turned into a
//! session, for the CLI and the TUI. Reads disk and env (secrets may come from `command:`); sends
//! nothing.

use std::path::PathBuf;

use crate::api::{self, ApiError, Client, ClientConfig, Credentials, Endpoint, Session};
use crate::store::{FormDefaults, Overrides, Paths, StoreError, profiles, resolve_profile};

/// A profile ready to send with.
#[derive(Clone, Debug)]
pub struct Context {
    /// The profile's name as history records it (`sandbox` for the built-in one).
    pub profile: String,
    pub sandbox: bool,
    pub session: Session,
    /// What the profile fills in a task's empty fields.
    pub defaults: FormDefaults,
    /// Keep a history row of each attempt.
    pub record: bool,
    /// To show the user (a loose credentials file mode, where AK/SK came from…).
    pub warnings: Vec<String>,
    /// How long a lost create answer is searched for (`reconcile::window`).
    pub reconcile: std::time::Duration,
}

impl PartialEq for Context {
    /// Two contexts are the same when they send to the same place as the same profile and kind.
    fn eq(&self, other: &Self) -> bool {
        self.profile == other.profile
            && self.sandbox == other.sandbox
            && self.session.target == other.session.target
            && self.session.credentials.kind_name() == other.session.credentials.kind_name()
    }
}

/// The user's home folder, where the official SDK's credentials file lives.
pub fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
}

impl Context {
    /// A saved profile (`None`: the default, else the only one), with `overrides` over its settings.
    pub fn resolve(
        paths: &Paths,
        name: Option<&str>,
        overrides: &Overrides,
    ) -> Result<Context, StoreError> {
        let r = resolve_profile(paths, name, overrides, home().as_deref())?;
        Ok(Context {
            profile: r.name,
            sandbox: false,
            defaults: r.profile.defaults.clone(),
            record: r.profile.history,
            session: r.session,
            warnings: r.warnings,
            reconcile: super::reconcile::window(),
        })
    }

    /// The built-in sandbox: the in-process emulator at `base` with its public token.
    pub fn sandbox(
        base: &str,
        project_id: &str,
        workspace: &str,
        token: &str,
        defaults: FormDefaults,
    ) -> Result<Context, ApiError> {
        Ok(Context {
            profile: "sandbox".into(),
            sandbox: true,
            session: Session {
                client: Client::new(ClientConfig::default())?,
                target: api::Target {
                    endpoint: Endpoint::resolve(None, Some(base), None)?,
                    project_id: project_id.to_string(),
                    workspace: workspace.to_string(),
                },
                credentials: Credentials::Token(api::Secret::new(token)),
            },
            defaults,
            record: true,
            warnings: Vec::new(),
            reconcile: super::reconcile::window(),
        })
    }

    /// The host an error came from (`sent`: the request left, so the service; else IAM).
    pub fn error_host(&self, sent: bool) -> String {
        self.session.error_host(sent)
    }
}

/// Which saved profile a command uses when none is named: the default, else the only one; an error
/// that says what to do otherwise. Disk only.
pub fn chosen_profile(paths: &Paths, name: Option<&str>) -> Result<String, StoreError> {
    let config = profiles::load(paths)?;
    config.pick(name).map(|(n, _)| n)
}
