//! The Profiles screen and profile defaults: the list, the profile being edited (its form is the
//! `modal::profile_form` modal), and re-applying a profile's defaults to the fields the user has not
//! touched. Pure: loading, saving and testing are effects.

pub(crate) mod io;
pub(crate) mod keys;
pub(crate) mod view;

use crate::api::Secret;
use crate::store::{AuthKind, FormDefaults};
use crate::tui::state::edit::Line;

/// A saved profile as the TUI shows and edits it. Secrets hold only what was typed in this session
/// (empty: keep the saved one); they go to the 0600 credentials file, never to `config.toml`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    pub name: String,
    pub auth: AuthKind,
    /// The region (`cn-north-4`); the endpoint is derived from it unless one is typed.
    pub region: String,
    pub endpoint: String,
    /// The IAM endpoint (empty: derived from the region or the endpoint).
    pub iam_endpoint: String,
    pub project_id: String,
    pub workspace: String,
    pub user_id: String,
    pub dir_id: String,
    pub data_connection_id: String,
    pub data_connection_name: String,
    pub iam_user: String,
    pub iam_domain: String,
    pub ak: String,
    pub token: Secret,
    pub password: Secret,
    pub sk: Secret,
    pub security_token: Secret,
    /// The name it was saved under before an edit renamed it (its secrets move with it).
    pub renamed_from: Option<String>,
    /// The secrets the credentials file already holds for this profile (kept unless retyped).
    pub stored: Vec<Field>,
    /// The built-in sandbox (in-process emulator); not saved to disk.
    pub sandbox: bool,
    /// The saved defaults the form does not edit (user name, duty person, data source type).
    pub more_defaults: FormDefaults,
}

/// One field of the profile form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Auth,
    Region,
    Endpoint,
    IamEndpoint,
    ProjectId,
    Workspace,
    UserId,
    DirId,
    ConnectionId,
    ConnectionName,
    IamUser,
    IamDomain,
    Ak,
    Token,
    Password,
    Sk,
    SecurityToken,
}

const COMMON: [Field; 10] = [
    Field::Name,
    Field::Auth,
    Field::Region,
    Field::Endpoint,
    Field::ProjectId,
    Field::Workspace,
    Field::UserId,
    Field::DirId,
    Field::ConnectionId,
    Field::ConnectionName,
];

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Auth => "Authentication",
            Field::Region => "Region",
            Field::Endpoint => "Endpoint",
            Field::IamEndpoint => "IAM endpoint",
            Field::ProjectId => "Project ID",
            Field::Workspace => "Workspace",
            Field::UserId => "User ID",
            Field::DirId => "Directory ID",
            Field::ConnectionId => "Data connection ID",
            Field::ConnectionName => "Data connection name",
            Field::IamUser => "IAM user",
            Field::IamDomain => "IAM domain",
            Field::Ak => "AK",
            Field::Token => "Token",
            Field::Password => "IAM password",
            Field::Sk => "SK",
            Field::SecurityToken => "Security token",
        }
    }

    /// Masked as typed, saved only to the credentials file.
    pub fn secret(self) -> bool {
        matches!(
            self,
            Field::Token | Field::Password | Field::Sk | Field::SecurityToken
        )
    }

    /// The form's fields for an authentication kind, in order.
    pub fn for_auth(auth: AuthKind) -> Vec<Field> {
        let own: &[Field] = match auth {
            AuthKind::Token => &[Field::Token],
            AuthKind::Iam => &[
                Field::IamUser,
                Field::IamDomain,
                Field::Password,
                Field::IamEndpoint,
            ],
            AuthKind::Aksk => &[Field::Ak, Field::Sk, Field::SecurityToken],
        };
        COMMON.iter().chain(own).copied().collect()
    }
}

/// The next authentication kind (the Auth field is a choice, not text).
pub fn next_auth(a: AuthKind, forward: bool) -> AuthKind {
    const ALL: [AuthKind; 3] = [AuthKind::Token, AuthKind::Iam, AuthKind::Aksk];
    let i = ALL.iter().position(|x| *x == a).unwrap_or(0);
    ALL[(i + if forward { 1 } else { 2 }) % 3]
}

impl Profile {
    /// The text of a field (the Auth field shows its kind).
    pub fn get(&self, f: Field) -> String {
        match f {
            Field::Auth => return self.auth.as_str().to_string(),
            Field::Token => return self.token.expose().to_string(),
            Field::Password => return self.password.expose().to_string(),
            Field::Sk => return self.sk.expose().to_string(),
            Field::SecurityToken => return self.security_token.expose().to_string(),
            _ => {}
        }
        self.text(f).cloned().unwrap_or_default()
    }

    /// Sets a field from typed text (trimmed); the Auth field is changed with `next_auth`.
    pub fn set(&mut self, f: Field, v: &str) {
        let v = v.trim().to_string();
        match f {
            Field::Auth => {}
            Field::Token => self.token = Secret::new(v),
            Field::Password => self.password = Secret::new(v),
            Field::Sk => self.sk = Secret::new(v),
            Field::SecurityToken => self.security_token = Secret::new(v),
            Field::Region => {
                // An endpoint that was the old region's follows the new region.
                let derived = |r: &str| {
                    crate::api::Endpoint::resolve(Some(r), None, None)
                        .map(|e| e.base)
                        .unwrap_or_default()
                };
                if self.endpoint.is_empty() || self.endpoint == derived(&self.region) {
                    self.endpoint = derived(&v);
                }
                self.region = v;
            }
            _ => {
                if let Some(slot) = self.text_mut(f) {
                    *slot = v;
                }
            }
        }
    }

