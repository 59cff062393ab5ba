//! Ctrl-S and resend in the TUI, as pure state changes over the app layer's `Plan`: the profile's
//! context arriving, the plan checked (errors focus the first one; an empty `user_id` is offered the
//! caller's IAM user id with where it came from, y/n), and the send asked for as an effect. No IO.

use std::sync::Arc;

use crate::api::CallerUser;
use crate::app::{Context, Plan};
use crate::store::Overrides;
use crate::task::{CollectionTask, Severity, Typed};
use crate::tui::modal::{Confirm, Modal, Yes};
use crate::tui::msg::Effect;
use crate::tui::state::{AppState, InFlight, Screen, source, task as form};

/// A profile's context arrived (or could not be made); a stale one (another profile) is dropped.
pub fn context_ready(s: &mut AppState, profile: &str, result: Result<Arc<Context>, String>) {
    if profile != s.target.profile {
        return;
    }
    match result {
        Ok(ctx) => {
            for w in &ctx.warnings {
                s.warn(format!("profile {profile}: {w}"));
            }
            s.context = Some(ctx);
            s.context_error = None;
        }
        Err(e) => {
            s.warn(format!("profile {profile} cannot send: {e}"));
            s.context = None;
            s.context_error = Some(e);
        }
    }
}

/// Resolves the current profile again with another workspace (a KooCLI file named one).
pub fn re_resolve(s: &AppState, workspace: String) -> Vec<Effect> {
    let Some(p) = s.profiles.list.iter().find(|p| p.name == s.target.profile) else {
        return Vec::new();
    };
    let overrides = Overrides {
        workspace: Some(workspace),
        project_id: None,
    };
    vec![Effect::resolve(p, overrides)]
}

/// The context to send with, or a warning saying why there is none.
fn ready(s: &mut AppState) -> Option<Arc<Context>> {
    if let Some(c) = &s.context {
        return Some(c.clone());
    }
    let why = s
        .context_error
        .clone()
        .unwrap_or_else(|| "it is still being prepared; try again in a moment".into());
    s.warn(format!(
        "nothing sent: profile {} cannot send: {why}",
        s.target.profile
    ));
    None
}

fn busy(s: &mut AppState) -> bool {
    let Some(f) = &s.in_flight else { return false };
    s.warn(format!(
        "a submit is already in flight ({:.1} s): wait for its answer, or Esc to stop waiting",
        f.elapsed_ms as f64 / 1000.0
    ));
    true
}

/// Ctrl-S: refused while one is in flight or while the plan has errors (focus goes to the first).
pub fn submit(s: &mut AppState) -> Vec<Effect> {
    submit_asking(s, true)
}

/// Ctrl-S, asking IAM for the caller's id first when `user_id` is empty and `ask_caller`.
fn submit_asking(s: &mut AppState, ask_caller: bool) -> Vec<Effect> {
    if busy(s) {
        return Vec::new();
    }
    // A create an ended session sent is checked before it may be sent again.
    if let Some(fx) = crate::tui::state::sent::guard(s) {
        return fx;
    }
    if s.source.raw.as_ref().is_some_and(|r| r.error.is_some()) {
        s.go(Screen::Source);
        s.warn("the raw JSON does not parse: fix it before submitting");
        return Vec::new();
    }
    let Some(ctx) = ready(s) else {
        return Vec::new();
    };
    let plan = crate::tui::state::plan::plan_of(s, &ctx, s.task().clone());
    if ask_caller && plan.wants_user_id() {
        s.notify("user_id is empty: asking IAM whose credentials these are…");
        return vec![Effect::FetchCallerUser { context: ctx }];
    }
    if plan.has_errors() {
        let n = plan.errors().count();
        let first = focus_first_error(s, &plan);
        let noun = if n == 1 { "error" } else { "errors" };
        s.warn(format!("{n} {noun}, nothing sent. {first}"));
        return Vec::new();
    }
    let notice = format!("submitting to {}…", s.target.profile);
    start_send(s, ctx, plan, notice)
}

