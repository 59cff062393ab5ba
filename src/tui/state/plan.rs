//! The Review plan: the app layer's `Plan` for the current task and profile at the state's clock,
//! built again when the form or the context changed (`AppState::derive` asks while Review is
//! shown; submit and the sent check build one to send). Root: it reads the form, the context and
//! the clock.

use crate::app::Plan;
use crate::task::taskfile;
use crate::tui::screens::review::BuiltFor;
use crate::tui::state::AppState;

/// The plan for the current task, as Ctrl-S would send it; `None` until the profile is ready.
pub fn plan(s: &AppState) -> Option<Plan> {
    let ctx = s.context.as_ref()?;
    Some(plan_of(s, ctx, s.task().clone()))
}

/// `task` planned for `ctx` at the state's clock (an AK/SK signature is made again at send time;
/// until the clock arrives the plan signs at 0). The one place the TUI builds a plan.
pub fn plan_of(s: &AppState, ctx: &crate::app::Context, task: crate::task::CollectionTask) -> Plan {
    let now = s.now.map(|t| t.to_utc()).unwrap_or_default();
    Plan::new(ctx, task, now)
}

/// What the plan depends on besides the clock: the form's revision and the context.
pub fn built_for(s: &AppState) -> BuiltFor {
    BuiltFor::new(s.form.revision, s.context.clone())
}

/// Builds the Review screen's plan and body lines again.
pub fn refresh(s: &mut AppState) {
    let plan = plan(s);
    let body = plan.as_ref().map_or_else(
        || taskfile::to_body(s.task()),
        |p| taskfile::to_body(&p.task),
    );
    s.review.body_lines = body.lines().map(String::from).collect();
    s.review.plan = plan;
    s.review.built_for = built_for(s);
}

/// The Review screen's head for the profile in use: the request, or why there is none yet.
pub fn head_lines(s: &AppState) -> Vec<String> {
    s.review
        .head_lines(&s.target.profile, s.context_error.as_deref())
}
