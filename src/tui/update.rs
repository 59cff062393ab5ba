//! `update(&mut AppState, Msg) -> Vec<Effect>`: every state change, synchronous and pure (no IO, no
//! clock, no channels). Keys resolve through the keymap to actions; everything else is text for the
//! focused field (see `typing`). Each submit carries a generation; a reply for another one is dropped.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::keymap::{self, Action};
use super::layout;
use super::msg::{Effect, Msg, Outcome};
use super::state::{AppState, Prompt, PromptFor, Screen, edit::Line, profiles};
use super::state::{response::ResponseView, review, source};
use super::submit::submit;
use super::typing;
use super::{history_keys, store_update};
use crate::task::taskfile;

pub fn update(s: &mut AppState, msg: Msg) -> Vec<Effect> {
    let mut fx = dispatch(s, msg);
    fx.extend(store_update::after(s));
    fx.extend(super::catalog_pick::after(s));
    fx.extend(super::tasks_keys::after(s));
    fx
}

fn dispatch(s: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) => key(s, k),
        Msg::Paste(text) => {
            // Terminals send a pasted line break as CR (some as CRLF): every paste sees `\n` only.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            if !history_keys::paste(s, &text) && !super::tasks_keys::paste(s, &text) {
                typing::paste(s, &text);
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
            super::state::schedule::refresh(s);
            Vec::new()
        }
        Msg::SubmitFinished {
            generation,
            outcome,
        } => {
            finished(s, generation, outcome);
            Vec::new()
        }
        Msg::SubmitRetrying { generation, note } | Msg::SubmitNote { generation, note } => {
            if s.in_flight.map(|f| f.generation) == Some(generation) {
                s.warn(note);
            }
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
            s.notify(format!("{path} exists: overwrite it? (y/n)"));
            s.overwrite_offer = Some(retry);
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
        Msg::Copied(r) => {
            match r {
                Ok(()) => s.notify("task_id copied to the clipboard (OSC 52)"),
                Err(e) => s.warn(format!("could not copy: {e}")),
            }
            Vec::new()
        }
        Msg::Store(m) => store_update::reply(s, m),
        Msg::Catalog(m) => super::catalog_pick::reply(s, m),
        Msg::Tasks(m) => super::tasks_keys::reply(s, m),
        Msg::ContextReady { profile, result } => {
            super::submit::context_ready(s, &profile, result);
            super::sent_check::context_ready(s)
        }
        Msg::SentChecked { name, settled } => {
            super::sent_check::checked(s, &name, settled);
            Vec::new()
        }
        Msg::IamUser(result) => {
            super::submit::iam_user(s, result);
            Vec::new()
        }
        Msg::Terminate => {
            s.quit = true;
            Vec::new()
        }
    }
}

fn key(s: &mut AppState, k: KeyEvent) -> Vec<Effect> {
    if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
        s.quit = true;
        return Vec::new();
    }
    if let Some(fx) = super::catalog_pick::key(s, &k) {
        return fx;
    }
    if s.help {
        s.help = false;
        return Vec::new();
    }
    if s.iam_offer.is_some() {
        return super::submit::iam_offer_key(s, &k);
    }
    if let Some(retry) = s.overwrite_offer.take() {
        return match k.code {
            KeyCode::Char('y' | 'Y') => vec![*retry],
            _ => {
                s.warn("nothing written: the file was kept");
                Vec::new()
            }
        };
    }
    if s.prompt.is_some() {
        return prompt_key(s, &k);
    }
    if let Some(fx) = store_update::key(s, &k) {
        return fx;
    }
    if let Some(fx) = super::tasks_keys::key(s, &k) {
        return fx;
    }
    if s.screen == Screen::Profiles && (s.profiles.editing.is_some() || s.profiles.confirm_delete) {
        return super::profile_keys::key(s, &k);
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
    if s.screen == Screen::Source && s.source.raw.is_some() && !passes {
        typing::raw_key(s, k);
        return Vec::new();
    }
    match action {
        Some(a) => act(s, a, &k),
        None => {
            typing::key(s, &k);
            Vec::new()
        }
    }
}

