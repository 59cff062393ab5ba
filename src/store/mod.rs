//! Disk: where files live, atomic writes, profiles (`config.toml`), secrets (`credentials.toml`, 0600),
//! the IAM token cache, and turning a saved profile into an `api::Session`. No network, no terminal.

pub(crate) mod atomic;
pub(crate) mod credentials;
pub(crate) mod db;
pub mod drafts;
pub mod history;
pub(crate) mod history_search;
pub(crate) mod locked;
pub mod paths;
pub(crate) mod profiles;
pub mod record;
pub(crate) mod resolve;
pub(crate) mod sdk;
pub(crate) mod sessions;
pub(crate) mod token_cache;
pub(crate) mod toml_keep;

use std::path::PathBuf;

use thiserror::Error;

pub use credentials::{CredentialsFile, ProfileSecrets, SecretSource};
pub use paths::Paths;
pub use profiles::{AuthKind, Config, FormDefaults, Profile};
pub use resolve::{Overrides, Resolved, resolve_profile};

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Only from `atomic::write_atomic`, which leaves the previous file as it was.
    #[error("{}: cannot write: {source} (the file on disk was not changed)", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: line {line}, column {column}: {message} (nothing was changed; fix the file by hand)", .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("cannot find a home directory; set CTASK_HOME to a folder for ctask's files")]
    NoHome,
}
