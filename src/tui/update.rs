//! `update(&mut AppState, Msg) -> Vec<Effect>`: every state change, synchronous and pure (no IO, no
//! clock, no channels). Keys resolve through the keymap to actions; everything else is text for the
//! focused field (see `typing`). Each submit carries a generation; a reply for another one is dropped.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::keymap::{self, Action};
use super::layout;
use super::modal::Help;
use super::modal::{self, Confirm, Modal, Prompt, PromptFor, Yes};
use super::msg::{Effect, Msg, Outcome};
use super::state::response::ResponseView;
use super::state::submit::submit;
use super::state::{AppState, Screen};
use crate::task::taskfile;
use crate::tui::screens;
use crate::tui::screens::history::{StoreStatus, store as store_update};
use crate::tui::screens::profiles::ProfileEdit;
use crate::tui::screens::source::catalog_pick;
use crate::tui::store_msg::StoreEffect;

pub fn update(s: &mut AppState, msg: Msg) -> Vec<Effect> {
    let mut fx = dispatch(s, msg);
    s.derive();
    fx.extend(screens::after(s));
    fx.extend(s.catalog_effects(|c, _, sh| catalog_pick::after(c, sh)));
    fx
}

fn dispatch(s: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) => key(s, k),
        Msg::Paste(text) => {
            // Terminals send a pasted line break as CR (some as CRLF): every paste sees `\n` only.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            if !modal_paste(s, &text) {
                screens::paste(s, &text);
            }
            Vec::new()
        }
        Msg::Mouse(m) => {
            mouse(s, m);
            Vec::new()
        }
        Msg::Resize(w, h) => {
            s.size = (w, h);
            Vec::new()
        }
        Msg::Tick { elapsed_ms } => {
            if let Some(f) = s.in_flight.as_mut() {
                f.elapsed_ms = elapsed_ms;
            }
            Vec::new()
        }
        Msg::Now(now) => {
            s.now = Some(now);
            super::state::cron::refresh(s);
            Vec::new()
        }
        Msg::SubmitFinished {
            generation,
            outcome,
        } => {
            finished(s, generation, outcome);
            Vec::new()
        }
        Msg::SubmitAbandoned { generation, sent } => {
            super::state::sent::abandoned(s, generation, sent.map(|b| *b))
        }
        Msg::SubmitRetrying { generation, note } | Msg::SubmitNote { generation, note } => {
            if s.in_flight.as_ref().map(|f| f.generation) == Some(generation) {
                s.warn(note);
            }
            Vec::new()
        }
        Msg::ProfilesSaved(saved) => {
            super::state::switch::saved(s, saved);
            Vec::new()
        }
        Msg::FileSaved(r) => {
            match r {
                Ok(path) => s.notify(format!("saved {path}")),
                Err(e) => s.warn(format!("could not save: {e}")),
            }
            Vec::new()
        }
        Msg::FileExists { path, retry } => {
            s.modals.push(Modal::Confirm(
                Confirm::new(
                    " Overwrite? ",
                    format!("{path} exists: overwrite it? (y/n)\n\ny: overwrite   n / Esc: keep the file"),
                    Yes::Effect(retry),
                )
                .no_says("nothing written: the file was kept"),
            ));
            Vec::new()
        }
        Msg::FileOpened { path, result } => opened(s, &path, result),
        Msg::ProfilesLoaded(list) => {
            s.profiles.list = list;
            Vec::new()
        }
        Msg::ProfileTested { name, result } => {
            s.profiles.test_result = Some(match result {
                Ok(m) => format!("{name}: {m}"),
                Err(e) => format!("{name}: failed: {e}"),
            });
            Vec::new()
        }
        Msg::DefaultMade { name, result } => {
            match result {
                Ok(()) => {
                    s.notify(format!("{name} is now the default profile"));
                    s.profiles.default = Some(name);
                }
                Err(e) => s.warn(e),
            }
            Vec::new()
        }
        Msg::Notice(r) => {
            match r {
                Ok(m) => s.notify(m),
                Err(e) => s.warn(e),
            }
            Vec::new()
        }
        Msg::Copied(r) => {
            match r {
                Ok(()) => s.notify("task_id copied to the clipboard (OSC 52)"),
                Err(e) => s.warn(format!("could not copy: {e}")),
            }
            Vec::new()
        }
        Msg::Store(m) => store_update::reply(s, m),
        Msg::Catalog(m) => s.catalog_effects(|c, _, sh| catalog_pick::reply(c, sh, m)),
        Msg::Tasks(m) => {
            s.with_tasks(|t, sh| crate::tui::shell::Tab::reply(t, sh, m))
                .1
        }
        Msg::ContextReady { profile, result } => {
            super::state::submit::context_ready(s, &profile, result);
            super::state::sent::context_ready(s)
        }
        Msg::SentChecked { name, settled } => {
            super::state::sent::checked(s, &name, settled);
            Vec::new()
        }
        Msg::CallerUser(result) => {
            super::state::submit::caller_user(s, result);
            Vec::new()
        }
        Msg::Terminate => {
            s.quit = true;
            Vec::new()
        }
    }
}

