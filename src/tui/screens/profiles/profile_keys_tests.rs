//! Profiles screen flows: add (token, IAM, AK/SK), edit, delete with confirmation, and the rule that
//! a typed secret reaches only the save effect, never a rendered frame or the kept list.

use crossterm::event::KeyCode;

use crate::api::Secret;
use crate::store::AuthKind;
use crate::tui::msg::{Effect, Msg};
use crate::tui::state::profiles::Profile;
use crate::tui::state::{AppState, Screen};
use crate::tui::update::tests::{key, sandbox_state};
use crate::tui::update::update;
use crate::tui::view;

const SECRET: &str = "Zq9-TOPSECRET-value";

/// The frame's rows joined without breaks, so a secret wrapped across two rows is still found.
fn screen_text(s: &AppState, w: u16, h: u16) -> String {
    view::render_text(s, w, h).replace('\n', "")
}

/// Sends keys, checking after each that no frame (at both sizes) shows the secret.
fn keys(s: &mut AppState, codes: &[KeyCode]) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in codes {
        fx.extend(update(s, key(*c)));
        for (w, h) in [(80, 24), (120, 40)] {
            let text = screen_text(s, w, h);
            assert!(!text.contains("TOPSECRET"), "secret on screen:\n{text}");
            assert!(!text.contains("Zq9"), "part of the secret on screen");
        }
    }
    fx
}

fn chars(text: &str) -> Vec<KeyCode> {
    text.chars().map(KeyCode::Char).collect()
}

fn profiles_state() -> AppState {
    let mut s = sandbox_state();
    s.go(Screen::Profiles);
    s
}

/// Types into the form field with this label (Tab until it has the focus).
fn fill(s: &mut AppState, label: &str, text: &str) {
    for _ in 0..20 {
        let e = s.modals.profile_form().unwrap();
        if e.focused().label() == label {
            keys(s, &chars(text));
            return;
        }
        keys(s, &[KeyCode::Tab]);
    }
    panic!("no field {label}");
}

fn saved(fx: &[Effect]) -> Vec<Profile> {
    match fx {
        [Effect::SaveProfiles(list)] => list.clone(),
        other => panic!("expected one SaveProfiles, got {other:?}"),
    }
}

#[test]
fn adding_a_token_profile_saves_the_secret_only_through_the_effect() {
    let mut s = profiles_state();
    keys(&mut s, &[KeyCode::Char('a')]);
    fill(&mut s, "Name", "prod");
    fill(&mut s, "Endpoint", "https://dayu.example.com");
    fill(&mut s, "Project ID", "p1");
    fill(&mut s, "Workspace", "w1");
    fill(&mut s, "Token", SECRET);
    let shown = screen_text(&s, 120, 40);
    assert!(
        shown.contains("•••"),
        "the token is masked as typed:\n{shown}"
    );
    let fx = keys(&mut s, &[KeyCode::Enter]);
    let out = saved(&fx);
    let p = out.iter().find(|p| p.name == "prod").unwrap();
    assert_eq!(p.auth, AuthKind::Token);
    assert_eq!(p.token, Secret::new(SECRET));
    assert!(!format!("{fx:?}").contains(SECRET), "Debug masks secrets");
    let kept = s.profiles.list.iter().find(|p| p.name == "prod").unwrap();
    assert_eq!(
        kept.token,
        Secret::default(),
        "the list forgets the typed token"
    );
    assert!(s.modals.profile_form().is_none());
}

#[test]
fn an_iam_profile_needs_its_user_and_takes_a_masked_password() {
    let mut s = profiles_state();
    keys(&mut s, &[KeyCode::Char('a')]);
    fill(&mut s, "Name", "iam");
    fill(&mut s, "Endpoint", "https://dayu.example.com");
    fill(&mut s, "Authentication", "");
    keys(&mut s, &[KeyCode::Char(' ')]);
    assert_eq!(s.modals.profile_form().unwrap().profile.auth, AuthKind::Iam);
    fill(&mut s, "IAM password", SECRET);
    assert!(
        keys(&mut s, &[KeyCode::Enter]).is_empty(),
        "no IAM user yet"
    );
    assert!(s.notice.as_ref().unwrap().text.contains("IAM user"));
    fill(&mut s, "IAM user", "alice");
    fill(&mut s, "IAM domain", "acme");
    let out = saved(&keys(&mut s, &[KeyCode::Enter]));
    let p = out.iter().find(|p| p.name == "iam").unwrap();
    assert_eq!(
        (p.iam_user.as_str(), p.iam_domain.as_str()),
        ("alice", "acme")
    );
    assert_eq!(p.password, Secret::new(SECRET));
}

