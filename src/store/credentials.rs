//! Secrets: `credentials.toml`, separate from the profiles, created with mode 0600 and written
//! atomically. Each value is a literal, `env:VAR` or `command:…` (the stdout of `sh -c`, `cmd /C` on Windows). A file that
//! group or others can read gets a warning. Nothing here prints a secret.

use std::collections::BTreeMap;
use std::fmt;
use std::process::Stdio;

use serde::{Deserialize, Serialize};

use super::atomic::{Mode, write_atomic};
use super::profiles::line_col;
use super::{Paths, StoreError};
use crate::api::Secret;
use crate::api::secret::MASK;

/// Where a secret comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    Literal(Secret),
    Env(String),
    Command(String),
}

impl SecretSource {
    /// `env:VAR` and `command:…` are references; anything else is the secret itself.
    pub fn parse(s: &str) -> SecretSource {
        if let Some(var) = s.strip_prefix("env:") {
            SecretSource::Env(var.trim().to_string())
        } else if let Some(cmd) = s.strip_prefix("command:") {
            SecretSource::Command(cmd.trim().to_string())
        } else {
            SecretSource::Literal(Secret::new(s))
        }
    }

    /// A value typed or piped in: always the secret itself.
    pub fn parse_literal(s: &str) -> SecretSource {
        SecretSource::Literal(Secret::new(s))
    }

    fn stored(&self) -> String {
        match self {
            SecretSource::Literal(s) => s.expose().to_string(),
            SecretSource::Env(v) => format!("env:{v}"),
            SecretSource::Command(c) => format!("command:{c}"),
        }
    }

    /// For display: references as written, literals masked.
    pub fn describe(&self) -> String {
        match self {
            SecretSource::Literal(_) => format!("{MASK} (stored)"),
            other => other.stored(),
        }
    }

    /// The secret's value now: the literal, the variable, or the command's output (trailing
    /// newline removed).
    pub fn resolve(&self) -> Result<Secret, StoreError> {
        let value = match self {
            SecretSource::Literal(s) => return Ok(s.clone()),
            SecretSource::Env(var) => std::env::var(var).map_err(|_| {
                StoreError::Invalid(format!(
                    "the secret comes from env:{var}, but {var} is not set"
                ))
            })?,
            SecretSource::Command(cmd) => run(cmd)?,
        };
        if value.is_empty() {
            return Err(StoreError::Invalid(format!(
                "the secret from {} is empty",
                self.stored()
            )));
        }
        Ok(Secret::new(value))
    }
}

fn run(cmd: &str) -> Result<String, StoreError> {
    let out = crate::platform::shell(cmd)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| StoreError::Invalid(format!("cannot run the secret command `{cmd}`: {e}")))?;
    if !out.status.success() {
        return Err(StoreError::Invalid(format!(
            "the secret command `{cmd}` failed ({})",
            out.status
        )));
    }
    let text = String::from_utf8(out.stdout).map_err(|_| {
        StoreError::Invalid(format!("the secret command `{cmd}` printed non-UTF-8"))
    })?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

impl fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// One profile's secrets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSecrets {
    pub token: Option<SecretSource>,
    pub password: Option<SecretSource>,
    pub sk: Option<SecretSource>,
    pub security_token: Option<SecretSource>,
}

impl ProfileSecrets {
    /// (name, source) of each secret present.
    pub fn entries(&self) -> Vec<(&'static str, &SecretSource)> {
        [
            ("token", &self.token),
            ("password", &self.password),
            ("sk", &self.sk),
            ("security_token", &self.security_token),
        ]
        .into_iter()
        .filter_map(|(n, s)| s.as_ref().map(|s| (n, s)))
        .collect()
    }
}

/// The on-disk form. Deliberately without `Debug`: it holds secrets as plain strings.
#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    profiles: BTreeMap<String, RawSecrets>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSecrets {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    security_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CredentialsFile {
    pub profiles: BTreeMap<String, ProfileSecrets>,
    /// Things the user should hear about (e.g. a loose file mode).
    pub warnings: Vec<String>,
}

