//! AK/SK the official Huawei Cloud SDKs already use: env `HUAWEICLOUD_SDK_AK`, `_SK`, `_PROJECT_ID`,
//! `_SECURITY_TOKEN`, then the INI file `~/.huaweicloud/credentials` section `[basic]`. Reads only.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::api::Secret;

#[derive(Clone, Default, PartialEq, Eq)]
pub struct SdkCredentials {
    pub ak: Option<String>,
    pub sk: Option<Secret>,
    pub project_id: Option<String>,
    pub security_token: Option<Secret>,
    /// Where each came from, for messages ("env", or the file path).
    pub source: Option<String>,
}

impl fmt::Debug for SdkCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SdkCredentials")
            .field("ak", &self.ak)
            .field("sk", &self.sk)
            .field("project_id", &self.project_id)
            .field("security_token", &self.security_token)
            .field("source", &self.source)
            .finish()
    }
}

/// The SDK file under a home directory.
pub fn sdk_file(home: &Path) -> PathBuf {
    home.join(".huaweicloud").join("credentials")
}

/// Environment first; the `[basic]` section of the file fills whatever the environment lacks.
pub fn load(home: Option<&Path>) -> SdkCredentials {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mut c = SdkCredentials {
        ak: env("HUAWEICLOUD_SDK_AK"),
        sk: env("HUAWEICLOUD_SDK_SK").map(Secret::new),
        project_id: env("HUAWEICLOUD_SDK_PROJECT_ID"),
        security_token: env("HUAWEICLOUD_SDK_SECURITY_TOKEN").map(Secret::new),
        source: None,
    };
    if c.ak.is_some() || c.sk.is_some() {
        c.source = Some("HUAWEICLOUD_SDK_* environment variables".into());
    }
    if c.ak.is_some() && c.sk.is_some() {
        return c;
    }
    let Some(path) = home.map(sdk_file) else {
        return c;
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return c;
    };
    let basic = parse_basic(&text);
    let get = |k: &str| basic.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if c.ak.is_none() && c.sk.is_none() {
        c.source = Some(path.display().to_string());
    }
    c.ak = c.ak.or_else(|| get("ak"));
    c.sk = c.sk.or_else(|| get("sk").map(Secret::new));
    c.project_id = c.project_id.or_else(|| get("project_id"));
    c.security_token = c
        .security_token
        .or_else(|| get("security_token").map(Secret::new));
    c
}

/// `key = value` pairs of the `[basic]` section (keys lowercased, `#`/`;` comments skipped).
pub fn parse_basic(text: &str) -> Vec<(String, String)> {
    let mut in_basic = false;
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if line.starts_with('[') {
            in_basic = line
                .trim_matches(['[', ']'])
                .trim()
                .eq_ignore_ascii_case("basic");
            continue;
        }
        if let (true, Some((k, v))) = (in_basic, line.split_once('=')) {
            let v = v.trim().trim_matches('"').to_string();
            if !v.is_empty() {
                out.push((k.trim().to_ascii_lowercase(), v));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_section_only() {
        let text = "[other]\nak = no\n[basic]\n# comment\nak = AK1\nsk=SK1\nproject_id = p\n[x]\nsk = no\n";
        let b = parse_basic(text);
        assert_eq!(
            b,
            vec![
                ("ak".into(), "AK1".into()),
                ("sk".into(), "SK1".into()),
                ("project_id".into(), "p".into())
            ]
        );
    }

    #[test]
    fn file_is_read_from_home_and_debug_is_redacted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".huaweicloud")).unwrap();
        std::fs::write(
            sdk_file(dir.path()),
            "[basic]\nak = AKFILE\nsk = SKFILE-SECRET\n",
        )
        .unwrap();
        let c = load(Some(dir.path()));
        if std::env::var("HUAWEICLOUD_SDK_AK").is_err()
            && std::env::var("HUAWEICLOUD_SDK_SK").is_err()
        {
            assert_eq!(c.ak.as_deref(), Some("AKFILE"));
            assert_eq!(c.sk.as_ref().map(|s| s.expose()), Some("SKFILE-SECRET"));
        }
        assert!(!format!("{c:?}").contains("SKFILE-SECRET"));
    }
}
