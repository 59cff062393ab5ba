//! insta snapshots of every screen at 80x24 and 120x40, in the states empty, errors, in flight,
//! success and error. Generated in a loop; the `.snap` files are committed and reviewed.

use crate::app::Report;
use crate::tui::msg::{Msg, Outcome};
use crate::tui::state::{AppState, Screen};
use crate::tui::update::update;

fn sandbox() -> AppState {
    crate::tui::update::tests::sandbox_state()
}

fn state(kind: &str) -> AppState {
    let mut s = sandbox();
    let name = |s: &mut AppState| {
        update(s, Msg::Paste("daily_dli".into()));
    };
    match kind {
        "empty" => {}
        "errors" => {
            s.form.edit(|t| {
                let sch = t.schedule_mut().unwrap();
                sch.schedule_type = Some("CRON".to_string().into());
                sch.cron_expression = Some("*/5 * * * *".to_string().into());
                sch.max_time_out = Some(crate::task::Typed::Invalid("ten".into()));
            });
            s.derive();
        }
        "in_flight" => {
            name(&mut s);
            update(
                &mut s,
                Msg::Key(crossterm::event::KeyEvent::new(
                    crossterm::event::KeyCode::Char('s'),
                    crossterm::event::KeyModifiers::CONTROL,
                )),
            );
            update(&mut s, Msg::Tick { elapsed_ms: 1300 });
        }
        _ => {
            name(&mut s);
            s.generation = 1;
            s.in_flight = Some(crate::tui::state::InFlight {
                generation: 1,
                elapsed_ms: 0,
                name: "n".into(),
            });
            let outcome = if kind == "success" {
                Outcome {
                    status: Some(200),
                    elapsed_ms: 42,
                    task_id: Some("8a9480ed8353e491018354b87f63009e".into()),
                    body: "{\"task_id\":\"8a9480ed8353e491018354b87f63009e\"}".into(),
                    headers: vec![("x-request-id".into(), "req-42".into())],
                    ..Outcome::default()
                }
            } else {
                Outcome {
                    status: Some(400),
                    elapsed_ms: 17,
                    error: Some(Report {
                        code: Some("DLG.0818".into()),
                        message: "The workspace does not exist.".into(),
                        hint: Some("check the workspace id and add X-Project-Id".into()),
                        request_id: Some("req-17".into()),
                        ..Report::default()
                    }),
                    body: "{\"error_code\":\"DLG.0818\",\"error_msg\":\"The workspace does not exist.\"}".into(),
                    ..Outcome::default()
                }
            };
            update(
                &mut s,
                Msg::SubmitFinished {
                    generation: 1,
                    outcome,
                },
            );
        }
    }
    s
}

fn draw(s: &AppState, w: u16, h: u16) -> String {
    crate::tui::view::render_text(s, w, h)
}

#[test]
fn every_screen_in_every_state_at_both_sizes() {
    for kind in ["empty", "errors", "in_flight", "success", "error"] {
        // The History and Tasks screens have their own states (history_, tasks_snapshot_tests).
        for screen in Screen::ALL
            .into_iter()
            .filter(|s| !matches!(s, Screen::History | Screen::Tasks))
        {
            for (w, h) in [(80, 24), (120, 40)] {
                let mut s = state(kind);
                s.go(screen);
                s.size = (w, h);
                let name = format!("{}_{kind}_{w}x{h}", screen.title().to_lowercase());
                insta::assert_snapshot!(name, draw(&s, w, h));
            }
        }
    }
}

#[test]
fn below_80x24_shows_a_message() {
    let s = sandbox();
    assert!(draw(&s, 60, 20).contains("needs at least 80x24"));
}

/// The Profiles list says which profile is in use (●), which is the saved default (*) and each
/// one's auth kind, as `ctask profile list` does.
#[test]
fn the_profiles_list_marks_the_one_in_use_and_the_default_with_their_auth() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = sandbox();
        let mut prod = s.profiles.list[0].clone();
        prod.name = "prod".into();
        prod.sandbox = false;
        prod.auth = crate::store::AuthKind::Iam;
        prod.endpoint = "https://dataarts.cn-north-4.myhuaweicloud.com".into();
        s.profiles.list.push(prod);
        s.profiles.default = Some("prod".into());
        s.go(Screen::Profiles);
        s.size = (w, h);
        let text = draw(&s, w, h);
        let row = |name: &str| {
            text.lines()
                .find(|l| l.contains(&format!("{name} ")))
                .unwrap_or_default()
                .to_string()
        };
        assert!(
            row("sandbox").contains("● sandbox") && row("sandbox").contains("token"),
            "{text}"
        );
        assert!(
            row("prod").contains(" *prod") && row("prod").contains("iam"),
            "{text}"
        );
        insta::assert_snapshot!(format!("profiles_default_{w}x{h}"), text);
    }
}