fn act(s: &mut AppState, a: Action, k: &KeyEvent) -> Vec<Effect> {
    if let Some(fx) = super::tasks_keys::act(s, a) {
        return fx;
    }
    if let Some(fx) = history_keys::act(s, a) {
        return fx;
    }
    match a {
        Action::Quit => s.quit = true,
        Action::Submit => return submit(s),
        Action::Help => s.help = true,
        Action::Cancel => return cancel(s),
        Action::NextField => typing::move_focus(s, true, k.code == KeyCode::Tab),
        Action::PrevField => typing::move_focus(s, false, k.code == KeyCode::BackTab),
        Action::NextScreen => s.go(Screen::ALL[(s.screen.index() + 1) % Screen::ALL.len()]),
        Action::PrevScreen => {
            s.go(Screen::ALL[(s.screen.index() + Screen::ALL.len() - 1) % Screen::ALL.len()])
        }
        Action::Toggle | Action::NextChoice | Action::ApplyTemplate => typing::form_action(s, a, k),
        Action::AddRow | Action::DeleteRow | Action::MoveRowUp | Action::MoveRowDown => {
            return typing::row_action(s, a);
        }
        Action::CycleType => {
            source::cycle_type(s);
            s.task_changed();
        }
        Action::RawJson => typing::toggle_raw(s),
        Action::SaveBody | Action::SaveKooCli | Action::OpenFile => {
            let (purpose, name) = match a {
                Action::SaveBody => (PromptFor::SaveBody, "task.json"),
                Action::SaveKooCli => (PromptFor::SaveKooCli, "task.koocli.json"),
                _ => (PromptFor::Open, ""),
            };
            s.prompt = Some(Prompt {
                purpose,
                line: Line::new(name),
            });
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
        Action::SwitchProfile => {
            if let Some(p) = s.profiles.list.get(s.profiles.sel).cloned() {
                let resolve = profiles::switch_to(s, &p);
                s.task_changed();
                s.notify(format!("now using profile {}", p.name));
                return vec![resolve];
            }
        }
        Action::TestProfile => {
            if let Some(p) = s.profiles.list.get(s.profiles.sel).cloned() {
                s.profiles.test_result = Some(format!("{}: testing…", p.name));
                return vec![Effect::TestProfile(Box::new(p))];
            }
        }
        Action::EditProfile => profiles::start_edit(s, false),
        Action::PageDown | Action::PageUp | Action::Top | Action::Bottom
            if s.screen == Screen::Review =>
        {
            let page = review::page_rows(s) as isize;
            let delta = match a {
                Action::PageDown => page,
                Action::PageUp => -page,
                Action::Top => isize::MIN / 2,
                _ => isize::MAX / 2,
            };
            review::scroll_by(s, delta);
        }
        Action::Pick => return super::catalog_pick::open(s),
        // The History screen's and the drafts' own, handled in `history_keys::act`.
        Action::Filter
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
        | Action::Tasks(_) => {}
    }
    Vec::new()
}

fn cancel(s: &mut AppState) -> Vec<Effect> {
    if let Some(f) = s.in_flight.take() {
        s.warn(
            "stopped waiting: the task may still have been created (History shows it cancelled-unknown); check in the Tasks tab (/ filters by name) or with `ctask task list --name NAME` before submitting again",
        );
        return vec![Effect::CancelSubmit {
            generation: f.generation,
        }];
    }
    if s.source.item.take().is_some() || s.template_offer.take().is_some() {
        return Vec::new();
    }
    s.notice = None;
    Vec::new()
}

fn finished(s: &mut AppState, generation: u64, outcome: Outcome) {
    if s.in_flight.map(|f| f.generation) != Some(generation) {
        return;
    }
    s.in_flight = None;
    let view = ResponseView {
        outcome,
        raw: false,
        scroll: 0,
    };
    if view.ok() {
        s.drafts.clean_revision = s.revision;
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
        Ok(file) => {
            s.task = file.task;
            s.touched = super::state::task::form_fields(Screen::Task)
                .iter()
                .map(|f| f.path.to_string())
                .collect();
            s.source = Default::default();
            s.task_changed();
            s.notify(format!("opened {path}"));
            if let Some(w) = file.workspace {
                // A KooCLI file names its workspace: the context is resolved again with it.
                s.target.workspace = w.clone();
                s.context = None;
                return super::submit::re_resolve(s, w);
            }
        }
        Err(e) => s.warn(format!("could not open {e}")),
    }
    Vec::new()
}

fn prompt_key(s: &mut AppState, k: &KeyEvent) -> Vec<Effect> {
    let Some(p) = s.prompt.as_mut() else {
        return Vec::new();
    };
    match k.code {
        KeyCode::Esc => s.prompt = None,
        KeyCode::Enter => {
            let path = p.line.text.trim().to_string();
            let purpose = p.purpose;
            s.prompt = None;
            if path.is_empty() {
                return Vec::new();
            }
            let contents = match purpose {
                PromptFor::SaveDraft | PromptFor::Export(_) => {
                    return history_keys::prompt_done(s, purpose, path);
                }
                PromptFor::Open => return vec![Effect::OpenFile { path }],
                PromptFor::SaveBody => taskfile::to_body(&s.task),
                PromptFor::SaveKooCli => {
                    taskfile::to_koocli(&s.task, &s.target.workspace, &s.target.project_id)
                }
            };
            return vec![Effect::SaveFile {
                path,
                contents,
                overwrite: false,
            }];
        }
        _ => {
            p.line.key(k);
        }
    }
    Vec::new()
}

fn mouse(s: &mut AppState, m: MouseEvent) {
    let a = layout::areas(s.size.0, s.size.1);
    match m.kind {
        MouseEventKind::ScrollDown => typing::scroll(s, true),
        MouseEventKind::ScrollUp => typing::scroll(s, false),
        MouseEventKind::Down(MouseButton::Left) if m.row == a.tabs.y => {
            let ranges = layout::tab_ranges(s.size.0, |sc| s.screen_has_error(sc));
            if let Some((sc, _, _)) = ranges
                .iter()
                .find(|(_, x0, x1)| m.column >= *x0 && m.column < *x1)
            {
                s.go(*sc);
            }
        }
        MouseEventKind::Down(MouseButton::Left) => typing::click(s, m.row, a.body),
        _ => {}
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
pub(crate) mod tests;