impl AppState {
    /// Carries out a modal's answer: a yes runs in the module that asked, a prompt's text goes to
    /// the screen that asked for it.
    pub fn answer(&mut self, a: crate::tui::modal::Answer) -> Vec<Effect> {
        use crate::tui::modal::{Answer, PromptFor, Yes};
        let s = self;
        match a {
            Answer::No(note) => {
                s.notify(note);
                Vec::new()
            }
            Answer::Yes(yes) => match yes {
                Yes::Effect(e) => vec![*e],
                Yes::FillUserId(uid) => crate::tui::state::submit::fill_user_id(s, uid),
                Yes::SendWithoutUserId => crate::tui::state::submit::send_without_user_id(s),
                Yes::HistoryResend(id) => s.with_history(|h, sh| h.resend(sh, id)).1,
                Yes::DeleteTask { id, stop_first } => {
                    s.with_tasks(|t, sh| t.delete(sh, id, stop_first)).1
                }
                Yes::DeleteProfile(name) => crate::tui::state::switch::delete_profile(s, &name),
                Yes::DeleteDraft(name) => {
                    if let Some(l) = s.modals.drafts_mut() {
                        l.items.retain(|d| d.name != name);
                        l.sel = l.sel.min(l.items.len().saturating_sub(1));
                    }
                    vec![Effect::Store(
                        crate::tui::store_msg::StoreEffect::DeleteDraft { name },
                    )]
                }
                Yes::ReplaceForm(r) => crate::tui::state::replace::replace(s, *r),
                Yes::DeleteSourceRow(key) => {
                    s.with_source(|src, sh| src.delete_row_named(sh, &key)).1
                }
            },
            Answer::Notice(text) => {
                s.notify(text);
                Vec::new()
            }
            Answer::Replace(r) => crate::tui::state::replace::offer(s, *r),
            Answer::Ask(c) => {
                s.modals.push(Modal::Confirm(c));
                Vec::new()
            }
            Answer::SaveProfile(e) => save_profile(s, *e),
            Answer::Prompted(purpose, text) => match purpose {
                PromptFor::SaveDraft | PromptFor::Export(_) => prompt_done(s, purpose, text),
                PromptFor::Open => vec![Effect::OpenFile { path: text }],
                PromptFor::FindItem => s.with_source(|src, sh| src.find(sh, &text)).1,
                PromptFor::SaveBody | PromptFor::SaveKooCli => save_form(s, purpose, text),
            },
        }
    }
}

/// Enter: checks the form, puts the profile in the list (without its secrets) and saves.
fn save_profile(s: &mut AppState, e: ProfileEdit) -> Vec<Effect> {
    if let Some(why) = crate::tui::screens::profiles::check(&e, &s.profiles.list) {
        s.warn(why);
        s.modals.push(Modal::ProfileForm(Box::new(e)));
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
    let name = profile.name.clone();
    let was_current = original.as_deref().is_some_and(|o| o == s.target.profile);
    // The edited profile, with whatever secrets were typed (the others on disk stay).
    let mut fx = vec![Effect::SaveProfiles(vec![profile.clone()])];
    match at {
        Some(i) => list[i] = profile.without_secrets(),
        None => {
            list.push(profile.without_secrets());
            s.profiles.sel = list.len() - 1;
        }
    }
    s.notify(format!("saving profile {name}…"));
    if was_current {
        // The profile in use changed: its defaults and its context follow (resolved after the save).
        if let Some(kept) = s.profiles.list.iter().find(|p| p.name == name).cloned() {
            fx.push(crate::tui::state::switch::switch_to(s, &kept));
        }
    }
    fx
}

fn key(s: &mut AppState, k: KeyEvent) -> Vec<Effect> {
    if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
        s.quit = true;
        return Vec::new();
    }
    if let Some(fx) = modal_key(s, &k) {
        return fx;
    }
    let action = keymap::resolve(&k, s.screen, s.text_focused());
    let passes = matches!(
        action,
        Some(
            Action::RawJson
                | Action::Submit
                | Action::NextScreen
                | Action::PrevScreen
                | Action::Help
        )
    );
    if let Some(fx) = screens::key_first(s, &k, passes) {
        return fx;
    }
    match action {
        Some(a) => act(s, a, &k),
        None => {
            screens::key(s, &k);
            Vec::new()
        }
    }
}

