//! Switching the profile in use, an app-wide change: the target, the form's defaults (re-applied to
//! the fields the user has not touched), the context to resolve, the status line that says what
//! changed; and what saving or deleting profiles does to it. Pure: resolving is an effect.

use super::AppState;
use super::profiles::{Field, Profile};
use crate::store::Overrides;
use crate::tui::msg::Effect;

/// Puts the profile's defaults into every field the user has not touched.
pub fn apply_defaults(s: &mut AppState) {
    s.form.apply_defaults(&s.defaults);
}

/// Makes a profile the target and re-applies its defaults; its context (session) is resolved by
/// the returned effect and arrives as `Msg::ContextReady`.
pub fn switch_to(s: &mut AppState, p: &Profile) -> Effect {
    let was = if s.target.sandbox {
        "the sandbox".to_string()
    } else {
        format!("profile {}", s.target.profile)
    };
    s.target.profile = p.name.clone();
    s.target.sandbox = p.sandbox;
    s.target.endpoint = p.endpoint.clone();
    s.target.project_id = p.project_id.clone();
    s.target.workspace = p.workspace.clone();
    let old = std::mem::replace(&mut s.defaults, p.defaults());
    s.notice = None;
    s.context = None;
    s.context_error = None;
    // A profile's defaults are not the user's work: a form with nothing to keep stays so.
    let clean = s.form.revision == s.drafts.clean_revision;
    let (reset, filled) = s.form.switch_defaults(&old, &s.defaults);
    if clean {
        s.drafts.clean_revision = s.form.revision;
    }
    // The first profile of a session fills an empty form: nothing to report.
    let filled = if old.is_empty() { Vec::new() } else { filled };
    if let Some(text) = switch_note(&was, &p.name, &reset, &filled) {
        s.warn(text);
    }
    Effect::resolve(p, Overrides::default())
}

/// The save reached the files: each profile's typed secrets now count as stored (an edit of a
/// profile added in this session says "saved" for them, and Enter keeps them).
pub fn saved(s: &mut AppState, saved: Vec<(String, Vec<Field>)>) {
    for (name, fields) in &saved {
        if let Some(p) = s.profiles.list.iter_mut().find(|p| &p.name == name) {
            for f in fields {
                if !p.stored.contains(f) {
                    p.stored.push(*f);
                }
            }
        }
    }
    let names: Vec<&str> = saved.iter().map(|(n, _)| n.as_str()).collect();
    let text = format!(
        "saved profile {} (secrets in the 0600 credentials file)",
        names.join(", ")
    );
    say_after_switch(s, text);
}

/// Says `said` on the status line, after what the switch just said of the fields it changed.
pub fn say_after_switch(s: &mut AppState, said: String) {
    match s.notice.take().filter(|n| n.warn) {
        Some(n) => s.warn(format!("{said}; {}", n.text)),
        None => s.notify(said),
    }
}

/// The status line after a profile switch changed fields the user had not typed in.
fn switch_note(was: &str, now: &str, reset: &[&str], filled: &[&str]) -> Option<String> {
    let short = |paths: &[&str]| {
        paths
            .iter()
            .map(|p| p.trim_start_matches("task_config."))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fields = |n: usize| {
        if n == 1 {
            "1 field".to_string()
        } else {
            format!("{n} fields")
        }
    };
    let mut parts = Vec::new();
    if !reset.is_empty() {
        parts.push(format!(
            "{} came from {was}: reset ({}; fill them in)",
            fields(reset.len()),
            short(reset)
        ));
    }
    if !filled.is_empty() {
        parts.push(format!(
            "{} now from profile {now} ({})",
            fields(filled.len()),
            short(filled)
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Yes to "delete profile NAME?": the profile and its secrets go (the sandbox cannot).
pub fn delete_profile(s: &mut AppState, name: &str) -> Vec<Effect> {
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
                fx.push(switch_to(s, &next));
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
    say_after_switch(s, note);
    fx
}