#[test]
fn an_aksk_profile_takes_ak_sk_and_an_optional_security_token() {
    let mut s = profiles_state();
    keys(&mut s, &[KeyCode::Char('a')]);
    fill(&mut s, "Name", "keys");
    fill(&mut s, "Endpoint", "https://dayu.example.com");
    fill(&mut s, "Authentication", "");
    keys(&mut s, &[KeyCode::Left]);
    fill(&mut s, "AK", "AKID123");
    fill(&mut s, "SK", SECRET);
    let out = saved(&keys(&mut s, &[KeyCode::Enter]));
    let p = out.iter().find(|p| p.name == "keys").unwrap();
    assert_eq!(p.auth, AuthKind::Aksk);
    assert_eq!(p.ak, "AKID123");
    assert_eq!(p.sk, Secret::new(SECRET));
    assert_eq!(p.security_token, Secret::default());
}

fn with_saved_profile() -> AppState {
    let mut s = profiles_state();
    s.profiles.list.push(Profile {
        name: "prod".into(),
        endpoint: "https://dayu.example.com".into(),
        workspace: "w1".into(),
        stored: vec![crate::tui::state::profiles::Field::Token],
        ..Profile::default()
    });
    s.profiles.sel = 1;
    s
}

/// The form tells a saved secret from one never stored, refuses an AK/SK
/// profile without its SK, has Region (the endpoint follows it) and IAM endpoint, and deleting the
/// profile in use moves the banner and Ctrl-S to another.
#[test]
fn the_profile_form_tells_saved_secrets_apart_and_needs_the_sk() {
    let mut s = with_saved_profile();
    s.profiles.list[1].stored.clear();
    keys(&mut s, &[KeyCode::Char('e')]);
    let text = screen_text(&s, 120, 40);
    assert!(
        text.contains("(not set: type it)") && !text.contains("(saved;"),
        "{text}"
    );
    keys(&mut s, &[KeyCode::Esc]);

    let mut s = profiles_state();
    keys(&mut s, &[KeyCode::Char('a')]);
    fill(&mut s, "Name", "ak");
    fill(&mut s, "Region", "cn-north-4");
    let e = s.modals.profile_form().unwrap();
    assert!(
        e.profile.endpoint.contains("cn-north-4"),
        "{}",
        e.profile.endpoint
    );
    // Authentication: Space twice = AK/SK; the selector shows the new kind at once.
    for _ in 0..20 {
        if s.modals.profile_form().unwrap().focused().label() == "Authentication" {
            break;
        }
        keys(&mut s, &[KeyCode::Tab]);
    }
    keys(&mut s, &[KeyCode::Char(' '), KeyCode::Char(' ')]);
    let e = s.modals.profile_form().unwrap();
    assert_eq!(e.profile.auth, AuthKind::Aksk);
    assert_eq!(
        e.line.text, "aksk",
        "the selector shows the kind the fields are for"
    );
    fill(&mut s, "Project ID", "p1");
    fill(&mut s, "Workspace", "w1");
    fill(&mut s, "AK", "AKID");
    assert!(
        keys(&mut s, &[KeyCode::Enter]).is_empty(),
        "no SK: nothing saved"
    );
    assert_eq!(s.notice.as_ref().unwrap().text, "type the SK");
    fill(&mut s, "SK", SECRET);
    let out = saved(&keys(&mut s, &[KeyCode::Enter]));
    assert_eq!(out[0].region, "cn-north-4");

    let mut s = profiles_state();
    keys(&mut s, &[KeyCode::Char('a')]);
    for _ in 0..3 {
        keys(&mut s, &[KeyCode::Tab]);
    }
    let labels: Vec<&str> = {
        let e = s.modals.profile_form().unwrap();
        let mut e = e.clone();
        e.profile.auth = AuthKind::Iam;
        e.fields().iter().map(|f| f.label()).collect()
    };
    assert!(
        labels.contains(&"IAM endpoint") && labels.contains(&"Region"),
        "{labels:?}"
    );
}

#[test]
fn deleting_the_profile_in_use_switches_to_another() {
    let mut s = with_saved_profile();
    let prod = s.profiles.list[1].clone();
    let _ = crate::tui::state::switch::switch_to(&mut s, &prod);
    assert_eq!(s.target.profile, "prod");
    keys(&mut s, &[KeyCode::Char('d')]);
    let fx = keys(&mut s, &[KeyCode::Char('y')]);
    assert!(
        matches!(&fx[0], Effect::DeleteProfile(n) if n == "prod"),
        "{fx:?}"
    );
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::ResolveContext { profile, .. } if profile.sandbox)),
        "{fx:?}"
    );
    assert_ne!(s.target.profile, "prod");
    assert!(
        s.notice
            .as_ref()
            .unwrap()
            .text
            .contains("now using profile")
    );
}

#[test]
fn editing_keeps_the_saved_secret_unless_one_is_typed() {
    let mut s = with_saved_profile();
    keys(&mut s, &[KeyCode::Char('e')]);
    assert!(screen_text(&s, 120, 40).contains("(saved; type to replace)"));
    fill(&mut s, "Workspace", "2");
    let out = saved(&keys(&mut s, &[KeyCode::Enter]));
    let p = out.iter().find(|p| p.name == "prod").unwrap();
    assert_eq!(p.workspace, "w12");
    assert_eq!(p.token, Secret::default(), "empty: the saved token stays");
    assert_eq!(p.renamed_from, None);
}