/// The drafts actions every screen has (F2 save as, F3 the list); `None`: not one of them.
fn drafts_action(s: &mut AppState, a: Action) -> Option<Vec<Effect>> {
    match a {
        Action::SaveDraftAs => {
            let name = s.task().text("name").unwrap_or_default().to_string();
            s.modals.push(Prompt::modal(PromptFor::SaveDraft, name));
            Some(Vec::new())
        }
        Action::DraftsList => {
            if let StoreStatus::Off(r) = &s.history.status {
                let msg = format!("drafts are off: {r}");
                s.warn(msg);
                return Some(Vec::new());
            }
            Some(vec![Effect::Store(StoreEffect::ListDrafts)])
        }
        _ => None,
    }
}

fn act(s: &mut AppState, a: Action, k: &KeyEvent) -> Vec<Effect> {
    if let Some(fx) = drafts_action(s, a) {
        return fx;
    }
    if let Some(fx) = screens::act(s, a, k) {
        return fx;
    }
    match a {
        Action::Quit => s.quit = true,
        Action::Submit => return submit(s),
        Action::Help => s.modals.push(Modal::Help(Help {
            scroll: 0,
            screen: s.screen,
        })),
        Action::Cancel => return cancel(s),
        Action::NextField => move_focus(s, true, k.code == KeyCode::Tab),
        Action::PrevField => move_focus(s, false, k.code == KeyCode::BackTab),
        Action::NextScreen => navigate(s, Screen::ALL[(s.screen.index() + 1) % Screen::ALL.len()]),
        Action::PrevScreen => navigate(
            s,
            Screen::ALL[(s.screen.index() + Screen::ALL.len() - 1) % Screen::ALL.len()],
        ),
        // F8 on every form; F4 where no field has choices and Space where no toggle is focused
        // are the screen's (text, or nothing).
        Action::ApplyTemplate => return apply_template(s),
        Action::NextChoice => {}
        Action::Toggle => screens::key(s, k),
        Action::SaveBody | Action::SaveKooCli | Action::OpenFile => {
            let (purpose, name) = match a {
                Action::SaveBody => (PromptFor::SaveBody, "task.json"),
                Action::SaveKooCli => (PromptFor::SaveKooCli, "task.koocli.json"),
                _ => (PromptFor::Open, ""),
            };
            s.modals.push(Prompt::modal(purpose, name));
        }
        Action::CopyTaskId => {
            if let Some(id) = s.response.as_ref().and_then(|r| r.outcome.task_id.clone()) {
                return vec![Effect::CopyToClipboard(id)];
            }
            s.warn("no task_id to copy");
        }
        Action::RawResponse => {
            if let Some(r) = s.response.as_mut() {
                r.raw = !r.raw;
            }
        }
        Action::EditResubmit => {
            s.go(Screen::Task);
            s.notify("the form is as you left it: edit and press Ctrl-S to submit again");
        }
        Action::Pick => return s.catalog_effects(catalog_pick::open),
        // The tabs' own (`screens::act`) and the drafts' (`drafts_action`).
        Action::SwitchProfile
        | Action::TestProfile
        | Action::EditProfile
        | Action::MakeDefault
        | Action::Filter
        | Action::ToggleDetail
        | Action::OpenAsDraft
        | Action::Resend
        | Action::Export(_)
        | Action::DeleteEntry
        | Action::PageDown
        | Action::PageUp
        | Action::Newest
        | Action::Top
        | Action::Bottom
        | Action::SaveDraftAs
        | Action::DraftsList
        | Action::Tasks(_)
        // The form screens' own (`Tab::act`: Source, Metadata).
        | Action::AddRow
        | Action::DeleteRow
        | Action::MoveRowUp
        | Action::MoveRowDown
        | Action::CycleType
        | Action::RawJson => {}
    }
    Vec::new()
}

