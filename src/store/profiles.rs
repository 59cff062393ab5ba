//! Profiles: `config.toml`, human-editable, one `[profiles.NAME]` table per environment plus
//! `default = "NAME"`. No secrets here (they live in `credentials.toml`). A file that cannot be parsed
//! is reported with its line and column and never overwritten.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::{Mode, write_atomic};
use super::{Paths, StoreError};
use crate::task::{CollectionTask, Typed};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthKind {
    #[default]
    Token,
    Iam,
    Aksk,
}

impl AuthKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::Token => "token",
            AuthKind::Iam => "iam",
            AuthKind::Aksk => "aksk",
        }
    }
}

/// Values that pre-fill empty task fields: the one place a profile's defaults meet a task, for the
/// CLI and the TUI alike.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDefaults {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duty_person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_type: Option<String>,
    /// Fills `task_config.data_connection_id` when the task has that key and it is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_connection_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_connection_name: Option<String>,
}

/// A value that counts as not filled in: blank, or a template placeholder such as `<IAM user id>`.
fn unfilled(s: &str) -> bool {
    s.trim().is_empty() || crate::task::validate::is_placeholder(s)
}

impl FormDefaults {
    /// (task field path, default) pairs, in catalog order.
    pub fn pairs(&self) -> [(&'static str, Option<&str>); 5] {
        [
            ("user_id", self.user_id.as_deref()),
            ("user_name", self.user_name.as_deref()),
            ("dir_id", self.dir_id.as_deref()),
            ("duty_person", self.duty_person.as_deref()),
            ("data_source_type", self.data_source_type.as_deref()),
        ]
    }

    /// (`task_config` key, default) pairs.
    pub fn config_pairs(&self) -> [(&'static str, Option<&str>); 2] {
        [
            ("data_connection_id", self.data_connection_id.as_deref()),
            ("data_connection_name", self.data_connection_name.as_deref()),
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.pairs().iter().all(|(_, v)| v.is_none())
            && self.config_pairs().iter().all(|(_, v)| v.is_none())
    }

    /// Fills the task's absent, blank or placeholder fields; returns the paths it filled.
    pub fn apply(&self, task: &mut CollectionTask) -> Vec<&'static str> {
        self.apply_where(task, |_| false)
    }

    /// As `apply`, and also replaces a filled field where `replace(path)` says so (the TUI: a field
    /// the user has not typed in keeps following the profile).
    pub fn apply_where(
        &self,
        task: &mut CollectionTask,
        replace: impl Fn(&str) -> bool,
    ) -> Vec<&'static str> {
        let mut filled = Vec::new();
        for (path, value) in self.pairs() {
            let Some(value) = value.filter(|v| !v.is_empty()) else {
                continue;
            };
            if let Some(slot) = task.text_field_mut(path) {
                let open = match slot {
                    None => true,
                    Some(Typed::Valid(s)) => unfilled(s) || (replace(path) && s != value),
                    Some(Typed::Invalid(_)) => false,
                };
                if open {
                    *slot = Some(Typed::Valid(value.to_string()));
                    filled.push(path);
                }
            }
        }
        let Some(Typed::Valid(config)) = task.task_config.as_mut() else {
            return filled;
        };
        for ((key, value), path) in self.config_pairs().into_iter().zip([
            "task_config.data_connection_id",
            "task_config.data_connection_name",
        ]) {
            let Some(value) = value.filter(|v| !v.is_empty()) else {
                continue;
            };
            if let Some(slot) = config.get_mut(key) {
                let open = match slot.as_str() {
                    Some(s) => unfilled(s) || (replace(path) && s != value),
                    None => slot.is_null(),
                };
                if open {
                    *slot = serde_json::Value::String(value.to_string());
                    filled.push(path);
                }
            }
        }
        filled
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One environment: where to send, as whom, and what to pre-fill.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
    #[serde(default)]
    pub auth: AuthKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_user: Option<String>,
    /// The IAM account (domain) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_domain: Option<String>,
    /// The access key id (not secret; the SK is in credentials.toml).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ak: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout_secs: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<f64>,
    /// Plain `http://` to a host that is not loopback is allowed (the user said so: `--allow-http`,
    /// or `allow_http = true` by hand); every command that sends then warns.
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_http: bool,
    /// Keep a history of submissions made with this profile.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub history: bool,
    #[serde(default, skip_serializing_if = "FormDefaults::is_empty")]
    pub defaults: FormDefaults,
}

/// The longest timeout a profile may hold, in seconds (an hour).
pub const MAX_TIMEOUT_SECS: f64 = 3600.0;
/// The shortest (a tenth of a second: below it no call could finish, and 0 would mean none).
pub const MIN_TIMEOUT_SECS: f64 = 0.1;

impl Profile {
    /// The endpoints, when set, are URLs without `user:pass@`, and plain `http://` only to a
    /// loopback host unless `allow_http` (checked when saved and when used, as a hand edit may have
    /// put one there). The message names the key and the setting, never the password.
    pub fn check_endpoints(&self) -> Result<(), String> {
        use crate::api::request::{check_url, is_cleartext_remote, without_userinfo};
        for (what, v) in [
            ("endpoint", &self.endpoint),
            ("IAM endpoint", &self.iam_endpoint),
        ] {
            if let Some(url) = v.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
                let url = url.trim_end_matches('/');
                check_url(what, url).map_err(|e| e.to_string())?;
                if is_cleartext_remote(url) && !self.allow_http {
                    return Err(format!(
                        "the {what} {:?} is plain http:// to a host that is not loopback: the \
                         token, password or signature of every request would cross the network in \
                         clear. Use https://, or allow it explicitly: `ctask profile add … \
                         --allow-http`, or `allow_http = true` in the profile in config.toml",
                        without_userinfo(url)
                    ));
                }
            }
        }
        Ok(())
    }

    /// With `allow_http`, what every command that sends with this profile warns (`None` when every
    /// endpoint it uses is https or loopback).
    pub fn cleartext_warning(endpoint: &crate::api::Endpoint) -> Option<String> {
        let hosts = endpoint.cleartext();
        (!hosts.is_empty()).then(|| {
            format!(
                "{} is plain http:// (allow_http = true): the token, password or signature of \
                 this request crosses the network in clear",
                hosts.join(" and ")
            )
        })
    }

    /// Both timeouts, when set, lie in [`MIN_TIMEOUT_SECS`, `MAX_TIMEOUT_SECS`]: checked when saved
    /// and when read.
    pub fn check_timeouts(&self) -> Result<(), String> {
        for (key, v) in [
            ("connect_timeout_secs", self.connect_timeout_secs),
            ("timeout_secs", self.timeout_secs),
        ] {
            let fits = |v: &f64| v.is_finite() && (MIN_TIMEOUT_SECS..=MAX_TIMEOUT_SECS).contains(v);
            if let Some(v) = v.filter(|v| !fits(v)) {
                return Err(format!(
                    "{key} = {v} is out of range: give {MIN_TIMEOUT_SECS} to {MAX_TIMEOUT_SECS} seconds"
                ));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The profile used when none is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

impl Config {
    /// The named profile, else the default, else the only one.
    pub fn pick(&self, name: Option<&str>) -> Result<(String, &Profile), StoreError> {
        let name = match name.or(self.default.as_deref()) {
            Some(n) => n.to_string(),
            None if self.profiles.len() == 1 => {
                self.profiles.keys().next().cloned().unwrap_or_default()
            }
            None if self.profiles.is_empty() => {
                return Err(StoreError::Invalid(
                    "no profile yet: create one with `ctask profile add NAME --region … --project-id … --workspace …`".into(),
                ));
            }
            None => {
                return Err(StoreError::Invalid(format!(
                    "several profiles ({}) and no default: pass --profile NAME or run `ctask profile default NAME`",
                    self.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
        };
        let profile = self.profiles.get(&name).ok_or_else(|| {
            StoreError::Invalid(format!(
                "no profile named {name:?}; `ctask profile list` shows the saved ones"
            ))
        })?;
        Ok((name, profile))
    }
}

/// Reads `config.toml`; a missing file is an empty config.
pub fn load(paths: &Paths) -> Result<Config, StoreError> {
    let path = paths.config_file();
    match read_text(&path)? {
        Some(text) => parse(&path, &text),
        None => Ok(Config::default()),
    }
}

/// A hand-edited TOML file's text, `None` when it does not exist. Bytes that are not UTF-8 are a
/// parse error at their line and column (not a read error: the file was read, it is just broken).
pub fn read_text(path: &Path) -> Result<Option<String>, StoreError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StoreError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = line_col(&text, valid);
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: "the file is not UTF-8 text".into(),
        }
    })
}

/// Parses config text, reporting a syntax or schema error by line and column.
pub fn parse(path: &Path, text: &str) -> Result<Config, StoreError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Writes `config.toml` atomically, laid over the file as it is (`toml_keep`): a hand edit's
/// comments and layout stay. Through a symlink, the link's target is written.
pub fn save(paths: &Paths, config: &Config) -> Result<(), StoreError> {
    let path = paths.config_file();
    let text = toml::to_string_pretty(config)
        .map_err(|e| StoreError::Invalid(format!("cannot write the profiles: {e}")))?;
    let text = match read_text(&path) {
        Ok(Some(old)) => super::toml_keep::merge(&old, &text),
        _ => text,
    };
    write_atomic(&path, text.as_bytes(), Mode::Public)
}

/// Makes `name` the default profile (under the profiles lock; the other profiles are kept).
pub fn set_default(paths: &Paths, name: &str) -> Result<(), StoreError> {
    crate::store::locked::edit_profiles(paths, |config, _| {
        if !config.profiles.contains_key(name) {
            return Err(StoreError::Invalid(format!("no profile named {name:?}")));
        }
        config.default = Some(name.to_string());
        Ok(())
    })
}

/// Remembers the profile the TUI is using, so a start with several profiles and no default opens
/// on it.
pub fn remember_last(paths: &Paths, name: &str) -> Result<(), StoreError> {
    crate::store::atomic::create_private_dir(&paths.data_dir).map_err(|source| {
        StoreError::Write {
            path: paths.data_dir.clone(),
            source,
        }
    })?;
    crate::store::atomic::write_atomic(
        &paths.last_profile_file(),
        name.as_bytes(),
        crate::store::atomic::Mode::Public,
    )
}

/// The profile the TUI last used, if it is remembered.
pub fn last_used(paths: &Paths) -> Option<String> {
    let text = std::fs::read_to_string(paths.last_profile_file()).ok()?;
    let name = text.trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        assert_eq!(load(&paths).unwrap(), Config::default());
        let mut c = Config::default();
        let p = Profile {
            region: Some("cn-north-4".into()),
            project_id: Some("p".into()),
            auth: AuthKind::Aksk,
            ak: Some("AK".into()),
            timeout_secs: Some(1.5),
            history: true,
            defaults: FormDefaults {
                dir_id: Some("0".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        c.profiles.insert("prod".into(), p);
        c.default = Some("prod".into());
        save(&paths, &c).unwrap();
        let text = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(text.contains("default = \"prod\""), "{text}");
        assert_eq!(load(&paths).unwrap(), c);
        assert_eq!(c.pick(None).unwrap().0, "prod");
        assert!(c.pick(Some("nope")).is_err());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_a_parse_error_at_their_position() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, b"[profiles.a]\nregion = \"\xff\"\n").unwrap();
        match read_text(&p).unwrap_err() {
            StoreError::Parse { line, column, .. } => assert_eq!((line, column), (2, 11)),
            other => panic!("{other:?}"),
        }
        assert!(
            read_text(&dir.path().join("missing.toml"))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn parse_error_has_line_and_column() {
        let text = "default = \"a\"\n[profiles.a]\nregion = cn-north-4\n";
        let e = parse(Path::new("config.toml"), text).unwrap_err();
        match e {
            StoreError::Parse { line, column, .. } => assert_eq!((line, column), (3, 10)),
            other => panic!("{other:?}"),
        }
        let e = parse(Path::new("c"), "[profiles.a]\nregoin = \"x\"\n").unwrap_err();
        assert!(matches!(e, StoreError::Parse { line: 2, .. }), "{e}");
        assert!(e.to_string().contains("nothing was changed"));
    }

    #[test]
    fn timeouts_out_of_range_are_refused() {
        let mut p = Profile::default();
        assert!(p.check_timeouts().is_ok());
        for bad in [
            1e20,
            0.0,
            0.05,
            0.099,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            3600.5,
        ] {
            p.timeout_secs = Some(bad);
            assert!(p.check_timeouts().is_err(), "{bad}");
        }
        p.timeout_secs = Some(0.1);
        assert!(p.check_timeouts().is_ok());
        p.timeout_secs = Some(3600.0);
        p.connect_timeout_secs = Some(1e20);
        assert!(
            p.check_timeouts()
                .unwrap_err()
                .contains("connect_timeout_secs")
        );
    }

    #[test]
    fn plain_http_endpoints_need_allow_http_unless_loopback() {
        let mut p = Profile {
            endpoint: Some("http://dayu.example.com/".into()),
            ..Profile::default()
        };
        let e = p.check_endpoints().unwrap_err();
        assert!(
            e.contains("--allow-http") && e.contains("allow_http = true"),
            "{e}"
        );
        p.allow_http = true;
        assert!(p.check_endpoints().is_ok());
        let text = toml::to_string(&p).unwrap();
        assert!(text.contains("allow_http = true"), "{text}");
        for ok in [
            "https://x.example.com",
            "http://localhost.:1",
            "http://127.0.0.2",
            "http://[::ffff:127.0.0.1]:9",
        ] {
            let p = Profile {
                iam_endpoint: Some(ok.into()),
                ..Profile::default()
            };
            assert!(p.check_endpoints().is_ok(), "{ok}");
            assert!(!toml::to_string(&p).unwrap().contains("allow_http"));
        }
    }

    #[test]
    fn integer_timeouts_and_history_default() {
        let c = parse(Path::new("c"), "[profiles.a]\ntimeout_secs = 5\n").unwrap();
        let a = &c.profiles["a"];
        assert_eq!(a.timeout_secs, Some(5.0));
        assert!(a.history);
        assert_eq!(a.auth, AuthKind::Token);
    }

    #[test]
    fn defaults_fill_only_empty_fields() {
        let mut task = CollectionTask {
            name: Some(Typed::Valid("n".into())),
            user_id: Some(Typed::Valid(String::new())),
            dir_id: Some(Typed::Valid("5".into())),
            ..Default::default()
        };
        let d = FormDefaults {
            user_id: Some("u".into()),
            dir_id: Some("0".into()),
            duty_person: Some("bob".into()),
            ..Default::default()
        };
        assert_eq!(d.apply(&mut task), ["user_id", "duty_person"]);
        assert_eq!(task.user_id, Some(Typed::Valid("u".into())));
        assert_eq!(task.dir_id, Some(Typed::Valid("5".into())));
    }
}
