//! Disk: where files live, atomic writes, profiles (`config.toml`), secrets (`credentials.toml`, 0600),
//! the IAM token cache, and turning a saved profile into an `api::Session`. No network, no terminal.

pub mod atomic;
pub mod credentials;
pub mod db;
pub mod drafts;
pub mod history;
pub mod history_search;
pub mod locked;
pub mod paths;
pub mod profiles;
pub mod record;
pub mod resolve;
pub mod sdk;
pub mod sessions;
pub mod token_cache;
pub mod toml_keep;

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