/// The user moves to another screen: an information note about the last one is no longer news
/// (a warning stays until Esc or the next message).
fn navigate(s: &mut AppState, to: Screen) {
    if s.notice.as_ref().is_some_and(|n| !n.warn) {
        s.notice = None;
    }
    s.go(to);
}

fn cancel(s: &mut AppState) -> Vec<Effect> {
    if let Some(f) = s.in_flight.take() {
        s.warn(format!(
            "stopped waiting: {:?} may still be created; a search by name settles it before Ctrl-S sends it again (History shows the attempt cancelled-unknown)",
            f.name
        ));
        super::state::sent::stopped_waiting(s, f.generation, f.name);
        return vec![Effect::CancelSubmit {
            generation: f.generation,
        }];
    }
    if s.source.item.take().is_some() || s.task_form.template_offer.take().is_some() {
        return Vec::new();
    }
    s.notice = None;
    Vec::new()
}

fn finished(s: &mut AppState, generation: u64, outcome: Outcome) {
    if s.in_flight.as_ref().map(|f| f.generation) != Some(generation) {
        return;
    }
    s.in_flight = None;
    if let Some((sent, why)) = outcome.unsettled.clone() {
        super::state::sent::unsettled(s, *sent, why);
    }
    let view = ResponseView {
        outcome,
        raw: false,
        scroll: 0,
    };
    if view.ok() {
        s.drafts.clean_revision = s.form.revision;
    }
    if view.ok() && view.outcome.history_error.is_none() {
        s.notify(view.summary());
    } else {
        s.warn(view.summary());
    }
    s.response = Some(view);
    s.go(Screen::Response);
}

fn opened(s: &mut AppState, path: &str, result: Result<String, String>) -> Vec<Effect> {
    // A read error names the file already; a parse error gets it here.
    let parsed = result.and_then(|text| taskfile::parse(&text).map_err(|e| format!("{path}: {e}")));
    match parsed {
        Ok(file) => super::state::replace::offer(
            s,
            super::replacement::Replacement::File {
                path: path.to_string(),
                file: Box::new(file),
            },
        ),
        Err(e) => {
            s.warn(format!("could not open {e}"));
            Vec::new()
        }
    }
}

/// Enter on the Review screen's save prompts: the body (or the export its name asks for) or the
/// KooCLI file, written only after asking if the file exists.
pub fn save_form(s: &mut AppState, purpose: PromptFor, path: String) -> Vec<Effect> {
    let contents = match purpose {
        PromptFor::SaveKooCli => {
            taskfile::to_koocli(s.task(), &s.target.workspace, &s.target.project_id)
        }
        // A `.py`/`.go`/`.java`/`.tf`/`.sh` name saves that export instead of the body.
        _ => {
            let t = &s.target;
            let target = crate::app::exports::ExportTarget::of_form(
                s.context.as_deref(),
                &t.endpoint,
                &t.project_id,
                &t.workspace,
            );
            crate::app::exports::by_path(s.task(), &target, &path)
                .unwrap_or_else(|| taskfile::to_body(s.task()))
        }
    };
    vec![Effect::SaveFile {
        path,
        contents,
        overwrite: false,
    }]
}

fn mouse(s: &mut AppState, m: MouseEvent) {
    let a = layout::areas(s.size.0, s.size.1);
    match m.kind {
        MouseEventKind::ScrollDown => scroll(s, true),
        MouseEventKind::ScrollUp => scroll(s, false),
        MouseEventKind::Down(MouseButton::Left) if m.row == a.tabs.y => {
            let ranges = layout::tab_ranges(s.size.0, |sc| s.tab_mark(sc));
            if let Some((sc, _, _)) = ranges
                .iter()
                .find(|(_, x0, x1)| m.column >= *x0 && m.column < *x1)
            {
                navigate(s, *sc);
            }
        }
        MouseEventKind::Down(MouseButton::Left) => screens::click(s, m.row, a.body),
        _ => {}
    }
}

#[cfg(test)]
#[path = "flows_tests.rs"]
mod flows_tests;
#[cfg(test)]
#[path = "update_tests.rs"]
pub(crate) mod tests;

