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
    let mut fx = vec![Effect::DeleteProfile(p.name.clone())];
    let mut note = format!("deleted profile {} and its secrets", p.name);
    s.notice = None;
    if p.name == s.target.profile {
        // The banner and Ctrl-S never stay on a profile that is gone.
        match s.profiles.list.first().cloned() {
            Some(next) => {
                fx.push(super::switch_to(s, &next));
                note.push_str(&format!("; now using profile {}", next.name));
            }
            None => {
                s.target = Default::default();
                s.context = None;
                s.context_error = Some("no profile: add one (a)".into());
                note.push_str("; no profile left: add one with a");
            }
        }
    }
    super::say_after_switch(s, note);
    fx
}

#[cfg(test)]
#[path = "profile_keys_tests.rs"]
mod tests;
