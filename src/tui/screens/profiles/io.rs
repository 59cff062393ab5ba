//! The Profiles tab's IO, the adapter between it and `store`: reads the saved profiles into the
//! tab's view model, writes edits back (settings to `config.toml`; typed secrets only to the 0600
//! credentials file, written atomically) and tests a profile the way `ctask profile test` does
//! (resolve it from disk, then one cheap probe). Disk and network; called from the effect runner and
//! at start-up, never from `update` or the view.

use crate::api::Endpoint;
use crate::api::Secret;
use crate::store::{self, Overrides, Paths, ProfileSecrets, SecretSource};
use crate::tui::state::profiles::{Field, Profile};

/// What the CLI would warn about `credentials.toml` (a mode others can read, a file that does not
/// parse), for the TUI's first frame. Never a secret: the messages name the file and the fix.
pub fn credentials_warnings(paths: &Paths) -> Vec<String> {
    match store::credentials::load(paths) {
        Ok(c) => c.warnings,
        Err(e) => vec![e.to_string()],
    }
}

/// The saved profiles, the default one first. A config.toml that does not parse is an error that
/// names the file, line and column (file name and line first, so a narrow status line shows them).
pub fn load(paths: &Paths) -> Result<(Vec<Profile>, Option<String>), String> {
    let config = store::profiles::load(paths).map_err(|e| match e {
        store::StoreError::Parse {
            path,
            line,
            column,
            message,
        } => format!(
            "{} line {line}, column {column}: {message} ({}; fix it by hand)",
            path.file_name().unwrap_or_default().to_string_lossy(),
            path.display()
        ),
        other => other.to_string(),
    })?;
    // Which secrets are saved (never their values): the form says "saved" only for those.
    let creds = store::credentials::load(paths).unwrap_or_default();
    let stored = |name: &str| -> Vec<Field> {
        creds.profiles.get(name).map_or_else(Vec::new, |c| {
            [
                (Field::Token, c.token.is_some()),
                (Field::Password, c.password.is_some()),
                (Field::Sk, c.sk.is_some()),
                (Field::SecurityToken, c.security_token.is_some()),
            ]
            .into_iter()
            .filter_map(|(f, there)| there.then_some(f))
            .collect()
        })
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut list: Vec<Profile> = config
        .profiles
        .iter()
        .map(|(name, p)| Profile {
            name: name.clone(),
            auth: p.auth,
            region: text(&p.region),
            iam_endpoint: text(&p.iam_endpoint),
            stored: stored(name),
            endpoint: Endpoint::resolve(p.region.as_deref(), p.endpoint.as_deref(), None)
                .map(|e| e.base)
                .unwrap_or_default(),
            project_id: text(&p.project_id),
            workspace: text(&p.workspace),
            user_id: text(&p.defaults.user_id),
            dir_id: text(&p.defaults.dir_id),
            data_connection_id: text(&p.defaults.data_connection_id),
            data_connection_name: text(&p.defaults.data_connection_name),
            more_defaults: store::FormDefaults {
                user_name: p.defaults.user_name.clone(),
                duty_person: p.defaults.duty_person.clone(),
                data_source_type: p.defaults.data_source_type.clone(),
                ..store::FormDefaults::default()
            },
            iam_user: text(&p.iam_user),
            iam_domain: text(&p.iam_domain),
            ak: text(&p.ak),
            ..Profile::default()
        })
        .collect();
    if let Some(d) = &config.default {
        list.sort_by_key(|p| &p.name != d);
    }
    Ok((list, config.default))
}

/// Writes the edited profiles back under the profiles lock, on a fresh read of both files: only
/// these entries change (a rename moves its settings and secrets); every other saved profile, even
/// one another ctask added while the TUI was open, stays. A typed secret replaces the saved one, an
/// empty one keeps it.
pub fn save(paths: &Paths, list: &[Profile]) -> Result<(), String> {
    store::locked::edit_profiles(paths, |config, creds| {
        for p in list.iter().filter(|p| !p.sandbox) {
            put_profile(config, creds, p)?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())
}

/// Deletes one profile and its secrets, under the profiles lock; the others stay.
pub fn delete(paths: &Paths, name: &str) -> Result<(), String> {
    store::locked::edit_profiles(paths, |config, creds| {
        config.profiles.remove(name);
        creds.profiles.remove(name);
        if config.default.as_deref() == Some(name) {
            config.default = None;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())
}

fn put_profile(
    config: &mut store::Config,
    creds: &mut store::CredentialsFile,
    p: &Profile,
) -> Result<(), store::StoreError> {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let was = p.renamed_from.as_deref().unwrap_or(&p.name);
    // A new profile keeps a history, as `ctask profile add` does (the derived default says no).
    let mut entry = config
        .profiles
        .remove(was)
        .unwrap_or_else(|| store::Profile {
            history: true,
            ..store::Profile::default()
        });
    entry.region = some(&p.region);
    entry.iam_endpoint = some(&p.iam_endpoint);
    // An endpoint that is the region's own is not written: it follows the region.
    let derived = Endpoint::resolve(entry.region.as_deref(), None, None)
        .map(|e| e.base)
        .ok();
    entry.endpoint = if derived.as_deref() == Some(p.endpoint.as_str()) {
        None
    } else {
        some(&p.endpoint)
    };
    entry.auth = p.auth;
    entry.project_id = some(&p.project_id);
    entry.workspace = some(&p.workspace);
    entry.iam_user = some(&p.iam_user);
    entry.iam_domain = some(&p.iam_domain);
    entry.ak = some(&p.ak);
    entry.defaults.user_id = some(&p.user_id);
    entry.defaults.dir_id = some(&p.dir_id);
    entry.defaults.data_connection_id = some(&p.data_connection_id);
    entry.defaults.data_connection_name = some(&p.data_connection_name);
    // The same refusal as `ctask profile add`: nothing is written when the endpoint holds a password.
    entry
        .check_endpoints()
        .map_err(|e| store::StoreError::Invalid(format!("profile {:?}: {e}", p.name)))?;
    let mut secrets = match creds.profiles.remove(was) {
        Some(s) => s,
        None => creds.profiles.remove(&p.name).unwrap_or_default(),
    };
    put_secrets(&mut secrets, p);
    creds.profiles.insert(p.name.clone(), secrets);
    if config.default.as_deref() == Some(was) {
        config.default = Some(p.name.clone());
    }
    config.profiles.insert(p.name.clone(), entry);
    Ok(())
}

/// Typed secrets replace the saved ones (`env:VAR` and `command:…` stay references).
fn put_secrets(to: &mut ProfileSecrets, p: &Profile) {
    let typed = |s: &Secret| (!s.is_empty()).then(|| SecretSource::parse(s.expose()));
    for (slot, typed) in [
        (&mut to.token, typed(&p.token)),
        (&mut to.password, typed(&p.password)),
        (&mut to.sk, typed(&p.sk)),
        (&mut to.security_token, typed(&p.security_token)),
    ] {
        if typed.is_some() {
            *slot = typed;
        }
    }
}

/// `ctask profile test` for the TUI: a saved profile is resolved from disk exactly as the CLI does
/// and probed; the sandbox (not on disk) is probed with its built-in token.
pub async fn test(paths: Option<&Paths>, p: &Profile) -> Result<String, String> {
    let ctx = crate::tui::context_of(paths, p, &Overrides::default())?;
    let session = &ctx.session;
    let probe = session.probe().await.map_err(|e| e.to_string())?;
    let r = &probe.response;
    let mut text = format!(
        "OK ({} auth), HTTP {} in {} ms, {}, request id {}",
        session.credentials.kind_name(),
        r.status,
        r.elapsed.as_millis(),
        probe.connections.map_or("? data connections".into(), |n| {
            crate::app::words::count(n, "data connection")
        }),
        r.request_id.as_deref().unwrap_or("none")
    );
    if let Some(t) = probe.token {
        text.push_str(&format!(
            ", IAM user {}",
            t.user_name.as_deref().unwrap_or("?")
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::{self, EmulatorConfig, config as emu};
    use crate::platform::{expected_mode, mode_of};
    use crate::store::AuthKind;

    const SECRET: &str = "Zq9-TOPSECRET-value";

    fn profile(name: &str, endpoint: &str) -> Profile {
        Profile {
            name: name.into(),
            endpoint: endpoint.into(),
            project_id: emu::SANDBOX_PROJECT_ID.into(),
            workspace: emu::SANDBOX_WORKSPACE.into(),
            ..Profile::default()
        }
    }

    #[test]
    fn secrets_go_only_to_the_0600_credentials_file_and_survive_edits_and_renames() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        let mut p = profile("prod", "https://dayu.example.com");
        p.auth = AuthKind::Aksk;
        p.ak = "AKID".into();
        p.sk = Secret::new(SECRET);
        save(&paths, &[p.clone()]).unwrap();
        let config = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(
            !config.contains("TOPSECRET") && config.contains("AKID"),
            "{config}"
        );
        assert!(
            !config.contains("history"),
            "a new profile keeps its history"
        );
        let creds = std::fs::read_to_string(paths.credentials_file()).unwrap();
        assert!(creds.contains(SECRET));
        let mode = mode_of(&std::fs::metadata(paths.credentials_file()).unwrap());
        assert_eq!(mode, expected_mode(0o600));
        let (list, _) = load(&paths).unwrap();
        assert_eq!(list[0].auth, AuthKind::Aksk);
        assert_eq!(list[0].sk, Secret::default(), "secrets are not read back");
        let mut renamed = list[0].clone();
        renamed.name = "prod2".into();
        renamed.renamed_from = Some("prod".into());
        save(&paths, &[renamed]).unwrap();
        let c = store::credentials::load(&paths).unwrap();
        assert!(!c.profiles.contains_key("prod"));
        assert!(
            c.profiles["prod2"].sk.is_some(),
            "the SK moved with the rename"
        );
        delete(&paths, "prod2").unwrap();
        assert!(
            store::credentials::load(&paths)
                .unwrap()
                .profiles
                .is_empty()
        );
    }

    #[test]
    fn an_endpoint_with_a_password_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        let mut p = profile("x", "http://user:PASS123@127.0.0.1:9");
        p.token = Secret::new(SECRET);
        let e = save(&paths, &[p]).unwrap_err();
        assert!(
            e.contains("user name or password") && !e.contains("PASS123"),
            "{e}"
        );
        assert!(!paths.config_file().exists() && !paths.credentials_file().exists());
    }

    #[tokio::test]
    async fn test_resolves_the_saved_profile_like_the_cli_and_probes() {
        let emulator = emulator::spawn(EmulatorConfig::default()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        let mut p = profile("local", &emulator.base_url());
        p.token = Secret::new(emu::SANDBOX_TOKEN);
        save(&paths, &[p.clone()]).unwrap();
        let ok = test(Some(&paths), &p.clone().without_secrets()).await;
        assert!(
            ok.as_ref().is_ok_and(|m| m.starts_with("OK (token")),
            "{ok:?}"
        );
        let mut bad = profile("bad", &emulator.base_url());
        bad.token = Secret::new("wrong");
        save(&paths, &[bad.clone()]).unwrap();
        assert!(test(Some(&paths), &bad).await.is_err());
    }
}