/// A value column grows with the window: a long description shows whole at 200 columns and is
/// cut at 34 at 120, where the issues need the room.
#[test]
fn the_value_column_grows_with_the_window() {
    let text = "a description longer than thirty-four columns, seventy columns at least";
    let mut s = sandbox();
    s.form
        .edit(|t| t.description = Some(text.to_string().into()));
    s.derive();
    let row = |w: u16| {
        draw(&s, w, 40)
            .lines()
            .find(|l| l.contains("Description"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row(200).contains(text), "{}", row(200));
    assert!(!row(120).contains(text) && row(120).contains("a description longer"));
}

fn press(s: &mut AppState, code: crossterm::event::KeyCode) {
    update(
        s,
        Msg::Key(crossterm::event::KeyEvent::new(
            code,
            crossterm::event::KeyModifiers::NONE,
        )),
    );
}

/// Help scrolls to its end, shows the current screen's keys first and holds the
/// editors' keys; no key leaks to the screen below.
#[test]
fn help_scrolls_to_the_end_and_lists_the_screens_keys_first() {
    use crossterm::event::KeyCode as K;
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = sandbox();
        update(&mut s, Msg::Resize(w, h));
        s.go(Screen::History);
        press(&mut s, K::F(1));
        let top = draw(&s, w, h);
        assert!(
            top.contains("open as draft") && top.contains("export curl"),
            "{top}"
        );
        insta::assert_snapshot!(format!("help_history_top_{w}x{h}"), top);
        press(&mut s, K::End);
        let end = draw(&s, w, h);
        let all = crate::tui::modal::help::entries(Screen::History);
        assert!(
            end.contains(&format!("{} of {}", all.len(), all.len())),
            "{end}"
        );
        let last = &all[all.len() - 1].1;
        assert!(
            end.contains(last.as_str()),
            "the last entry {last:?} shows: {end}"
        );
        insta::assert_snapshot!(format!("help_scrolled_to_end_{w}x{h}"), end);
        // Typing does not reach the History filter under the help.
        press(&mut s, K::Char('/'));
        assert!(!s.history.filtering);
        press(&mut s, K::PageUp);
        press(&mut s, K::Home);
        assert!(draw(&s, w, h).contains("open as draft"));
        press(&mut s, K::Esc);
        assert!(s.modals.is_empty());
    }
    let raw = crate::tui::modal::help::entries(Screen::Task);
    assert!(raw.iter().any(|(_, _, w)| w == "raw JSON"));
    assert!(raw.iter().any(|(_, _, w)| w == "array"));
}

/// Every footer shows whole hints only and always ends with "F1 help"; at 120
/// columns History shows its export keys.
#[test]
fn the_footer_fits_whole_hints_and_always_says_f1_help() {
    for screen in Screen::ALL {
        for w in [80usize, 120, 200] {
            let text = crate::tui::view::footer_text(screen, w);
            assert!(text.ends_with("F1 help"), "{screen:?} at {w}: {text}");
            assert!(!text.contains('…'), "{screen:?} at {w}: {text}");
            assert!(crate::tui::view::style::width(&text) <= w);
        }
    }
    let history = crate::tui::view::footer_text(Screen::History, 120);
    assert!(
        history.contains("c export curl") && history.contains("b export body"),
        "{history}"
    );
}

/// Every modal at both sizes: prompts, each kind of confirmation, the drafts list, the
/// restore offer, the profile form, a picker. History's and Tasks' own states are in their screens.
#[test]
fn every_modal_at_both_sizes() {
    use crate::store::drafts::Draft;
    use crate::tui::modal::{Confirm, Modal, Prompt, PromptFor, Yes};
    use crate::tui::msg::Effect;
    let draft = |name: &str, task: &str| Draft {
        name: name.into(),
        body: format!(r#"{{"name":"{task}"}}"#),
        meta: "{}".into(),
        updated_at: "2030-01-01T08:00:00.000Z".into(),
    };
    let modals: Vec<(&str, Modal)> = vec![
        (
            "prompt_save",
            Prompt::modal(PromptFor::SaveBody, "task.json"),
        ),
        ("prompt_find", Prompt::modal(PromptFor::FindItem, "orders")),
        (
            "confirm_overwrite",
            Modal::Confirm(Confirm::new(
                " Overwrite? ",
                "/tmp/task.json exists: overwrite it? (y/n)\n\ny: overwrite   n / Esc: keep the file",
                Yes::Effect(Box::new(Effect::CopyToClipboard(String::new()))),
            )),
        ),
        (
            "confirm_replace",
            Modal::Confirm(Confirm::new(
                " Replace the current form? ",
                "Replace the current form with the DLI template's task_config and schedule? (y/n)\n\nThe form as it is now is kept as a draft (F3).\ny: replace   n / Esc: keep the form",
                Yes::DeleteSourceRow(String::new()),
            )),
        ),
        (
            "drafts_list",
            Modal::Drafts(crate::tui::state::drafts::DraftList {
                items: vec![
                    draft("nightly", "sales_nightly"),
                    draft("autosave:9-1", "typed"),
                ],
                sel: 0,
            }),
        ),
        (
            "restore_offer",
            Modal::Restore(vec![draft("autosave:9-1", "typed_before_the_crash")]),
        ),
        (
            "profile_form",
            Modal::ProfileForm(Box::new({
                let mut e = crate::tui::state::profiles::ProfileEdit {
                    original: None,
                    profile: Default::default(),
                    focus: 0,
                    line: Default::default(),
                };
                e.focus_on(0);
                e
            })),
        ),
    ];
    for (name, m) in modals {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut s = sandbox();
            update(&mut s, Msg::Resize(w, h));
            s.modals.push(m.clone());
            insta::assert_snapshot!(format!("modal_{name}_{w}x{h}"), draw(&s, w, h));
        }
    }
}