/// Reads `credentials.toml` (missing = empty), warning when group or others can read it.
pub fn load(paths: &Paths) -> Result<CredentialsFile, StoreError> {
    let path = paths.credentials_file();
    let Some(text) = super::profiles::read_text(&path)? else {
        return Ok(CredentialsFile::default());
    };
    let mut warnings = Vec::new();
    // Where the platform has modes (Unix); Windows keeps the profile folder's ACL.
    if let Some(mode) = std::fs::metadata(&path)
        .ok()
        .and_then(|m| crate::platform::mode_of(&m))
        .filter(|mode| mode & 0o077 != 0)
    {
        warnings.push(format!(
            "{} can be read by other users (mode {mode:o}); run `chmod 600 {}`",
            path.display(),
            path.display()
        ));
    }
    let raw: Raw = toml::from_str(&text).map_err(|e| {
        // The message of a TOML error may quote the offending value; keep only the position.
        let (line, column) = e.span().map_or((1, 1), |s| line_col(&text, s.start));
        StoreError::Parse {
            path: path.clone(),
            line,
            column,
            message: "not valid credentials TOML".into(),
        }
    })?;
    let src = |s: Option<String>| s.map(|s| SecretSource::parse(&s));
    let profiles = raw
        .profiles
        .into_iter()
        .map(|(k, r)| {
            (
                k,
                ProfileSecrets {
                    token: src(r.token),
                    password: src(r.password),
                    sk: src(r.sk),
                    security_token: src(r.security_token),
                },
            )
        })
        .collect();
    Ok(CredentialsFile { profiles, warnings })
}

/// Writes `credentials.toml` atomically with mode 0600 (through a symlink, to its target).
pub fn save(paths: &Paths, file: &CredentialsFile) -> Result<(), StoreError> {
    let st = |s: &Option<SecretSource>| s.as_ref().map(SecretSource::stored);
    let raw = Raw {
        profiles: file
            .profiles
            .iter()
            .map(|(k, p)| {
                (
                    k.clone(),
                    RawSecrets {
                        token: st(&p.token),
                        password: st(&p.password),
                        sk: st(&p.sk),
                        security_token: st(&p.security_token),
                    },
                )
            })
            .collect(),
    };
    let text = toml::to_string_pretty(&raw)
        .map_err(|e| StoreError::Invalid(format!("cannot write the credentials: {e}")))?;
    let path = paths.credentials_file();
    // Comments and layout of a hand edit stay, as in config.toml.
    let text = match super::profiles::read_text(&path) {
        Ok(Some(old)) => super::toml_keep::merge(&old, &text),
        _ => text,
    };
    write_atomic(&path, text.as_bytes(), Mode::Secret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn sources_parse_and_resolve() {
        assert_eq!(
            SecretSource::parse("abc").resolve().unwrap().expose(),
            "abc"
        );
        let var = "CTASK_TEST_SECRET_SOURCE_VAR";
        assert!(
            SecretSource::parse(&format!("env:{var}"))
                .resolve()
                .is_err()
        );
        // Through the platform's shell: `sh -c` here, `cmd /C` on Windows (which ends lines in CRLF).
        let cmd = SecretSource::parse("command: echo from-cmd");
        assert_eq!(cmd.resolve().unwrap().expose(), "from-cmd");
        assert!(SecretSource::parse("command:exit 3").resolve().is_err());
        assert!(
            SecretSource::parse("command:exit 0").resolve().is_err(),
            "empty output"
        );
        let path = SecretSource::parse("env:PATH").resolve().unwrap();
        assert!(!path.is_empty());
    }

    #[test]
    fn literals_are_masked_in_every_view() {
        let s = SecretSource::parse("TOP-SECRET");
        assert_eq!(s.describe(), "**** (stored)");
        assert!(!format!("{s:?}").contains("TOP-SECRET"));
        assert_eq!(SecretSource::parse("env:X").describe(), "env:X");
        let p = ProfileSecrets {
            token: Some(s),
            ..Default::default()
        };
        assert!(!format!("{p:?}").contains("TOP-SECRET"));
    }

    #[test]
    fn file_is_0600_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        let mut f = CredentialsFile::default();
        f.profiles.insert(
            "a".into(),
            ProfileSecrets {
                token: Some(SecretSource::parse("t1")),
                sk: Some(SecretSource::parse("env:SK")),
                ..Default::default()
            },
        );
        save(&paths, &f).unwrap();
        let mode = crate::platform::mode_of(&fs::metadata(paths.credentials_file()).unwrap());
        assert_eq!(mode, crate::platform::expected_mode(0o600));
        let back = load(&paths).unwrap();
        assert_eq!(back.profiles, f.profiles);
        assert!(back.warnings.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn loose_mode_warns_and_parse_errors_hide_values() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        fs::write(paths.credentials_file(), "[profiles.a]\ntoken = \"x\"\n").unwrap();
        fs::set_permissions(paths.credentials_file(), fs::Permissions::from_mode(0o644)).unwrap();
        let f = load(&paths).unwrap();
        assert!(f.warnings[0].contains("chmod 600"), "{:?}", f.warnings);
        fs::write(
            paths.credentials_file(),
            "[profiles.a]\ntoken = SECRETVALUE\n",
        )
        .unwrap();
        let e = load(&paths).unwrap_err().to_string();
        assert!(e.contains("line 2") && !e.contains("SECRETVALUE"), "{e}");
    }
}
