//! `Paths`: where ctask keeps its files. From `directories::ProjectDirs`, or everything under one
//! folder when `CTASK_HOME` is set. Passed in explicitly so tests use temp dirs. No file IO here.

use std::path::PathBuf;

use super::StoreError;

/// The environment variable that puts config and data under one folder.
pub const HOME_VAR: &str = "CTASK_HOME";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// `CTASK_HOME` if set and not empty, else the platform's config and data dirs.
    pub fn from_env() -> Result<Paths, StoreError> {
        match std::env::var_os(HOME_VAR).filter(|v| !v.is_empty()) {
            Some(root) => Ok(Paths::under(root)),
            None => {
                let dirs =
                    directories::ProjectDirs::from("", "", "ctask").ok_or(StoreError::NoHome)?;
                Ok(Paths {
                    config_dir: dirs.config_dir().to_path_buf(),
                    data_dir: dirs.data_dir().to_path_buf(),
                })
            }
        }
    }

    /// Config and data in one folder.
    pub fn under(root: impl Into<PathBuf>) -> Paths {
        let root = root.into();
        Paths {
            config_dir: root.clone(),
            data_dir: root,
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn credentials_file(&self) -> PathBuf {
        self.config_dir.join("credentials.toml")
    }

    pub fn token_cache_file(&self) -> PathBuf {
        self.data_dir.join("iam-tokens.json")
    }

    /// The name of the profile the TUI last used (opened on when there is no default).
    pub fn last_profile_file(&self) -> PathBuf {
        self.data_dir.join("last-profile")
    }

    /// The SQLite file holding history and drafts.
    pub fn database_file(&self) -> PathBuf {
        self.data_dir.join("ctask.db")
    }

    /// The folder of the running TUI sessions' lock files (`store::sessions`).
    pub fn sessions_dir(&self) -> PathBuf {
        self.data_dir.join("sessions")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_puts_everything_in_one_folder() {
        let p = Paths::under("/tmp/x");
        assert_eq!(p.config_file(), PathBuf::from("/tmp/x/config.toml"));
        assert_eq!(
            p.credentials_file(),
            PathBuf::from("/tmp/x/credentials.toml")
        );
        assert_eq!(
            p.token_cache_file(),
            PathBuf::from("/tmp/x/iam-tokens.json")
        );
        assert_eq!(p.database_file(), PathBuf::from("/tmp/x/ctask.db"));
        assert_eq!(p.sessions_dir(), PathBuf::from("/tmp/x/sessions"));
    }
}
