//! Keys and paste on the Profiles screen while the add/edit form is open or a delete awaits
//! confirmation. Secrets typed here stay in the state until the save effect takes them to the
//! 0600 credentials file; the list keeps the profile without them. Pure, like `update`.

use crossterm::event::{KeyCode, KeyEvent};

use super::msg::Effect;
use super::state::AppState;
use super::state::edit::{self, Line};
use super::state::profiles::{self, Field, ProfileEdit};

/// The save effect: the edited profile, with whatever secrets were typed (the others on disk stay).
fn save(list: &[profiles::Profile]) -> Effect {
    Effect::SaveProfiles(list.iter().filter(|p| !p.sandbox).cloned().collect())
}

/// Keys while a profile is being edited or a delete awaits confirmation.
pub fn key(s: &mut AppState, k: &KeyEvent) -> Vec<Effect> {
    if s.profiles.confirm_delete {
        return confirm_delete(s, k);
    }
    let Some(e) = s.profiles.editing.as_mut() else {
        return Vec::new();
    };
    let n = e.fields().len();
    match k.code {
        KeyCode::Esc => {
            s.profiles.editing = None;
            s.notify("nothing saved");
        }
        KeyCode::Tab | KeyCode::Down => e.focus_on((e.focus + 1) % n),
        KeyCode::BackTab | KeyCode::Up => e.focus_on((e.focus + n - 1) % n),
        KeyCode::Enter => return finish(s),
        KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right if e.focused() == Field::Auth => {
            e.profile.auth = profiles::next_auth(e.profile.auth, k.code != KeyCode::Left);
        }
        _ if e.focused() == Field::Auth => {}
        _ => {
            if e.line.key(k) {
                let f = e.focused();
                e.profile.set(f, &e.line.text);
            }
        }
    }
    Vec::new()
}

/// Paste into the focused form field (line breaks become spaces); `false` when no form is open.
pub fn paste(s: &mut AppState, text: &str) -> bool {
    let Some(e) = s.profiles.editing.as_mut() else {
        return false;
    };
    if e.focused() != Field::Auth {
        let (t, c) = edit::insert(&e.line.text, e.line.cursor, &edit::single_line(text));
        e.line = Line { text: t, cursor: c };
        let f = e.focused();
        e.profile.set(f, &e.line.text);
    }
    true
}

fn confirm_delete(s: &mut AppState, k: &KeyEvent) -> Vec<Effect> {
    s.profiles.confirm_delete = false;
    let sel = s.profiles.sel;
    if k.code == KeyCode::Char('y') && s.profiles.list.get(sel).is_some_and(|p| !p.sandbox) {
        let p = s.profiles.list.remove(sel);
        s.profiles.sel = sel.min(s.profiles.list.len().saturating_sub(1));
        s.notify(format!("deleted profile {} and its secrets", p.name));
        return vec![Effect::DeleteProfile(p.name)];
    }
    s.notify("kept the profile (the sandbox cannot be deleted)");
    Vec::new()
}

/// Enter: checks the form, puts the profile in the list (without its secrets) and saves.
fn finish(s: &mut AppState) -> Vec<Effect> {
    let Some(e) = s.profiles.editing.clone() else {
        return Vec::new();
    };
    if let Some(why) = profiles::check(&e, &s.profiles.list) {
        s.warn(why);
        return Vec::new();
    }
    let ProfileEdit {
        original,
        mut profile,
        ..
    } = e;
    profile.renamed_from = original.clone().filter(|o| *o != profile.name);
    let list = &mut s.profiles.list;
    let at = original
        .as_ref()
        .and_then(|o| list.iter().position(|x| x.name == *o));
    let outgoing = [profile.clone()];
    let name = profile.name.clone();
    let was_current = original.as_deref().is_some_and(|o| o == s.target.profile);
    match at {
        Some(i) => list[i] = profile.without_secrets(),
        None => {
            list.push(profile.without_secrets());
            s.profiles.sel = list.len() - 1;
        }
    }
    s.profiles.editing = None;
    s.notify(format!(
        "saved profile {name} (secrets in the 0600 credentials file)"
    ));
    let mut fx = vec![save(&outgoing)];
    if was_current {
        // The profile in use changed: its defaults and its context follow (resolved after the save).
        if let Some(kept) = s.profiles.list.iter().find(|p| p.name == name).cloned() {
            fx.push(profiles::switch_to(s, &kept));
        }
    }
    fx
}

#[cfg(test)]
#[path = "profile_keys_tests.rs"]
mod tests;
