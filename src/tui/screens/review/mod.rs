//! The Review screen: the app layer's `Plan` for the current task and profile, i.e. the exact
//! request Ctrl-S sends (method, URL, every header as sent with secrets masked, the curl line, the
//! body) and every issue. Built when the screen is shown or the task changes while it is shown,
//! never per keystroke elsewhere. Pure: the plan's time is the state's clock.

pub mod view;

use crate::app::Plan;
use crate::task::taskfile;
use crate::tui::layout;
use crate::tui::state::AppState;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewState {
    /// `None` until the profile's context is ready (or when it cannot be).
    pub plan: Option<Plan>,
    /// The pretty body, one entry per line (the view highlights only the visible ones).
    pub body_lines: Vec<String>,
    pub scroll: usize,
    /// The form revision and the context the plan was built from.
    pub built_for: BuiltFor,
}

/// What a plan was built from: the form's revision and the context itself. The context is held,
/// not its address: a freed context's address may be reused by the next profile's, and a plan
/// keyed by address would then keep the previous profile's headers.
#[derive(Clone, Debug, Default)]
pub struct BuiltFor {
    revision: u64,
    context: Option<std::sync::Arc<crate::app::Context>>,
}

impl PartialEq for BuiltFor {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && match (&self.context, &other.context) {
                (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

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
    BuiltFor {
        revision: s.form.revision,
        context: s.context.clone(),
    }
}

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

/// The lines above the body on the Review screen, so scrolling and the view agree.
pub fn head_lines(s: &AppState) -> Vec<String> {
    let Some(p) = &s.review.plan else {
        let why = s.context_error.as_deref().map_or_else(
            || format!("profile {} is being prepared…", s.target.profile),
            |e| format!("profile {} cannot send: {e}", s.target.profile),
        );
        return vec![why, String::new()];
    };
    let r = &p.request;
    let mut out = vec![format!("{} {}", r.method, r.url())];
    out.extend(r.masked_headers().iter().map(|(k, v)| format!("{k}: {v}")));
    out.push(String::new());
    out.push(r.curl_line());
    out.push(String::new());
    out
}

/// How many lines the Review screen has: the issues summary and the issues, a blank line, the
/// request (`head_lines`) and the body, in that order.
pub fn total_lines(s: &AppState) -> usize {
    2 + s.form.issues.len() + head_lines(s).len() + s.review.body_lines.len()
}

/// The rows the Review body shows at the current terminal size.
pub fn page_rows(s: &AppState) -> usize {
    usize::from(layout::areas(s.size.0, s.size.1).body.height).max(1)
}

/// Where the Review screen may scroll to: never past the point where its last line is at the bottom.
pub fn max_scroll(s: &AppState) -> usize {
    total_lines(s).saturating_sub(page_rows(s))
}

/// Moves the Review offset by `delta` lines, clamped to what there is to show.
pub fn scroll_by(s: &mut AppState, delta: isize) {
    let to = s
        .review
        .scroll
        .min(max_scroll(s))
        .saturating_add_signed(delta);
    s.review.scroll = to.min(max_scroll(s));
}

#[cfg(test)]
#[path = "review_pager_tests.rs"]
mod review_pager_tests;

/// The Review screen's pager keys; `None`: not one of them.
pub fn act(
    s: &mut AppState,
    a: crate::tui::action::Action,
) -> Option<Vec<crate::tui::msg::Effect>> {
    use crate::tui::action::Action;
    let page = page_rows(s) as isize;
    let delta = match a {
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        _ => return None,
    };
    scroll_by(s, delta);
    Some(Vec::new())
}