    fn text(&self, f: Field) -> Option<&String> {
        Some(match f {
            Field::Name => &self.name,
            Field::Region => &self.region,
            Field::Endpoint => &self.endpoint,
            Field::IamEndpoint => &self.iam_endpoint,
            Field::ProjectId => &self.project_id,
            Field::Workspace => &self.workspace,
            Field::UserId => &self.user_id,
            Field::DirId => &self.dir_id,
            Field::ConnectionId => &self.data_connection_id,
            Field::ConnectionName => &self.data_connection_name,
            Field::IamUser => &self.iam_user,
            Field::IamDomain => &self.iam_domain,
            Field::Ak => &self.ak,
            _ => return None,
        })
    }

    fn text_mut(&mut self, f: Field) -> Option<&mut String> {
        Some(match f {
            Field::Name => &mut self.name,
            Field::Region => &mut self.region,
            Field::Endpoint => &mut self.endpoint,
            Field::IamEndpoint => &mut self.iam_endpoint,
            Field::ProjectId => &mut self.project_id,
            Field::Workspace => &mut self.workspace,
            Field::UserId => &mut self.user_id,
            Field::DirId => &mut self.dir_id,
            Field::ConnectionId => &mut self.data_connection_id,
            Field::ConnectionName => &mut self.data_connection_name,
            Field::IamUser => &mut self.iam_user,
            Field::IamDomain => &mut self.iam_domain,
            Field::Ak => &mut self.ak,
            _ => return None,
        })
    }

    /// The secret fields typed in this edit (what a save puts in the credentials file).
    pub fn typed_secrets(&self) -> Vec<Field> {
        [
            Field::Token,
            Field::Password,
            Field::Sk,
            Field::SecurityToken,
        ]
        .into_iter()
        .filter(|f| !self.get(*f).is_empty())
        .collect()
    }

    /// Forgets the typed secrets (once they are on their way to the credentials file).
    pub fn without_secrets(mut self) -> Profile {
        for s in [
            &mut self.token,
            &mut self.password,
            &mut self.sk,
            &mut self.security_token,
        ] {
            *s = Secret::default();
        }
        self.renamed_from = None;
        self
    }

    /// What this profile fills in a task (the same `FormDefaults` the CLI applies).
    pub fn defaults(&self) -> FormDefaults {
        let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
        FormDefaults {
            user_id: some(&self.user_id),
            dir_id: some(&self.dir_id),
            data_connection_id: some(&self.data_connection_id),
            data_connection_name: some(&self.data_connection_name),
            ..self.more_defaults.clone()
        }
    }
}

/// The add/edit form: the profile being built, and the focused field's text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileEdit {
    /// The name being edited, `None` when adding.
    pub original: Option<String>,
    pub profile: Profile,
    pub focus: usize,
    /// The focused field's text and cursor (written back into `profile` as it changes).
    pub line: Line,
}

impl ProfileEdit {
    pub fn fields(&self) -> Vec<Field> {
        Field::for_auth(self.profile.auth)
    }

    pub fn focused(&self) -> Field {
        let f = self.fields();
        f[self.focus.min(f.len() - 1)]
    }

    /// Moves the focus and loads that field's text into the line.
    pub fn focus_on(&mut self, i: usize) {
        self.focus = i.min(self.fields().len() - 1);
        self.line = Line::new(self.profile.get(self.focused()));
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfilesState {
    pub list: Vec<Profile>,
    /// The saved default profile's name, as `config.toml` has it (marked in the list).
    pub default: Option<String>,
    pub sel: usize,
    pub test_result: Option<String>,
}

/// Why the form cannot be saved yet, if it cannot.
pub fn check(e: &ProfileEdit, list: &[Profile]) -> Option<String> {
    let p = &e.profile;
    let taken = list
        .iter()
        .any(|x| x.name == p.name && Some(&x.name) != e.original.as_ref());
    let missing = |f: Field| p.get(f).is_empty();
    // A secret is set when typed now or already in the credentials file.
    let unset = |f: Field| missing(f) && !p.stored.contains(&f);
    Some(match p.auth {
        _ if p.name.is_empty() => "a profile needs a name".into(),
        _ if taken => format!("a profile named {} exists", p.name),
        _ if p.endpoint.is_empty() => "a profile needs a region or an endpoint URL".into(),
        AuthKind::Token if unset(Field::Token) => "type the token".into(),
        AuthKind::Iam if missing(Field::IamUser) => "an IAM profile needs the IAM user".into(),
        AuthKind::Iam if unset(Field::Password) => "type the IAM password".into(),
        AuthKind::Aksk if missing(Field::Ak) => "an AK/SK profile needs the AK".into(),
        AuthKind::Aksk if unset(Field::Sk) => "type the SK".into(),
        _ => return None,
    })
}
