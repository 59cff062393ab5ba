//! The Review screen: the exact request that Ctrl-S would send (method, URL, headers with the token
//! masked, pretty body), an equivalent curl line and every warning. Built when the screen is shown or
//! the task changes while it is shown, never per keystroke elsewhere. Pure.

use super::AppState;
use crate::task::taskfile;
use crate::tui::msg::{Request, Secret};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewState {
    pub request: Option<Request>,
    /// The pretty body, one entry per line (the view highlights only the visible ones).
    pub body_lines: Vec<String>,
    pub scroll: usize,
}

/// The create request for the current task and target.
pub fn build_request(s: &AppState) -> Request {
    let t = &s.target;
    let endpoint = t.endpoint.trim_end_matches('/');
    let mut headers = vec![
        (
            "Content-Type".to_string(),
            "application/json;charset=UTF-8".to_string(),
        ),
        ("workspace".to_string(), t.workspace.clone()),
    ];
    if !t.project_id.is_empty() {
        headers.push(("X-Project-Id".to_string(), t.project_id.clone()));
    }
    Request {
        method: "POST",
        url: format!("{endpoint}/v3/{}/metadata/tasks/create", t.project_id),
        endpoint: endpoint.to_string(),
        project_id: t.project_id.clone(),
        workspace: t.workspace.clone(),
        profile: (!t.sandbox).then(|| t.profile.clone()),
        headers,
        token: Secret(t.token.0.clone()),
        body: taskfile::to_body(&s.task),
    }
}

pub fn refresh(s: &mut AppState) {
    let request = build_request(s);
    s.review.body_lines = request.body.lines().map(String::from).collect();
    s.review.request = Some(request);
}

/// The lines above the body on the Review screen, so scrolling and the view agree.
pub fn head_lines(s: &AppState) -> Vec<String> {
    let Some(r) = &s.review.request else {
        return Vec::new();
    };
    let mut out = vec![format!("{} {}", r.method, r.url)];
    out.extend(r.shown_headers().iter().map(|(k, v)| format!("{k}: {v}")));
    out.push(String::new());
    out.push(r.curl());
    out.push(String::new());
    out
}
