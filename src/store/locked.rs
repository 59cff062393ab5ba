//! Advisory file locks (`flock`, through `fs4`) that let several ctask at once share one folder:
//! every profile edit re-reads `config.toml` and `credentials.toml` and writes both inside one lock,
//! and a corrupt database is set aside by one process only. Disk only.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::{Config, CredentialsFile, Paths, StoreError, credentials, profiles};

/// An exclusive lock on `path` (created 0600 if missing), held until dropped.
pub struct Held(#[allow(dead_code)] File);

/// Waits for the exclusive lock on `path`.
pub fn exclusive(path: &Path) -> std::io::Result<Held> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        super::atomic::create_private_dir(dir)?;
    }
    let file = crate::platform::create_with_mode(
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false),
        0o600,
    )
    .open(path)?;
    fs4::FileExt::lock(&file)?;
    Ok(Held(file))
}

/// The lock file beside `config.toml` that guards it and `credentials.toml` together.
pub fn profiles_lock(paths: &Paths) -> PathBuf {
    paths.config_file().with_file_name(".profiles.lock")
}

/// Runs `change` on freshly read profiles and secrets under the profiles lock, then writes what it
/// changed (secrets first, so a profile never appears without its secret) before the lock is let go.
/// Another ctask's profiles, added since this one started, are therefore never lost.
pub fn edit_profiles<T>(
    paths: &Paths,
    change: impl FnOnce(&mut Config, &mut CredentialsFile) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let lock = profiles_lock(paths);
    let _held = exclusive(&lock).map_err(|source| StoreError::Write { path: lock, source })?;
    let mut config = profiles::load(paths)?;
    let mut creds = credentials::load(paths)?;
    let (config_was, creds_was) = (config.clone(), creds.profiles.clone());
    let out = change(&mut config, &mut creds)?;
    if creds.profiles != creds_was {
        credentials::save(paths, &creds)?;
    }
    if config != config_was {
        profiles::save(paths, &config)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Profile;

    #[test]
    fn parallel_edits_keep_every_profile_and_its_secret() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        std::thread::scope(|s| {
            for i in 0..10 {
                let paths = &paths;
                s.spawn(move || {
                    edit_profiles(paths, |c, k| {
                        let name = format!("p{i}");
                        c.profiles.insert(name.clone(), Profile::default());
                        k.profiles.entry(name).or_default().token =
                            Some(crate::store::SecretSource::Env(format!("T{i}")));
                        Ok(())
                    })
                    .unwrap();
                });
            }
        });
        let c = profiles::load(&paths).unwrap();
        let k = credentials::load(&paths).unwrap();
        assert_eq!(c.profiles.len(), 10);
        assert_eq!(k.profiles.len(), 10);
    }
}
