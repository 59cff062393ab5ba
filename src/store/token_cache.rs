//! The IAM token cache on disk: one JSON file in the data dir, mode 0600, written atomically. Best
//! effort: a missing or unreadable cache only means a new login.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::atomic::{Mode, write_atomic};
use crate::api::{IamToken, Secret, TokenCache};

/// The on-disk entry. Deliberately without `Debug`: it holds the token as a plain string.
#[derive(Serialize, Deserialize)]
struct Entry {
    token: String,
    /// RFC 3339.
    expires_at: String,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    user_name: Option<String>,
    #[serde(default)]
    project_id: Option<String>,
    #[serde(default)]
    project_name: Option<String>,
}

fn expiry(e: &Entry) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&e.expires_at)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// A `TokenCache` in a 0600 file.
pub struct FileTokenCache {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FileTokenCache {
    pub fn new(path: PathBuf) -> Self {
        FileTokenCache {
            path,
            lock: Mutex::new(()),
        }
    }

    fn read(&self) -> BTreeMap<String, Entry> {
        std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }
}

impl TokenCache for FileTokenCache {
    fn get(&self, key: &str) -> Option<IamToken> {
        let _guard = self.lock.lock().ok()?;
        let e = self.read().remove(key)?;
        Some(IamToken {
            expires_at: expiry(&e)?,
            token: Secret::new(e.token),
            user_id: e.user_id,
            user_name: e.user_name,
            project_id: e.project_id,
            project_name: e.project_name,
        })
    }

    fn put(&self, key: &str, t: &IamToken) {
        let Ok(_guard) = self.lock.lock() else { return };
        let now = Utc::now();
        let mut all = self.read();
        all.retain(|_, e| expiry(e).is_some_and(|x| x > now));
        all.insert(
            key.to_string(),
            Entry {
                token: t.token.expose().to_string(),
                expires_at: t.expires_at.to_rfc3339(),
                user_id: t.user_id.clone(),
                user_name: t.user_name.clone(),
                project_id: t.project_id.clone(),
                project_name: t.project_name.clone(),
            },
        );
        if let Ok(bytes) = serde_json::to_vec(&all) {
            let _ = write_atomic(&self.path, &bytes, Mode::Secret);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::{expected_mode, mode_of};

    #[test]
    fn round_trip_in_a_0600_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iam-tokens.json");
        let c = FileTokenCache::new(path.clone());
        assert!(c.get("k").is_none());
        let t = IamToken {
            token: Secret::new("tok"),
            expires_at: Utc::now() + chrono::TimeDelta::hours(5),
            user_id: Some("u".into()),
            user_name: None,
            project_id: Some("p".into()),
            project_name: None,
        };
        c.put("k", &t);
        assert_eq!(c.get("k"), Some(t.clone()));
        assert_eq!(
            mode_of(&std::fs::metadata(&path).unwrap()),
            expected_mode(0o600)
        );
        let fresh = FileTokenCache::new(path);
        assert_eq!(fresh.get("k"), Some(t));
    }
}
