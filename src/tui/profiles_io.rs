//! Adapter between the Profiles screen and `store`: reads the saved profiles into the screen's view
//! model and writes edits back (`config.toml`, and a typed token into the 0600 credentials file).
//! Disk only; called from the effect runner and at start-up, never from `update` or the view.

use crate::api::Endpoint;
use crate::store::{self, Paths, SecretSource};
use crate::tui::msg::Secret;
use crate::tui::state::profiles::Profile;

/// The saved profiles, the default one first.
pub fn load(paths: &Paths) -> Result<(Vec<Profile>, Option<String>), String> {
    let config = store::profiles::load(paths).map_err(|e| e.to_string())?;
    let mut list: Vec<Profile> = config
        .profiles
        .iter()
        .map(|(name, p)| Profile {
            name: name.clone(),
            endpoint: Endpoint::resolve(p.region.as_deref(), p.endpoint.as_deref(), None)
                .map(|e| e.base)
                .unwrap_or_default(),
            project_id: p.project_id.clone().unwrap_or_default(),
            workspace: p.workspace.clone().unwrap_or_default(),
            user_id: p.defaults.user_id.clone().unwrap_or_default(),
            dir_id: p.defaults.dir_id.clone().unwrap_or_default(),
            data_connection_id: String::new(),
            data_connection_name: String::new(),
            token: Secret::default(),
            sandbox: false,
        })
        .collect();
    if let Some(d) = &config.default {
        list.sort_by_key(|p| &p.name != d);
    }
    Ok((list, config.default))
}

/// Writes the list back: entries no longer listed are removed, others keep their other settings.
pub fn save(paths: &Paths, list: &[Profile]) -> Result<(), String> {
    let mut config = store::profiles::load(paths).map_err(|e| e.to_string())?;
    let mut creds = store::credentials::load(paths).map_err(|e| e.to_string())?;
    let old = std::mem::take(&mut config.profiles);
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    for p in list.iter().filter(|p| !p.sandbox) {
        let mut entry = old.get(&p.name).cloned().unwrap_or_default();
        let derived = Endpoint::resolve(entry.region.as_deref(), None, None)
            .map(|e| e.base)
            .ok();
        if derived.as_deref() != Some(p.endpoint.as_str()) {
            entry.endpoint = some(&p.endpoint);
        }
        entry.project_id = some(&p.project_id);
        entry.workspace = some(&p.workspace);
        entry.defaults.user_id = some(&p.user_id);
        entry.defaults.dir_id = some(&p.dir_id);
        if !p.token.0.is_empty() {
            creds.profiles.entry(p.name.clone()).or_default().token =
                Some(SecretSource::parse(&p.token.0));
        }
        config.profiles.insert(p.name.clone(), entry);
    }
    creds
        .profiles
        .retain(|name, _| config.profiles.contains_key(name));
    if config
        .default
        .as_ref()
        .is_some_and(|d| !config.profiles.contains_key(d))
    {
        config.default = None;
    }
    store::profiles::save(paths, &config).map_err(|e| e.to_string())?;
    store::credentials::save(paths, &creds).map_err(|e| e.to_string())
}