/// Gives a key to the top modal. `None`: no modal is open, the key is the screen's.
fn modal_key(s: &mut AppState, k: &KeyEvent) -> Option<Vec<Effect>> {
    let m = s.modals.pop()?;
    let depth = s.modals.len();
    let h = match m {
        Modal::Help(h) => modal::help::key(h, k, s.size),
        Modal::Prompt(p) => modal::prompt::key(p, k),
        Modal::Confirm(c) => modal::confirm::key(c, k),
        Modal::Drafts(l) => modal::drafts::list_key(l, k),
        Modal::Restore(offers) => modal::drafts::offer_key(offers, k),
        Modal::ProfileForm(e) => modal::profile_form::key(*e, k),
        Modal::Picker(p) => {
            let (mut h, more) = s.with_catalog(|c, _, sh| catalog_pick::key(c, sh, *p, k));
            h.effects.extend(more);
            h
        }
    };
    if let Some(m) = h.keep {
        // Below anything the handler opened (a confirmation over the list that asked it).
        s.modals.put_back(depth, m);
    }
    let mut fx = h.effects;
    if let Some(a) = h.then {
        fx.extend(s.answer(a));
    }
    Some(fx)
}

/// Paste goes to the top modal when it takes text; any other modal swallows it. `false`: no modal.
fn modal_paste(s: &mut AppState, text: &str) -> bool {
    match s.modals.top_mut() {
        None => return false,
        Some(Modal::Prompt(p)) => modal::prompt::paste(p, text),
        Some(Modal::ProfileForm(e)) => modal::profile_form::paste(e, text),
        Some(Modal::Picker(p)) => p.picker.paste(text),
        Some(_) => {}
    }
    true
}

/// Down and Up (Tab and Shift-Tab: `wrap`) where the screen does not take them itself: the
/// Response pager and the Profiles list.
fn move_focus(s: &mut AppState, forward: bool, wrap: bool) {
    match s.screen {
        Screen::Response => scroll(s, forward),
        Screen::Profiles => {
            s.profiles.sel = layout::step(s.profiles.sel, s.profiles.list.len(), forward, wrap)
        }
        _ => {}
    }
}

/// The mouse wheel: the pagers scroll by three lines; a form moves its focus by a row.
fn scroll(s: &mut AppState, down: bool) {
    let by = |v: usize| if down { v + 3 } else { v.saturating_sub(3) };
    match s.screen {
        Screen::Review => _ = s.with_review(|r, sh| r.scroll(sh, if down { 3 } else { -3 })),
        Screen::Response => {
            if let Some(r) = s.response.as_mut() {
                r.scroll = by(r.scroll);
            }
        }
        Screen::History => s.history.detail_scroll = by(s.history.detail_scroll),
        Screen::Task | Screen::Schedule => {
            _ = s.with_fields(s.screen, |ff, sh| ff.move_focus(sh, down, false))
        }
        Screen::Metadata => _ = s.with_metadata(|m, sh| m.move_focus(sh, down, false)),
        Screen::Source => _ = s.with_source(|src, sh| src.move_focus(sh, down, false)),
        Screen::Profiles => move_focus(s, down, false),
        Screen::Tasks => {}
    }
}

/// F8 on a form: the offered template (the data source type's, else the one typed) in the form's
/// place, asking first when the form holds unsaved changes.
fn apply_template(s: &mut AppState) -> Vec<Effect> {
    let code = s
        .task_form
        .template_offer
        .clone()
        .or_else(|| s.task().text("data_source_type").map(str::to_string))
        .unwrap_or_default();
    if crate::task::templates::template(&code).is_none() {
        s.warn(format!("no template for \"{code}\""));
        return Vec::new();
    }
    super::state::replace::offer(s, super::replacement::Replacement::Template(code))
}

/// Enter on the save-as (F2) or the History export prompt.
fn prompt_done(s: &mut AppState, purpose: PromptFor, text: String) -> Vec<Effect> {
    match purpose {
        PromptFor::SaveDraft if text.starts_with(crate::store::drafts::AUTOSAVE_PREFIX) => {
            s.warn(format!(
                "draft names may not start with {}",
                crate::store::drafts::AUTOSAVE_PREFIX
            ));
            Vec::new()
        }
        PromptFor::SaveDraft => {
            vec![Effect::Store(StoreEffect::SaveDraft(
                super::state::form_drafts::draft_of(s, &text, ""),
            ))]
        }
        PromptFor::Export(format) => match s.history.selected() {
            Some(r) => vec![Effect::Store(StoreEffect::Export {
                id: r.id,
                format,
                path: text,
                overwrite: false,
            })],
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}
