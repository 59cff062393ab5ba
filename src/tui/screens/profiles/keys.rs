//! The Profiles screen's delete, after its y/n. Pure, like `update`.

use crate::tui::msg::Effect;
use crate::tui::state::AppState;

/// Yes to "delete profile NAME?": the profile and its secrets go (the sandbox cannot).
pub fn delete(s: &mut AppState, name: &str) -> Vec<Effect> {
    let Some(i) = s
        .profiles
        .list
        .iter()
        .position(|p| p.name == name && !p.sandbox)
    else {
        s.notify("kept the profile (the sandbox cannot be deleted)");
        return Vec::new();
    };
    let p = s.profiles.list.remove(i);
    s.profiles.sel = s.profiles.sel.min(s.profiles.list.len().saturating_sub(1));
    s.notify(format!("deleted profile {} and its secrets", p.name));
    vec![Effect::DeleteProfile(p.name)]
}

#[cfg(test)]
#[path = "profile_keys_tests.rs"]
mod tests;
