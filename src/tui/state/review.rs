//! The Review screen: the app layer's `Plan` for the current task and profile, i.e. the exact
//! request Ctrl-S sends (method, URL, every header as sent with secrets masked, the curl line, the
//! body) and every issue. Built when the screen is shown or the task changes while it is shown,
//! never per keystroke elsewhere. Pure: the plan's time is the state's clock.

use super::AppState;
use crate::app::Plan;
use crate::task::taskfile;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewState {
    /// `None` until the profile's context is ready (or when it cannot be).
    pub plan: Option<Plan>,
    /// The pretty body, one entry per line (the view highlights only the visible ones).
    pub body_lines: Vec<String>,
    pub scroll: usize,
}

/// The plan for the current task, as Ctrl-S would send it; `None` until the profile is ready.
pub fn plan(s: &AppState) -> Option<Plan> {
    let ctx = s.context.as_ref()?;
    // An AK/SK signature is made again at send time; until the clock arrives the plan signs at 0.
    let now = s.now.map(|t| t.to_utc()).unwrap_or_default();
    Some(Plan::new(ctx, s.task.clone(), now))
}

pub fn refresh(s: &mut AppState) {
    let plan = plan(s);
    let body = plan.as_ref().map_or_else(
        || taskfile::to_body(&s.task),
        |p| taskfile::to_body(&p.task),
    );
    s.review.body_lines = body.lines().map(String::from).collect();
    s.review.plan = plan;
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
