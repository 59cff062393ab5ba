//! Replacing the whole form or a large part of it: a type's template (F8), a draft (F3, the restore
//! offer), a history entry opened as a draft, a task file (F7), a task pulled from the server. When
//! the form holds changes not yet safe elsewhere it asks first, and what it replaces is kept as a
//! named draft (F3 lists it), so no work is lost in one key. Pure: the draft is saved as an effect.

use crate::store::drafts::Draft;
use crate::task::{Typed, taskfile, templates};
use crate::tui::modal::{Confirm, Modal, Yes};
use crate::tui::msg::Effect;
pub use crate::tui::replacement::Replacement;
use crate::tui::state::{AppState, Screen, form_drafts};
use crate::tui::store_msg::StoreEffect;

impl Replacement {
    fn what(&self) -> String {
        match self {
            Replacement::Template(code) => {
                format!("the {code} template's task_config and schedule")
            }
            Replacement::Draft(d) if d.is_autosave() => {
                format!("the autosaved form of {}", d.task_name())
            }
            Replacement::Draft(d) => format!("the draft \"{}\"", d.name),
            Replacement::HistoryCopy { id, .. } => format!("a copy of history entry #{id}"),
            Replacement::File { path, .. } => path.clone(),
            Replacement::Pulled { name, .. } => format!("the pulled task {name}"),
        }
    }
}

/// Whether the form holds changes that are not yet safe (sent, or as they were at start).
pub fn form_dirty(s: &AppState) -> bool {
    s.form.revision != s.drafts.clean_revision
}

/// Replaces now if nothing would be lost, else asks "replace the current form? (y/n)".
pub fn offer(s: &mut AppState, r: Replacement) -> Vec<Effect> {
    if !form_dirty(s) {
        return replace(s, r);
    }
    let text = format!(
        "Replace the current form with {}? (y/n)\n\nThe form as it is now is kept as a draft (F3).\n\
         y: replace   n / Esc: keep the form",
        r.what()
    );
    s.modals.push(Modal::Confirm(
        Confirm::new(
            " Replace the current form? ",
            text,
            Yes::ReplaceForm(Box::new(r)),
        )
        .no_says("kept the form as it is"),
    ));
    Vec::new()
}

/// Keeps the form as a draft (when it holds changes), then puts the replacement in.
pub fn replace(s: &mut AppState, r: Replacement) -> Vec<Effect> {
    let mut fx = Vec::new();
    let kept = form_dirty(s).then(|| {
        let name = format!(
            "{} (replaced, rev {})",
            s.task()
                .text("name")
                .filter(|n| !n.is_empty())
                .unwrap_or("no name"),
            s.form.revision
        );
        fx.push(Effect::Store(StoreEffect::SaveDraft(
            form_drafts::draft_of(s, &name, ""),
        )));
        name
    });
    let done = match r {
        Replacement::Template(code) => template(s, &code),
        Replacement::Draft(d) => {
            fx.extend(restore(s, &d));
            Ok(format!("restored {}", d.task_name()))
        }
        Replacement::HistoryCopy { id, body } => {
            form_drafts::open_as_copy(s, &body, |n| format!("{n}_copy")).map(|name| {
                format!(
                    "opened #{id} as a new draft named {name}: task names must be unique, change it"
                )
            })
        }
        Replacement::File { path, file } => {
            fx.extend(file_in(s, *file));
            Ok(format!("opened {path}"))
        }
        Replacement::Pulled {
            body,
            name,
            missing,
        } => form_drafts::open_as_copy(s, &body, |_| name.clone())
            .map(|name| match missing.as_slice() {
                [] => format!(
                    "pulled as a new draft named {name}: task names must be unique; Ctrl-S creates the copy"
                ),
                m => format!(
                    "pulled as a new draft named {name}; the service did not return {}, so the draft has none: add it before Ctrl-S",
                    m.join(", ")
                ),
            })
            .map_err(|e| format!("cannot open the pulled task: {e}")),
    };
    match (done, kept) {
        (Ok(msg), Some(k)) => {
            s.notify(format!("{msg} · the replaced form is the draft {k:?} (F3)"))
        }
        (Ok(msg), None) => s.notify(msg),
        (Err(e), _) => s.warn(e),
    }
    fx
}

fn template(s: &mut AppState, code: &str) -> Result<String, String> {
    let Some(t) = templates::template(code) else {
        return Err(format!("no template for \"{code}\""));
    };
    s.form.edit(|task| {
        task.task_config = t.task_config;
        task.schedule_config = t.schedule_config;
        task.data_source_type = Some(Typed::Valid(code.to_string()));
    });
    s.form
        .touched
        .retain(|p| !p.starts_with("task_config.") && !p.starts_with("schedule_config."));
    crate::tui::state::switch::apply_defaults(s);
    s.task_form.template_offer = None;
    s.source = Default::default();
    Ok(format!("loaded the {code} template"))
}

/// Loads a draft into the form; an autosave of an ended session becomes this session's.
fn restore(s: &mut AppState, d: &Draft) -> Vec<Effect> {
    if let Err(e) = form_drafts::load(s, d) {
        s.warn(format!("could not restore {}: {e}", d.name));
        return Vec::new();
    }
    s.go(Screen::Task);
    // A create the ended session had sent is checked before Ctrl-S may send it again.
    let mut out = crate::tui::state::sent::restored(s, d);
    if d.is_autosave() {
        let own = s.drafts.own.clone();
        out.push(Effect::Store(StoreEffect::AdoptDraft {
            draft: form_drafts::draft_of(s, &own, ""),
            from: d.name.clone(),
        }));
    }
    out
}

/// A parsed task file in the form; a KooCLI file's workspace re-resolves the profile with it.
fn file_in(s: &mut AppState, file: taskfile::TaskFile) -> Vec<Effect> {
    s.form.replace(file.task);
    s.form.touched = crate::tui::state::task::all_touched();
    s.source = Default::default();
    match file.workspace {
        Some(w) => {
            s.target.workspace = w.clone();
            s.context = None;
            crate::tui::state::submit::re_resolve(s, w)
        }
        None => Vec::new(),
    }
}

#[cfg(test)]
mod what_tests {
    use super::*;

    fn draft(name: &str, body: &str) -> Draft {
        Draft {
            name: name.into(),
            body: body.into(),
            meta: "{}".into(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn a_saved_draft_is_named_by_its_own_name_and_an_autosave_by_its_task() {
        let saved = Replacement::Draft(draft("before-lunch", "{}"));
        assert_eq!(saved.what(), "the draft \"before-lunch\"");
        let auto = Replacement::Draft(draft(
            &format!("{}1-2", crate::store::drafts::AUTOSAVE_PREFIX),
            r#"{"name": "orders_daily"}"#,
        ));
        assert_eq!(auto.what(), "the autosaved form of orders_daily");
    }
}