/// A history entry's task sent again to the current profile, as a new plan.
pub fn resend(s: &mut AppState, id: i64, task: CollectionTask) -> Vec<Effect> {
    if busy(s) {
        return Vec::new();
    }
    let Some(ctx) = ready(s) else {
        return Vec::new();
    };
    let plan = crate::tui::state::plan::plan_of(s, &ctx, task);
    if plan.has_errors() {
        let first = plan
            .errors()
            .next()
            .map(|i| i.located())
            .unwrap_or_default();
        s.warn(format!("#{id} cannot be sent again as it is: {first}"));
        return Vec::new();
    }
    let notice = format!("resending #{id} to {}…", s.target.profile);
    start_send(s, ctx, plan, notice)
}

/// Marks a new submit in flight under a fresh generation and asks for it to be sent.
fn start_send(s: &mut AppState, context: Arc<Context>, plan: Plan, notice: String) -> Vec<Effect> {
    s.generation += 1;
    s.in_flight = Some(InFlight {
        generation: s.generation,
        elapsed_ms: 0,
        name: plan.name().to_string(),
    });
    // A profile allowed plain http:// to a remote host says so at every send.
    match crate::store::Profile::cleartext_warning(&context.session.target.endpoint) {
        Some(w) => s.warn(format!("{notice} warning: {w}")),
        None => s.notify(notice),
    }
    vec![Effect::SendCreate {
        generation: s.generation,
        context,
        plan: Box::new(plan),
    }]
}

/// IAM named the caller (or could not): ask before filling `user_id`, or before sending without it.
pub fn caller_user(s: &mut AppState, result: Result<CallerUser, String>) {
    let confirm = match result {
        Ok(u) => {
            let text = format!(
                "user_id is empty. Fill in your IAM user id? (y/n)\n\n  {}\n\nfrom {}.\n\ny: fill it in and submit   n / Esc: send nothing",
                u.id,
                u.source.describe()
            );
            Confirm::new(" Use your IAM user id? ", text, Yes::FillUserId(u.id))
                .no_says("nothing sent: fill in user_id (Task screen) and press Ctrl-S")
        }
        Err(e) => {
            let text = format!(
                "user_id is empty and IAM did not say whose credentials these are:\n{e}\n\nSend the task without user_id? The service then takes the caller's IAM user. (y/n)\n\ny: send it   n / Esc: send nothing"
            );
            Confirm::new(" Send without user_id? ", text, Yes::SendWithoutUserId)
                .no_says("nothing sent: fill in user_id (Task screen) and press Ctrl-S")
        }
    };
    s.modals.push(Modal::Confirm(confirm));
}

/// Yes to sending with `user_id` empty.
pub fn send_without_user_id(s: &mut AppState) -> Vec<Effect> {
    submit_asking(s, false)
}

/// Yes to the caller's id: fills `user_id` and submits.
pub fn fill_user_id(s: &mut AppState, uid: String) -> Vec<Effect> {
    s.form.edit(|t| {
        if let Some(slot) = t.text_field_mut("user_id") {
            *slot = Some(Typed::Valid(uid));
        }
    });
    s.form.touched.insert("user_id".into());
    submit(s)
}

/// Moves the focus to the plan's first error in screen order and returns its message.
fn focus_first_error(s: &mut AppState, plan: &Plan) -> String {
    let rank = |path: &str| {
        let screen = Screen::of_path(path);
        let idx = form::form_fields(screen)
            .iter()
            .position(|f| f.path == path);
        (screen.index(), idx.unwrap_or(0))
    };
    let Some(issue) = plan
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .min_by_key(|i| rank(&i.path))
        .cloned()
    else {
        return String::new();
    };
    let screen = Screen::of_path(&issue.path);
    s.go(screen);
    if let Some(ff) = s.field_form_mut(screen) {
        ff.focus = rank(&issue.path).1;
    } else if let Some(key) = issue.path.strip_prefix("task_config.") {
        let key = key.split(['.', '[']).next().unwrap_or(key);
        let pos = source::task_config(&s.form).and_then(|m| m.keys().position(|k| k == key));
        s.source.sel = pos.unwrap_or(0);
    }
    s.cursor_to_end();
    issue.message
}