#[test]
fn a_rename_carries_the_old_name_and_the_sandbox_is_not_editable() {
    let mut s = with_saved_profile();
    keys(&mut s, &[KeyCode::Char('e')]);
    fill(&mut s, "Name", "2");
    let out = saved(&keys(&mut s, &[KeyCode::Enter]));
    let p = out.iter().find(|p| p.name == "prod2").unwrap();
    assert_eq!(p.renamed_from.as_deref(), Some("prod"));
    s.profiles.sel = 0;
    keys(&mut s, &[KeyCode::Char('e')]);
    assert!(s.modals.profile_form().is_none(), "the sandbox is built in");
}

#[test]
fn delete_asks_first_and_only_y_deletes() {
    let mut s = with_saved_profile();
    assert!(keys(&mut s, &[KeyCode::Char('d')]).is_empty());
    assert!(screen_text(&s, 120, 40).contains("Delete profile prod?"));
    assert!(keys(&mut s, &[KeyCode::Char('n')]).is_empty());
    assert_eq!(s.profiles.list.len(), 2);
    keys(&mut s, &[KeyCode::Char('d')]);
    let out = keys(&mut s, &[KeyCode::Char('y')]);
    assert!(
        matches!(out.as_slice(), [Effect::DeleteProfile(n)] if n == "prod"),
        "only the deleted profile goes to disk: {out:?}"
    );
    assert_eq!(s.profiles.list.len(), 1);
}

#[test]
fn esc_cancels_and_paste_goes_into_the_focused_field() {
    let mut s = profiles_state();
    keys(&mut s, &[KeyCode::Char('a')]);
    fill(&mut s, "Token", "");
    assert!(update(&mut s, Msg::Paste(format!("{SECRET}\n"))).is_empty());
    let e = s.modals.profile_form().unwrap();
    assert_eq!(e.profile.token, Secret::new(SECRET));
    assert!(!screen_text(&s, 120, 40).contains("TOPSECRET"));
    assert!(keys(&mut s, &[KeyCode::Esc]).is_empty());
    assert!(s.modals.profile_form().is_none());
}

#[test]
fn a_profile_added_in_this_session_is_edited_with_its_saved_secret_kept() {
    let mut s = profiles_state();
    keys(&mut s, &[KeyCode::Char('a')]);
    fill(&mut s, "Name", "fresh");
    fill(&mut s, "Endpoint", "https://dayu.example.com");
    fill(&mut s, "Project ID", "p1");
    fill(&mut s, "Workspace", "w1");
    fill(&mut s, "Token", SECRET);
    let out = saved(&keys(&mut s, &[KeyCode::Enter]));
    assert!(
        s.notice
            .as_ref()
            .unwrap()
            .text
            .contains("saving profile fresh"),
        "not 'saved' before the file is written: {:?}",
        s.notice
    );
    // The save landed (the effect runner's answer).
    let stored: Vec<_> = out
        .iter()
        .map(|p| (p.name.clone(), p.typed_secrets()))
        .collect();
    update(&mut s, Msg::ProfilesSaved(stored));
    assert!(
        s.notice
            .as_ref()
            .unwrap()
            .text
            .contains("saved profile fresh")
    );
    s.profiles.sel = s
        .profiles
        .list
        .iter()
        .position(|p| p.name == "fresh")
        .unwrap();
    keys(&mut s, &[KeyCode::Char('e')]);
    let shown = screen_text(&s, 120, 40);
    assert!(shown.contains("(saved; type to replace)"), "{shown}");
    assert!(!shown.contains("(not set: type it)"), "{shown}");
    let out = saved(&keys(&mut s, &[KeyCode::Enter]));
    let p = out.iter().find(|p| p.name == "fresh").unwrap();
    assert_eq!(p.token, Secret::default(), "empty: the saved token stays");
}

#[test]
fn a_save_that_failed_does_not_count_its_secrets_as_stored() {
    let mut s = profiles_state();
    keys(&mut s, &[KeyCode::Char('a')]);
    fill(&mut s, "Name", "lost");
    fill(&mut s, "Endpoint", "https://dayu.example.com");
    fill(&mut s, "Project ID", "p1");
    fill(&mut s, "Workspace", "w1");
    fill(&mut s, "Token", SECRET);
    keys(&mut s, &[KeyCode::Enter]);
    update(&mut s, Msg::FileSaved(Err("disk full".into())));
    assert!(s.notice.as_ref().unwrap().text.contains("disk full"));
    s.profiles.sel = s
        .profiles
        .list
        .iter()
        .position(|p| p.name == "lost")
        .unwrap();
    keys(&mut s, &[KeyCode::Char('e')]);
    assert!(screen_text(&s, 120, 40).contains("(not set: type it)"));
}
